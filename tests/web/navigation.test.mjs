// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// One renderer: sorid draws every page and the app enhances it. In Debian's
// Chromium at a phone's size: links and forms reach the next page without
// the document being loaded again (a marker on window survives), the focus
// goes to the new page's heading and the page is announced politely, back
// and forward work; a venue in Arabic, Traditional Chinese and English
// (tests/data/languages-museum.json): every page is sorid's, taken over and
// never drawn again, in the language the phone asks for by RFC 4647 lookup,
// every catalogue text with its own lang, the Arabic laid out right to
// left, and axe-core finds nothing.
//
//   SORID=build/daemon/sorid node --test tests/web/navigation.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  VENUE, origin, pageErrors, startApp, stopApp, phone, api, rendered, heading, axe, screenshot,
} from './webapp-common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const LANGUAGES = 'languages-museum';

before(() => startApp({ venues: [path.join(here, '..', 'data', `${LANGUAGES}.json`)] }));
after(stopApp);

/* the same document: what a full load would lose */
async function mark(page) {
  await page.evaluate(() => { window.soriMarker = 'still here'; });
}
async function sameDocument(page) {
  return page.evaluate(() => window.soriMarker === 'still here');
}

/* the page has moved on: its heading has the focus, and the announcer says the page's title */
async function arrived(page, name) {
  await page.locator('main h1', { hasText: name }).waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.ready
    && !document.getElementById('main').hasAttribute('aria-busy'));
  const focus = await page.evaluate(() => ({ tag: document.activeElement.tagName, text: document.activeElement.textContent.trim() }));
  assert.deepEqual(focus, { tag: 'H1', text: name }, 'the focus is on the new page\'s heading');
  await page.waitForFunction(() => document.getElementById('announcer').textContent === document.title
    && document.title.length > 0);
}

test('links and forms reach the next page without loading the document again; focus, announcement, back and forward', async () => {
  const { context, page } = await phone();
  const venue = await api(`/v1/venues/${VENUE}?lang=en`);
  const gallery = venue.galleries[1];
  const list = await api(`/v1/venues/${VENUE}/exhibits?gallery=${gallery.id}&lang=en`);
  await page.goto(`${origin}/v/${VENUE}`);
  await rendered(page);
  await mark(page);
  // a link: the gallery
  await page.getByRole('link', { name: new RegExp(gallery.name.text) }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/g/${gallery.id}`);
  await arrived(page, gallery.name.text);
  assert.ok(await sameDocument(page), 'the gallery was a full load');
  assert.match(await page.title(), new RegExp(gallery.name.text));
  assert.equal(await page.locator('#site-nav [aria-current="page"]').count(), 0, 'the navigation is the gallery page\'s');
  // a link from there: its first exhibit
  await page.getByRole('region', { name: 'Exhibits' }).getByRole('link').first().tap();
  await page.waitForURL(`${origin}/v/${VENUE}/e/${list.exhibits[0].id}`);
  await arrived(page, list.exhibits[0].title.text);
  assert.ok(await sameDocument(page), 'the exhibit was a full load');
  await page.locator('.player[data-captions="ready"]').waitFor();
  // back: the gallery again, in the same document; forward: the exhibit
  await page.goBack();
  await page.waitForURL(`${origin}/v/${VENUE}/g/${gallery.id}`);
  await arrived(page, gallery.name.text);
  assert.ok(await sameDocument(page), 'back was a full load');
  await page.goForward();
  await page.waitForURL(`${origin}/v/${VENUE}/e/${list.exhibits[0].id}`);
  await arrived(page, list.exhibits[0].title.text);
  assert.ok(await sameDocument(page), 'forward was a full load');
  await page.locator('.player[data-captions="ready"]').waitFor();
  // the navigation is the page's: the keypad is the current one on its page
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Number' }).tap();
  await arrived(page, 'Enter an exhibit number');
  assert.equal(await page.locator('#site-nav a[aria-current="page"]').textContent(), 'Number');
  // a form: the number typed, to its exhibit
  for (const digit of ['1', '0', '1']) await page.getByRole('button', { name: digit, exact: true }).tap();
  await page.getByRole('button', { name: 'Go' }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/e/moon-jar`);
  await arrived(page, (await api(`/v1/venues/${VENUE}/exhibits/moon-jar?lang=en`)).title.text);
  assert.ok(await sameDocument(page), 'the number\'s exhibit was a full load');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a GET form (directions) swaps in sorid\'s answer, the focus on the way', async () => {
  const { context, page } = await phone();
  await page.goto(`${origin}/v/${VENUE}/directions?to=moon-jar`);
  await rendered(page);
  await mark(page);
  await page.getByLabel('From', { exact: true }).selectOption({ label: 'Main entrance' });
  await page.getByRole('button', { name: 'Show the way' }).tap();
  await page.waitForURL(/from=main&to=moon-jar&profile=general/);
  await page.locator('.step-card .player[data-captions="ready"]').waitFor();
  assert.ok(await sameDocument(page), 'the way was a full load');
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains('step-text')), 'the focus is on the first step');
  await page.goBack();
  await page.waitForURL(/directions\?to=moon-jar$/);
  await page.waitForFunction(() => document.querySelector('.step-card') === null);
  assert.ok(await sameDocument(page), 'back was a full load');
  await context.close();
});

test('back returns to where the page was scrolled; a new page starts at its top', async () => {
  const { context, page } = await phone();
  await page.goto(`${origin}/v/${VENUE}/access`);
  await rendered(page);
  await mark(page);
  await page.evaluate(() => scrollTo(0, 600));
  assert.equal(await page.evaluate(() => scrollY), 600, 'the access page is not long enough to scroll');
  // the menu's link, followed without scrolling to it first
  await page.evaluate(() => document.querySelector('#site-nav a[href$="/keypad"]').click());
  await arrived(page, 'Enter an exhibit number');
  assert.equal(await page.evaluate(() => scrollY), 0);
  await page.goBack();
  await arrived(page, 'Access');
  await page.waitForFunction(() => scrollY === 600, null, { timeout: 5000 });
  assert.ok(await sameDocument(page));
  await context.close();
});

test('a page that cannot be fetched falls back to the browser\'s own navigation', async () => {
  const { context, page } = await phone();
  await page.goto(`${origin}/v/${VENUE}`);
  await rendered(page);
  await mark(page);
  // the app's fetch of the access page fails; the browser's navigation does not
  await page.route((url) => url.pathname.endsWith('/access'), (route) => (
    route.request().resourceType() === 'document' ? route.continue() : route.abort()));
  await page.getByRole('link', { name: 'All access information' }).tap();
  await page.waitForURL(`${origin}/v/${VENUE}/access`);
  await rendered(page);
  assert.equal(await heading(page), 'Access');
  assert.equal(await sameDocument(page), false, 'not loaded by the browser');
  await context.close();
});

/* every element sorid sent in <main>, as the parser made them */
function watchParsed() {
  document.addEventListener('readystatechange', () => {
    if (document.readyState === 'interactive') window.soriParsed = [...document.querySelectorAll('main *')];
  });
}

const LANGUAGE_PAGES = ['', '/g/scripts', '/e/kufic-page', '/e/brush-scroll', '/access', '/keypad', '/settings'];

for (const [locale, lang, dir] of [['ar', 'ar', 'rtl'], ['zh-Hant-TW', 'zh-Hant', 'ltr'], ['zh-TW,zh-Hant;q=0.9,en;q=0.5', 'zh-Hant', 'ltr']]) {
  test(`a venue in Arabic and Traditional Chinese: asked for ${locale}, every page is sorid's in ${lang}, each text ${dir}`, async () => {
    const { context, page } = await phone({ locale: locale.split(',')[0], extraHTTPHeaders: { 'Accept-Language': locale } });
    await page.addInitScript(watchParsed);
    for (const part of LANGUAGE_PAGES) {
      const where = `/v/${LANGUAGES}${part}`;
      await page.goto(origin + where);
      await rendered(page);
      if (part.startsWith('/e/')) await page.locator('.player').waitFor();
      const seen = await page.evaluate(() => ({
        ready: document.documentElement.dataset.ready,
        lang: document.getElementById('main').dataset.lang,
        parsed: (window.soriParsed || []).length,
        kept: (window.soriParsed || []).every((el) => el.isConnected),
        // the catalogue's texts: the heading (the venue's name on its home page) and the brand
        texts: [...document.querySelectorAll('main h1[lang], #brand')].map((el) => ({
          lang: el.lang, direction: getComputedStyle(el).direction })),
        page: getComputedStyle(document.documentElement).direction,
      }));
      assert.equal(seen.ready, 'adopted', `${where}: not sorid's page`);
      assert.ok(seen.parsed > 0 && seen.kept, `${where}: drawn again`);
      assert.equal(seen.lang, lang, `${where}: the language chosen`);
      // the interface is in English (sori has no Arabic words yet): left to right around the texts
      assert.equal(seen.page, 'ltr');
      if (part !== '/keypad' && part !== '/settings' && part !== '/access') {
        assert.ok(seen.texts.length >= 2, `${where}: no catalogue text found`);
      }
      for (const text of seen.texts) assert.deepEqual(text, { lang, direction: dir }, where);
      if (part === '/e/kufic-page') {
        // the transcript and the captions under the player, in the text's language and direction
        const player = await page.evaluate(() => [...document.querySelectorAll('.transcript, .captions')]
          .map((el) => [el.lang, getComputedStyle(el).direction]));
        assert.deepEqual(player, [[lang, dir], [lang, dir]]);
        assert.deepEqual(await axe(page), [], `${where}: axe-core`);
        await screenshot(page, `languages-${lang}`);
      }
    }
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('moving between the Arabic venue\'s pages keeps each text right to left', async () => {
  const { context, page } = await phone({ locale: 'ar', extraHTTPHeaders: { 'Accept-Language': 'ar' } });
  await page.goto(`${origin}/v/${LANGUAGES}/g/scripts`);
  await rendered(page);
  await mark(page);
  await page.getByRole('region', { name: 'Exhibits' }).getByRole('link').first().tap();
  await page.waitForURL(`${origin}/v/${LANGUAGES}/e/kufic-page`);
  await arrived(page, 'صفحة بالخط الكوفي');
  assert.ok(await sameDocument(page));
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main h1')).direction), 'rtl');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.transcript')).direction), 'rtl');
  await context.close();
});

test('no page threw an uncaught exception in any test', () => {
  assert.deepEqual(pageErrors, []);
});
