// Page: settings. Preferences, API keys, the calendar feed and team project webhooks.

import { ApiError, api } from './api.js';
import { add, failed, field, h, main, onSubmit, put, select, timezoneControl, toast } from './dom.js';
import { rules } from './rules.js';
import { applyTheme } from './theme.js';
import { dateTimeOf, setZone } from './time.js';

export async function settingsPage(me) {
  document.title = 'Settings · Pomo';
  const p = me.preferences;
  const number = (name) => {
    const { min, max } = rules.preferences[name];
    return h('input', { name, type: 'number', min, max, required: true, value: p[name] });
  };
  const range = (name) => `${rules.preferences[name].min}–${rules.preferences[name].max}`;
  const checkbox = (name) => h('input', { name, type: 'checkbox', checked: !!p[name] });
  const prefs = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'prefs-title' },
    h('h2', { id: 'prefs-title' }, 'Preferences'),
    h('div', { class: 'cols' },
      field('Daily goal (sessions)', number('daily_goal'), range('daily_goal')),
      field('Focus length (minutes)', number('default_duration'), range('default_duration')),
      field('Short break (minutes)', number('short_break_duration'), range('short_break_duration')),
      field('Long break (minutes)', number('long_break_duration'), range('long_break_duration')),
      field('Sound at the end', select('notification_sound', [['chime', 'Chime'], ['bell', 'Bell'], ['soft', 'Soft'], ['none', 'None']], p.notification_sound)),
      field('Theme', select('theme_preference', [['auto', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']], p.theme_preference)),
      field('Focus mode', select('focus_mode', [['relaxed', 'Relaxed'], ['normal', 'Normal'], ['strict', 'Strict']], p.focus_mode)),
      field('Timezone', timezoneControl(me.timezone))),
    field('Show me on the leaderboard', checkbox('public_leaderboard')),
    field('Start breaks automatically', checkbox('auto_start_breaks')),
    field('Start the next focus session after a break (this browser)',
      h('input', { name: 'auto_focus', type: 'checkbox', checked: localStorage.getItem('pomo.autoFocus') === 'true' }),
      'Re-plans your last session when a break ends.'),
    field('One-key shortcuts: S, C, X, B, L (this browser)',
      h('input', { name: 'shortcuts', type: 'checkbox', checked: localStorage.getItem('pomo.shortcuts') !== 'off' }),
      'Off, keys type only into fields; screen reader and voice control users may want them off.'),
    h('button', { class: 'primary', type: 'submit' }, 'Save preferences'));
  onSubmit(prefs, async (data) => {
    const body = { timezone: data.get('timezone') };
    for (const name of ['daily_goal', 'default_duration', 'short_break_duration', 'long_break_duration']) {
      const value = Number(data.get(name));
      if (!Number.isInteger(value)) throw new ApiError(400, `${name.replace(/_/g, ' ')} must be a whole number`, name);
      body[name] = value;
    }
    for (const name of ['notification_sound', 'theme_preference', 'focus_mode']) body[name] = data.get(name);
    for (const name of ['public_leaderboard', 'auto_start_breaks']) body[name] = data.get(name) === 'on';
    await api('PUT', '/api/user/preferences', body);
    localStorage.setItem('pomo.autoFocus', String(data.get('auto_focus') === 'on'));
    localStorage.setItem('pomo.shortcuts', data.get('shortcuts') === 'on' ? 'on' : 'off');
    applyTheme(body.theme_preference);
    setZone(body.timezone);
    toast('Preferences saved.');
  });

  const keys = h('section', { class: 'panel', 'aria-labelledby': 'keys-title' });
  async function loadKeys(created) {
    const list = (await api('GET', '/api/v1/auth/api-keys')).data;
    const form = h('form', { class: 'row', 'aria-label': 'New API key' },
      h('input', { name: 'name', 'aria-label': 'Key name', placeholder: 'Key name, e.g. laptop CLI', required: true, maxlength: rules.apiKeyName.maxLength, class: 'w18' }),
      h('button', { class: 'primary', type: 'submit' }, 'Create key'));
    onSubmit(form, async (data) => {
      const key = (await api('POST', '/api/v1/auth/api-keys', { name: data.get('name').trim() || 'API key' })).data;
      await loadKeys(key);
    });
    let shown = null;
    if (created) {
      const secret = h('input', { id: 'new-key', class: 'secret', readonly: true, value: created.token });
      shown = h('div', { class: 'panel', role: 'alert' },
        h('p', {}, h('strong', {}, 'Copy this key now: it is shown only once.')),
        h('div', { class: 'row' }, h('label', { for: 'new-key', class: 'hint' }, `Key "${created.name}"`), secret,
          h('button', { type: 'button', onclick: async () => {
            secret.select();
            try { await navigator.clipboard.writeText(created.token); } catch { document.execCommand('copy'); }
            toast('Key copied.');
          } }, 'Copy')));
    }
    put(keys, h('h2', { id: 'keys-title' }, 'API keys'),
      h('p', { class: 'hint' }, 'For the pomo CLI, scripts and other apps: send it as "Authorization: ApiKey <key>".'),
      shown, form,
      list.length ? h('ul', { class: 'plain' }, list.map((k) => h('li', { class: 'row spread' },
        h('span', {}, h('strong', {}, k.name), h('span', { class: 'muted secret' }, ` ${k.prefix}…`), h('span', { class: 'muted' }, ` · created ${dateTimeOf(k.created_at)}`)),
        h('button', { class: 'small danger', type: 'button', 'aria-label': `Revoke ${k.name}`, onclick: async (e) => {
          const button = e.currentTarget;
          if (button.dataset.armed !== 'yes') {
            button.dataset.armed = 'yes';
            button.textContent = 'Confirm revoke';
            return;
          }
          await api('DELETE', `/api/v1/auth/api-keys/${k.id}`).then(() => loadKeys(), (err) => toast(err.message));
        } }, 'Revoke'))))
        : h('p', { class: 'muted' }, 'No API keys.'));
  }

  // The calendar feed: its URL is shown once, when it is made (the server keeps only a digest).
  const calendar = h('section', { class: 'panel', 'aria-labelledby': 'calendar-title' });
  async function loadCalendar(created) {
    const status = (await api('GET', '/api/v1/calendar')).data;
    let shown = null;
    if (created) {
      const url = h('input', { id: 'calendar-url', class: 'secret', readonly: true, value: created.url });
      shown = h('div', { class: 'panel', role: 'alert' },
        h('p', {}, h('strong', {}, 'Copy this URL now: it is shown only once.'), ' Subscribe to it in your calendar app.'),
        h('div', { class: 'row' }, h('label', { for: 'calendar-url', class: 'hint' }, 'Calendar URL'), url,
          h('button', { type: 'button', onclick: async () => {
            url.select();
            try { await navigator.clipboard.writeText(created.url); } catch { document.execCommand('copy'); }
            toast('Calendar URL copied.');
          } }, 'Copy')));
    }
    const make = h('button', { type: 'button', id: 'calendar-create', onclick: async () => {
      const made = (await api('POST', '/api/v1/calendar')).data;
      await loadCalendar(made);
    } }, status.exists ? 'Rotate URL' : 'Create calendar URL');
    const revoke = status.exists ? h('button', { type: 'button', class: 'danger', id: 'calendar-revoke', onclick: async () => {
      await api('DELETE', '/api/v1/calendar').then(() => loadCalendar(), (err) => toast(err.message));
    } }, 'Revoke') : null;
    put(calendar, h('h2', { id: 'calendar-title' }, 'Calendar feed'),
      h('p', { class: 'hint' }, 'Your focus sessions and time entries of the last 90 days and the next day, as a calendar your calendar app subscribes to. Rotating makes a new URL and stops the old one.'),
      shown,
      h('p', { class: 'muted', id: 'calendar-status' }, status.exists ? `A calendar URL exists since ${dateTimeOf(status.created_at)}.` : 'No calendar URL.'),
      h('p', { class: 'actions' }, make, ' ', revoke));
  }

  const hooks = h('section', { class: 'panel', 'aria-labelledby': 'hooks-title' }, h('h2', { id: 'hooks-title' }, 'Team notifications'));
  async function loadHooks() {
    const projects = (await api('GET', '/api/team-projects')).projects;
    const managed = [];
    for (const project of projects) {
      try {
        managed.push({ project, url: (await api('GET', `/api/team-projects/${project.id}/webhook`)).webhook_url });
      } catch { /* not a team admin of this project */ }
    }
    if (!managed.length) {
      add(hooks, h('p', { class: 'muted' }, 'Team admins set here where a team project\'s session notifications go.'));
      return;
    }
    add(hooks, h('p', { class: 'hint' }, 'A Slack-compatible incoming-webhook URL; leave empty for none.'),
      managed.map(({ project, url }) => {
        const form = h('form', { class: 'row', novalidate: true },
          h('div', { class: 'grow' }, field(`${project.team_name} · ${project.name}`, h('input', { name: 'webhook_url', type: 'url', value: url || '', placeholder: 'https://hooks.example.com/…' }))),
          h('button', { type: 'submit' }, 'Save'));
        onSubmit(form, async (data) => {
          await api('PUT', `/api/team-projects/${project.id}/webhook`, { webhook_url: data.get('webhook_url').trim() || null });
          toast('Webhook saved.');
        });
        return form;
      }));
  }

  put(main, h('h1', {}, 'Settings'),
    h('p', { class: 'muted' }, `Signed in as ${me.username} (${me.email}).`), prefs, keys, calendar, hooks);
  await Promise.all([loadKeys().catch((e) => failed(keys, e)), loadCalendar().catch((e) => failed(calendar, e)), loadHooks().catch((e) => add(hooks, h('p', { class: 'form-error' }, e.message)))]);
}
