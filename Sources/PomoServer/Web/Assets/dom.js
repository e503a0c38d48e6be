// Building elements, forms and their errors, and the toast.

import { ApiError } from './api.js';

export const main = document.getElementById('main');

let nextId = 0;
const uid = (prefix) => `${prefix}-${++nextId}`;

export function h(tag, props, ...kids) {
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
export function add(el, ...kids) {
  el.append(...kids.flat(Infinity).filter((kid) => kid != null && kid !== false));
  return el;
}

export function put(el, ...kids) {
  el.replaceChildren();
  return add(el, ...kids);
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) if (value != null) el.setAttribute(key, value);
  for (const kid of kids.flat(Infinity)) if (kid != null) el.append(kid.nodeType ? kid : String(kid));
  return el;
}

/// A labelled control with a place for its own error message.
export function field(label, control, hint) {
  control.id = control.id || uid('f');
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, 'aria-live': 'polite' });
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintEl && hintEl.id, error.id].filter(Boolean).join(' '));
  const inline = control.type === 'checkbox';
  return h('div', { class: inline ? 'field inline' : 'field' },
    inline ? [control, h('label', { for: control.id }, label)] : [h('label', { for: control.id }, label), control],
    hintEl, error);
}

export function select(name, options, value) {
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
export function onSubmit(form, action) {
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
export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 4000);
}

export function failed(container, error) {
  put(container, h('p', { class: 'form-error', role: 'alert' }, error.message || String(error)));
}

export function timezoneControl(value) {
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [];
  if (!zones.includes('UTC')) zones.unshift('UTC');
  if (!zones.includes(value)) zones.unshift(value);
  return select('timezone', zones.map((z) => [z, z]), value);
}
