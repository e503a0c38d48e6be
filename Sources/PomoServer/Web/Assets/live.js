// Live updates: the server's event stream (`GET /api/v1/events`), with polling only while the
// stream cannot connect, and a visible line saying so.
import { h } from './dom.js';
import { rules } from './rules.js';

/// Follows the stream: `onSession()` after any change of the caller's sessions, `onChange(kind)`
/// after a change of any kind that starts with one of `kinds` (`time_entry.`), `onPresence(data)`
/// with `{count, team}` when someone starts or stops. While the stream is down, `poll()` runs
/// every `interval` ms instead, and once each time it opens again (what changed meanwhile).
/// `first()`, when given, draws the page once the stream is open: the stream then carries every
/// change after what the drawing read, so the page is not read twice. It draws without the
/// stream when the stream fails or is not open within 3 s. Returns the status element to place
/// on the page.
export function follow({ onSession, onChange, kinds = [], onPresence, poll, interval, first }) {
  const status = h('p', { class: 'muted live-status', role: 'status', hidden: true });
  let timer = null;
  let drawn = !first;
  // True when this call draws the page (the first time only).
  const draw = () => {
    if (drawn) return false;
    drawn = true;
    first();
    return true;
  };
  if (first) setTimeout(draw, 3000);
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
    draw();
    return status;
  }
  let source = null;
  let leaving = false;
  let retry = 2000;
  const open = () => {
    source = new EventSource('/api/v1/events');
    source.addEventListener('open', () => {
      retry = 2000;
      stopPolling();
      // What changed while the stream was down (or, the first time, all of it).
      if (!draw()) poll().catch(() => {});
    });
    source.addEventListener('error', () => {
      startPolling();
      draw();
      // The browser retries a dropped connection by itself, but not a refusal (429 at the cap of
      // streams, 410 for an event the server no longer keeps, a proxy's 502 while an instance
      // restarts): that stream is closed for good, so a new one follows from now, later.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(() => { if (!leaving) open(); }, retry);
        retry = Math.min(retry * 2, 60000);
      }
    });
    // The server lists its change kinds; an event is delivered to a listener of its exact name.
    const known = rules.changeKinds;
    if (onSession) for (const kind of known.filter((k) => k.startsWith('session.'))) source.addEventListener(kind, () => onSession());
    if (onChange) {
      for (const kind of known.filter((k) => kinds.some((prefix) => k.startsWith(prefix)))) {
        source.addEventListener(kind, () => onChange(kind));
      }
    }
    if (onPresence) {
      source.addEventListener('presence', (event) => {
        try { onPresence(JSON.parse(event.data)); } catch { /* a malformed event changes nothing */ }
      });
    }
  };
  open();
  window.addEventListener('pagehide', () => {
    leaving = true;
    source.close();
  });
  return status;
}
