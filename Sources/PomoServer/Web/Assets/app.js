// Pomo's web app. No framework and no build step: the server sends one HTML shell for every
// page and this module draws the page the path names, from the same JSON API every other
// client uses (the session cookie authenticates it). The server is the truth: the focus page
// reads the running session back on load and every few seconds, so a reload, a second tab or
// a second device shows the same countdown.
//
// Modules: api.js (calls and error reading), dom.js (elements and forms), time.js (the
// user's zone and formatting), theme.js (theme, sound, notifications), charts.js, rules.js (the
// server's form rules) and one page-*.js per page.
import { api } from './api.js';
import { failed, main } from './dom.js';
import { dashboardPage } from './page-dashboard.js';
import { focusPage } from './page-focus.js';
import { importPage } from './page-import.js';
import { loginPage, signupPage } from './page-login.js';
import { reportsPage } from './page-reports.js';
import { sessionsPage } from './page-sessions.js';
import { settingsPage } from './page-settings.js';
import { teamPage } from './page-team.js';
import { workspacePage } from './page-workspace.js';
import { loadRules } from './rules.js';
import { applyTheme } from './theme.js';
import { setZone } from './time.js';

const page = location.pathname.replace(/^\/+|\/+$/g, '') || 'focus';
const pages = {
  login: loginPage, signup: signupPage, focus: focusPage, dashboard: dashboardPage, team: teamPage,
  workspace: workspacePage, settings: settingsPage, reports: reportsPage, import: importPage, sessions: sessionsPage,
};

// keyboard shortcuts

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.metaKey || event.ctrlKey) return;
  // Turned off in Settings (per browser).
  if (localStorage.getItem('pomo.shortcuts') === 'off') return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable]')) return;
  const key = event.key.toLowerCase();
  const button = [...document.querySelectorAll(`[data-shortcut="${CSS.escape(key)}"]`)].find((b) => b.offsetParent !== null && !b.disabled);
  if (button) {
    event.preventDefault();
    button.click();
  }
});

// boot

async function boot() {
  applyTheme(localStorage.getItem('pomo.theme'));
  const open = page === 'login' || page === 'signup';
  const rulesLoaded = loadRules();
  rulesLoaded.catch(() => {}); // awaited below, once the page needs it
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
    setZone(me.timezone || 'UTC');
    applyTheme(me.preferences.theme_preference);
    const nav = document.getElementById('nav');
    nav.hidden = false;
    nav.querySelectorAll('a').forEach((a) => { if (a.getAttribute('href') === `/${page}`) a.setAttribute('aria-current', 'page'); });
    document.getElementById('logout').addEventListener('click', async () => {
      try { await api('DELETE', '/api/auth/session'); } finally { location.assign('/login'); }
    });
  }
  try {
    await rulesLoaded;
    await (pages[page] || pages.focus)(me);
  } catch (error) {
    console.error(error);
    failed(main, error);
  }
}

boot();
