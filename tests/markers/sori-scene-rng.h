/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene generator's PRNG: splitmix64 seeds xoshiro256**, so that every
 * frame is a function of its parameters and seed alone (never rand()).
 * Inline: the sensor noise draws a million numbers a frame.
 */
#pragma once

#include <glib.h>

typedef struct {
	guint64 s[4];
} Rng;

static inline guint64
splitmix64(guint64 *state)
{
	guint64 z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void
rng_init(Rng *rng, guint64 seed)
{
	guint64 state = seed;
	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&state);
}

static inline guint64
rotl(guint64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline guint64
rng_next(Rng *rng)
{
	guint64 *s = rng->s;
	guint64 result = rotl(s[1] * 5, 7) * 9;
	guint64 t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* uniform in [0, 1) */
static inline double
rng_double(Rng *rng)
{
	return (rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

static inline double
rng_range(Rng *rng, double lo, double hi)
{
	return lo + (hi - lo) * rng_double(rng);
}

/* uniform in [0, n) */
static inline int
rng_int(Rng *rng, int n)
{
	return (int) (rng_double(rng) * n);
}

static inline gboolean
rng_chance(Rng *rng, double p)
{
	return rng_double(rng) < p;
}

/* nearly Gaussian (the sum of four uniforms, unit variance), one draw: for
 * a frame's million pixels of sensor noise */
static inline double
rng_gaussian_fast(Rng *rng)
{
	guint64 r = rng_next(rng);
	double sum = (double) (r & 0xffff) + (double) ((r >> 16) & 0xffff)
		     + (double) ((r >> 32) & 0xffff) + (double) (r >> 48);
	return (sum / 65536.0 - 2.0) * 1.7320508075688772;
}
