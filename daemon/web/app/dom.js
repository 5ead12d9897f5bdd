// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Building the page: elements from data, never from HTML strings, so that
// nothing a catalogue says can become markup.

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

/**
 * A catalogue text ({text, lang}) in an element that says its language, so a
 * screen reader speaks it with the right voice even when it is a fallback.
 */
export function text(tag, value, attrs) {
  const el = h(tag, attrs);
  if (value && typeof value === 'object') {
    el.textContent = value.text || '';
    if (value.lang) el.lang = value.lang;
  } else if (value !== undefined && value !== null) {
    el.textContent = String(value);
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

/** A section named by its h2, as landmarks and headings lists show it. */
export function section(title, ...children) {
  const id = uid('h');
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** One place to go in a list of them: the whole card is the link. */
export function card(href, title, ...details) {
  return h('li', {}, h('a', { class: 'card', href }, title, ...details));
}

/** Radio buttons under a legend; @options are [value, label, hint?]. */
export function radioGroup(legend, name, options, value, onchange) {
  return h('fieldset', { class: 'options' }, h('legend', {}, legend), options.map(([v, label, hint]) => {
    const id = uid(name);
    const hintId = hint ? uid('hint') : null;
    return h('div', { class: 'option' },
      h('input', { type: 'radio', id, name, value: String(v), checked: v === value, 'aria-describedby': hintId,
        onchange: onchange ? () => onchange(v) : null }),
      h('label', { for: id }, label),
      hint ? h('p', { id: hintId, class: 'hint' }, hint) : null);
  }));
}
