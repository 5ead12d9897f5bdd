// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Directions, as sorid sent them: the way from where the visitor is (the
// last exhibit or gallery they opened, or a place they choose) to an
// exhibit, a gallery, a lift, a toilet or the way out, keeping to how they
// get around. sorid draws the form, the step card and every step; this
// moves the card along the steps, each spoken with captions, and where the
// browser can listen for beacons or the camera sees the next place's code,
// moves it on by itself.

import * as prefs from './prefs.js';
import { t } from './i18n.js';
import { createPlayer, warm } from './player.js';
import { canScan, watchBeacons, wireScanButton } from './nearby.js';
import * as usage from './usage.js';
import { createFinder, createAnnouncer, describe, nameOf, troubleWords, speak } from './camera.js';

/* a place's code seen this near confirms the step that ends there */
const CONFIRM_M = 5;

const wordsOf = (li) => li.querySelector('.step-instruction');

/* a beacon at a place further on moves the steps on to there; the watcher, or null */
function followBeacons(ctx, card, route, setStatus) {
  if (!canScan()) return null;
  const follow = card.querySelector('.follow-beacons button');
  follow.parentNode.hidden = false;
  const watcher = watchBeacons(ctx.venue.id, (places) => {
    const nearest = places[0];
    if (!nearest) return;
    const k = route.steps.findIndex((li, at) => at >= route.index && li.dataset.bound === nearest.id);
    if (k >= 0 && k + 1 !== route.index) {
      route.show(Math.min(k + 1, route.total - 1));
      ctx.announce(wordsOf(route.steps[route.index]).textContent);
    }
  });
  wireScanButton(watcher, follow, setStatus, t('follow_beacons'));
  return watcher;
}

/* what the camera saw, on a walk along @route: a step confirmed, or the next place said */
function seenOnRoute(ctx, route, announcer, setStatus, seen) {
  const { steps, total } = route;
  for (let k = route.index; k < total; k++) {
    const place = steps[k].dataset.place;
    const near = place ? seen.find((s) => s.code.place === place && s.distance <= CONFIRM_M) : null;
    if (!near) continue;
    const next = Math.min(k + 1, total - 1);
    if (next === route.index) return;
    route.show(next);
    // the arrival says itself (show())
    if (steps[route.index].dataset.via !== 'arrive') {
      const here = steps[k].dataset.placeName || nameOf(near.code).text;
      const text = `${t('camera_at_place', here)} ${wordsOf(steps[route.index]).textContent}`;
      ctx.announce(text);
      setStatus(t('camera_at_place', here));
      speak(text, ctx.lang);
    }
    return;
  }
  const place = steps[route.index].dataset.place;
  const ahead = seen.find((s) => s.code.place === place);
  if (ahead && announcer([ahead], performance.now()).length) {
    const text = describe(ahead, prefs.get().units);
    setStatus(text);
    speak(text, ctx.lang);
  }
}

/*
 * The camera: the code of the place a step ends at, seen near, confirms
 * that step and moves on ("You are at the lift."); seen further off, it
 * is said how far and where, so the visitor can walk to it. Gives back
 * what turns it off for good.
 */
function followCamera(ctx, card, route, setStatus) {
  const [cameraVideo, cameraBox, cameraButton] = ['.camera-video', '.camera-view', '.camera-follow']
    .map((selector) => card.querySelector(selector));
  let finder = null;
  function cameraOff(message) {
    if (finder) finder.stop();
    finder = null;
    cameraBox.hidden = true;
    cameraButton.setAttribute('aria-pressed', 'false');
    if (message) setStatus(message);
  }
  cameraButton.addEventListener('click', () => {
    if (finder) {
      cameraOff(t('camera_stopped'));
      return;
    }
    cameraButton.setAttribute('aria-pressed', 'true');
    setStatus(t('camera_starting'));
    // inside the tap: Safari lets speech start only from one
    speak(t('camera_starting'), ctx.lang);
    const announcer = createAnnouncer();
    finder = createFinder({ video: cameraVideo,
      onSeen: (seen) => seenOnRoute(ctx, route, announcer, setStatus, seen),
      onStarted: () => setStatus(t('camera_follow_on')),
      onFailure: (err) => cameraOff(t(troubleWords(err))) });
    cameraBox.hidden = false;
    finder.start();
  });
  const onHidden = () => {
    if (document.visibilityState === 'hidden' && finder) cameraOff(t('camera_stopped'));
  };
  document.addEventListener('visibilitychange', onHidden);
  return () => {
    cameraOff(null);
    document.removeEventListener('visibilitychange', onHidden);
  };
}

/* the step card, moved along sorid's list of steps */
function routeView(ctx, card, list, setStatus) {
  const steps = [...list.querySelectorAll('li')];
  const total = steps.length;
  const route = { steps, total, index: 0, show };
  let player = null;
  const listening = prefs.get().mode === 'listen' || new URLSearchParams(location.search).get('profile') === 'blind';
  const [counter, stepText, stepMeta, playerElement, previous, next] = ['.step-counter', '.step-text', '.step-meta',
    '.player', '.step-previous', '.step-next'].map((selector) => card.querySelector(selector));

  // each step a button that shows it in the card
  steps.forEach((li, i) => {
    const words = wordsOf(li);
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'step-jump' });
    const said = Object.assign(document.createElement('span'), { className: 'visually-hidden',
      textContent: `${li.dataset.stepOf}: ` });
    words.replaceWith(button);
    button.append(said, words);
    button.addEventListener('click', () => show(i, { focus: true }));
  });

  function show(i, { focus = false, play = false } = {}) {
    const index = Math.max(0, Math.min(total - 1, i));
    route.index = index;
    const li = steps[index];
    counter.textContent = li.dataset.stepOf;
    // the step's words with their own lang and dir, after "Step 2 of 5." in the page's
    const said = stepText.querySelector('.visually-hidden');
    said.textContent = `${li.dataset.stepOf}. `;
    stepText.replaceChildren(said, wordsOf(li).cloneNode(true));
    stepMeta.textContent = li.dataset.meta || '';
    if (player) player.destroy();
    player = createPlayer({ element: playerElement, audioUrl: li.dataset.audio, captionsUrl: li.dataset.vtt,
      title: card.dataset.arrived });
    previous.disabled = index === 0;
    next.disabled = index === total - 1;
    for (const x of steps) if (x !== li) x.removeAttribute('aria-current');
    li.setAttribute('aria-current', 'step');
    if (li.dataset.via === 'arrive') ctx.announce(card.dataset.arrived);
    if (focus) stepText.focus();
    if (play) player.audio.play().catch(() => {});
  }

  previous.addEventListener('click', () => show(route.index - 1, { focus: true }));
  next.addEventListener('click', () => show(route.index + 1, { focus: true, play: listening }));
  const watcher = followBeacons(ctx, card, route, setStatus);
  const cameraDone = followCamera(ctx, card, route, setStatus);

  // every step's audio and captions kept for a dead spot further on
  for (const li of steps) {
    warm(li.dataset.audio);
    warm(li.dataset.vtt);
  }
  show(0);
  return {
    focus: stepText,
    destroy() {
      if (player) player.destroy();
      if (watcher) watcher.stop();
      cameraDone();
    },
  };
}

/** The directions page as sorid sent it, made to work. */
export function adopt(ctx, main) {
  const form = main.querySelector('form.directions-form');
  if (!form) return {};   // a venue without a map
  const params = new URLSearchParams(location.search);
  const from = form.querySelector('select[name="from"]');
  const to = form.querySelector('select[name="to"]');
  const error = main.querySelector('.error[role="alert"]');
  const status = main.querySelector('.status');
  // where the visitor is, first among the places to start from
  const here = prefs.here(ctx.venue.id);
  if (here && (!params.get('from') || params.get('from') === here.id)) {
    const option = new Option(t('where_i_am', here.name.text), here.id);
    if (here.name.lang) option.lang = here.name.lang;
    from.options[0].after(option);
    option.selected = true;
  }
  // the visitor's way of getting around, chosen once
  const profile = params.get('profile') || prefs.get().profile;
  for (const input of form.querySelectorAll('input[name="profile"]')) {
    input.checked = input.value === profile;
    input.addEventListener('change', () => prefs.set({ profile: input.value }));
  }
  form.addEventListener('submit', (event) => {
    const missing = !from.value ? ['need_from', from] : !to.value ? ['need_to', to] : null;
    if (!missing) return;   // sorid's page with the way, swapped in (main.js)
    event.preventDefault();
    error.textContent = t(missing[0]);
    missing[1].focus();
  });
  const card = main.querySelector('.step-card');
  if (!card) {
    // from where the visitor is, the way at once
    // (main.js leaves the form as it is when that way cannot be fetched, offline say)
    if (here && !params.get('from') && to.value) {
      form.dataset.unasked = 'true';
      form.requestSubmit();
    }
    return { focus: error.textContent ? error : null };
  }
  usage.count(ctx.venue, { place: main.querySelector('.step-list li:last-child').dataset.place },
    `directions:${profile}`);
  const view = routeView(ctx, card, main.querySelector('.step-list'), (message) => { status.textContent = message; });
  return { focus: view.focus, destroy: view.destroy };
}
