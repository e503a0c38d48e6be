// Page: team. Presence, teams, team projects and the leaderboard.

import { api } from './api.js';
import { add, failed, field, h, main, onSubmit, put, select, toast } from './dom.js';
import { follow } from './live.js';
import { timeOf } from './time.js';

export async function teamPage(me) {
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
  function showPresence(data) {
    count.textContent = String(data.count);
    document.getElementById('presence-label').textContent = data.count === 1 ? 'person focusing right now' : 'people focusing right now';
    put(who, ...(data.team.length ? data.team.map((m) => h('li', {}, h('strong', {}, m.username), ' ',
      [m.category, m.project].filter(Boolean).join(' · '), m.ends_at ? h('span', { class: 'muted' }, ` until ${timeOf(m.ends_at)}`) : null))
      : [h('li', { class: 'muted' }, 'Nobody on your teams is focusing.')]));
  }
  async function updatePresence() {
    showPresence((await api('GET', '/api/v1/presence')).data);
  }
  await updatePresence().catch((e) => failed(who, e));
  // The stream's presence events carry the team list when a teammate moves, the count alone
  // when someone else does.
  add(presence, follow({
    onPresence: (data) => (data.team ? showPresence(data) : updatePresence().catch(() => {})),
    poll: updatePresence, interval: 5000,
  }));

  // Teams are made by a server admin; a team's admins add members and team projects.
  let isServerAdmin = false;
  try { isServerAdmin = String((await api('GET', '/api/auth/me')).user?.role || '').toLowerCase() === 'admin'; } catch { isServerAdmin = false; }
  const again = async (message) => { toast(message); await teamPage(me); };

  function newTeamForm() {
    const form = h('form', { 'aria-label': 'New team' },
      h('div', { class: 'cols' },
        field('Team name', h('input', { name: 'name', required: true, maxlength: 100 })),
        field('Short name (in its address)', h('input', { name: 'slug', required: true, pattern: '[a-z0-9\\-]{2,50}', maxlength: 50 }),
          '2–50 lower-case letters, digits or "-"')),
      h('button', { class: 'primary', type: 'submit' }, 'Create team'));
    onSubmit(form, async (data) => {
      await api('POST', '/api/teams', { name: data.get('name').trim(), slug: data.get('slug').trim() });
      await again('Team created');
    });
    return form;
  }

  function teamAdminForms(t) {
    const member = h('form', { class: 'row', 'aria-label': `Add a member to ${t.name}` },
      h('input', { name: 'username', required: true, 'aria-label': `Username to add to ${t.name}`, placeholder: 'Username', class: 'w14' }),
      select('role', [['member', 'Member'], ['admin', 'Admin']], 'member'),
      h('button', { type: 'submit', class: 'small' }, 'Add member'));
    member.querySelector('select').setAttribute('aria-label', `Role in ${t.name}`);
    onSubmit(member, async (data) => {
      await api('POST', `/api/teams/${encodeURIComponent(t.slug)}/members`, { username: data.get('username').trim(), role: data.get('role') });
      await again(`${data.get('username').trim()} added to ${t.name}`);
    });
    const project = h('form', { class: 'row', 'aria-label': `New project of ${t.name}` },
      h('input', { name: 'name', required: true, 'aria-label': `Project name in ${t.name}`, placeholder: 'New team project', class: 'w14' }),
      h('button', { type: 'submit', class: 'small' }, 'Add project'));
    onSubmit(project, async (data) => {
      await api('POST', '/api/team-projects', { team: t.slug, name: data.get('name').trim() });
      await again('Team project created');
    });
    return [member, project];
  }

  try {
    const all = (await api('GET', '/api/teams')).teams;
    const details = await Promise.all(all.map((t) => api('GET', `/api/teams/${encodeURIComponent(t.slug)}`)));
    const mine = details.filter((t) => t.members.some((m) => m.username === me.username));
    const adminOf = (t) => t.members.some((m) => m.username === me.username && m.role === 'admin');
    put(teams, h('h2', {}, 'Your teams'), mine.length
      ? mine.map((t) => h('div', { class: 'team' }, h('h3', {}, t.name), h('ul', { class: 'plain' },
        t.members.map((m) => h('li', {}, m.username, m.role === 'admin' ? h('span', { class: 'muted' }, ' · admin') : null))),
        adminOf(t) || isServerAdmin ? teamAdminForms(t) : null))
      : h('p', { class: 'muted' }, isServerAdmin ? 'You are not in a team yet.'
        : 'You are not in a team yet. A server admin creates teams; a team admin adds members.'),
      isServerAdmin ? newTeamForm() : null);
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
}
