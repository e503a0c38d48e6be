// Pages: log in and sign up.

import { api, sameSitePath } from './api.js';
import { field, h, main, onSubmit, put, timezoneControl } from './dom.js';
import { rules } from './rules.js';

export async function loginPage() {
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
}

export async function signupPage() {
  document.title = 'Sign up · Pomo';
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const form = h('form', { class: 'panel', novalidate: true },
    field('Username', h('input', {
      name: 'username', autocomplete: 'username', required: true, minlength: rules.username.minLength,
      maxlength: rules.username.maxLength, pattern: rules.username.pattern,
    }), rules.username.hint),
    field('Email', h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true })),
    field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: rules.password.minLength }),
      `At least ${rules.password.minLength} characters.`),
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
}
