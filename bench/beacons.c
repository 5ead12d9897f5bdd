/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bench/beacons (the C half): frames decoded per second and EID resolutions
 * per second with 10,000 registered beacons, on one core. Each figure is the
 * median of 5 rounds of about half a second.
 */

#include "config.h"

#include "sori-bench.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sori-beacon-frame.h"
#include "sori-eid-resolver.h"

#define ROUNDS    5
#define N_BEACONS 10000

static gdouble
bench_decode(void)
{
	/* what a scanner hears in a gallery: iBeacon, UID, EID and TLM */
	static const guint8 payloads[4][31] = {
		{ 0x02, 0x01, 0x06, 0x1a, 0xff, 0x4c, 0x00, 0x02, 0x15, 0xe2,
		  0xc5, 0x6d, 0xb5, 0xdf, 0xfb, 0x48, 0xd2, 0xb0, 0x60, 0xd0,
		  0xf5, 0xa7, 0x10, 0x96, 0xe0, 0x00, 0x01, 0x00, 0x65, 0xc5 },
		{ 0x02, 0x01, 0x06, 0x03, 0x03, 0xaa, 0xfe, 0x17, 0x16, 0xaa, 0xfe,
		  0x00, 0xe7, 0x6a, 0x3b, 0x1c, 0x0e, 0x9d, 0x2f, 0x4a, 0x5b, 0x8c,
		  0x7d, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00 },
		{ 0x02, 0x01, 0x06, 0x03, 0x03, 0xaa, 0xfe, 0x0d, 0x16, 0xaa, 0xfe,
		  0x30, 0xf0, 0x88, 0x16, 0x4c, 0x9e, 0x51, 0xdf, 0xbc, 0x05 },
		{ 0x02, 0x01, 0x06, 0x03, 0x03, 0xaa, 0xfe, 0x11, 0x16, 0xaa, 0xfe, 0x20, 0x00,
		  0x0b, 0xb8, 0x18, 0x80, 0x00, 0x00, 0x30, 0x39, 0x00, 0x01, 0xe2, 0x40 },
	};
	static const gsize lengths[4] = { 30, 31, 21, 25 };
	gdouble rates[ROUNDS];
	volatile guint sink = 0;

	for (guint r = 0; r < ROUNDS; r++) {
		guint64 n = 0;
		gint64 start = g_get_monotonic_time();
		gint64 elapsed;
		do {
			for (guint i = 0; i < 4096; i++) {
				SoriFrame frames[4];
				gint found = sori_frame_parse_advertisement(
					payloads[i & 3], lengths[i & 3], frames, 4, NULL);
				sink += (guint) found + (guint) frames[0].kind;
			}
			n += 4096;
			elapsed = g_get_monotonic_time() - start;
		} while (elapsed < 500000);
		rates[r] = n * 1e6 / elapsed;
	}
	(void) sink;
	return sori_bench_percentile(rates, ROUNDS, 50);
}

static gdouble
bench_eid_resolve(void)
{
	g_autoptr(SoriEidResolver) resolver = sori_eid_resolver_new();
	g_autofree guint8 *keys = g_new(guint8, N_BEACONS * 16);
	g_autofree guint8 *eids = g_new(guint8, N_BEACONS * 8);
	GRand *rand = g_rand_new_with_seed(7);
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	gdouble rates[ROUNDS];
	volatile guint sink = 0;

	for (guint i = 0; i < N_BEACONS; i++) {
		g_autofree gchar *name = g_strdup_printf("beacon-%u", i);
		guint8 exponent = (guint8) g_rand_int_range(rand, 8, 16);
		gint64 offset = g_rand_int_range(rand, -1700000000, 0);
		for (guint j = 0; j < 16; j++)
			keys[i * 16 + j] = (guint8) g_rand_int_range(rand, 0, 256);
		g_assert_true(sori_eid_resolver_add(resolver, name, keys + i * 16, exponent, offset,
						    NULL));
		sori_eid_compute(keys + i * 16, exponent, (guint32) (now + offset), eids + i * 8);
	}
	g_rand_free(rand);
	/* the table is built on the first lookup: not part of the rate */
	g_assert_nonnull(sori_eid_resolver_lookup(resolver, eids, now));

	for (guint r = 0; r < ROUNDS; r++) {
		guint64 n = 0;
		gint64 start = g_get_monotonic_time();
		gint64 elapsed;
		do {
			for (guint i = 0; i < N_BEACONS; i++) {
				/* every lookup is a real sighting that resolves */
				const gchar *name
					= sori_eid_resolver_lookup(resolver, eids + i * 8, now);
				sink += name != NULL;
			}
			n += N_BEACONS;
			elapsed = g_get_monotonic_time() - start;
		} while (elapsed < 500000);
		rates[r] = n * 1e6 / elapsed;
	}
	g_assert_cmpuint(sink, >, 0);
	return sori_bench_percentile(rates, ROUNDS, 50);
}

int
main(int argc, char **argv)
{
	printf("decode_per_s: %.0f\n", bench_decode());
	printf("eid_resolve_per_s: %.0f\n", bench_eid_resolve());
	return 0;
}
