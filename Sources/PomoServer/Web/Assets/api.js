// The JSON API: one call, with the error of whichever dialect answered read into an ApiError,
// and the server's clock as the Date header tells it.
let clockOffset = 0; // the server's clock minus ours, when they differ by more than the Date header's resolution
export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

/// `path` if it leads to a page of this origin (as the browser resolves it: "/\\x" is "//x",
/// another host), else null: a login link cannot send anyone elsewhere.
export function sameSitePath(path) {
  if (!path || !path.startsWith('/')) return null;
  try {
    const url = new URL(path, location.origin);
    return url.origin === location.origin ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}

/// One JSON call; any error becomes an ApiError with the message of whichever dialect answered.
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return send(path, init);
}

/// A file as the body of a POST (the browser reads it; the page never holds it), answered in JSON.
export async function upload(path, file) {
  return send(path, {
    method: 'POST', credentials: 'same-origin', body: file,
    headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
  });
}

async function send(path, init) {
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.');
  }
  const date = Date.parse(res.headers.get('Date') || '');
  if (!Number.isNaN(date)) clockOffset = Math.abs(date - Date.now()) > 2000 ? date - Date.now() : 0;
  const text = res.status === 204 ? '' : await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const [message, field] = errorOf(data, res.status);
    throw new ApiError(res.status, message, field);
  }
  return data;
}

/// The message and field of an error body in any of the three dialects' shapes.
function errorOf(d, status) {
  if (d && typeof d === 'object') {
    if (typeof d.message === 'string' && d.message) return [d.message, d.context && d.context.field];
    if (typeof d.error === 'string') {
      const missing = Array.isArray(d.missing) && d.missing.length ? `: ${d.missing.join(', ')}` : '';
      return [d.error + missing, d.field || (Array.isArray(d.missing) ? d.missing[0] : undefined)];
    }
    if (typeof d.errors === 'string') return [d.errors];
    if (Array.isArray(d.errors)) return [d.errors.join('; ')];
    if (d.errors && typeof d.errors === 'object') {
      const key = Object.keys(d.errors)[0];
      const text = [].concat(d.errors[key]).join(', ');
      // Rails' `base` is the record as a whole: its message stands alone and names no field.
      if (key === 'base') return [text.charAt(0).toUpperCase() + text.slice(1)];
      return [`${key.replace(/_/g, ' ')} ${text}`, key];
    }
    if (typeof d.info === 'string') return [d.info];
  }
  if (status === 402) return ['This needs an active subscription; ask the server admin.'];
  return [`The server answered ${status}.`];
}

export const tm = (path) => `/timemagic/api/${path}`;

export const serverNow = () => Date.now() + clockOffset;
