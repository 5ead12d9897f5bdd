// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// bench/pages' pages reached within the app: in Debian's Chromium at a
// phone's size with its CPU slowed 4× (DevTools' throttling, as Lighthouse's
// mobile preset has it), a visitor walks the sample venue by its links —
// home, a gallery, an exhibit, the next exhibit, back — and each step is
// timed from the link's activation (its click event) to the new page's
// heading having the focus. Prints, from ROUNDS rounds:
//   nav_ms_p50, nav_ms_p95: those times (goal: p95 ≤ 300 ms)
//   nav_full_ms_p50: the reference, in the same run: the same steps as full
//     page loads (the browser's own navigation, as without the app), to the
//     heading painted
//   cls_nav: the layout shifts after a page is swapped in (the largest sum
//     over one page, as CLS counts them; goal ≤ 0.05)
//
//   node bench/pages-nav.mjs ORIGIN VENUE

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'lighthouse', 'package.json'));
const puppeteer = require('puppeteer-core');
const [origin, venue] = process.argv.slice(2);
const ROUNDS = Number(process.env.NAV_ROUNDS || 8);
const CPU_SLOWDOWN = 4;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=en-US'],
});

async function phone() {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'en' });
  // the time a link is activated, and the layout shifts after each swap
  await page.evaluateOnNewDocument(() => {
    window.soriNav = { clicked: 0, shifts: [] };
    document.addEventListener('click', () => { window.soriNav.clicked = performance.now(); }, true);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.soriNav.shifts.push(entry.value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return page;
}

/* the walk: [selector of the link to follow, text the next heading has] */
async function walk(page) {
  const venueData = await (await fetch(`${origin}/v1/venues/${venue}?lang=en`)).json();
  const gallery = venueData.galleries[0];
  const list = await (await fetch(`${origin}/v1/venues/${venue}/exhibits?gallery=${gallery.id}&lang=en`)).json();
  return [
    [`a.card[href="/v/${venue}/g/${gallery.id}"]`, gallery.name.text],
    [`a.card[href="/v/${venue}/e/${list.exhibits[0].id}"]`, list.exhibits[0].title.text],
    [`nav.sequence a.card[href="/v/${venue}/e/${list.exhibits[1].id}"]`, list.exhibits[1].title.text],
    [`#site-nav a[href="/v/${venue}/access"]`, 'Access'],
    [`#brand`, venueData.name.text],
  ];
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const inApp = [];
const full = [];
let worstShift = 0;
const page = await phone();
const steps = await walk(page);
for (let round = 0; round < ROUNDS; round++) {
  await page.goto(`${origin}/v/${venue}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.ready);
  for (const [selector, name] of steps) {
    await page.evaluate(() => { window.soriNav.shifts = []; });
    await page.click(selector);
    const ms = await page.waitForFunction((text) => {
      const el = document.activeElement;
      return el && el.tagName === 'H1' && el.textContent.trim() === text
        ? performance.now() - window.soriNav.clicked : false;
    }, { timeout: 15000, polling: 'raf' }, name);
    inApp.push(await ms.jsonValue());
    if (process.env.NAV_DEBUG) console.error(`${selector}: ${Math.round(inApp[inApp.length - 1])} ms`);
    // what moves once the page is in: a second for the pictures and the player
    await new Promise((r) => setTimeout(r, 1000));
    worstShift = Math.max(worstShift, await page.evaluate(() => window.soriNav.shifts.reduce((a, b) => a + b, 0)));
  }
  // the reference: the same pages, each loaded whole by the browser
  for (const [selector, name] of steps) {
    const href = await page.$eval(selector, (a) => a.href);
    const started = Date.now();
    await page.goto(href, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction((text) => [...document.querySelectorAll('main h1')].some((h) => h.textContent.trim() === text),
      { polling: 'raf' }, name);
    full.push(Date.now() - started);
  }
}
await browser.close();
console.log(`nav_ms_p50: ${Math.round(percentile(inApp, 50))}`);
console.log(`nav_ms_p95: ${Math.round(percentile(inApp, 95))}`);
console.log(`nav_full_ms_p50: ${Math.round(percentile(full, 50))}`);
console.log(`cls_nav: ${worstShift.toFixed(4)}`);
