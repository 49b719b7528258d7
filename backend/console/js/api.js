// api.js — the staff API: the session cookie travels by itself; every change
// carries the session's CSRF token.

const BASE = '/api/v1/staff/';

let csrfToken = null;
let unauthorizedHandler = null;
let reauthenticate = null;
let reauthenticating = null;

export class ApiError extends Error {
  constructor(status, message, field, retryAfter, code) {
    super(message);
    this.status = status;
    this.code = code || null;
    this.field = field || null;
    this.retryAfter = retryAfter || null;
  }
}

export function setCsrfToken(token) {
  csrfToken = token;
}

// Called when a request other than sign-in finds no session (it ended or expired).
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

// @handler () → Promise that resolves once the same person has signed in again (in
// place, over the page they work on) and rejects when they do not: a request that met
// an ended session then runs again, so an edit in progress is neither lost nor left
// unsent. Every request waiting meanwhile shares the one sign-in.
export function onSessionEnded(handler) {
  reauthenticate = handler;
}

// Counts the sign-ins made in place: a request sent before the last one carried the
// ended session's cookie, and is simply sent again with the new one.
let sessionGeneration = 0;

function signInAgain() {
  if (!reauthenticating) {
    reauthenticating = reauthenticate()
      .then(() => { sessionGeneration++; })
      .finally(() => { reauthenticating = null; });
  }
  return reauthenticating;
}

export function staffUrl(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === '')
      continue;
    for (const one of Array.isArray(value) ? value : [value])
      query.append(name, one);
  }
  const text = query.toString();
  return BASE + path + (text ? `?${text}` : '');
}

// @raw: a Blob (a picture) sent as it is, with its own type, in place of JSON @body.
export async function request(method, path, { body, params, retried, raw } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = raw ? raw.type : 'application/json';
    if (csrfToken)
      headers['X-CSRF-Token'] = csrfToken;
  }
  const generation = sessionGeneration;
  let response;
  try {
    response = await fetch(staffUrl(path, params), {
      method,
      headers,
      credentials: 'same-origin',
      body: raw || (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch (error) {
    throw new ApiError(0, null, null);
  }
  if (response.status === 204)
    return null;
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (!response.ok) {
    // Sent with the old session while the person was signing in again (a poll in
    // flight): no second sign-in, only the same request with the new session.
    if (response.status === 401 && generation !== sessionGeneration && path !== 'login'
        && path !== 'logout')
      return request(method, path, { body, params, retried, raw });
    if (response.status === 401 && path !== 'login' && path !== 'logout' && !retried
        && reauthenticate) {
      let signedIn = false;
      try {
        await signInAgain();
        signedIn = true;
      } catch (error) {
        // Declined: the request fails as it would have.
      }
      if (signedIn)
        return request(method, path, { body, params, retried: true, raw });
    }
    if (response.status === 401 && path !== 'login' && unauthorizedHandler)
      unauthorizedHandler();
    throw new ApiError(response.status, data && data.error, data && data.field,
                       response.headers.get('Retry-After'), data && data.code);
  }
  return data;
}

export const get = (path, params) => request('GET', path, { params });
export const post = (path, body) => request('POST', path, { body });
// A file (a step's picture) as the body: POST images answers {name, width, height, size}.
export const upload = (path, file) => request('POST', path, { raw: file });
