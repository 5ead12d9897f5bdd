// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Usage counts, sent so that nothing identifies the visitor: each (exhibit,
// feature) at most once a day from this phone, at most DAILY_MAX a day, in
// small batches with no identifier, no cookie and no time finer than the
// day. Nothing at all is sent when the browser signals Global Privacy
// Control or Do Not Track, when the visitor turns counting off in settings,
// or at a venue that does not count.

import * as prefs from './prefs.js';

const KEY = 'sori.usage';
const DAILY_MAX = 60;      // events a phone sends in a day, at the most (SORI_USAGE_DAILY_EVENTS)
const BATCH_MAX = 32;      // sorid's limit for one batch
const SEND_AFTER_MS = 5000;

const batches = new Map(); // "venue day" → {venue, day, events, settings}: what is to send
let settingsSent = null;   // the day settings were last counted
let timer = 0;

/** Whether this browser, or this visitor, asked not to be counted. */
export function refused() {
  const gpc = navigator.globalPrivacyControl === true;
  const dnt = navigator.doNotTrack === '1' || window.doNotTrack === '1';
  return gpc || dnt || prefs.get().counting === false;
}

/* what this phone has counted today: the keys, nothing else, and only today's */
function load(day) {
  try {
    const kept = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (kept && kept.day === day && Array.isArray(kept.seen)) return kept;
  } catch (err) {
    // unreadable: start the day afresh
  }
  return { day, seen: [] };
}

function save(kept) {
  try {
    localStorage.setItem(KEY, JSON.stringify(kept));
  } catch (err) {
    // storage refused: counted at most once this visit
  }
}

function send() {
  clearTimeout(timer);
  timer = 0;
  for (const { venue, day, events, settings } of batches.values()) {
    for (let i = 0; i < events.length; i += BATCH_MAX) {
      const body = { day, events: events.slice(i, i + BATCH_MAX) };
      if (i === 0 && settings) body.settings = settings;
      const url = `/v1/venues/${encodeURIComponent(venue)}/usage`;
      const blob = new Blob([JSON.stringify(body)], { type: 'application/json' });
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, blob))) {
        fetch(url, { method: 'POST', body: blob, credentials: 'omit', keepalive: true }).catch(() => {});
      }
    }
  }
  batches.clear();
}

function later() {
  if (!timer) timer = setTimeout(send, SEND_AFTER_MS);
}

/**
 * Counts @feature of @target ({exhibit: id} or {gallery: id} or {place: id})
 * at @venue, once on the venue's day (sorid's, in the page: data-venue-day).
 */
export function count(venue, target, feature) {
  if (!venue || !venue.day || venue.usage_counting === false || refused()) return;
  const { day } = venue;
  const kept = load(day);
  const [kind, id] = Object.entries(target)[0];
  const key = `${venue.id}:${kind}:${id}:${feature}`;
  if (kept.seen.includes(key) || kept.seen.length >= DAILY_MAX) return;
  kept.seen.push(key);
  const name = `${venue.id} ${day}`;
  if (!batches.has(name)) batches.set(name, { venue: venue.id, day, events: [], settings: null });
  const batch = batches.get(name);
  batch.events.push({ [kind]: id, feature });
  // the settings in use, as counts only, once a day
  if (settingsSent !== day && !kept.seen.includes(`${venue.id}:settings`)) {
    const p = prefs.get();
    kept.seen.push(`${venue.id}:settings`);
    settingsSent = day;
    batch.settings = { text_size_large: p.textSize > 100, high_contrast: prefs.highContrast(), mode: p.mode };
  }
  save(kept);
  if (batch.events.length >= BATCH_MAX) send();
  else later();
}

// what is left when the visitor leaves, or puts the phone away
addEventListener('pagehide', send);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') send();
});

/* how the next exhibit page was reached: the keypad, a QR code, a beacon, directions, a list */
let reached = null;
export function reachedBy(how) {
  reached = how;
}
export function takeReached() {
  const how = reached || 'list';
  reached = null;
  return how;
}
