// Page: reports. A range (presets or custom), a grouping, a chart and a table of the same rows,
// and the sessions of the range to download as CSV or JSON.

import { api, serverNow } from './api.js';
import { barChart, hBarChart } from './charts.js';
import { field, h, main, put, select } from './dom.js';
import { addDays, localDate, minutesText, plural, zone } from './time.js';

const PRESETS = [['this-week', 'This week'], ['last-week', 'Last week'], ['this-month', 'This month'],
  ['last-month', 'Last month'], ['custom', 'Custom']];
const GROUPS = [['day', 'Day'], ['week', 'Week'], ['project', 'Project'], ['category', 'Category']];

/// `[from, to]` (both included) of a preset, in the user's zone.
function range(preset, today) {
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(today, -weekday);
  const first = `${today.slice(0, 8)}01`;
  const lastMonthEnd = addDays(first, -1);
  switch (preset) {
    case 'last-week': return [addDays(monday, -7), addDays(monday, -1)];
    case 'this-month': return [first, today];
    case 'last-month': return [`${lastMonthEnd.slice(0, 8)}01`, lastMonthEnd];
    default: return [monday, today];
  }
}

/// Day rows summed by the Monday of their week.
function byWeek(rows) {
  const weeks = new Map();
  for (const row of rows) {
    const weekday = (new Date(`${row.key}T12:00:00Z`).getUTCDay() + 6) % 7;
    const key = addDays(row.key, -weekday);
    const week = weeks.get(key) || { key, sessions: 0, minutes: 0, points: 0 };
    week.sessions += row.sessions;
    week.minutes += row.minutes;
    week.points += row.points;
    weeks.set(key, week);
  }
  return [...weeks.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export async function reportsPage() {
  document.title = 'Reports · Pomo';
  const today = localDate(serverNow());
  const preset = select('preset', PRESETS, 'this-week');
  const group = select('by', GROUPS, 'day');
  const [from0, to0] = range('this-week', today);
  const from = h('input', { type: 'date', name: 'from', value: from0, max: today });
  const to = h('input', { type: 'date', name: 'to', value: to0 });
  const custom = h('div', { class: 'grid', hidden: true }, field('From', from), field('To', to));
  const csv = h('a', { class: 'button', download: '', id: 'export-csv' }, 'Export CSV');
  const json = h('a', { class: 'button secondary', download: '', id: 'export-json' }, 'Export JSON');
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'panel', 'aria-label': 'Report range' },
    h('div', { class: 'grid' }, field('Range', preset), field('Group by', group)), custom,
    h('p', { class: 'actions' }, csv, ' ', json));

  async function draw() {
    if (preset.value !== 'custom') [from.value, to.value] = range(preset.value, today);
    custom.hidden = preset.value !== 'custom';
    const query = `from=${from.value}&to=${to.value}`;
    csv.href = `/api/v1/exports/sessions?${query}&format=csv`;
    json.href = `/api/v1/exports/sessions?${query}&format=json`;
    csv.setAttribute('download', `pomo-sessions-${from.value}-${to.value}.csv`);
    json.setAttribute('download', `pomo-sessions-${from.value}-${to.value}.json`);
    let report;
    try {
      const by = group.value === 'week' ? 'day' : group.value;
      report = (await api('GET', `/api/v1/reports/summary?${query}&by=${by}`)).data;
    } catch (error) {
      put(result, h('p', { class: 'form-error', role: 'alert' }, error.message));
      return;
    }
    const rows = group.value === 'week' ? byWeek(report.rows) : report.rows;
    // Work without a project or a category is a row of its own, named so.
    const name = (key) => key || `(no ${group.value})`;
    const chart = group.value === 'day' || group.value === 'week'
      ? barChart(rows.map((r) => ({ label: r.key.slice(5), value: r.minutes })), { title: `Focus minutes by ${group.value}`, unit: 'min' })
      : hBarChart(rows.map((r) => ({ label: name(r.key), value: r.minutes })), { title: `Focus minutes by ${group.value}`, unit: 'min' });
    const label = GROUPS.find(([value]) => value === group.value)[1];
    put(result,
      h('section', { class: 'panel mt' }, h('h2', {}, `${from.value} – ${to.value} (${zone})`),
        rows.length ? chart : h('p', { class: 'muted' }, 'No completed sessions in this range.')),
      h('section', { class: 'panel mt' },
        h('div', { class: 'table-wrap' },
          h('table', { id: 'report-table' },
            h('caption', {}, `Completed work by ${group.value}`),
            h('thead', {}, h('tr', {}, [label, 'Sessions', 'Focus', 'Points'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, rows.map((r) => h('tr', {},
              h('th', { scope: 'row' }, group.value === 'week' ? `Week of ${r.key}` : name(r.key)), h('td', {}, String(r.sessions)),
              h('td', {}, minutesText(r.minutes)), h('td', {}, String(Math.round(r.points * 10) / 10))))),
            h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Total'), h('td', {}, String(report.total.sessions)),
              h('td', {}, minutesText(report.total.minutes)), h('td', {}, String(Math.round(report.total.points * 10) / 10))))))),
      h('p', { class: 'muted' }, `${plural(report.total.sessions, 'session')} in this range.`));
  }

  for (const control of [preset, group, from, to]) control.addEventListener('change', () => draw());
  form.addEventListener('submit', (event) => event.preventDefault());
  put(main, h('h1', {}, 'Reports'), form, result);
  await draw();
}
