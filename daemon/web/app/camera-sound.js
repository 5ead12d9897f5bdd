// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The camera's guiding sound: a short tick that repeats faster as the code
// is nearer the middle of the view and closer, heard from its side (a
// StereoPannerNode from its bearing), so that a blind visitor can turn and
// walk toward it. Web Audio only: made in the phone, nothing fetched.

const SLOWEST_MS = 1200;   // a code at the edge of the view, far away
const FASTEST_MS = 120;    // a code straight ahead, within a metre
const TICK_S = 0.05;
const FAR_M = 12;          // beyond this, distance makes it no slower
const HALF_FOV_DEG = 34;   // the edge of a phone's view

/** The pause between ticks for a code at @distanceM, @bearingDeg off straight ahead. */
export function interval(distanceM, bearingDeg) {
  const off = Math.min(1, Math.abs(bearingDeg) / HALF_FOV_DEG);
  const far = Math.min(1, Math.max(0, distanceM) / FAR_M);
  // nearness and being in front count alike
  const closeness = 1 - (0.5 * off + 0.5 * far);
  return Math.round(SLOWEST_MS - closeness * (SLOWEST_MS - FASTEST_MS));
}

/** The pan, -1 (left) to 1 (right), of a code @bearingDeg off straight ahead. */
export function pan(bearingDeg) {
  return Math.max(-1, Math.min(1, bearingDeg / HALF_FOV_DEG));
}

/**
 * A guide tone that follows the nearest code: guide({distance, bearing}) as
 * codes are found, guide(null) when none is in view; stop() ends it. The
 * AudioContext is made at the first start(), inside the visitor's tap, as
 * Safari asks.
 */
export function createSound() {
  let audio = null;
  let target = null;
  let timer = 0;
  let on = false;

  function tick() {
    timer = 0;
    if (!on || !target || !audio) return;
    const t0 = audio.currentTime;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    const panner = typeof audio.createStereoPanner === 'function' ? audio.createStereoPanner() : null;
    osc.type = 'sine';
    // higher when straight ahead
    osc.frequency.value = 660 + 440 * (1 - Math.min(1, Math.abs(target.bearing) / HALF_FOV_DEG));
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.3, t0 + 0.005);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + TICK_S);
    osc.connect(gain);
    if (panner) {
      panner.pan.value = pan(target.bearing);
      gain.connect(panner).connect(audio.destination);
    } else {
      gain.connect(audio.destination);
    }
    osc.start(t0);
    osc.stop(t0 + TICK_S + 0.01);
    timer = setTimeout(tick, interval(target.distance, target.bearing));
  }

  return {
    /** Inside a tap: the audio may start. */
    start() {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      if (!audio) audio = new Context();
      if (audio.state === 'suspended') audio.resume().catch(() => {});
      on = true;
    },
    guide(next) {
      target = next;
      if (on && target && !timer) tick();
    },
    stop() {
      on = false;
      target = null;
      clearTimeout(timer);
      timer = 0;
      if (audio) audio.suspend().catch(() => {});
    },
  };
}
