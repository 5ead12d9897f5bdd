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

/* an error for @request, its frame (if it had one) given back */
function fail(message, request) {
  const grey = request && request.grey instanceof ArrayBuffer ? request.grey : undefined;
  self.postMessage({ type: 'error', message: String(message), id: request ? request.id : undefined, grey },
    grey ? [grey] : []);
}

async function handleDetect(request) {
  const { grey, width, height } = request;
  let detector;
  try {
    detector = await detectorReady;
  } catch (error) {
    fail(`the detector did not load: ${error.message}`, request);
    return;
  }
  if (!(grey instanceof ArrayBuffer)) {
    fail('grey is an ArrayBuffer of the frame\'s luminance', request);
    return;
  }
  try {
    const started = performance.now();
    const detections = detector.detect(new Uint8Array(grey), width, height, request.size_mm, request.fov_deg);
    self.postMessage({ type: 'result', id: request.id, detections, ms: performance.now() - started, grey }, [grey]);
  } catch (error) {
    fail(error.message, request);
  }
}

// one request at a time, in order
let queue = Promise.resolve();

self.onmessage = (event) => {
  const request = event.data;
  if (request === null || typeof request !== 'object' || request.type !== 'detect') {
    queue = queue.then(() => fail('the worker takes {type: \'detect\', …} messages only', null));
    return;
  }
  queue = queue.then(() => handleDetect(request));
};
