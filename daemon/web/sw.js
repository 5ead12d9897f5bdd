// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The service worker: keeps the app and the exhibits already opened, so that a
// dead spot in a stone building does not end the visit, and answers offline
// from a venue kept whole ("Keep this venue for offline", app/offline.js,
// cache sori-offline-{venue}), which it never trims. sorid writes in the
// version and the list of files when it serves this script.

const VERSION = '@SORI_SHELL_VERSION@';
const SHELL_FILES = @SORI_SHELL_FILES@;
const SHELL = `sori-shell-${VERSION}`;
const DATA = 'sori-data';     // API answers, by URL (the language is in it)
const PAGES = 'sori-pages';   // the pages sorid sent, by URL
const PAGES_MAX = 100;
const OFFLINE_PAGE = '/offline';   // sorid's page for one never opened, offline
const MEDIA = 'sori-media';   // audio and captions
const DATA_MAX = 300;
const MEDIA_MAX = 60;
const NETWORK_TIMEOUT_MS = 6000;

const INSTALL_TRIES = 3;
const INSTALL_FETCH_TIMEOUT_MS = 15000;

/** One file of the app, tried again when Wi-Fi drops or stalls it. */
async function fetchShellFile(url) {
  let problem;
  for (let attempt = 0; attempt < INSTALL_TRIES; attempt++) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), INSTALL_FETCH_TIMEOUT_MS);
    try {
      // revalidated, not reloaded: what the page just fetched costs a 304
      const response = await fetch(new Request(url, { cache: 'no-cache', signal: abort.signal }));
      if (response.ok) {
        // the whole body within the time too: a stall can come after the head
        const body = await response.blob();
        return new Response(body, { status: response.status, headers: response.headers });
      }
      problem = new Error(`${url}: HTTP ${response.status}`);
    } catch (err) {
      problem = err;
    } finally {
      clearTimeout(timer);
    }
  }
  throw problem;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    // all of the app or none of it: a half-kept app would break offline
    const responses = await Promise.all(SHELL_FILES.map(fetchShellFile));
    const cache = await caches.open(SHELL);
    await Promise.all(responses.map((response, i) => cache.put(SHELL_FILES[i], response)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('sori-shell-') && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

async function trim(cache, max) {
  const keys = await cache.keys();
  for (let i = 0; i < keys.length - max; i++) await cache.delete(keys[i]);
}

async function keep(cacheName, key, response, max) {
  const cache = await caches.open(cacheName);
  await cache.delete(key);    // re-added last: the oldest go first
  await cache.put(key, response);
  await trim(cache, max);
}

function offlineProblem(url) {
  return new Response(JSON.stringify({
    type: 'urn:sori:problem:offline', title: 'offline', status: 503,
    detail: 'no network, and this was not opened before', instance: new URL(url).pathname,
  }), { status: 503, headers: { 'Content-Type': 'application/problem+json' } });
}

/** What was kept of @url: in @cacheName, else in a venue kept for offline. */
async function kept(url, cacheName) {
  return (await caches.match(url, { cacheName })) || caches.match(url);
}

/** The network when it answers in time, else what was kept. */
async function networkFirst(request, cacheName, max) {
  let response;
  try {
    response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
  } catch (err) {
    response = null;
  }
  if (response) {
    // only whole answers can be kept; a full disk must not lose this one
    if (response.status === 200) await keep(cacheName, request.url, response.clone(), max).catch(() => {});
    return response;
  }
  return (await kept(request.url, cacheName)) || offlineProblem(request.url);
}

/** The bytes a Range header asks for, as sorid would answer (Safari needs 206). */
async function ranged(response, range) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(range || '');
  if (!m || (!m[1] && !m[2])) return response;
  const body = await response.blob();
  const size = body.size;
  let start;
  let end;
  if (m[1]) {
    start = Number(m[1]);
    end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  } else {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  }
  const type = response.headers.get('Content-Type') || 'application/octet-stream';
  if (start >= size || start > end) {
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
  }
  return new Response(body.slice(start, end + 1, type), {
    status: 206,
    headers: {
      'Content-Type': type,
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Content-Length': String(end - start + 1),
      'Accept-Ranges': 'bytes',
    },
  });
}

// whole files being downloaded, by URL: the player's several Range requests
// for one file share one download and one write to the cache, so a phone on a
// slow connection fetches each recording once
const downloads = new Map();
// a download nobody waits for any more (its recording still being spoken by
// sorid when the player gave up) goes on to be kept, within this time
const DOWNLOAD_MAX_MS = 120000;

/**
 * The whole file at @url from the network, kept when it is whole: { head,
 * whole }, two promises that reject offline. A caller that stops waiting for
 * the head does not stop the download: what was asked for is kept for later,
 * and sorid's answer is read rather than left to stall its connection.
 */
function download(url) {
  let pending = downloads.get(url);
  if (!pending) {
    const abort = new AbortController();
    const limit = setTimeout(() => abort.abort(), DOWNLOAD_MAX_MS);
    const head = fetch(url, { credentials: 'omit', signal: abort.signal });
    const whole = head.then(async (fresh) => {
      const got = {
        status: fresh.ok ? 200 : fresh.status,
        type: fresh.headers.get('Content-Type') || 'application/octet-stream',
        body: await fresh.blob(),
      };
      // a plain copy: the kept answer must not say it was redirected
      if (fresh.ok) await keep(MEDIA, url, answer(got), MEDIA_MAX).catch(() => {});
      return got;
    }).finally(() => {
      clearTimeout(limit);
      downloads.delete(url);
    });
    whole.catch(() => {});   // a caller that gave up is told no more
    pending = { head, whole };
    downloads.set(url, pending);
  }
  return pending;
}

/** A response of its own for each caller of download(). */
function answer(got) {
  return new Response(got.body, { status: got.status, headers: { 'Content-Type': got.type } });
}

/**
 * Audio and captions: whole files, kept, and cut to the player's Range here.
 * sorid's media URLs never change (cache first); the exhibit links that
 * redirect to them do when a text changes (network first).
 */
async function media(request) {
  const url = request.url;
  const path = new URL(url).pathname;
  const immutable = path.startsWith('/v1/media/') || /^\/v1\/venues\/[^/]+\/media\//.test(path);
  let whole = immutable ? await kept(url, MEDIA) : null;
  if (!whole) {
    try {
      const pending = download(url);
      await withTimeout(pending.head, NETWORK_TIMEOUT_MS);
      // a body that stalls (the signal lost mid-download) gives way to a copy
      // kept before; without one, it is waited for
      const got = await withTimeout(pending.whole, NETWORK_TIMEOUT_MS)
        .catch(async () => ((await kept(url, MEDIA)) ? null : pending.whole));
      if (!got) throw new Error('stalled');
      if (got.status !== 200) return answer(got);
      whole = answer(got);
    } catch (err) {
      whole = await kept(url, MEDIA);
      if (!whole) return offlineProblem(url);
    }
  }
  return ranged(whole, request.headers.get('Range'));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  // the keeping of a venue for offline (app/offline.js) asks the network itself
  if (request.headers.has('Sori-Keep')) return;
  const url = new URL(request.url);
  // a venue's own pictures and videos: the browser's cache, as usual
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  // the curators' console is not the visitors' app, and is never kept offline
  if (path === '/admin' || path.startsWith('/admin/')) return;
  // a page: the browser's navigation, or the app's fetch of sorid's next page (main.js)
  const page = request.mode === 'navigate'
    || ((request.headers.get('Accept') || '').startsWith('text/html') && !path.startsWith('/app/') && !path.startsWith('/v1/'));
  if (page) {
    // sorid's page, whole, when the network answers in time; offline, the
    // page as it was kept, or the offline page
    event.respondWith((async () => {
      let response = null;
      try {
        response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
      } catch (err) {
        response = null;
      }
      if (response) {
        const type = response.headers.get('Content-Type') || '';
        if (response.status === 200 && !response.redirected && type.startsWith('text/html')) {
          // kept after it is answered: the page does not wait for the disk
          event.waitUntil(keep(PAGES, request.url, response.clone(), PAGES_MAX).catch(() => {}));
        }
        return response;
      }
      const keptPage = await kept(request.url, PAGES);
      if (keptPage) return keptPage;
      // the app's own fetch falls back to the browser's navigation, which gets the offline page
      const offline = request.mode === 'navigate' ? await caches.match(OFFLINE_PAGE, { cacheName: SHELL }) : null;
      return offline || offlineProblem(request.url);
    })());
    return;
  }
  if (SHELL_FILES.includes(path)) {
    event.respondWith((async () => (await caches.match(path, { cacheName: SHELL })) || fetch(request))());
    return;
  }
  if (path.startsWith('/v1/media/') || /^\/v1\/venues\/[^/]+\/(exhibits\/[^/]+|route)\/(audio|captions)$/.test(path)) {
    event.respondWith(media(request));
    return;
  }
  if (/^\/v1\/venues\/[^/]+\/media\//.test(path)) {
    // a curator's upload: a video streams as the browser likes; a picture,
    // which never changes under its name, is kept for a dead spot
    if (request.destination === 'video' || request.headers.has('Range')) return;
    event.respondWith(media(request));
    return;
  }
  if (path.startsWith('/v1/venues')) {
    event.respondWith(networkFirst(request, DATA, DATA_MAX));
  }
});
