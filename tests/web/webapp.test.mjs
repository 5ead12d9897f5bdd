// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The visitors' web app in Debian's Chromium, driven by playwright-core, at a
// phone's size: the sample venue, a QR link, audio with captions in step, a
// language switch, the keyboard alone, Web Bluetooth, offline, a curator's
// picture, and axe-core on every page in normal and high contrast (the keypad,
// directions, preferences and usage are webapp-visit.test.mjs's). Screenshots
// at 390×844 are kept in $SORI_ARTIFACTS.
//
//   SORID=build/daemon/sorid node --test tests/web/webapp.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import path from 'node:path';
import {
  SORICTL, VENUE, origin, tmp, thirdParty, pageErrors, startApp, stopApp, phone, api, rendered, heading,
  screenshot, controlledByServiceWorker, axe, currentWord, tabTo, fakeBluetooth,
} from './webapp-common.mjs';

before(startApp);
after(stopApp);

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
  // (the exhibit's picture is kept in the same cache: its audio and captions are looked for)
  await page.waitForFunction(async () => {
    const paths = (await (await caches.open('sori-media')).keys()).map((r) => new URL(r.url).pathname);
    return ['audio', 'captions'].every((what) => paths.some((p) => p.endsWith(`/exhibits/moon-jar/${what}`)));
  });

  // sorid's banner in the header is there for the app to show, hidden while online
  assert.equal(await page.locator('#offline-banner').isHidden(), true, 'no banner online');
  await context.setOffline(true);
  await page.goto(`${origin}/v/${VENUE}/e/moon-jar`);
  assert.equal(await heading(page), title);
  await page.locator('.player[data-captions="ready"]').waitFor();
  await page.getByRole('status').getByText('Offline').waitFor();
  // and gone as soon as the phone is back online, on the page as it stands
  await context.setOffline(false);
  await page.locator('#offline-banner').waitFor({ state: 'hidden' });
  await context.setOffline(true);
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


test('no page threw an uncaught exception in any test', () => {
  assert.deepEqual(pageErrors, []);
});

test('nothing is requested from anyone but sorid, except the venue\'s own pictures and videos', () => {
  const unexpected = thirdParty.filter((r) => !['image', 'media', 'texttrack'].includes(r.type));
  assert.deepEqual(unexpected, []);
});
