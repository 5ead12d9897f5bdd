// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The audio player: large controls, 10-second skips, speed, and captions in
// step with the audio, the word being spoken highlighted in the captions and
// in the transcript. Browsers draw no captions for <audio>: this does.

import { t } from './i18n.js';
import * as prefs from './prefs.js';
import * as vtt from './vtt.js';

/* @parent's text made of @words, each a span to be highlighted as it is spoken (numbered if @numbered); the spans */
function spell(parent, words, numbered) {
  parent.replaceChildren();
  return words.map((w, i) => {
    if (i) parent.append(' ');
    const span = document.createElement('span');
    span.className = 'word';
    if (numbered) span.dataset.word = w.index;
    span.textContent = w.text;
    parent.append(span);
    return span;
  });
}

function clock(seconds) {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function showPlaying(play, playing) {
  play.querySelector('.ctl-text').textContent = playing ? t('pause') : t('play');
  const icon = play.querySelector('.ctl-icon');
  icon.classList.toggle('pause-icon', playing);
  icon.classList.toggle('play-icon', !playing);
}

function playOrPause(audio, status) {
  if (!audio.paused) {
    audio.pause();
    return;
  }
  status.textContent = audio.readyState < 2 ? t('audio_loading') : '';
  audio.play().catch((err) => {
    if (err && err.name === 'AbortError') return;
    status.textContent = t('audio_failed');
  });
}

function wireMediaSession(title, skip) {
  if (!('mediaSession' in navigator) || typeof MediaMetadata !== 'function') return;
  navigator.mediaSession.metadata = new MediaMetadata({ title: title || '' });
  try {
    navigator.mediaSession.setActionHandler('seekbackward', () => skip(-10));
    navigator.mediaSession.setActionHandler('seekforward', () => skip(10));
  } catch (err) {
    // an action this browser does not know
  }
}

/** Fetches @path once, so that the service worker keeps it for a dead spot. */
export function warm(path) {
  // read to the end: a body left unread holds its connection open
  fetch(path, { credentials: 'omit' }).then((response) => response.blob()).catch(() => {});
}

/**
 * Takes over sorid's player @element (sori-pages-exhibit.c; the console's
 * preview copies it): @captionsUrl its captions (WebVTT), @audioUrl a
 * recording other than the one it has (a step of directions), @transcript
 * the text the words are highlighted in, @title for the phone's lock screen.
 */
export function createPlayer({ element, transcript: givenTranscript, audioUrl, captionsUrl, title }) {
  // directions have no transcript: the words are highlighted in the captions alone
  const transcript = givenTranscript || document.createElement('p');
  const [audio, status, play, position, time, speed, captionsText] = ['audio', '.player-status', '.ctl-play', '.position',
    '.time', '.speed', '.captions'].map((selector) => element.querySelector(selector));
  const buttons = element.querySelectorAll('.player-buttons .ctl');
  const [back, forward] = [buttons[0], buttons[buttons.length - 1]];
  // the browser's own controls were for a phone without JavaScript
  audio.removeAttribute('controls');
  // the page's own recording: a player taken over again (another version, back) gets it back
  if (!element.dataset.audio) element.dataset.audio = audio.getAttribute('src') || '';
  const src = audioUrl || element.dataset.audio;
  if (audio.getAttribute('src') !== src) audio.src = src;
  delete element.dataset.captions;
  // the captions are in the text's language, and its direction (sorid's markup)
  for (const name of ['lang', 'dir']) {
    if (givenTranscript && givenTranscript.hasAttribute(name)) captionsText.setAttribute(name, givenTranscript.getAttribute(name));
  }
  // the listeners go with this taking-over, not with the element
  const off = new AbortController();
  const on = (target, type, fn) => target.addEventListener(type, fn, { signal: off.signal });
  speed.value = String(prefs.get().rate);

  let cues = [];
  let words = [];         // every word of every cue, in order
  let transcriptSpans = [];
  let cueIndex = -1;
  let wordIndex = -1;
  let frame = 0;
  let destroyed = false;

  audio.playbackRate = prefs.get().rate;
  audio.defaultPlaybackRate = prefs.get().rate;

  // the word being spoken, in the captions and in the transcript
  let lit = [];
  function highlight(index) {
    if (index === wordIndex) return;
    for (const el of lit) el.classList.remove('current');
    wordIndex = index;
    const inCue = index < 0 ? null : captionsText.querySelector(`[data-word="${index}"]`);
    lit = [inCue, transcriptSpans[index]].filter(Boolean);
    for (const el of lit) el.classList.add('current');
  }

  function sync() {
    const now = audio.currentTime;
    // the last cue stays up until the next one starts
    const ci = vtt.indexAt(cues, now);
    if (ci !== cueIndex) spell(captionsText, ci < 0 ? [] : cues[ci].words, true);
    cueIndex = ci;
    let wi = vtt.indexAt(words, now);
    // nothing is being spoken before the first play, nor in a pause between words
    if (wi >= 0 && (now > words[wi].end || (audio.paused && audio.played.length === 0))) wi = -1;
    highlight(wi);
    const duration = audio.duration;
    if (Number.isFinite(duration)) {
      position.max = Math.ceil(duration);
      position.value = Math.floor(now);
    }
    position.setAttribute('aria-valuetext', t('position_text', clock(now), clock(duration)));
    time.textContent = `${clock(now)} / ${clock(duration)}`;
  }

  function tick() {
    frame = 0;
    if (destroyed) return;
    sync();
    if (!audio.paused) frame = requestAnimationFrame(tick);
  }

  on(play, 'click', () => playOrPause(audio, status));
  function skip(delta) {
    const duration = Number.isFinite(audio.duration) ? audio.duration : Infinity;
    audio.currentTime = Math.min(Math.max(0, audio.currentTime + delta), duration);
    sync();
  }
  on(back, 'click', () => skip(-10));
  on(forward, 'click', () => skip(10));
  on(position, 'input', () => {
    audio.currentTime = Number(position.value);
    sync();
  });
  on(speed, 'change', () => {
    const rate = Number(speed.value);
    audio.playbackRate = rate;
    audio.defaultPlaybackRate = rate;
    prefs.set({ rate });
  });
  on(audio, 'playing', () => {
    status.textContent = '';
    showPlaying(play, true);
    if (!frame) frame = requestAnimationFrame(tick);
  });
  for (const type of ['pause', 'ended']) on(audio, type, () => { showPlaying(play, false); sync(); });
  on(audio, 'seeked', sync);
  on(audio, 'loadedmetadata', sync);
  on(audio, 'ratechange', () => { speed.value = String(audio.playbackRate); });
  on(audio, 'error', () => {
    showPlaying(play, false);
    status.textContent = t('audio_failed');
  });

  wireMediaSession(title, skip);

  // the captions: their cues, and every word of them in order
  fetch(captionsUrl, { credentials: 'omit' }).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  }).then((text) => {
    if (destroyed) return;
    ({ cues, words } = vtt.parse(text));
    transcriptSpans = spell(transcript, words, false);
    element.dataset.captions = 'ready';
    sync();
  }).catch(() => {
    if (destroyed) return;
    element.dataset.captions = 'failed';
    captionsText.textContent = t('captions_failed');
  });

  return {
    element,
    transcript,
    audio,
    destroy() {
      destroyed = true;
      off.abort();
      if (frame) cancelAnimationFrame(frame);
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
    },
  };
}
