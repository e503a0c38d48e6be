// Pomo's web app. No framework and no build step: the server sends one HTML shell for every
// page and this script draws the page the path names, from the same JSON API every other
// client uses (the session cookie authenticates it). The server is the truth: the focus page
// reads the running session back on load and every few seconds, so a reload, a second tab or
// a second device shows the same countdown.
'use strict';

(() => {
  const main = document.getElementById('main');
  const page = location.pathname.replace(/^\/+|\/+$/g, '') || 'focus';
  const SOURCE = 'web_app';
  const CATEGORIES = ['Doing', 'Deciding', 'Defining', 'Programming', 'Writing', 'Learning', 'Design', 'Research', 'Meeting', 'Admin'];
  const CANCEL_REASONS = [
    ['interruption', 'Interrupted'], ['distraction', 'Distracted'], ['emergency', 'Emergency'],
    ['technical', 'Technical problem'], ['completed_early', 'Done early'], ['user_cancelled', 'Changed my mind'], ['other', 'Other'],
  ];
  let zone = 'UTC';
  let clockOffset = 0; // the server's clock minus ours, when they differ by more than the Date header's resolution

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, message, field) {
      super(message);
      this.status = status;
      this.field = field;
    }
  }

  /// `path` if it leads to a page of this origin (as the browser resolves it: "/\\x" is "//x",
  /// another host), else null: a login link cannot send anyone elsewhere.
  function sameSitePath(path) {
    if (!path || !path.startsWith('/')) return null;
    try {
      const url = new URL(path, location.origin);
      return url.origin === location.origin ? url.pathname + url.search + url.hash : null;
    } catch {
      return null;
    }
  }

  /// One JSON call; any error becomes an ApiError with the message of whichever dialect answered.
  async function api(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch {
      throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.');
    }
    const date = Date.parse(res.headers.get('Date') || '');
    if (!Number.isNaN(date)) clockOffset = Math.abs(date - Date.now()) > 2000 ? date - Date.now() : 0;
    const text = res.status === 204 ? '' : await res.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!res.ok) {
      const [message, field] = errorOf(data, res.status);
      throw new ApiError(res.status, message, field);
    }
    return data;
  }

  /// The message and field of an error body in any of the three dialects' shapes.
  function errorOf(d, status) {
    if (d && typeof d === 'object') {
      if (typeof d.message === 'string' && d.message) return [d.message, d.context && d.context.field];
      if (typeof d.error === 'string') {
        const missing = Array.isArray(d.missing) && d.missing.length ? `: ${d.missing.join(', ')}` : '';
        return [d.error + missing, d.field || (Array.isArray(d.missing) ? d.missing[0] : undefined)];
      }
      if (typeof d.errors === 'string') return [d.errors];
      if (Array.isArray(d.errors)) return [d.errors.join('; ')];
      if (d.errors && typeof d.errors === 'object') {
        const key = Object.keys(d.errors)[0];
        return [`${key.replace(/_/g, ' ')} ${[].concat(d.errors[key]).join(', ')}`, key];
      }
      if (typeof d.info === 'string') return [d.info];
    }
    if (status === 402) return ['This needs an active subscription; ask the server admin.'];
    return [`The server answered ${status}.`];
  }

  const tm = (path) => `/timemagic/api/${path}`;

  // ---------------------------------------------------------------- DOM helpers

  let nextId = 0;
  const uid = (prefix) => `${prefix}-${++nextId}`;

  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value == null || value === false) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'class') el.className = value;
      else if (typeof value === 'boolean') el.setAttribute(key, '');
      else if (key === 'value' && 'value' in el) el.value = value;
      else el.setAttribute(key, value);
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      el.append(kid.nodeType ? kid : String(kid));
    }
    return el;
  }

  /// Appends children, skipping null and false and flattening arrays (the DOM's own append
  /// would print them).
  function add(el, ...kids) {
    el.append(...kids.flat(Infinity).filter((kid) => kid != null && kid !== false));
    return el;
  }

  function put(el, ...kids) {
    el.replaceChildren();
    return add(el, ...kids);
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, ...kids) {
    const el = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) if (value != null) el.setAttribute(key, value);
    for (const kid of kids.flat(Infinity)) if (kid != null) el.append(kid.nodeType ? kid : String(kid));
    return el;
  }

  /// A labelled control with a place for its own error message.
  function field(label, control, hint) {
    control.id = control.id || uid('f');
    const error = h('p', { class: 'field-error', id: `${control.id}-error`, 'aria-live': 'polite' });
    const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
    control.setAttribute('aria-describedby', [hintEl && hintEl.id, error.id].filter(Boolean).join(' '));
    const inline = control.type === 'checkbox';
    return h('div', { class: inline ? 'field inline' : 'field' },
      inline ? [control, h('label', { for: control.id }, label)] : [h('label', { for: control.id }, label), control],
      hintEl, error);
  }

  function select(name, options, value) {
    return h('select', { name }, options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(value) }, label)));
  }

  /// Shows an API error on the form: beside the field it names, else at the top of the form.
  function showError(form, error) {
    clearErrors(form);
    const control = error.field && form.querySelector(`[name="${CSS.escape(error.field)}"]`);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      const slot = document.getElementById(`${control.id}-error`);
      if (slot) slot.textContent = error.message;
      control.focus();
    }
    let slot = form.querySelector(':scope > .form-error');
    if (!slot) {
      slot = h('p', { class: 'form-error', role: 'alert' });
      form.prepend(slot);
    }
    slot.textContent = control ? '' : error.message;
    if (!control) slot.focus?.();
  }

  function clearErrors(form) {
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    form.querySelectorAll('.field-error, .form-error').forEach((el) => { el.textContent = ''; });
  }

  /// Runs a form's action with its submit button disabled; errors land on the form.
  function onSubmit(form, action) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const buttons = form.querySelectorAll('button');
      buttons.forEach((b) => { b.disabled = true; });
      try {
        clearErrors(form);
        await action(new FormData(form));
      } catch (error) {
        if (!(error instanceof ApiError)) console.error(error);
        showError(form, error instanceof ApiError ? error : new ApiError(0, String(error.message || error)));
      } finally {
        buttons.forEach((b) => { b.disabled = false; });
      }
    });
    return form;
  }

  let toastTimer = null;
  function toast(message) {
    const el = document.getElementById('toast');
    el.textContent = message;
    el.classList.add('show');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => el.classList.remove('show'), 4000);
  }

  function failed(container, error) {
    put(container, h('p', { class: 'form-error', role: 'alert' }, error.message || String(error)));
  }

  // ---------------------------------------------------------------- time

  const serverNow = () => Date.now() + clockOffset;
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const round1 = (x) => Math.round(x * 10) / 10;

  function fmt(options) { return new Intl.DateTimeFormat(undefined, { timeZone: zone, ...options }); }
  const timeOf = (value) => fmt({ hour: '2-digit', minute: '2-digit' }).format(new Date(value));
  const dateTimeOf = (value) => fmt({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));

  /// `YYYY-MM-DD` of an instant in the user's timezone.
  function localDate(ms) {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(ms));
    const get = (type) => parts.find((p) => p.type === type).value;
    return `${get('year')}-${get('month')}-${get('day')}`;
  }

  /// Minutes since local midnight of an instant in the user's timezone.
  function minuteOfDay(ms) {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms));
    const get = (type) => Number(parts.find((p) => p.type === type).value);
    return get('hour') * 60 + get('minute');
  }

  function addDays(day, n) {
    const d = new Date(`${day}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function mmss(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const m = Math.floor(total / 60);
    return `${String(m).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  }

  const plural = (n, one, many) => `${n} ${n === 1 ? one : many || `${one}s`}`;
  const minutesText = (m) => (m >= 60 ? `${Math.floor(m / 60)} h ${Math.round(m % 60)} min` : `${Math.round(m)} min`);

  function uuid4() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ---------------------------------------------------------------- theme, sound, notifications

  function applyTheme(theme) {
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
    else delete document.documentElement.dataset.theme;
    try { localStorage.setItem('pomo.theme', theme || 'auto'); } catch { /* private mode */ }
  }

  // Browsers let a page play sound only after a click or key press on it: make the audio
  // context at the first one, so the chime at the end of a session can play.
  let audio = null;
  const unlockAudio = () => {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === 'suspended') audio.resume();
    } catch { /* no audio here */ }
  };
  document.addEventListener('pointerdown', unlockAudio);
  document.addEventListener('keydown', unlockAudio);

  function chime(kind) {
    if (kind === 'none' || !audio || audio.state !== 'running') return;
    try {
      const ctx = audio;
      const notes = { chime: [880, 1320], bell: [660, 990, 660], soft: [440, 550] }[kind] || [880, 1320];
      notes.forEach((freq, i) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        const at = ctx.currentTime + i * 0.25;
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(kind === 'soft' ? 0.08 : 0.2, at);
        gain.gain.exponentialRampToValueAtTime(0.001, at + 0.6);
        osc.connect(gain).connect(ctx.destination);
        osc.start(at);
        osc.stop(at + 0.6);
      });
    } catch { /* no audio here */ }
  }

  function notify(title, body, sound) {
    chime(sound);
    if ('Notification' in window && Notification.permission === 'granted') {
      try { new Notification(title, { body, icon: '/assets/icon.svg' }); } catch { /* not allowed in this context */ }
    }
  }

  function askNotificationPermission() {
    if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().catch(() => {});
  }

  // ---------------------------------------------------------------- keyboard shortcuts

  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.metaKey || event.ctrlKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable]')) return;
    const key = event.key.toLowerCase();
    const button = [...document.querySelectorAll(`[data-shortcut="${CSS.escape(key)}"]`)].find((b) => b.offsetParent !== null && !b.disabled);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // ---------------------------------------------------------------- pages: sign up, log in

  const pages = {};

  pages.login = async () => {
    document.title = 'Log in · Pomo';
    const form = h('form', { class: 'panel', novalidate: true },
      field('Username or email', h('input', { name: 'identifier', autocomplete: 'username', required: true })),
      field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
      h('button', { class: 'primary', type: 'submit' }, 'Log in'));
    onSubmit(form, async (data) => {
      await api('POST', '/api/auth/session', { login: data.get('identifier').trim(), password: data.get('password') });
      const next = new URLSearchParams(location.search).get('next');
      location.assign(sameSitePath(next) ?? '/focus');
    });
    put(main, h('div', { class: 'narrow' }, h('h1', {}, 'Log in to Pomo'), form,
      h('p', {}, 'New here? ', h('a', { href: '/signup' }, 'Create an account'))));
    form.querySelector('input').focus();
  };

  pages.signup = async () => {
    document.title = 'Sign up · Pomo';
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const form = h('form', { class: 'panel', novalidate: true },
      field('Username', h('input', { name: 'username', autocomplete: 'username', required: true, minlength: 3, maxlength: 50 }),
        'Letters, digits, "_" or "-".'),
      field('Email', h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true })),
      field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 8 }),
        'At least 8 characters.'),
      field('Timezone', timezoneControl(browserZone)),
      h('button', { class: 'primary', type: 'submit' }, 'Create account'));
    onSubmit(form, async (data) => {
      const username = data.get('username').trim();
      await api('POST', '/api/auth/register', {
        username, email: data.get('email').trim(), password: data.get('password'), timezone: data.get('timezone'),
      });
      await api('POST', '/api/auth/session', { login: username, password: data.get('password') });
      location.assign('/focus');
    });
    put(main, h('div', { class: 'narrow' }, h('h1', {}, 'Create your Pomo account'), form,
      h('p', {}, 'Have an account? ', h('a', { href: '/login' }, 'Log in'))));
    form.querySelector('input').focus();
  };

  function timezoneControl(value) {
    const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [];
    if (!zones.includes('UTC')) zones.unshift('UTC');
    if (!zones.includes(value)) zones.unshift(value);
    return select('timezone', zones.map((z) => [z, z]), value);
  }

  // ---------------------------------------------------------------- page: focus

  pages.focus = async (me) => {
    document.title = 'Focus · Pomo';
    const prefs = me.preferences;
    const view = h('div', {});
    const result = h('div', { 'aria-live': 'polite' });
    put(main, h('h1', {}, 'Focus'), result, view,
      h('p', { class: 'hint' }, 'Shortcuts: ', h('kbd', {}, 'S'), ' start · ', h('kbd', {}, 'C'), ' complete · ',
        h('kbd', {}, 'X'), ' cancel · ', h('kbd', {}, 'B'), ' short break · ', h('kbd', {}, 'L'), ' long break'));
    let shown = null; // what the view shows: "none", or the session id and phase
    let ticker = null;

    const stopTicker = () => { clearInterval(ticker); ticker = null; };

    async function refresh(force) {
      const active = (await api('GET', '/api/v1/pomodoro')).data;
      let key = active ? `${active.id}` : 'none';
      if (active && localStorage.getItem(`pomo.finished.${active.session_uuid}`)) key += ':finished';
      if (!force && key === shown) return;
      shown = key;
      stopTicker();
      if (!active) return showPlan();
      if (active.session_type !== 'work') return showBreak(active);
      let plan = null;
      if (active.session_uuid) {
        try { plan = (await api('GET', `/api/get_presession/${active.session_uuid}`)).presession; } catch { plan = null; }
      }
      return showWork(active, plan);
    }

    async function startBreak(kind) {
      const minutes = kind === 'long_break' ? prefs.long_break_duration : prefs.short_break_duration;
      await api('POST', '/api/v1/pomodoro', { session_type: kind, duration_minutes: minutes });
      await refresh(true);
    }

    function nextBreakKind() {
      const done = Number(localStorage.getItem('pomo.cycle') || 0);
      return done > 0 && done % 4 === 0 ? 'long_break' : 'short_break';
    }

    async function showPlan() {
      document.title = 'Focus · Pomo';
      let projects = [];
      try { projects = (await api('GET', '/api/projects?include_inactive=false')).projects || []; } catch { projects = []; }
      const last = JSON.parse(localStorage.getItem('pomo.lastPlan') || '{}');
      const personal = projects.filter((p) => p.type === 'personal').map((p) => [p.name, p.name]);
      if (!personal.some(([v]) => v === 'General')) personal.unshift(['General', 'General']);
      const team = projects.filter((p) => p.type === 'team').map((p) => [p.id, `${p.team_name || 'Team'} · ${p.name}`]);
      const projectSelect = h('select', { name: 'project' },
        h('optgroup', { label: 'Personal' }, personal.map(([v, l]) => h('option', { value: v, selected: v === last.project }, l))),
        team.length ? h('optgroup', { label: 'Team' }, team.map(([v, l]) => h('option', { value: v, selected: v === last.project }, l))) : null,
        h('option', { value: '__new' }, 'New project…'));
      const newProject = h('input', { name: 'new_project', maxlength: 100, placeholder: 'Project name' });
      const newProjectField = field('New project name', newProject);
      newProjectField.hidden = true;
      projectSelect.addEventListener('change', () => { newProjectField.hidden = projectSelect.value !== '__new'; });
      const categories = h('datalist', { id: 'categories' }, CATEGORIES.map((c) => h('option', { value: c })));
      const form = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'plan-title' },
        h('h2', { id: 'plan-title' }, 'Plan a focus session'),
        h('div', { class: 'cols' },
          field('Category', h('input', { name: 'category', list: 'categories', required: true, maxlength: 50, value: last.category || 'Doing' })),
          h('div', {}, field('Project', projectSelect), newProjectField),
          field('Duration (minutes)', h('input', { name: 'planned_duration', type: 'number', min: 1, max: 240, required: true, value: last.duration || prefs.default_duration })),
          field('Energy (1–10)', select('energy_level', [['', 'Not set'], ...Array.from({ length: 10 }, (_, i) => [i + 1, i + 1])], last.energy || ''))),
        field('What will you do?', h('textarea', { name: 'planning_notes', maxlength: 1000 }), 'The plan is locked once the session starts.'),
        categories,
        h('div', { class: 'row' },
          h('button', { class: 'primary', type: 'submit', 'data-shortcut': 's', 'aria-keyshortcuts': 'S' }, 'Start focus'),
          h('button', { type: 'button', 'data-shortcut': 'b', 'aria-keyshortcuts': 'B', onclick: () => startBreak('short_break').catch((e) => toast(e.message)) },
            `Short break (${prefs.short_break_duration} min)`),
          h('button', { type: 'button', 'data-shortcut': 'l', 'aria-keyshortcuts': 'L', onclick: () => startBreak('long_break').catch((e) => toast(e.message)) },
            `Long break (${prefs.long_break_duration} min)`)));
      onSubmit(form, async (data) => {
        askNotificationPermission();
        const project = data.get('project') === '__new' ? data.get('new_project').trim() : data.get('project');
        if (!project) throw new ApiError(400, 'Name the new project', 'new_project');
        const plan = {
          session_id: uuid4(), planned_duration: Number(data.get('planned_duration')), category: data.get('category').trim(),
          project, planning_notes: data.get('planning_notes').trim() || null,
          energy_level: data.get('energy_level') ? Number(data.get('energy_level')) : null, source: SOURCE,
        };
        await api('POST', '/api/session/start', plan);
        localStorage.setItem('pomo.lastPlan', JSON.stringify({
          category: plan.category, project, duration: plan.planned_duration, energy: plan.energy_level, note: plan.planning_notes,
        }));
        put(result);
        await refresh(true);
      });
      put(view, form);
    }

    function countdown(container, { label, start, end, onEnd }) {
      const clock = h('div', { class: 'clock', role: 'timer', 'aria-label': `${label}: time left` }, mmss(end - serverNow()));
      const bar = h('progress', { max: Math.max(1, end - start), value: 0, 'aria-label': `${label} progress` });
      add(container, h('div', { class: 'timer' }, h('div', { class: 'phase' }, label), clock, bar));
      const tick = () => {
        const left = end - serverNow();
        clock.textContent = mmss(left);
        bar.value = Math.min(end - start, Math.max(0, serverNow() - start));
        document.title = `${mmss(left)} · ${label} · Pomo`;
        if (left <= 0) {
          stopTicker();
          onEnd();
        }
      };
      tick();
      if (end - serverNow() > 0) ticker = setInterval(tick, 250);
    }

    function planFacts(active, plan) {
      return h('dl', { class: 'facts' },
        h('dt', {}, 'Category'), h('dd', {}, plan ? plan.category : '—'),
        h('dt', {}, 'Project'), h('dd', {}, plan && plan.project ? plan.project.name : 'General'),
        h('dt', {}, 'Planned'), h('dd', {}, `${round1(active.duration_minutes)} min`),
        h('dt', {}, 'Started'), h('dd', {}, timeOf(active.started_at)),
        h('dt', {}, 'Plan'), h('dd', {}, (plan && plan.planning_note) || '—'));
    }

    function showWork(active, plan) {
      const start = Date.parse(active.started_at);
      const end = Date.parse(active.scheduled_end_at);
      const finishedKey = `pomo.finished.${active.session_uuid}`;
      const finishedAt = Number(localStorage.getItem(finishedKey)) || null;
      if (!plan) return showUnplanned(active, start, end);
      if (finishedAt || serverNow() >= end) return showReview(active, plan, Math.min(finishedAt || end, end));
      const panel = h('section', { class: 'panel', 'aria-label': 'Focus session' });
      countdown(panel, {
        label: 'Focus', start, end,
        onEnd: () => {
          notify('Focus session complete', 'Write what you did and submit it.', prefs.notification_sound);
          showReview(active, plan, end);
        },
      });
      const cancel = cancelForm(active, plan);
      cancel.hidden = true;
      add(panel, planFacts(active, plan), h('div', { class: 'row mt' },
        h('button', {
          class: 'primary', type: 'button', 'data-shortcut': 'c', 'aria-keyshortcuts': 'C',
          onclick: () => {
            if (serverNow() - start < 60000) {
              toast('A session shorter than a minute cannot be logged; cancel it instead.');
              return;
            }
            localStorage.setItem(finishedKey, String(serverNow()));
            shown = `${active.id}:finished`;
            stopTicker();
            showReview(active, plan, serverNow());
          },
        }, 'Complete now'),
        h('button', { type: 'button', 'data-shortcut': 'x', 'aria-keyshortcuts': 'X', 'aria-expanded': 'false', onclick: (e) => {
          cancel.hidden = !cancel.hidden;
          e.currentTarget.setAttribute('aria-expanded', String(!cancel.hidden));
          if (!cancel.hidden) cancel.querySelector('select').focus();
        } }, 'Cancel…')), cancel);
      put(view, panel);
    }

    function cancelForm(active, plan) {
      const form = h('form', { class: 'panel mt', 'aria-label': 'Cancel the session' },
        h('p', { class: 'hint' }, 'Cancelling is final: the session is recorded as cancelled with a partial score.'),
        field('Reason', select('reason', CANCEL_REASONS, 'interruption')),
        field('Note (optional)', h('input', { name: 'cancel_reason_note', maxlength: 500 })),
        h('button', { class: 'danger', type: 'submit' }, 'Cancel session'));
      onSubmit(form, async (data) => {
        const elapsed = Math.max(0, (Math.min(serverNow(), Date.parse(active.scheduled_end_at)) - Date.parse(active.started_at)) / 60000);
        const answer = await api('POST', '/api/session/cancel', {
          session_id: active.session_uuid, planned_duration: plan.planned_duration, elapsed_minutes: round1(elapsed),
          reason: data.get('reason'), cancel_reason_note: data.get('cancel_reason_note').trim() || null, source: SOURCE,
        });
        localStorage.removeItem(`pomo.finished.${active.session_uuid}`);
        toast(`Session cancelled (partial score ${answer.cancellation.partial_pof_score}).`);
        await refresh(true);
      });
      return form;
    }

    /// The locked post-session form: the plan and times are read-only; only the note is editable.
    function showReview(active, plan, endMs) {
      document.title = 'Submit your session · Pomo';
      const start = Date.parse(active.started_at);
      const minutes = round1((endMs - start) / 60000);
      const ro = (name, value) => h('input', { name, value, readonly: true });
      const form = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'review-title' },
        h('h2', { id: 'review-title' }, 'Session finished: what did you do?'),
        h('fieldset', {}, h('legend', {}, 'Your plan (locked)'),
          h('div', { class: 'cols' },
            field('Category', ro('category', plan.category)),
            field('Project', ro('project', plan.project ? plan.project.name : 'General')),
            field('Focused (minutes)', ro('duration', String(minutes))),
            field('From – to', ro('times', `${timeOf(start)} – ${timeOf(endMs)}`))),
          field('Plan', h('textarea', { name: 'planning_note', readonly: true }, plan.planning_note || ''))),
        field('What you did', h('textarea', { name: 'note', required: true, maxlength: 2000 }), 'The only part you can change now.'),
        h('div', { class: 'row' },
          h('button', { class: 'primary', type: 'submit', 'data-shortcut': 'c', 'aria-keyshortcuts': 'C' }, 'Submit session'),
          h('button', { type: 'button', 'data-shortcut': 'x', 'aria-keyshortcuts': 'X', onclick: () => { cancel.hidden = false; cancel.querySelector('select').focus(); } }, 'Cancel…')));
      const cancel = cancelForm(active, plan);
      cancel.hidden = true;
      form.querySelector('textarea[name="note"]').addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit();
      });
      onSubmit(form, async (data) => {
        const answer = await api('POST', '/api/pomodoro/submit', {
          start_time: active.started_at, end_time: iso(endMs), duration: minutes, category: plan.category,
          project: plan.project ? plan.project.id : 'General', note: data.get('note').trim(), source: SOURCE,
          session_id: active.session_uuid,
        });
        localStorage.removeItem(`pomo.finished.${active.session_uuid}`);
        localStorage.setItem('pomo.cycle', String(Number(localStorage.getItem('pomo.cycle') || 0) + 1));
        await showResult(answer.pomodoro);
        if (prefs.auto_start_breaks) await startBreak(nextBreakKind());
        else await refresh(true);
      });
      put(view, form, cancel);
      form.querySelector('textarea[name="note"]').focus();
    }

    async function showResult(pomodoro) {
      let factors = null;
      try { factors = (await api('GET', `/api/pomodoro/${pomodoro.id}`)).pomodoro.pof_factors; } catch { factors = null; }
      const percent = (x) => `${Math.round(x * 100)}%`;
      put(result, h('section', { class: 'panel', 'aria-labelledby': 'result-title' },
        h('h2', { id: 'result-title' }, 'Session logged'),
        h('div', { class: 'row' }, h('span', { class: 'score' }, String(pomodoro.pof_score)),
          h('span', {}, 'Proof of Focus ', h('span', { class: `badge ${pomodoro.trustworthiness}` }, pomodoro.trustworthiness)),
          h('span', { class: 'stat' }, `+${pomodoro.points}`, h('small', {}, ' points'))),
        factors ? h('dl', { class: 'facts' },
          h('dt', {}, 'Completion'), h('dd', {}, percent(factors.completion)),
          h('dt', {}, 'Matches the plan'), h('dd', {}, percent(factors.planning)),
          h('dt', {}, 'Timing'), h('dd', {}, percent(factors.timing)),
          h('dt', {}, 'Source'), h('dd', {}, percent(factors.source))) : null));
    }

    /// A work session another client started without a Game plan (a TaskWorks timer).
    function showUnplanned(active, start, end) {
      const panel = h('section', { class: 'panel', 'aria-label': 'Focus session' });
      const complete = async () => {
        await api('POST', `/api/v1/pomodoro/${active.id}/complete`);
        await refresh(true);
      };
      countdown(panel, {
        label: 'Focus', start, end,
        onEnd: () => {
          notify('Focus session complete', 'Time for a break.', prefs.notification_sound);
          complete().catch(() => refresh(true));
        },
      });
      add(panel, h('p', { class: 'hint' }, 'Started from another app.'), h('div', { class: 'row' },
        h('button', { class: 'primary', type: 'button', 'data-shortcut': 'c', onclick: () => complete().catch((e) => toast(e.message)) }, 'Complete now'),
        h('button', { type: 'button', 'data-shortcut': 'x', onclick: () => api('DELETE', `/api/v1/pomodoro/${active.id}/cancel`).then(() => refresh(true), (e) => toast(e.message)) }, 'Cancel')));
      put(view, panel);
    }

    function showBreak(active) {
      const start = Date.parse(active.started_at);
      const end = Date.parse(active.scheduled_end_at);
      const label = active.session_type === 'long_break' ? 'Long break' : 'Short break';
      const panel = h('section', { class: 'panel', 'aria-label': label });
      const finish = async () => {
        try { await api('POST', `/api/v1/pomodoro/${active.id}/complete`); } catch { /* another tab ended it */ }
        const last = JSON.parse(localStorage.getItem('pomo.lastPlan') || 'null');
        if (localStorage.getItem('pomo.autoFocus') === 'true' && last) {
          await api('POST', '/api/session/start', {
            session_id: uuid4(), planned_duration: last.duration, category: last.category, project: last.project,
            planning_notes: last.note, energy_level: last.energy, source: SOURCE,
          });
        }
        await refresh(true);
      };
      countdown(panel, {
        label, start, end,
        onEnd: () => {
          notify('Break is over', 'Ready for the next focus session?', prefs.notification_sound);
          finish().catch((e) => toast(e.message));
        },
      });
      add(panel, h('div', { class: 'row' },
        h('button', { class: 'primary', type: 'button', 'data-shortcut': 'c', 'aria-keyshortcuts': 'C', onclick: () => finish().catch((e) => toast(e.message)) }, 'End break'),
        h('button', { type: 'button', 'data-shortcut': 'x', 'aria-keyshortcuts': 'X', onclick: () => api('DELETE', `/api/v1/pomodoro/${active.id}/cancel`).then(() => refresh(true), (e) => toast(e.message)) }, 'Skip break')));
      put(view, panel);
    }

    await refresh(true);
    // Another tab or device may start, submit or cancel: follow the server.
    setInterval(() => refresh(false).catch(() => {}), 4000);
  };

  // ---------------------------------------------------------------- charts (SVG, drawn here)

  function barChart(rows, { title, unit, alt }) {
    const width = 640;
    const height = 180;
    const top = 16;
    const bottom = 28;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const step = width / Math.max(1, rows.length);
    const summary = rows.map((r) => `${r.label}: ${Math.round(r.value)} ${unit}`).join(', ');
    return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${title}. ${summary}` },
      s('title', {}, title),
      s('line', { class: 'axis', x1: 0, x2: width, y1: height - bottom, y2: height - bottom }),
      rows.map((r, i) => {
        const barHeight = ((height - top - bottom) * r.value) / max;
        const x = i * step + step * 0.15;
        return s('g', {},
          s('rect', { class: alt ? 'bar alt' : 'bar', x, y: height - bottom - barHeight, width: step * 0.7, height: barHeight, rx: 3 },
            s('title', {}, `${r.label}: ${Math.round(r.value)} ${unit}`)),
          s('text', { x: x + step * 0.35, y: height - 10, 'text-anchor': 'middle' }, r.label),
          r.value ? s('text', { x: x + step * 0.35, y: height - bottom - barHeight - 4, 'text-anchor': 'middle' }, Math.round(r.value)) : null);
      }));
  }

  function hBarChart(rows, { title, unit, alt }) {
    if (!rows.length) return h('p', { class: 'muted' }, 'Nothing yet this week.');
    const width = 640;
    const rowHeight = 26;
    const labelWidth = 170;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const height = rows.length * rowHeight + 4;
    return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': `${title}. ${rows.map((r) => `${r.label}: ${Math.round(r.value)} ${unit}`).join(', ')}` },
    s('title', {}, title),
    rows.map((r, i) => {
      const w = ((width - labelWidth - 60) * r.value) / max;
      const y = i * rowHeight + 4;
      return s('g', {},
        s('text', { x: 0, y: y + 15 }, r.label.length > 24 ? `${r.label.slice(0, 23)}…` : r.label),
        s('rect', { class: alt ? 'bar alt' : 'bar', x: labelWidth, y, width: Math.max(2, w), height: rowHeight - 8, rx: 3 }),
        s('text', { x: labelWidth + w + 6, y: y + 15 }, `${Math.round(r.value)} ${unit}`));
    }));
  }

  function lineChart(points, { title }) {
    if (points.length < 2) return h('p', { class: 'muted' }, 'The trend appears after two completed sessions.');
    const width = 640;
    const height = 160;
    const pad = 24;
    const x = (i) => pad + ((width - 2 * pad) * i) / (points.length - 1);
    const y = (v) => height - pad - ((height - 2 * pad) * v) / 100;
    const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
    return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': `${title}: ${points.map((p) => p.value).join(', ')}` },
    s('title', {}, title),
    [0, 50, 80, 100].map((v) => [s('line', { class: 'axis', x1: pad, x2: width - pad, y1: y(v), y2: y(v) }),
      s('text', { x: 0, y: y(v) + 4 }, v)]),
    s('path', { class: 'line', d: path }),
    points.map((p, i) => s('circle', { class: 'dot', cx: x(i), cy: y(p.value), r: 3.5 }, s('title', {}, `${p.label}: ${p.value}`))));
  }

  /// Today from 00:00 to 24:00 in the user's timezone: sessions above, time entries below.
  function timeline(sessions, entries) {
    const width = 640;
    const height = 86;
    const x = (minute) => (width * minute) / 1440;
    const span = (startMs, endMs) => {
      const a = minuteOfDay(startMs);
      const b = localDate(endMs) === localDate(startMs) ? minuteOfDay(endMs) : 1440;
      return [x(a), Math.max(2, x(b) - x(a))];
    };
    return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': `Timeline of today: ${sessions.length} sessions and ${entries.length} time entries` },
    s('title', {}, 'Today'),
    [0, 3, 6, 9, 12, 15, 18, 21, 24].map((hour) => [
      s('line', { class: 'axis', x1: x(hour * 60), x2: x(hour * 60), y1: 0, y2: 62 }),
      s('text', { x: Math.min(width - 12, x(hour * 60)), y: 80, 'text-anchor': hour === 0 ? 'start' : 'middle' }, `${hour}h`)]),
    sessions.map((item) => {
      const [sx, sw] = span(item.start, item.end);
      return s('rect', { class: item.type === 'work' ? 'bar' : 'bar alt', x: sx, y: 4, width: sw, height: 24, rx: 2 },
        s('title', {}, item.label));
    }),
    entries.map((item) => {
      const [sx, sw] = span(item.start, item.end);
      return s('rect', { class: 'bar entry', x: sx, y: 34, width: sw, height: 24, rx: 2 }, s('title', {}, item.label));
    }));
  }

  // ---------------------------------------------------------------- page: dashboard

  pages.dashboard = async (me) => {
    document.title = 'Dashboard · Pomo';
    const now = serverNow();
    const today = localDate(now);
    const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    const monday = addDays(today, -weekday);
    const report = (from, by) => api('GET', `/api/v1/reports/summary?from=${from}&to=${today}&by=${by}`).then((r) => r.data);
    const soft = (promise) => promise.catch((error) => ({ error }));
    const [byDay, byProject, byCategory, recent, todays, entries, goals] = await Promise.all([
      report(monday, 'day'), report(monday, 'project'), report(monday, 'category'),
      api('GET', '/api/v1/pomodoro/history?limit=20&session_type=work&status=completed').then((r) => r.data.items),
      api('GET', `/api/v1/pomodoro/history?from=${today}&to=${today}&limit=100`).then((r) => r.data.items),
      soft(api('GET', tm('time_entries'))), soft(api('GET', tm('goals'))),
    ]);
    const todayRow = byDay.rows.find((r) => r.key === today) || { minutes: 0, sessions: 0, points: 0 };
    const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
    const dayLabel = (day) => new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
    const goal = me.preferences.daily_goal;

    const stat = (label, value, small) => h('section', { class: 'panel' }, h('h2', {}, label), h('div', { class: 'stat' }, value, small ? h('small', {}, ` ${small}`) : null));
    const todaysEntries = Array.isArray(entries) ? entries.filter((e) => localDate(Date.parse(e.begin_time)) === today) : [];
    const sessionItems = todays.filter((p) => p.status !== 'cancelled' || p.actual_end_at).map((p) => ({
      start: Date.parse(p.started_at), end: Date.parse(p.actual_end_at || p.scheduled_end_at), type: p.session_type,
      label: `${timeOf(p.started_at)} ${p.session_type.replace('_', ' ')} (${p.status})${p.pof_score != null ? `, POF ${p.pof_score}` : ''}`,
    }));
    const entryItems = todaysEntries.map((e) => ({
      start: Date.parse(e.begin_time), end: e.end_time ? Date.parse(e.end_time) : now,
      label: `${timeOf(e.begin_time)} ${e.comment || e.resource_type || 'time entry'}`,
    }));
    const currentGoals = Array.isArray(goals)
      ? goals.filter((g) => g.begin_date <= today && today < addDays(g.begin_date, g.period === 'week' ? 7 : 31)) : [];

    put(main, 
      h('h1', {}, `Hello, ${me.username}`),
      h('div', { class: 'grid' },
        stat('Today', minutesText(todayRow.minutes), `· ${plural(todayRow.sessions, 'session')}`),
        stat('This week', minutesText(byDay.total.minutes), `· ${plural(byDay.total.sessions, 'session')}`),
        stat('Points', String(me.points.today), `today · ${me.points.this_week} this week`),
        stat('Streak', plural(me.streaks.current, 'day'), `· best ${me.streaks.longest}`)),
      h('div', { class: 'grid mt' },
        h('section', { class: 'panel' }, h('h2', {}, 'Focus minutes this week'),
          barChart(days.map((d) => ({ label: dayLabel(d), value: (byDay.rows.find((r) => r.key === d) || { minutes: 0 }).minutes })),
            { title: 'Focus minutes per day this week', unit: 'min' })),
        h('section', { class: 'panel' }, h('h2', {}, 'Proof of Focus trend'),
          lineChart(recent.slice().reverse().filter((p) => p.pof_score != null).map((p) => ({ label: dateTimeOf(p.started_at), value: p.pof_score })),
            { title: 'Proof-of-Focus score of the last sessions' }))),
      h('div', { class: 'grid mt' },
        h('section', { class: 'panel' }, h('h2', {}, 'By project (this week)'),
          hBarChart(byProject.rows.map((r) => ({ label: r.key, value: r.minutes })), { title: 'Minutes by project', unit: 'min' })),
        h('section', { class: 'panel' }, h('h2', {}, 'By category (this week)'),
          hBarChart(byCategory.rows.map((r) => ({ label: r.key, value: r.minutes })), { title: 'Minutes by category', unit: 'min', alt: true }))),
      h('div', { class: 'grid mt' },
        h('section', { class: 'panel' }, h('h2', {}, 'Goals'),
          h('div', { class: 'field' }, h('label', { for: 'daily-goal' }, `Daily goal: ${todayRow.sessions} of ${plural(goal, 'session')}`),
            h('progress', { id: 'daily-goal', max: goal, value: Math.min(goal, todayRow.sessions) })),
          goals.error ? h('p', { class: 'muted' }, goals.error.message)
            : currentGoals.length ? h('ul', { class: 'plain' }, currentGoals.map((g) => h('li', {}, g.text, h('span', { class: 'muted' }, ` · this ${g.period}`))))
              : h('p', { class: 'muted' }, 'No goals for this week or month. ', h('a', { href: '/workspace#goals' }, 'Add one'))),
        h('section', { class: 'panel' }, h('h2', {}, `Today (${zone})`),
          timeline(sessionItems, entryItems),
          sessionItems.length + entryItems.length
            ? h('ul', { class: 'plain' }, [...sessionItems, ...entryItems].sort((a, b) => a.start - b.start).map((i) => h('li', {}, i.label)))
            : h('p', { class: 'muted' }, 'Nothing logged yet today.'))));
  };

  // ---------------------------------------------------------------- page: team

  pages.team = async (me) => {
    document.title = 'Team · Pomo';
    const presence = h('section', { class: 'panel', 'aria-labelledby': 'presence-title' });
    const teams = h('section', { class: 'panel' }, h('h2', {}, 'Your teams'), h('p', { class: 'muted' }, 'Loading…'));
    const projects = h('section', { class: 'panel' }, h('h2', {}, 'Team projects'));
    const board = h('section', { class: 'panel', 'aria-labelledby': 'board-title' });
    put(main, h('h1', {}, 'Team'), presence, h('div', { class: 'grid' }, teams, projects), board);

    const count = h('span', { class: 'presence-count', id: 'presence-count' }, '–');
    const who = h('ul', { class: 'plain' });
    add(presence, h('h2', { id: 'presence-title' }, 'Focusing right now'),
      h('p', { 'aria-live': 'polite' }, count, ' ', h('span', { id: 'presence-label' }, 'people focusing right now')), who);
    async function updatePresence() {
      const data = (await api('GET', '/api/v1/presence')).data;
      count.textContent = String(data.count);
      document.getElementById('presence-label').textContent = data.count === 1 ? 'person focusing right now' : 'people focusing right now';
      put(who, ...(data.team.length ? data.team.map((m) => h('li', {}, h('strong', {}, m.username), ' ',
        [m.category, m.project].filter(Boolean).join(' · '), m.ends_at ? h('span', { class: 'muted' }, ` until ${timeOf(m.ends_at)}`) : null))
        : [h('li', { class: 'muted' }, 'Nobody on your teams is focusing.')]));
    }
    await updatePresence().catch((e) => failed(who, e));
    setInterval(() => updatePresence().catch(() => {}), 5000);

    try {
      const all = (await api('GET', '/api/teams')).teams;
      const details = await Promise.all(all.map((t) => api('GET', `/api/teams/${encodeURIComponent(t.slug)}`)));
      const mine = details.filter((t) => t.members.some((m) => m.username === me.username));
      put(teams, h('h2', {}, 'Your teams'), mine.length
        ? mine.map((t) => h('div', {}, h('h3', {}, t.name), h('ul', { class: 'plain' },
          t.members.map((m) => h('li', {}, m.username, m.role === 'admin' ? h('span', { class: 'muted' }, ' · admin') : null)))))
        : h('p', { class: 'muted' }, 'You are not in a team yet. A server admin creates teams; a team admin adds members.'));
    } catch (e) { failed(teams, e); }

    try {
      const list = (await api('GET', '/api/team-projects')).projects;
      add(projects, list.length ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Project'), h('th', {}, 'Team'), h('th', { class: 'num' }, 'Your sessions'), h('th', { class: 'num' }, 'Minutes'))),
        h('tbody', {}, list.map((p) => h('tr', {}, h('td', {}, p.name), h('td', {}, p.team_name || ''),
          h('td', { class: 'num' }, p.pomodoro_count), h('td', { class: 'num' }, p.total_duration))))))
        : h('p', { class: 'muted' }, 'No team projects.'));
    } catch (e) { failed(projects, e); }

    const period = select('period', [['daily', 'Today'], ['weekly', 'This week'], ['monthly', 'This month'], ['all_time', 'All time']], 'weekly');
    const metric = select('metric', [['points', 'Points'], ['sessions', 'Sessions'], ['minutes', 'Minutes']], 'points');
    const table = h('div', { class: 'table-wrap', 'aria-live': 'polite' });
    add(board, h('h2', { id: 'board-title' }, 'Leaderboard'),
      h('div', { class: 'cols' }, field('Period', period), field('Ranked by', metric)), table);
    async function loadBoard() {
      const data = await api('GET', `/api/leaderboard?period=${period.value}&metric=${metric.value}&limit=20`);
      const rank = data.user_rank;
      put(table, data.leaderboard.length ? h('table', {},
        h('thead', {}, h('tr', {}, ['Rank', 'Who', 'Points', 'Sessions', 'Minutes', 'Streak'].map((t, i) => h('th', { class: i > 1 ? 'num' : null, scope: 'col' }, t)))),
        h('tbody', {}, data.leaderboard.map((e) => h('tr', { class: e.is_current_user ? 'me' : null },
          h('td', {}, e.rank), h('td', {}, e.username), h('td', { class: 'num' }, e.points), h('td', { class: 'num' }, e.sessions),
          h('td', { class: 'num' }, e.minutes), h('td', { class: 'num' }, e.streak)))))
        : h('p', { class: 'muted' }, 'Nobody has opted in for this period yet.'),
      rank && rank.current_rank ? h('p', {}, `Your rank: ${rank.current_rank} of ${rank.total_participants}.`)
        : h('p', { class: 'muted' }, 'You are not listed. Turn on "Show me on the leaderboard" in ', h('a', { href: '/settings' }, 'Settings'), '.'));
    }
    period.addEventListener('change', () => loadBoard().catch((e) => failed(table, e)));
    metric.addEventListener('change', () => loadBoard().catch((e) => failed(table, e)));
    await loadBoard().catch((e) => failed(table, e));
  };

  // ---------------------------------------------------------------- page: workspace (Time Magic)

  pages.workspace = async () => {
    document.title = 'Workspace · Pomo';
    const sections = {
      projects: h('section', { class: 'panel', id: 'projects', 'aria-labelledby': 'projects-title' }),
      activities: h('section', { class: 'panel', id: 'activities', 'aria-labelledby': 'activities-title' }),
      goals: h('section', { class: 'panel', id: 'goals', 'aria-labelledby': 'goals-title' }),
      entries: h('section', { class: 'panel', id: 'entries', 'aria-labelledby': 'entries-title' }),
    };
    put(main, h('h1', {}, 'Workspace'),
      h('p', { class: 'muted' }, 'Projects, tasks, activities, goals and time entries: the same data the Time Magic API serves.'),
      sections.projects, h('div', { class: 'grid' }, sections.activities, sections.goals), sections.entries);
    let tasksById = {};
    let activities = [];

    /// A name that turns into an input with Save and Cancel.
    function editable(text, save) {
      const span = h('span', {}, text);
      const edit = h('button', { class: 'small', type: 'button', 'aria-label': `Edit ${text}`, onclick: () => {
        const input = h('input', { value: text, 'aria-label': 'New name', maxlength: 200 });
        const form = h('form', { class: 'row' }, input, h('button', { class: 'small primary', type: 'submit' }, 'Save'),
          h('button', { class: 'small', type: 'button', onclick: () => form.replaceWith(wrap) }, 'Cancel'));
        onSubmit(form, async () => { await save(input.value.trim()); await loadAll(); });
        wrap.replaceWith(form);
        input.focus();
      } }, 'Edit');
      const wrap = h('span', { class: 'row' }, span, edit);
      return wrap;
    }

    const del = (label, path) => h('button', { class: 'small danger', type: 'button', 'aria-label': `Delete ${label}`, onclick: async (e) => {
      const button = e.currentTarget;
      if (button.dataset.armed !== 'yes') {
        button.dataset.armed = 'yes';
        button.textContent = 'Confirm delete';
        return;
      }
      await api('DELETE', tm(path)).then(loadAll, (err) => toast(err.message));
    } }, 'Delete');

    async function loadProjects(tracking) {
      const projects = await api('GET', tm('projects'));
      const tracked = new Set(tracking.map((t) => t.uuid));
      const taskLists = await Promise.all(projects.map((p) => api('GET', tm(`projects/${p.uuid}/tasks`))));
      tasksById = {};
      const create = h('form', { class: 'row', 'aria-label': 'New project' },
        h('input', { name: 'name', 'aria-label': 'Project name', placeholder: 'New project name', required: true, maxlength: 200, class: 'w18' }),
        select('project_type', [['other', 'Other'], ['tech_startup', 'Tech startup'], ['freelance', 'Freelance'], ['personal', 'Personal'], ['education', 'Education']], 'other'),
        h('button', { class: 'primary', type: 'submit' }, 'Add project'));
      create.querySelector('select').setAttribute('aria-label', 'Project type');
      onSubmit(create, async (data) => {
        await api('POST', tm('projects'), { project: { name: data.get('name').trim(), project_type: data.get('project_type') } });
        await loadAll();
      });
      put(sections.projects, h('h2', { id: 'projects-title' }, 'Projects and tasks'), create,
        projects.length ? null : h('p', { class: 'muted' }, 'No projects yet.'),
        projects.map((p, i) => {
          const tasks = taskLists[i];
          tasks.forEach((t) => { tasksById[t.uuid] = `${p.name} · ${t.name}`; });
          const addTask = h('form', { class: 'row', 'aria-label': `New task in ${p.name}` },
            h('input', { name: 'name', 'aria-label': `Task name in ${p.name}`, placeholder: 'New task', required: true, maxlength: 200, class: 'w18' }),
            h('button', { type: 'submit', class: 'small' }, 'Add task'));
          onSubmit(addTask, async (data) => {
            await api('POST', tm(`projects/${p.uuid}/tasks`), { task: { name: data.get('name').trim(), task_type: 'default' } });
            await loadAll();
          });
          return h('div', { class: 'project' },
            h('h3', { class: 'row spread' }, editable(p.name, (name) => api('PUT', tm(`projects/${p.uuid}`), { project: { name } })),
              h('span', { class: 'row' }, h('span', { class: 'muted' }, p.project_type.replace('_', ' ')), del(p.name, `projects/${p.uuid}`))),
            tasks.length ? h('div', { class: 'table-wrap' }, h('table', {},
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Task'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Actions'))),
              h('tbody', {}, tasks.map((t) => {
                const running = tracked.has(t.uuid);
                const event = (name) => () => api('PUT', tm(`tasks/${t.uuid}?event=${name}`)).then(loadAll, (err) => toast(err.message));
                return h('tr', {},
                  h('td', {}, editable(t.name, (name) => api('PUT', tm(`tasks/${t.uuid}`), { task: { name } }))),
                  h('td', {}, running ? h('strong', {}, 'tracking') : t.status.replace('_', ' ')),
                  h('td', { class: 'row' },
                    running ? h('button', { class: 'small', type: 'button', onclick: event('stop_tracking'), 'aria-label': `Stop tracking ${t.name}` }, 'Stop')
                      : h('button', { class: 'small primary', type: 'button', onclick: event('start_tracking'), 'aria-label': `Start tracking ${t.name}` }, 'Start'),
                    t.status !== 'completed' ? h('button', { class: 'small', type: 'button', onclick: event('finish'), 'aria-label': `Finish ${t.name}` }, 'Finish') : null,
                    del(t.name, `tasks/${t.uuid}`)));
              })))) : h('p', { class: 'muted' }, 'No tasks.'),
            addTask);
        }));
    }

    async function loadActivities() {
      activities = await api('GET', tm('activities'));
      const create = h('form', { class: 'row', 'aria-label': 'New activity' },
        h('input', { name: 'name', 'aria-label': 'Activity name', placeholder: 'New activity', required: true, maxlength: 200, class: 'w14' }),
        select('activity_type', [['productive', 'Productive'], ['leisure', 'Leisure'], ['other', 'Other']], 'productive'),
        h('button', { class: 'primary', type: 'submit' }, 'Add'));
      create.querySelector('select').setAttribute('aria-label', 'Activity type');
      onSubmit(create, async (data) => {
        await api('POST', tm('activities'), { activity: { name: data.get('name').trim(), activity_type: data.get('activity_type') } });
        await loadAll();
      });
      put(sections.activities, h('h2', { id: 'activities-title' }, 'Activities'), create,
        h('ul', { class: 'plain' }, activities.map((a) => {
          const running = a.aasm_state === 'in_progress';
          const event = (name) => () => api('PUT', tm(`activities/${a.uuid}?event=${name}`)).then(loadAll, (err) => toast(err.message));
          return h('li', { class: 'row spread' },
            editable(a.name, (name) => api('PUT', tm(`activities/${a.uuid}`), { activity: { name } })),
            h('span', { class: 'row' }, h('span', { class: 'muted' }, a.activity_type),
              h('button', { class: running ? 'small' : 'small primary', type: 'button', onclick: event(running ? 'stop_tracking' : 'start_tracking'),
                'aria-label': `${running ? 'Stop' : 'Start'} ${a.name}` }, running ? 'Stop' : 'Start'),
              del(a.name, `activities/${a.uuid}`)));
        })));
    }

    async function loadGoals() {
      const goals = await api('GET', tm('goals'));
      const today = localDate(serverNow());
      const create = h('form', { 'aria-label': 'New goal' },
        field('Goal', h('input', { name: 'text', required: true, maxlength: 500 })),
        h('div', { class: 'cols' }, field('Period', select('period', [['week', 'Week'], ['month', 'Month']], 'week')),
          field('Starting', h('input', { name: 'begin_date', type: 'date', value: today, required: true }), 'Moved to the Monday or the 1st.')),
        h('button', { class: 'primary', type: 'submit' }, 'Add goal'));
      onSubmit(create, async (data) => {
        await api('POST', tm('goals'), { goal: { text: data.get('text').trim(), period: data.get('period'), begin_date: data.get('begin_date') } });
        await loadAll();
      });
      put(sections.goals, h('h2', { id: 'goals-title' }, 'Goals'),
        h('ul', { class: 'plain' }, goals.map((g) => h('li', { class: 'row spread' },
          editable(g.text, (text) => api('PUT', tm(`goals/${g.uuid}`), { goal: { text } })),
          h('span', { class: 'row' }, h('span', { class: 'muted' }, `${g.period} of ${g.begin_date}`), del(g.text, `goals/${g.uuid}`))))),
        create);
    }

    async function loadEntries() {
      const entries = (await api('GET', tm('time_entries'))).sort((a, b) => b.begin_time.localeCompare(a.begin_time)).slice(0, 25);
      const resources = [['', 'Not attached'],
        ...Object.entries(tasksById).map(([id, name]) => [`task:${id}`, `Task: ${name}`]),
        ...activities.map((a) => [`activity:${a.uuid}`, `Activity: ${a.name}`])];
      const localInput = (ms) => {
        const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
        return d.toISOString().slice(0, 16);
      };
      const now = serverNow();
      const create = h('form', { 'aria-label': 'New time entry' },
        h('div', { class: 'cols' },
          field('Began', h('input', { name: 'begin_time', type: 'datetime-local', required: true, value: localInput(now - 3600000) })),
          field('Ended', h('input', { name: 'end_time', type: 'datetime-local', value: localInput(now) }), 'Leave empty while it runs.'),
          field('For', select('resource', resources, '')),
          field('Comment', h('input', { name: 'comment', maxlength: 500 }))),
        h('button', { class: 'primary', type: 'submit' }, 'Add time entry'));
      onSubmit(create, async (data) => {
        const [type, id] = (data.get('resource') || ':').split(':');
        const entry = {
          begin_time: new Date(data.get('begin_time')).toISOString(),
          end_time: data.get('end_time') ? new Date(data.get('end_time')).toISOString() : null,
          comment: data.get('comment').trim() || null,
        };
        if (type) Object.assign(entry, { resource_type: type, resource_id: id });
        await api('POST', tm('time_entries'), { time_entry: entry });
        await loadAll();
      });
      const label = (e) => (e.resource_type === 'Task' ? tasksById[e.resource_uuid] : (activities.find((a) => a.uuid === e.resource_uuid) || {}).name) || '';
      put(sections.entries, h('h2', { id: 'entries-title' }, 'Time entries'),
        entries.length ? h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Began', 'Ended', 'Duration', 'For', 'Comment', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, entries.map((e) => h('tr', {},
            h('td', {}, dateTimeOf(e.begin_time)), h('td', {}, e.end_time ? timeOf(e.end_time) : h('strong', {}, 'running')),
            h('td', {}, e.duration != null ? minutesText(e.duration / 60) : ''), h('td', {}, label(e)),
            h('td', {}, editable(e.comment || '', (comment) => api('PUT', tm(`time_entries/${e.uuid}`), { time_entry: { comment } }))),
            h('td', {}, del('time entry', `time_entries/${e.uuid}`)))))))
          : h('p', { class: 'muted' }, 'No time entries yet.'),
        h('h3', {}, 'Add a time entry'), create);
    }

    async function loadAll() {
      try {
        const tracking = await api('GET', tm('tasks/tracking'));
        await loadProjects(Array.isArray(tracking) ? tracking : []);
        await loadActivities();
        await Promise.all([loadGoals(), loadEntries()]);
      } catch (error) {
        failed(sections.projects, error);
      }
    }
    await loadAll();
  };

  // ---------------------------------------------------------------- page: settings

  pages.settings = async (me) => {
    document.title = 'Settings · Pomo';
    const p = me.preferences;
    const number = (name, min, max) => h('input', { name, type: 'number', min, max, required: true, value: p[name] });
    const checkbox = (name) => h('input', { name, type: 'checkbox', checked: !!p[name] });
    const prefs = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'prefs-title' },
      h('h2', { id: 'prefs-title' }, 'Preferences'),
      h('div', { class: 'cols' },
        field('Daily goal (sessions)', number('daily_goal', 1, 20), '1–20'),
        field('Focus length (minutes)', number('default_duration', 5, 120), '5–120'),
        field('Short break (minutes)', number('short_break_duration', 1, 30), '1–30'),
        field('Long break (minutes)', number('long_break_duration', 5, 60), '5–60'),
        field('Sound at the end', select('notification_sound', [['chime', 'Chime'], ['bell', 'Bell'], ['soft', 'Soft'], ['none', 'None']], p.notification_sound)),
        field('Theme', select('theme_preference', [['auto', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']], p.theme_preference)),
        field('Focus mode', select('focus_mode', [['relaxed', 'Relaxed'], ['normal', 'Normal'], ['strict', 'Strict']], p.focus_mode)),
        field('Timezone', timezoneControl(me.timezone))),
      field('Show me on the leaderboard', checkbox('public_leaderboard')),
      field('Start breaks automatically', checkbox('auto_start_breaks')),
      field('Start the next focus session after a break (this browser)',
        h('input', { name: 'auto_focus', type: 'checkbox', checked: localStorage.getItem('pomo.autoFocus') === 'true' }),
        'Re-plans your last session when a break ends.'),
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
      applyTheme(body.theme_preference);
      zone = body.timezone;
      toast('Preferences saved.');
    });

    const keys = h('section', { class: 'panel', 'aria-labelledby': 'keys-title' });
    async function loadKeys(created) {
      const list = (await api('GET', '/api/v1/auth/api-keys')).data;
      const form = h('form', { class: 'row', 'aria-label': 'New API key' },
        h('input', { name: 'name', 'aria-label': 'Key name', placeholder: 'Key name, e.g. laptop CLI', required: true, maxlength: 100, class: 'w18' }),
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
      h('p', { class: 'muted' }, `Signed in as ${me.username} (${me.email}).`), prefs, keys, hooks);
    await Promise.all([loadKeys().catch((e) => failed(keys, e)), loadHooks().catch((e) => add(hooks, h('p', { class: 'form-error' }, e.message)))]);
  };

  // ---------------------------------------------------------------- boot

  async function boot() {
    applyTheme(localStorage.getItem('pomo.theme'));
    const open = page === 'login' || page === 'signup';
    let me = null;
    try {
      me = await api('GET', '/api/user/data');
    } catch (error) {
      // Signed out: the Game dialect answers 403 "Token required", an expired cookie 401.
      if (error.status !== 401 && error.status !== 403) {
        failed(main, error);
        return;
      }
    }
    if (!me && !open) {
      location.replace(`/login?next=${encodeURIComponent(location.pathname)}`);
      return;
    }
    if (me && open) {
      location.replace('/focus');
      return;
    }
    if (me) {
      zone = me.timezone || 'UTC';
      applyTheme(me.preferences.theme_preference);
      const nav = document.getElementById('nav');
      nav.hidden = false;
      nav.querySelectorAll('a').forEach((a) => { if (a.getAttribute('href') === `/${page}`) a.setAttribute('aria-current', 'page'); });
      document.getElementById('logout').addEventListener('click', async () => {
        try { await api('DELETE', '/api/auth/session'); } finally { location.assign('/login'); }
      });
    }
    try {
      await (pages[page] || pages.focus)(me);
    } catch (error) {
      console.error(error);
      failed(main, error);
    }
  }

  boot();
})();
