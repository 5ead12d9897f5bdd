// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The app's frame: routes, the header, focus after each page change, the
// language, and the service worker that keeps the visit going offline.
// sorid sends every page whole (daemon/api/sori-pages.c); the first one the
// app takes over as it stands (views.adopt), and only the pages after it,
// or one the service worker had to stand in for offline, are drawn here.

import { h } from './dom.js';
import * as api from './api.js';
import * as prefs from './prefs.js';
import { t, setLanguage, uiLanguage } from './i18n.js';
import * as views from './views.js';

const main = document.getElementById('main');
const nav = document.getElementById('site-nav');
const brand = document.getElementById('brand');
const announcer = document.getElementById('announcer');
let current = null;   // the page shown: {destroy()}
/*
 * The camera is allowed, and WebAssembly compiled, only in the documents
 * sorid sent as the camera or the directions page (Permissions-Policy and
 * CSP are a document's, not a route's): going to or from one of them loads
 * the page afresh rather than drawing it here.
 */
const CAMERA_PAGES = ['camera', 'directions'];
const documentPage = main.dataset.page || null;
let rendering = 0;
let firstRender = true;

/** Says @message to screen readers, politely, once. */
function announce(message) {
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = message; }, 50);
}

/** The route of a path: /v/{venue}[/{page}[/{arg}]] */
function route(pathname) {
  const parts = pathname.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch (err) {
      return null;
    }
  });
  if (parts.includes(null)) return { page: 'not-found' };
  if (parts.length === 0) return { page: 'venues' };
  if (parts.length === 1 && parts[0] === 'settings') return { page: 'settings' };
  if (parts[0] !== 'v' || parts.length < 2) return { page: 'not-found' };
  const venue = parts[1];
  if (parts.length === 2) return { page: 'home', venue };
  const pages = {
    keypad: 'keypad', access: 'access', settings: 'settings', nearby: 'nearby', directions: 'directions',
    camera: 'camera',
  };
  if (parts.length === 3 && pages[parts[2]]) return { page: pages[parts[2]], venue };
  const kinds = { e: 'exhibit', g: 'gallery', c: 'code' };
  if (parts.length === 4 && kinds[parts[2]]) return { page: kinds[parts[2]], venue, arg: parts[3] };
  return { page: 'not-found', venue };
}

function navigate(path, { replace = false } = {}) {
  if (CAMERA_PAGES.includes(route(new URL(path, location.href).pathname).page) || CAMERA_PAGES.includes(documentPage)) {
    if (replace) location.replace(path);
    else location.assign(path);
    return;
  }
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

function setNav(venue, page, lang) {
  nav.replaceChildren();
  if (!venue) {
    nav.hidden = true;
    brand.textContent = 'sori';
    brand.href = '/';
    brand.removeAttribute('lang');
    return;
  }
  const base = views.venueHref(venue);
  brand.textContent = venue.name.text;
  brand.lang = venue.name.lang || lang;
  brand.href = base;
  const items = [
    ['home', base, t('nav_home')],
    ['keypad', `${base}/keypad`, t('nav_number')],
    ['access', `${base}/access`, t('nav_access')],
    ['camera', `${base}/camera`, t('nav_camera')],
    ['settings', `${base}/settings`, t('nav_settings')],
  ];
  nav.setAttribute('aria-label', t('nav_main'));
  nav.append(h('ul', {}, items.map(([name, href, label]) => h('li', {},
    h('a', { href, 'aria-current': name === page ? 'page' : null }, label)))));
  nav.hidden = false;
}

function setChrome() {
  document.documentElement.lang = uiLanguage();
  document.getElementById('skip-link').textContent = t('skip');
  document.getElementById('privacy-note').textContent = t('privacy');
}

/** The venue of a route in the visitor's language, and that language. */
async function loadVenue(id) {
  const list = await api.venues();
  const entry = (list.venues || []).find((v) => v.id === id);
  if (!entry) {
    const err = new api.ApiError(404, { type: 'urn:sori:problem:unknown-venue' });
    throw err;
  }
  const lang = prefs.chooseLanguage(entry.languages || [], entry.default_language);
  const venue = await api.venue(id, lang);
  return { venue, lang };
}

/*
 * What a link or the address asks of the app, read once: ?lang= (a
 * language link) is the visitor's choice from now on; ?via= (sorid's
 * redirect of a QR code or a typed number) says how the exhibit was
 * reached, and goes from the address so that a reload does not say it again.
 */
function readQuery() {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang');
  if (lang) prefs.set({ lang });
  const via = params.get('via');
  if (via === 'qr' || via === 'number' || via === 'camera') {
    params.delete('via');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
  }
  return via;
}

/* the page sorid sent, when it is the one the app would draw: same page, same language */
function served(r, lang) {
  const page = main.dataset.page;
  if (!page) return false;
  delete main.dataset.page;
  return page === r.page && main.dataset.lang === lang && main.dataset.path === location.pathname;
}

async function render() {
  const ticket = ++rendering;
  const via = readQuery();
  const r = route(location.pathname);
  const given = firstRender;
  if (!given) main.setAttribute('aria-busy', 'true');
  if (current && current.destroy) current.destroy();
  current = null;
  let page;
  let venue = null;
  let adopted = false;
  let lang = prefs.get().lang || (navigator.language || 'en').split('-')[0];
  try {
    if (r.venue) {
      ({ venue, lang } = await loadVenue(r.venue));
    } else if (given && main.dataset.lang && !prefs.get().lang) {
      // the venues page and the settings: in the language sorid chose for the phone
      lang = main.dataset.lang;
    }
    setLanguage(lang);
    const ctx = { route: r, venue, lang, via, navigate, announce, rerender: render };
    page = given && served(r, lang) ? await views.adopt(r.page, ctx, main) : null;
    adopted = Boolean(page);
    if (!page) page = await views.show(r.page, ctx);
  } catch (err) {
    setLanguage(lang);
    page = views.error(err, { route: r, venue, lang, navigate, rerender: render });
  }
  if (ticket !== rendering) {
    if (page.destroy) page.destroy();
    return;
  }
  setChrome();
  // the page sorid sent stays as it is, header and all
  if (!adopted) {
    setNav(venue, page.nav || r.page, lang);
    main.replaceChildren(...page.nodes);
  }
  main.removeAttribute('aria-busy');
  current = page;
  document.title = venue && page.title !== venue.name.text
    ? `${page.title} — ${venue.name.text}` : page.title;
  // a new page: take the focus to its heading, as a screen reader expects
  const heading = main.querySelector('h1');
  if (heading) heading.tabIndex = -1;
  if (!firstRender && heading) heading.focus();
  else if (!firstRender) main.focus();
  firstRender = false;
  document.documentElement.dataset.page = r.page;
  // the app has the page: its controls work from now on
  document.documentElement.dataset.ready = adopted ? 'adopted' : 'drawn';
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith('/v1/')) return;
  if (url.pathname === location.pathname && url.hash) {
    // the skip link, and links within a page: focus the target
    const target = document.getElementById(url.hash.slice(1));
    if (target) {
      event.preventDefault();
      if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
      target.focus();
    }
    return;
  }
  // a page of the camera's, or leaving one: the browser's own navigation
  if (CAMERA_PAGES.includes(route(url.pathname).page) || CAMERA_PAGES.includes(documentPage)) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', render);

function showConnection() {
  let banner = document.getElementById('offline-banner');
  if (navigator.onLine) {
    if (banner) banner.remove();
    return;
  }
  if (!banner) {
    banner = h('p', { id: 'offline-banner', class: 'offline-banner', role: 'status' });
    document.querySelector('.site-header').append(banner);
  }
  banner.textContent = t('offline_now');
}
window.addEventListener('online', showConnection);
window.addEventListener('offline', showConnection);

prefs.apply();
prefs.onChange(() => prefs.apply());
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

render().then(showConnection);
