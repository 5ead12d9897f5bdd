// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The printed codes' detector compiled to WebAssembly, under Node, through
// the very file the camera page's worker is (daemon/web/app/marker-worker.js):
// on the scene generator's frames it finds exactly what the native build
// finds (sorictl marker detect), the same numbers to the last bit; sorid
// serves it as the worker fetches it; it refuses what is not a frame; the
// worker itself (marker-worker.js) answers as its protocol says.
//
// Environment: SORI_SCENE (tests/markers/sori-scene), SORICTL, SORID and
// SORI_MARKER_WASM (the built lib/marker/sori-marker.wasm).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';

import { sourceRoot, startSorid } from './sorid.mjs';

const require = createRequire(import.meta.url);
const markerWasm = require(path.join(sourceRoot, 'daemon', 'web', 'app', 'marker-worker.js'));

const SCENE = process.env.SORI_SCENE;
const SORICTL = process.env.SORICTL;
const WASM = process.env.SORI_MARKER_WASM;
// natively and in wasm the same IEEE doubles, with no fused multiply-add on
// either side: they should agree exactly; this is the most they may differ
const TOLERANCE = 1e-9;

let tmp;
let detector;

/** A binary PGM (P5, 8-bit) as the scene generator writes it. */
function readPgm(file) {
  const bytes = fs.readFileSync(file);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  assert.ok(header, `${file} is a P5 PGM`);
  const [whole, width, height, maxval] = header;
  assert.equal(Number(maxval), 255);
  const grey = new Uint8Array(bytes.buffer, bytes.byteOffset + whole.length, Number(width) * Number(height));
  return { width: Number(width), height: Number(height), grey: new Uint8Array(grey) };
}

function scene(...args) {
  execFileSync(SCENE, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** sorictl marker detect over @files: the lines, by file. */
function detectNative(files, options = []) {
  const out = execFileSync(SORICTL, ['marker', 'detect', ...options, ...files],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const byFile = new Map(files.map((f) => [f, []]));
  for (const line of out.split('\n').filter((l) => l !== '')) {
    const detection = JSON.parse(line);
    byFile.get(detection.file).push(detection);
  }
  return byFile;
}

function assertClose(actual, expected, what) {
  assert.ok(Number.isFinite(actual), `${what}: ${actual} is a number`);
  assert.ok(Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected)),
    `${what}: wasm ${actual}, native ${expected}`);
}

function assertSame(wasm, native, file) {
  assert.equal(wasm.length, native.length, `${file}: wasm found ${wasm.length} codes, native ${native.length}`);
  for (let i = 0; i < wasm.length; i++) {
    const w = wasm[i];
    const n = native[i];
    const what = `${file} #${i}`;
    assert.equal(w.id, n.id, `${what}: id`);
    assert.equal(w.clock, n.clock, `${what}: clock`);
    for (let axis = 0; axis < 2; axis++) {
      assertClose(w.centre[axis], n.centre[axis], `${what}: centre`);
    }
    for (let c = 0; c < 4; c++) {
      for (let axis = 0; axis < 2; axis++) {
        assertClose(w.corners[c][axis], n.corners[c][axis], `${what}: corner ${c}`);
      }
    }
    assertClose(w.distance_m, n.distance_m, `${what}: distance`);
    assertClose(w.bearing_deg, n.bearing_deg, `${what}: bearing`);
    assertClose(w.width_px, n.width_px, `${what}: width`);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

before(async () => {
  for (const [name, value] of Object.entries({ SORI_SCENE: SCENE, SORICTL, SORI_MARKER_WASM: WASM })) {
    assert.ok(value && fs.existsSync(value), `${name} names a built file`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-marker-wasm-'));
  detector = await markerWasm.load(fs.readFileSync(WASM));
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('native and wasm find the same codes in varied frames, bit for bit', (t) => {
  const dir = path.join(tmp, 'set');
  scene('set', '--out', dir, '--count', '48', '--seed', '23');
  scene('set', '--out', dir, '--count', '12', '--seed', '23', '--kind', 'negative');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort().map((f) => path.join(dir, f));
  assert.equal(files.length, 60);
  const native = detectNative(files);
  const times = [];
  let found = 0;
  for (const file of files) {
    const frame = readPgm(file);
    const started = performance.now();
    const wasm = detector.detect(frame.grey, frame.width, frame.height, 150, 68);
    times.push(performance.now() - started);
    assertSame(wasm, native.get(file), path.basename(file));
    found += wasm.length;
  }
  // the comparison means something only when codes are found
  assert.ok(found >= 24, `codes found in the 48 varied frames: ${found}`);
  t.diagnostic(`${found} codes found alike; wasm ${median(times).toFixed(1)} ms a 1280×720 frame (median)`);
});

test('both find the code where the truth says, at its distance and clock hour', () => {
  const cases = [
    // id:size_mm:distance_m:bearing_deg:yaw:roll
    ['17:150:1.5:0', []],
    ['2114:150:4:-25:30:10', ['--noise', '3']],
    ['0:100:2:25:-40:-60', ['--blur', '0.8']],
    ['1234:200:6:12:0:180', ['--dim']],
    ['900:150:3:-10:35:5', ['--uneven', '--noise', '2']],
  ];
  const files = [];
  const truths = new Map();
  for (const [index, [code, options]] of cases.entries()) {
    const file = path.join(tmp, `known-${index}.pgm`);
    const truth = path.join(tmp, `known-${index}.json`);
    scene('frame', '--out', file, '--truth', truth, '--seed', String(index + 1), ...options, '--code', code);
    files.push(file);
    truths.set(file, JSON.parse(fs.readFileSync(truth, 'utf8')).codes[0]);
  }
  for (const [index, file] of files.entries()) {
    const size = Number(cases[index][0].split(':')[1]);
    const native = detectNative([file], ['--size-mm', String(size)]);
    const frame = readPgm(file);
    const truth = truths.get(file);
    const wasm = detector.detect(frame.grey, frame.width, frame.height, size, 68);
    assertSame(wasm, native.get(file), path.basename(file));
    assert.equal(wasm.length, 1, `${path.basename(file)}: one code`);
    const [found] = wasm;
    assert.equal(found.id, truth.id);
    assert.ok(Math.hypot(found.centre[0] - truth.centre[0], found.centre[1] - truth.centre[1]) < 3,
      `centre ${found.centre} against ${truth.centre}`);
    assert.ok(Math.abs(found.distance_m - truth.distance_m) <= 0.1 * truth.distance_m,
      `distance ${found.distance_m} against ${truth.distance_m}`);
    assert.equal(found.clock, truth.clock);
  }
});

test('frames of any size in turn: memory grows, smaller frames after larger ones read the same', () => {
  const small = path.join(tmp, 'small.pgm');
  const large = path.join(tmp, 'large.pgm');
  scene('frame', '--out', small, '--width', '640', '--height', '480', '--code', '42:150:1.2:5');
  scene('frame', '--out', large, '--width', '3840', '--height', '2160', '--code', '43:150:3:-5');
  const a = readPgm(small);
  const b = readPgm(large);
  const first = detector.detect(a.grey, a.width, a.height, 150, 68);
  const before = detector.memoryBytes();
  const big = detector.detect(b.grey, b.width, b.height, 150, 68);
  assert.ok(detector.memoryBytes() > before, 'the memory grew for a 4K frame');
  const again = detector.detect(a.grey, a.width, a.height, 150, 68);
  assert.deepEqual(again, first);
  assert.deepEqual(first.map((d) => d.id), [42]);
  assert.deepEqual(big.map((d) => d.id), [43]);
  const native = detectNative([small, large]);
  assertSame(first, native.get(small), 'small.pgm');
  assertSame(big, native.get(large), 'large.pgm');
  // the largest frame the detector takes, 4096 × 4096, blank
  assert.deepEqual(detector.detect(new Uint8Array(4096 * 4096), 4096, 4096, 150, 68), []);
});

test('what is not a frame is refused, and the detector still works after', () => {
  const refused = [
    [new Uint8Array(15 * 16), 15, 16],
    [new Uint8Array(4097 * 16), 4097, 16],
    [new Uint8Array(16 * 16), 16.5, 16],
    [new Uint8Array(16 * 16 - 1), 16, 16],
    [new Uint8Array(16 * 16 + 1), 16, 16],
    [new Float32Array(16 * 16), 16, 16],
    [[0, 0, 0], 16, 16],
    [new Uint8Array(16 * 16), -16, -16],
    [new Uint8Array(16 * 16), NaN, 16],
  ];
  for (const [grey, width, height] of refused) {
    assert.throws(() => detector.detect(grey, width, height, 150, 68), /frame/);
  }
  for (const [size, fov] of [[0, 68], [150, 0], [150, 180], [NaN, 68], [150, Infinity], [-1, 68]]) {
    assert.throws(() => detector.detect(new Uint8Array(32 * 32), 32, 32, size, fov), RangeError);
  }
  const frame = readPgm(path.join(tmp, 'small.pgm'));
  assert.deepEqual(detector.detect(frame.grey, frame.width, frame.height, 150, 68).map((d) => d.id), [42]);
});

test('sorid serves the wasm as the worker fetches it, and it loads streamed', async () => {
  const sorid = await startSorid();
  try {
    const response = await fetch(`${sorid.origin}/app/sori-marker.wasm`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/wasm');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.ok(response.headers.get('etag'));
    const served = Buffer.from(await response.arrayBuffer());
    assert.ok(served.equals(fs.readFileSync(WASM)), 'the bytes built');
    for (const name of ['marker-worker.js']) {
      const script = await fetch(`${sorid.origin}/app/${name}`);
      assert.equal(script.status, 200);
      assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(await script.text(), fs.readFileSync(path.join(sourceRoot, 'daemon', 'web', 'app', name), 'utf8'));
    }
    // kept by the service worker, so that the camera works offline too
    const worker = await (await fetch(`${sorid.origin}/sw.js`)).text();
    for (const name of ['sori-marker.wasm', 'marker-worker.js']) {
      assert.ok(worker.includes(`"/app/${name}"`), `sw.js keeps ${name}`);
    }
    // fetched from sorid by URL, as the worker loads it
    const streamed = await markerWasm.load(`${sorid.origin}/app/sori-marker.wasm`);
    const frame = readPgm(path.join(tmp, 'small.pgm'));
    assert.deepEqual(streamed.detect(frame.grey, frame.width, frame.height, 150, 68).map((d) => d.id), [42]);
    await assert.rejects(markerWasm.load(`${sorid.origin}/app/no-such.wasm`), /404/);
  } finally {
    await sorid.stop();
  }
});

/**
 * daemon/web/app/marker-worker.js as a browser runs it, in a context of its
 * own with a worker's globals: importScripts, self.location, fetch (here
 * @fetchWasm's), postMessage (recorded).
 */
function startWorker(fetchWasm) {
  const appDir = path.join(sourceRoot, 'daemon', 'web', 'app');
  const sent = [];
  let notify = () => {};
  const scope = {
    // one realm's buffers and arrays, as in a browser
    ArrayBuffer, Uint8Array, Uint8ClampedArray, Float64Array, URL, WebAssembly, performance, console,
    location: { href: 'https://guide.example.org/app/marker-worker.js' },
    fetch: fetchWasm,
    postMessage(message, transfer) {
      sent.push({ message, transfer });
      notify();
    },
    importScripts(...names) {
      for (const name of names) {
        vm.runInContext(fs.readFileSync(path.join(appDir, name), 'utf8'), scope, { filename: name });
      }
    },
  };
  scope.self = scope;
  vm.createContext(scope);
  vm.runInContext(fs.readFileSync(path.join(appDir, 'marker-worker.js'), 'utf8'), scope,
    { filename: 'marker-worker.js' });
  return {
    sent,
    post(data) {
      scope.onmessage({ data });
    },
    async replies(n) {
      while (sent.length < n) await new Promise((resolve) => { notify = resolve; });
      return sent.splice(0, n);
    },
  };
}

test('the worker answers the camera page as its protocol says, in order, with the frame given back', async () => {
  const wasmBytes = fs.readFileSync(WASM);
  const fetched = [];
  const worker = startWorker(async (url) => {
    fetched.push(String(url));
    return new Response(wasmBytes, { headers: { 'Content-Type': 'application/wasm' } });
  });
  const frame = readPgm(path.join(tmp, 'small.pgm'));
  const request = (id, extra = {}) => {
    const grey = new ArrayBuffer(frame.grey.length);
    new Uint8Array(grey).set(frame.grey);
    return Object.assign({ type: 'detect', id, width: frame.width, height: frame.height, grey, size_mm: 150, fov_deg: 68 }, extra);
  };

  const first = request('frame-1');
  worker.post(first);
  const [{ message, transfer }] = await worker.replies(1);
  assert.deepEqual(fetched, ['https://guide.example.org/app/sori-marker.wasm']);
  assert.equal(message.type, 'result');
  assert.equal(message.id, 'frame-1');
  assert.ok(message.ms >= 0 && message.ms < 10000, `ms ${message.ms}`);
  assert.equal(message.grey, first.grey, 'the frame given back');
  assert.deepEqual([...transfer], [first.grey], 'and transferred');
  assert.equal(message.detections.length, 1);
  const [detection] = message.detections;
  assert.deepEqual(Object.keys(detection).sort(),
    ['bearing_deg', 'centre', 'clock', 'corners', 'distance_m', 'id', 'width_px']);
  assert.equal(detection.id, 42);
  assert.equal(detection.corners.length, 4);
  // what the native build says of the same frame
  assertSame(message.detections.map((d) => Object.assign({}, d)), detectNative([path.join(tmp, 'small.pgm')]).get(path.join(tmp, 'small.pgm')), 'worker');

  // one at a time, in order, a bad request among them answered as an error with its id and frame
  const bad = request(2, { width: 10 });
  worker.post(request(1));
  worker.post(bad);
  worker.post(request(3, { size_mm: -5 }));
  worker.post(request(4));
  worker.post({ type: 'detect', id: 5, width: 16, height: 16, grey: new Uint8Array(256), size_mm: 150, fov_deg: 68 });
  worker.post({ type: 'something else' });
  worker.post(null);
  const replies = await worker.replies(7);
  assert.deepEqual(replies.map((r) => [r.message.type, r.message.id]).slice(0, 5),
    [['result', 1], ['error', 2], ['error', 3], ['result', 4], ['error', 5]]);
  assert.match(replies[1].message.message, /frame/);
  assert.equal(replies[1].message.grey, bad.grey);
  assert.deepEqual([...replies[1].transfer], [bad.grey]);
  assert.match(replies[4].message.message, /ArrayBuffer/);
  // messages of no such type: an error each, with nothing to give back
  for (const reply of replies.slice(5)) {
    assert.equal(reply.message.type, 'error');
    assert.match(reply.message.message, /detect/);
    assert.deepEqual([...reply.transfer], []);
  }
  assert.equal(fetched.length, 1, 'the wasm fetched once');
});

test('when the detector cannot load, the worker says so to each request', async () => {
  const worker = startWorker(async () => new Response('no such file', { status: 404 }));
  const grey = new ArrayBuffer(32 * 32);
  worker.post({ type: 'detect', id: 1, width: 32, height: 32, grey, size_mm: 150, fov_deg: 68 });
  worker.post({ type: 'detect', id: 2, width: 32, height: 32, grey: new ArrayBuffer(32 * 32), size_mm: 150, fov_deg: 68 });
  const replies = await worker.replies(2);
  for (const [i, { message }] of replies.entries()) {
    assert.equal(message.type, 'error');
    assert.equal(message.id, i + 1);
    assert.match(message.message, /did not load.*404/);
  }
  assert.equal(replies[0].message.grey, grey);
});
