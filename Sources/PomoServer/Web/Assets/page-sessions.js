// Page: sessions. Past sessions with what was done, filtered by range, project and category;
// a session's note, category and project corrected; a session deleted; one added that no timer
// saw. Scores stay as earned: an edited or added session says so.

import { api, serverNow } from './api.js';
import { field, h, main, onSubmit, put, select, toast } from './dom.js';
import { rules } from './rules.js';
import { addDays, dateTimeOf, fromWall, iso, localDate, minutesText, timeOf, wallInput, zone } from './time.js';

const STATUS = { completed: 'Completed', cancelled: 'Cancelled', expired: 'Not submitted' };

export async function sessionsPage() {
  document.title = 'Sessions · Pomo';
  const today = localDate(serverNow());
  let projects = [];
  try { projects = (await api('GET', '/api/projects?include_inactive=true')).projects || []; } catch { projects = []; }
  const projectOptions = projects.map((p) => [p.id, p.type === 'team' ? `${p.team_name || 'Team'} · ${p.name}` : p.name]);
  const from = h('input', { type: 'date', name: 'from', value: addDays(today, -13), max: today });
  const to = h('input', { type: 'date', name: 'to', value: today });
  const project = select('project', [['', 'All projects'], ...projectOptions], '');
  const category = h('input', { name: 'category', list: 'session-categories', maxlength: rules.name.maxLength, placeholder: 'All' });
  const categories = h('datalist', { id: 'session-categories' }, rules.categories.map((c) => h('option', { value: c })));
  const filters = h('form', { class: 'panel', 'aria-label': 'Which sessions' },
    h('div', { class: 'cols' }, field('From', from), field('To', to), field('Project', project), field('Category', category)),
    categories);
  const list = h('section', { class: 'panel mt', id: 'sessions', 'aria-labelledby': 'sessions-title' });
  const more = h('p', {});

  const query = () => {
    const q = new URLSearchParams({ from: from.value, to: to.value, limit: '50' });
    if (project.value) q.set('project', project.value);
    if (category.value.trim()) q.set('category', category.value.trim());
    return q;
  };

  function badges(s) {
    const f = s.pof_factors || {};
    return [f.edited ? h('span', { class: 'badge' }, 'edited') : null, f.added ? h('span', { class: 'badge' }, 'added') : null];
  }

  function row(s) {
    const when = `${dateTimeOf(s.start)}${s.end ? `–${timeOf(s.end)}` : ''}`;
    const tr = h('tr', { 'data-id': s.id },
      h('th', { scope: 'row' }, when),
      h('td', {}, s.kind === 'work' ? (STATUS[s.status] || s.status) : s.kind.replace('_', ' ')),
      h('td', { class: 'num' }, minutesText(s.duration_minutes || 0)),
      h('td', {}, s.category || ''), h('td', {}, s.project || ''),
      h('td', { class: 'note' }, s.note || h('span', { class: 'muted' }, '—')),
      h('td', { class: 'num' }, s.pof_score ?? '', ' ', badges(s)),
      h('td', { class: 'actions' }));
    const actions = tr.lastChild;
    if (s.kind === 'work') {
      actions.append(h('button', { type: 'button', class: 'link', 'aria-label': `Edit the session of ${when}`, onclick: () => edit(tr, s, when) }, 'Edit'), ' ');
    }
    const remove = h('button', { type: 'button', class: 'link danger', 'aria-label': `Delete the session of ${when}` }, 'Delete');
    let armed = false;
    remove.addEventListener('click', async () => {
      if (!armed) {
        armed = true;
        remove.textContent = 'Confirm delete';
        remove.setAttribute('aria-label', `Confirm: delete the session of ${when}`);
        toast(`Press Confirm delete to delete the session of ${when}`);
        return;
      }
      try {
        await api('DELETE', `/api/v1/sessions/${s.id}`);
        tr.remove();
        toast('Session deleted');
      } catch (error) { toast(error.message); }
    });
    actions.append(remove);
    return tr;
  }

  function edit(tr, s, when) {
    const note = h('textarea', { name: 'note', maxlength: rules.text.maxLength, rows: 2 }, s.note || '');
    const cat = h('input', { name: 'category', required: true, list: 'session-categories', maxlength: rules.name.maxLength, value: s.category || '' });
    const proj = select('project', projectOptions.length ? projectOptions : [[s.project_id || '', s.project || '']], s.project_id || '');
    const form = h('form', { 'aria-label': `Edit the session of ${when}` },
      h('div', { class: 'cols' }, field('What you did', note), field('Category', cat), field('Project', proj)),
      h('div', { class: 'row' }, h('button', { class: 'primary', type: 'submit' }, 'Save'),
        h('button', { type: 'button', onclick: () => tr.replaceWith(row(s)) }, 'Cancel')));
    onSubmit(form, async (data) => {
      const changed = (await api('PATCH', `/api/v1/sessions/${s.id}`, {
        note: data.get('note').trim() || null, category: data.get('category').trim(), project: data.get('project'),
      })).data;
      const fresh = row(changed);
      cell.closest('tr').replaceWith(fresh);
      fresh.querySelector('button')?.focus();
      toast('Session saved');
    });
    const cell = h('td', { colspan: 8 }, form);
    tr.replaceChildren(cell);
    note.focus();
  }

  async function load(cursor) {
    const q = query();
    if (cursor) q.set('cursor', cursor);
    const page = (await api('GET', `/api/v1/sessions?${q}`)).data;
    return page;
  }

  async function draw() {
    let page;
    try { page = await load(); } catch (error) {
      put(list, h('p', { class: 'form-error', role: 'alert' }, error.message));
      return;
    }
    const body = h('tbody', {}, page.items.map(row));
    put(list, h('h2', { id: 'sessions-title' }, `Sessions ${from.value} – ${to.value} (${zone})`),
      page.items.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'sessions-table' },
        h('caption', {}, 'Your sessions, newest first'),
        h('thead', {}, h('tr', {}, ['When', 'Status', 'Focus', 'Category', 'Project', 'What you did', 'POF', ''].map((c) => h('th', { scope: 'col' }, c)))),
        body)) : h('p', { class: 'muted' }, 'No sessions in this range.'));
    let next = page.nextCursor;
    const button = h('button', { type: 'button' }, 'Show more');
    button.addEventListener('click', async () => {
      const nextPage = await load(next);
      body.append(...nextPage.items.map(row));
      next = nextPage.nextCursor;
      if (!nextPage.hasMore) put(more);
    });
    put(more, page.hasMore ? button : null);
  }

  // Add a session no timer saw: times on the profile's clock.
  const now = serverNow();
  const addStart = h('input', { type: 'datetime-local', name: 'start', required: true, value: wallInput(now - 3600000) });
  const addEnd = h('input', { type: 'datetime-local', name: 'end', required: true, value: wallInput(now - 1800000) });
  const add = h('form', { class: 'panel mt', 'aria-labelledby': 'add-title' },
    h('h2', { id: 'add-title' }, 'Add a session you did not time'),
    h('div', { class: 'cols' }, field(`Began (${zone})`, addStart), field(`Ended (${zone})`, addEnd),
      field('Category', h('input', { name: 'category', required: true, list: 'session-categories', maxlength: rules.name.maxLength, value: rules.defaultCategory })),
      field('Project', select('project', projectOptions.length ? projectOptions : [['General', 'General']], projectOptions[0]?.[0]))),
    field('What you did', h('textarea', { name: 'note', maxlength: rules.text.maxLength, rows: 2 })),
    h('p', { class: 'hint' }, 'Its score says it was added afterwards.'),
    h('button', { class: 'primary', type: 'submit' }, 'Add session'));
  onSubmit(add, async (data) => {
    await api('POST', '/api/v1/sessions', {
      start: iso(fromWall(data.get('start'))), end: iso(fromWall(data.get('end'))), category: data.get('category').trim(),
      project: data.get('project'), note: data.get('note').trim(),
    });
    toast('Session added');
    await draw();
  });

  for (const control of [from, to, project, category]) control.addEventListener('change', () => draw());
  filters.addEventListener('submit', (event) => event.preventDefault());
  put(main, h('h1', {}, 'Sessions'), filters, list, more, add);
  await draw();
}
