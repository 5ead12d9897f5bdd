// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The curators' console: a venue's content kept right from a browser. The
// token is kept for this tab only (sessionStorage) and sent as the bearer
// token to the admin API; nothing else is stored, no cookie is set. Every
// change is made to a draft of the catalogue, checked by sorid as it is
// typed (POST …/check, the same JSON Pointers as a publish), heard with the
// visitors' own player before it goes live, and published in one step with
// a summary of what changes.

import { h, uid, texts } from '/admin/dom.js';
import { exhibitEditorPage } from '/admin/editor.js';
import { markerLabelsPage } from '/admin/labels.js';

const TOKEN_KEY = 'sori.console.token';
const DRAFT_KEY = 'sori.console.draft.';

const main = document.getElementById('main');
const nav = document.getElementById('console-nav');
const signedIn = document.getElementById('signed-in');
const announcer = document.getElementById('announcer');
let current = null; // the page shown: {destroy?}
let curator = null; // the token's name
let rendering = 0;

function announce(message) {
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = message; }, 50);
}

/* the token, for this tab only */
function token() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch (err) {
    return null;
  }
}

function setToken(value) {
  try {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch (err) {
    // storage refused: the console cannot keep the tab signed in
  }
}

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/** The admin API, with the bearer token; JSON in and out unless told otherwise. */
async function api(method, path, { body, type, raw } = {}) {
  const headers = { Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers['Content-Type'] = type || 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'omit', cache: 'no-store',
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
    });
  } catch (err) {
    throw new ApiError(0, { detail: 'sorid cannot be reached: check the connection' });
  }
  if (raw && response.ok) return response;
  const contentType = response.headers.get('Content-Type') || '';
  const answer = contentType.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer;
}

const venuePath = (venue, ...rest) => ['/v1/admin/venues', encodeURIComponent(venue), ...rest].join('/');

/* the venues this token may change, with their names */
async function coveredVenues() {
  const [me, list] = await Promise.all([api('GET', '/v1/admin/token'),
    fetch('/v1/venues?lang=en', { credentials: 'omit' }).then((r) => r.json())]);
  curator = me.name;
  return (list.venues || []).filter((v) => (me.venues || []).includes(v.id));
}

/* ---- the draft: the catalogue being edited, kept for the tab ---- */

const drafts = new Map();

async function draft(venue) {
  if (drafts.has(venue)) return drafts.get(venue);
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(DRAFT_KEY + venue) || 'null');
  } catch (err) {
    kept = null;
  }
  const live = await api('GET', venuePath(venue, 'catalogue'));
  const d = { venue, live, doc: kept && kept.doc ? kept.doc : structuredClone(live), problems: [], checked: null };
  drafts.set(venue, d);
  return d;
}

function saveDraft(d) {
  try {
    sessionStorage.setItem(DRAFT_KEY + d.venue, JSON.stringify({ doc: d.doc }));
  } catch (err) {
    // too big for the tab's storage: the draft lasts until the tab reloads
  }
}

function forgetDraft(venue) {
  drafts.delete(venue);
  try {
    sessionStorage.removeItem(DRAFT_KEY + venue);
  } catch (err) {
    // nothing was kept
  }
}

const isDirty = (d) => JSON.stringify(d.doc) !== JSON.stringify(d.live);

/** What sorid finds in the draft: problems, or what publishing it would change. */
async function check(d) {
  const answer = await api('POST', venuePath(d.venue, 'check'), { body: d.doc });
  d.problems = answer.problems || [];
  d.checked = answer;
  return answer;
}

/* ---- small pieces of page ---- */

function field(label, control, hint) {
  const hintId = hint ? uid('hint') : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  if (!control.id) control.id = uid('f');
  return h('div', { class: 'field' }, h('label', { for: control.id }, label),
    hint ? h('p', { id: hintId, class: 'hint' }, hint) : null, control);
}

function problemText(count) {
  return count === 0 ? 'No problems in the venue.' : count === 1 ? '1 problem in the venue.' : `${count} problems in the venue.`;
}

/* ---- pages ---- */

function signInPage(ctx, message) {
  const input = h('input', { type: 'password', id: uid('token'), autocomplete: 'off', spellcheck: 'false', required: true });
  const error = h('p', { class: 'error', role: 'alert', id: uid('err') }, message || '');
  const form = h('form', {
    novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (!value) {
        error.textContent = 'Enter the token you were given.';
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      setToken(value);
      try {
        const venues = await coveredVenues();
        if (!venues.length) throw new ApiError(403, { detail: 'This token may change no venue served here.' });
        location.hash = '#/';
        render();
      } catch (err) {
        setToken(null);
        error.textContent = err.status === 401
          ? 'That token is not valid, or it has been revoked. Check it, or ask for a new one.'
          : err.message;
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', error.id);
        input.focus();
      }
    },
  },
  field("Curator's token", input, 'The token sorictl token add printed. It is kept in this tab only, and forgotten when the tab closes.'),
  error,
  h('p', {}, h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  return { title: 'Sign in', nodes: [h('h1', {}, 'Sign in to the sori console'), form] };
}

async function venuesPage(ctx) {
  const venues = await coveredVenues();
  if (venues.length === 1 && !ctx.stay) {
    location.replace(`#/v/${encodeURIComponent(venues[0].id)}`);
    return null;
  }
  return {
    title: 'Venues',
    nodes: [h('h1', {}, 'Your venues'),
      h('ul', {}, venues.map((v) => h('li', {}, h('a', { href: `#/v/${encodeURIComponent(v.id)}`, lang: v.name.lang }, v.name.text))))],
  };
}

async function exhibitsPage(ctx) {
  const d = await draft(ctx.venue);
  const exhibits = d.doc.exhibits || [];
  const langs = d.doc.venue.languages;
  const search = h('input', { type: 'search', id: uid('search'), autocomplete: 'off' });
  const count = h('p', { role: 'status', class: 'status' });
  const rows = h('tbody');
  function titleOf(e) {
    return langs.map((l) => (e.title && e.title[l]) || '').filter(Boolean).join(' · ');
  }
  function draw() {
    const q = search.value.trim().toLowerCase();
    const shown = exhibits.map((e, i) => [e, i]).filter(([e]) => !q
      || [e.id, e.code, titleOf(e)].join(' ').toLowerCase().includes(q));
    rows.replaceChildren(...shown.map(([e, i]) => h('tr', {},
      h('td', {}, e.code || ''),
      h('td', {}, h('a', { href: `#/v/${encodeURIComponent(ctx.venue)}/e/${i}` }, titleOf(e) ? texts(e.title, langs) : e.id)),
      h('td', {}, e.gallery || ''))));
    count.textContent = shown.length === exhibits.length ? `${exhibits.length} exhibits.` : `${shown.length} of ${exhibits.length} exhibits.`;
  }
  search.addEventListener('input', draw);
  draw();
  const problems = h('p', { class: 'problems-count', role: 'status' });
  check(d).then((answer) => { problems.textContent = problemText(answer.count); }).catch(() => {});
  return {
    title: 'Exhibits',
    nav: 'exhibits',
    nodes: [
      h('h1', {}, 'Exhibits of ', d.doc.venue.name.en ? h('span', { lang: 'en' }, d.doc.venue.name.en) : d.doc.venue.id),
      isDirty(d) ? h('p', {}, 'You have changes not yet published. ', h('a', { href: `#/v/${encodeURIComponent(ctx.venue)}/publish` }, 'Review and publish')) : null,
      problems,
      field('Search by number, title or id', search),
      count,
      h('table', {}, h('caption', { class: 'visually-hidden' }, 'Exhibits'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Number'), h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Gallery'))),
        rows),
    ],
  };
}

function changesSummary(changes) {
  const list = h('ul', { class: 'summary-list' });
  for (const id of changes.added || []) list.append(h('li', {}, `Added: ${id}`));
  for (const id of changes.removed || []) list.append(h('li', {}, `Removed: ${id}`));
  for (const c of changes.changed || []) list.append(h('li', {}, `Changed: ${c.id} (${(c.fields || []).join(', ')})`));
  for (const part of changes.parts || []) list.append(h('li', {}, `Changed: the ${part}`));
  if (!list.children.length) list.append(h('li', {}, 'Nothing changes.'));
  return list;
}

/* problems, each linked to its field in the draft when @linked (an upload's
 * pointers name its own rows, not the draft's) */
function problemsList(ctx, problems, linked = true) {
  return h('ul', {}, problems.map((p) => {
    const m = linked ? /^\/exhibits\/(\d+)/.exec(p.pointer || '') : null;
    const where = p.where || p.pointer || 'the document';
    return h('li', {}, m ? h('a', { href: `#/v/${encodeURIComponent(ctx.venue)}/e/${m[1]}` }, where) : where, `: ${p.reason}`);
  }));
}

/**
 * The remote media sorid could not fetch as it published (the answer's
 * media_problems): named with why, since visitors now get their words instead.
 * Returns the nodes to show, none when every medium was fetched.
 */
function mediaProblems(done) {
  const problems = (done && done.media_problems) || [];
  if (!problems.length) return [];
  const list = h('ul', {});
  for (const p of problems) list.append(h('li', {}, h('code', {}, p.url), `: ${p.reason}`));
  return [h('div', { class: 'media-problems', role: 'alert' },
    h('p', { class: 'error' }, problems.length === 1
      ? '1 medium could not be fetched: visitors get its description in words instead. Mend it and publish again.'
      : `${problems.length} media could not be fetched: visitors get their descriptions in words instead. Mend them and publish again.`),
    list)];
}

async function publishPage(ctx) {
  const d = await draft(ctx.venue);
  const answer = await check(d);
  const result = h('div', { role: 'status' });
  const nodes = [h('h1', {}, 'Review and publish')];
  if (!answer.valid) {
    nodes.push(h('p', { class: 'error' }, `${problemText(answer.count)} Mend them before publishing.`), problemsList(ctx, answer.problems));
    return { title: 'Review and publish', nav: 'publish', nodes };
  }
  const confirm = h('button', { type: 'button', class: 'primary' }, 'Publish this revision');
  const discard = h('button', { type: 'button' }, 'Discard the draft');
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      const done = await api('PUT', venuePath(ctx.venue, 'catalogue'), { body: d.doc });
      forgetDraft(ctx.venue);
      result.replaceChildren(h('p', { class: 'ok' }, `Published: revision ${done.revision} is live.`),
        ...mediaProblems(done),
        h('p', {}, h('a', { href: `/v/${encodeURIComponent(ctx.venue)}` }, 'See it in the visitors\' app')));
      announce(`Published: revision ${done.revision} is live.`);
    } catch (err) {
      confirm.disabled = false;
      result.replaceChildren(h('p', { class: 'error' }, `Not published: ${err.message}`),
        err.problem && err.problem.problems ? problemsList(ctx, err.problem.problems) : null);
    }
  });
  discard.addEventListener('click', () => {
    forgetDraft(ctx.venue);
    announce('The draft was discarded.');
    render();
  });
  nodes.push(h('p', {}, isDirty(d) ? 'Publishing makes these changes live at once:' : 'The draft is what is live already.'),
    changesSummary(answer.changes || {}),
    h('p', { class: 'actions' }, confirm, discard), result);
  return { title: 'Review and publish', nav: 'publish', nodes };
}

/* what changed between two catalogues, by exhibit and field */
function diffCatalogues(a, b) {
  const byId = (doc) => new Map((doc.exhibits || []).map((e) => [e.id, e]));
  const before = byId(a);
  const after = byId(b);
  const changes = { added: [], removed: [], changed: [], parts: [] };
  for (const id of after.keys()) if (!before.has(id)) changes.added.push(id);
  for (const id of before.keys()) if (!after.has(id)) changes.removed.push(id);
  for (const [id, e] of after) {
    const was = before.get(id);
    if (!was) continue;
    const fields = [...new Set([...Object.keys(was), ...Object.keys(e)])]
      .filter((k) => JSON.stringify(was[k]) !== JSON.stringify(e[k]));
    if (fields.length) changes.changed.push({ id, fields });
  }
  for (const part of ['venue', 'galleries', 'beacons', 'bindings', 'map']) {
    if (JSON.stringify(a[part]) !== JSON.stringify(b[part])) changes.parts.push(part);
  }
  return changes;
}

async function revisionsPage(ctx) {
  const list = await api('GET', venuePath(ctx.venue, 'revisions'));
  const history = new Map();
  for (const entry of list.history || []) if (entry.revision && !history.has(entry.revision)) history.set(entry.revision, entry);
  const diffBox = h('div', { role: 'status' });
  const picked = new Set();
  const compare = h('button', { type: 'button', disabled: true }, 'Compare the two chosen');
  compare.addEventListener('click', async () => {
    const [newer, older] = [...picked].sort().reverse();
    const [a, b] = await Promise.all([older, newer].map((r) => api('GET', venuePath(ctx.venue, 'revisions', r))));
    diffBox.replaceChildren(h('h2', {}, `From ${older} to ${newer}`), changesSummary(diffCatalogues(a, b)));
  });
  const rows = (list.revisions || []).map((rev) => {
    const entry = history.get(rev) || {};
    const box = h('input', { type: 'checkbox', id: uid('rev'), 'aria-label': `Choose ${rev} to compare` });
    box.addEventListener('change', () => {
      if (box.checked) picked.add(rev);
      else picked.delete(rev);
      compare.disabled = picked.size !== 2;
    });
    const live = rev === list.live;
    const back = live ? h('span', {}, 'Live') : h('button', {
      type: 'button',
      onclick: async (event) => {
        const button = event.currentTarget;
        if (!button.dataset.confirm) {
          button.dataset.confirm = '1';
          button.textContent = `Confirm: make ${rev} live`;
          return;
        }
        try {
          const done = await api('POST', venuePath(ctx.venue, 'rollback'), { body: { revision: rev } });
          forgetDraft(ctx.venue);
          announce(`Rolled back: revision ${done.revision} is live.`);
          render();
        } catch (err) {
          diffBox.replaceChildren(h('p', { class: 'error' }, `Not rolled back: ${err.message}`));
        }
      },
    }, `Roll back to ${rev}`);
    return h('tr', {}, h('td', {}, box), h('th', { scope: 'row' }, rev),
      h('td', {}, entry.token || '—'), h('td', {}, entry.time ? new Date(entry.time).toLocaleString('en-GB') : '—'),
      h('td', {}, entry.action || '—'), h('td', {}, back));
  });
  return {
    title: 'Revisions',
    nav: 'revisions',
    nodes: [h('h1', {}, 'Revisions'),
      h('table', {}, h('caption', {}, 'Newest first'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Compare'), h('th', { scope: 'col' }, 'Revision'),
          h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'What'),
          h('th', { scope: 'col' }, 'Roll back'))),
        h('tbody', {}, rows)),
      h('p', { class: 'actions' }, compare), diffBox],
  };
}

async function spreadsheetPage(ctx) {
  const status = h('div', { role: 'status' });
  const download = h('button', { type: 'button' }, 'Download the exhibits as CSV');
  download.addEventListener('click', async () => {
    const response = await api('GET', venuePath(ctx.venue, 'catalogue.csv'), { raw: true });
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: `${ctx.venue}.csv` }, `${ctx.venue}.csv`);
    status.replaceChildren(h('p', {}, 'Ready: ', link));
    link.click();
  });
  const file = h('input', { type: 'file', id: uid('sheet'), accept: '.csv,text/csv,.json,application/json' });
  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    const body = await chosen.text();
    const type = /\.json$/i.test(chosen.name) || chosen.type === 'application/json' ? 'application/json' : 'text/csv';
    let answer;
    try {
      answer = await api('POST', venuePath(ctx.venue, 'check'), { body, type });
    } catch (err) {
      status.replaceChildren(h('p', { class: 'error' }, err.message));
      return;
    }
    if (!answer.valid) {
      status.replaceChildren(h('p', { class: 'error' }, `${chosen.name}: ${problemText(answer.count).replace(' in the venue', '')} Nothing was changed.`),
        problemsList(ctx, answer.problems, false));
      return;
    }
    const publish = h('button', { type: 'button', class: 'primary' }, `Publish ${chosen.name}`);
    publish.addEventListener('click', async () => {
      try {
        const done = await api('PUT', venuePath(ctx.venue, 'catalogue'), { body, type });
        forgetDraft(ctx.venue);
        status.replaceChildren(h('p', { class: 'ok' }, `Published: revision ${done.revision} is live.`),
          ...mediaProblems(done));
      } catch (err) {
        status.replaceChildren(h('p', { class: 'error' }, `Not published: ${err.message}`));
      }
    });
    status.replaceChildren(h('p', { class: 'ok' }, `${chosen.name} is valid. Publishing it makes these changes live:`),
      changesSummary(answer.changes || {}), h('p', {}, publish));
  });
  return {
    title: 'Spreadsheet',
    nav: 'sheet',
    nodes: [h('h1', {}, 'Spreadsheet'),
      h('p', {}, 'One row per exhibit, a column per text and language (title.ko, title.en, …), as data/README.md describes. What a spreadsheet has no column for (pictures, videos, narration) is kept.'),
      h('p', {}, download),
      field('Upload a CSV or JSON file to check', file, 'Nothing changes until it is valid and you publish it.'),
      status],
  };
}

async function beaconsPage(ctx) {
  const report = await api('GET', venuePath(ctx.venue, 'beacons'));
  const order = { missing: 0, 'low-battery': 1, waiting: 2, unknown: 3, ok: 4 };
  const beacons = (report.beacons || []).slice().sort((a, b) => (order[a.status] ?? 5) - (order[b.status] ?? 5));
  return {
    title: 'Beacons',
    nav: 'beacons',
    nodes: [h('h1', {}, 'Beacons'),
      report.monitor && report.monitor.enabled === false ? h('p', {}, 'The fleet monitor is off on this sorid.') : null,
      h('table', {}, h('caption', {}, 'Missing and low-battery beacons first'),
        h('thead', {}, h('tr', {}, ['Beacon', 'Status', 'Last heard', 'Battery', 'Signal'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, beacons.map((b) => h('tr', {},
          h('th', { scope: 'row' }, b.id),
          h('td', { class: `status-${b.status}` }, b.status),
          h('td', {}, b.last_seen || (b.seconds_since_seen !== undefined ? `${b.seconds_since_seen} s ago` : 'never')),
          h('td', {}, b.telemetry && b.telemetry.battery_mv ? `${b.telemetry.battery_mv} mV` : '—'),
          h('td', {}, b.rssi !== undefined && b.rssi !== null ? `${b.rssi} dBm` : '—')))))],
  };
}

async function labelsPage(ctx) {
  const size = h('select', { id: uid('size') }, [20, 25, 30, 40, 50].map((mm) => h('option', { value: mm, selected: mm === 30 }, `${mm} mm`)));
  const sheet = h('div', { class: 'labels' });
  const status = h('p', { role: 'status', class: 'no-print' });
  async function draw() {
    const answer = await api('GET', `${venuePath(ctx.venue, 'labels')}?base=${encodeURIComponent(location.origin)}&size_mm=${size.value}&lang=en`);
    sheet.replaceChildren(...answer.labels.map((label) => {
      // sorid's own SVG, parsed as SVG and never as HTML
      const svg = new DOMParser().parseFromString(label.svg, 'image/svg+xml').documentElement;
      svg.setAttribute('aria-label', `QR code: ${label.url}`);
      return h('figure', { class: 'label' }, document.importNode(svg, true),
        h('figcaption', {}, h('p', { class: 'label-number' }, label.code || ''), h('p', { class: 'label-title' }, label.title)));
    }));
    status.textContent = `${answer.labels.length} labels at ${answer.size_mm} mm.${answer.https ? '' : ' This address is not https: phones on public Wi-Fi cannot trust it.'}`;
  }
  size.addEventListener('change', draw);
  await draw();
  return {
    title: 'Labels',
    nav: 'labels',
    nodes: [h('h1', { class: 'no-print' }, 'Labels to print'),
      h('div', { class: 'no-print' }, field('Label size', size), h('p', {}, h('button', { type: 'button', onclick: () => window.print() }, 'Print'))),
      status, sheet],
  };
}

/* ---- how the guides are used ---- */

const USAGE_COLUMNS = [
  ['opened', 'Opened'],
  ['reached:number', 'By number'],
  ['reached:qr', 'By QR code'],
  ['reached:beacon', 'By beacon'],
  ['reached:list', 'From a list'],
  ['reached:directions', 'By directions'],
  ['reached:camera', 'By camera'],
  ['audio', 'Audio played'],
  ['captions', 'Captions'],
  ['transcript', 'Transcript'],
  ['sign-video', 'Sign language'],
  ['version:easy-read', 'Easy read'],
  ['version:audio-description', 'Audio description'],
];
const PROFILES = [['general', 'Anyone'], ['wheelchair', 'Wheelchair'], ['step-free', 'Step-free'], ['blind', 'Blind']];

/* a count as sorid gives it: a number, or "< 5" for one too small to show */
function usageCell(value, most) {
  if (value === undefined) return h('td', { class: 'count' }, '0');
  if (typeof value !== 'number') {
    return h('td', { class: 'count' }, h('span', { 'aria-hidden': 'true' }, '< 5'), h('span', { class: 'visually-hidden' }, 'fewer than 5'));
  }
  // the bar shows the size; the number says it, to every reader
  return h('td', { class: 'count' }, h('span', { class: 'count-number' }, value.toLocaleString('en')),
    most > 0 ? h('meter', { min: 0, max: most, value, 'aria-hidden': 'true' }) : null);
}

/* adds "< 5" cells as the least they can be, for totals that say "at least" */
function addCount(total, value) {
  if (typeof value === 'number') return { n: total.n + value, atLeast: total.atLeast };
  return value === undefined ? total : { n: total.n + 1, atLeast: true };
}

async function usagePage(ctx) {
  const d = await draft(ctx.venue);
  const langs = d.live.venue.languages;
  // each name in its own language and direction
  const textOf = (t) => (t && langs.some((l) => t[l]) ? texts(t, langs) : null);
  const period = h('select', { id: uid('period') }, [['day', 'A day'], ['week', 'A week'], ['month', 'A month']].map(([v, label]) => h('option', { value: v }, label)));
  const date = h('input', { type: 'date', id: uid('date'), required: true });
  const result = h('div', { 'aria-live': 'polite' });
  const status = h('p', { role: 'status', class: 'status' });

  function targetRows(counts, kind, items, name) {
    const rows = items.map((item) => {
      const cells = {};
      for (const [feature] of USAGE_COLUMNS) {
        if (feature === 'audio') {
          let total = { n: 0, atLeast: false };
          for (const [key, value] of Object.entries(counts)) {
            if (key.startsWith(`${kind}:${item.id}:audio:`)) total = addCount(total, value);
          }
          cells.audio = total.n === 0 ? undefined : total.atLeast && total.n < 5 ? '< 5' : total.n;
        } else {
          cells[feature] = counts[`${kind}:${item.id}:${feature}`];
        }
      }
      return { item, cells };
    });
    return rows.filter((r) => Object.values(r.cells).some((v) => v !== undefined))
      .sort((a, b) => (typeof b.cells.opened === 'number' ? b.cells.opened : 0) - (typeof a.cells.opened === 'number' ? a.cells.opened : 0))
      .map((r) => ({ ...r, label: name(r.item) }));
  }

  function table(caption, rows, columns) {
    if (rows.length === 0) return h('p', {}, `${caption}: nothing counted in this period.`);
    const most = {};
    for (const [feature] of columns) most[feature] = Math.max(0, ...rows.map((r) => (typeof r.cells[feature] === 'number' ? r.cells[feature] : 0)));
    return h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': caption },
      h('table', { class: 'usage' }, h('caption', {}, caption),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Where'), columns.map(([, label]) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label),
          columns.map(([feature]) => usageCell(r.cells[feature], most[feature])))))));
  }

  async function show() {
    if (!date.value) {
      status.textContent = 'Choose a date.';
      return;
    }
    status.textContent = 'Loading…';
    const answer = await api('GET', `${venuePath(ctx.venue, 'usage')}?period=${period.value}&date=${date.value}`);
    const counts = answer.counts || {};
    const exhibits = targetRows(counts, 'exhibit', d.live.exhibits || [], (e) => [e.code ? `${e.code} ` : '', textOf(e.title) || e.id]);
    const galleries = targetRows(counts, 'gallery', d.live.galleries || [], (g) => textOf(g.name) || g.id);
    const places = {};
    for (const [key, value] of Object.entries(counts)) {
      const m = /^place:(.+):directions:([a-z-]+)$/.exec(key);
      if (m) (places[m[1]] = places[m[1]] || {})[m[2]] = value;
    }
    const mapPlaces = new Map(((d.live.map && d.live.map.places) || []).map((p) => [p.id, p]));
    const directions = Object.entries(places).map(([id, cells]) => ({ label: textOf(mapPlaces.get(id) && mapPlaces.get(id).name) || id, cells }));
    const settings = [['settings:text_size_large', 'Text enlarged'], ['settings:high_contrast', 'High contrast'],
      ['settings:mode:listen', 'Mode: listen'], ['settings:mode:read', 'Mode: read'], ['settings:mode:sign', 'Mode: sign language']]
      .map(([key, label]) => ({ label, cells: { n: counts[key] } }));
    let opened = { n: 0, atLeast: false };
    for (const [key, value] of Object.entries(counts)) if (key.endsWith(':opened')) opened = addCount(opened, value);
    const range = answer.from === answer.to ? answer.from : `${answer.from} to ${answer.to}`;
    result.replaceChildren(...[
      h('h2', {}, `Use of the guides, ${range}`),
      answer.counting ? null : h('p', { class: 'error' }, 'This sorid does not count usage.'),
      h('p', {}, opened.n === 0 ? 'Nothing was opened in this period.'
        : `${opened.atLeast ? 'At least ' : ''}${opened.n.toLocaleString('en')} openings of exhibits and galleries. Each phone counts an exhibit once a day.`),
      table('Exhibits', exhibits, USAGE_COLUMNS),
      table('Galleries', galleries, USAGE_COLUMNS),
      table('Directions asked, by who is going', directions, PROFILES),
      table('Settings in use, phones a day', settings.filter((r) => r.cells.n !== undefined), [['n', 'Phones']]),
    ].filter(Boolean));
    status.textContent = `Counts of ${range} shown.`;
  }

  // today at the venue, as sorid has it, unless a date is chosen
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: d.live.venue.timezone || undefined, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  date.value = today;
  const form = h('form', { class: 'usage-form', onsubmit: (e) => { e.preventDefault(); show().catch((err) => { status.textContent = err.message; }); } },
    field('Period', period), field('Date', date, 'Any day of the period; weeks run Monday to Sunday.'),
    h('p', {}, h('button', { type: 'submit', class: 'primary' }, 'Show')));
  await show();
  return {
    title: 'Usage',
    nav: 'usage',
    nodes: [h('h1', {}, 'How the guides are used'),
      h('p', {}, 'What visitors\' phones counted, without anything of who: each exhibit and feature once a day on a phone. A count under 5 is shown as "< 5", so that no one visitor can be picked out.'),
      h('p', {}, 'The public sees these as open data with noise added, for closed periods only: ',
        h('a', { href: `/v1/venues/${encodeURIComponent(ctx.venue)}/usage?period=month` }, 'the latest month released'), '.'),
      form, status, result],
  };
}

/* ---- the frame ---- */

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'v' || !parts[1]) return { page: parts[0] === 'venues' ? 'venues' : 'home' };
  const venue = parts[1];
  if (parts[2] === 'e' && parts[3] !== undefined) return { page: 'editor', venue, arg: parts[3] };
  const pages = { publish: 'publish', revisions: 'revisions', sheet: 'sheet', beacons: 'beacons', labels: 'labels', codes: 'codes', usage: 'usage' };
  return { page: pages[parts[2]] || 'exhibits', venue };
}

function setNav(r) {
  nav.replaceChildren();
  if (!r.venue) {
    nav.hidden = true;
    return;
  }
  const base = `#/v/${encodeURIComponent(r.venue)}`;
  const items = [['exhibits', base, 'Exhibits'], ['publish', `${base}/publish`, 'Publish'],
    ['revisions', `${base}/revisions`, 'Revisions'], ['sheet', `${base}/sheet`, 'Spreadsheet'],
    ['beacons', `${base}/beacons`, 'Beacons'], ['labels', `${base}/labels`, 'Labels'], ['codes', `${base}/codes`, 'Printed codes'], ['usage', `${base}/usage`, 'Usage'],
    ['venues', '#/venues', 'Venues']];
  nav.append(h('ul', {}, items.map(([name, href, label]) => h('li', {},
    h('a', { href, 'aria-current': (r.page === name || (name === 'exhibits' && r.page === 'editor')) ? 'page' : null }, label)))));
  nav.hidden = false;
}

const PAGES = {
  home: venuesPage, venues: (ctx) => venuesPage(Object.assign(ctx, { stay: true })),
  exhibits: exhibitsPage, publish: publishPage, revisions: revisionsPage,
  sheet: spreadsheetPage, beacons: beaconsPage, labels: labelsPage, usage: usagePage,
  editor: (ctx) => exhibitEditorPage(ctx, { api, venuePath, token, draft, saveDraft, check, field, problemText, announce, ApiError }),
  codes: (ctx) => markerLabelsPage(ctx, { api, venuePath, field }),
};

async function render() {
  const ticket = ++rendering;
  if (current && current.destroy) current.destroy();
  current = null;
  const r = route();
  let page;
  main.setAttribute('aria-busy', 'true');
  if (!token()) {
    page = signInPage(r);
  } else {
    try {
      if (curator === null) await coveredVenues();
      page = await PAGES[r.page](Object.assign({}, r));
      if (page === null) return;
    } catch (err) {
      if (err.status === 401) {
        setToken(null);
        curator = null;
        page = signInPage(r, 'Your token is no longer valid (it may have been revoked). Sign in again.');
      } else {
        page = { title: 'Something went wrong', nodes: [h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, err.message),
          h('p', {}, h('a', { href: '#/venues' }, 'Back to your venues'))] };
      }
    }
  }
  if (ticket !== rendering) {
    if (page.destroy) page.destroy();
    return;
  }
  setNav(token() ? r : {});
  signedIn.hidden = !token();
  signedIn.replaceChildren(token() && curator ? `Signed in as ${curator} ` : '', token() ? h('button', {
    type: 'button',
    onclick: () => {
      setToken(null);
      curator = null;
      drafts.clear();
      try {
        Object.keys(sessionStorage).filter((k) => k.startsWith(DRAFT_KEY)).forEach((k) => sessionStorage.removeItem(k));
      } catch (err) {
        // nothing kept
      }
      location.hash = '#/';
      render();
    },
  }, 'Sign out') : '');
  main.replaceChildren(...page.nodes.filter(Boolean));
  main.removeAttribute('aria-busy');
  current = page;
  document.title = `${page.title} — sori console`;
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}

window.addEventListener('hashchange', render);
if (matchMedia('(prefers-contrast: more)').matches) document.documentElement.dataset.contrast = 'high';
render();
