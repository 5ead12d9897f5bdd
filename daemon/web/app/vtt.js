// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// WebVTT, as far as captions need it: cues and the timestamp tag before each
// word (sorid writes one; a curator's file may have none, and then the words
// share the cue's time by their length).

const TIME = /^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})$/;
const MAX_CUES = 5000;

function parseTime(s) {
  const m = TIME.exec(s.trim());
  if (!m) return NaN;
  return (Number(m[1] || 0) * 3600) + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&nbsp;': '\u00a0', '&lrm;': '\u200e', '&rlm;': '\u200f' };

function decode(s) {
  return s.replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (e) => ENTITIES[e]);
}

/* a timestamp tag, which times the words after it */
const STAMP = /<((?:\d+:)?\d{2}:\d{2}\.\d{3})>/;

function cueWords(payload, start, end) {
  const words = [];
  // the text before the first timestamp tag, then each tag's time and the text it times
  const parts = payload.split(STAMP);
  const timed = parts.length > 1;
  for (let i = 0; i < parts.length; i += 2) {
    const at = i ? Math.min(Math.max(parseTime(parts[i - 1]), start), end) : start;
    // other tags (<v>, <c>, <b>, ...) are dropped; their text stays
    for (const text of parts[i].replace(/<[^>]*>/g, '').split(/\s+/)) {
      if (text) words.push({ text: decode(text), start: at, end });
    }
  }
  if (!timed && words.length) {
    // no word timings: share the cue by the words' lengths
    const total = words.reduce((n, w) => n + w.text.length + 1, 0);
    let at = start;
    for (const w of words) {
      w.start = at;
      at += ((w.text.length + 1) / total) * (end - start);
    }
  }
  for (let i = 0; i < words.length; i++) {
    words[i].end = i + 1 < words.length ? Math.max(words[i + 1].start, words[i].start) : end;
  }
  return words;
}

/**
 * The captions @text: {cues: [{start, end, words}], words: [{text, start, end, index}]}, every
 * word of every cue in order (@index among them), in seconds.
 */
export function parse(text) {
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
  if (!/^WEBVTT(\s|$)/.test(lines[0].replace(/^\ufeff/, ''))) throw new Error('not a WebVTT file');
  const cues = [];
  const words = [];
  for (let i = 1; i < lines.length && cues.length < MAX_CUES; i++) {
    const arrow = lines[i].indexOf('-->');
    if (arrow < 0) continue;
    const start = parseTime(lines[i].slice(0, arrow));
    const end = parseTime(lines[i].slice(arrow + 3).trim().split(/\s+/)[0]);
    const payload = [];
    for (i += 1; i < lines.length && lines[i].trim() !== ''; i++) payload.push(lines[i]);
    if (Number.isNaN(start) || Number.isNaN(end) || end < start) continue;
    const cue = { start, end, words: cueWords(payload.join(' '), start, end) };
    for (const w of cue.words) words.push(Object.assign(w, { index: words.length }));
    cues.push(cue);
  }
  return { cues, words };
}

/** The index of the last item whose start is at or before @t, or -1. */
export function indexAt(items, t) {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
