// Page: focus. Plan, run, submit or cancel a session; the server's running session is the truth.

import { ApiError, api, serverNow } from './api.js';
import { add, field, h, main, onSubmit, put, select, toast } from './dom.js';
import { follow } from './live.js';
import { rules } from './rules.js';
import { askNotificationPermission, notify } from './theme.js';
import { iso, mmss, round1, timeOf, uuid4 } from './time.js';

// Pomo's own web timer: first-party, as the CLI's `pomo_cli` is (ProofOfFocus.trustedSources).
const SOURCE = 'pomo_web';

/// Each factor of a Proof-of-Focus score, its value and the one-line reason for it.
export function explainFactors(f) {
  const percent = (x) => `${Math.round(x * 100)}%`;
  const rows = [
    ['Completion', percent(f.completion), f.completion >= 1 ? 'you focused for the whole plan'
      : `you focused for ${percent(f.completion)} of the planned time`],
    ['Matches the plan', percent(f.planning), f.planning >= 1 ? 'category and project as planned'
      : f.planning >= 0.85 ? 'logged without a plan first' : 'category or project differ from the plan'],
    ['Timing', percent(f.timing), f.timing >= 1 ? 'submitted within 4 minutes of its end'
      : 'submitted more than 4 minutes after its end'],
    ['Source', percent(f.source), f.source >= 1 ? 'timed by a first-party timer (Pomo or the Game\'s own apps)'
      : 'timed by another client'],
    ['Overlap', percent(f.overlap ?? 1), (f.overlap ?? 1) >= 1 ? 'overlaps none of your earlier sessions'
      : 'part of this time was logged by an earlier session'],
  ];
  if (f.kept_going_minutes) {
    rows.push(['Kept going', `+${Math.round(f.kept_going_minutes)} min`, 'you said you kept focusing past the plan; those minutes count']);
  }
  return rows;
}

export async function focusPage(me) {
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

  /// A work session nobody ended in time waits here to be submitted (with its note) or
  /// discarded; it no longer holds the timer.
  function waitingPanel(waiting) {
    const note = h('textarea', { name: 'waiting_note', maxlength: rules.text.maxLength });
    const minutes = Math.round(waiting.duration_minutes);
    const form = h('form', { class: 'panel', id: 'waiting', 'aria-labelledby': 'waiting-title' },
      h('h2', { id: 'waiting-title' }, `Unsubmitted session from ${timeOf(waiting.started_at)}`),
      h('p', {}, `Your ${minutes}-minute session ended at ${timeOf(waiting.scheduled_end_at)} and was not submitted. `
        + 'Submit it (it counts its planned minutes) or discard it (kept in your history, no credit).'),
      field('What did you do?', note),
      h('div', { class: 'row' },
        h('button', { class: 'primary', type: 'submit', id: 'waiting-submit' }, 'Submit'),
        h('button', {
          type: 'button', id: 'waiting-discard',
          onclick: () => api('DELETE', `/api/v1/pomodoro/${waiting.id}/cancel`)
            .then(() => { toast('Session discarded'); return refresh(true); }).catch((e) => toast(e.message)),
        }, 'Discard')));
    onSubmit(form, async (data) => {
      const done = (await api('POST', `/api/v1/pomodoro/${waiting.id}/complete`, { note: data.get('waiting_note').trim() })).data;
      toast(`Submitted: POF ${done.pof_score ?? '–'}, ${round1(done.points ?? 0)} points`);
      await refresh(true);
    });
    return form;
  }

  async function showPlan() {
    document.title = 'Focus · Pomo';
    let waiting = [];
    try { waiting = (await api('GET', '/api/v1/pomodoro/unsubmitted')).data || []; } catch { waiting = []; }
    let projects = [];
    try { projects = (await api('GET', '/api/projects?include_inactive=false')).projects || []; } catch { projects = []; }
    // Time Magic's tasks are TaskWorks' list: focus on one, and its pomodoros count for it.
    let tasks = [];
    try { tasks = (await api('GET', '/api/v1/tasks/today')).data || []; } catch { tasks = []; }
    const taskSelect = select('task', [['', 'No task'], ...tasks.map((t) => [t.taskId, t.title])], '');
    const last = JSON.parse(localStorage.getItem('pomo.lastPlan') || '{}');
    const personal = projects.filter((p) => p.type === 'personal').map((p) => [p.name, p.name]);
    if (!personal.some(([v]) => v === 'General')) personal.unshift(['General', 'General']);
    const team = projects.filter((p) => p.type === 'team').map((p) => [p.id, `${p.team_name || 'Team'} · ${p.name}`]);
    const projectSelect = h('select', { name: 'project' },
      h('optgroup', { label: 'Personal' }, personal.map(([v, l]) => h('option', { value: v, selected: v === last.project }, l))),
      team.length ? h('optgroup', { label: 'Team' }, team.map(([v, l]) => h('option', { value: v, selected: v === last.project }, l))) : null,
      h('option', { value: '__new' }, 'New project…'));
    const newProject = h('input', { name: 'new_project', maxlength: rules.name.maxLength, placeholder: 'Project name' });
    const newProjectField = field('New project name', newProject);
    newProjectField.hidden = true;
    projectSelect.addEventListener('change', () => { newProjectField.hidden = projectSelect.value !== '__new'; });
    const categories = h('datalist', { id: 'categories' }, rules.categories.map((c) => h('option', { value: c })));
    const form = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'plan-title' },
      h('h2', { id: 'plan-title' }, 'Plan a focus session'),
      h('div', { class: 'cols' },
        field('Category', h('input', { name: 'category', list: 'categories', required: true, maxlength: rules.name.maxLength, value: last.category || rules.defaultCategory })),
        h('div', {}, field('Project', projectSelect), newProjectField),
        tasks.length ? field('Task (optional)', taskSelect) : null,
        field('Duration (minutes)', h('input', { name: 'planned_duration', type: 'number', min: rules.duration.min, max: rules.duration.max, required: true, value: last.duration || prefs.default_duration })),
        field('Energy (1–10)', select('energy_level', [['', 'Not set'], ...Array.from({ length: 10 }, (_, i) => [i + 1, i + 1])], last.energy || ''))),
      field('What will you do?', h('textarea', { name: 'planning_notes', maxlength: rules.text.maxLength }), 'The plan is locked once the session starts.'),
      categories,
      h('div', { class: 'row' },
        h('button', { class: 'primary', type: 'submit', 'data-shortcut': 's', 'aria-keyshortcuts': 'S' }, 'Start focus'),
        h('button', { type: 'button', 'data-shortcut': 'b', 'aria-keyshortcuts': 'B', onclick: () => startBreak('short_break').catch((e) => toast(e.message)) },
          `Short break (${prefs.short_break_duration} min)`),
        h('button', { type: 'button', 'data-shortcut': 'l', 'aria-keyshortcuts': 'L', onclick: () => startBreak('long_break').catch((e) => toast(e.message)) },
          `Long break (${prefs.long_break_duration} min)`)));
    onSubmit(form, async (data) => {
      askNotificationPermission();
      if (data.get('task')) {
        // A session on a task is timed by the server (TaskWorks'), and writes its time entry.
        await api('POST', '/api/v1/pomodoro', { duration_minutes: Number(data.get('planned_duration')), task_id: data.get('task') });
        put(result);
        await refresh(true);
        return;
      }
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
    put(view, waiting.length ? waitingPanel(waiting[0]) : null, form);
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
      field('Reason', select('reason', rules.cancelReasons, 'interruption')),
      field('Note (optional)', h('input', { name: 'cancel_reason_note', maxlength: rules.text.maxLength })),
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
      // The note and Submit first, so that on a phone they are on the screen without scrolling;
      // the locked plan follows for reference.
      field('What you did', h('textarea', { name: 'note', required: true, maxlength: rules.text.maxLength }), 'The only part you can change now.'),
      h('div', { class: 'row' },
        h('button', { class: 'primary', type: 'submit', 'data-shortcut': 'c', 'aria-keyshortcuts': 'C' }, 'Submit session'),
        h('button', { type: 'button', 'data-shortcut': 'x', 'aria-keyshortcuts': 'X', onclick: () => { cancel.hidden = false; cancel.querySelector('select').focus(); } }, 'Cancel…')),
      h('fieldset', { class: 'mt' }, h('legend', {}, 'Your plan (locked)'),
        h('div', { class: 'cols' },
          field('Category', ro('category', plan.category)),
          field('Project', ro('project', plan.project ? plan.project.name : 'General')),
          field('Focused (minutes)', ro('duration', String(minutes))),
          field('From – to', ro('times', `${timeOf(start)} – ${timeOf(endMs)}`))),
        field('Plan', h('textarea', { name: 'planning_note', readonly: true }, plan.planning_note || ''))));
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
    put(result, h('section', { class: 'panel', 'aria-labelledby': 'result-title' },
      h('h2', { id: 'result-title' }, 'Session logged'),
      h('div', { class: 'row' }, h('span', { class: 'score' }, String(pomodoro.pof_score)),
        h('span', {}, 'Proof of Focus ', h('span', { class: `badge ${pomodoro.trustworthiness}` }, pomodoro.trustworthiness)),
        h('span', { class: 'stat' }, `+${(pomodoro.points ?? 0).toFixed(1)}`, h('small', {}, ' points'))),
      factors ? h('dl', { class: 'facts', id: 'pof-factors' }, explainFactors(factors).map(([name, value, why]) =>
        [h('dt', {}, name), h('dd', {}, value, h('small', { class: 'why' }, ` — ${why}`))])) : null));
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
  // Another tab, device or client may start, submit or cancel: the stream says so at once.
  add(main, follow({ onSession: () => refresh(false).catch(() => {}), poll: () => refresh(false), interval: 4000 }));
}
