// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// What the web app's browser tests (webapp.test.mjs, webapp-visit.test.mjs)
// share: a sorid of their own and Debian's Chromium (startApp, stopApp), a
// phone's browser with nothing reaching beyond sorid, and the helpers to wait
// for a page, move by keyboard, fake a beacon and run axe-core.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startSorid, SORID, ARTIFACTS, CHROMIUM_ARGS, getJson } from './sorid.mjs';

const require = createRequire(import.meta.url);
export const SORICTL = process.env.SORICTL || path.join(path.dirname(SORID), 'sorictl');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const VENUE = 'dasol-museum';
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
export let origin;
let browser;
export let tmp;
export const thirdParty = [];   // requests for anything but sorid
const cookies = [];             // Set-Cookie headers seen, of which there must be none
export const pageErrors = [];   // uncaught exceptions in the app, of which there must be none

/** The test file's before(): its own sorid, and Chromium. */
export async function startApp(options = {}) {
  server = await startSorid(options);
  ({ origin, tmp } = server);
  browser = await launch();
}

async function launch() {
  const launched = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  launched.on('disconnected', () => console.log(`chromium: disconnected at ${new Date().toISOString()}`));
  return launched;
}

/** The test file's after(): Chromium and sorid stopped, and no cookie was set. */
export async function stopApp() {
  if (browser) await browser.close();
  if (server) await server.stop();
  assert.deepEqual(cookies, [], 'sorid set no cookie');
}

/** A phone's browser, with nothing reaching beyond sorid. */
export async function phone(options = {}) {
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

export const api = (pathname) => getJson(origin, pathname);

/** Waits for the app to have the page the URL names: drawn, or sorid's taken over. */
export async function rendered(page) {
  await page.locator('main:not([aria-busy]) h1:not(#page-title)').first().waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.ready);
}

export async function heading(page) {
  await rendered(page);
  return (await page.locator('main h1').first().textContent()).trim();
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** Opens the venue and waits until the service worker controls the page. */
export async function controlledByServiceWorker(page) {
  await page.goto(`${origin}/v/${VENUE}`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** axe-core's WCAG 2.2 AA rules and best practices on the page as it is. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }), AXE_TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
}

/** Where the player is: its time, and the word highlighted in the captions and the transcript. */
export async function currentWord(page) {
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

/** Tabs on until @predicate holds for the focused element, each stop's focus visible. */
export async function tabTo(page, predicate, limit = 40) {
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

/** Chrome's requestLEScan, standing in for the radio: window.hearBeacon(major, minor, rssi) plays an iBeacon. */
export async function fakeBluetooth(page) {
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
