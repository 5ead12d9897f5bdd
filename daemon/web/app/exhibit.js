// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// One exhibit, as sorid sent it: its texts to listen to (a player for each,
// all but one hidden, the chosen one taken over), the order the visitor's
// mode asks for, the sign-language video, and what is counted.

import * as prefs from './prefs.js';
import { t } from './i18n.js';
import { createPlayer, warm } from './player.js';
import * as usage from './usage.js';
import { textOf } from './pages.js';

/* a picture that does not come (a dead spot, the venue's picture server):
 * what it shows, said in its place, in the room kept for it */
function whenMissing(fig, img) {
  const missing = () => {
    if (fig.classList.contains('missing')) return;
    fig.classList.add('missing');
    // the room the picture had (its width and height) stays: nothing below moves
    if (img.getAttribute('width') && img.getAttribute('height')) fig.classList.add('missing-kept');
    const said = fig.querySelector('.image-missing');
    said.hidden = false;
  };
  img.addEventListener('error', missing);
  if (img.complete && img.naturalWidth === 0 && img.getAttribute('src')) missing();
}

/* the page's order for the visitor's mode: what they came for first */
function inOrder(mode, listen, transcript, sign) {
  if (mode === 'sign') return [sign, listen, transcript];
  if (mode === 'read') return [transcript, listen, sign];
  return [listen, transcript, sign];
}

/** The exhibit's page as sorid sent it, taken over. */
export async function adopt(ctx, main) {
  const { venue } = ctx;
  const id = main.dataset.exhibit;
  const title = textOf(main.querySelector('h1'));
  const target = { exhibit: id };
  usage.count(venue, target, 'opened');
  usage.count(venue, target, `reached:${usage.takeReached()}`);
  const mode = prefs.get().mode;
  const listen = main.querySelector('#listen');
  const transcript = main.querySelector('#transcript');
  const sign = main.querySelector('#sign');
  const fig = main.querySelector('.exhibit-image');
  if (fig) whenMissing(fig, fig.querySelector('img'));
  if (sign) {
    // without a video sorid says so in a section shown to those who came for it
    if (mode === 'sign') sign.hidden = false;
    const video = sign.querySelector('video');
    if (video) video.addEventListener('play', () => usage.count(venue, target, 'sign-video'));
  }
  // the visitor's mode puts what they came for first: moved, not drawn again
  if (mode !== 'read') {
    const order = inOrder(mode, listen, transcript, sign).filter(Boolean);
    const marker = document.createComment('');
    order[0].parentNode.insertBefore(marker, [listen, transcript, sign].find(Boolean));
    for (const el of order) marker.parentNode.insertBefore(el, marker);
    marker.remove();
  }
  const element = listen ? listen.querySelector('.player') : null;
  if (!element) return {};
  // each text to listen to: the one shown, and the others sorid sent in templates
  const texts = new Map();
  for (const el of transcript.querySelectorAll('.transcript[data-version], template')) {
    const words = el.content ? el.content.querySelector('.transcript') : el;
    if (words) texts.set(words.dataset.version, { words, shown: !el.content, template: el.content ? el : null });
  }
  let shownWords = [...texts.values()].find((x) => x.shown).words;
  let player = null;
  function showVersion(version) {
    const chosen = texts.get(version) || texts.get(shownWords.dataset.version);
    const { words } = chosen;
    if (words !== shownWords) {
      // sorid's words of that version, where the other's were
      if (chosen.template) chosen.template.remove();
      chosen.template = null;
      shownWords.replaceWith(words);
      shownWords = words;
    }
    if (player) player.destroy();
    player = createPlayer({ element, transcript: words, audioUrl: words.dataset.audio, captionsUrl: words.dataset.vtt,
      title: title.text });
    player.audio.addEventListener('play', () => {
      const lang = words.lang || ctx.lang;
      usage.count(venue, target, `audio:${words.dataset.recorded === 'true' ? 'recorded' : 'synthetic'}:${lang}`);
      usage.count(venue, target, 'captions');
    });
    if (version === 'easy_read') usage.count(venue, target, 'version:easy-read');
    if (version === 'audio_description') usage.count(venue, target, 'version:audio-description');
    return words;
  }
  const versions = [...texts.keys()];
  const sent = shownWords.dataset.version;
  const chosen = mode === 'listen' && versions.includes('audio_description') && !new URLSearchParams(location.search).get('version')
    ? 'audio_description' : sent;
  const shown = showVersion(chosen);
  const form = listen.querySelector('form.version-form');
  if (form) {
    form.addEventListener('submit', (event) => event.preventDefault());
    for (const input of form.querySelectorAll('input[name="version"]')) {
      input.checked = input.value === chosen;
      input.addEventListener('change', () => showVersion(input.value));
    }
  }
  // kept by the service worker for a dead spot later in the visit
  if (mode === 'listen') warm(shown.dataset.audio);
  return {
    destroy() {
      if (player) player.destroy();
    },
  };
}
