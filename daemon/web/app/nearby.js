// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Exhibits near me, where the browser can scan for Bluetooth beacons (Web
// Bluetooth's requestLEScan). What the phone heard goes to sorid's locate as
// the beacons' own advertising bytes; sorid decodes them and keeps nothing.

import { textOf } from './pages.js';
import * as prefs from './prefs.js';
import * as usage from './usage.js';
import { t } from './i18n.js';

const EDDYSTONE = '0000feaa-0000-1000-8000-00805f9b34fb';
const WINDOW_MS = 10000;   // what was heard in the last 10 s
const LOCATE_EVERY_MS = 3000;
const MAX_SIGHTINGS = 32;  // sorid's limit is higher; a gallery has a few

/** The advertisement's AD structures, as the beacon sent them, in hex. */
function advertisingData(event) {
  const out = [];
  for (const [company, view] of event.manufacturerData || []) {
    const data = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    out.push(3 + data.length, 0xff, company & 0xff, company >> 8, ...data);
  }
  for (const [uuid, view] of event.serviceData || []) {
    const data = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    if (uuid === EDDYSTONE) out.push(3 + data.length, 0x16, 0xaa, 0xfe, ...data);
  }
  return out.length && out.length <= 31 ? out.map((b) => b.toString(16).padStart(2, '0')).join('') : null;
}

/** Whether this browser can listen for beacons at all. */
export function canScan() {
  return Boolean(navigator.bluetooth && typeof navigator.bluetooth.requestLEScan === 'function');
}

/**
 * Listens for the venue's beacons and asks sorid, every few seconds, where
 * they are: @onPlaces gets the candidates ([{kind, id, distance_m}], nearest
 * first), or [] when none of the venue's was heard. start() must run in a
 * click (the browser asks the visitor); it throws when they refuse.
 */
export function watchBeacons(venueId, onPlaces) {
  const sightings = new Map();
  let scan = null;
  let timer = 0;
  let busy = false;

  function onAdvertisement(event) {
    const payload = advertisingData(event);
    if (!payload) return;
    // the last heard last: the first is the one heard longest ago
    sightings.delete(payload);
    sightings.set(payload, { payload, rssi: event.rssi, tx: event.txPower, at: Date.now() });
    if (sightings.size > MAX_SIGHTINGS * 2) sightings.delete(sightings.keys().next().value);
  }

  async function locateNow() {
    if (busy) return;
    const now = Date.now();
    const recent = [...sightings.values()].filter((s) => now - s.at <= WINDOW_MS && typeof s.rssi === 'number')
      .slice(-MAX_SIGHTINGS)
      .map((s) => Object.assign({ payload: s.payload, rssi: Math.max(-127, Math.min(0, s.rssi)), age_ms: now - s.at },
        typeof s.tx === 'number' ? { tx_power: s.tx } : {}));
    if (!recent.length) return;
    busy = true;
    try {
      const response = await fetch(`/v1/venues/${encodeURIComponent(venueId)}/locate`, {
        method: 'POST', credentials: 'omit', body: JSON.stringify({ sightings: recent }),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      });
      // 422: none of the beacons heard is the venue's
      if (response.ok) await onPlaces(((await response.json()).candidates || []).slice(0, 5));
      else if (response.status === 422) await onPlaces([]);
    } catch (err) {
      // offline, or the answer cut short: the next try is in a few seconds
    } finally {
      busy = false;
    }
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = 0;
    if (navigator.bluetooth) navigator.bluetooth.removeEventListener('advertisementreceived', onAdvertisement);
    if (scan && scan.active) scan.stop();
    scan = null;
    sightings.clear();
  }

  async function start() {
    try {
      navigator.bluetooth.addEventListener('advertisementreceived', onAdvertisement);
      scan = await navigator.bluetooth.requestLEScan({ acceptAllAdvertisements: true, keepRepeatedDevices: true });
    } catch (err) {
      stop();
      throw err;
    }
    timer = setInterval(locateNow, LOCATE_EVERY_MS);
  }

  return { start, stop, get active() { return scan !== null; } };
}

/**
 * @button starts and stops @watcher (the browser asks the visitor at the first start), saying
 * so through @say; @idle is its words while stopped, @onStart() runs once it listens.
 */
export function wireScanButton(watcher, button, say, idle, onStart = () => {}) {
  button.addEventListener('click', async () => {
    if (watcher.active) {
      watcher.stop();
      button.textContent = idle;
      say(t('nearby_stopped'));
      return;
    }
    try {
      await watcher.start();
    } catch (err) {
      say(t('nearby_denied'));
      return;
    }
    button.textContent = t('nearby_stop');
    say(t('nearby_listening'));
    onStart();
  });
}

/** sorid's nearby page, made to listen where this browser can. */
export function adopt(ctx, main) {
  const { venue } = ctx;
  if (!canScan()) {
    for (const el of main.querySelectorAll('.nearby-unsupported')) el.hidden = false;
    return {};
  }
  const status = main.querySelector('.nearby .status');
  const results = main.querySelector('.nearby-results');
  const button = main.querySelector('.nearby-start');
  // sorid's card of each gallery and exhibit, by "kind:id" as locate names them
  const cards = new Map([...main.querySelector('template.nearby-places').content.children]
    .map((li) => [li.dataset.place, li]));
  results.addEventListener('click', () => usage.reachedBy('beacon'));
  let lastNearest = null;

  const watcher = watchBeacons(venue.id, (places) => {
    const found = places.filter((p) => cards.has(`${p.kind}:${p.id}`));
    results.replaceChildren(...found.map((place) => {
      const li = cards.get(`${place.kind}:${place.id}`).cloneNode(true);
      if (typeof place.distance_m === 'number') {
        const detail = document.createElement('span');
        detail.className = 'card-detail';
        detail.textContent = t('nearby_metres', Math.max(1, Math.round(place.distance_m)));
        li.firstElementChild.append(detail);
      }
      return li;
    }));
    if (!found.length) {
      if (lastNearest !== null || !status.textContent.length) status.textContent = t('nearby_none');
      lastNearest = null;
      return;
    }
    const name = textOf(results.querySelector('.card-title'));
    prefs.setHere(venue.id, found[0].id, name);
    if (found[0].id !== lastNearest) {
      lastNearest = found[0].id;
      status.textContent = t('nearby_nearest', name.text);
    }
  });

  wireScanButton(watcher, button, (message) => { status.textContent = message; }, t('nearby_start'), () => {
    lastNearest = null;
  });
  main.querySelector('.nearby-controls').hidden = false;
  return { destroy: () => watcher.stop() };
}
