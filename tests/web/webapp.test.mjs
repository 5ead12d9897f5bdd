// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The visitors' web app in Debian's Chromium, driven by playwright-core, at a
// phone's size: the sample venue, the keypad, a QR link, audio with captions
// in step, a language switch, the keyboard alone, Web Bluetooth, offline, and
// axe-core on every page in normal and high contrast. Screenshots at 390×844
// are kept in $SORI_ARTIFACTS.
//
//   SORID=build/daemon/sorid node --test tests/web/webapp.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startSorid, SORID, ARTIFACTS, CHROMIUM_ARGS, getJson, usageBatches } from './sorid.mjs';

const require = createRequire(import.meta.url);
const SORICTL = process.env.SORICTL || path.join(path.dirname(SORID), 'sorictl');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VENUE = 'dasol-museum';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
// WCAG 2.2 AA, and axe's best practices: one h1, headings in order, content in landmarks
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let chromium;
let axeSource;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (err) {
  throw new Error(`the browser tests need their npm packages: run "npm ci --prefix tests/web" (${err.message})`);
}
if (!fs.existsSync(CHROMIUM)) {
  throw new Error(`the browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install chromium`);
}

let server;
let origin;
let browser;
let tmp;
const thirdParty = [];   // requests for anything but sorid
const cookies = [];      // Set-Cookie headers seen, of which there must be none
const pageErrors = [];   // uncaught exceptions in the app, of which there must be none

before(async () => {
  server = await startSorid();
  ({ origin, tmp } = server);
  browser = await launch();
});

async function launch() {
  const launched = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  launched.on('disconnected', () => console.log(`chromium: disconnected at ${new Date().toISOString()}`));
  return launched;
}

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  assert.deepEqual(cookies, [], 'sorid set no cookie');
});

/** A phone's browser, with nothing reaching beyond sorid. */
async function phone(options = {}) {
  if (!browser.isConnected()) {
    // a browser that died fails the test it died in, not every one after it
    console.log('chromium: disconnected, starting it again');
    browser = await launch();
  }
  const context = await browser.newContext(Object.assign({ locale: 'en-US', serviceWorkers: 'block',
    ignoreHTTPSErrors: Boolean(process.env.SORI_TLS) }, PHONE, options));
  await context.route((url) => url.origin !== origin, (route) => {
    thirdParty.push({ url: route.request().url(), type: route.request().resourceType() });
    return route.abort();
  });
  const page = await context.newPage();
  page.on('response', async (response) => {
    const header = await response.headerValue('set-cookie').catch(() => null);
    if (header) cookies.push(`${response.url()}: ${header}`);
  });
  const errors = [];
  page.on('pageerror', (err) => {
    errors.push(err.message);
    pageErrors.push(`${page.url()}: ${err.message}`);
  });
  page.errors = errors;
  return { context, page };
}

const api = (pathname) => getJson(origin, pathname);

/** Waits for the app to have the page the URL names: drawn, or sorid's taken over. */
async function rendered(page) {
  await page.locator('main:not([aria-busy]) h1:not(#page-title)').first().waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.ready);
}

async function heading(page) {
  await rendered(page);
  return (await page.locator('main h1').first().textContent()).trim();
}

async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** Opens the venue and waits until the service worker controls the page. */
async function controlledByServiceWorker(page) {
  await page.goto(`${origin}/v/${VENUE}`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** axe-core's WCAG 2.2 AA rules and best practices on the page as it is. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }), AXE_TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
}

test('the sample venue opens on a phone, in the phone\'s language', async () => {
  const { context, page } = await phone();
  const venues = await api('/v1/venues?lang=en');
  await page.goto(`${origin}/`);
  assert.equal(await heading(page), 'Choose a place');
  const links = page.locator('main .cards a');
  assert.equal(await links.count(), venues.venues.length);
  await screenshot(page, 'venues');

  await page.getByRole('link', { name: /Dasol Museum of Crafts/ }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}`);
  const venue = await api(`/v1/venues/${VENUE}?lang=en`);
  assert.equal(await heading(page), venue.name.text);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  const galleries = page.getByRole('region', { name: 'Galleries' }).getByRole('link');
  assert.deepEqual(await galleries.allTextContents(),
    venue.galleries.map((g) => `${g.name.text}Floor ${g.floor} · Step-free · ${g.exhibit_count} exhibits`));
  // the venue as schema.org data in the page's head, for search engines and previews
  const schemaOrg = JSON.parse(await page.locator('head script#sori-venue-schema[type="application/ld+json"]').textContent());
  assert.deepEqual([schemaOrg['@context'], schemaOrg['@type'], schemaOrg.identifier],
    ['https://schema.org', ['Museum', 'TouristAttraction'], VENUE]);
  assert.ok(schemaOrg.amenityFeature.some((f) => f.name === 'Step-free entrance'));
  // access information: the summary here, every part on its own page
  await page.getByText(venue.access.summary.text).waitFor();
  // the opening hours, today's marked in the venue's own time zone
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: venue.timezone, weekday: 'long' }).format(new Date());
  const today = page.locator('.hours .today dt');
  assert.equal((await today.textContent()).trim(), `${weekday} (today)`);
  assert.equal(await page.locator('.hours .row').count(), 7);
  await page.getByRole('link', { name: 'All access information' }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/access`);
  await rendered(page);
  for (const part of ['Entrances', 'Step-free routes', 'Lifts', 'Accessible toilets', 'Seating', 'Equipment to borrow', 'Quiet spaces']) {
    await page.getByRole('heading', { name: part, level: 2 }).waitFor();
  }
  await page.getByText(venue.access.lifts[0].description.text).waitFor();
  assert.equal(await page.locator('head script[type="application/ld+json"]').count(), 0, 'gone with the venue page');
  await screenshot(page, 'access');

  // a gallery's exhibits, with their numbers
  await page.goBack();
  await page.getByRole('link', { name: new RegExp(venue.galleries[1].name.text) }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/g/${venue.galleries[1].id}`);
  await rendered(page);
  const list = await api(`/v1/venues/${VENUE}/exhibits?gallery=${venue.galleries[1].id}&lang=en`);
  const items = page.getByRole('region', { name: 'Exhibits' }).getByRole('link');
  assert.equal(await items.count(), list.exhibits.length);
  const first = (await items.first().textContent()).replace(/\s+/g, ' ');
  assert.ok(first.includes(`No. ${list.exhibits[0].code}`) && first.includes(list.exhibits[0].title.text), first);
  assert.equal(await page.getByText('Sign language', { exact: true }).count(),
    list.exhibits.filter((e) => e.has_sign_language).length);
  await screenshot(page, 'gallery');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the first page is under 100 KB on the wire', async () => {
  const { context, page } = await phone();
  await page.goto(`${origin}/v/${VENUE}`, { waitUntil: 'networkidle' });
  await rendered(page);
  const bytes = await page.evaluate(() => performance.getEntriesByType('navigation')
    .concat(performance.getEntriesByType('resource'))
    .reduce((n, entry) => n + entry.transferSize, 0));
  console.log(`first_page_bytes: ${bytes}`);
  assert.ok(bytes > 1000, `${bytes} bytes: was anything measured?`);
  assert.ok(bytes < 100 * 1024, `the first page took ${bytes} bytes`);
  await context.close();
});

test('an exhibit by its number on the keypad, and a wrong number', async () => {
  const { context, page } = await phone();
  await page.goto(`${origin}/v/${VENUE}/keypad`);
  assert.equal(await heading(page), 'Enter an exhibit number');
  // the big keys are at least 44 px
  for (const box of await page.locator('.key').evaluateAll((keys) => keys.map((k) => k.getBoundingClientRect().toJSON()))) {
    assert.ok(box.width >= 44 && box.height >= 44, JSON.stringify(box));
  }
  const input = page.getByLabel('Exhibit number');
  for (const digit of ['9', '9', '9']) await page.getByRole('button', { name: digit, exact: true }).tap();
  assert.equal(await input.inputValue(), '999');
  // a screen reader user hears the number so far, digit by digit
  await page.waitForFunction(() => document.getElementById('announcer').textContent === 'Number: 9 9 9');
  assert.equal(await page.locator('#announcer').getAttribute('aria-live'), 'polite');
  await page.getByRole('button', { name: 'Go' }).tap();
  await page.getByRole('alert').getByText('No exhibit has the number 999').waitFor();
  assert.equal(await input.inputValue(), '999', 'the number stays for correcting');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'keypad-unknown');

  await page.getByRole('button', { name: 'Delete' }).tap();
  await page.getByRole('button', { name: 'Go' }).tap();
  await page.getByRole('alert').getByText('Enter at least 3 digits').waitFor();
  await page.getByRole('button', { name: 'Delete' }).tap();
  await page.getByRole('button', { name: 'Delete' }).tap();
  for (const digit of ['1', '0', '1']) await page.getByRole('button', { name: digit, exact: true }).tap();
  await page.getByRole('button', { name: 'Go' }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/e/moon-jar`);
  const exhibit = await api(`/v1/venues/${VENUE}/exhibits/moon-jar?lang=en`);
  await page.locator('h1', { hasText: exhibit.title.text }).waitFor();
  // the new page's heading has the focus, as a screen reader user expects
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  assert.match(await page.title(), new RegExp(`^${exhibit.title.text}`));
  // and the next exhibit of the gallery is one tap away
  const next = await api(`/v1/venues/${VENUE}/codes/102?lang=en`);
  await page.getByRole('navigation', { name: 'In this gallery' }).getByRole('link', { name: /Next/ }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/e/${next.exhibit.id}`);
  assert.equal(await heading(page), next.exhibit.title.text);
  await page.getByRole('navigation', { name: 'In this gallery' }).getByRole('link', { name: /Previous/ }).waitFor();
  await context.close();
});

test('a QR code\'s link opens its exhibit; an unknown one says so', async () => {
  const { context, page } = await phone();
  const found = await api(`/v1/venues/${VENUE}/codes/201?lang=en`);
  // a dead spot for the pictures: the sample's own are sorid's, so refuse them here
  await context.route((url) => url.pathname.includes('/media/') && url.pathname.endsWith('.png'), (route) => route.abort());
  await page.goto(`${origin}/v/${VENUE}/c/201`);
  await page.waitForURL(`${origin}/v/${VENUE}/e/${found.exhibit.id}`);
  assert.equal(await heading(page), found.exhibit.title.text);
  await page.getByText(`Exhibit number 201`).waitFor();
  // the sign-language video, with its captions track
  const track = page.locator('#sign video track[kind="captions"]');
  assert.equal(await track.getAttribute('src'), found.exhibit.sign_language.captions);
  // the picture's description is there even when the picture cannot load
  await page.getByText(found.exhibit.images[0].alt.text).first().waitFor();
  await screenshot(page, 'exhibit-qr');

  for (const code of ['998', '12x']) {
    await page.goto(`${origin}/v/${VENUE}/c/${code}`);
    assert.equal(await heading(page), 'Page not found');
    await page.getByText('This exhibit is not in the guide.').waitFor();
  }
  await page.goto(`${origin}/v/no-such-venue`);
  await page.getByText('This place is not in the guide.').waitFor();
  await context.close();
});

async function currentWord(page) {
  return page.evaluate(() => {
    const audio = document.querySelector('audio');
    const inCaptions = document.querySelector('.captions .word.current');
    const inTranscript = document.querySelector('.transcript .word.current');
    return {
      time: audio.currentTime,
      paused: audio.paused,
      index: inCaptions ? Number(inCaptions.dataset.word) : -1,
      word: inCaptions ? inCaptions.textContent : null,
      transcriptWord: inTranscript ? inTranscript.textContent : null,
      weight: inCaptions ? getComputedStyle(inCaptions).fontWeight : null,
      underline: inCaptions ? getComputedStyle(inCaptions).textDecorationLine : null,
    };
  });
}

test('the audio plays with captions in step, the spoken word highlighted', async () => {
  const { context, page } = await phone();
  await page.goto(`${origin}/v/${VENUE}/e/moon-jar`);
  const exhibit = await api(`/v1/venues/${VENUE}/exhibits/moon-jar?lang=en`);
  // sorid's own word timings, the reference for what should be highlighted
  const transcript = await api(`${exhibit.media.description.captions}&format=json`);
  await page.locator('.player[data-captions="ready"]').waitFor();
  assert.equal(await page.locator('.transcript .word').count(), transcript.words.length);
  assert.equal(await page.locator('.captions .word.current').count(), 0, 'nothing is highlighted before playing');

  await page.getByRole('button', { name: 'Play' }).tap();
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.waitForFunction(() => document.querySelector('audio').currentTime > 0.5);
  const early = await currentWord(page);
  await page.waitForFunction((t) => document.querySelector('audio').currentTime > t + 1.5, early.time);
  const later = await currentWord(page);
  assert.ok(early.index >= 0 && later.index > early.index, `${JSON.stringify(early)} then ${JSON.stringify(later)}`);
  assert.equal(later.word, later.transcriptWord, 'the transcript highlights the same word');
  assert.equal(later.weight, '700');
  assert.match(later.underline, /underline/, 'the word is marked by more than colour');
  await screenshot(page, 'exhibit-playing');

  // paused at a known moment, the highlighted word is the one sorid timed there
  await page.getByRole('button', { name: 'Pause' }).tap();
  const at = transcript.words[Math.floor(transcript.words.length / 2)];
  const middle = (at.start_ms + at.end_ms) / 2000;
  await page.evaluate((t) => { document.querySelector('audio').currentTime = t; }, middle);
  await page.waitForFunction((t) => Math.abs(document.querySelector('audio').currentTime - t) < 0.01, middle);
  await page.waitForFunction((w) => document.querySelector('.captions .word.current')?.textContent === w, at.text);
  assert.equal((await currentWord(page)).index, transcript.words.indexOf(at));

  // back and forward 10 s, and the speed, remembered on the phone
  const duration = await page.evaluate(() => document.querySelector('audio').duration);
  await page.getByRole('button', { name: 'Forward 10 seconds' }).tap();
  const forward = (await currentWord(page)).time;
  assert.ok(Math.abs(forward - Math.min(middle + 10, duration)) < 0.3, `${middle} + 10 s is ${forward} of ${duration}`);
  await page.getByRole('button', { name: 'Back 10 seconds' }).tap();
  const back = (await currentWord(page)).time;
  assert.ok(Math.abs(back - Math.max(forward - 10, 0)) < 0.3, `${forward} - 10 s is ${back}`);
  await page.getByLabel('Speed').selectOption('2');
  assert.equal(await page.evaluate(() => document.querySelector('audio').playbackRate), 2);
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('sori.prefs'))).rate, 2);
  const options = await page.getByLabel('Speed').locator('option').allTextContents();
  assert.equal(options[0], '0.75×');
  assert.equal(options[options.length - 1], '3×');

  // the audio-description and easy-read versions
  await page.getByRole('radio', { name: 'Audio description' }).check();
  await page.locator('.player[data-captions="ready"]').waitFor();
  await page.locator('.transcript').getByText(exhibit.audio_description.text.split(' ').slice(0, 3).join(' ')).waitFor();
  await page.getByRole('radio', { name: 'Easy read' }).check();
  await page.locator('.player[data-captions="ready"]').waitFor();
  assert.equal((await page.locator('.transcript').textContent()).trim(), exhibit.easy_read.text);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the language switches, and stays switched', async () => {
  const { context, page } = await phone();
  const ko = await api(`/v1/venues/${VENUE}?lang=ko`);
  await page.goto(`${origin}/v/${VENUE}`);
  // the languages are links, which work without JavaScript too
  await page.getByRole('link', { name: '한국어' }).tap();
  await page.locator('h1', { hasText: ko.name.text }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  assert.equal(await page.getByRole('link', { name: '한국어' }).getAttribute('aria-current'), 'true');
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '번호' }).waitFor();
  await screenshot(page, 'home-ko');

  await page.goto(`${origin}/v/${VENUE}/e/moon-jar`);
  const exhibit = await api(`/v1/venues/${VENUE}/exhibits/moon-jar?lang=ko`);
  assert.equal(await heading(page), exhibit.title.text);
  assert.equal(await page.locator('h1').getAttribute('lang'), 'ko');
  await page.getByRole('button', { name: '재생' }).waitFor();
  await page.locator('.player[data-captions="ready"]').waitFor();
  assert.equal((await page.locator('.transcript').textContent()).trim(), exhibit.description.text.replace(/\s+/g, ' '));
  await screenshot(page, 'exhibit-ko');

  await page.goto(`${origin}/v/${VENUE}/settings`);
  await page.getByRole('link', { name: 'English' }).tap();
  await page.locator('h1', { hasText: 'Settings' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await context.close();
});

async function tabTo(page, predicate, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return {
        tag: el.tagName,
        text: (el.textContent || '').trim(),
        label: el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : ''),
        outline: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
      };
    });
    // every stop shows where the focus is
    assert.ok(focused.outline !== 'none' && focused.outlineWidth >= 2, `no visible focus on ${JSON.stringify(focused)}`);
    if (predicate(focused)) return focused;
  }
  throw new Error('never reached by Tab');
}

test('everything works with the keyboard alone', async () => {
  const { context, page } = await phone({ isMobile: false, hasTouch: false });
  await page.goto(`${origin}/v/${VENUE}`);
  await rendered(page);
  // the first stop is the skip link, shown when focused
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  assert.ok(await page.locator('.skip-link').isVisible());
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  await tabTo(page, (f) => f.tag === 'A' && f.text === 'Enter an exhibit number');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${origin}/v/${VENUE}/keypad`);
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  await tabTo(page, (f) => f.tag === 'INPUT');
  await page.keyboard.type('1a01');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${origin}/v/${VENUE}/e/moon-jar`);
  await page.locator('.player[data-captions="ready"]').waitFor();

  await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Play');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => !document.querySelector('audio').paused && document.querySelector('audio').currentTime > 0.3);
  assert.ok((await currentWord(page)).index >= 0);
  await page.keyboard.press('Enter');   // the same button, now Pause
  await page.waitForFunction(() => document.querySelector('audio').paused);
  await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Forward 10 seconds');
  await tabTo(page, (f) => f.tag === 'INPUT' && f.label === 'Position');
  await tabTo(page, (f) => f.tag === 'SELECT');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.querySelector('audio').playbackRate), 1.25);
  await screenshot(page, 'keyboard-exhibit');

  // the settings, by keyboard: high contrast on
  await page.goto(`${origin}/v/${VENUE}/settings`);
  await rendered(page);
  await tabTo(page, (f) => f.tag === 'INPUT' && f.label === 'High contrast', 60);
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.contrast), 'high');
  await page.getByRole('status').getByText('Saved.').waitFor();

  // and the language, by keyboard
  await page.goto(`${origin}/v/${VENUE}/settings`);
  await rendered(page);
  await tabTo(page, (f) => f.tag === 'A' && f.text === '한국어');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  assert.equal(await heading(page), '설정');
  await context.close();
});

/** Chrome's requestLEScan, standing in for the radio: window.hearBeacon(major, minor, rssi) plays an iBeacon. */
async function fakeBluetooth(page) {
  await page.addInitScript(() => {
    const target = new EventTarget();
    target.requestLEScan = async (options) => {
      window.scanOptions = options;
      window.scanning = { active: true, stop() { this.active = false; } };
      return window.scanning;
    };
    navigator.bluetooth = target;   // eslint-disable-line no-global-assign
    window.hearBeacon = (major, minor, rssi) => {
      const bytes = [0x02, 0x15, 0x5a, 0x4b, 0xcf, 0xce, 0x17, 0x4e, 0x4b, 0xac, 0xa8, 0x14, 0x09, 0x2e, 0x77,
        0xf6, 0xb7, 0xe5, major >> 8, major & 0xff, minor >> 8, minor & 0xff, 0xc5];
      const event = new Event('advertisementreceived');
      event.rssi = rssi;
      event.manufacturerData = new Map([[0x004c, new DataView(new Uint8Array(bytes).buffer)]]);
      event.serviceData = new Map();
      target.dispatchEvent(event);
    };
  });
}

test('nearby beacons, where Web Bluetooth can scan, announced politely', async () => {
  const { context, page } = await phone();
  await fakeBluetooth(page);
  await page.goto(`${origin}/v/${VENUE}`);
  await page.getByRole('link', { name: 'Find exhibits near me' }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/nearby`);
  await page.getByRole('button', { name: 'Start listening' }).tap();
  await page.getByRole('status').getByText('Listening for beacons').waitFor();
  assert.equal(await page.evaluate(() => window.scanOptions.acceptAllAdvertisements), true);
  await page.evaluate(() => { window.hearBeacon(1, 102, -58); window.hearBeacon(1, 101, -80); });
  // 1:102 is heard loudest: it is the exhibit with code 102
  const expected = (await api(`/v1/venues/${VENUE}/codes/102?lang=en`)).exhibit.title.text;
  const status = page.getByRole('status');
  await status.getByText(`Nearest: ${expected}`).waitFor({ timeout: 10000 });
  assert.equal(await status.getAttribute('aria-live'), 'polite');
  await page.getByRole('link', { name: new RegExp(expected) }).waitFor();
  await screenshot(page, 'nearby');
  await page.getByRole('button', { name: 'Stop listening' }).tap();
  assert.equal(await page.evaluate(() => window.scanning.active), false);
  await context.close();

  // without Web Bluetooth (iPhones), no button, and the page says what to do instead
  const plain = await phone();
  await plain.page.goto(`${origin}/v/${VENUE}`);
  await rendered(plain.page);
  assert.equal(await plain.page.getByRole('link', { name: 'Find exhibits near me' }).count(), 0);
  await plain.page.goto(`${origin}/v/${VENUE}/nearby`);
  await plain.page.getByText('This browser cannot listen for beacons').waitFor();
  await plain.context.close();
});

test('preferences stay on the phone: text size, contrast, motion, mode', async () => {
  const { context, page } = await phone({ viewport: { width: 360, height: 740 }, reducedMotion: 'reduce' });
  await page.goto(`${origin}/v/${VENUE}/settings`);
  await rendered(page);
  // the phone's own setting is followed until the visitor chooses
  assert.equal(await page.evaluate(() => document.documentElement.dataset.motion), 'reduce');
  assert.ok(await page.getByLabel('Reduce motion').isChecked());
  await page.getByLabel('200%').check();
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '32px');
  await page.getByLabel('Sign language').check();
  await page.getByLabel('High contrast').check();
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('sori.prefs')));
  assert.deepEqual([stored.textSize, stored.mode, stored.contrast], [200, 'sign', true]);
  assert.equal(await page.evaluate(() => document.cookie), '');
  // at 360 px and 200% text, nothing scrolls sideways
  for (const where of ['/', `/v/${VENUE}`, `/v/${VENUE}/keypad`, `/v/${VENUE}/e/bojagi`, `/v/${VENUE}/g/threads`,
    `/v/${VENUE}/access`, `/v/${VENUE}/settings`]) {
    await page.goto(origin + where);
    await rendered(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${where} is ${overflow} px too wide`);
  }
  // sign mode puts the sign-language video first
  await page.goto(`${origin}/v/${VENUE}/e/bojagi`);
  await rendered(page);
  const first = await page.locator('main section').first().getAttribute('id');
  assert.equal(first, 'sign');
  await screenshot(page, 'exhibit-sign-200-contrast');
  await page.goto(`${origin}/v/${VENUE}/settings`);
  await page.getByRole('button', { name: 'Forget my settings' }).tap();
  assert.equal(await page.evaluate(() => localStorage.getItem('sori.prefs')), null);
  await context.close();

  // a phone set to more contrast gets high contrast without asking
  const asked = await phone({ contrast: 'more' });
  await asked.page.goto(`${origin}/v/${VENUE}`);
  await rendered(asked.page);
  assert.equal(await asked.page.evaluate(() => document.documentElement.dataset.contrast), 'high');
  assert.equal(await asked.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(0, 0, 0)');
  await asked.context.close();
});

const PAGES = [
  ['venues', '/'],
  ['home', `/v/${VENUE}`],
  ['gallery', `/v/${VENUE}/g/threads`],
  ['keypad', `/v/${VENUE}/keypad`],
  ['exhibit', `/v/${VENUE}/e/bojagi`],
  ['exhibit-listen', `/v/${VENUE}/e/moon-jar`, { mode: 'listen' }],
  ['access', `/v/${VENUE}/access`],
  ['settings', `/v/${VENUE}/settings`],
  ['nearby', `/v/${VENUE}/nearby`],
  ['not-found', `/v/${VENUE}/e/no-such-exhibit`],
  ['home-ko', `/v/${VENUE}`, { lang: 'ko' }],
  ['exhibit-ko', `/v/${VENUE}/e/bojagi`, { lang: 'ko' }],
  ['directions', `/v/${VENUE}/directions?from=main&to=touch-gallery&profile=wheelchair`],
  ['directions-ko', `/v/${VENUE}/directions?from=clay-and-fire&to=wood-and-metal`, { lang: 'ko' }],
  ['directions-no-route', `/v/${VENUE}/directions?from=garden&to=touch-gallery&profile=wheelchair`],
];

for (const [scheme, contrast] of [['light', false], ['light', true], ['dark', false]]) {
  const mode = contrast ? 'high contrast' : `normal contrast, ${scheme}`;
  test(`axe-core finds no WCAG 2.2 AA violation nor bad practice on any page, ${mode}`, async () => {
    const { context, page } = await phone({ colorScheme: scheme });
    const failures = [];
    for (const [name, where, extra] of PAGES) {
      const stored = Object.assign({ contrast }, extra || {});
      await page.addInitScript((p) => localStorage.setItem('sori.prefs', JSON.stringify(p)), stored);
      await page.goto(origin + where);
      await rendered(page);
      await page.waitForLoadState('networkidle');
      if (name.startsWith('exhibit')) await page.locator('.player[data-captions]').waitFor();
      if (name === 'directions' || name === 'directions-ko') await page.locator('.step-card .player[data-captions]').waitFor();
      if (name === 'directions-no-route') await page.getByRole('alert').filter({ hasText: /no way/ }).waitFor();
      if (name === 'keypad') {
        await page.getByRole('button', { name: 'Go' }).tap();
        await page.getByRole('alert').filter({ hasText: /3/ }).waitFor();
      }
      assert.equal(await page.evaluate(() => document.documentElement.dataset.contrast), contrast ? 'high' : 'normal');
      const violations = await axe(page);
      if (violations.length) failures.push(`${name} (${where}):\n  ${violations.join('\n  ')}`);
      await screenshot(page, `${name}${contrast ? '-contrast' : scheme === 'dark' ? '-dark' : ''}`);
    }
    assert.deepEqual(failures, [], failures.join('\n'));

    // and axe does find what is wrong: a picture without a description, faint
    // text, a heading that skips levels
    await page.evaluate(() => {
      const main = document.getElementById('main');
      main.append(Object.assign(document.createElement('img'), { src: '/app/icon.svg' }));
      main.append(Object.assign(document.createElement('h5'), { textContent: 'skipped' }));
      const faint = Object.assign(document.createElement('p'), { textContent: 'faint' });
      faint.style.color = '#777777';
      faint.style.background = '#8a8a8a';
      main.append(faint);
    });
    const planted = (await axe(page)).map((v) => v.split(' ')[0]);
    for (const rule of ['image-alt', 'color-contrast', 'heading-order']) assert.ok(planted.includes(rule), `${rule}: ${planted.join(', ')}`);
    await context.close();
  });
}

test('offline, the app and the exhibits already opened still work', async () => {
  const { context, page } = await phone({ serviceWorkers: 'allow' });
  await page.addInitScript(() => localStorage.setItem('sori.prefs', JSON.stringify({ mode: 'listen' })));
  await controlledByServiceWorker(page);
  await page.goto(`${origin}/v/${VENUE}/e/moon-jar`);
  await page.locator('.player[data-captions="ready"]').waitFor();
  const title = await heading(page);
  // the audio is fetched for later by then; give the worker a moment to keep it
  await page.waitForFunction(async () => (await (await caches.open('sori-media')).keys()).length >= 2);

  await context.setOffline(true);
  await page.goto(`${origin}/v/${VENUE}/e/moon-jar`);
  assert.equal(await heading(page), title);
  await page.locator('.player[data-captions="ready"]').waitFor();
  await page.getByRole('status').getByText('Offline').waitFor();
  await page.getByRole('button', { name: 'Play' }).tap();
  await page.waitForFunction(() => document.querySelector('audio').currentTime > 0.5, null, { timeout: 10000 });
  assert.ok((await currentWord(page)).index >= 0, 'captions follow the audio offline');
  await screenshot(page, 'exhibit-offline');

  // one never opened says it needs the network, and offers to try again
  await page.goto(`${origin}/v/${VENUE}/e/norigae`);
  await page.getByText('You are offline, and this page was not opened before').waitFor();
  await page.getByRole('button', { name: 'Try again' }).waitFor();
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Try again' }).tap();
  await page.locator('h1', { hasText: 'Norigae' }).waitFor();
  await context.close();
});

test('a service worker lost to a bad network is registered again', async () => {
  const { context, page } = await phone({ serviceWorkers: 'allow' });
  let asked = 0;
  // the first fetch of the worker fails, as on Wi-Fi that drops at the door
  await context.route(`${origin}/sw.js`, (route) => (++asked === 1 ? route.abort('connectionreset') : route.continue()));
  await page.goto(`${origin}/v/${VENUE}`);
  await rendered(page);
  const ready = await page.evaluate(() => Promise.race([
    navigator.serviceWorker.ready.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 15000)),
  ]));
  assert.ok(ready, 'no active service worker 15 s after the first one was lost');
  assert.ok(asked >= 2, `the worker was asked for ${asked} time(s)`);
  assert.ok(await page.evaluate(async () => (await caches.keys()).some((n) => n.startsWith('sori-shell-'))));
  await context.close();
});

/** A small PNG of one colour, made here (zlib for the pixels, CRC-32 by hand). */
function png(width, height, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);   // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

// this one changes the live catalogue (moon-jar's picture): it runs after
// every test that looks at the sample as shipped
test('a curator\'s uploaded picture shows in the app, and offline too', async () => {
  // a curator's token, made as a venue's IT team would
  const made = spawnSync(SORICTL, ['token', 'add', '--data-dir', path.join(tmp, 'venues'), '--name', 'web-test',
    '--venue', VENUE], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const token = made.stdout.trim().split('\n').pop();
  const auth = { Authorization: `Bearer ${token}` };
  const upload = await fetch(`${origin}/v1/admin/venues/${VENUE}/media/moon-jar.png`, {
    method: 'PUT', headers: Object.assign({ 'Content-Type': 'image/png' }, auth), body: png(32, 24, [40, 90, 160]),
  });
  assert.equal(upload.status, 201, await upload.clone().text());
  const { url } = await upload.json();
  const live = await (await fetch(`${origin}/v1/admin/venues/${VENUE}/catalogue`, { headers: auth })).json();
  const jar = live.exhibits.find((e) => e.id === 'moon-jar');
  jar.images[0].url = url;
  jar.images[0].width = 32;
  jar.images[0].height = 24;
  const put = await fetch(`${origin}/v1/admin/venues/${VENUE}/catalogue`, {
    method: 'PUT', headers: Object.assign({ 'Content-Type': 'application/json' }, auth), body: JSON.stringify(live),
  });
  assert.equal(put.status, 200, await put.clone().text());

  const { context, page } = await phone({ serviceWorkers: 'allow' });
  await controlledByServiceWorker(page);
  await page.goto(`${origin}/v/${VENUE}/e/moon-jar`);
  const picture = page.locator('.exhibit-image img');
  await page.waitForFunction(() => document.querySelector('.exhibit-image img')?.complete);
  assert.equal(await picture.evaluate((img) => img.naturalWidth), 32);
  assert.equal(await picture.getAttribute('alt'), jar.images[0].alt.en);

  await context.setOffline(true);
  await page.reload();
  await rendered(page);
  await page.waitForFunction(() => document.querySelector('.exhibit-image img')?.complete);
  assert.equal(await picture.evaluate((img) => img.naturalWidth), 32, 'the picture is kept for a dead spot');
  await screenshot(page, 'exhibit-uploaded-picture-offline');
  await context.close();
});

/** The step the directions show now: "Step 2 of 6" and its words. */
async function currentStep(page) {
  return page.evaluate(() => ({
    counter: document.querySelector('.step-counter').textContent,
    text: document.querySelector('.step-text').textContent,
    focused: document.activeElement.classList.contains('step-text'),
  }));
}

test('directions from the number typed, by keyboard: the wheelchair way takes the lift', async () => {
  const { context, page } = await phone({ isMobile: false, hasTouch: false });
  // the number on the moon jar's label: the visitor stands in Clay and Fire
  await page.goto(`${origin}/v/${VENUE}/keypad`);
  await rendered(page);
  await tabTo(page, (f) => f.tag === 'INPUT');
  await page.keyboard.type('101');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${origin}/v/${VENUE}/e/moon-jar`);
  // and wants the Wood and Metal gallery upstairs
  await page.goto(`${origin}/v/${VENUE}/g/wood-and-metal`);
  await rendered(page);
  await tabTo(page, (f) => f.tag === 'A' && f.text === 'Directions here', 60);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/directions\?/);
  assert.equal(await heading(page), 'Directions to Wood and Metal gallery');
  const from = page.getByLabel('From', { exact: true });
  assert.match(await from.locator('option:checked').textContent(), /^Where I am: White Porcelain Moon Jar$/);
  // from where the visitor is, the way is shown at once: anyone takes the stairs
  await page.locator('.step-card').waitFor();
  assert.match((await currentStep(page)).counter, /^Step 1 of \d+$/);
  assert.ok(await page.locator('.step-list').getByText(/take the stairs up, 24 steps/).count() === 1);

  // by keyboard: the wheelchair profile (the radio after the one chosen), then Show the way
  await tabTo(page, (f) => f.tag === 'INPUT' && f.label === 'On foot, stairs are fine', 60);
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.getByLabel('Wheelchair').isChecked());
  await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Show the way');
  await page.keyboard.press('Enter');
  await page.locator('.step-list').getByText(/Take the lift up to the first floor/).waitFor();
  assert.equal(await page.locator('.step-list').getByText(/stairs/).count(), 0);
  let step = await currentStep(page);
  assert.ok(step.focused, 'the focus is on the step, for a screen reader to read');
  assert.match(step.text, /^Step 1 of \d+\. From White Porcelain Moon Jar/);
  assert.equal(await page.locator('.step-list li[aria-current="step"]').count(), 1);
  await page.locator('.step-card .player[data-captions="ready"]').waitFor();
  await screenshot(page, 'directions-wheelchair');

  // Next step, by keyboard, to the end: arrival is announced politely
  const total = Number(step.counter.match(/of (\d+)/)[1]);
  await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Next step');
  for (let i = 1; i < total; i++) {
    await page.keyboard.press('Enter');
    step = await currentStep(page);
    assert.equal(step.counter, `Step ${i + 1} of ${total}`);
    assert.ok(step.focused);
    if (i < total - 1) await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Next step');
  }
  assert.match(step.text, /You have arrived at Wood and Metal gallery\. A wide room\./);
  assert.equal(await page.getByRole('button', { name: 'Next step' }).isDisabled(), true);
  await page.waitForFunction(() => document.getElementById('announcer').textContent === 'You have arrived at Wood and Metal gallery.');
  assert.equal(await page.evaluate(() => document.getElementById('announcer').getAttribute('aria-live')), 'polite');
  // the address says the route, to share or to come back to
  assert.match(page.url(), /from=moon-jar&to=wood-and-metal&profile=wheelchair/);

  // the profile is remembered: chosen once
  await page.goto(`${origin}/v/${VENUE}/directions?to=threads`);
  await rendered(page);
  assert.ok(await page.getByLabel('Wheelchair').isChecked());
  await page.goto(`${origin}/v/${VENUE}/settings`);
  await rendered(page);
  assert.ok(await page.getByLabel('Wheelchair').isChecked());
  await context.close();
});

test('directions say why there is no way, and a venue without a map says so', async () => {
  const { context, page } = await phone();
  await page.goto(`${origin}/v/${VENUE}/directions?from=garden&to=touch-gallery&profile=wheelchair`);
  await rendered(page);
  const alert = page.getByRole('alert');
  await alert.filter({ hasText: 'There is no way there that keeps to how you get around' }).waitFor();
  assert.match(await alert.textContent(), /has 3 steps/);
  assert.equal(await page.locator('.step-card').count(), 0);
  // the same two places for anyone: the garden steps are fine
  await page.getByLabel('On foot, stairs are fine').check();
  await page.getByRole('button', { name: 'Show the way' }).tap();
  await page.locator('.step-card').waitFor();
  assert.match((await currentStep(page)).text, /There are 3 steps up on the way/);

  // without a map: no link to directions, and the page says who will help
  await page.goto(`${origin}/v/haneul-wetland`);
  await rendered(page);
  const someGallery = (await api('/v1/venues/haneul-wetland?lang=en')).galleries[0].id;
  await page.goto(`${origin}/v/haneul-wetland/g/${someGallery}`);
  await rendered(page);
  assert.equal(await page.getByRole('link', { name: 'Directions here' }).count(), 0);
  await page.goto(`${origin}/v/haneul-wetland/directions`);
  await page.getByText('has no map in the guide yet').waitFor();
  await context.close();
});

test('the access page leads to the toilets and the way out', async () => {
  const { context, page } = await phone();
  await page.goto(`${origin}/v/${VENUE}/access`);
  await rendered(page);
  await page.getByRole('link', { name: 'Directions to Accessible toilet, first floor' }).tap();
  await page.waitForURL(/directions\?to=toilet-2/);
  assert.equal(await heading(page), 'Directions to Accessible toilet, first floor');
  await page.getByLabel('From', { exact: true }).selectOption('main');
  await page.getByRole('button', { name: 'Show the way' }).tap();
  await page.locator('.step-card').waitFor();
  assert.match(await page.locator('.step-list').textContent(), /You have arrived at Accessible toilet, first floor/);
  await context.close();
});

test('a beacon at a place further on moves the directions on', async () => {
  const { context, page } = await phone();
  await fakeBluetooth(page);
  await page.goto(`${origin}/v/${VENUE}/directions?from=main&to=moon-jar&profile=general`);
  // the step drawn whole (its captions in) before the button is tapped
  await page.locator('.step-card .player[data-captions="ready"]').waitFor();
  assert.match((await currentStep(page)).counter, /^Step 1 of /);
  await page.getByRole('button', { name: 'Move on with the beacons' }).tap();
  await page.getByRole('status').getByText('Listening for beacons').waitFor();
  // the moon jar's beacon: the visitor is there, the last step
  await page.evaluate(() => window.hearBeacon(1, 101, -50));
  await page.waitForFunction(() => /You have arrived at White Porcelain Moon Jar/.test(document.querySelector('.step-text').textContent),
    null, { timeout: 10000 });
  await page.waitForFunction(() => /arrived/.test(document.getElementById('announcer').textContent));
  await context.close();
});

test('offline, a route already opened still shows and speaks', async () => {
  const { context, page } = await phone({ serviceWorkers: 'allow' });
  await controlledByServiceWorker(page);
  const where = `${origin}/v/${VENUE}/directions?from=main&to=touch-gallery&profile=step-free`;
  await page.goto(where);
  await page.locator('.step-card .player[data-captions="ready"]').waitFor();
  const steps = await page.locator('.step-list li').count();
  // every step's audio and captions are kept for later
  await page.waitForFunction(async (n) => (await (await caches.open('sori-media')).keys()).length >= 2 * n, steps,
    { timeout: 20000 });
  await context.setOffline(true);
  await page.goto(where);
  await page.locator('.step-card').waitFor();
  assert.equal(await page.locator('.step-list li').count(), steps);
  await page.getByRole('button', { name: 'Next step' }).tap();
  await page.locator('.step-card .player[data-captions="ready"]').waitFor();
  await page.getByRole('button', { name: 'Play' }).tap();
  await page.waitForFunction(() => document.querySelector('.step-card audio').currentTime > 0.3, null, { timeout: 10000 });
  await context.close();
});


test('usage: an exhibit opened 50 times counts once; nothing under GPC, Do Not Track or the opt-out', async () => {
  const { context, page } = await phone();
  const sentBatches = await usageBatches(page);
  for (let i = 0; i < 50; i++) {
    await page.goto(`${origin}/v/${VENUE}/e/moon-jar`);
    await rendered(page);
  }
  await page.goto(`${origin}/v/${VENUE}/keypad`);   // the page left: what is queued is sent
  await rendered(page);
  await page.waitForTimeout(500);
  const batches = await sentBatches();
  const events = batches.flatMap((b) => b.events || []);
  assert.equal(events.filter((e) => e.exhibit === 'moon-jar' && e.feature === 'opened').length, 1, JSON.stringify(batches));
  assert.equal(events.filter((e) => e.exhibit === 'moon-jar' && e.feature === 'reached:list').length, 1);
  // nothing but the day, the events and the settings: no identifier, no time
  for (const batch of batches) {
    assert.deepEqual(Object.keys(batch).filter((k) => !['day', 'events', 'settings'].includes(k)), []);
    assert.match(batch.day, /^\d{4}-\d{2}-\d{2}$/);
  }
  assert.equal(batches.filter((b) => b.settings).length, 1, 'the settings, once a day');
  // and sorid takes each of them as it is: every event one it counts
  for (const batch of batches) {
    const again = await fetch(`${origin}/v1/venues/${VENUE}/usage`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(batch),
    });
    assert.equal(again.status, 204, `${JSON.stringify(batch)}: ${await again.text()}`);
  }
  await context.close();

  for (const [name, script] of [
    ['Global Privacy Control', () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })],
    ['Do Not Track', () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' })],
    ['the opt-out', () => localStorage.setItem('sori.prefs', JSON.stringify({ counting: false }))],
  ]) {
    const quiet = await phone();
    const sentBatches2 = await usageBatches(quiet.page);
    await quiet.page.addInitScript(script);
    await quiet.page.goto(`${origin}/v/${VENUE}/e/bojagi`);
    await rendered(quiet.page);
    await quiet.page.goto(`${origin}/v/${VENUE}/directions?from=main&to=threads`);
    await quiet.page.locator('.step-card').waitFor();
    await quiet.page.goto(`${origin}/v/${VENUE}/settings`);
    await rendered(quiet.page);
    await quiet.page.waitForTimeout(6000);
    assert.deepEqual(await sentBatches2(), [], `${name}: nothing sent`);
    assert.equal(await quiet.page.getByLabel('Count my visit anonymously').isChecked(), false, name);
    await quiet.context.close();
  }
});

test('the settings say in plain words what is counted, and turning it off is kept', async () => {
  const { context, page } = await phone();
  await page.goto(`${origin}/v/${VENUE}/settings`);
  await rendered(page);
  await page.getByText('Each phone counts each thing once a day. Nothing says who you are').waitFor();
  const box = page.getByLabel('Count my visit anonymously');
  assert.ok(await box.isChecked());
  await box.uncheck();
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('sori.prefs')).counting), false);
  await context.close();
});

test('no page threw an uncaught exception in any test', () => {
  assert.deepEqual(pageErrors, []);
});

test('nothing is requested from anyone but sorid, except the venue\'s own pictures and videos', () => {
  const unexpected = thirdParty.filter((r) => !['image', 'media', 'texttrack'].includes(r.type));
  assert.deepEqual(unexpected, []);
});
