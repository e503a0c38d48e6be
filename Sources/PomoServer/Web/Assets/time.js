// The user's time zone and the times, dates and durations shown in it.
/** The caller's time zone: every time on a page is shown in it. */
export let zone = 'UTC';
export function setZone(value) { zone = value; }

export const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const round1 = (x) => Math.round(x * 10) / 10;

function fmt(options) { return new Intl.DateTimeFormat(undefined, { timeZone: zone, ...options }); }
export const timeOf = (value) => fmt({ hour: '2-digit', minute: '2-digit' }).format(new Date(value));
export const dateTimeOf = (value) => fmt({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));

/// `YYYY-MM-DD` of an instant in the user's timezone.
export function localDate(ms) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(ms));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/// Minutes since local midnight of an instant in the user's timezone.
export function minuteOfDay(ms) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return get('hour') * 60 + get('minute');
}

/// The user's zone's offset from UTC, in ms, at an instant.
function offsetAt(ms) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(ms / 1000) * 1000;
}

/// `YYYY-MM-DDTHH:MM` of an instant on the user's clock, for a `datetime-local` input: the
/// browser's own zone plays no part, so a form shows and means the profile's times.
export function wallInput(ms) {
  return new Date(ms + offsetAt(ms)).toISOString().slice(0, 16);
}

/// The instant a `datetime-local` value names on the user's clock (a time skipped by a DST
/// change is read as the one an hour later).
export function fromWall(text) {
  const [day, clock] = text.split('T');
  const [y, mo, d] = day.split('-').map(Number);
  const [h, mi] = clock.split(':').map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

export function addDays(day, n) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function mmss(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  return `${String(m).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export const plural = (n, one, many) => `${n} ${n === 1 ? one : many || `${one}s`}`;
export const minutesText = (m) => (m >= 60 ? `${Math.floor(m / 60)} h ${Math.round(m % 60)} min` : `${Math.round(m)} min`);

export function uuid4() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
