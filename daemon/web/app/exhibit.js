// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// One exhibit: its title, picture and text; the audio with captions; the
// audio-description and easy-read versions; the sign-language video.

import { h, text, plain, uid, section, card, radioGroup } from './dom.js';
import * as api from './api.js';
import * as prefs from './prefs.js';
import { t } from './i18n.js';
import { breadcrumb, venueHref, directionsLink, hasMap } from './views.js';
import { createPlayer } from './player.js';
import * as usage from './usage.js';

const VERSIONS = ['description', 'audio_description', 'easy_read'];

/* a section the page's order and the tests find by its id */
function part(id, title, ...children) {
  return Object.assign(section(title, ...children), { id });
}

function usableUrl(url) {
  return typeof url === 'string' && (url.startsWith('https://') || url.startsWith('/'));
}

/* a picture that does not come (a dead spot, the venue's picture server):
 * what it shows, said in its place, in the room kept for it */
function whenMissing(fig, img) {
  const missing = () => {
    if (fig.classList.contains('missing')) return;
    fig.classList.add('missing');
    // the room the picture had (its width and height) stays: nothing below moves
    if (img.getAttribute('width') && img.getAttribute('height')) fig.classList.add('missing-kept');
    const alt = { text: img.alt, lang: img.lang || undefined };
    fig.append(h('p', { class: 'image-missing' }, t('image_missing'), ' ', text('span', alt)));
  };
  img.addEventListener('error', missing);
  if (img.complete && img.naturalWidth === 0 && img.getAttribute('src')) missing();
}

function figure(image) {
  if (!image || !usableUrl(image.url)) return null;
  const img = h('img', {
    src: image.url, alt: plain(image.alt), width: image.width, height: image.height, decoding: 'async', fetchpriority: 'high',
  });
  if (image.alt && image.alt.lang) img.lang = image.alt.lang;
  const fig = h('figure', { class: 'exhibit-image' }, img);
  whenMissing(fig, img);
  return fig;
}

function signVideo(sign, lang, onPlay) {
  if (!sign || !usableUrl(sign.video)) {
    return h('p', {}, t('no_sign_video'));
  }
  const video = h('video', {
    controls: true, playsinline: true, preload: 'metadata', src: sign.video, onplay: onPlay,
    crossorigin: usableUrl(sign.captions) ? 'anonymous' : null,
  });
  if (usableUrl(sign.captions)) {
    video.append(h('track', { kind: 'captions', src: sign.captions, srclang: lang, label: t('captions'), default: true }));
  }
  return h('div', { class: 'sign-video' }, video);
}

function accessDetails(access) {
  if (!access) return null;
  const items = [];
  if (access.display_height_cm !== undefined) items.push(t('display_height', access.display_height_cm));
  if (access.seating_nearby) items.push(t('seating_nearby'));
  if (access.touchable !== undefined) items.push(access.touchable ? t('touchable') : t('not_touchable'));
  if (!items.length) return null;
  return h('ul', { class: 'plain-list details' }, items.map((x) => h('li', {}, x)));
}

/** Previous and next in the gallery: a blind visitor walks the room in order. */
async function sequence(venue, e, lang) {
  if (!e.gallery) return null;
  let list;
  try {
    list = (await api.exhibits(venue.id, e.gallery.id, lang)).exhibits || [];
  } catch (err) {
    return null;   // offline, and never listed: the page does without
  }
  const at = list.findIndex((x) => x.id === e.id);
  if (at < 0 || list.length < 2) return null;
  const link = (x, label) => (x ? card(venueHref(venue, 'e', x.id),
    h('span', { class: 'card-detail' }, label),
    h('span', { class: 'card-title' }, h('span', { class: 'code' }, x.code || ''), ' ', text('span', x.title))) : null);
  const id = uid('h');
  return h('nav', { class: 'sequence', 'aria-labelledby': id },
    h('h2', { id }, t('in_this_gallery')),
    h('ul', {}, link(list[at - 1], t('previous_exhibit')), link(list[at + 1], t('next_exhibit'))));
}

/* the page's order for the visitor's mode: what they came for first */
function inOrder(mode, listen, transcript, sign) {
  if (mode === 'sign') return [sign, listen, transcript];
  if (mode === 'read') return [transcript, listen, sign];
  return [listen, transcript, sign];
}

/*
 * The texts to listen to and the player of the chosen one, on the page the
 * app drew or the one sorid sent; @given: sorid's player, taken over.
 */
function listening(ctx, e, listenBody, transcriptBody, given) {
  const { venue } = ctx;
  const target = { exhibit: e.id };
  const media = e.media || {};
  let player = null;
  function showVersion(version, adopt) {
    if (player) player.destroy();
    player = createPlayer({
      audioUrl: media[version].audio,
      captionsUrl: media[version].captions,
      text: e[version],
      title: plain(e.title),
      element: adopt ? given.player : undefined,
      transcript: adopt ? given.transcript : undefined,
    });
    if (!adopt) {
      listenBody.replaceChildren(player.element);
      transcriptBody.replaceChildren(player.transcript);
    }
    player.audio.addEventListener('play', () => {
      const lang = (e[version] && e[version].lang) || ctx.lang;
      const recorded = version === 'description' && e.narration && e.narration.lang === lang;
      usage.count(venue, target, `audio:${recorded ? 'recorded' : 'synthetic'}:${lang}`);
      usage.count(venue, target, 'captions');
    });
    if (version === 'easy_read') usage.count(venue, target, 'version:easy-read');
    if (version === 'audio_description') usage.count(venue, target, 'version:audio-description');
  }
  return {
    showVersion,
    destroy() {
      if (player) player.destroy();
    },
  };
}

/** The exhibit's page as sorid sent it, taken over. */
export async function adopt(ctx, main) {
  const { venue } = ctx;
  const e = await api.exhibit(venue.id, ctx.route.arg, ctx.lang);
  const target = { exhibit: e.id };
  if (ctx.via) {
    prefs.setHere(venue.id, e.id, e.title);
    usage.reachedBy(ctx.via);
  }
  usage.count(venue, target, 'opened');
  usage.count(venue, target, `reached:${usage.takeReached()}`);
  const mode = prefs.get().mode;
  const media = e.media || {};
  const versions = VERSIONS.filter((v) => e[v] && media[v]);
  const listen = main.querySelector('#listen');
  const transcript = main.querySelector('#transcript');
  let sign = main.querySelector('#sign');
  const fig = main.querySelector('.exhibit-image');
  if (fig) whenMissing(fig, fig.querySelector('img'));
  if (sign) {
    const video = sign.querySelector('video');
    if (video) video.addEventListener('play', () => usage.count(venue, target, 'sign-video'));
  } else if (mode === 'sign') {
    sign = part('sign', t('sign_video'), signVideo(e.sign_language, venue.default_language, null));
    transcript.after(sign);
  }
  // the visitor's mode puts what they came for first: moved, not drawn again
  if (mode !== 'read') {
    const order = inOrder(mode, listen, transcript, sign).filter(Boolean);
    const marker = document.createComment('');
    order[0].parentNode.insertBefore(marker, [listen, transcript, sign].find(Boolean));
    for (const el of order) marker.parentNode.insertBefore(el, marker);
    marker.remove();
  }
  let listener = null;
  if (listen && versions.length) {
    const form = listen.querySelector('form.version-form');
    const checked = form ? form.querySelector('input[name="version"]:checked') : null;
    const sent = checked ? checked.value : versions[0];
    const chosen = mode === 'listen' && versions.includes('audio_description') && !new URLSearchParams(location.search).get('version')
      ? 'audio_description' : sent;
    listener = listening(ctx, e, listen.querySelector('.listen-body'), transcript.querySelector('.transcript-body'), {
      player: listen.querySelector('.player'),
      transcript: transcript.querySelector('.transcript'),
    });
    listener.showVersion(chosen, chosen === sent);
    if (form) {
      form.addEventListener('submit', (event) => event.preventDefault());
      for (const input of form.querySelectorAll('input[name="version"]')) {
        input.checked = input.value === chosen;
        input.addEventListener('change', () => listener.showVersion(input.value, false));
      }
    }
    if (mode === 'listen') api.warm(media[chosen].audio);
  }
  return {
    title: plain(e.title),
    destroy() {
      if (listener) listener.destroy();
    },
  };
}

export async function exhibit(ctx) {
  const { venue } = ctx;
  const e = await api.exhibit(venue.id, ctx.route.arg, ctx.lang);
  const target = { exhibit: e.id };
  usage.count(venue, target, 'opened');
  usage.count(venue, target, `reached:${usage.takeReached()}`);
  // the neighbours come after the page: the exhibit need not wait for them
  const around = h('div', { class: 'around' });
  sequence(venue, e, ctx.lang).then((nav) => { if (nav) around.replaceChildren(nav); });
  const mode = prefs.get().mode;
  const media = e.media || {};
  const versions = VERSIONS.filter((v) => e[v] && media[v]);
  let chosen = mode === 'listen' && versions.includes('audio_description') ? 'audio_description' : versions[0];
  const listenBody = h('div', { class: 'listen-body' });
  const transcriptBody = h('div', { class: 'transcript-body' });
  const listener = listening(ctx, e, listenBody, transcriptBody, null);
  const showVersion = (version) => {
    chosen = version;
    listener.showVersion(version, false);
  };

  const versionChoice = versions.length > 1
    ? radioGroup(t('version'), 'version', versions.map((v) => [v, t(v)]), chosen, showVersion)
    : null;

  if (chosen) {
    showVersion(chosen);
    // kept by the service worker for a dead spot later in the visit
    if (mode === 'listen') api.warm(media[chosen].audio);
  }

  const gallery = e.gallery || null;
  const meta = [t('exhibit_number', e.code)];
  const listen = chosen
    ? part('listen', t('listen'), versionChoice, listenBody)
    : null;
  const transcript = chosen
    ? part('transcript', t('transcript'), transcriptBody)
    : part('transcript', t('description'), text('p', e.description));
  const hasSign = e.sign_language && usableUrl(e.sign_language.video);
  const sign = mode === 'sign' || hasSign
    ? part('sign', t('sign_video'), signVideo(e.sign_language, venue.default_language, () => usage.count(venue, target, 'sign-video')))
    : null;

  const visiting = accessDetails(e.access);
  const order = inOrder(mode, listen, transcript, sign);
  return {
    title: plain(e.title),
    nav: 'exhibit',
    nodes: [
      breadcrumb([[venue.name, venueHref(venue)],
        ...(gallery ? [[gallery.name, venueHref(venue, 'g', gallery.id)]] : []),
        [e.title]]),
      text('h1', e.title),
      h('p', { class: 'meta' }, meta.join(' · '),
        e.period ? [' · ', text('span', e.period)] : null),
      figure((e.images || [])[0]),
      ...order,
      visiting ? part('visiting', t('exhibit_access'), visiting) : null,
      hasMap(venue) ? part('getting-there', t('getting_there'), h('p', {}, directionsLink(venue, e.id))) : null,
      around,
    ],
    destroy() {
      listener.destroy();
    },
  };
}
