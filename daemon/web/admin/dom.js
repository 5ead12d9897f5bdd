// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The console's elements, made from data, never from HTML strings, so that
// nothing a catalogue says can become markup. Every element given a language
// gets its direction too, as sorid's pages do (sori_language_get_direction()).

/* right-to-left languages and scripts: lib/sori-language.c's lists */
const RTL_LANGUAGES = ['ar', 'he', 'iw', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb', 'syr'];
const RTL_SCRIPTS = ['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm', 'rohg'];
const LTR_SCRIPTS = ['latn', 'cyrl'];

/** "rtl" or "ltr": the direction a text in the BCP 47 tag @lang is written in. */
export function textDir(lang) {
  const [language, ...subtags] = String(lang || '').toLowerCase().split('-');
  const script = subtags.find((s) => /^[a-z]{4}$/.test(s));
  if (script && RTL_SCRIPTS.includes(script)) return 'rtl';
  if (script && LTR_SCRIPTS.includes(script)) return 'ltr';
  return RTL_LANGUAGES.includes(language) ? 'rtl' : 'ltr';
}

/**
 * h('a', {href: '/x', class: 'button'}, 'text', child, ...)
 * Attributes whose value is null, undefined or false are left out; `on*`
 * functions become event listeners; a `lang` brings its `dir` unless given.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs && attrs.lang && !attrs.dir) attrs = Object.assign({ dir: textDir(attrs.lang) }, attrs);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/**
 * A catalogue text in every language it has (@text: {ko: …, en: …}), in the
 * order of @langs: each in a span of its own language and direction, apart.
 */
export function texts(text, langs) {
  const present = langs.filter((l) => text && text[l]);
  return present.map((l, i) => [i ? ' · ' : null, h('span', { lang: l }, text[l])]);
}

let idCounter = 0;
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
