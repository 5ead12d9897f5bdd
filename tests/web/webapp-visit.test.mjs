// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The visitors' web app in Debian's Chromium, driven by playwright-core, at a
// phone's size, on a visit: the keypad, directions (by keyboard, without a
// way, from the access page, moved on by a beacon, offline), the preferences
// kept on the phone, and the usage counted, or not. The sample venue, audio
// with captions, offline and axe-core are webapp.test.mjs's. Screenshots at
// 390×844 are kept in $SORI_ARTIFACTS.
//
//   SORID=build/daemon/sorid node --test tests/web/webapp-visit.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { usageBatches } from './sorid.mjs';
import {
  VENUE, origin, thirdParty, pageErrors, startApp, stopApp, phone, api, rendered, heading, screenshot,
  controlledByServiceWorker, tabTo, fakeBluetooth,
} from './webapp-common.mjs';

before(startApp);
after(stopApp);

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

/** The step the directions show now: "Step 2 of 6" and its words. */
async function currentStep(page) {
  return page.evaluate(() => ({
    counter: document.querySelector('.step-counter').textContent,
    text: document.querySelector('.step-text').textContent,
    focused: document.activeElement.classList.contains('step-text'),
    // the step's words in their language, as the list has them; "Step 2 of 6" in the page's
    lang: document.querySelector('.step-text .step-instruction').lang,
    listLang: document.querySelector('.step-list li[aria-current="step"] .step-instruction').lang,
    cardLang: document.querySelector('.step-text').lang,
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
  // the app adds where the visitor is once it has taken the page over, and
  // shows the way from there at once: a second page (from= in its address),
  // which the app takes over in its turn; the From list is read on that one
  await page.waitForURL(/[?&]from=/);
  await page.waitForFunction(() => /^Where I am:/.test(
    document.querySelector('select[name="from"] option:checked')?.textContent ?? ''), null, { timeout: 10000 })
    .catch(() => {});
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
    assert.ok(step.lang && step.lang === step.listLang && step.cardLang === '', JSON.stringify(step));
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
  // every step's audio and captions are kept for later (the pictures on the
  // way are kept in the same cache: each step's own two files are looked for)
  await page.waitForFunction(async () => {
    const cache = await caches.open('sori-media');
    const wanted = [...document.querySelectorAll('.step-list li')]
      .flatMap((li) => [li.dataset.audio, li.dataset.vtt]);
    const found = await Promise.all(wanted.map((url) => cache.match(new URL(url, location.href).href)));
    return wanted.length > 0 && found.every(Boolean);
  }, null, { timeout: 30000 });
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
