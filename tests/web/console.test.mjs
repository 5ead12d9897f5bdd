// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The curators' console in Debian's Chromium against a real sorid: sign in
// (and a wrong token), edit texts in both languages with a problem flagged
// as it is typed, hear the unsaved text with the highlighted word moving,
// publish and see the visitors' app change, compare revisions, roll back,
// a spreadsheet with an error and then a good one, a picture uploaded with
// its progress bar, the beacons, the labels, the printed codes' sheets; all of it by keyboard where it
// is asked, and axe-core on every page in light, dark and high contrast.
//
//   SORID=build/daemon/sorid node --test tests/web/console.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startSorid, sourceRoot, SORID, ARTIFACTS } from './sorid.mjs';

const require = createRequire(import.meta.url);
const SORICTL = process.env.SORICTL || path.join(path.dirname(SORID), 'sorictl');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VENUE = 'dasol-museum';
const LANGUAGES = 'languages-museum';   // in Arabic, Traditional Chinese and English
const DESK = { viewport: { width: 1280, height: 900 }, locale: 'en-GB' };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server;
let origin;
let browser;
let token;
let languagesToken;
const pageErrors = [];
const thirdParty = [];

before(async () => {
  server = await startSorid({ venues: [path.join(sourceRoot, 'tests', 'data', 'languages-museum.json')] });
  ({ origin } = server);
  const tokenFor = (venue, name) => {
    const made = spawnSync(SORICTL, ['token', 'add', '--data-dir', path.join(server.tmp, 'venues'), '--name', name,
      '--venue', venue], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    return made.stdout.trim().split('\n').pop();
  };
  token = tokenFor(VENUE, 'mina');
  languagesToken = tokenFor(LANGUAGES, 'layla');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--mute-audio',
      '--disable-background-networking', '--disable-component-update',
      ...(process.env.SORI_TLS ? ['--ignore-certificate-errors'] : [])],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function desk(options = {}) {
  const context = await browser.newContext(Object.assign({ ignoreHTTPSErrors: true }, DESK, options));
  await context.route((url) => url.origin !== origin, (route) => {
    // the console's own requests; the visitors' app opened beside it fetches the
    // venue's pictures and videos, as it may
    const from = route.request().frame() ? route.request().frame().url() : '';
    if (from.includes('/admin')) thirdParty.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return { context, page };
}

async function heading(page) {
  await page.locator('main:not([aria-busy]) h1').first().waitFor();
  return (await page.locator('main h1').first().textContent()).trim();
}

async function signIn(page, value = token) {
  await page.goto(`${origin}/admin/`);
  await page.getByLabel("Curator's token").fill(value);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signedInOrRefused(page);
}

/* the sign-in page replaced by the venue, or an alert saying why not */
async function signedInOrRefused(page) {
  await page.waitForFunction(() => {
    const h1 = document.querySelector('main:not([aria-busy]) h1');
    const alert = document.querySelector('[role="alert"]');
    return (h1 && !h1.textContent.startsWith('Sign in')) || (alert && alert.textContent.length > 0);
  });
}

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), AXE_TAGS);
  return result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
}

async function tabTo(page, predicate, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return {
        tag: el.tagName, text: (el.textContent || '').trim(), type: el.type || '',
        label: el.labels && el.labels[0] ? el.labels[0].textContent.trim() : (el.getAttribute('aria-label') || ''),
        outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
      };
    });
    if (focused.tag !== 'BODY') {
      assert.ok(focused.outline !== 'none' && focused.outlineWidth >= 2, `no visible focus on ${JSON.stringify(focused)}`);
    }
    if (predicate(focused)) return focused;
  }
  throw new Error('never reached by Tab');
}

const visitorTitle = async (id) => (await (await fetch(`${origin}/v1/venues/${VENUE}/exhibits/${id}?lang=en`)).json()).title.text;

test('a wrong token says so, and the console keeps no token beyond the tab', async () => {
  const { context, page } = await desk();
  await signIn(page, 'sori_t_not-a-real-token');
  await page.getByRole('alert').getByText('That token is not valid, or it has been revoked').waitFor();
  assert.equal(await page.getByLabel("Curator's token").getAttribute('aria-invalid'), 'true');
  await signIn(page);
  assert.match(await heading(page), /^Exhibits of /);
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
  assert.equal(await page.evaluate(() => document.cookie), '');
  assert.ok(await page.evaluate(() => sessionStorage.getItem('sori.console.token') !== null));
  // a new tab is signed out
  const other = await context.newPage();
  await other.goto(`${origin}/admin/`);
  assert.equal(await heading(other), 'Sign in to the sori console');
  await context.close();
});

test('edit both languages, a problem flagged as it is typed, hear the unsaved text, publish', async () => {
  const { context, page } = await desk();
  await signIn(page);
  await page.getByLabel('Search by number, title or id').fill('101');
  await page.getByRole('link', { name: /White Porcelain Moon Jar/ }).click();
  await page.locator('main:not([aria-busy]) h1', { hasText: /^Edit White Porcelain Moon Jar/ }).waitFor();
  // every text in every language, side by side
  await page.getByLabel('Title (Korean)', { exact: true }).fill('백자 달항아리 (새 이름)');
  await page.getByLabel('Title (English)', { exact: true }).fill('The Moon Jar, renamed');
  // a number with a letter in it: flagged at the field before anything is saved
  const code = page.getByLabel('Number on its label');
  await code.fill('1O1');
  await page.locator('.field-problem:not([hidden])').filter({ hasText: 'is not a code' }).waitFor();
  assert.equal(await code.getAttribute('aria-invalid'), 'true');
  await page.getByRole('status').filter({ hasText: '1 problem in the venue.' }).waitFor();
  await code.fill('101');
  await page.getByRole('status').filter({ hasText: 'No problems in the venue.' }).waitFor();
  assert.equal(await code.getAttribute('aria-invalid'), null);

  // hear the unsaved text: the visitors' player, the spoken word highlighted and moving
  const description = page.getByLabel('Description (English)', { exact: true });
  await description.fill('A white jar, round like the full moon, made for the royal court of the Joseon dynasty.');
  await page.getByRole('button', { name: 'Hear Description (English)' }).click();
  await page.locator('.preview .player[data-captions="ready"]').waitFor({ timeout: 60000 });
  await page.waitForFunction(() => {
    const audio = document.querySelector('.preview audio');
    return audio && !audio.paused && audio.currentTime > 0.3;
  }, null, { timeout: 20000 });
  const first = await page.evaluate(() => Number(document.querySelector('.preview .word.current')?.dataset.word ?? -1));
  await page.waitForFunction((was) => Number(document.querySelector('.preview .word.current')?.dataset.word ?? -1) > was,
    first, { timeout: 20000 });
  assert.match(await page.locator('.preview .captions').textContent(), /round like the full moon/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'console-editor.png') });
  // nothing is live yet
  assert.equal(await visitorTitle('moon-jar'), 'White Porcelain Moon Jar');

  // publish: the summary, field by field, then the confirmation
  await page.getByRole('link', { name: 'Review and publish' }).first().click();
  await page.locator('main:not([aria-busy]) h1', { hasText: 'Review and publish' }).waitFor();
  await page.getByText('Changed: moon-jar (title, description)').waitFor();
  await page.getByRole('button', { name: 'Publish this revision' }).click();
  await page.getByRole('status').getByText(/Published: revision .* is live\./).waitFor();
  assert.equal(await visitorTitle('moon-jar'), 'The Moon Jar, renamed');
  // and the visitors' app shows it
  const visitor = await context.newPage();
  await visitor.goto(`${origin}/v/${VENUE}/e/moon-jar`);
  await visitor.locator('main h1', { hasText: 'The Moon Jar, renamed' }).waitFor();
  await context.close();
});

test('revisions: who and when, a diff of two, rollback in one step', async () => {
  const { context, page } = await desk();
  await signIn(page);
  await page.getByRole('link', { name: 'Revisions', exact: true }).click();
  await page.locator('main:not([aria-busy]) h1', { hasText: 'Revisions' }).waitFor();
  const rows = page.locator('tbody tr');
  assert.ok(await rows.count() >= 1);
  await page.locator('tbody tr').first().getByText('mina').waitFor();
  // a second revision, to compare with and roll back from
  const auth = { Authorization: `Bearer ${token}` };
  const live = await (await fetch(`${origin}/v1/admin/venues/${VENUE}/catalogue`, { headers: auth })).json();
  live.exhibits.find((e) => e.id === 'moon-jar').title.en = 'Moon Jar, second';
  const put = await fetch(`${origin}/v1/admin/venues/${VENUE}/catalogue`, {
    method: 'PUT', headers: Object.assign({ 'Content-Type': 'application/json' }, auth), body: JSON.stringify(live),
  });
  assert.equal(put.status, 200);
  await page.reload();
  await heading(page);
  // the two revisions listed (waited for: the list may be drawn after the heading)
  await rows.nth(1).waitFor();
  assert.ok(await rows.count() >= 2);
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Compare the two chosen' }).click();
  await page.getByText('Changed: moon-jar (title)').waitFor();
  // roll back to the older one: asked to confirm, then done
  const older = (await rows.nth(1).locator('th').textContent()).trim();
  await rows.nth(1).getByRole('button', { name: `Roll back to ${older}` }).click();
  await rows.nth(1).getByRole('button', { name: `Confirm: make ${older} live` }).click();
  await page.waitForFunction(() => document.getElementById('announcer').textContent.startsWith('Rolled back'));
  assert.equal(await visitorTitle('moon-jar'), 'The Moon Jar, renamed');
  await context.close();
});

test('a spreadsheet: its error by row and column, nothing changed; then a good one', async () => {
  const { context, page } = await desk({ acceptDownloads: true });
  await signIn(page);
  await page.getByRole('link', { name: 'Spreadsheet' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the exhibits as CSV' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  assert.match(csv, /^\ufeffid,gallery,code,title\.ko,title\.en/);
  const broken = csv.replace(/\r\nmoon-jar,clay-and-fire,101,/, '\r\nmoon-jar,clay-and-fire,10x,');
  const tmpDir = fs.mkdtempSync(path.join(server.tmp, 'sheet-'));
  fs.writeFileSync(path.join(tmpDir, 'broken.csv'), broken);
  await page.getByLabel('Upload a CSV or JSON file to check').setInputFiles(path.join(tmpDir, 'broken.csv'));
  await page.getByText(/row 2, column code: '10x' is not a code/).waitFor();
  await page.getByText('Nothing was changed.', { exact: false }).waitFor();
  // the good one: a title changed in the sheet
  const good = csv.replace('The Moon Jar, renamed', 'Moon Jar from the sheet');
  fs.writeFileSync(path.join(tmpDir, 'good.csv'), good);
  await page.getByLabel('Upload a CSV or JSON file to check').setInputFiles(path.join(tmpDir, 'good.csv'));
  await page.getByText('Changed: moon-jar (title)').waitFor();
  await page.getByRole('button', { name: 'Publish good.csv' }).click();
  await page.getByText(/Published: revision .* is live\./).waitFor();
  assert.equal(await visitorTitle('moon-jar'), 'Moon Jar from the sheet');
  await context.close();
});

test('a picture dropped on its field is uploaded with a progress bar and its address filled in', async () => {
  const { context, page } = await desk();
  await signIn(page);
  await page.getByRole('link', { name: /Moon Jar from the sheet/ }).click();
  await page.locator('main:not([aria-busy]) h1', { hasText: /^Edit / }).waitFor();
  // a PNG of 16 × 16, chosen as by the file picker
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGNgGAWjYBSMglEwCkYBAAgQAAEv8jRwAAAAAElFTkSuQmCC', 'base64');
  await page.getByLabel('Choose a file for Picture address').setInputFiles({ name: 'Jar Photo.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('status').getByText('Uploaded Jar Photo.png (image/png).').waitFor();
  assert.match(await page.getByLabel('Picture address', { exact: true }).inputValue(), /^\/v1\/venues\/dasol-museum\/media\/[0-9a-f]{64}\.png$/);
  assert.ok(await page.locator('progress').first().evaluate((p) => p.value === p.max && !p.hidden));
  // a file that is not what it says is refused, and the field is left as it was
  const before = await page.getByLabel('Picture address', { exact: true }).inputValue();
  await page.getByLabel('Choose a file for Picture address').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
  await page.locator('.dropzone [role="status"]').first().filter({ hasText: /not|does not|refused|match/i }).waitFor();
  assert.equal(await page.getByLabel('Picture address', { exact: true }).inputValue(), before);
  await context.close();
});

test('the beacons, missing first, and the labels to print', async () => {
  const { context, page } = await desk();
  await signIn(page);
  await page.getByRole('link', { name: 'Beacons' }).click();
  await page.locator('main:not([aria-busy]) h1', { hasText: 'Beacons' }).waitFor();
  const statuses = await page.locator('tbody td:nth-child(2)').allTextContents();
  assert.ok(statuses.length >= 1);
  const order = { missing: 0, 'low-battery': 1, waiting: 2, unknown: 3, ok: 4 };
  assert.deepEqual(statuses, statuses.slice().sort((a, b) => order[a] - order[b]));

  await page.getByRole('link', { name: 'Labels' }).click();
  await page.locator('main:not([aria-busy]) h1', { hasText: 'Labels to print' }).waitFor();
  const labels = page.locator('figure.label');
  await labels.first().waitFor();
  assert.ok(await labels.count() >= 25, 'the entrance and every exhibit');
  await page.locator('figure.label', { hasText: '101' }).first().locator('svg').waitFor();
  assert.equal(await page.locator('figure.label svg').first().getAttribute('width'), '30mm');
  await page.getByLabel('Label size').selectOption('50');
  await page.waitForFunction(() => document.querySelector('figure.label svg')?.getAttribute('width') === '50mm');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.console-header').isVisible(), false);
  await page.pdf({ path: path.join(ARTIFACTS, 'console-labels.pdf'), format: 'A4' });
  await context.close();
});

test('the printed codes: a sheet per floor, A4 or A3, printed at the size of the paper exactly', async () => {
  const { context, page } = await desk();
  await signIn(page);
  await page.getByRole('link', { name: 'Printed codes' }).click();
  await page.locator('main:not([aria-busy]) h1', { hasText: 'Printed codes to print' }).waitFor();
  const sheets = page.locator('figure.marker-sheet');
  await sheets.first().waitFor();
  const svg = page.locator('figure.marker-sheet svg');
  assert.equal(await svg.first().getAttribute('viewBox'), '0 0 210.000 297.000');
  assert.equal(await svg.first().getAttribute('width'), '210.000mm');
  // the lift's code: its sheet, its number and name in large print, never a bitmap
  const lift = page.locator('figure.marker-sheet', { has: page.locator('g#marker-20') });
  assert.equal(await lift.count(), 1);
  assert.match(await lift.locator('figcaption').textContent(), /^Floor 1 \(the ground floor\), sheet \d+ of \d+: codes 20$/);
  assert.equal(await lift.locator('g#marker-20 text').nth(1).textContent(), 'Lift, ground floor');
  assert.equal(await page.locator('figure.marker-sheet image').count(), 0);
  assert.match(await page.getByRole('status').textContent(), /^\d+ codes on \d+ A4 sheets\./);

  await page.getByLabel('Paper', { exact: true }).selectOption('a3');
  await page.waitForFunction(() => document.querySelector('figure.marker-sheet svg')?.getAttribute('viewBox') === '0 0 297.000 420.000');
  await page.getByLabel('Floor', { exact: true }).selectOption('2');
  await page.waitForFunction(() => [...document.querySelectorAll('figure.marker-sheet figcaption')]
    .every((c) => c.textContent.startsWith('Floor 2 (the first floor)')));
  const count = await sheets.count();
  assert.ok(count >= 2);

  // printed: the chrome gone, each sheet exactly A3 (297 mm is 1122.5 CSS pixels), a page each
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.console-header').isVisible(), false);
  assert.equal(await page.getByLabel('Paper', { exact: true }).isVisible(), false);
  const box = await svg.first().boundingBox();
  assert.ok(Math.abs(box.width - 297 / 25.4 * 96) < 1, `${box.width} px wide`);
  assert.ok(Math.abs(box.height - 420 / 25.4 * 96) < 1, `${box.height} px high`);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'console-printed-codes-a3.pdf'), pdf);
  const pages = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
  assert.equal(pages.length, count, 'a page a sheet');
  for (const [, width, height] of pages) {
    assert.ok(Math.abs(Number(width) - 297 / 25.4 * 72) < 1, `${width} pt wide`);
    assert.ok(Math.abs(Number(height) - 420 / 25.4 * 72) < 1, `${height} pt high`);
  }
  await context.close();
});

/* a private system bus with python-dbusmock's bluetoothd (tests/bluez/), as fleet-test uses */
async function mockBluetoothd() {
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise((resolve, reject) => {
    let out = '';
    bus.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    bus.once('exit', () => reject(new Error('dbus-daemon exited')));
  });
  const env = Object.assign({}, process.env, { DBUS_SYSTEM_BUS_ADDRESS: address });
  // Debian's python3-dbusmock lives with Debian's python3
  const bluez = spawn('/usr/bin/python3', ['-m', 'dbusmock', '--template', path.join(sourceRoot, 'tests', 'bluez', 'sori_bluez5.py')],
    { stdio: 'ignore', env });
  const call = (object, method, ...args) => spawnSync('gdbus', ['call', '--address', address, '--dest', 'org.bluez',
    '--object-path', object, '--method', method, ...args], { encoding: 'utf8' });
  for (let i = 0; i < 100; i++) {
    if (call('/', 'org.bluez.Mock.AddAdvertisingAdapter', 'hci0', 'gallery-1').status === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address,
    call,
    stop() {
      bluez.kill('SIGTERM');
      bus.kill('SIGTERM');
    },
  };
}

test('the beacon table, from a mock bluetoothd: what is heard, with its signal, after the rest', async () => {
  const bluez = await mockBluetoothd();
  const fleet = await startSorid({ conf: ['fleet-monitor=true'], env: { DBUS_SYSTEM_BUS_ADDRESS: bluez.address } });
  try {
    const made = spawnSync(SORICTL, ['token', 'add', '--data-dir', path.join(fleet.tmp, 'venues'), '--name', 'fleet',
      '--venue', VENUE], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const fleetToken = made.stdout.trim().split('\n').pop();
    // the moon jar's iBeacon (major 1, minor 101), heard at -61 dBm
    const device = bluez.call('/', 'org.bluez.Mock.AddDevice', 'hci0', 'AA:BB:CC:DD:EE:01', '');
    assert.equal(device.status, 0, device.stderr);
    const devicePath = /'([^']+)'/.exec(device.stdout)[1];
    const ibeacon = [0x02, 0x15, 0x5a, 0x4b, 0xcf, 0xce, 0x17, 0x4e, 0x4b, 0xac, 0xa8, 0x14, 0x09, 0x2e, 0x77,
      0xf6, 0xb7, 0xe5, 0x00, 0x01, 0x00, 0x65, 0xc5].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ');
    const heard = async () => {
      const answer = await (await fetch(`${fleet.origin}/v1/admin/venues/${VENUE}/beacons`,
        { headers: { Authorization: `Bearer ${fleetToken}` } })).json();
      return (answer.beacons || []).find((b) => b.status === 'ok');
    };
    for (let i = 0; i < 50 && !(await heard()); i++) {
      bluez.call('/', 'org.bluez.Mock.Advertise', devicePath,
        `{'ManufacturerData': <{uint16 76: <[byte ${ibeacon}]>}>, 'RSSI': <int16 -61>}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const ok = await heard();
    assert.ok(ok, 'the fleet monitor heard the beacon');

    const context = await browser.newContext(DESK);
    const page = await context.newPage();
    await page.goto(`${fleet.origin}/admin/`);
    await page.getByLabel("Curator's token").fill(fleetToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedInOrRefused(page);
    await page.goto(`${fleet.origin}/admin/#/v/${VENUE}/beacons`);
    await page.locator('main:not([aria-busy]) h1', { hasText: 'Beacons' }).waitFor();
    const row = page.locator('tbody tr', { has: page.locator('th', { hasText: ok.id }) });
    assert.equal((await row.locator('td').nth(0).textContent()).trim(), 'ok');
    assert.equal((await row.locator('td').nth(3).textContent()).trim(), '-61 dBm');
    const statuses = await page.locator('tbody td:nth-child(2)').allTextContents();
    assert.equal(statuses[statuses.length - 1], 'ok', 'the beacons heard come after those that need looking at');
    assert.ok(statuses.length > 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-beacons-heard.png') });
    await context.close();
  } finally {
    await fleet.stop();
    bluez.stop();
  }
});

test('everything by keyboard: sign in, find an exhibit, edit, review', async () => {
  const { context, page } = await desk();
  await page.goto(`${origin}/admin/`);
  await heading(page);
  await tabTo(page, (f) => f.tag === 'INPUT' && f.type === 'password');
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await signedInOrRefused(page);
  assert.match(await heading(page), /^Exhibits of /);
  await tabTo(page, (f) => f.tag === 'INPUT' && f.type === 'search');
  await page.keyboard.type('102');
  await tabTo(page, (f) => f.tag === 'A' && /^[^#]/.test(f.text) && f.text !== 'Review and publish' && !['Exhibits', 'Publish', 'Revisions', 'Spreadsheet', 'Beacons', 'Labels', 'Usage', 'Venues', 'sori console', 'Skip to content'].includes(f.text));
  await page.keyboard.press('Enter');
  await page.locator('main:not([aria-busy]) h1', { hasText: /^Edit / }).waitFor();
  await tabTo(page, (f) => f.tag === 'INPUT' && f.label === 'Title (English)');
  await page.keyboard.press('End');
  await page.keyboard.type(' (by keyboard)');
  await tabTo(page, (f) => f.tag === 'A' && f.text === 'Review and publish');
  await page.keyboard.press('Enter');
  await page.locator('main:not([aria-busy]) h1', { hasText: 'Review and publish' }).waitFor();
  await page.getByText(/\(title\)/).waitFor();
  await context.close();
});

test('every text in its own language and direction: Arabic right to left, in lists and in the fields', async () => {
  const { context, page } = await desk();
  await signIn(page, languagesToken);
  await heading(page);
  // the list of exhibits: each title in each language, in its own element
  const listed = page.locator('tbody a span[lang="ar"]', { hasText: 'صفحة بالخط الكوفي' });
  await listed.waitFor();
  assert.equal(await listed.getAttribute('dir'), 'rtl');
  const english = page.locator('tbody a span[lang="en"]', { hasText: 'A page in Kufic script' });
  assert.equal(await english.getAttribute('dir'), 'ltr');
  assert.equal(await page.locator('tbody a span[lang="zh-Hant"]', { hasText: '庫法體書頁' }).getAttribute('dir'), 'ltr');
  // the editor: each language's field is written in that language's direction
  await page.getByRole('link', { name: /A page in Kufic script/ }).click();
  await page.locator('main:not([aria-busy]) h1', { hasText: /^Edit / }).waitFor();
  const title = page.locator('input[lang="ar"]').first();
  assert.equal(await title.inputValue(), 'صفحة بالخط الكوفي');
  assert.equal(await title.getAttribute('dir'), 'rtl');
  const description = page.getByLabel('Description (Arabic)', { exact: true });
  assert.equal(await description.getAttribute('lang'), 'ar');
  assert.equal(await description.getAttribute('dir'), 'rtl');
  assert.equal(await page.getByLabel('Title (English)', { exact: true }).getAttribute('dir'), 'ltr');
  assert.deepEqual(await axe(page), []);
  await context.close();
});

/* the museum's day, as a phone in Seoul has it */
function museumToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

test('usage: a table per kind, bars beside the numbers, small counts hidden', async () => {
  // seven phones open the padlocks (which no other test opens), two read its captions,
  // one asks the way to a toilet
  const day = museumToday();
  const post = (events) => fetch(`${origin}/v1/venues/${VENUE}/usage`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ day, events }),
  });
  for (let i = 0; i < 7; i++) {
    const events = [{ exhibit: 'lock-collection', feature: 'opened' }, { exhibit: 'lock-collection', feature: 'reached:qr' }];
    if (i < 2) events.push({ exhibit: 'lock-collection', feature: 'captions' });
    if (i === 0) events.push({ place: 'toilet-2', feature: 'directions:wheelchair' });
    assert.equal((await post(events)).status, 204);
  }
  const { context, page } = await desk();
  await signIn(page);
  await page.getByRole('link', { name: 'Usage' }).click();
  await page.locator('main:not([aria-busy]) h1', { hasText: 'How the guides are used' }).waitFor();
  const exhibits = page.getByRole('table', { name: 'Exhibits' });
  const row = exhibits.getByRole('row').filter({ hasText: 'Collection of Padlocks' });
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  // Opened, By number, By QR code, By beacon, From a list, By directions, By camera, Audio played, Captions
  assert.equal(cells[0], '7');
  assert.equal(cells[2], '7');
  assert.equal(cells[8], '< 5fewer than 5');
  assert.equal(await row.locator('td').nth(0).locator('meter').getAttribute('value'), '7');
  const directions = page.getByRole('table', { name: 'Directions asked, by who is going' });
  assert.match(await directions.getByRole('row').filter({ hasText: /toilet/i }).textContent(), /< 5/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'console-usage.png'), fullPage: true });
  // another period: a month long ago has nothing
  await page.getByLabel('Period', { exact: true }).selectOption('month');
  await page.getByLabel('Date', { exact: true }).fill('2020-02-10');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('heading', { name: 'Use of the guides, 2020-02-01 to 2020-02-29' }).waitFor();
  await page.getByText('Exhibits: nothing counted in this period.').waitFor();
  assert.doesNotMatch(await page.locator('main').textContent(), /null|undefined|NaN/);
  await context.close();
});

for (const [name, options] of [['light', { colorScheme: 'light' }], ['dark', { colorScheme: 'dark' }],
  ['high contrast', { colorScheme: 'light', contrast: 'more' }]]) {
  test(`axe-core finds no WCAG 2.2 AA violation on any console page, ${name}`, async () => {
    const { context, page } = await desk(options);
    const failures = [];
    await page.goto(`${origin}/admin/`);
    await heading(page);
    let violations = await axe(page);
    if (violations.length) failures.push(`sign in:\n  ${violations.join('\n  ')}`);
    await signIn(page);
    await heading(page);
    for (const [where, wait] of [['', 'table'], ['/e/0', '.problems-count'], ['/publish', 'main h1'],
      ['/revisions', 'table'], ['/sheet', 'main h1'], ['/beacons', 'table'], ['/labels', 'figure.label'],
      ['/codes', 'figure.marker-sheet'], ['/usage', 'table.usage']]) {
      await page.goto(`${origin}/admin/#/v/${VENUE}${where}`);
      await heading(page);
      await page.locator(wait).first().waitFor();
      await page.waitForLoadState('networkidle');
      violations = await axe(page);
      if (violations.length) failures.push(`${where || 'exhibits'}:\n  ${violations.join('\n  ')}`);
      await page.screenshot({ path: path.join(ARTIFACTS, `console${where.replace(/\//g, '-') || '-exhibits'}-${name.replace(' ', '-')}.png`) });
    }
    assert.deepEqual(failures, [], failures.join('\n'));
    await context.close();
  });
}

test('the console threw nothing, and asked nobody but sorid', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(thirdParty, []);
});
