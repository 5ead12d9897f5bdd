// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// "Find with camera": the rear camera's frames, made grey on a canvas, go to
// the detector in a Web Worker (marker-worker.js, sori's own C compiled to
// WebAssembly), one frame at a time; each printed code found is said by
// name, distance and clock direction, nearest first, through the page's
// live region (and the phone's voice, if chosen), with a tick that quickens
// as the code is nearer and more in front. A tap on what was found opens
// it. No frame leaves the phone and nothing of the camera is kept: the
// frames live in one buffer, passed to the worker and back, until the camera
// stops. directions.js uses the same finder to move its steps on.

import * as prefs from './prefs.js';
import { t } from './i18n.js';
import { wireKeypad } from './pages.js';
import { createSound } from './camera-sound.js';

const MAX_SIDE = 1280;      // frames larger than 720p are scaled down before finding
const FOV_DEG = 68;         // a phone's main rear camera across its long side (16:9 video)
const DEFAULT_SIZE_MM = 150;
const FRAME_GAP_MS = 30;    // between one frame's answer and the next frame
const STEP_M = 0.7;         // a step, for those who count in steps
const REPEAT_MS = 4000;     // a code is said again no sooner than this, and only when it moved
const GAP_MS = 1200;        // between two announcements, so that neither is cut off
const SAID_AT_ONCE = 3;     // the nearest codes said together
const KEEP_FOUND_MS = 8000; // what was found stays to be tapped after it leaves the view
const SMOOTH_MS = 1500;     // a code's distance is the median of its readings this recent
const SMOOTH_READINGS = 5;  // and at most this many: a hand shakes, one frame misleads
const WORKER = '/app/marker-worker.js';

/** The horizontal field of view of a frame @width × @height: the long side sees FOV_DEG. */
export function fovFor(width, height) {
  if (width >= height) return FOV_DEG;
  const focal = (height / 2) / Math.tan((FOV_DEG * Math.PI) / 360);
  return (2 * Math.atan((width / 2) / focal) * 180) / Math.PI;
}

/** "4 metres", "3.5 metres" or "6 steps", as the visitor chose. */
export function distanceWords(metres, units) {
  if (units === 'steps') return t('camera_steps', Math.max(1, Math.round(metres / STEP_M)));
  if (metres < 1) return t('camera_under_metre');
  // half metres up close, where they matter, whole metres further off
  return t('camera_metres', metres < 10 ? Math.round(metres * 2) / 2 : Math.round(metres));
}

/** A code's name as {text, lang}: sorid names each in the page's language, or the venue's. */
export function nameOf(code) {
  return { text: code.name || code.id, lang: code.lang };
}

/** What is said of one code: "Lift, 4 metres, at 1 o'clock." */
export function describe(found, units) {
  return t('camera_said', nameOf(found.code).text, distanceWords(found.distance, units),
    t('camera_clock', found.clock));
}

/**
 * The words (a key) for why the camera stopped or never started: the visitor (or the browser)
 * refused it, the phone has none (the browser's DOMException), or the finder failed.
 */
export function troubleWords(err) {
  if (['NotAllowedError', 'SecurityError', 'PermissionDeniedError'].includes(err.name)) return 'camera_denied';
  return err instanceof DOMException ? 'camera_none' : 'camera_failed';
}

/* @marker's distance, the median of its recent @readings (marker → [{at, distance}], one a code) with this one */
function smoothed(readings, marker, distance, now) {
  const kept = (readings.get(marker) || []).filter((r) => now - r.at <= SMOOTH_MS);
  kept.push({ at: now, distance });
  if (kept.length > SMOOTH_READINGS) kept.shift();
  readings.set(marker, kept);
  const sorted = kept.map((r) => r.distance).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/* the detector assumed every code the venue's size (@sizeMm): each is scaled by its own (sorid gives each one) */
function interpret(codes, sizeMm, readings, detections) {
  const now = performance.now();
  const found = new Map();
  for (const d of detections) {
    const code = codes.get(d.id);
    if (!code) continue;
    const distance = (d.distance_m * code.size_mm) / sizeMm;
    if (!Number.isFinite(distance) || distance <= 0) continue;
    const before = found.get(d.id);
    if (before && before.distance <= distance) continue;
    found.set(d.id, { code, distance, bearing: d.bearing_deg, clock: d.clock });
  }
  for (const each of found.values()) each.distance = smoothed(readings, each.code.marker, each.distance, now);
  return [...found.values()].sort((a, b) => a.distance - b.distance);
}

/**
 * The camera and the detector, for the page's codes: start() asks for the
 * rear camera, onStarted() once it runs, then every frame found comes to
 * onSeen([{code, distance, bearing, clock}], nearest first, the page's codes
 * only); onFailure(err) when the camera cannot start (none, refused: see
 * troubleWords()) or the camera or the detector stops. After stop(), nothing.
 */
export function createFinder({ video, onSeen, onStarted, onFailure }) {
  let codes = null;
  let sizeMm = DEFAULT_SIZE_MM;
  const canvas = document.createElement('canvas');
  // the same context however the canvas is resized
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let stream = null;
  let track = null;
  let worker = null;
  let running = false;
  let stopped = false;
  let timer = 0;
  let grey = null;      // the frame's buffer, the worker's while it is in flight
  let ids = 0;
  let inFlight = 0;

  function stop() {
    stopped = true;
    running = false;
    clearTimeout(timer);
    timer = 0;
    if (stream) for (const each of stream.getTracks()) each.stop();
    stream = null;
    track = null;
    video.srcObject = null;
    if (worker) worker.terminate();
    worker = null;
    inFlight = 0;
    grey = null;
  }

  function fail(err) {
    if (stopped) return;
    stop();
    onFailure(err);
  }

  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(frame, ms);
  }

  // one frame at a time: the next is taken when the last one's answer is in
  function frame() {
    timer = 0;
    if (!running || inFlight) return;
    const { videoWidth: w0, videoHeight: h0 } = video;
    if (!w0 || !h0 || video.readyState < 2) {
      later(50);
      return;
    }
    const scale = Math.min(1, MAX_SIDE / Math.max(w0, h0));
    const width = Math.max(16, Math.round(w0 * scale));
    const height = Math.max(16, Math.round(h0 * scale));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.drawImage(video, 0, 0, width, height);
    const rgba = context.getImageData(0, 0, width, height).data;
    if (!grey || grey.byteLength !== width * height) grey = new ArrayBuffer(width * height);
    const luminance = new Uint8Array(grey);
    for (let i = 0, j = 0; j < luminance.length; i += 4, j += 1) {
      luminance[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
    }
    ids += 1;
    inFlight = ids;
    const buffer = grey;
    grey = null;
    worker.postMessage({
      type: 'detect', id: inFlight, width, height, grey: buffer, size_mm: sizeMm, fov_deg: fovFor(width, height),
    }, [buffer]);
  }

  const readings = new Map(); // marker → [{at, distance}], the recent ones

  function onMessage(event) {
    const message = event.data || {};
    if (message.type === 'error') {
      fail(new Error(`the code finder: ${message.message}`));
      return;
    }
    if (message.type !== 'result' || message.id !== inFlight) return;
    inFlight = 0;
    if (message.grey instanceof ArrayBuffer) grey = message.grey;
    if (!running) return;
    onSeen(interpret(codes, sizeMm, readings, Array.isArray(message.detections) ? message.detections : []));
    later(FRAME_GAP_MS);
  }

  async function start() {
    // the codes' meanings, as sorid put them in the page (the camera's and the directions')
    const markers = JSON.parse(document.getElementById('sori-markers').textContent);
    codes = new Map(markers.codes.map((code) => [code.marker, code]));
    if (markers.size_mm > 0) sizeMm = markers.size_mm;
    const media = navigator.mediaDevices;
    if (!media || typeof media.getUserMedia !== 'function') throw new DOMException('no camera API', 'NotFoundError');
    const got = await media.getUserMedia({
      audio: false, video: { facingMode: 'environment', width: 1280, height: 720 },
    });
    if (stopped) {
      for (const each of got.getTracks()) each.stop();
      return;
    }
    stream = got;
    [track] = stream.getVideoTracks();
    if (!track) throw new DOMException('no video track', 'NotFoundError');
    track.addEventListener('ended', () => fail(new Error('the camera ended')));
    video.muted = true;
    video.setAttribute('playsinline', '');
    video.srcObject = stream;
    await video.play();
    if (stopped) return;
    worker = new Worker(WORKER);
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      fail(new Error(`the code finder: ${event.message || 'failed to load'}`));
    });
    running = true;
    later(0);
    onStarted();
  }

  return {
    start() {
      start().catch(fail);
    },
    stop,
    hasTorch() {
      try {
        return Boolean(track && typeof track.getCapabilities === 'function' && track.getCapabilities().torch);
      } catch (err) {
        return false;
      }
    },
    setTorch(on) {
      return track.applyConstraints({ advanced: [{ torch: on }] });
    },
  };
}

/**
 * Which of the codes in view to say now: each when first seen (or seen
 * again after a while out of view), again only when REPEAT_MS have passed
 * and its distance or clock hour changed enough to matter; never two
 * announcements within GAP_MS; the nearest first.
 */
export function createAnnouncer() {
  const said = new Map();   // marker → {at, distance, clock}
  const seenAt = new Map(); // marker → when last in view
  let lastAt = -Infinity;
  return function due(seen, now) {
    const fresh = new Set();
    for (const s of seen) {
      const last = seenAt.get(s.code.marker);
      if (last === undefined || now - last >= REPEAT_MS) fresh.add(s.code.marker);
      seenAt.set(s.code.marker, now);
    }
    if (now - lastAt < GAP_MS) return [];
    const chosen = seen.filter((s) => {
      const before = said.get(s.code.marker);
      if (!before) return true;
      if (now - before.at < REPEAT_MS) return false;
      if (fresh.has(s.code.marker)) return true;
      return s.clock !== before.clock
        || Math.abs(s.distance - before.distance) >= Math.max(0.5, 0.15 * before.distance);
    }).slice(0, SAID_AT_ONCE);
    if (!chosen.length) return [];
    for (const s of chosen) said.set(s.code.marker, { at: now, distance: s.distance, clock: s.clock });
    lastAt = now;
    return chosen;
  };
}

/** Says @text with the phone's own voice, when the visitor chose it. */
export function speak(text, lang) {
  if (!prefs.get().speak || typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  speechSynthesis.cancel();
  speechSynthesis.speak(utterance);
}

/* a code's page, loaded afresh (the camera's document allows what others do not) */
function open(ctx, code) {
  const url = new URL(code.href || '', location.href);
  if (url.origin !== location.origin) return;
  if (code.kind === 'exhibit' || code.kind === 'gallery') {
    // counted as reached:camera, and directions start there (main.js, ?via=)
    url.searchParams.set('via', 'camera');
  } else {
    prefs.setHere(ctx.venue.id, code.place || code.id, nameOf(code));
  }
  location.assign(url.pathname + url.search);
}

/*
 * What was found in the last KEEP_FOUND_MS (@recent: marker → {found, at}),
 * a button each, nearest first: redrawn when something @changed or went.
 */
function showFound(ctx, els, recent, now, changed) {
  const gone = [...recent].filter(([, entry]) => now - entry.at > KEEP_FOUND_MS);
  if (!changed && !gone.length) return;
  for (const [marker] of gone) recent.delete(marker);
  const entries = [...recent.values()].sort((a, b) => a.found.distance - b.found.distance);
  const units = prefs.get().units;
  els.list.replaceChildren(...entries.map(({ found }) => {
    const li = els.item.cloneNode(true);
    const button = li.querySelector('button');
    button.dataset.marker = found.code.marker;
    button.addEventListener('click', () => open(ctx, found.code));
    li.querySelector('.camera-name').textContent = t('camera_open', nameOf(found.code).text);
    li.querySelector('.camera-detail').textContent = `${distanceWords(found.distance, units)}, ${t('camera_clock', found.clock)}`;
    return li;
  }));
  els.inView.hidden = entries.length === 0;
}

async function toggleTorch(torch, finder) {
  const on = torch.getAttribute('aria-pressed') !== 'true';
  try {
    await finder.setTorch(on);
    torch.setAttribute('aria-pressed', on ? 'true' : 'false');
  } catch (err) {
    torch.hidden = true;
  }
}

/** The camera page as sorid sent it, taken over. */
export function adopt(ctx, root) {
  const [start, torch, live, inView, list, viewBox, video, fallback, unavailable] = ['.camera-start', '.camera-torch',
    '.camera-live', '.camera-in-view', '.camera-found', '.camera-view', '.camera-video', '.camera-fallback',
    '.camera-unavailable'].map((selector) => root.querySelector(selector));
  const item = root.querySelector('template.camera-found-item').content.firstElementChild;
  const sound = createSound();
  const recent = new Map(); // marker → {found, at}: what can be tapped
  let announcer = null;
  let finder = null;
  let wanted = false;
  let paused = false;

  wireKeypad(ctx, fallback.querySelector('form.keypad'));

  const say = (text) => { live.textContent = text; };

  let frames = 0;
  function onSeen(seen) {
    const now = performance.now();
    // how many frames were looked at: shown to no one, read by the tests
    frames += 1;
    viewBox.dataset.frames = String(frames);
    sound.guide(seen.length ? { distance: seen[0].distance, bearing: seen[0].bearing } : null);
    let changed = false;
    for (const found of seen) {
      if (!recent.has(found.code.marker)) changed = true;
      recent.set(found.code.marker, { found, at: now });
    }
    const chosen = announcer(seen, now);
    if (chosen.length) {
      const units = prefs.get().units;
      const text = chosen.map((s) => describe(s, units)).join(' ');
      say(text);
      speak(text, ctx.lang);
      changed = true;
    }
    // the buttons change with what is said, not with every frame
    showFound(ctx, { list, item, inView }, recent, now, changed);
  }

  function showFallback(key) {
    end(null);
    unavailable.textContent = t(key);
    fallback.classList.remove('no-script-only');
    fallback.hidden = false;
    say(t(key));
  }

  function end(message) {
    wanted = false;
    paused = false;
    if (finder) finder.stop();
    finder = null;
    sound.stop();
    start.textContent = t('camera_start');
    torch.hidden = true;
    torch.setAttribute('aria-pressed', 'false');
    viewBox.hidden = true;
    if (message) say(message);
  }

  function onFailure(err) {
    showFallback(troubleWords(err));
    console.warn(`camera: ${err.message}`);
  }

  function begin() {
    wanted = true;
    paused = false;
    start.textContent = t('camera_stop');
    say(t('camera_starting'));
    // a document not sent as a camera page (the offline frame) may not use it
    const policy = document.permissionsPolicy || document.featurePolicy;
    if (policy && typeof policy.allowsFeature === 'function' && !policy.allowsFeature('camera')) {
      showFallback('camera_none');
      return;
    }
    // inside the tap: Safari lets sound and speech start only from one
    if (prefs.get().sound) sound.start();
    speak(t('camera_starting'), ctx.lang);
    announcer = createAnnouncer();
    finder = createFinder({ video, onSeen, onFailure, onStarted });
    viewBox.hidden = false;
    finder.start();
  }

  function onStarted() {
    say(t('camera_looking'));
    torch.hidden = !finder.hasTorch();
  }

  start.addEventListener('click', () => {
    if (wanted) end(t('camera_stopped'));
    else begin();
  });
  torch.addEventListener('click', () => toggleTorch(torch, finder));

  // the camera is off whenever the page is out of sight, and back when it returns
  function onVisibility() {
    if (document.visibilityState === 'hidden' && wanted && finder) {
      finder.stop();
      finder = null;
      sound.stop();
      paused = true;
    } else if (document.visibilityState === 'visible' && paused) {
      begin();
    }
  }
  const onLeave = () => end(null);
  document.addEventListener('visibilitychange', onVisibility);
  addEventListener('pagehide', onLeave);
  return {
    destroy() {
      end(null);
      document.removeEventListener('visibilitychange', onVisibility);
      removeEventListener('pagehide', onLeave);
    },
  };
}
