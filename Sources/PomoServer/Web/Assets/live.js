// Live updates: the server's event stream (`GET /api/v1/events`), with polling only while the
// stream cannot connect, and a visible line saying so.
import { h } from './dom.js';

const SESSION_KINDS = ['planned', 'started', 'completed', 'cancelled', 'expired', 'updated'].map((k) => `session.${k}`);

/// Follows the stream: `onSession()` after any change of the caller's sessions, `onPresence(data)`
/// with `{count, team}` when someone starts or stops. While the stream is down, `poll()` runs
/// every `interval` ms instead. Returns the status element to place on the page.
export function follow({ onSession, onPresence, poll, interval }) {
  const status = h('p', { class: 'muted live-status', role: 'status', hidden: true });
  let timer = null;
  const startPolling = () => {
    status.hidden = false;
    status.textContent = 'Live updates are reconnecting; checking every few seconds meanwhile.';
    if (!timer) timer = setInterval(() => poll().catch(() => {}), interval);
  };
  const stopPolling = () => {
    status.hidden = true;
    clearInterval(timer);
    timer = null;
  };
  if (!('EventSource' in window)) {
    startPolling();
    return status;
  }
  const source = new EventSource('/api/v1/events');
  source.addEventListener('open', () => {
    stopPolling();
    // What changed while the stream was down.
    poll().catch(() => {});
  });
  source.addEventListener('error', startPolling);
  if (onSession) for (const kind of SESSION_KINDS) source.addEventListener(kind, () => onSession());
  if (onPresence) {
    source.addEventListener('presence', (event) => {
      try { onPresence(JSON.parse(event.data)); } catch { /* a malformed event changes nothing */ }
    });
  }
  window.addEventListener('pagehide', () => source.close());
  return status;
}
