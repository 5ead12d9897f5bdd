// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// sorid's public API, as the app uses it. The language is always asked for
// explicitly, so that the service worker can keep each answer under its URL.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.type = (problem && problem.type) || 'about:blank';
    this.offline = status === 0;
  }
}

const memo = new Map();
const MEMO_MAX = 64;

function withLang(path, lang) {
  const url = new URL(path, location.origin);
  if (lang) url.searchParams.set('lang', lang);
  return url.pathname + url.search;
}

/** fetch(), with a network that failed as an ApiError of status 0 */
async function send(path, init) {
  try {
    return await fetch(path, Object.assign({ credentials: 'omit' }, init));
  } catch (err) {
    throw new ApiError(0, { detail: String(err) });
  }
}

async function request(path, init) {
  const response = await send(path, init);
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** GET a JSON resource in @lang; answers are remembered for the visit. */
export async function get(path, lang) {
  const url = withLang(path, lang);
  if (memo.has(url)) return memo.get(url);
  const body = await request(url, { headers: { Accept: 'application/json' } });
  if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value);
  memo.set(url, body);
  return body;
}

function venuePath(venue, ...rest) {
  return ['/v1/venues', encodeURIComponent(venue), ...rest].join('/');
}

export const venue = (id, lang) => get(venuePath(id), lang);
export const exhibit = (id, exhibitId, lang) =>
  get(venuePath(id, 'exhibits', encodeURIComponent(exhibitId)), lang);
export const code = (id, number, lang) =>
  get(venuePath(id, 'codes', encodeURIComponent(number)), lang);

/** The printed codes of a venue, and what each is beside (the camera page's). */
export const markers = (id, lang) => get(venuePath(id, 'markers'), lang);

/** Where am I: the beacons heard, to the nearest exhibit or gallery. */
export function locate(id, sightings, lang) {
  return request(withLang(venuePath(id, 'locate'), lang), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ sightings }),
  });
}

/** The text of a WebVTT file (captions), following sorid's redirect. */
export async function captions(path) {
  const response = await send(path);
  if (!response.ok) throw new ApiError(response.status, null);
  return response.text();
}

/** Fetch once so the service worker keeps it for a dead spot. */
export function warm(path) {
  // read to the end: a body left unread holds its connection open
  fetch(path, { credentials: 'omit' }).then((response) => response.blob()).catch(() => {});
}
