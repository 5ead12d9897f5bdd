/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The printed codes' family as sori holds it is tagStandard41h12 exactly:
 * every codeword and every bit's cell equal Debian's libapriltag's, word for
 * word, and no two codes, turned any way, are closer than the family's 12
 * bits (which is what lets the detector correct two and still never mistake
 * one code for another).
 */

#include <glib.h>

#include <apriltag/apriltag.h>
#include <apriltag/tagStandard41h12.h>

#include "sori-marker-family.h"

typedef struct {
	apriltag_family_t *family;
} Fixture;

static void
fixture_set_up(Fixture *fixture, gconstpointer user_data)
{
	fixture->family = tagStandard41h12_create();
	g_assert_nonnull(fixture->family);
}

static void
fixture_tear_down(Fixture *fixture, gconstpointer user_data)
{
	tagStandard41h12_destroy(fixture->family);
}

static void
test_family_codes(Fixture *fixture, gconstpointer user_data)
{
	apriltag_family_t *family = fixture->family;

	g_assert_cmpstr(family->name, ==, SORI_MARKER_FAMILY_NAME);
	g_assert_cmpuint(family->ncodes, ==, SORI_MARKER_FAMILY_CODES);
	g_assert_cmpuint(family->nbits, ==, SORI_MARKER_FAMILY_BITS);
	g_assert_cmpint(family->h, ==, SORI_MARKER_FAMILY_HAMMING);
	for (guint i = 0; i < family->ncodes; i++)
		g_assert_cmphex(family->codes[i], ==, sori_marker_family_codes[i]);
}

static void
test_family_layout(Fixture *fixture, gconstpointer user_data)
{
	apriltag_family_t *family = fixture->family;
	/* libapriltag counts cells from the white square's corner, two cells in */
	int offset = (SORI_MARKER_FAMILY_GRID - SORI_MARKER_FAMILY_BORDER) / 2;

	g_assert_cmpint(family->total_width, ==, SORI_MARKER_FAMILY_GRID);
	g_assert_cmpint(family->width_at_border, ==, SORI_MARKER_FAMILY_BORDER);
	/* the reversed border: the ring next to the data is white, the one outside it black */
	g_assert_true(family->reversed_border);
	for (guint i = 0; i < family->nbits; i++) {
		g_assert_cmpint(family->bit_x[i] + offset, ==, sori_marker_family_bit_cells[i][0]);
		g_assert_cmpint(family->bit_y[i] + offset, ==, sori_marker_family_bit_cells[i][1]);
	}
}

static int
bit_at(int x, int y)
{
	for (int i = 0; i < SORI_MARKER_FAMILY_BITS; i++)
		if (sori_marker_family_bit_cells[i][0] == x
		    && sori_marker_family_bit_cells[i][1] == y)
			return i;
	return -1;
}

/* the codeword of the code turned a quarter clockwise */
static guint64
rotate(guint64 code, const int turned_from[SORI_MARKER_FAMILY_BITS])
{
	guint64 out = 0;
	for (int i = 0; i < SORI_MARKER_FAMILY_BITS; i++) {
		int shift = SORI_MARKER_FAMILY_BITS - 1 - turned_from[i];
		out = out << 1 | ((code >> shift) & 1);
	}
	return out;
}

static void
test_family_distance(void)
{
	int turned_from[SORI_MARKER_FAMILY_BITS];
	int last = SORI_MARKER_FAMILY_GRID - 1;

	/* after a quarter turn clockwise, the cell (x, y) shows what was at (y, last - x) */
	for (int i = 0; i < SORI_MARKER_FAMILY_BITS; i++) {
		int x = sori_marker_family_bit_cells[i][0], y = sori_marker_family_bit_cells[i][1];
		turned_from[i] = bit_at(y, last - x);
		g_assert_cmpint(turned_from[i], >=, 0);
	}
	g_autofree guint64 *turned = g_new(guint64, SORI_MARKER_FAMILY_CODES * 4);
	for (int c = 0; c < SORI_MARKER_FAMILY_CODES; c++) {
		turned[c * 4] = sori_marker_family_codes[c];
		for (int r = 1; r < 4; r++)
			turned[c * 4 + r] = rotate(turned[c * 4 + r - 1], turned_from);
		/* four quarter turns are the code itself */
		g_assert_cmphex(rotate(turned[c * 4 + 3], turned_from), ==, turned[c * 4]);
	}
	int closest = SORI_MARKER_FAMILY_BITS;
	for (int a = 0; a < SORI_MARKER_FAMILY_CODES; a++) {
		/* a code turned against itself, so that its orientation is never in doubt */
		for (int r = 1; r < 4; r++)
			closest = MIN(closest,
				      __builtin_popcountll(turned[a * 4] ^ turned[a * 4 + r]));
		for (int b = a + 1; b < SORI_MARKER_FAMILY_CODES; b++)
			for (int r = 0; r < 4; r++)
				closest = MIN(closest, __builtin_popcountll(turned[a * 4]
									    ^ turned[b * 4 + r]));
	}
	g_assert_cmpint(closest, >=, SORI_MARKER_FAMILY_HAMMING);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/marker-family/codes", Fixture, NULL, fixture_set_up, test_family_codes,
		   fixture_tear_down);
	g_test_add("/marker-family/layout", Fixture, NULL, fixture_set_up, test_family_layout,
		   fixture_tear_down);
	g_test_add_func("/marker-family/distance", test_family_distance);
	return g_test_run();
}
