// Page: workspace, the Time Magic projects, tasks, activities, goals and time entries.

import { api, serverNow, tm } from './api.js';
import { failed, field, h, main, onSubmit, put, select, toast } from './dom.js';
import { rules } from './rules.js';
import { dateTimeOf, fromWall, iso, localDate, minutesText, plural, timeOf, wallInput, zone } from './time.js';

export async function workspacePage() {
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

  /// After a redraw, focus on what the user was working on (the element `selector` names now).
  function refocus(selector) {
    const target = main.querySelector(selector);
    if (target) target.focus();
  }

  /// A name that turns into an input with Save and Cancel.
  function editable(text, save) {
    const span = h('span', {}, text);
    const edit = h('button', { class: 'small', type: 'button', 'aria-label': `Edit ${text}`, onclick: () => {
      const input = h('input', { value: text, 'aria-label': 'New name', maxlength: rules.name.maxLength });
      const form = h('form', { class: 'row' }, input, h('button', { class: 'small primary', type: 'submit' }, 'Save'),
        h('button', { class: 'small', type: 'button', onclick: () => form.replaceWith(wrap) }, 'Cancel'));
      onSubmit(form, async () => {
        const name = input.value.trim();
        await save(name);
        await loadAll();
        // The page is drawn again: focus goes back to the renamed row, not to the page's body.
        refocus(`button[aria-label="${CSS.escape(`Edit ${name}`)}"]`);
      });
      wrap.replaceWith(form);
      input.focus();
    } }, 'Edit');
    const wrap = h('span', { class: 'row' }, span, edit);
    return wrap;
  }

  // A second press deletes; the armed button says so, to the eye and to a screen reader, and
  // names what goes with it (a project's tasks and their entries).
  const del = (label, path, goesWith) => h('button', { class: 'small danger', type: 'button', 'aria-label': `Delete ${label}`, onclick: async (e) => {
    const button = e.currentTarget;
    if (button.dataset.armed !== 'yes') {
      button.dataset.armed = 'yes';
      button.textContent = 'Confirm delete';
      const warning = `Press again to delete ${label}${goesWith ? `, with ${goesWith}` : ''}`;
      button.setAttribute('aria-label', warning);
      toast(warning);
      return;
    }
    await api('DELETE', tm(path)).then(loadAll, (err) => toast(err.message));
  } }, 'Delete');

  async function loadProjects(tracking) {
    const projects = await api('GET', tm('projects'));
    const tracked = new Set(tracking.map((t) => t.uuid));
    const taskLists = await Promise.all(projects.map((p) => api('GET', tm(`projects/${p.uuid}/tasks`))));
    // Pomodoros and focus minutes per task, from the server's kept totals.
    let focus = {};
    try {
      focus = Object.fromEntries(((await api('GET', '/api/v1/tasks/focus')).data || []).map((f) => [f.task_id, f]));
    } catch { focus = {}; }
    const focusText = (uuid) => {
      const f = focus[uuid];
      return f && f.pomodoros ? `${plural(f.pomodoros, 'pomodoro')} · ${minutesText(f.minutes)}` : '—';
    };
    tasksById = {};
    const create = h('form', { class: 'row', 'aria-label': 'New project' },
      h('input', { name: 'name', 'aria-label': 'Project name', placeholder: 'New project name', required: true, maxlength: rules.name.maxLength, class: 'w18' }),
      select('project_type', [['other', 'Other'], ['tech_startup', 'Tech startup'], ['freelance', 'Freelance'], ['personal', 'Personal'], ['education', 'Education']], 'other'),
      h('button', { class: 'primary', type: 'submit' }, 'Add project'));
    create.querySelector('select').setAttribute('aria-label', 'Project type');
    onSubmit(create, async (data) => {
      const name = data.get('name').trim();
      await api('POST', tm('projects'), { project: { name, project_type: data.get('project_type') } });
      await loadAll();
      // On to the new project's first task.
      refocus(`form[aria-label="${CSS.escape(`New task in ${name}`)}"] input`);
    });
    put(sections.projects, h('h2', { id: 'projects-title' }, 'Projects and tasks'), create,
      projects.length ? null : h('p', { class: 'muted' }, 'No projects yet.'),
      projects.map((p, i) => {
        const tasks = taskLists[i];
        tasks.forEach((t) => { tasksById[t.uuid] = `${p.name} · ${t.name}`; });
        const addTask = h('form', { class: 'row', 'aria-label': `New task in ${p.name}` },
          h('input', { name: 'name', 'aria-label': `Task name in ${p.name}`, placeholder: 'New task', required: true, maxlength: rules.name.maxLength, class: 'w18' }),
          h('button', { type: 'submit', class: 'small' }, 'Add task'));
        onSubmit(addTask, async (data) => {
          await api('POST', tm(`projects/${p.uuid}/tasks`), { task: { name: data.get('name').trim(), task_type: 'default' } });
          await loadAll();
          // Ready for the next task of the same project.
          refocus(`form[aria-label="${CSS.escape(`New task in ${p.name}`)}"] input`);
        });
        return h('div', { class: 'project' },
          h('h3', { class: 'row spread' }, editable(p.name, (name) => api('PUT', tm(`projects/${p.uuid}`), { project: { name } })),
            h('span', { class: 'row' }, h('span', { class: 'muted' }, p.project_type.replace('_', ' ')), del(p.name, `projects/${p.uuid}`, tasks.length ? `its ${plural(tasks.length, 'task')} and their time entries` : null))),
          tasks.length ? h('div', { class: 'table-wrap' }, h('table', {},
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Task'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Focus'), h('th', { scope: 'col' }, 'Actions'))),
            h('tbody', {}, tasks.map((t) => {
              const running = tracked.has(t.uuid);
              const event = (name) => () => api('PUT', tm(`tasks/${t.uuid}?event=${name}`)).then(loadAll, (err) => toast(err.message));
              return h('tr', {},
                h('td', {}, editable(t.name, (name) => api('PUT', tm(`tasks/${t.uuid}`), { task: { name } }))),
                h('td', {}, running ? h('strong', {}, 'tracking') : t.status.replace('_', ' ')),
                h('td', { class: 'task-focus' }, focusText(t.uuid)),
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
      h('input', { name: 'name', 'aria-label': 'Activity name', placeholder: 'New activity', required: true, maxlength: rules.name.maxLength, class: 'w14' }),
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
      field('Goal', h('input', { name: 'text', required: true, maxlength: rules.text.maxLength })),
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
    const now = serverNow();
    const create = h('form', { 'aria-label': 'New time entry' },
      h('div', { class: 'cols' },
        field(`Began (${zone})`, h('input', { name: 'begin_time', type: 'datetime-local', required: true, value: wallInput(now - 3600000) })),
        field(`Ended (${zone})`, h('input', { name: 'end_time', type: 'datetime-local', value: wallInput(now) }), 'Leave empty while it runs.'),
        field('For', select('resource', resources, '')),
        field('Comment', h('input', { name: 'comment', maxlength: rules.text.maxLength }))),
      h('button', { class: 'primary', type: 'submit' }, 'Add time entry'));
    onSubmit(create, async (data) => {
      const [type, id] = (data.get('resource') || ':').split(':');
      const entry = {
        begin_time: iso(fromWall(data.get('begin_time'))),
        end_time: data.get('end_time') ? iso(fromWall(data.get('end_time'))) : null,
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
}
