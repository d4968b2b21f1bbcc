// The JSON API client shared by the portal and the console. Errors come back
// as ApiError carrying the server's {code, message, fields}.

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || 'network';
    this.fields = e.fields || {};
  }
}

let csrfToken = '';
/** The console sets this after login; unsafe methods send it back. */
export function setCsrf(token) { csrfToken = token || ''; }

/**
 * api('GET', '/api/v1/tickets', {query: {status: 'open'}})
 * options: body (object, sent as JSON), raw (Blob/File sent as is, with
 * contentType), token (Bearer), idempotencyKey, headers, signal.
 */
export async function api(method, path, options = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(options.query || {})) {
    if (v !== null && v !== undefined && v !== '') url.searchParams.set(k, v);
  }
  const headers = {'Accept': 'application/json', 'Accept-Language': document.documentElement.lang || 'es'};
  let body;
  if (options.raw) {
    body = options.raw;
    headers['Content-Type'] = options.contentType || 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  if (csrfToken && method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  Object.assign(headers, options.headers || {});
  let res;
  try {
    res = await fetch(url, {method, headers, body, credentials: 'same-origin', signal: options.signal});
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
  if (res.status === 204) return null;
  let data = null;
  const type = res.headers.get('Content-Type') || '';
  if (type.startsWith('application/json')) data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}
