// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// "Keep this venue for offline", on the venue's home page (sorid draws it:
// sori-pages-offline.c). sorid lists what to keep (/v1/venues/{venue}/offline:
// every page, picture, recording and captions file, with an estimate of its
// size); this says the size, asks the phone for the room, fetches them a few
// at a time (a 503 of the speech routes tried again after its Retry-After)
// into one cache per venue, which the service worker answers from offline
// (sw.js), and removes it on request. All of it or none: a failure, or a
// phone out of room, removes what was written.

import { t } from './i18n.js';

const AT_ONCE = 3;          // the speech routes render on demand: a modest load
const TRIES = 5;            // a 503 (renderers busy) tried again this often
const RETRY_MAX_S = 30;
const FETCH_TIMEOUT_MS = 90000;
const COMPLETE = '/app/offline-complete';   // written last: the cache is whole
export const KEEP_HEADER = 'Sori-Keep';     // sw.js leaves these to the network

let job = null;   // the keeping under way, which outlives a page change

const cacheOf = (venue) => `sori-offline-${venue}`;

/** @bytes in the visitor's words: "14 MB", "850 KB". */
function sizeWords(bytes, lang) {
  const mb = bytes / 1e6;
  const n = (v, digits) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v);
  return mb >= 1 ? t('size_mb', n(mb, mb < 10 ? 1 : 0)) : t('size_kb', n(Math.max(1, bytes / 1e3), 0));
}

/** Whether the venue is kept whole; a cache left half-written (a tab closed) goes. */
async function isKept(name) {
  if (!(await caches.has(name))) return false;
  if (await (await caches.open(name)).match(COMPLETE)) return true;
  if (!job) await caches.delete(name);
  return false;
}

class NoRoom extends Error {}

/** One URL, whole, as a plain answer to keep; a 503 waits for its Retry-After. */
async function fetchOne(url, lang) {
  for (let attempt = 1; ; attempt++) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        credentials: 'omit', signal: abort.signal,
        headers: { [KEEP_HEADER]: '1', Accept: url.startsWith('/v/') ? 'text/html' : '*/*', 'Accept-Language': lang },
      });
      if (response.status === 503 && attempt < TRIES) {
        const wait = Math.min(RETRY_MAX_S, Number(response.headers.get('Retry-After')) || 2);
        await new Promise((r) => setTimeout(r, wait * 1000));
        continue;
      }
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const body = await response.blob();
      // a plain copy: what the service worker answers must not say it was redirected
      return new Response(body, { headers: { 'Content-Type': response.headers.get('Content-Type') || '' } });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Keeps every item of @list in cache @name, AT_ONCE at a time; all or nothing. */
async function keepAll(list, name, lang, progress) {
  const space = navigator.storage && navigator.storage.estimate ? await navigator.storage.estimate() : null;
  if (space && typeof space.quota === 'number' && space.quota - (space.usage || 0) < list.estimate) throw new NoRoom();
  // asked, not required: a browser that says no may still keep it a while
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  // the pages' links keep a language chosen with ?lang= (sori_page_href())
  const chosen = new URLSearchParams(location.search).get('lang');
  const address = (url) => {
    if (!chosen || !url.startsWith('/v/')) return url;
    const [path, query] = url.split('?');
    return `${path}?lang=${encodeURIComponent(chosen)}${query ? `&${query}` : ''}`;
  };
  const cache = await caches.open(name);
  const items = list.items;
  let next = 0;
  let done = 0;
  let failed = null;
  const worker = async () => {
    while (!failed && next < items.length) {
      const url = address(items[next++].url);
      try {
        await cache.put(url, await fetchOne(url, lang));
        progress(++done / items.length);
      } catch (err) {
        failed = failed || err;
      }
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  if (!failed) await cache.put(COMPLETE, new Response(String(Date.now()))).catch((err) => { failed = err; });
  if (failed) {
    await caches.delete(name);
    throw failed.name === 'QuotaExceededError' ? new NoRoom() : failed;
  }
}

/** The control on the home page: its size, keeping with progress, removing. */
export async function adopt(ctx, main) {
  const root = main.querySelector('.keep-offline');
  if (!root || !ctx.venue) return {};
  const $ = (selector) => root.querySelector(selector);
  const [keep, unkeep, size, bar, status] = ['[data-action="keep"]', '[data-action="unkeep"]', '.keep-size', '.keep-bar', '.keep-status'].map($);
  const meter = bar.querySelector('progress');
  const say = (message) => { status.textContent = message; };
  if (!('caches' in window) || !navigator.serviceWorker) {
    size.textContent = t('keep_unsupported');
    keep.hidden = true;
    return {};
  }
  const name = cacheOf(ctx.venue.id);
  const lang = ctx.lang || document.documentElement.lang;
  let list = null;   // sorid's list: without it (offline) there is nothing to keep with
  const showKept = (kept) => { keep.hidden = kept || !list; unkeep.hidden = !kept; };
  let announced = 0;
  const progress = (share) => {
    const percent = Math.floor(share * 100);
    meter.value = percent;
    // a screen reader hears a quarter at a time, not every file
    const quarter = Math.floor(percent / 25) * 25;
    if (quarter > announced) {
      announced = quarter;
      say(t('keep_percent', quarter));
    }
  };
  const follow = (running) => {
    keep.disabled = true;
    bar.hidden = false;
    running.listeners.add(progress);
    running.promise.then(() => {
      showKept(true);
      say(t('keep_done'));
    }, (err) => {
      bar.hidden = true;
      say(err instanceof NoRoom ? t('keep_no_room', sizeWords(list ? list.estimate : 0, lang)) : t('keep_failed'));
    }).finally(() => { keep.disabled = false; running.listeners.delete(progress); });
  };
  showKept(await isKept(name));
  // removing needs no network
  unkeep.addEventListener('click', async () => {
    await caches.delete(name);
    showKept(false);
    bar.hidden = true;
    say(t('keep_removed'));
    // the focus was on the button now hidden: on what replaces it, or the section's heading
    const next = keep.hidden ? root.closest('section').querySelector('h2') : keep;
    if (keep.hidden) next.tabIndex = -1;
    next.focus();
  });
  if (job && job.name === name) follow(job);
  size.textContent = t('keep_size_unknown');
  try {
    const response = await fetch(`/v1/venues/${encodeURIComponent(ctx.venue.id)}/offline?lang=${encodeURIComponent(lang)}`,
      { credentials: 'omit', headers: { [KEEP_HEADER]: '1' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    list = await response.json();
    size.textContent = t('keep_size', sizeWords(list.estimate, lang));
  } catch (err) {
    size.textContent = '';
    keep.hidden = true;   // offline: what is kept stays, removable
    return {};
  }
  showKept(!unkeep.hidden);
  keep.addEventListener('click', () => {
    if (job) return;
    announced = 0;
    meter.value = 0;
    say('');
    const running = { name, listeners: new Set() };
    running.promise = keepAll(list, name, lang, (share) => running.listeners.forEach((l) => l(share)))
      .finally(() => { job = null; });
    job = running;
    follow(running);
  });
  return {};
}
