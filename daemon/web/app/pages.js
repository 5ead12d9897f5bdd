// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// What the app adds to each of sorid's pages: its behaviour, on sorid's
// markup (daemon/api/sori-pages*.c), nothing drawn again. Each returns
// {destroy?, focus?}: main.js calls destroy() when the page goes, and moves
// the focus to focus (after a form) or to the heading.

import * as prefs from './prefs.js';
import { t, setLanguage } from './i18n.js';
import * as usage from './usage.js';

const MAX_CODE_DIGITS = 6;   // codes are 3 to 6 digits (sori_catalogue_code_is_valid)

/** A catalogue text of the page, as {text, lang}: the element's words and language. */
export function textOf(el) {
  return el ? { text: el.textContent.trim(), lang: el.closest('[lang]') ? el.closest('[lang]').lang : undefined } : null;
}

/*
 * The keypad's keys on sorid's form: they type, and the number is said as it
 * grows. Go is the form's: sorid looks the number up and answers with the
 * exhibit (its redirect says ?via=number) or the keypad saying what is wrong,
 * swapped in by main.js, the focus back on the number.
 */
export function wireKeypad(ctx, form) {
  const input = form.querySelector('.code-input');
  const error = form.querySelector('.error');
  function clearError() {
    error.textContent = '';
    input.removeAttribute('aria-invalid');
  }
  // a screen reader hears the key, not the field: say what the number is now
  function press(key) {
    if (key === 'delete') input.value = input.value.slice(0, -1);
    else if (input.value.length < MAX_CODE_DIGITS) input.value += key;
    clearError();
    ctx.announce(input.value ? t('keypad_entered', input.value.split('').join(' ')) : t('keypad_empty'));
  }
  input.addEventListener('input', () => {
    input.value = input.value.replace(/[^0-9]/g, '').slice(0, MAX_CODE_DIGITS);
    clearError();
  });
  for (const key of form.querySelectorAll('.key[data-key]')) {
    key.addEventListener('click', () => press(key.dataset.key));
  }
  return { focus: input.getAttribute('aria-invalid') === 'true' ? input : null };
}

/* the settings' behaviour, on sorid's page */
function wireSettings(ctx, root) {
  const p = prefs.get();
  const status = root.querySelector('.status');
  const save = (changes) => {
    prefs.set(changes);
    status.textContent = t('saved');
  };
  // the radio buttons' names (sorid's form's) and the preferences they set
  const radios = { mode: 'mode', profile: 'profile', size: 'textSize', units: 'units' };
  for (const [name, key] of Object.entries(radios)) {
    for (const input of root.querySelectorAll(`input[type="radio"][name="${name}"]`)) {
      input.checked = input.value === String(p[key]);
      input.addEventListener('change', () => save({ [key]: key === 'textSize' ? Number(input.value) : input.value }));
    }
  }
  const checks = { contrast: prefs.highContrast(), motion: prefs.reducedMotion(),
    counting: p.counting && !usage.refused(), speak: p.speak, sound: p.sound };
  for (const [name, value] of Object.entries(checks)) {
    const input = root.querySelector(`input[data-pref="${name}"]`);
    input.checked = value;
    input.addEventListener('change', () => save({ [name]: input.checked }));
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
  keypad: (ctx, main) => wireKeypad(ctx, main.querySelector('form.keypad')),
  settings: (ctx, main) => wireSettings(ctx, main),
  exhibit: (ctx, main) => import('./exhibit.js').then((m) => m.adopt(ctx, main)),
  nearby: (ctx, main) => import('./nearby.js').then((m) => m.adopt(ctx, main)),
  directions: (ctx, main) => import('./directions.js').then((m) => m.adopt(ctx, main)),
  camera: (ctx, main) => import('./camera.js').then((m) => m.adopt(ctx, main)),
};

/** The page sorid sent, made to work: its behaviour, or nothing for a page that only reads. */
export async function adopt(ctx, main) {
  /*
   * A number typed, a QR code or the camera (?via=) says where the visitor
   * stands: directions start there. Kept at once, before an exhibit's
   * behaviour is fetched, so that a page left at once knows it too.
   */
  const here = main.dataset.exhibit || main.dataset.gallery;
  if (ctx.via && here) {
    prefs.setHere(ctx.venue.id, here, textOf(main.querySelector('h1')));
    usage.reachedBy(ctx.via);
  }
  const take = PAGES[ctx.page];
  return (take && (await take(ctx, main))) || {};
}
