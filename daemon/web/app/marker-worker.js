// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The printed codes' detector, sori's own C compiled to WebAssembly
// (sori-marker.wasm, from lib/marker/sori-marker-wasm.c), and the camera
// page's Web Worker that runs it off the main thread, finding the codes in the
// frames the page sends. Nothing leaves the phone: frames come in, numbers go
// back, nothing is kept. The Node tests and benchmark require() this same file
// for its load().
//
// A classic worker (module workers came late to Safari): new
// Worker('/app/marker-worker.js'). The page's and this file's
// Content-Security-Policy need worker-src 'self' and, to compile the
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

(function (root) {
  'use strict';

  // a detection is FIELDS doubles, as sori-marker-wasm.c writes them: id, hamming, centre x and y,
  // the four corners' x and y, distance, bearing, clock hour, width in pixels, margin
  const FIELDS = 17;

  function wrap(instance) {
    const exports = instance.exports;
    if (exports.sori_wasm_result_fields() !== FIELDS) {
      throw new Error('sori-marker.wasm does not lay detections out as marker-worker.js reads them');
    }
    return {
      /**
       * Finds every code in a grey frame: @grey a Uint8Array of @width × @height bytes, rows
       * packed; @sizeMm the codes' printed size, @fovDeg the camera's field of view across.
       * The detector checks the frame's size (SORI_MARKER_FRAME_MIN to _MAX) and the camera's.
       * Returns [{id, centre: [x, y], corners: [[x, y] × 4], distance_m,
       *   bearing_deg, clock, width_px}], nearest first.
       */
      detect(grey, width, height, sizeMm, fovDeg) {
        if (!(grey instanceof Uint8Array || grey instanceof Uint8ClampedArray) || !Number.isInteger(width)
            || !Number.isInteger(height) || grey.length !== width * height) {
          throw new RangeError(`a ${width}×${height} frame is a Uint8Array of ${width * height} grey bytes`);
        }
        const frame = exports.sori_wasm_frame(width, height);
        if (frame === 0) {
          throw new RangeError(`no room for a ${width}×${height} frame (16 to 4096 pixels either way)`);
        }
        // after sori_wasm_frame(): it may have grown the memory, detaching older views
        new Uint8Array(exports.memory.buffer, frame, width * height).set(grey);
        const n = exports.sori_wasm_detect(width, height, sizeMm, fovDeg);
        if (n < 0) {
          throw new RangeError(`the detector refused the camera: the codes' size is positive millimetres and `
            + `the field of view 1 to 179 degrees (status ${n})`);
        }
        const flat = new Float64Array(exports.memory.buffer, exports.sori_wasm_results(), n * FIELDS);
        const detections = [];
        for (let i = 0; i < n; i++) {
          const r = flat.subarray(i * FIELDS, (i + 1) * FIELDS);
          const corners = [[r[4], r[5]], [r[6], r[7]], [r[8], r[9]], [r[10], r[11]]];
          detections.push({ id: r[0], centre: [r[2], r[3]], corners, distance_m: r[12], bearing_deg: r[13],
            clock: r[14], width_px: r[15] });
        }
        return detections;
      },
      /** The wasm memory's size in bytes (it grows with the largest frame seen). */
      memoryBytes() {
        return exports.memory.buffer.byteLength;
      },
    };
  }

  /**
   * Compiles and instantiates the detector.
   * source: the wasm's bytes (an ArrayBuffer or typed array), or a URL to fetch. It is read
   * whole, not streamed: at 54 KB streaming gains nothing, and a proxy that changed the type
   * would make instantiateStreaming() fail.
   */
  async function load(source) {
    if (typeof source === 'string' || source instanceof URL) {
      const response = await fetch(source);
      if (!response.ok) {
        throw new Error(`fetching ${source}: HTTP ${response.status}`);
      }
      source = await response.arrayBuffer();
    }
    const { instance } = await WebAssembly.instantiate(source, {});
    return wrap(instance);
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { load };
    return;
  }

  // fetched beside this file: /app/sori-marker.wasm
  const detectorReady = load(new URL('sori-marker.wasm', root.location.href).href);
  // a failed load is reported with each request, not as an unhandled rejection
  detectorReady.catch(() => {});

  /* an error for @request, its frame (if it had one) given back */
  function fail(message, request) {
    const grey = request && request.grey instanceof ArrayBuffer ? request.grey : undefined;
    root.postMessage({ type: 'error', message: String(message), id: request ? request.id : undefined, grey },
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
      root.postMessage({ type: 'result', id: request.id, detections, ms: performance.now() - started, grey }, [grey]);
    } catch (error) {
      fail(error.message, request);
    }
  }

  // one request at a time, in order
  let queue = Promise.resolve();

  root.onmessage = (event) => {
    const request = event.data;
    if (request === null || typeof request !== 'object' || request.type !== 'detect') {
      queue = queue.then(() => fail('the worker takes {type: \'detect\', …} messages only', null));
      return;
    }
    queue = queue.then(() => handleDetect(request));
  };
})(typeof self !== 'undefined' ? self : globalThis);
