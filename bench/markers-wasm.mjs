// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// bench/markers' WebAssembly half: the detector as the camera page's worker
// runs it (daemon/web/app/marker-worker.js's load()), under Node, on the frames the C
// half wrote (raw grey bytes, one frame after another). Prints
// marker_ms_720p_wasm, the median time of one frame's detection.
//
//   node bench/markers-wasm.mjs SORI_MARKER_WASM FRAMES WIDTH HEIGHT

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const [wasmPath, framesPath, widthText, heightText] = process.argv.slice(2);
if (!wasmPath || !framesPath || !widthText || !heightText) {
  console.error('usage: node bench/markers-wasm.mjs SORI_MARKER_WASM FRAMES WIDTH HEIGHT');
  process.exit(2);
}
const width = Number(widthText);
const height = Number(heightText);
const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const markerWasm = require(path.join(top, 'daemon', 'web', 'app', 'marker-worker.js'));

const detector = await markerWasm.load(fs.readFileSync(wasmPath));
const frames = fs.readFileSync(framesPath);
const size = width * height;
const count = Math.floor(frames.length / size);
if (count === 0 || frames.length !== count * size) {
  console.error(`bench/markers-wasm: ${framesPath} is not whole ${width}×${height} frames`);
  process.exit(1);
}
const frame = (i) => new Uint8Array(frames.buffer, frames.byteOffset + i * size, size);
// the first call grows the memory and compiles lazily in some engines: not timed
detector.detect(frame(0), width, height, 150, 68);
const times = [];
const cpuTimes = [];
let found = 0;
for (let i = 0; i < count; i++) {
  const grey = frame(i);
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  found += detector.detect(grey, width, height, 150, 68).length;
  times.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuStarted);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
console.error(`# wasm: ${count} frames, ${found} codes found; processor time, median: ${cpuTimes[Math.floor(count / 2)].toFixed(1)} ms`);
console.log(`marker_ms_720p_wasm: ${times[Math.floor(count / 2)].toFixed(1)}`);
