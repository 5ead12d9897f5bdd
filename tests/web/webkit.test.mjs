// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The visitors' web app in WebKit, Safari's engine: Debian's WebKitGTK
// MiniBrowser under Xvfb, driven through WebKitWebDriver's W3C WebDriver
// protocol (a few commands, spoken here with fetch). iPhones run WebKit
// whatever the browser, so this is where Safari-only breakage shows: every
// page drawn, the keypad, MP3 audio through sorid's redirect and 206 ranges
// with the captions following, and the service worker.
//
//   SORID=build/daemon/sorid node --test tests/web/webkit.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startSorid, freePort, waitFor, ARTIFACTS, getJson } from './sorid.mjs';

const DRIVER = process.env.WEBKIT_WEBDRIVER || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.WEBKIT_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const VENUE = 'dasol-museum';

for (const [file, what] of [[DRIVER, 'webkit2gtk-driver'], [MINIBROWSER, 'libwebkit2gtk-4.1-0'], ['/usr/bin/xvfb-run', 'xvfb']]) {
  if (!fs.existsSync(file)) throw new Error(`the WebKit tests need ${file}: apt-get install ${what}`);
}

let server;
let origin;
let driver;
let base;
let session;

async function command(method, where, body) {
  const response = await fetch(`${base}${where}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  if (answer.value && answer.value.error) {
    throw new Error(`WebDriver ${method} ${where}: ${answer.value.error} ${answer.value.message || ''}`);
  }
  return answer.value;
}

const run = (script, ...args) => command('POST', `/session/${session}/execute/sync`, { script, args });
const runAsync = (script, ...args) => command('POST', `/session/${session}/execute/async`, { script, args });

async function until(script, what, seconds = 15) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    last = await run(script);
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${seconds} s (last: ${JSON.stringify(last)})`);
}

async function open(pathname) {
  await command('POST', `/session/${session}/url`, { url: origin + pathname });
  // the app has the page: sorid's taken over, or its own drawn, and main no longer busy
  await until("return document.documentElement.dataset.ready && document.querySelector('main:not([aria-busy]) h1:not(#page-title)') !== null", `drawing ${pathname}`);
  return run("return document.querySelector('main h1').textContent.trim()");
}

/** A real click at the element's centre, hit-tested as a finger's tap is, and a user gesture. */
async function click(css, text = null) {
  // brought into view at once: WebDriver's own scrolling would be smooth,
  // as the app asks, and the click would land before it ends
  const element = await run(`const e = [...document.querySelectorAll(arguments[0])]
      .find((e) => arguments[1] === null || e.textContent.trim() === arguments[1]);
    if (e) e.scrollIntoView({block: 'center', behavior: 'instant'});
    return e || null;`, css, text);
  assert.ok(element, `nothing to click: ${css} ${text || ''}`);
  await command('POST', `/session/${session}/element/${element[ELEMENT]}/click`, {});
}

async function screenshot(name) {
  const png = await command('GET', `/session/${session}/screenshot`);
  fs.writeFileSync(path.join(ARTIFACTS, `webkit-${name}.png`), Buffer.from(png, 'base64'));
}

const api = (pathname) => getJson(origin, pathname);

before(async () => {
  server = await startSorid();
  ({ origin } = server);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // the test setup's G_DEBUG=fatal-criticals and MALLOC_PERTURB_ are for
  // sori's own code: WebKit's media stack logs criticals it survives
  const env = Object.assign({}, process.env);
  delete env.G_DEBUG;
  delete env.MALLOC_PERTURB_;
  driver = spawn('xvfb-run', ['-a', '-s', '-screen 0 1024x1400x24', DRIVER, `--port=${port}`, '--host=127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'inherit'], detached: true, env });
  await waitFor(`${base}/status`, driver, 20, 'WebKitWebDriver');
  const created = await command('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        // a mock camera (a generated test pattern) for the camera page
        'webkitgtk:browserOptions': { binary: MINIBROWSER,
          args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true'] },
      },
    },
  });
  session = created.sessionId;
  await command('POST', `/session/${session}/window/rect`, { width: 390, height: 844 });
  // room for the service worker's own retries (15 s per stalled fetch)
  await command('POST', `/session/${session}/timeouts`, { script: 90000 });
  // English, whatever the machine's locale: the test compares with the API's English
  await command('POST', `/session/${session}/url`, { url: `${origin}/v/${VENUE}` });
  await run("localStorage.setItem('sori.prefs', JSON.stringify({lang: 'en'}))");
  // the first page's service worker installs before the tests move on:
  // WebKitGTK 2.50 now and then wedges an install that pages are navigated
  // away from (every service-worker call hangs after it, unregister() too)
  const first = await runAsync(`const done = arguments[arguments.length - 1];
    const timer = setTimeout(() => done('not active within 30 s'), 30000);
    navigator.serviceWorker.ready.then(() => { clearTimeout(timer); done('active'); });`);
  assert.equal(first, 'active', 'the service worker of the first page');
});

after(async () => {
  if (session) await command('DELETE', `/session/${session}`).catch(() => {});
  if (driver && driver.exitCode === null) {
    // xvfb-run, Xvfb and the driver: the whole group
    process.kill(-driver.pid, 'SIGTERM');
  }
  if (server) await server.stop();
});

test('in WebKit, every page of the app is drawn', async () => {
  const venue = await api(`/v1/venues/${VENUE}?lang=en`);
  const gallery = venue.galleries[0];
  const exhibit = await api(`/v1/venues/${VENUE}/exhibits/moon-jar?lang=en`);
  const pages = [
    ['home', `/v/${VENUE}`, venue.name.text],
    ['gallery', `/v/${VENUE}/g/${gallery.id}`, gallery.name.text],
    ['keypad', `/v/${VENUE}/keypad`, 'Enter an exhibit number'],
    ['exhibit', `/v/${VENUE}/e/moon-jar`, exhibit.title.text],
    ['access', `/v/${VENUE}/access`, 'Access'],
    ['settings', `/v/${VENUE}/settings`, 'Settings'],
  ];
  for (const [name, where, title] of pages) {
    // by the language link: this machine's WebKit asks for no language
    // (locale C), so sorid answers in the venue's own, Korean, unless told
    assert.equal(await open(`${where}?lang=en`), title, where);
    // sorid's page, taken over by the app as it stands, not drawn again
    assert.equal(await run('return document.documentElement.dataset.ready'), 'adopted', where);
    assert.equal(await run('return document.documentElement.lang'), 'en');
    // the stylesheet applies: the header is the venue's colour, not the default
    assert.equal(await run("return getComputedStyle(document.querySelector('.site-header')).backgroundColor"),
      'rgb(10, 74, 110)');
    if (name === 'home') assert.equal(await run("return document.querySelectorAll('.hours .row').length"), 7);
    // nothing scrolls sideways at a phone's width
    assert.ok(await run('return document.documentElement.scrollWidth <= window.innerWidth'), `${where} is too wide`);
    await screenshot(name);
  }
});

test('in WebKit, the keypad finds an exhibit', async () => {
  await open(`/v/${VENUE}/keypad`);
  for (const digit of ['1', '0', '2']) await click('.key', digit);
  assert.equal(await run("return document.querySelector('.code-input').value"), '102');
  await click('.key-go');
  const found = await api(`/v1/venues/${VENUE}/codes/102?lang=en`);
  await until(`return location.pathname === '/v/${VENUE}/e/${found.exhibit.id}'`, 'the exhibit page');
  await until("return document.querySelector('main:not([aria-busy]) h1:not(#page-title)') !== null", 'drawing it');
  assert.equal(await run("return document.querySelector('main h1').textContent"), found.exhibit.title.text);
  assert.equal(await run('return document.activeElement.tagName'), 'H1');
});

test('in WebKit, a link reaches the next page without loading the document again, and back returns', async () => {
  const venue = await api(`/v1/venues/${VENUE}?lang=en`);
  const gallery = venue.galleries[0];
  await open(`/v/${VENUE}?lang=en`);
  await run("window.soriMarker = 'still here'");
  await click(`a.card[href^="/v/${VENUE}/g/${gallery.id}"]`);
  await until(`return location.pathname === '/v/${VENUE}/g/${gallery.id}'`, 'the gallery page');
  await until("return document.activeElement.tagName === 'H1' && !document.getElementById('main').hasAttribute('aria-busy')",
    'the focus on its heading');
  assert.equal(await run("return document.activeElement.textContent.trim()"), gallery.name.text);
  assert.equal(await run('return window.soriMarker'), 'still here', 'the gallery was a full load');
  await until('return document.getElementById(\'announcer\').textContent === document.title', 'the page announced');
  await command('POST', `/session/${session}/back`, {});
  await until(`return location.pathname === '/v/${VENUE}' && document.querySelector('main h1').textContent.trim() === ${JSON.stringify(venue.name.text)}`,
    'back to the venue');
  assert.equal(await run('return window.soriMarker'), 'still here', 'back was a full load');
});

test('in WebKit, the MP3 plays through sorid\'s redirect and ranges, captions in step', async () => {
  const exhibit = await api(`/v1/venues/${VENUE}/exhibits/moon-jar?lang=en`);
  const transcript = await api(`${exhibit.media.description.captions}&format=json`);
  await open(`/v/${VENUE}/e/moon-jar`);
  await until("return document.querySelector('.player').dataset.captions === 'ready'", 'captions');
  assert.equal(await run("return document.querySelectorAll('.transcript .word').length"), transcript.words.length);
  // the Play button, tapped: a user gesture, which Safari wants before sound
  await click('.ctl-play');
  const first = await until(`const audio = document.querySelector('audio');
    if (audio.error) return {error: 'media error ' + audio.error.code};
    const word = document.querySelector('.captions .word.current');
    return audio.currentTime > 0.5 && word ? {time: audio.currentTime, index: Number(word.dataset.word)} : null;`,
  'the audio playing');
  assert.equal(first.error, undefined, first.error);
  const later = await until(`const audio = document.querySelector('audio');
    const word = document.querySelector('.captions .word.current');
    return audio.currentTime > ${first.time + 1.5} && word ? {time: audio.currentTime, index: Number(word.dataset.word)} : null;`,
  'the audio going on');
  assert.ok(later.index > first.index, `${JSON.stringify(first)} then ${JSON.stringify(later)}`);
  assert.equal(await run("return document.querySelector('.pause-icon') !== null"), true);
  await screenshot('exhibit-playing');
});

test('in WebKit, directions: one step at a time, Next step, the step spoken with captions', async () => {
  const route = await api(`/v1/venues/${VENUE}/route?from=clay-and-fire&to=wood-and-metal&profile=wheelchair&lang=en`);
  await open(`/v/${VENUE}/directions?from=clay-and-fire&to=wood-and-metal&profile=wheelchair`);
  await until("return document.querySelector('.step-card .player') !== null", 'the first step');
  assert.equal(await run("return document.querySelector('.step-counter').textContent"), `Step 1 of ${route.steps.length}`);
  assert.equal(await run('return document.querySelectorAll(".step-list li").length'), route.steps.length);
  await until("return document.querySelector('.step-card .player').dataset.captions === 'ready'", 'its captions');
  await click('.step-next');
  assert.equal(await run("return document.querySelector('.step-counter').textContent"), `Step 2 of ${route.steps.length}`);
  assert.equal(await run("return document.activeElement.classList.contains('step-text')"), true);
  assert.ok((await run("return document.querySelector('.step-text').textContent")).includes(route.steps[1].instruction.text));
  // the step's MP3, through the redirect and ranges, as Safari plays it
  await click('.step-card .ctl-play');
  const playing = await until(`const audio = document.querySelector('.step-card audio');
    if (audio.error) return {error: 'media error ' + audio.error.code};
    return audio.currentTime > 0.3 ? {time: audio.currentTime} : null;`, 'the step playing');
  assert.equal(playing.error, undefined, playing.error);
  assert.ok(await run('return document.documentElement.scrollWidth <= window.innerWidth'), 'too wide');
  await screenshot('directions');
});

test('in WebKit, the console: sign in, edit a title, hear it unsaved, publish', async () => {
  const sorictl = process.env.SORICTL || path.join(path.dirname(process.env.SORID || ''), 'sorictl');
  const made = spawnSync(sorictl, ['token', 'add', '--data-dir', path.join(server.tmp, 'venues'), '--name', 'webkit',
    '--venue', VENUE], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const token = made.stdout.trim().split('\n').pop();
  await command('POST', `/session/${session}/url`, { url: `${origin}/admin/` });
  await until("return document.querySelector('input[type=password]') !== null", 'the sign-in page');
  await run(`const input = document.querySelector('input[type=password]');
    input.value = arguments[0]; input.dispatchEvent(new Event('input'));`, token);
  await click('button[type=submit]');
  await until("return /^Exhibits of /.test(document.querySelector('main h1')?.textContent || '')", 'the exhibits');
  await command('POST', `/session/${session}/url`, { url: `${origin}/admin/#/v/${VENUE}/e/0` });
  await until("return /^Edit /.test(document.querySelector('main:not([aria-busy]) h1')?.textContent || '')", 'the editor');
  await run(`const input = [...document.querySelectorAll('input[lang=en]')][0];
    input.value = 'Moon Jar, edited in WebKit'; input.dispatchEvent(new Event('input'));`);
  await until("return /No problems in the venue/.test(document.querySelector('.problems-count').textContent)", 'the check');
  await click('button', 'Hear Title (English)');
  const heard = await until(`const audio = document.querySelector('.preview audio');
    if (audio && audio.error) return {error: 'media error ' + audio.error.code};
    return audio && audio.currentTime > 0.2 ? {time: audio.currentTime} : null;`, 'the unsaved title playing', 30);
  assert.equal(heard.error, undefined, heard.error);
  await command('POST', `/session/${session}/url`, { url: `${origin}/admin/#/v/${VENUE}/publish` });
  await until("return document.querySelector('main:not([aria-busy]) h1')?.textContent === 'Review and publish'", 'the review');
  await click('button', 'Publish this revision');
  await until("return /Published: revision/.test(document.querySelector('main [role=status]')?.textContent || '')", 'publishing');
  assert.equal((await api(`/v1/venues/${VENUE}/exhibits/moon-jar?lang=en`)).title.text, 'Moon Jar, edited in WebKit');
  await screenshot('console');
});

test('in WebKit, the service worker takes over and keeps the app', async () => {
  await open(`/v/${VENUE}`);
  // each step says how far it got, so a failure tells where it stuck
  const kept = await runAsync(`const done = arguments[arguments.length - 1];
    const state = (w) => (w ? w.state : null);
    const started = Date.now();
    const report = async (stage, extra) => {
      const reg = await navigator.serviceWorker.getRegistration('/').catch(() => null);
      done(Object.assign({stage, waitedMs: Date.now() - started, controlled: Boolean(navigator.serviceWorker.controller),
        registration: reg ? {installing: state(reg.installing), waiting: state(reg.waiting), active: state(reg.active)} : null},
      extra));
    };
    // a fetch that stalls is given up after 15 s and tried again: wait for that
    const timer = setTimeout(() => report('timed out waiting for the active worker'), 60000);
    navigator.serviceWorker.ready
      .then(() => caches.keys())
      .then(async (names) => {
        clearTimeout(timer);
        const shell = names.find((n) => n.startsWith('sori-shell-'));
        const keys = shell ? await (await caches.open(shell)).keys() : [];
        report('done', {names, files: keys.map((r) => new URL(r.url).pathname)});
      })
      .catch((err) => { clearTimeout(timer); report('failed', {error: String(err)}); });`);
  // a stall the worker recovered from shows here, not as a failure
  console.log(`webkit: the service worker was active after ${kept.waitedMs} ms more`);
  assert.equal(kept.stage, 'done', JSON.stringify(kept));
  // sorid's offline page, shown for a page never opened, and the app's files
  assert.ok(kept.files.includes('/offline') && kept.files.includes('/app/main.js') && kept.files.includes('/app/sori.css'),
    JSON.stringify(kept));
});

/*
 * WebKit's mock camera shows a generated pattern, not a video of ours: what
 * can be checked here is that the camera page gets the camera in WebKit,
 * that its frames reach the detector's worker and that the worker compiles
 * the WebAssembly under the page's and its own CSP (each answered frame is
 * counted), that the pattern is not taken for a code, and that the camera
 * stops. Codes found, distances and directions are Chromium's (camera.test.mjs).
 */
test('in WebKit, the camera page\'s frames reach the detector in its worker', async () => {
  assert.equal(await open(`/v/${VENUE}/camera`), 'Find with camera');
  await click('.camera-start');
  const state = await until(`const frames = Number(document.querySelector('.camera-view').dataset.frames || 0);
    const live = document.querySelector('.camera-live').textContent;
    if (frames >= 5) return 'frames';
    return /not allowed|no camera|stopped working/.test(live) ? live : null;`, 'frames looked at', 45);
  assert.equal(state, 'frames');
  assert.equal(await run("return document.querySelectorAll('.camera-found li').length"), 0, 'no code in the pattern');
  await screenshot('camera');
  await click('.camera-start');
  assert.equal(await run("return document.querySelector('.camera-live').textContent"), 'Camera stopped.');
  assert.equal(await run("return document.querySelector('.camera-video').srcObject"), null, 'the camera let go');
});

/*
 * The last test, since it stops sorid: the venue kept whole for offline in
 * WebKit (Cache Storage and the service worker as iPhones have them), then
 * sorid gone (WebDriver cannot cut a network), and an exhibit never opened
 * before opens from the copy, its captions ready and its MP3 playing, as
 * does the way to it.
 */
test('in WebKit, a venue kept for offline opens without sorid', { timeout: 300000 }, async () => {
  const list = await api(`/v1/venues/${VENUE}/offline?lang=en`);
  const exhibit = await api(`/v1/venues/${VENUE}/exhibits/norigae?lang=en`);
  await open(`/v/${VENUE}`);
  await until("return /^It takes about/.test(document.querySelector('.keep-size').textContent)", 'the size said');
  await click('button[data-action="keep"]');
  const done = await until(`const said = document.querySelector('.keep-status').textContent;
    return /^Done: this venue is kept/.test(said) || /room|failed|not/.test(said) ? said : null;`,
  'the venue kept', 240);
  assert.match(done, /^Done: this venue is kept/);
  const keys = await runAsync(`const done = arguments[arguments.length - 1];
    caches.open('sori-offline-${VENUE}').then((c) => c.keys())
      .then((keys) => done(keys.map((r) => new URL(r.url).pathname + new URL(r.url).search)), (err) => done(String(err)));`);
  for (const item of list.items) assert.ok(keys.includes(item.url), `${item.url} kept`);

  await server.stop();
  assert.equal(await open(`/v/${VENUE}/e/norigae`), exhibit.title.text);
  await until("return document.querySelector('.player').dataset.captions === 'ready'", 'its captions, offline');
  await click('.ctl-play');
  const playing = await until(`const audio = document.querySelector('audio');
    if (audio.error) return {error: 'media error ' + audio.error.code};
    return audio.currentTime > 0.3 ? {time: audio.currentTime} : null;`, 'its audio playing, offline');
  assert.equal(playing.error, undefined, playing.error);
  assert.equal(await open(`/v/${VENUE}/directions?to=norigae`), `Directions to ${exhibit.title.text}`);
  await screenshot('offline-exhibit');
});
