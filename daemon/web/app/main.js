// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The app's frame. sorid draws every page (daemon/api/sori-pages*.c); this
// makes the page it is given better and draws none: a same-origin link or a
// GET form fetches sorid's next page and swaps in its <main>, title and
// navigation, takes the focus to its heading and says it politely; back
// and forward bring the pages back, each at its scroll. Whatever goes wrong
// (a timeout, an answer that is not one of sorid's pages) falls back to the
// browser's own navigation, as without JavaScript.

import * as prefs from './prefs.js';
import { setLanguage } from './i18n.js';
import { adopt } from './pages.js';

const PAGE_TIMEOUT_MS = 8000;
const KEPT_MAX = 16;   // pages kept in memory for back and forward
/*
 * The camera is allowed, and WebAssembly compiled, only in the documents
 * sorid sent as the camera or the directions page (Permissions-Policy and
 * CSP are a document's, not a route's): a page of one kind is swapped only
 * for one of the same kind; across kinds the browser loads it.
 */
const CAMERA_PAGES = ['camera', 'directions'];
const mainOf = (root) => root.getElementById('main');
const documentCamera = CAMERA_PAGES.includes(mainOf(document).dataset.page);
const kept = new Map();   // URL → {html, url}
let current = null;       // the page's behaviour: {destroy?, focus?}
let ticket = 0;

/** Says @message to screen readers, politely, once. */
function announce(message) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = message; }, 50);
}

/*
 * What the address asks of the app, read once: ?lang= (a language link) is
 * the visitor's choice from now on; ?via= (sorid's redirect of a QR code or
 * a typed number) says how the exhibit was reached, and goes from the
 * address so that a reload does not say it again.
 */
function readQuery() {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang');
  if (lang) prefs.set({ lang });
  const via = params.get('via');
  if (via) {
    params.delete('via');
    const rest = params.toString();
    history.replaceState(history.state, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
  }
  return ['qr', 'number', 'camera'].includes(via) ? via : null;
}

async function take({ via = null, fromForm = false, focus = true } = {}) {
  const main = mainOf(document);
  if (current && current.destroy) current.destroy();
  current = null;
  setLanguage(document.documentElement.lang);
  document.documentElement.dataset.page = main.dataset.page;
  // a new page: the focus on its heading at once, as a screen reader expects
  const heading = main.querySelector('h1') || main;
  if (focus) {
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    announce(document.title);
  }
  // the venue of the page, as sorid wrote it on <main>: its day where the page counts usage
  const d = main.dataset;
  const venue = d.venue ? { id: d.venue, day: d.venueDay, usage_counting: d.usage !== 'off' } : null;
  const ctx = { page: d.page, venue, lang: d.lang, via, visit, announce };
  try {
    current = (await adopt(ctx, main)) || {};
  } catch (err) {
    current = {};
  }
  main.removeAttribute('aria-busy');
  showConnection();
  document.documentElement.dataset.ready = 'adopted';
  // what a form asked for (the way, on directions), where the focus still is on the heading
  if (focus && fromForm && current.focus && document.activeElement === heading) current.focus.focus();
}

/**
 * sorid's page at @url, as text, within the deadline; throws on anything
 * else. The visitor's chosen language goes as the phone's (Accept-Language):
 * sorid chooses the page's language as it does for any phone, and its links
 * stay as they are.
 */
async function fetchPage(url) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), PAGE_TIMEOUT_MS);
  const headers = { Accept: 'text/html' };
  const lang = prefs.get().lang;
  if (lang) {
    headers['Accept-Language'] = [lang, ...(navigator.languages || []).filter((l) => l !== lang).map((l) => `${l};q=0.5`)].join(', ');
  }
  try {
    const response = await fetch(url, { credentials: 'omit', headers, signal: abort.signal });
    const type = response.headers.get('Content-Type') || '';
    // a page that says what went wrong (404, 400) is a page too; a 503 from
    // the service worker offline is not
    if (!type.startsWith('text/html') || response.status >= 500) throw new Error(`HTTP ${response.status}`);
    return { html: await response.text(), url: response.url || url };
  } finally {
    clearTimeout(timer);
  }
}

function replaceFromDoc(doc, selector) {
  const now = document.querySelector(selector);
  const next = doc.querySelector(selector);
  if (now && next) now.replaceWith(document.adoptNode(next));
  else if (now) now.remove();
  else if (next) document.head.append(document.adoptNode(next));
}

/* sorid's page in this document: <main>, the title, the header, the words around them */
function swap(doc) {
  const next = mainOf(doc);
  const main = mainOf(document);
  for (const name of main.getAttributeNames()) main.removeAttribute(name);
  for (const name of next.getAttributeNames()) main.setAttribute(name, next.getAttribute(name));
  main.setAttribute('aria-busy', 'true');
  main.replaceChildren(...[...next.childNodes].map((n) => document.adoptNode(n)));
  document.title = doc.title;
  document.documentElement.lang = doc.documentElement.lang;
  document.documentElement.dir = doc.documentElement.dir;
  for (const selector of ['#brand', '#site-nav', '#skip-link', '#offline-banner', '#privacy-note',
    'head script#sori-venue-schema', 'head meta[name="description"]']) {
    replaceFromDoc(doc, selector);
  }
  for (const link of document.head.querySelectorAll('link[rel="alternate"]')) link.remove();
  document.head.append(...[...doc.head.querySelectorAll('link[rel="alternate"]')].map((n) => document.adoptNode(n)));
}

/**
 * Goes to @href: sorid's page fetched and swapped in, or the browser's own
 * navigation when it cannot be. @replace: in place of this page's entry;
 * @back: a history entry being returned to (popstate); @unasked: a form the
 * app sent by itself, left as it is when its page cannot be fetched.
 */
async function visit(href, { replace = false, back = false, fromForm = false, unasked = false,
  via: given = null } = {}) {
  const url = new URL(href, location.href);
  const mine = ++ticket;
  if (!back && history.state && history.state.sori) {
    history.replaceState(Object.assign({}, history.state, { scroll: scrollY }), '');
  }
  mainOf(document).setAttribute('aria-busy', 'true');
  let got = back ? kept.get(url.href) : null;
  try {
    if (!got) got = await fetchPage(url.href);
  } catch (err) {
    got = null;
  }
  if (mine !== ticket) return;
  const doc = got ? new DOMParser().parseFromString(got.html, 'text/html') : null;
  const next = doc ? mainOf(doc) : null;
  if (!next || !next.dataset.page || CAMERA_PAGES.includes(next.dataset.page) !== documentCamera) {
    if (unasked) mainOf(document).removeAttribute('aria-busy');
    else if (back) location.reload();
    else if (replace) location.replace(url.href);
    else location.assign(url.href);
    return;
  }
  // the address the page answered at (a number's redirect)
  const shown = new URL(got.url);
  const address = shown.pathname + shown.search + url.hash;
  kept.set(new URL(address, location.href).href, got);
  if (kept.size > KEPT_MAX) kept.delete(kept.keys().next().value);
  if (back) history.replaceState(Object.assign({}, history.state, { sori: true }), '');
  else if (replace) history.replaceState({ sori: true }, '', address);
  else history.pushState({ sori: true }, '', address);
  swap(doc);
  // a new page at its top; one returned to where it was left
  scrollTo({ top: back && history.state && history.state.scroll ? history.state.scroll : 0, behavior: 'instant' });
  const via = readQuery() || given;
  await take({ via, fromForm });
}

/* a link to follow in the page, or null for the browser's own */
function followable(event) {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target.closest('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return null;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/v1/') || url.pathname.startsWith('/app/')
    || url.pathname.startsWith('/admin')) return null;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) {
    // the skip link, and links within a page: focus the target
    const target = document.getElementById(url.hash.slice(1));
    if (target) {
      event.preventDefault();
      if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
      target.focus();
    }
    return null;
  }
  return url;
}

document.addEventListener('click', (event) => {
  const url = followable(event);
  if (!url) return;
  event.preventDefault();
  visit(url.href);
});

// a GET form (directions, the number without the keypad's own, a version): its page, swapped in
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (event.defaultPrevented || (form.method || 'get').toLowerCase() !== 'get') return;
  const url = new URL(form.action || location.href, location.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  const data = new FormData(form, event.submitter || undefined);
  url.search = new URLSearchParams([...data].filter(([, v]) => typeof v === 'string')).toString();
  visit(url.href, { fromForm: true, unasked: form.dataset.unasked === 'true' });
  delete form.dataset.unasked;
});

window.addEventListener('popstate', () => {
  visit(location.href, { back: true });
});

// sorid's banner in the header, shown while the phone is offline (a page kept by an older sorid has none)
function showConnection() {
  const banner = document.getElementById('offline-banner');
  if (banner) banner.hidden = navigator.onLine;
}
window.addEventListener('online', showConnection);
window.addEventListener('offline', showConnection);

prefs.apply();
for (const query of ['(prefers-contrast: more)', '(prefers-reduced-motion: reduce)']) {
  if (typeof matchMedia === 'function') matchMedia(query).addEventListener('change', prefs.apply);
}

/**
 * Offline copies: the service worker. Its install fetches every file of the
 * app, and one lost on hostile Wi-Fi fails all of it, so a failed
 * registration or install is tried again, sooner when the phone is back
 * online. Without it the app still works online.
 */
const OFFLINE_RETRY_S = [5, 15, 45, 120];
function keepOffline(attempt = 0) {
  const retry = () => {
    if (attempt >= OFFLINE_RETRY_S.length) return;
    const again = () => {
      clearTimeout(timer);
      window.removeEventListener('online', again);
      keepOffline(attempt + 1);
    };
    const timer = setTimeout(again, OFFLINE_RETRY_S[attempt] * 1000);
    window.addEventListener('online', again);
  };
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((registration) => {
    // some privacy add-ons (and test harnesses) stub register() out
    const worker = registration && registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      // redundant with nothing active: its install failed (a worker
      // replaced by a newer one leaves that one active)
      if (worker.state === 'redundant' && !registration.active) retry();
    });
  }, retry);
}
if ('serviceWorker' in navigator) keepOffline();

/*
 * The first page: sorid's, as it stands, unless the visitor chose another of
 * the venue's languages than the one sorid chose for the phone; then sorid's
 * page in that language, swapped in.
 */
history.scrollRestoration = 'manual';
history.replaceState(Object.assign({}, history.state, { sori: true }), '');
const firstVia = readQuery();
const chosen = prefs.get().lang;
const main = mainOf(document);
const offered = [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => l.hreflang);
if (chosen && main.dataset.lang && chosen !== main.dataset.lang && offered.includes(chosen)
  && !new URLSearchParams(location.search).has('lang')) {
  visit(location.href, { replace: true, via: firstVia });
} else {
  take({ via: firstVia, focus: false });
}
// the exhibit's behaviour (the player, the captions) fetched while the visitor reads, not after a tap
setTimeout(() => import('./exhibit.js').catch(() => {}), 1500);
