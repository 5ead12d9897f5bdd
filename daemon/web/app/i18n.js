// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The app's words: daemon/web/pages/strings.json, the one file where the
// interface's words are written (by hand), read by sorid for its pages and
// fetched here (served as /app/strings.json, kept by the service worker).
// A template's {0}, {1} are its arguments; a count's "one" form is used
// when the count is 1. The interface's language is the page's (<html lang>,
// which sorid chose); a language without words gets English ones.

async function load() {
  try {
    const response = await fetch('/app/strings.json', { credentials: 'omit' });
    if (response.ok) return await response.json();
  } catch (err) {
    // offline and never kept: the keys stand in for the words
  }
  return { en: {} };
}

const STRINGS = await load();
let current = 'en';

/** The app's words follow the page's interface language where it has them. */
export function setLanguage(lang) {
  const base = String(lang || '').split('-')[0];
  current = STRINGS[lang] ? lang : STRINGS[base] ? base : 'en';
  return current;
}

export function t(key, ...args) {
  const table = STRINGS[current] || {};
  let value = key in table ? table[key] : (STRINGS.en || {})[key];
  if (value === undefined) return key;
  if (value && typeof value === 'object' && 'other' in value) value = args[0] === 1 && value.one ? value.one : value.other;
  if (typeof value !== 'string') return value;
  return value.replace(/\{(\d)\}/g, (m, i) => {
    const arg = args[Number(i)];
    return Array.isArray(arg) ? arg.join(', ') : String(arg ?? '');
  });
}
