// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The app's pages. Each returns {title, nodes, destroy?}; main.js puts them
// on the screen and moves the focus to their heading.

import { h, text, plain, uid, section, card, radioGroup } from './dom.js';
import * as api from './api.js';
import * as prefs from './prefs.js';
import { t, languageName } from './i18n.js';
import * as usage from './usage.js';

/** The app's address of a venue's page: venueHref(venue, 'e', 'moon-jar'). */
export function venueHref(venue, ...parts) {
  return ['/v', venue.id, ...parts].map((p, i) => (i ? encodeURIComponent(p) : p)).join('/');
}
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MAX_CODE_DIGITS = 6;   // codes are 3 to 6 digits (sori_catalogue_code_is_valid)

/** Whether the venue has a map, so that directions can be asked for. */
export function hasMap(venue) {
  return Boolean(venue && venue.links && venue.links.places);
}

/** "Directions here": the directions page, to @to (a place, exhibit, gallery or entrance id). */
export function directionsLink(venue, to, label) {
  const href = `${venueHref(venue, 'directions')}${to ? `?to=${encodeURIComponent(to)}` : ''}`;
  return h('a', { class: 'button directions-link', href }, label || t('get_directions'));
}

export function breadcrumb(items) {
  return h('nav', { class: 'breadcrumb', 'aria-label': t('breadcrumb') },
    h('ol', {}, items.map(([label, href], i) => h('li', {},
      i === items.length - 1
        ? h('span', { 'aria-current': 'page', lang: label.lang }, plain(label))
        : h('a', { href, lang: label.lang }, plain(label))))));
}

function bluetoothScanning() {
  return Boolean(navigator.bluetooth && typeof navigator.bluetooth.requestLEScan === 'function');
}

function galleryDetails(g) {
  const parts = [];
  if (g.floor !== undefined) parts.push(t('floor', g.floor));
  if (g.step_free !== undefined) parts.push(g.step_free ? t('step_free') : t('not_step_free'));
  if (g.exhibit_count !== undefined) parts.push(t('exhibit_count', g.exhibit_count));
  return h('span', { class: 'card-detail' }, parts.join(' · '));
}

async function venues(ctx) {
  // the venues' names in the visitor's language, where each has it
  const list = await api.venues(ctx.lang);
  const all = list.venues || [];
  if (all.length === 1) {
    ctx.navigate(venueHref(all[0]), { replace: true });
    return { title: plain(all[0].name), nodes: [] };
  }
  return {
    title: t('choose_venue'),
    nodes: [
      h('h1', {}, t('choose_venue')),
      h('p', {}, t('venues_intro')),
      h('ul', { class: 'cards' }, all.map((v) => card(venueHref(v), text('span', v.name, { class: 'card-title' }),
        h('span', { class: 'card-detail' }, (v.languages || []).map(languageName).join(' · '))))),
    ],
  };
}

/*
 * The languages, as links: without JavaScript sorid answers ?lang= with the
 * page in that language; with it, main.js keeps the choice and draws the page.
 */
function languageSwitch(ctx) {
  const languages = ctx.venue ? ctx.venue.languages : ['ko', 'en'];
  return h('ul', { class: 'choices' }, languages.map((code) => h('li', {},
    h('a', {
      class: 'choice',
      href: `${location.pathname}?lang=${encodeURIComponent(code)}`,
      lang: code,
      hreflang: code,
      'aria-current': code === ctx.lang ? 'true' : null,
    }, languageName(code)))));
}

/** Today in the venue's own time zone: {day: 'tue', date: '2027-01-01'}. */
function venueToday(timezone) {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone || undefined, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit',
    }).formatToParts(new Date());
    const part = (type) => (parts.find((p) => p.type === type) || {}).value;
    return { day: String(part('weekday')).slice(0, 3).toLowerCase(), date: `${part('year')}-${part('month')}-${part('day')}` };
  } catch (err) {
    return null;   // a time zone this browser does not know
  }
}

function openingHours(venue) {
  const hours = venue.opening_hours;
  if (!hours) return null;
  const today = venueToday(venue.timezone);
  const closedToday = today && (hours.closed_dates || []).includes(today.date);
  const rows = DAYS.map((day) => {
    const open = (hours.regular || []).filter((r) => (r.days || []).includes(day));
    let value = open.length ? open.map((r) => `${r.opens}–${r.closes}`).join(', ') : t('closed');
    const isToday = today && today.day === day;
    if (isToday && closedToday) value = t('closed');
    return h('div', { class: isToday ? 'row today' : 'row' },
      h('dt', {}, t('days')[day], isToday ? ` (${t('today')})` : null), h('dd', {}, value));
  });
  return section(t('opening_hours'), h('dl', { class: 'hours' }, rows),
    closedToday ? h('p', { class: 'notice' }, t('closed_today')) : null,
    hours.note ? text('p', hours.note) : null);
}

function contact(venue) {
  const c = venue.contact;
  if (!c) return null;
  const items = [];
  if (c.phone) items.push([t('phone'), `tel:${c.phone.replace(/[^+0-9]/g, '')}`, c.phone]);
  if (c.sms) items.push([t('sms'), `sms:${c.sms.replace(/[^+0-9]/g, '')}`, c.sms]);
  if (c.email) items.push([t('email'), `mailto:${c.email}`, c.email]);
  if (c.website && /^https:\/\//.test(c.website)) items.push([t('website'), c.website, c.website]);
  return section(t('contact'), h('ul', { class: 'contact' }, items.map(([label, href, shown]) =>
    h('li', {}, h('span', { class: 'contact-label' }, `${label}: `), h('a', { href }, shown)))));
}

/*
 * The venue as schema.org data in the page's head, for search engines and
 * link previews; gone with the page.
 */
function embedSchema(venue) {
  let gone = false;
  let script = null;
  api.schema(venue.id).then((data) => {
    if (gone || !data) return;
    script = document.createElement('script');
    script.type = 'application/ld+json';
    script.id = 'sori-venue-schema';
    script.textContent = JSON.stringify(data);
    document.head.append(script);
  }).catch(() => {});
  return () => {
    gone = true;
    if (script) script.remove();
  };
}

async function home(ctx) {
  const { venue } = ctx;
  const access = venue.access || {};
  return {
    title: plain(venue.name),
    destroy: embedSchema(venue),
    nodes: [
      text('h1', venue.name),
      venue.description ? text('p', venue.description, { class: 'lead' }) : null,
      section(t('find_exhibit'),
        h('p', { class: 'actions' },
          h('a', { class: 'button primary', href: venueHref(venue, 'keypad') }, t('enter_number')),
          h('a', { class: 'button', href: venueHref(venue, 'camera') }, t('camera_title')),
          bluetoothScanning() ? h('a', { class: 'button', href: venueHref(venue, 'nearby') }, t('find_nearby')) : null),
        h('p', {}, t('qr_hint'))),
      section(t('galleries'), h('ul', { class: 'cards' }, (venue.galleries || []).map((g) =>
        card(venueHref(venue, 'g', g.id), text('span', g.name, { class: 'card-title' }),
          galleryDetails(g))))),
      section(t('access'),
        access.summary ? text('p', access.summary) : null,
        h('p', {}, h('a', { href: venueHref(venue, 'access') }, t('all_access')))),
      section(t('languages'), languageSwitch(ctx)),
      openingHours(venue),
      contact(venue),
    ],
  };
}

async function gallery(ctx) {
  const { venue } = ctx;
  const g = (venue.galleries || []).find((x) => x.id === ctx.route.arg);
  if (!g) throw new api.ApiError(404, { type: 'urn:sori:problem:unknown-gallery' });
  const list = await api.exhibits(venue.id, g.id, ctx.lang);
  return {
    title: plain(g.name),
    nav: 'gallery',
    nodes: [
      breadcrumb([[venue.name, venueHref(venue)], [g.name]]),
      text('h1', g.name),
      g.description ? text('p', g.description, { class: 'lead' }) : null,
      h('p', {}, galleryDetails(g)),
      hasMap(venue) ? h('p', {}, directionsLink(venue, g.id)) : null,
      section(t('exhibits_in'), h('ul', { class: 'cards' }, (list.exhibits || []).map((e) =>
        card(venueHref(venue, 'e', e.id),
          h('span', { class: 'card-title' },
            h('span', { class: 'code' }, h('span', { class: 'visually-hidden' }, `${t('number')} `), e.code || ''),
            ' ', text('span', e.title)),
          e.has_sign_language ? h('span', { class: 'badge' }, t('sign_language_badge')) : null)))),
    ],
  };
}

/* a number typed or a QR code scanned says where the visitor stands: directions start there */
function standingAt(venue, found) {
  if (found.target === 'exhibit' && found.exhibit) prefs.setHere(venue.id, found.exhibit.id, found.exhibit.title);
  else if (found.gallery) prefs.setHere(venue.id, found.gallery.id, found.gallery.name);
}

/*
 * The keypad's behaviour, on the form the app drew or the one sorid sent:
 * the keys type, the number is said as it grows, and Go looks it up here
 * rather than asking sorid for a new page.
 */
export function wireKeypad(ctx, form) {
  const { venue } = ctx;
  const input = form.querySelector('.code-input');
  const error = form.querySelector('.error');
  function setError(message) {
    error.textContent = message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  // a screen reader hears the key, not the field: say what the number is now
  function sayNumber() {
    ctx.announce(input.value ? t('keypad_entered', input.value.split('').join(' ')) : t('keypad_empty'));
  }
  function press(key) {
    if (key === 'delete') input.value = input.value.slice(0, -1);
    else if (input.value.length < MAX_CODE_DIGITS) input.value += key;
    setError('');
    sayNumber();
  }
  input.addEventListener('input', () => {
    input.value = input.value.replace(/[^0-9]/g, '').slice(0, MAX_CODE_DIGITS);
    setError('');
  });
  for (const key of form.querySelectorAll('.key[data-key]')) {
    key.addEventListener('click', () => press(key.dataset.key));
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const number = input.value;
    if (!/^[0-9]{3,6}$/.test(number)) {
      setError(t('keypad_need_three'));
      input.focus();
      return;
    }
    try {
      const found = await api.code(venue.id, number, ctx.lang);
      standingAt(venue, found);
      usage.reachedBy('number');
      if (found.target === 'exhibit' && found.exhibit) {
        ctx.navigate(venueHref(venue, 'e', found.exhibit.id));
      } else if (found.gallery) {
        ctx.navigate(venueHref(venue, 'g', found.gallery.id));
      }
    } catch (err) {
      setError(err.status === 404 ? t('keypad_unknown', number) : t('keypad_error'));
      input.focus();
    }
  });
}

/** The number's form, wired: the keypad page's, and the camera page's when there is no camera. */
export function keypadForm(ctx) {
  const { venue } = ctx;
  const inputId = uid('code');
  const hintId = uid('hint');
  const errorId = uid('error');
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) =>
    h('button', { type: 'button', class: 'key', 'data-key': d }, d));
  keys.push(h('button', { type: 'button', class: 'key key-action', 'data-key': 'delete' }, t('keypad_delete')));
  keys.push(h('button', { type: 'button', class: 'key', 'data-key': '0' }, '0'));
  keys.push(h('button', { type: 'submit', class: 'key key-go' }, t('keypad_go')));
  const form = h('form', { class: 'keypad', novalidate: true, method: 'get', action: `${venueHref(venue)}/c` },
    h('label', { for: inputId, class: 'code-label' }, t('keypad_label')),
    h('p', { id: hintId, class: 'hint' }, t('keypad_hint')),
    h('input', {
      id: inputId, name: 'code', class: 'code-input', type: 'text', inputmode: 'numeric', pattern: '[0-9]*',
      maxlength: MAX_CODE_DIGITS, autocomplete: 'off', 'aria-describedby': `${hintId} ${errorId}`,
    }),
    h('p', { id: errorId, class: 'error', role: 'alert' }),
    h('div', { class: 'keys' }, keys));
  wireKeypad(ctx, form);
  return form;
}

async function keypad(ctx) {
  const form = keypadForm(ctx);
  return {
    title: t('keypad_title'),
    nav: 'keypad',
    nodes: [h('h1', {}, t('keypad_title')), form, h('p', {}, t('qr_hint'))],
  };
}

function accessList(title, items, details, directions) {
  if (!items || !items.length) return null;
  return section(title, h('ul', { class: 'plain-list' }, items.map((item) => h('li', {},
    text('h3', item.name),
    item.description ? text('p', item.description) : null,
    details ? details(item) : null,
    directions ? h('p', {}, directions(item)) : null))));
}

async function access(ctx) {
  const { venue } = ctx;
  const a = venue.access || {};
  const floor = (item) => (item.floor !== undefined ? h('p', { class: 'detail' }, t('floor', item.floor)) : null);
  // directions where the venue has a map: to each entrance (the way out) and toilet
  const mapped = hasMap(venue);
  const way = (label) => (mapped ? (item) => directionsLink(venue, item.id, label(item)) : null);
  return {
    title: t('access'),
    nav: 'access',
    nodes: [
      h('h1', {}, t('access')),
      a.summary ? text('p', a.summary, { class: 'lead' }) : null,
      mapped ? h('p', {}, directionsLink(venue, null, t('directions'))) : null,
      accessList(t('entrances'), a.entrances, (e) => h('p', { class: 'detail' },
        [e.floor !== undefined ? t('floor', e.floor) : null, e.step_free ? t('step_free') : t('not_step_free')]
          .filter(Boolean).join(' · ')), way((e) => t('directions_to', plain(e.name)))),
      accessList(t('step_free_routes'), a.step_free_routes),
      accessList(t('lifts'), a.lifts, (l) => (l.floors ? h('p', { class: 'detail' }, t('lift_floors', l.floors)) : null)),
      accessList(t('toilets'), a.toilets, (x) => [floor(x), x.changing_place ? h('p', { class: 'detail' }, t('changing_place')) : null],
        way((x) => t('directions_to', plain(x.name)))),
      a.seating ? section(t('seating'), text('p', a.seating)) : null,
      accessList(t('equipment'), a.equipment, (e) => (e.available !== undefined ? h('p', { class: 'detail' }, t('available', e.available)) : null)),
      accessList(t('quiet_spaces'), a.quiet_spaces, floor),
      a.assistance_dogs ? section(t('assistance_dogs'), text('p', a.assistance_dogs)) : null,
    ],
  };
}

function checkbox(label, pref) {
  const id = uid('check');
  return h('div', { class: 'option' },
    h('input', { type: 'checkbox', id, 'data-pref': pref }),
    h('label', { for: id }, label));
}

/* the settings' behaviour, on the page the app drew or the one sorid sent */
function wireSettings(ctx, root) {
  const p = prefs.get();
  const status = root.querySelector('.status');
  const save = (changes) => {
    prefs.set(changes);
    status.textContent = t('saved');
  };
  const radios = { mode: [p.mode, (v) => ({ mode: v })], profile: [p.profile, (v) => ({ profile: v })],
    size: [p.textSize, (v) => ({ textSize: Number(v) })], units: [p.units, (v) => ({ units: v })] };
  for (const [name, [value, change]] of Object.entries(radios)) {
    for (const input of root.querySelectorAll(`input[type="radio"][name="${name}"]`)) {
      input.checked = input.value === String(value);
      input.addEventListener('change', () => save(change(input.value)));
    }
  }
  const checks = {
    contrast: [prefs.highContrast(), (v) => ({ contrast: v })],
    motion: [prefs.reducedMotion(), (v) => ({ motion: v })],
    counting: [p.counting && !usage.refused(), (v) => ({ counting: v })],
    speak: [p.speak, (v) => ({ speak: v })],
    sound: [p.sound, (v) => ({ sound: v })],
  };
  for (const [name, [value, change]] of Object.entries(checks)) {
    const input = root.querySelector(`input[data-pref="${name}"]`);
    input.checked = value;
    input.addEventListener('change', () => save(change(input.checked)));
  }
  const what = root.querySelector('.counting-what');
  what.textContent = usage.refused() && p.counting ? t('counting_browser_refuses') : t('counting_what');
  root.querySelector('[data-action="forget"]').addEventListener('click', () => {
    prefs.forget();
    ctx.announce(t('forgotten'));
    ctx.rerender();
  });
}

async function settings(ctx) {
  const root = h('div', {},
    h('h1', {}, t('settings_title')),
    h('p', {}, t('settings_intro')),
    h('p', {}, t('settings_phone')),
    h('p', { class: 'no-script-only' }, t('settings_no_script')),
    section(t('language'), languageSwitch(ctx)),
    h('div', { class: 'script-only' },
      radioGroup(t('mode'), 'mode', [
        ['listen', t('mode_listen'), t('mode_listen_hint')],
        ['read', t('mode_read'), t('mode_read_hint')],
        ['sign', t('mode_sign'), t('mode_sign_hint')],
      ], null),
      radioGroup(t('profile'), 'profile', prefs.PROFILES.map((x) => [x, t(`profile_${x.replace('-', '_')}`)]), null),
      radioGroup(t('text_size'), 'size', prefs.TEXT_SIZES.map((x) => [x, `${x}%`]), null),
      h('fieldset', { class: 'options' }, h('legend', {}, t('display')),
        checkbox(t('high_contrast'), 'contrast'),
        checkbox(t('reduce_motion'), 'motion')),
      radioGroup(t('units'), 'units', prefs.UNITS.map((x) => [x, t(`units_${x}`), t(`units_${x}_hint`)]), null),
      h('fieldset', { class: 'options' }, h('legend', {}, t('camera_settings')),
        checkbox(t('camera_speak'), 'speak'),
        checkbox(t('camera_sound'), 'sound')),
      h('fieldset', { class: 'options' }, h('legend', {}, t('counting')),
        h('p', { class: 'counting-what' }),
        checkbox(t('counting_on'), 'counting')),
      h('p', { class: 'status', role: 'status' }),
      h('p', {}, h('button', { type: 'button', class: 'button', 'data-action': 'forget' }, t('forget')))));
  wireSettings(ctx, root);
  return { title: t('settings_title'), nav: 'settings', nodes: [...root.childNodes] };
}

async function code(ctx) {
  const { venue } = ctx;
  const found = await api.code(venue.id, ctx.route.arg, ctx.lang);
  standingAt(venue, found);
  usage.reachedBy('qr');
  // the QR code's link becomes the exhibit's own, so Back and sharing work
  if (found.target === 'exhibit' && found.exhibit) {
    ctx.navigate(venueHref(venue, 'e', found.exhibit.id), { replace: true });
  } else if (found.gallery) {
    ctx.navigate(venueHref(venue, 'g', found.gallery.id), { replace: true });
  }
  return { title: t('loading'), nodes: [h('h1', {}, t('loading'))] };
}

function notFound() {
  return {
    title: t('not_found'),
    nodes: [h('h1', {}, t('not_found')), h('p', {}, t('not_found_text')),
      h('p', {}, h('a', { class: 'button', href: '/' }, t('back_home')))],
  };
}

const PAGES = {
  venues,
  home,
  gallery,
  keypad,
  access,
  settings,
  code,
  exhibit: (ctx) => import('./exhibit.js').then((m) => m.exhibit(ctx)),
  nearby: (ctx) => import('./nearby.js').then((m) => m.nearby(ctx)),
  directions: (ctx) => import('./directions.js').then((m) => m.directions(ctx)),
  camera: (ctx) => import('./camera.js').then((m) => m.camera(ctx)),
  'not-found': notFound,
};

export function show(page, ctx) {
  return (PAGES[page] || notFound)(ctx);
}

/*
 * The page sorid sent, taken over as it stands: what it needs to work is
 * wired to it, nothing is drawn again. Each returns {title, destroy?}, or
 * null for a page the app draws itself (nearby and directions, which need
 * it to do anything).
 */
const ADOPT = {
  venues: () => ({ title: t('choose_venue') }),
  home: (ctx, main) => {
    if (bluetoothScanning()) {
      main.querySelector('.actions').append(' ',
        h('a', { class: 'button', href: venueHref(ctx.venue, 'nearby') }, t('find_nearby')));
    }
    const schema = document.getElementById('sori-venue-schema');
    return { title: plain(ctx.venue.name), destroy: () => { if (schema) schema.remove(); } };
  },
  gallery: (ctx) => {
    const g = (ctx.venue.galleries || []).find((x) => x.id === ctx.route.arg);
    if (!g) return null;
    if (ctx.via) standingAt(ctx.venue, { gallery: g });
    if (ctx.via) usage.reachedBy(ctx.via);
    return { title: plain(g.name) };
  },
  keypad: (ctx, main) => {
    wireKeypad(ctx, main.querySelector('form.keypad'));
    return { title: t('keypad_title') };
  },
  access: () => ({ title: t('access') }),
  settings: (ctx, main) => {
    wireSettings(ctx, main);
    return { title: t('settings_title') };
  },
  exhibit: (ctx, main) => import('./exhibit.js').then((m) => m.adopt(ctx, main)),
  camera: (ctx, main) => import('./camera.js').then((m) => m.adopt(ctx, main)),
  'not-found': () => ({ title: t('not_found') }),
};

export async function adopt(page, ctx, main) {
  const take = ADOPT[page];
  return take ? take(ctx, main) : null;
}

export { standingAt };

/** A page for what went wrong, saying what the visitor can do. */
export function error(err, ctx) {
  const type = (err && err.type) || '';
  let message = t('error');
  let title = t('error');
  if (err && err.status === 404) {
    title = t('not_found');
    message = type.endsWith('unknown-venue') ? t('unknown_venue')
      : type.endsWith('unknown-exhibit') || type.endsWith('unknown-code') ? t('unknown_exhibit')
        : t('not_found_text');
  } else if (err && err.status === 400 && ctx.route.page === 'code') {
    // a QR code or link with something that is not a code
    title = t('not_found');
    message = t('unknown_exhibit');
  } else if (err && (err.offline || err.status === 503 || err.status === 504)) {
    message = t('offline');
  }
  const home = ctx.venue ? venueHref(ctx.venue) : '/';
  return {
    title,
    nodes: [
      h('h1', {}, title),
      h('p', { class: 'error' }, message),
      h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'button', onclick: () => ctx.rerender() }, t('retry')),
        h('a', { class: 'button', href: home }, t('back_home'))),
    ],
  };
}
