// Page: dashboard.

import { api, serverNow, tm } from './api.js';
import { barChart, hBarChart, lineChart, timeline } from './charts.js';
import { h, main, put } from './dom.js';
import { follow } from './live.js';
import { addDays, dateTimeOf, localDate, minutesText, plural, timeOf, zone } from './time.js';

/// The dashboard follows the event stream: a session, time entry or goal changed in another tab,
/// the CLI or any dialect redraws it (once for a burst of changes). It is first drawn once the
/// stream is open, so one load reads its data once.
export async function dashboardPage(me) {
  document.title = 'Dashboard · Pomo';
  const body = h('div');
  let drawFirst;
  const firstDrawn = new Promise((resolve, reject) => {
    drawFirst = () => drawDashboard(body, me).then(resolve, reject);
  });
  let pending = null;
  const redraw = () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      try { await drawDashboard(body, await api('GET', '/api/user/data')); } catch { /* the next change or poll tries again */ }
    }, 300);
  };
  const status = follow({
    onSession: redraw, onChange: redraw, kinds: ['time_entry.', 'goal.'],
    poll: async () => redraw(), interval: 15000, first: () => drawFirst(),
  });
  await firstDrawn;
  put(main, body, status);
}

async function drawDashboard(body, me) {
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

  put(body,
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
}
