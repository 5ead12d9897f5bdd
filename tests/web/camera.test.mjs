// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// "Find with camera" in Debian's Chromium with a fake camera: the video is
// made at test time by the project's own scene generator (sori-scene video:
// a walk toward the museum's lift code, an exhibit's code beside it), and
// the page finds the codes with the detector in its Web Worker. What a
// visitor hears (the live region: the name, the distance within 15 % of the
// generator's truth, the clock hour), the tap that opens what was found and
// counts reached:camera, the steps of directions moved on by the next
// place's code, the camera refused (a plain message and the keypad), no
// JavaScript, the headers per page, and axe-core.
//
//   SORID=build/daemon/sorid SORI_SCENE=build/tests/markers/sori-scene \
//     node --test tests/web/camera.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startSorid, SORID, ARTIFACTS, CHROMIUM_ARGS, getJson, usageBatches } from './sorid.mjs';

const require = createRequire(import.meta.url);
const SCENE = process.env.SORI_SCENE || path.join(path.dirname(SORID), '..', 'tests', 'markers', 'sori-scene');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VENUE = 'dasol-museum';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
// the app's assumption (camera.js FOV_DEG) and the generator's default
const FOV_DEG = 68;
const STEP_M = 0.7;

const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
for (const [file, what] of [[CHROMIUM, 'chromium'], [SCENE, 'the scene generator (ninja tests/markers/sori-scene)']]) {
  if (!fs.existsSync(file)) throw new Error(`the camera tests need ${file}: ${what}`);
}

let server;
let origin;
let markers;      // the markers view, in English
let lift;         // the lift's code in it
let exhibitCode;  // an exhibit's code in it
let video;        // the walk, as y4m
let truth;        // the generator's truth of each frame
let standing;     // {file, truth}: standing before the lift
const browsers = [];

const api = (pathname) => getJson(origin, pathname);

/* the walk: toward the lift's code (to the right, at 1 o'clock), an exhibit's to the left (11 o'clock) */
function makeVideo(dir, name, frames, codes) {
  const file = path.join(dir, `${name}.y4m`);
  const truthFile = path.join(dir, `${name}.jsonl`);
  const made = spawnSync(SCENE, ['video', '--out', file, '--truth', truthFile, '--frames', String(frames), '--fps', '10',
    '--width', '1280', '--height', '720', '--fov-deg', String(FOV_DEG), '--plain',
    ...codes.flatMap((code) => ['--code', code])], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`sori-scene video: ${made.stderr}`);
  return { file, truth: fs.readFileSync(truthFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) };
}

before(async () => {
  server = await startSorid();
  ({ origin } = server);
  markers = await api(`/v1/venues/${VENUE}/markers?lang=en`);
  lift = markers.codes.find((c) => c.kind === 'place' && c.place_kind === 'lift' && c.floor === 1);
  exhibitCode = markers.codes.find((c) => c.kind === 'exhibit');
  assert.ok(lift, 'the museum has a code at its ground-floor lift');
  assert.ok(exhibitCode, 'the museum has a code beside an exhibit');
  ({ file: video, truth } = makeVideo(server.tmp, 'walk', 60,
    [`${lift.marker}:${lift.size_mm}:4-2.5:20`, `${exhibitCode.marker}:${exhibitCode.size_mm}:3.5-2.5:-22`]));
  // standing still (but for the hand's shake) 4 m from the lift, a little to the left
  standing = makeVideo(server.tmp, 'standing', 30, [`${lift.marker}:${lift.size_mm}:4-4:-20`]);
});

after(async () => {
  for (const b of browsers) await b.close().catch(() => {});
  if (server) await server.stop();
});

/** Chromium with @args besides the usual, closed after the tests. */
async function launch(args) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...args] });
  browsers.push(browser);
  return browser;
}

/* a camera that films the walk, allowed without asking */
const FAKE_CAMERA = (file = video) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${file}`];

async function phone(browser, prefs = { lang: 'en' }) {
  const context = await browser.newContext(Object.assign({ locale: 'en-US', serviceWorkers: 'block' }, PHONE));
  await context.route((url) => url.origin !== origin, (route) => route.abort());
  // the visitor's settings, as the settings page keeps them
  await context.addInitScript((kept) => {
    if (!localStorage.getItem('sori.prefs')) localStorage.setItem('sori.prefs', kept);
  }, JSON.stringify(prefs));
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  return { context, page };
}

async function ready(page) {
  await page.waitForFunction(() => document.documentElement.dataset.ready);
}

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), AXE_TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
}

/** The truths of code @id over the walk: [{distance_m, clock}]. */
function truthsOf(id) {
  return truth.flatMap((frame) => frame.codes.filter((c) => c.id === id));
}

/* "Lift, ground floor, 4.5 metres, at 1 o'clock." → {name, metres, clock} */
function heard(text, name) {
  const start = text.indexOf(name);
  if (start < 0) return null;
  const said = text.slice(start + name.length);
  const metres = said.match(/^, ([0-9.]+) metres?, at ([0-9]+) o'clock\./);
  const steps = said.match(/^, ([0-9]+) steps?, at ([0-9]+) o'clock\./);
  if (metres) return { metres: Number(metres[1]), clock: Number(metres[2]) };
  if (steps) return { steps: Number(steps[1]), clock: Number(steps[2]) };
  return null;
}

/* waits until the live region has said @name; every announcement on the way is kept */
async function waitToHear(page, name, seconds = 60) {
  const said = [];
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    const text = (await page.locator('.camera-live').textContent()).trim();
    if (text !== last) {
      said.push(text);
      last = text;
    }
    if (text.includes(name)) return { text, said };
    await new Promise((r) => setTimeout(r, 100));
  }
  const frames = await page.locator('.camera-view').getAttribute('data-frames');
  throw new Error(`never heard "${name}" within ${seconds} s (${frames} frames looked at); heard: ${JSON.stringify(said)}`);
}

test('only the camera and directions pages may use the camera and compile WebAssembly', async () => {
  const allowed = [`/v/${VENUE}/camera`, `/v/${VENUE}/directions`, `/v/${VENUE}/directions?from=desk&to=wood-and-metal`,
    `/v/${VENUE}/camera?lang=ko`];
  const others = ['/', '/settings', `/v/${VENUE}`, `/v/${VENUE}/keypad`, `/v/${VENUE}/access`, `/v/${VENUE}/settings`,
    `/v/${VENUE}/nearby`, `/v/${VENUE}/e/moon-jar`, `/v/${VENUE}/g/threads`, `/v/${VENUE}/nowhere`,
    '/app/main.js', '/app/camera.js', '/admin'];
  for (const pathname of allowed) {
    const response = await fetch(origin + pathname);
    assert.equal(response.status, 200, pathname);
    assert.equal(response.headers.get('permissions-policy'), 'camera=(self), microphone=(), geolocation=()', pathname);
    const csp = response.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self' 'sha256-[^']+' 'wasm-unsafe-eval';/, pathname);
    assert.match(csp, /worker-src 'self'/, pathname);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/, pathname);
  }
  for (const pathname of others) {
    const response = await fetch(origin + pathname);
    assert.equal(response.headers.get('permissions-policy'), 'camera=(), microphone=(), geolocation=()', pathname);
    assert.doesNotMatch(response.headers.get('content-security-policy'), /wasm/, pathname);
  }
  // the worker's own script: a worker runs under its script's policy
  const worker = await fetch(`${origin}/app/marker-worker.js`);
  assert.equal(worker.status, 200);
  assert.match(worker.headers.get('content-security-policy'), /'wasm-unsafe-eval'/);
});

test('every venue page links to the camera page, loaded as a page of its own', async () => {
  const exhibit = (await api(`/v1/venues/${VENUE}/exhibits/moon-jar?lang=en`)).id;
  // in the menu of every venue page, and beside the number on the home page
  for (const pathname of [`/v/${VENUE}`, `/v/${VENUE}/g/threads`, `/v/${VENUE}/e/${exhibit}`, `/v/${VENUE}/access`,
    `/v/${VENUE}/keypad`, `/v/${VENUE}/directions`, `/v/${VENUE}/settings`, `/v/${VENUE}/camera`]) {
    const html = await (await fetch(`${origin}${pathname}?lang=en`)).text();
    assert.match(html, new RegExp(`<nav id="site-nav"[^>]*>.*<a href="/v/${VENUE}/camera\\?lang=en"[^>]*>Camera</a>`), pathname);
  }
  const home = await (await fetch(`${origin}/v/${VENUE}?lang=en`)).text();
  assert.match(home, new RegExp(`<p class="actions">.*<a class="button" href="/v/${VENUE}/camera\\?lang=en">Find with camera</a>`));
  const browser = await launch([]);
  const { context, page } = await phone(browser);
  await page.goto(`${origin}/v/${VENUE}`);
  await ready(page);
  // a page swapped in by the app keeps the link; following it loads the camera page afresh
  await page.locator('#site-nav a', { hasText: 'Access' }).click();
  await page.waitForURL(`${origin}/v/${VENUE}/access`);
  await ready(page);
  await page.evaluate(() => { window.sameDocument = true; });
  await page.locator('#site-nav a', { hasText: 'Camera' }).click();
  await page.waitForURL(`${origin}/v/${VENUE}/camera`);
  await ready(page);
  assert.equal(await page.evaluate(() => window.sameDocument === true), false, 'a document of its own');
  assert.equal(await page.locator('main h1').textContent(), 'Find with camera');
  assert.equal(await page.locator('.camera-privacy').textContent(),
    'No picture leaves your phone; nothing of the camera is kept.');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('walking toward the lift: its name, how far and where are said; a tap opens what was found', async () => {
  const browser = await launch(FAKE_CAMERA());
  const { context, page } = await phone(browser);
  // a beacon's body is not always visible from outside: watched in the page
  const sentBatches = await usageBatches(page);
  await page.goto(`${origin}/v/${VENUE}/camera`);
  await ready(page);
  assert.equal(await page.locator('.camera-live').getAttribute('aria-live'), 'polite');
  assert.equal(await page.locator('.camera-torch').isVisible(), false, 'no torch before the camera says it has one');
  await page.locator('.camera-start').click();
  const { text, said } = await waitToHear(page, lift.name);
  const got = heard(text, lift.name);
  assert.ok(got && got.metres !== undefined, `metres and a clock hour in "${text}"`);
  // within 15 % of the truth somewhere on the walk, and the clock hour it had there
  const truths = truthsOf(lift.marker);
  const closest = truths.reduce((best, c) => (Math.abs(c.distance_m - got.metres) < Math.abs(best.distance_m - got.metres) ? c : best));
  assert.ok(Math.abs(got.metres - closest.distance_m) / closest.distance_m <= 0.15,
    `${got.metres} m said, the walk's truth ${truths.at(0).distance_m}–${truths.at(-1).distance_m} m`);
  assert.equal(got.clock, closest.clock, `the clock hour in "${text}"`);
  assert.ok(truths.every((c) => c.clock === got.clock), 'the walk keeps the lift at one clock hour');
  // never the same thing twice in a row
  for (let i = 1; i < said.length; i++) assert.notEqual(said[i], said[i - 1]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'camera-found.png') });
  assert.deepEqual(await axe(page), [], 'axe-core with the camera on and codes found');

  // the exhibit's code, to its left: the tap opens the exhibit, counted as reached by camera
  const exhibitName = exhibitCode.name;
  const open = page.locator('.camera-found button', { hasText: exhibitName });
  await open.waitFor({ timeout: 30000 });
  assert.match(await open.textContent(), /at 11 o'clock/);
  await open.click();
  await page.waitForURL(`${origin}/v/${VENUE}/e/${exhibitCode.id}`);
  await ready(page);
  // the counts go when the page is left: their batch names the camera
  await page.goto(`${origin}/v/${VENUE}/keypad`);
  await ready(page);
  await page.waitForTimeout(500);
  const events = (await sentBatches()).flatMap((batch) => batch.events || []);
  assert.ok(events.some((e) => e.exhibit === exhibitCode.id && e.feature === 'reached:camera'),
    `reached:camera counted: ${JSON.stringify(events)}`);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('standing 4 m from the lift: the distance said is within 15 % of the truth, the hour is 11', async () => {
  const browser = await launch(FAKE_CAMERA(standing.file));
  const { context, page } = await phone(browser);
  await page.goto(`${origin}/v/${VENUE}/camera`);
  await ready(page);
  await page.locator('.camera-start').click();
  const { text } = await waitToHear(page, lift.name);
  const got = heard(text, lift.name);
  const truths = standing.truth.flatMap((frame) => frame.codes.filter((c) => c.id === lift.marker));
  assert.ok(truths.every((c) => Math.abs(c.distance_m - 4) < 1e-6 && c.clock === 11), 'the generator stood still');
  assert.ok(got && Math.abs(got.metres - 4) / 4 <= 0.15, `"${text}"`);
  assert.equal(got.clock, 11, `"${text}"`);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('in steps, as chosen in the settings; the lift\'s tap opens the way there', async () => {
  const browser = await launch(FAKE_CAMERA());
  const { context, page } = await phone(browser);
  await page.goto(`${origin}/v/${VENUE}/settings`);
  await ready(page);
  await page.getByLabel('Steps', { exact: true }).check();
  await page.goto(`${origin}/v/${VENUE}/camera`);
  await ready(page);
  await page.locator('.camera-start').click();
  const { text } = await waitToHear(page, lift.name);
  const got = heard(text, lift.name);
  assert.ok(got && got.steps !== undefined, `steps in "${text}"`);
  const truths = truthsOf(lift.marker);
  const metres = got.steps * STEP_M;
  assert.ok(truths.some((c) => Math.abs(metres - c.distance_m) / c.distance_m <= 0.15),
    `${got.steps} steps said, the walk ${truths.at(0).distance_m}–${truths.at(-1).distance_m} m`);
  // the lift is a place: its code opens the way to it
  await page.locator('.camera-found button', { hasText: lift.name }).click();
  await page.waitForURL((url) => url.pathname === `/v/${VENUE}/directions` && url.searchParams.get('to') === lift.id);
  await ready(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('in the visitor\'s own language, sorid\'s page swapped in finds the codes too', async () => {
  const browser = await launch(FAKE_CAMERA());
  // the phone says English, the visitor chose Korean in the app: sorid's Korean page, swapped in
  const { context, page } = await phone(browser, { lang: 'ko' });
  const korean = await api(`/v1/venues/${VENUE}/markers?lang=ko`);
  const name = korean.codes.find((c) => c.marker === lift.marker).name;
  await page.goto(`${origin}/v/${VENUE}/camera`);
  await ready(page);
  await page.waitForFunction(() => document.getElementById('main').dataset.lang === 'ko');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'adopted');
  assert.equal(await page.locator('main h1').textContent(), '카메라로 찾기');
  await page.locator('.camera-start').click();
  const { text } = await waitToHear(page, name);
  assert.match(text, new RegExp(`${name}, 1시 방향, [0-9.]+미터\\.`), text);
  assert.deepEqual(await axe(page), [], 'axe-core on the page swapped in');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('during directions, the next place\'s code moves the step on: "You are at" it', async () => {
  const browser = await launch(FAKE_CAMERA());
  const { context, page } = await phone(browser);
  const route = await api(`/v1/venues/${VENUE}/route?from=desk&to=wood-and-metal&profile=wheelchair&lang=en`);
  const k = route.steps.findIndex((s) => s.ends_at.id === lift.place);
  assert.equal(k, 0, 'the first step of the way from the desk ends at the lift');
  await page.goto(`${origin}/v/${VENUE}/directions?from=desk&to=wood-and-metal&profile=wheelchair`);
  await ready(page);
  const counter = page.locator('.step-counter');
  await counter.waitFor();
  assert.equal(await counter.textContent(), `Step 1 of ${route.steps.length}`);
  await page.locator('.camera-follow').click();
  await page.waitForFunction((n) => document.querySelector('.step-counter').textContent === `Step 2 of ${n}`,
    route.steps.length, { timeout: 60000 });
  await page.waitForFunction(() => document.getElementById('announcer').textContent.startsWith('You are at'));
  const said = await page.locator('#announcer').textContent();
  assert.ok(said.startsWith(`You are at ${route.steps[0].ends_at.name.text}.`), said);
  assert.ok(said.includes(route.steps[1].instruction.text), said);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the camera refused: says so and how to allow it, and the keypad is there', async () => {
  const browser = await launch(['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
  const { context, page } = await phone(browser);
  await page.goto(`${origin}/v/${VENUE}/camera`);
  await ready(page);
  assert.equal(await page.locator('.camera-fallback').isVisible(), false, 'no keypad before the camera is asked for');
  await page.locator('.camera-start').click();
  const live = page.locator('.camera-live');
  await page.waitForFunction(() => document.querySelector('.camera-live').textContent.startsWith('The camera was not allowed'));
  assert.match(await live.textContent(), /Safari.*Chrome/);
  assert.equal(await page.locator('.camera-fallback').isVisible(), true);
  assert.equal(await page.locator('.camera-unavailable').textContent(), await live.textContent());
  assert.equal(await page.locator('.camera-start').textContent(), 'Start the camera');
  assert.deepEqual(await axe(page), [], 'axe-core with the keypad shown');
  // the keypad works there
  for (const key of ['1', '0', '1']) await page.locator(`.camera-fallback .key[data-key="${key}"]`).click();
  await page.locator('.camera-fallback .key-go').click();
  const found = await api(`/v1/venues/${VENUE}/codes/101?lang=en`);
  await page.waitForURL(`${origin}/v/${VENUE}/e/${found.exhibit.id}`);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('no camera at all: says so, and the keypad is there', async () => {
  // no fake device: this machine has no camera
  const browser = await launch(['--use-fake-ui-for-media-stream']);
  const { context, page } = await phone(browser);
  await page.goto(`${origin}/v/${VENUE}/camera`);
  await ready(page);
  await page.locator('.camera-start').click();
  await page.waitForFunction(() => document.querySelector('.camera-live').textContent.startsWith('This phone has no camera'));
  assert.equal(await page.locator('.camera-fallback').isVisible(), true);
  assert.equal(await page.locator('.camera-fallback form.keypad').isVisible(), true);
  assert.equal(await page.locator('.camera-view').isVisible(), false);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('without JavaScript: a plain message and the number\'s form', async () => {
  const browser = await launch([]);
  const context = await browser.newContext(Object.assign({ locale: 'en-US', javaScriptEnabled: false }, PHONE));
  const page = await context.newPage();
  await page.goto(`${origin}/v/${VENUE}/camera`);
  assert.equal(await page.locator('main h1').textContent(), 'Find with camera');
  assert.equal(await page.locator('.camera-start').isVisible(), false, 'no button that cannot work');
  assert.match(await page.locator('.camera-unavailable').textContent(), /needs JavaScript/);
  assert.match(await page.locator('.camera-privacy').textContent(), /No picture leaves your phone/);
  await page.locator('.camera-fallback .code-input').fill('101');
  // the phone's keyboard's Go (the page scrolls smoothly, as it asks, so no tap on the moving button)
  await page.locator('.camera-fallback .code-input').press('Enter');
  const found = await api(`/v1/venues/${VENUE}/codes/101?lang=en`);
  await page.waitForURL((url) => url.pathname === `/v/${VENUE}/e/${found.exhibit.id}`);
  await context.close();
});

test('what is said and heard: never twice within 4 s unless it moved, nearest first; the tick quickens and pans', async () => {
  const browser = await launch([]);
  const { context, page } = await phone(browser);
  await page.goto(`${origin}/v/${VENUE}/camera`);
  await ready(page);
  const got = await page.evaluate(async () => {
    const camera = await import('/app/camera.js');
    const sound = await import('/app/camera-sound.js');
    const due = camera.createAnnouncer();
    const lift = { code: { marker: 20, name: 'Lift' }, distance: 4, clock: 1 };
    const jar = { code: { marker: 7, name: 'Jar' }, distance: 2, clock: 11 };
    // frames every 100 ms from @from to @to ms, all showing @seen: what is said on the way
    const frames = (seen, from, to) => {
      const out = [];
      for (let at = from; at < to; at += 100) out.push(...due(seen, at).map((s) => `${s.code.name}@${s.distance}`));
      return out;
    };
    return {
      first: frames([jar, lift], 0, 100),
      unmoved: frames([jar, lift], 100, 9000),             // in view all along, not moving: nothing more
      moved: frames([jar, { ...lift, distance: 3 }], 9000, 12000), // the lift a metre nearer: said once
      turned: frames([{ ...jar, clock: 12 }, { ...lift, distance: 3 }], 12000, 15000),
      // both back in view after 5 s looking away: said again, though unmoved
      back: frames([{ ...jar, clock: 12 }, { ...lift, distance: 3 }], 20000, 21000),
      words: [camera.distanceWords(0.6, 'metres'), camera.distanceWords(3.3, 'metres'), camera.distanceWords(12.4, 'metres'),
        camera.distanceWords(4.2, 'steps'), camera.describe({ ...lift, distance: 4 }, 'metres')],
      fov: [camera.fovFor(1280, 720), Math.round(camera.fovFor(720, 1280) * 10) / 10],
      ticks: [sound.interval(1, 0), sound.interval(1, 30), sound.interval(10, 0), sound.interval(12, 34)],
      pans: [sound.pan(-20), sound.pan(0), sound.pan(40)],
    };
  });
  assert.deepEqual(got.first, ['Jar@2', 'Lift@4'], 'nearest first');
  assert.deepEqual(got.unmoved, []);
  assert.deepEqual(got.moved, ['Lift@3']);
  assert.deepEqual(got.turned, ['Jar@2']);
  assert.deepEqual(got.back, ['Jar@2', 'Lift@3']);
  assert.deepEqual(got.words, ['less than a metre', '3.5 metres', '12 metres', '6 steps', 'Lift, 4 metres, at 1 o\'clock.']);
  assert.deepEqual(got.fov, [68, 41.6]); // 2·atan(tan 34° · 720/1280)
  const [near, nearAside, far, farAside] = got.ticks;
  assert.ok(near < nearAside && near < far && far < farAside, `ticks ${got.ticks}`);
  assert.ok(got.pans[0] < 0 && got.pans[1] === 0 && got.pans[2] === 1, `pans ${got.pans}`);
  await context.close();
});

test('the camera page passes axe-core, in normal and high contrast', async () => {
  const browser = await launch([]);
  for (const prefs of [{ lang: 'en' }, { lang: 'en', contrast: true, motion: true }, { lang: 'ko' }]) {
    const { context, page } = await phone(browser, prefs);
    await page.goto(`${origin}/v/${VENUE}/camera`);
    await ready(page);
    assert.deepEqual(await axe(page), [], JSON.stringify(prefs));
    // targets of at least 44 px
    for (const box of await page.locator('main button:visible, main a:visible').evaluateAll((els) =>
      els.map((e) => { const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height]; }))) {
      assert.ok(box[1] >= 44 && box[2] >= 44, `${box[0]}: ${box[1]}×${box[2]}`);
    }
    await context.close();
  }
});
