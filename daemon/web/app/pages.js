// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// What the app adds to each of sorid's pages: its behaviour, on sorid's
// markup (daemon/api/sori-pages*.c), nothing drawn again. Each returns
// {destroy?, focus?}: main.js calls destroy() when the page goes, and moves
// the focus to focus (after a form) or to the heading.

import * as api from './api.js';
import * as prefs from './prefs.js';
import { t, setLanguage } from './i18n.js';
import * as usage from './usage.js';

const MAX_CODE_DIGITS = 6;   // codes are 3 to 6 digits (sori_catalogue_code_is_valid)

/** A catalogue text of the page, as {text, lang}: the element's words and language. */
export function textOf(el) {
  return el ? { text: el.textContent.trim(), lang: el.closest('[lang]') ? el.closest('[lang]').lang : undefined } : null;
}

/** The address of a venue's page: venueHref(venue, 'e', 'moon-jar'). */
export function venueHref(venue, ...parts) {
  return ['/v', venue.id, ...parts].map((p, i) => (i ? encodeURIComponent(p) : p)).join('/');
}

/* a number typed or a QR code scanned says where the visitor stands: directions start there */
export function standingAt(venue, found) {
  if (found.target === 'exhibit' && found.exhibit) prefs.setHere(venue.id, found.exhibit.id, found.exhibit.title);
  else if (found.gallery) prefs.setHere(venue.id, found.gallery.id, found.gallery.name);
}

/*
 * The keypad's behaviour on sorid's form: the keys type, the number is said
 * as it grows, and Go looks it up here and goes to what it leads to.
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
  function press(key) {
    if (key === 'delete') input.value = input.value.slice(0, -1);
    else if (input.value.length < MAX_CODE_DIGITS) input.value += key;
    setError('');
    ctx.announce(input.value ? t('keypad_entered', input.value.split('').join(' ')) : t('keypad_empty'));
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
      const target = found.target === 'exhibit' && found.exhibit ? ['e', found.exhibit.id] : ['g', found.gallery.id];
      ctx.visit(venueHref(venue, ...target));
    } catch (err) {
      setError(err.status === 404 ? t('keypad_unknown', number) : t('keypad_error'));
      input.focus();
    }
  });
}

/* the settings' behaviour, on sorid's page */
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
    ctx.visit(location.href, { replace: true });
  });
}

const PAGES = {
  // sorid's /offline, the service worker's page for one never opened: in the visitor's chosen words
  offline: (ctx, main) => {
    document.documentElement.lang = setLanguage(prefs.get().lang || navigator.language);
    for (const el of document.querySelectorAll('[data-word]')) el.textContent = t(el.dataset.word);
    main.querySelector('[data-action="retry"]').addEventListener('click', () => location.reload());
  },
  home: (ctx, main) => {
    // the beacons' page, where this browser can scan for them
    const nearby = main.querySelector('.nearby-link');
    if (nearby && navigator.bluetooth && typeof navigator.bluetooth.requestLEScan === 'function') nearby.hidden = false;
    // "Keep this venue for offline"
    return import('./offline.js').then((m) => m.adopt(ctx, main));
  },
  gallery: (ctx, main) => {
    if (!ctx.via) return;
    prefs.setHere(ctx.venue.id, main.dataset.gallery, textOf(main.querySelector('h1')));
    usage.reachedBy(ctx.via);
  },
  keypad: (ctx, main) => wireKeypad(ctx, main.querySelector('form.keypad')),
  settings: (ctx, main) => wireSettings(ctx, main),
  exhibit: (ctx, main) => import('./exhibit.js').then((m) => m.adopt(ctx, main)),
  nearby: (ctx, main) => import('./nearby.js').then((m) => m.adopt(ctx, main)),
  directions: (ctx, main) => import('./directions.js').then((m) => m.adopt(ctx, main)),
  camera: (ctx, main) => import('./camera.js').then((m) => m.adopt(ctx, main)),
};

/** The page sorid sent, made to work: its behaviour, or nothing for a page that only reads. */
export async function adopt(ctx, main) {
  const take = PAGES[ctx.page];
  return (take && (await take(ctx, main))) || {};
}
