// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The console's printed codes page: the sheets of labels sorid draws for a
// venue's codes (GET …/labels/markers, lib/sori-labels.c, the same sheets
// sorictl labels writes), a floor and a paper size to choose, and printing at
// exact size: each sheet is its paper in millimetres with its own margins, so
// the page has none and nothing is scaled. The camera works out how far a
// code is from its printed size; a sheet printed "to fit" would mislead it.

import { h, uid } from '/admin/dom.js';

const PAPERS = [['a4', 'A4 (210 × 297 mm)'], ['a3', 'A3 (297 × 420 mm)']];

function floorLabel(sheet) {
  if (sheet.floor === null) return 'No floor';
  return sheet.floor_name ? `Floor ${sheet.floor} (${sheet.floor_name})` : `Floor ${sheet.floor}`;
}

/**
 * The printed codes' labels page.
 * @param ctx the route: {venue}
 * @param helpers the console's {api, venuePath, field}
 */
export async function markerLabelsPage(ctx, { api, venuePath, field }) {
  const paper = h('select', { id: uid('paper') }, PAPERS.map(([value, label]) => h('option', { value }, label)));
  const floor = h('select', { id: uid('floor') }, h('option', { value: '' }, 'Every floor'));
  const status = h('p', { role: 'status', class: 'no-print' });
  const problem = h('p', { role: 'alert', class: 'error no-print' });
  const sheets = h('div', { class: 'marker-sheets' });
  const printButton = h('button', { type: 'button', onclick: () => window.print() }, 'Print at actual size');
  let floorsKnown = false;

  async function draw() {
    const query = new URLSearchParams({ base: location.origin, paper: paper.value, lang: 'en' });
    if (floor.value !== '') query.set('floor', floor.value);
    problem.textContent = '';
    status.textContent = 'Drawing the sheets…';
    let answer;
    try {
      answer = await api('GET', `${venuePath(ctx.venue, 'labels', 'markers')}?${query}`);
    } catch (err) {
      sheets.replaceChildren();
      status.textContent = '';
      problem.textContent = err.message;
      printButton.disabled = true;
      return;
    }
    if (!floorsKnown) {
      // the floors with codes, as the first answer (every floor) has them
      const seen = new Map();
      for (const sheet of answer.sheets) if (sheet.floor !== null && !seen.has(sheet.floor)) seen.set(sheet.floor, floorLabel(sheet));
      floor.append(...[...seen].map(([level, label]) => h('option', { value: String(level) }, label)));
      floorsKnown = true;
    }
    sheets.replaceChildren(...answer.sheets.map((sheet) => {
      // sorid's own SVG, parsed as SVG and never as HTML
      const svg = document.importNode(new DOMParser().parseFromString(sheet.svg, 'image/svg+xml').documentElement, true);
      const caption = `${floorLabel(sheet)}, sheet ${sheet.page} of ${sheet.pages}: codes ${sheet.markers.join(', ')}`;
      svg.setAttribute('aria-label', `Sheet of printed codes: ${caption}`);
      svg.setAttribute('class', 'marker-sheet-svg');
      svg.style.setProperty('--sheet-width', `${answer.width_mm}mm`);
      svg.style.setProperty('--sheet-height', `${answer.height_mm}mm`);
      // printed on a page of its own paper, with no margin of the browser's (console.css's named pages)
      return h('figure', { class: `marker-sheet paper-${answer.paper}` }, h('figcaption', { class: 'no-print' }, caption), svg);
    }));
    const codes = answer.sheets.reduce((n, sheet) => n + sheet.markers.length, 0);
    status.textContent = `${codes} code${codes === 1 ? '' : 's'} on ${answer.sheets.length} ${answer.paper.toUpperCase()} sheet${answer.sheets.length === 1 ? '' : 's'}.` +
      (answer.https ? '' : ' This address is not https: phones on public Wi-Fi cannot trust its QR codes.');
    printButton.disabled = false;
  }
  paper.addEventListener('change', draw);
  floor.addEventListener('change', draw);
  await draw();
  return {
    title: 'Printed codes',
    nav: 'codes',
    nodes: [h('h1', { class: 'no-print' }, 'Printed codes to print'),
      h('div', { class: 'no-print' },
        h('p', {}, 'Each code is drawn at the size the catalogue gives it, with its number, the name of what it stands beside and a QR code of its page. ' +
          'Print at actual size (100 %, not "fit to page"): the camera works out how far a code is from its printed size. Each sheet has a 50 mm bar to check it with a ruler.'),
        field('Paper', paper), field('Floor', floor), h('p', {}, printButton)),
      status, problem, sheets],
  };
}
