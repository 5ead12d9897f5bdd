/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The few mathematical functions the detector needs, without libc or
 * <math.h>: only + - * / and the square root, which is one instruction on
 * x86-64 and on wasm32, so that native and WebAssembly builds compute the
 * very same doubles (with -ffp-contract=off).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define SORI_MARKER_PI 3.14159265358979323846

static inline double
sori_marker_abs(double x)
{
	return x < 0 ? -x : x;
}

static inline double
sori_marker_sqrt(double x)
{
	return x > 0 ? __builtin_sqrt(x) : 0;
}

static inline double
sori_marker_min(double a, double b)
{
	return a < b ? a : b;
}

static inline double
sori_marker_max(double a, double b)
{
	return a > b ? a : b;
}

static inline double
sori_marker_clamp(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

/* the largest integer not above x, for |x| < 2^31 (callers clamp first) */
static inline int
sori_marker_floor(double x)
{
	int i = (int) x;
	return (double) i > x ? i - 1 : i;
}

static inline int
sori_marker_round(double x)
{
	return sori_marker_floor(x + 0.5);
}

/* atan for 0 <= x <= 1: two half-angle steps bring x under tan(π/16), where
 * the odd series converges to far below a double's precision */
static inline double
sori_marker_atan_unit(double x)
{
	for (int i = 0; i < 2; i++)
		x = x / (1 + sori_marker_sqrt(1 + x * x));
	double x2 = x * x;
	double term = x;
	double sum = x;
	for (int k = 3; k <= 27; k += 2) {
		term = -term * x2;
		sum += term / k;
	}
	return 4 * sum;
}

static inline double
sori_marker_atan2(double y, double x)
{
	double ax = sori_marker_abs(x);
	double ay = sori_marker_abs(y);
	if (ax == 0 && ay == 0)
		return 0;
	double a = ay <= ax ? sori_marker_atan_unit(ay / ax)
			    : SORI_MARKER_PI / 2 - sori_marker_atan_unit(ax / ay);
	if (x < 0)
		a = SORI_MARKER_PI - a;
	return y < 0 ? -a : a;
}

/* the bits set in a 64-bit word, without the compiler's library helper */
static inline int
sori_marker_popcount(uint64_t v)
{
	v = v - ((v >> 1) & 0x5555555555555555ULL);
	v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (int) ((v * 0x0101010101010101ULL) >> 56);
}

static inline void
sori_marker_zero(void *p, size_t n)
{
	volatile uint8_t *b = p; /* volatile: never lowered to a memset call */
	for (size_t i = 0; i < n; i++)
		b[i] = 0;
}
