// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The printed codes' detector, compiled to WebAssembly (sori-marker.wasm,
// from lib/marker/sori-marker-wasm.c), called from JavaScript: the Web Worker
// (marker-worker.js) and the Node tests and benchmark load this same file.
// A classic script, not a module, so that a classic worker can importScripts()
// it (module workers came late to Safari): in a worker it defines
// self.SoriMarkerWasm, under Node module.exports.

(function (root) {
  'use strict';

  // a detection is FIELDS doubles, as sori-marker-wasm.c writes them: id, hamming, centre x and y,
  // the four corners' x and y, distance, bearing, clock hour, width in pixels, margin
  const FIELDS = 17;

  function wrap(instance) {
    const exports = instance.exports;
    if (exports.sori_wasm_result_fields() !== FIELDS) {
      throw new Error('sori-marker.wasm does not lay detections out as marker-wasm.js reads them');
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
   * source: the wasm's bytes (an ArrayBuffer or typed array), a compiled
   * WebAssembly.Module, or a URL to fetch (streamed when the server says
   * application/wasm, read whole otherwise).
   */
  async function load(source) {
    if (source instanceof WebAssembly.Module) {
      return wrap(await WebAssembly.instantiate(source, {}));
    }
    if (typeof source === 'string' || source instanceof URL) {
      if (typeof WebAssembly.instantiateStreaming === 'function') {
        try {
          const { instance } = await WebAssembly.instantiateStreaming(fetch(source), {});
          return wrap(instance);
        } catch (error) {
          // a proxy that changed the type, or a browser without streaming: read it whole
        }
      }
      const response = await fetch(source);
      if (!response.ok) {
        throw new Error(`fetching ${source}: HTTP ${response.status}`);
      }
      source = await response.arrayBuffer();
    }
    const { instance } = await WebAssembly.instantiate(source, {});
    return wrap(instance);
  }

  const api = { load };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.SoriMarkerWasm = api;
  }
})(typeof self !== 'undefined' ? self : globalThis);
