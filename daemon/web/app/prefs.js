// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The visitor's preferences, kept in this browser's localStorage and nowhere
// else: no cookie, nothing sent to sorid.

const KEY = 'sori.prefs';
export const RATES = [0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];

const DEFAULTS = {
  lang: null,      // null: the phone's language where the venue has it
  mode: 'read',
  textSize: 100,
  contrast: null,  // null: follow prefers-contrast
  motion: null,    // null: follow prefers-reduced-motion
  rate: 1,         // the audio's speed: blind listeners often choose fast speech
  profile: 'general', // how the visitor gets around: directions keep to it (sorid's profiles)
  counting: true,  // anonymous usage counts (see usage.js)
  units: 'metres', // the camera's distances: blind travellers often prefer steps
  speak: false,    // the camera's finds said with the phone's own voice too (speechSynthesis)
  sound: true,     // the camera's guiding beep
};
/* the values each choice may take; contrast and motion may be null too */
const CHOICES = {
  mode: ['listen', 'read', 'sign'],
  textSize: [100, 125, 150, 200],
  rate: RATES,
  units: ['metres', 'steps'],
};
const SWITCHES = ['contrast', 'motion', 'counting', 'speak', 'sound'];

function load() {
  try {
    return sanitize(JSON.parse(localStorage.getItem(KEY) || '{}'));
  } catch (err) {
    // private browsing, or something unreadable: start afresh
    return Object.assign({}, DEFAULTS);
  }
}

function sanitize(p) {
  const out = Object.assign({}, DEFAULTS);
  if (typeof p.lang === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(p.lang)) out.lang = p.lang;
  for (const [name, values] of Object.entries(CHOICES)) if (values.includes(p[name])) out[name] = p[name];
  for (const name of SWITCHES) if (typeof p[name] === 'boolean') out[name] = p[name];
  // the profiles are sorid's (lib/sori-map.c), offered in its pages
  if (typeof p.profile === 'string' && /^[a-z][a-z-]{0,31}$/.test(p.profile)) out.profile = p.profile;
  return out;
}

let prefs = load();

export function get() {
  return Object.assign({}, prefs);
}

export function set(changes) {
  prefs = sanitize(Object.assign({}, prefs, changes));
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch (err) {
    // storage refused (full, or private browsing): the choice lasts this visit
  }
  apply();
}

export function forget() {
  try {
    localStorage.removeItem(KEY);
    sessionStorage.removeItem('sori.here');
  } catch (err) {
    // nothing was kept
  }
  prefs = Object.assign({}, DEFAULTS);
  apply();
}

function media(query) {
  return typeof matchMedia === 'function' && matchMedia(query).matches;
}

export function highContrast() {
  return prefs.contrast === null ? media('(prefers-contrast: more)') : prefs.contrast;
}

export function reducedMotion() {
  return prefs.motion === null ? media('(prefers-reduced-motion: reduce)') : prefs.motion;
}

/** Puts the preferences on the page: the stylesheet does the rest. */
export function apply() {
  const root = document.documentElement;
  root.dataset.contrast = highContrast() ? 'high' : 'normal';
  root.dataset.motion = reducedMotion() ? 'reduce' : 'normal';
  // 100%: the phone's own text size (on an iPhone, its Dynamic Type: sori.css)
  root.style.fontSize = prefs.textSize === 100 ? '' : `${prefs.textSize}%`;
}

/*
 * Where the visitor last was (the exhibit or gallery of the last number
 * typed, QR code scanned or beacon heard), for directions from there: kept
 * for this tab only, in sessionStorage, and sent nowhere but in the route
 * the visitor asks for.
 */
const HERE_KEY = 'sori.here';

export function setHere(venueId, id, name) {
  try {
    sessionStorage.setItem(HERE_KEY, JSON.stringify({ venue: venueId, id, name }));
  } catch (err) {
    // storage refused: directions ask where the visitor is instead
  }
}

/** {id, name} of where the visitor was last seen at @venueId, or null. */
export function here(venueId) {
  try {
    const kept = JSON.parse(sessionStorage.getItem(HERE_KEY) || 'null');
    if (kept && kept.venue === venueId && typeof kept.id === 'string' && /^[a-z0-9-]{1,64}$/.test(kept.id)) {
      return { id: kept.id, name: kept.name && typeof kept.name.text === 'string' ? kept.name : { text: kept.id } };
    }
  } catch (err) {
    // nothing kept, or something unreadable
  }
  return null;
}
