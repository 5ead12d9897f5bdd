// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// What the app asks sorid for beyond its pages: where the beacons heard are,
// the captions' words with their times, and a file fetched ahead for a dead
// spot. Everything else is in the page sorid sent.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
  }
}

/** fetch(), failing with an ApiError: of status 0 when the network failed */
async function send(path, init) {
  let response;
  try {
    response = await fetch(path, Object.assign({ credentials: 'omit' }, init));
  } catch (err) {
    throw new ApiError(0, { detail: String(err) });
  }
  if (!response.ok) {
    const type = response.headers.get('Content-Type') || '';
    throw new ApiError(response.status, type.includes('json') ? await response.json().catch(() => null) : null);
  }
  return response;
}

/** Where am I: the beacons heard, to the nearest exhibit or gallery. */
export async function locate(venue, sightings) {
  const response = await send(`/v1/venues/${encodeURIComponent(venue)}/locate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ sightings }),
  });
  return response.json();
}

/** The text of a WebVTT file (captions), following sorid's redirect. */
export async function captions(path) {
  return (await send(path)).text();
}

/** Fetch once so the service worker keeps it for a dead spot. */
export function warm(path) {
  // read to the end: a body left unread holds its connection open
  fetch(path, { credentials: 'omit' }).then((response) => response.blob()).catch(() => {});
}
