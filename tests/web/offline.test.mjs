// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// "Keep this venue for offline" in Debian's Chromium (app/offline.js, sw.js):
// the sample venue kept whole, then the network cut, and every exhibit opens
// with its picture, its captions and its audio playing, a directions page
// opens, and the copy is removed; a phone without the room is told so and
// keeps nothing, whether the browser says so before (storage.estimate()) or
// while writing (QuotaExceededError).
//
//   SORID=build/daemon/sorid node --test tests/web/offline.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  VENUE, origin, pageErrors, startApp, stopApp, phone, api, heading, rendered, screenshot,
  controlledByServiceWorker, axe,
} from './webapp-common.mjs';

const CACHE = `sori-offline-${VENUE}`;

before(startApp);
after(stopApp);

/* what the control's live region said, in order */
async function listen(page) {
  await page.evaluate(() => {
    window.said = [];
    const status = document.querySelector('.keep-status');
    new MutationObserver(() => { if (status.textContent) window.said.push(status.textContent); })
      .observe(status, { childList: true, characterData: true, subtree: true });
  });
}

const cacheExists = (page, name) => page.evaluate((n) => caches.has(n), name);

test('a venue kept for offline opens whole without the network, and is removed', { timeout: 280000 }, async () => {
  const list = await api(`/v1/venues/${VENUE}/offline?lang=en`);
  const exhibits = (await api(`/v1/venues/${VENUE}/exhibits?lang=en`)).exhibits;
  const { context, page } = await phone({ serviceWorkers: 'allow' });
  await controlledByServiceWorker(page);
  await rendered(page);
  const region = page.getByRole('region', { name: 'Keep this venue for offline' });
  // the size, in the visitor's words, before anything is fetched
  await region.getByText(/^It takes about [0-9.]+ (MB|KB) of this phone's storage\.$/).waitFor();
  assert.equal(await cacheExists(page, CACHE), false);
  await listen(page);
  const started = Date.now();
  await region.getByRole('button', { name: 'Keep for offline' }).tap();
  const bar = region.getByRole('progressbar', { name: 'Keeping for offline' });
  await region.getByRole('status').getByText(/^Done: this venue is kept/).waitFor({ timeout: 240000 })
    .catch(async (err) => { throw new Error(`${err.message}\nsaid: ${JSON.stringify(await page.evaluate(() => window.said))}`); });
  console.log(`offline: kept ${list.count} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(await bar.evaluate((el) => el.value), 100);
  const said = await page.evaluate(() => window.said);
  for (const quarter of [25, 50, 75, 100]) assert.ok(said.includes(`${quarter}% kept.`), JSON.stringify(said));
  assert.ok(said.indexOf('100% kept.') < said.findIndex((s) => s.startsWith('Done')), JSON.stringify(said));
  // every URL sorid listed, in one cache, and the mark that it is whole
  const keys = await page.evaluate(async (name) =>
    (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search), CACHE);
  for (const item of list.items) assert.ok(keys.includes(item.url), `${item.url} kept`);
  await region.getByRole('button', { name: 'Remove the offline copy' }).waitFor();
  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'offline-kept');

  // no network: every exhibit, with its picture, captions and audio
  await context.setOffline(true);
  for (const exhibit of exhibits) {
    await page.goto(`${origin}/v/${VENUE}/e/${exhibit.id}`);
    assert.equal(await heading(page), exhibit.title.text);
    await page.locator('.player[data-captions="ready"]').first().waitFor({ timeout: 10000 });
    const shown = await page.evaluate(async () => {
      const img = document.querySelector('.exhibit-image img');
      if (img && !img.complete) await new Promise((r) => { img.onload = r; img.onerror = r; });
      const audio = document.querySelector('audio');
      audio.muted = true;
      await audio.play();
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the audio did not play')), 8000);
        audio.addEventListener('timeupdate', function played() {
          if (audio.currentTime > 0.3) { clearTimeout(timer); resolve(); }
        });
      });
      audio.pause();
      return { picture: img ? img.naturalWidth : -1, played: audio.currentTime };
    });
    assert.ok(shown.picture !== 0, `${exhibit.id}: its picture shows offline`);
    assert.ok(shown.played > 0.3, `${exhibit.id}: its audio plays offline`);
  }
  await screenshot(page, 'offline-exhibit');
  // the way to an exhibit, as its page links it
  const jar = exhibits.find((e) => e.id === 'moon-jar');
  await page.goto(`${origin}/v/${VENUE}/directions?to=moon-jar`);
  assert.equal(await heading(page), `Directions to ${jar.title.text}`);
  await page.locator('main select[name="to"]').waitFor();
  // and a gallery, reached by a link within the app
  await page.goto(`${origin}/v/${VENUE}`);
  await rendered(page);
  await page.getByRole('region', { name: 'Galleries' }).getByRole('link').first().tap();
  await page.waitForURL(/\/g\//);
  await rendered(page);
  assert.notEqual(await page.locator('main').getAttribute('data-page'), 'offline');

  // removed, even offline: the cache is gone and the page says so
  await page.goto(`${origin}/v/${VENUE}`);
  await rendered(page);
  await listen(page);
  await region.getByRole('button', { name: 'Remove the offline copy' }).tap();
  await region.getByRole('status').getByText('The offline copy was removed.').waitFor();
  assert.equal(await cacheExists(page, CACHE), false);
  // the focus not lost with the button: offline there is nothing to keep with, so on the heading
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Keep this venue for offline');
  assert.equal(await region.getByRole('button', { name: 'Keep for offline' }).count(), 0);
  // and a page not opened before is the offline page again
  await page.goto(`${origin}/v/${VENUE}/e/norigae`);
  await page.getByRole('heading', { name: 'You are offline' }).waitFor();
  // back in signal, it can be kept again
  await context.setOffline(false);
  await page.goto(`${origin}/v/${VENUE}`);
  await region.getByRole('button', { name: 'Keep for offline' }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

for (const [how, refuse] of [
  ['the browser says there is too little room', () => {
    navigator.storage.estimate = async () => ({ quota: 2000000, usage: 1990000 });
  }],
  ['writing fails for want of room', () => {
    const put = Cache.prototype.put;
    let n = 0;
    Cache.prototype.put = function (...args) {
      if (++n > 5) return Promise.reject(new DOMException('full', 'QuotaExceededError'));
      return put.apply(this, args);
    };
  }],
]) {
  test(`a phone without the room is told so and keeps nothing: ${how}`, { timeout: 120000 }, async () => {
    const { context, page } = await phone({ serviceWorkers: 'allow' });
    await page.addInitScript(refuse);
    await controlledByServiceWorker(page);
    await rendered(page);
    const region = page.getByRole('region', { name: 'Keep this venue for offline' });
    await region.getByText(/^It takes about/).waitFor();
    await listen(page);
    await region.getByRole('button', { name: 'Keep for offline' }).tap();
    await region.getByRole('status').getByText(/^This phone does not have room for about [0-9.]+ (MB|KB)\. Nothing was kept/)
      .waitFor({ timeout: 60000 });
    assert.equal(await cacheExists(page, CACHE), false);
    // still usable: the button is there to try again, the links work
    assert.equal(await region.getByRole('button', { name: 'Keep for offline' }).isEnabled(), true);
    assert.deepEqual(await axe(page), []);
    await page.getByRole('link', { name: 'All access information' }).tap();
    await page.waitForURL(`${origin}/v/${VENUE}/access`);
    assert.equal(await heading(page), 'Access');
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

after(() => assert.deepEqual(pageErrors, []));
