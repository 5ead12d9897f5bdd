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
  // without a video sorid says so in a section shown to those who came for it
  if (mode === 'sign') sign.hidden = false;
  const video = sign.querySelector('video');
  if (video) video.addEventListener('play', () => usage.count(venue, target, 'sign-video'));
  // the visitor's mode puts what they came for first: moved, not drawn again (sorid's
  // order, for reading, is the text, listening, then the sign-language video, always there)
  if (mode !== 'read') {
    const after = sign.nextSibling;
    for (const el of mode === 'sign' ? [sign, listen, transcript] : [listen, transcript, sign]) {
      if (el) sign.parentNode.insertBefore(el, after);
    }
  }
  const element = listen ? listen.querySelector('.player') : null;
  if (!element) return {};
  // each text to listen to: the one shown, and the others sorid sent in templates
  const texts = new Map([...transcript.querySelectorAll('.transcript[data-version], template')]
    .map((el) => (el.content ? el.content.firstElementChild : el)).map((words) => [words.dataset.version, words]));
  let shownWords = transcript.querySelector('.transcript[data-version]');
  let player = null;
  function showVersion(version) {
    const words = texts.get(version) || shownWords;
    // sorid's words of that version, where the other's were
    if (words !== shownWords) shownWords.replaceWith(words);
    shownWords = words;
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
