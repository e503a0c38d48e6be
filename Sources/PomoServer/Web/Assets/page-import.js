// Page: import. Another tracker's export (or a Pomo account document) is checked first: the
// server's dry run says what would be created and lists every row it cannot read, by line, and
// only a file that reads whole can then be imported, all at once.

import { upload } from './api.js';
import { field, h, main, put, select } from './dom.js';
import { plural, zone } from './time.js';

const SOURCES = [['toggl', 'Toggl Track (detailed CSV)'], ['clockify', 'Clockify (detailed CSV)'],
  ['kimai', 'Kimai (CSV)'], ['timetagger', 'TimeTagger (export table or records JSON)'],
  ['pomo', 'Pomo (account document)']];

/// "3 time entries, 1 project" from the answer's `created` counts, the zero ones left out.
function counts(created) {
  const names = [['projects', 'project'], ['tasks', 'task'], ['activities', 'activity', 'activities'],
    ['goals', 'goal'], ['estimations', 'estimation'], ['reports', 'report'],
    ['time_entries', 'time entry', 'time entries'], ['sessions', 'session']];
  const parts = names.filter(([key]) => created[key] > 0).map(([key, one, many]) => plural(created[key], one, many));
  return parts.length ? parts.join(', ') : 'nothing new';
}

export async function importPage() {
  document.title = 'Import · Pomo';
  const source = select('from', SOURCES, 'toggl');
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.tsv,.txt,.json,text/csv,application/json', required: true });
  const tz = h('input', { name: 'tz', value: zone, autocomplete: 'off', spellcheck: 'false' });
  const preview = h('button', { type: 'submit', id: 'import-preview' }, 'Preview');
  const confirm = h('button', { type: 'button', id: 'import-run', class: 'secondary', disabled: true }, 'Import');
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'panel', 'aria-label': 'Import a file' },
    h('div', { class: 'grid' }, field('Exported from', source), field('File', file),
      field('Time zone of the file', tz, 'For times written without an offset (an IANA name)')),
    h('p', { class: 'actions' }, preview, ' ', confirm));
  // The file and settings the last preview read whole: only those can be imported.
  let checked = null;

  const query = (dryRun) => `/api/v1/imports?from=${encodeURIComponent(source.value)}`
    + `&tz=${encodeURIComponent(tz.value.trim() || zone)}${dryRun ? '&dry_run=true' : ''}`;

  function invalidate() {
    checked = null;
    confirm.disabled = true;
  }

  function failure(error) {
    put(result, h('p', { class: 'form-error', role: 'alert' }, error.message));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    invalidate();
    const chosen = file.files[0];
    if (!chosen) return failure(new Error('Choose the exported file first.'));
    preview.disabled = true;
    let answer;
    try {
      answer = (await upload(query(true), chosen)).data;
    } catch (error) {
      return failure(error);
    } finally {
      preview.disabled = false;
    }
    const rejected = answer.rejected || [];
    put(result,
      h('section', { class: 'panel mt', id: 'import-preview-result' },
        h('h2', {}, 'Preview: nothing is written yet'),
        h('p', {}, `${plural(answer.rows, 'row')} read. Would create: ${counts(answer.created)}.`),
        answer.skipped ? h('p', { class: 'muted' }, `${plural(answer.skipped, 'record')} imported before: left as they are.`) : null,
        answer.running ? h('p', { class: 'muted' }, `${plural(answer.running, 'record')} still running: left out.`) : null,
        rejected.length
          ? [h('p', { class: 'form-error', role: 'alert' },
            `${plural(rejected.length, 'row')} cannot be read, so nothing can be imported until the file is fixed:`),
          h('div', { class: 'table-wrap' }, h('table', { id: 'import-rejected' },
            h('caption', {}, 'Rows that cannot be read'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Reason'))),
            h('tbody', {}, rejected.map((r) => h('tr', {}, h('th', { scope: 'row' }, String(r.line)), h('td', {}, r.reason))))))]
          : h('p', {}, 'Every row reads. Import writes all of it at once.')));
    if (!rejected.length) {
      checked = chosen;
      confirm.disabled = false;
      confirm.focus();
    }
  });

  confirm.addEventListener('click', async () => {
    if (!checked) return;
    confirm.disabled = true;
    try {
      const answer = (await upload(query(false), checked)).data;
      put(result, h('section', { class: 'panel mt', id: 'import-done' }, h('h2', {}, 'Imported'),
        h('p', {}, `Created ${counts(answer.created)}.`
          + (answer.skipped ? ` ${plural(answer.skipped, 'record')} imported before were left as they are.` : '')),
        h('p', {}, h('a', { href: '/workspace' }, 'See them in the workspace'), ' · ', h('a', { href: '/reports' }, 'Reports'))));
      checked = null;
    } catch (error) {
      failure(error);
    }
  });

  for (const control of [source, file, tz]) control.addEventListener('change', invalidate);
  put(main, h('h1', {}, 'Import'),
    h('p', { class: 'muted' }, 'Bring your history from another tracker, or a Pomo account document. '
      + 'Importing the same file again adds nothing.'),
    form, result);
}
