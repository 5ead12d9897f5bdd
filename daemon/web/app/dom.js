// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The few elements the app makes itself (what the camera or the beacons
// found, live): from data, never from HTML strings, so that nothing a
// catalogue says can become markup. Pages are sorid's.

/**
 * h('a', {href: '/x', class: 'button'}, 'text', child, ...)
 * Attributes whose value is null, undefined or false are left out; `on*`
 * functions become event listeners; a `lang` object ({text, lang}) sets both.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
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

export function plain(value) {
  return value && typeof value === 'object' ? value.text || '' : value || '';
}

let idCounter = 0;
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
