// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The pages sorid sends whole (daemon/api/sori-pages.c), in Debian's
// Chromium at a phone's size: without JavaScript every page reads and works
// (the audio plays with the browser's own controls, the number form reaches
// an exhibit, the language links switch, the phone's contrast and motion
// apply); with it the app takes the page over without drawing it again and
// nothing moves after the first paint (layout shifts, as Lighthouse counts
// them, 0.05 at most). The app draws no page of its own: there is no second
// renderer to compare sorid's with (navigation.test.mjs: the pages after
// the first).
//
//   SORID=build/daemon/sorid node --test tests/web/pages.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startSorid, ARTIFACTS, CHROMIUM_ARGS, getJson } from './sorid.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VENUE = 'dasol-museum';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const MAX_SHIFT = 0.05;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let chromium;
let axeSource;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (err) {
  throw new Error(`the browser tests need their npm packages: run "npm ci --prefix tests/web" (${err.message})`);
}

let server;
let origin;
let browser;
const pageErrors = [];

before(async () => {
  server = await startSorid();
  ({ origin } = server);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function phone(options = {}) {
  const context = await browser.newContext(Object.assign({ locale: 'en-US', serviceWorkers: 'block',
    ignoreHTTPSErrors: Boolean(process.env.SORI_TLS) }, PHONE, options));
  // nothing beyond sorid: the sample's pictures and videos on media.*.example fail, as offline
  await context.route((url) => url.origin !== origin, (route) => route.abort());
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return { context, page };
}

/*
 * A phone whose scripts do not run, for what needs the test's own script
 * (axe-core, computed styles), which a browser with JavaScript off refuses:
 * sorid's pages without their one inline script, the app's files refused.
 */
async function scriptless() {
  const { context, page } = await phone();
  await context.route((url) => url.origin === origin && url.pathname.startsWith('/app/') && url.pathname.endsWith('.js'),
    (route) => route.abort());
  await context.route((url) => url.origin === origin && !url.pathname.startsWith('/v1/') && !url.pathname.startsWith('/app/'),
    async (route) => {
      const response = await route.fetch();
      const type = response.headers()['content-type'] || '';
      if (!type.startsWith('text/html')) return route.fulfill({ response });
      const body = (await response.text()).replace(/<script>[^<]*<\/script>/, '');
      return route.fulfill({ response, body });
    });
  return { context, page };
}

const api = (pathname) => getJson(origin, pathname);

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), AXE_TAGS);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`);
}

async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test('without JavaScript every page reads, the audio plays, the number form and the language links work', async () => {
  const { context, page } = await phone({ javaScriptEnabled: false });
  const venue = await api(`/v1/venues/${VENUE}?lang=en`);
  await page.goto(`${origin}/v/${VENUE}`);
  assert.equal(await page.title(), venue.name.text);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal((await page.locator('main h1').textContent()).trim(), venue.name.text);
  await page.getByText(venue.access.summary.text).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Galleries' }).getByRole('link').count(), venue.galleries.length);
  assert.equal(await page.getByText('Loading').count(), 0);
  await shot(page, 'nojs-home');

  // a gallery, then an exhibit, by their links
  await page.getByRole('link', { name: new RegExp(venue.galleries[0].name.text) }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/g/${venue.galleries[0].id}`);
  const list = await api(`/v1/venues/${VENUE}/exhibits?gallery=${venue.galleries[0].id}&lang=en`);
  assert.equal(await page.getByRole('region', { name: 'Exhibits' }).getByRole('link').count(), list.exhibits.length);
  await page.getByRole('link', { name: new RegExp(list.exhibits[0].title.text) }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/e/${list.exhibits[0].id}`);
  const exhibit = await api(`/v1/venues/${VENUE}/exhibits/${list.exhibits[0].id}?lang=en`);
  assert.equal(await page.title(), `${exhibit.title.text} — ${venue.name.text}`);
  await page.getByText(exhibit.description.text).waitFor();
  // the browser's own player; the app's controls are not shown where they cannot work
  const audio = page.locator('audio[controls]');
  assert.ok(await audio.isVisible());
  assert.equal(await page.locator('.player-buttons').isVisible(), false);
  assert.equal(await page.locator('.captions-box').isVisible(), false);
  // it plays: a tap on the browser's own play button, and the recording comes
  await audio.scrollIntoViewIfNeeded();
  const box = await audio.boundingBox();
  const recording = page.waitForResponse((r) => r.url().includes('/v1/media/'));
  await page.mouse.click(box.x + 20, box.y + box.height / 2);
  const got = await recording;
  assert.ok([200, 206].includes(got.status()), `the recording: HTTP ${got.status()}`);
  assert.equal(got.headers()['content-type'], 'audio/mpeg');
  // the captions as a file, which the W3C validator takes
  const captions = page.getByRole('link', { name: 'Captions (WebVTT file)' });
  assert.ok(await captions.isVisible());
  const vtt = await (await fetch(new URL(await captions.getAttribute('href'), origin))).text();
  assert.match(vtt, /^WEBVTT\n/);
  await shot(page, 'nojs-exhibit');

  // another version, by the plain form
  await page.getByLabel('Easy read').check();
  await page.getByRole('button', { name: 'Show this version' }).tap();
  await page.waitForURL(/version=easy_read/);
  assert.match(await page.locator('audio').getAttribute('src'), /field=easy_read/);
  await page.getByText(exhibit.easy_read.text).waitFor();

  // the number, typed in the plain form: the phone's keyboard, not the app's keys
  await page.goto(`${origin}/v/${VENUE}/keypad`);
  assert.equal(await page.locator('.key[data-key="1"]').isVisible(), false);
  const input = page.getByLabel('Exhibit number');
  await input.fill('999');
  await page.getByRole('button', { name: 'Go' }).tap();
  await page.getByText('No exhibit has the number 999.').waitFor();
  assert.equal(await input.inputValue(), '999');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  await input.fill('101');
  await page.getByRole('button', { name: 'Go' }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/e/moon-jar?via=number`);
  assert.equal((await page.locator('main h1').textContent()).trim(), 'White Porcelain Moon Jar');

  // a QR code's link
  await page.goto(`${origin}/v/${VENUE}/c/201`);
  await page.waitForURL(/\/e\/bojagi\?via=qr$/);

  // the languages, by links, and the next pages keep the choice
  await page.goto(`${origin}/v/${VENUE}`);
  const ko = await api(`/v1/venues/${VENUE}?lang=ko`);
  await page.getByRole('link', { name: '한국어' }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}?lang=ko`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  assert.equal((await page.locator('main h1').textContent()).trim(), ko.name.text);
  await page.getByRole('link', { name: new RegExp(ko.galleries[0].name.text) }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/g/${ko.galleries[0].id}?lang=ko`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');

  // the settings say that the phone's own settings apply
  await page.goto(`${origin}/v/${VENUE}/settings`);
  await page.getByText('follow your phone\'s own settings').waitFor();
  await page.getByText('This browser runs no JavaScript').waitFor();
  assert.equal(await page.getByLabel('High contrast').isVisible(), false);

  // access, and directions by a plain form: the wheelchair way, step by step, each step to hear
  await page.goto(`${origin}/v/${VENUE}/access`);
  await page.getByRole('heading', { name: 'Lifts', level: 2 }).waitFor();
  await page.goto(`${origin}/v/${VENUE}/e/moon-jar`);
  await page.getByRole('link', { name: 'Directions here' }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/directions?to=moon-jar`);
  await page.getByLabel('From', { exact: true }).selectOption({ label: 'Main entrance' });
  await page.getByLabel('Wheelchair').check();
  await page.getByRole('button', { name: 'Show the way' }).tap();
  await page.waitForURL(/from=main&to=moon-jar&profile=wheelchair/);
  const route = await api(`/v1/venues/${VENUE}/route?from=main&to=moon-jar&profile=wheelchair&lang=en`);
  const steps = page.locator('.step-list li');
  assert.equal(await steps.count(), route.steps.length);
  for (let i = 0; i < route.steps.length; i++) {
    assert.equal((await steps.nth(i).locator('.step-instruction').textContent()).trim(), route.steps[i].instruction.text);
    assert.ok(await steps.nth(i).locator('audio[controls]').isVisible());
  }
  await shot(page, 'nojs-directions');
  await context.close();
});

test('without the app\'s scripts every page passes axe-core, and follows the phone\'s contrast and motion', async () => {
  const { context, page } = await scriptless();
  for (const pathname of ['/', `/v/${VENUE}`, `/v/${VENUE}/g/clay-and-fire`, `/v/${VENUE}/e/moon-jar`,
    `/v/${VENUE}/access`, `/v/${VENUE}/keypad`, `/v/${VENUE}/settings`, `/v/${VENUE}/directions`,
    `/v/${VENUE}/directions?from=main&to=moon-jar&profile=wheelchair`]) {
    await page.goto(origin + pathname);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('sori-js')), false);
    assert.deepEqual(await axe(page), [], pathname);
  }
  // the phone's own settings, by CSS alone
  await page.goto(`${origin}/v/${VENUE}/e/moon-jar`);
  await page.emulateMedia({ contrast: 'more', reducedMotion: 'reduce' });
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(0, 0, 0)');
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior), 'auto');
  assert.deepEqual(await axe(page), [], 'high contrast');
  await shot(page, 'nojs-exhibit-contrast');
  await context.close();
});

/* the layout shifts of the page's life, and the nodes the parser made, before any script */
function watch() {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) window.__shifts.push({ value: entry.value, sources: (entry.sources || []).map((s) => (s.node && s.node.nodeName) || '?') });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  document.addEventListener('readystatechange', () => {
    if (document.readyState === 'interactive') {
      window.__parsed = [...document.querySelectorAll('main h1, main section, main form, main .player')];
    }
  });
}

const PAGES = [
  ['venues', '/'],
  ['home', `/v/${VENUE}`],
  ['gallery', `/v/${VENUE}/g/clay-and-fire`],
  ['exhibit', `/v/${VENUE}/e/moon-jar`],
  ['access', `/v/${VENUE}/access`],
  ['keypad', `/v/${VENUE}/keypad`],
  ['settings', `/v/${VENUE}/settings`],
  ['exhibit-ko', `/v/${VENUE}/e/bojagi`, 'ko-KR'],
];

for (const [name, pathname, locale] of PAGES) {
  test(`with JavaScript the app takes sorid's ${name} page over: nothing drawn again, nothing moves`, async () => {
    const { context, page } = await phone(locale ? { locale } : {});
    await page.addInitScript(watch);
    await page.goto(origin + pathname, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.ready);
    if (name.startsWith('exhibit')) await page.locator('.player[data-captions="ready"]').waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    const result = await page.evaluate(() => ({
      ready: document.documentElement.dataset.ready,
      kept: (window.__parsed || []).every((el) => el.isConnected),
      parsed: (window.__parsed || []).length,
      shifts: window.__shifts,
    }));
    const total = result.shifts.reduce((n, s) => n + s.value, 0);
    console.log(`cls_${name}: ${total.toFixed(4)}`);
    assert.equal(result.ready, 'adopted', 'the app drew the page again');
    assert.ok(result.parsed > 0, 'nothing was parsed from sorid\'s page');
    assert.ok(result.kept, 'a part of sorid\'s page was replaced');
    assert.ok(total <= MAX_SHIFT, `layout shifts ${total}: ${JSON.stringify(result.shifts)}`);
    await context.close();
  });
}

test('no page threw an uncaught exception', () => {
  assert.deepEqual(pageErrors, []);
});
