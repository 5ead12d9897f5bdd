// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// bench/offline's keeping of a venue, in Debian's Chromium at a phone's size
// (playwright-core from tests/web/): each round a fresh browser context
// opens the venue's home, waits for the service worker, taps "Keep for
// offline" and is timed from the tap to "Done" in the live region. The
// first round renders every recording; the next RUNS are timed with them
// cached. The reference, in the same run: the same URLs fetched by Node, 3
// at a time, their bodies read and dropped.
//
//   node bench/offline.mjs ORIGIN VENUE

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'web', 'package.json'));
const { chromium } = require('playwright-core');
const [origin, venue] = process.argv.slice(2);
const RUNS = Number(process.env.RUNS || 3);
const MiB = 1024 * 1024;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--mute-audio'],
});

/** One keeping from a fresh phone: {seconds, bytes}. */
async function keepOnce() {
  const context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'allow',
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${origin}/v/${venue}`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.locator('.keep-size', { hasText: 'It takes about' }).waitFor();
  const started = Date.now();
  await page.locator('[data-action="keep"]').tap();
  await page.locator('.keep-status', { hasText: /^Done|Nothing was kept/ }).waitFor({ timeout: 600000 });
  const seconds = (Date.now() - started) / 1000;
  const status = await page.locator('.keep-status').textContent();
  if (!status.startsWith('Done')) throw new Error(`keeping failed: ${status}`);
  const bytes = await page.evaluate(async (name) => {
    const cache = await caches.open(name);
    let total = 0;
    for (const request of await cache.keys()) total += (await (await cache.match(request)).blob()).size;
    return total;
  }, `sori-offline-${venue}`);
  await context.close();
  return { seconds, bytes };
}

/** The reference: the listed URLs fetched by Node, 3 at a time. */
async function fetchAll(items) {
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const { url } = items[next++];
      const response = await fetch(origin + url, { headers: { 'Accept-Language': 'en' } });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return (Date.now() - started) / 1000;
}

const list = await (await fetch(`${origin}/v1/venues/${venue}/offline?lang=en`)).json();
const cold = await keepOnce();
const warm = [];
const reference = [];
for (let i = 0; i < RUNS; i++) {
  warm.push(await keepOnce());
  reference.push(await fetchAll(list.items));
}
await browser.close();
const keepS = median(warm.map((r) => r.seconds));
const fetchS = median(reference);
console.log(`offline_keep_cold_s: ${cold.seconds.toFixed(2)}`);
console.log(`offline_keep_s: ${keepS.toFixed(2)}`);
console.log(`offline_fetch_s: ${fetchS.toFixed(2)}`);
console.log(`offline_keep_ratio: ${(keepS / fetchS).toFixed(2)}`);
console.log(`offline_keep_mib: ${(median(warm.map((r) => r.bytes)) / MiB).toFixed(2)}`);
console.log(`offline_estimate_mib: ${(list.estimate / MiB).toFixed(2)}`);
console.log(`offline_files: ${list.count}`);
