// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The app's words (daemon/web/app/i18n.js) as the data sorid renders its
// pages with (daemon/web/pages/strings.json): plain strings as they are,
// functions as templates with {0}, {1} for their arguments, and a "one" form
// where a count of 1 reads differently. tests/web/pages.test.mjs checks that
// the file is what this makes of i18n.js, so the two cannot drift apart.
//
//   node tests/web/strings.mjs > daemon/web/pages/strings.json

import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const I18N = path.join(here, '..', '..', 'daemon', 'web', 'app', 'i18n.js');

/* marks that cannot be in any of the app's words */
const mark = (i) => `\u0001${i}\u0002`;
const MARK = /\u0001(\d)\u0002/g;

function template(fn) {
  const args = [0, 1, 2].map(mark);
  // a list argument (the floors a lift serves) is joined by the function itself
  const text = fn(...args.map((a, i) => (fn.toString().includes(`${['floors'][i]}.join`) ? [a] : a)));
  const out = text.replace(MARK, (m, i) => `{${i}}`);
  // a count first: its "one" form, where 1 reads differently ("1 step")
  if ((fn.length === 1 || fn.length === 2) && !/floors/.test(fn.toString())) {
    const one = fn(1, mark(1)).replace(MARK, (m, i) => `{${i}}`);
    if (one !== out.replace('{0}', '1')) return { one, other: out };
  }
  return out;
}

export async function strings() {
  const { STRINGS } = await import(pathToFileURL(I18N).href);
  const out = {};
  for (const [lang, table] of Object.entries(STRINGS)) {
    out[lang] = {};
    for (const [key, value] of Object.entries(table)) {
      out[lang][key] = typeof value === 'function' ? template(value) : value;
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await strings(), null, 1)}\n`);
}
