// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The camera page's Web Worker: finds the printed codes in the frames the
// page sends, with the detector compiled to WebAssembly, off the main thread.
// Nothing leaves the phone: frames come in, numbers go back, nothing is kept.
//
// A classic worker: new Worker('/app/marker-worker.js'). The page's and this
// file's Content-Security-Policy need worker-src 'self' and, to compile the
// WebAssembly, script-src 'wasm-unsafe-eval'.
//
// Protocol:
//   page → worker  {type: 'detect', id, width, height, grey: ArrayBuffer, size_mm, fov_deg}
//                  grey: width × height bytes of luminance, rows packed, transferred
//   worker → page  {type: 'result', id, detections: [{id, centre: [x, y],
//                   corners: [[x, y] × 4], distance_m, bearing_deg, clock, width_px}],
//                   ms, grey}  (grey transferred back, for the next frame)
//               or {type: 'error', message, id, grey}  (id and grey when the
//                   request had them)
// Requests are answered in order, one at a time.

/* global importScripts, SoriMarkerWasm */
importScripts('marker-wasm.js');

// fetched beside this file: /app/sori-marker.wasm
const detectorReady = SoriMarkerWasm.load(new URL('sori-marker.wasm', self.location.href).href);
// a failed load is reported with each request, not as an unhandled rejection
detectorReady.catch(() => {});

function fail(message, request, transfer) {
  const reply = { type: 'error', message: String(message) };
  if (request && request.id !== undefined) {
    reply.id = request.id;
  }
  if (transfer.length > 0) {
    reply.grey = transfer[0];
  }
  self.postMessage(reply, transfer);
}

async function handleDetect(request) {
  const grey = request.grey;
  const transfer = grey instanceof ArrayBuffer ? [grey] : [];
  let detector;
  try {
    detector = await detectorReady;
  } catch (error) {
    fail(`the detector did not load: ${error.message}`, request, transfer);
    return;
  }
  if (!(grey instanceof ArrayBuffer)) {
    fail('grey is an ArrayBuffer of the frame\'s luminance', request, transfer);
    return;
  }
  try {
    const started = performance.now();
    const found = detector.detect(new Uint8Array(grey), request.width, request.height,
      request.size_mm, request.fov_deg);
    const ms = performance.now() - started;
    const detections = found.map((d) => ({
      id: d.id,
      centre: d.centre,
      corners: d.corners,
      distance_m: d.distance_m,
      bearing_deg: d.bearing_deg,
      clock: d.clock,
      width_px: d.width_px,
    }));
    self.postMessage({ type: 'result', id: request.id, detections, ms, grey }, [grey]);
  } catch (error) {
    fail(error.message, request, transfer);
  }
}

// one request at a time, in order
let queue = Promise.resolve();

self.onmessage = (event) => {
  const request = event.data;
  if (request === null || typeof request !== 'object' || request.type !== 'detect') {
    queue = queue.then(() => fail('the worker takes {type: \'detect\', …} messages only', null, []));
    return;
  }
  queue = queue.then(() => handleDetect(request));
};
