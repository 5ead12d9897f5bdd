// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Directions: from where the visitor is (the last exhibit or gallery they
// opened, or a place they choose) to an exhibit, a gallery, a lift, a toilet
// or the way out, keeping to how they get around. One step at a time in
// large text, each spoken with captions, a big "Next step" button, the whole
// list below; where the browser can listen for beacons, the beacon at the
// next place moves the step on.

import { h, plain, uid, section, radioGroup } from './dom.js';
import * as api from './api.js';
import * as prefs from './prefs.js';
import { t } from './i18n.js';
import { breadcrumb, venueHref } from './views.js';
import { createPlayer } from './player.js';
import { canScan, watchBeacons } from './nearby.js';
import * as usage from './usage.js';
import { createFinder, createAnnouncer, loadMarkers, describe, nameOf, refusedCamera, speak } from './camera.js';

/* a place's code seen this near confirms the step that ends there */
const CONFIRM_M = 5;

const PROFILE_WORDS = {
  general: 'profile_general', wheelchair: 'profile_wheelchair', 'step-free': 'profile_step_free', blind: 'profile_blind',
};

/** A <select> of the venue's places, floor by floor; @first is an extra first option. */
function placeSelect(id, places, floors, selected, first) {
  const select = h('select', { id, class: 'place-select', required: true });
  select.append(h('option', { value: '' }, t('choose_place')));
  if (first) select.append(h('option', { value: first.value, selected: first.value === selected }, first.label));
  for (const floor of floors) {
    const here = places.filter((p) => p.floor === floor.level);
    if (!here.length) continue;
    select.append(h('optgroup', { label: plain(floor.name) || t('floor', floor.level) },
      here.map((p) => h('option', { value: p.id, selected: !first || first.value !== selected ? p.id === selected : false, lang: p.name.lang },
        plain(p.name)))));
  }
  // a place asked for in the address that is not in the list (an exhibit without a place of its own)
  if (selected && ![...select.options].some((o) => o.value === selected)) {
    select.append(h('option', { value: selected, selected: true }, selected));
  }
  return select;
}

/** The id a route step ends at, as a beacon would name it: an exhibit or a gallery. */
function boundId(place) {
  return place.exhibit || place.gallery || null;
}

function routeView(ctx, route, setStatus) {
  const steps = route.steps || [];
  const total = steps.length;
  let index = 0;
  let player = null;
  let watcher = null;
  const rate = prefs.get().rate;
  const listening = prefs.get().mode === 'listen' || route.profile === 'blind';

  const headingId = uid('h');
  const counter = h('h2', { id: headingId, class: 'step-counter' });
  const stepText = h('p', { class: 'step-text', tabindex: '-1' });
  const stepMeta = h('p', { class: 'step-meta' });
  const playerBox = h('div', { class: 'step-player' });
  const previous = h('button', { type: 'button', class: 'button step-previous' }, t('previous_step'));
  const next = h('button', { type: 'button', class: 'button primary step-next' }, t('next_step'));
  const list = h('ol', { class: 'step-list' });
  const items = steps.map((step, i) => {
    const button = h('button', { type: 'button', class: 'step-jump', lang: step.instruction.lang },
      h('span', { class: 'visually-hidden' }, `${t('step_of', i + 1, total)}: `), step.instruction.text);
    button.addEventListener('click', () => show(i, { focus: true }));
    const li = h('li', {}, button);
    list.append(li);
    return li;
  });

  function show(i, { focus = false, play = false } = {}) {
    index = Math.max(0, Math.min(total - 1, i));
    const step = steps[index];
    counter.textContent = t('step_of', index + 1, total);
    stepText.lang = step.instruction.lang;
    stepText.replaceChildren(h('span', { class: 'visually-hidden' }, `${t('step_of', index + 1, total)}. `),
      step.instruction.text);
    const meta = [];
    if (step.via !== 'arrive' && step.distance_m >= 1) meta.push(t('about_metres', Math.round(step.distance_m)));
    if (step.floor_change && step.floor_change.name) meta.push(plain(step.floor_change.name));
    stepMeta.textContent = meta.join(' · ');
    if (player) player.destroy();
    player = createPlayer({ audioUrl: step.audio, captionsUrl: step.captions, text: step.instruction, title: plain(route.to.name) });
    playerBox.replaceChildren(player.element);
    if (player.audio && rate) player.audio.playbackRate = rate;
    previous.disabled = index === 0;
    next.disabled = index === total - 1;
    items.forEach((li, k) => {
      if (k === index) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    });
    if (step.via === 'arrive') ctx.announce(t('arrived', plain(route.to.name)));
    if (focus) stepText.focus();
    if (play && player.audio) player.audio.play().catch(() => {});
  }

  previous.addEventListener('click', () => show(index - 1, { focus: true }));
  next.addEventListener('click', () => show(index + 1, { focus: true, play: listening }));

  // a beacon at a place further on moves the steps on to there
  let follow = null;
  if (canScan()) {
    follow = h('button', { type: 'button', class: 'button' }, t('follow_beacons'));
    watcher = watchBeacons(ctx.venue.id, ctx.lang, (places) => {
      const nearest = places[0];
      if (!nearest) return;
      for (let k = index; k < total; k++) {
        if (boundId(steps[k].ends_at) === nearest.id) {
          if (k + 1 !== index) {
            show(Math.min(k + 1, total - 1));
            ctx.announce(plain(steps[index].instruction));
          }
          return;
        }
      }
    });
    follow.addEventListener('click', async () => {
      if (watcher.active) {
        watcher.stop();
        follow.textContent = t('follow_beacons');
        setStatus(t('nearby_stopped'));
        return;
      }
      try {
        await watcher.start();
        follow.textContent = t('nearby_stop');
        setStatus(t('nearby_listening'));
      } catch (err) {
        setStatus(t('nearby_denied'));
      }
    });
  }

  /*
   * The camera: the code of the place a step ends at, seen near, confirms
   * that step and moves on ("You are at the lift."); seen further off, it
   * is said how far and where, so the visitor can walk to it.
   */
  const cameraVideo = h('video', { class: 'camera-video', muted: true, playsinline: true, 'aria-hidden': 'true' });
  const cameraBox = h('div', { class: 'camera-view', hidden: true }, cameraVideo);
  const cameraButton = h('button', { type: 'button', class: 'button camera-follow', 'aria-pressed': 'false' },
    t('camera_follow'));
  let finder = null;
  let announcer = null;
  function cameraOff(message) {
    if (finder) finder.stop();
    finder = null;
    cameraBox.hidden = true;
    cameraButton.setAttribute('aria-pressed', 'false');
    if (message) setStatus(message);
  }
  function seenByCamera(seen) {
    for (let k = index; k < total; k++) {
      const place = steps[k].ends_at && steps[k].ends_at.id;
      const near = place ? seen.find((s) => s.code.place === place && s.distance <= CONFIRM_M) : null;
      if (!near) continue;
      const next = Math.min(k + 1, total - 1);
      if (next === index) return;
      show(next);
      // the arrival says itself (show())
      if (steps[index].via !== 'arrive') {
        const here = plain(steps[k].ends_at.name) || plain(nameOf(near.code));
        const text = `${t('camera_at_place', here)} ${plain(steps[index].instruction)}`;
        ctx.announce(text);
        setStatus(t('camera_at_place', here));
        speak(text, ctx.lang);
      }
      return;
    }
    const place = steps[index].ends_at && steps[index].ends_at.id;
    const ahead = seen.find((s) => s.code.place === place);
    if (ahead && announcer([ahead], performance.now()).length) {
      const text = describe(ahead, prefs.get().units);
      setStatus(text);
      speak(text, ctx.lang);
    }
  }
  cameraButton.addEventListener('click', async () => {
    if (finder) {
      cameraOff(t('camera_stopped'));
      return;
    }
    cameraButton.setAttribute('aria-pressed', 'true');
    setStatus(t('camera_starting'));
    // inside the tap: Safari lets speech start only from one
    speak(t('camera_starting'), ctx.lang);
    let markers;
    try {
      markers = await loadMarkers(ctx.venue, ctx.lang);
    } catch (err) {
      cameraOff(t('camera_failed'));
      return;
    }
    announcer = createAnnouncer();
    const mine = createFinder({ video: cameraVideo, markers, onSeen: seenByCamera,
      onFailure: () => cameraOff(t('camera_failed')) });
    finder = mine;
    cameraBox.hidden = false;
    try {
      await mine.start();
      if (finder === mine) setStatus(t('camera_follow_on'));
    } catch (err) {
      if (finder === mine) cameraOff(refusedCamera(err) ? t('camera_denied') : t('camera_none'));
    }
  });
  const onHidden = () => {
    if (document.visibilityState === 'hidden' && finder) cameraOff(t('camera_stopped'));
  };
  document.addEventListener('visibilitychange', onHidden);

  // every step's audio and captions kept for a dead spot further on
  for (const step of steps) {
    api.warm(step.audio);
    api.warm(step.captions);
  }

  const summary = h('p', { class: 'route-summary' },
    t('route_summary', Math.max(0, total - 1), Math.round(route.distance_m || 0)), ' · ',
    t(PROFILE_WORDS[route.profile] || 'profile_general'));
  const nodes = [
    summary,
    h('section', { class: 'step-card', 'aria-labelledby': headingId },
      counter, stepText, stepMeta, playerBox,
      h('p', { class: 'step-actions' }, previous, next),
      follow ? h('p', {}, follow) : null,
      h('p', {}, cameraButton), cameraBox),
    section(t('all_steps'), list),
  ];
  show(0);
  return {
    nodes,
    focus: () => stepText.focus(),
    destroy() {
      if (player) player.destroy();
      if (watcher) watcher.stop();
      cameraOff(null);
      document.removeEventListener('visibilitychange', onHidden);
    },
  };
}

export async function directions(ctx) {
  const { venue } = ctx;
  const title = t('directions');
  const params = new URLSearchParams(location.search);
  let places;
  try {
    places = await api.places(venue.id, ctx.lang);
  } catch (err) {
    if (err.status !== 404) throw err;
    return {
      title,
      nav: 'directions',
      nodes: [h('h1', {}, title), h('p', {}, t('no_map')),
        h('p', {}, h('a', { class: 'button', href: venueHref(venue, 'access') }, t('all_access')))],
    };
  }
  const here = prefs.here(venue.id);
  const all = places.places || [];
  const floors = places.floors || [];
  let profile = params.get('profile');
  if (!prefs.PROFILES.includes(profile)) profile = prefs.get().profile;
  const to = params.get('to') || '';
  const from = params.get('from') || (here ? here.id : '');

  const fromId = uid('from');
  const toId = uid('to');
  const fromSelect = placeSelect(fromId, all, floors, from,
    here ? { value: here.id, label: t('where_i_am', plain(here.name)) } : null);
  const toSelect = placeSelect(toId, all, floors, to, null);
  const status = h('p', { class: 'status', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert', tabindex: '-1' });
  const result = h('div', { class: 'route-result' });
  let view = null;
  let destination = all.find((p) => p.id === to || boundId(p) === to);

  async function showRoute({ focus }) {
    error.textContent = '';
    if (!fromSelect.value) {
      error.textContent = t('need_from');
      fromSelect.focus();
      return;
    }
    if (!toSelect.value) {
      error.textContent = t('need_to');
      toSelect.focus();
      return;
    }
    const query = new URLSearchParams({ from: fromSelect.value, to: toSelect.value, profile });
    history.replaceState(null, '', `${location.pathname}?${query}`);
    if (view) view.destroy();
    view = null;
    result.replaceChildren();
    try {
      const route = await api.route(venue.id, fromSelect.value, toSelect.value, profile, ctx.lang);
      view = routeView(ctx, route, (message) => { status.textContent = message; });
      result.replaceChildren(...view.nodes);
      destination = route.to;
      usage.count(venue, { place: route.to.id }, `directions:${route.profile}`);
      if (focus) view.focus();
    } catch (err) {
      if (err.status === 422) {
        error.replaceChildren(t('no_route'), ' ',
          h('span', { lang: 'en' }, err.message));
      } else if (err.status === 404) {
        error.textContent = t('unknown_place');
      } else {
        error.textContent = err.offline ? t('offline') : t('error');
      }
      if (focus) error.focus();
    }
  }

  const form = h('form', {
    class: 'directions-form', novalidate: true,
    onsubmit: (event) => { event.preventDefault(); showRoute({ focus: true }); },
  },
  h('div', { class: 'field' }, h('label', { for: fromId }, t('from_label')), fromSelect),
  h('div', { class: 'field' }, h('label', { for: toId }, t('to_label')), toSelect),
  radioGroup(t('profile'), uid('profile'), prefs.PROFILES.map((p) => [p, t(PROFILE_WORDS[p])]), profile, (p) => {
    profile = p;
    // wheelchair users choose once
    prefs.set({ profile: p });
  }),
  h('p', {}, h('button', { type: 'submit', class: 'button primary' }, t('show_way'))),
  error);

  if (fromSelect.value && toSelect.value) showRoute({ focus: false });

  const heading = destination ? t('directions_to', plain(destination.name)) : title;
  return {
    title: heading,
    nav: 'directions',
    nodes: [
      breadcrumb([[venue.name, venueHref(venue)], [heading]]),
      h('h1', {}, heading),
      h('p', {}, t('directions_intro')),
      // the way first, where there is one; where from and where to below it
      status,
      result,
      section(t('plan_route'), form),
    ],
    destroy() {
      if (view) view.destroy();
    },
  };
}
