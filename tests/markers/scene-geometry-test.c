/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene generator's truth is the geometry a camera would see: a code
 * facing the camera f · size / distance wide, its corners clockwise from its
 * own top-left, the bearing's sign and clock hour, a turn's foreshortening, a
 * lens's distortion, what is not readable; the label as printed; parameters
 * out of range refused. Debian's libapriltag, a reader that owes nothing to
 * the generator, reads the codes at the truth's corners.
 */

#include "scene-test-common.h"

#include <math.h>

#include "sori-marker-family.h"

/* a code facing the camera is f · size / distance wide, and read there */
static void
test_scene_width_facing(void)
{
	Reader reader;
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) frame = NULL;
	double f = sori_scene_focal_px(1280, 68);
	double expected = f * 0.150 / 3.0;
	double corners[4][2];
	zarray_t *detections;
	apriltag_detection_t *det;
	double measured = 0;

	g_assert_cmpfloat(fabs(f - 640 / tan(34 * G_PI / 180)), <, 1e-9);
	reader_init(&reader);
	params_one_code(&params, 7, 150, 3.0, 0, 0, 0);
	params.background = SORI_SCENE_BACKGROUND_PLAIN;
	params.gamma = 1;
	frame = render(&params);
	g_assert_cmpfloat(fabs(frame->truths[0].width_px - expected), <, 0.01 * expected);
	g_assert_cmpfloat(fabs(frame->truths[0].distance_m - 3.0), <, 1e-9);
	g_assert_cmpfloat(fabs(frame->truths[0].bearing_deg), <, 1e-9);
	g_assert_cmpint(frame->truths[0].clock, ==, 12);
	/* what libapriltag sees is that wide too */
	detections = detect(reader.detector, frame);
	g_assert_cmpint(zarray_size(detections), ==, 1);
	zarray_get(detections, 0, &det);
	detection_corners(det, corners);
	for (int i = 0; i < 4; i++)
		measured += side(corners[i], corners[(i + 1) % 4]) / 4;
	g_test_message("facing at 3 m: %.2f px wide, f * size / distance = %.2f", measured,
		       expected);
	g_assert_cmpfloat(fabs(measured - expected), <, 0.01 * expected);
	apriltag_detections_destroy(detections);
	assert_read_as_truth(&reader, frame, 1.0);
	reader_clear(&reader);
}

/* corners from the code's own top-left, clockwise as seen, whatever its roll */
static void
test_scene_corner_order(void)
{
	Reader reader;
	const double rolls[] = { 0, 30, 90, 180, -135 };

	reader_init(&reader);
	for (guint r = 0; r < G_N_ELEMENTS(rolls); r++) {
		SoriSceneParams params;
		g_autoptr(SoriSceneFrame) frame = NULL;
		const SoriSceneTruth *truth;
		double area = 0;

		params_one_code(&params, 1000 + r, 100, 1.5, 0, 20, rolls[r]);
		params.seed = r;
		frame = render(&params);
		truth = &frame->truths[0];
		/* clockwise in a y-down frame: a positive shoelace area */
		for (int i = 0; i < 4; i++) {
			const double *a = truth->corners[i], *b = truth->corners[(i + 1) % 4];
			area += a[0] * b[1] - b[0] * a[1];
		}
		g_assert_cmpfloat(area, >, 0);
		if (rolls[r] == 0) {
			/* upright: the first corner is the top-left one */
			g_assert_cmpfloat(truth->corners[0][0], <, truth->corners[1][0]);
			g_assert_cmpfloat(truth->corners[0][1], <, truth->corners[3][1]);
			g_assert_cmpfloat(truth->corners[0][0], <, truth->centre[0]);
			g_assert_cmpfloat(truth->corners[0][1], <, truth->centre[1]);
		}
		if (rolls[r] == 180) {
			/* upside down: the code's top-left is at the bottom right */
			g_assert_cmpfloat(truth->corners[0][0], >, truth->centre[0]);
			g_assert_cmpfloat(truth->corners[0][1], >, truth->centre[1]);
		}
		/* libapriltag, which knows the code's orientation from its bits, agrees */
		assert_read_as_truth(&reader, frame, 1.0);
	}
	reader_clear(&reader);
}

/* a code to the right has a positive bearing, and at 15° or more it is 1 o'clock */
static void
test_scene_bearing(void)
{
	const struct {
		double bearing;
		int clock;
	} cases[] = { { 20, 1 }, { -20, 11 }, { 14, 12 }, { 16, 1 },
		      { 0, 12 }, { -16, 11 }, { 28, 1 } };
	Reader reader;

	reader_init(&reader);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		SoriSceneParams params;
		g_autoptr(SoriSceneFrame) frame = NULL;

		params_one_code(&params, 42, 150, 2.0, cases[i].bearing, 0, 0);
		params.seed = 100 + i;
		frame = render(&params);
		g_assert_cmpfloat(fabs(frame->truths[0].bearing_deg - cases[i].bearing), <, 1e-9);
		g_assert_cmpint(frame->truths[0].clock, ==, cases[i].clock);
		if (cases[i].bearing > 0)
			g_assert_cmpfloat(frame->truths[0].centre[0], >, 640 + 10);
		else if (cases[i].bearing < 0)
			g_assert_cmpfloat(frame->truths[0].centre[0], <, 640 - 10);
		/* the image's centre is where tan(bearing) says */
		g_assert_cmpfloat(fabs(frame->truths[0].centre[0]
				       - (640
					  + sori_scene_focal_px(1280, 68)
						    * tan(cases[i].bearing * G_PI / 180))),
				  <, 1e-6);
		assert_read_as_truth(&reader, frame, 1.0);
	}
	g_assert_cmpint(sori_scene_clock_from_bearing(-44), ==, 11);
	g_assert_cmpint(sori_scene_clock_from_bearing(-46), ==, 10);
	g_assert_cmpint(sori_scene_clock_from_bearing(75), ==, 3);
	g_assert_cmpint(sori_scene_clock_from_bearing(179), ==, 6);
	reader_clear(&reader);
}

/* turned 75° off axis, its top and bottom edges shrink by about cos 75° */
static void
test_scene_off_axis(void)
{
	const double yaws[] = { 45, 60, 75, -75 };
	Reader reader;
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) facing = NULL;
	double facing_top, facing_left;

	reader_init(&reader);
	params_one_code(&params, 300, 200, 2.0, 0, 0, 0);
	params.background = SORI_SCENE_BACKGROUND_PLAIN;
	facing = render(&params);
	facing_top = side(facing->truths[0].corners[0], facing->truths[0].corners[1]);
	facing_left = side(facing->truths[0].corners[3], facing->truths[0].corners[0]);
	for (guint i = 0; i < G_N_ELEMENTS(yaws); i++) {
		g_autoptr(SoriSceneFrame) frame = NULL;
		double top, bottom, ratio;

		params.codes[0].yaw_deg = yaws[i];
		frame = render(&params);
		top = side(frame->truths[0].corners[0], frame->truths[0].corners[1]);
		bottom = side(frame->truths[0].corners[2], frame->truths[0].corners[3]);
		ratio = (top + bottom) / 2 / facing_top;
		g_test_message("yaw %g deg: horizontal sides %.3f of facing, cos %.3f", yaws[i],
			       ratio, cos(yaws[i] * G_PI / 180));
		g_assert_cmpfloat(fabs(ratio - cos(yaws[i] * G_PI / 180)), <, 0.03);
		g_assert_cmpfloat(frame->truths[0].off_axis_deg, ==, fabs(yaws[i]));
		/* the near edge is the longer: the right one goes away for a positive yaw */
		if (yaws[i] > 0)
			g_assert_cmpfloat(
				side(frame->truths[0].corners[3], frame->truths[0].corners[0]), >,
				side(frame->truths[0].corners[1], frame->truths[0].corners[2]));
		else
			g_assert_cmpfloat(
				side(frame->truths[0].corners[3], frame->truths[0].corners[0]), <,
				side(frame->truths[0].corners[1], frame->truths[0].corners[2]));
		(void) facing_left;
		if (fabs(yaws[i]) <= 60)
			assert_read_as_truth(&reader, frame, 1.0);
	}
	reader_clear(&reader);
}

/* a barrel lens pulls a code near the frame's corner inward by (1 + k1 r²), and
 * libapriltag finds it where the truth says */
static void
test_scene_distortion(void)
{
	Reader reader;
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) straight = NULL;
	g_autoptr(SoriSceneFrame) barrel = NULL;
	double f = sori_scene_focal_px(1280, 68);
	double xu, yu, r2;

	reader_init(&reader);
	params_one_code(&params, 600, 150, 2.0, 28, 10, 0);
	params.codes[0].elevation_deg = 14;
	straight = render(&params);
	params.distortion_k1 = -0.2;
	barrel = render(&params);
	xu = (straight->truths[0].centre[0] - 640) / f;
	yu = (straight->truths[0].centre[1] - 360) / f;
	r2 = xu * xu + yu * yu;
	g_assert_cmpfloat(r2, >, 0.2);
	g_assert_cmpfloat(fabs(barrel->truths[0].centre[0] - (640 + f * xu * (1 - 0.2 * r2))), <,
			  1e-6);
	g_assert_cmpfloat(fabs(barrel->truths[0].centre[1] - (360 + f * yu * (1 - 0.2 * r2))), <,
			  1e-6);
	assert_read_as_truth(&reader, straight, 1.0);
	assert_read_as_truth(&reader, barrel, 1.0);
	reader_clear(&reader);
}

/* cut by the frame's edge, out of view, or under a pixel a cell: not readable */
static void
test_scene_not_in_view(void)
{
	const struct {
		double bearing, distance;
	} cases[] = { { 33.5, 1.0 }, { 60, 2.0 }, { -75, 0.5 }, { 0, 30 } };

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		SoriSceneParams params;
		g_autoptr(SoriSceneFrame) frame = NULL;

		params_one_code(&params, 9, 100, cases[i].distance, cases[i].bearing, 0, 0);
		frame = render(&params);
		g_assert_false(frame->truths[0].readable);
	}
}

/* covering the grid makes it unreadable, and the truth says so */
static void
test_scene_occluded_grid(void)
{
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) frame = NULL;

	params_one_code(&params, 5, 150, 2.0, 0, 0, 0);
	params.codes[0].occlude = 0.6;
	params.codes[0].occlude_grid = TRUE;
	frame = render(&params);
	g_assert_false(frame->truths[0].readable);
	g_assert_cmpfloat(frame->truths[0].occluded, ==, 0.6);
}

/* parameters out of range are refused, not rendered */
static void
test_scene_invalid(void)
{
	SoriSceneParams params;
	g_autoptr(GError) error = NULL;
	SoriSceneFrame *frame;
	SoriSceneLabel *label;

	params_one_code(&params, SORI_MARKER_FAMILY_CODES, 100, 1, 0, 0, 0);
	frame = sori_scene_render(&params, &error);
	g_assert_null(frame);
	g_assert_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID);
	g_clear_error(&error);
	params_one_code(&params, 1, 100, 1, 0, 85, 0);
	g_assert_null(sori_scene_render(&params, &error));
	g_assert_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID);
	g_clear_error(&error);
	params_one_code(&params, 1, 100, 1, 0, 0, 0);
	params.width = 100000;
	g_assert_null(sori_scene_render(&params, &error));
	g_assert_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID);
	g_clear_error(&error);
	params_one_code(&params, 1, NAN, 1, 0, 0, 0);
	g_assert_null(sori_scene_render(&params, &error));
	g_assert_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID);
	g_clear_error(&error);
	label = sori_scene_label_new(-1, 100, NULL, &error);
	g_assert_null(label);
	g_assert_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID);
	/* clang-format must not have split the quark's name */
	g_assert_cmpstr(g_quark_to_string(SORI_SCENE_ERROR), ==, "sori-scene-error-quark");
}

/* the label's grid: black ring 1, white ring 2, the codeword's bits elsewhere */
static void
test_scene_label(void)
{
	g_autoptr(SoriSceneLabel) label
		= sori_scene_label_new(2114, 90, "https://x.example/", NULL);
	double corners[4][2];
	uint64_t code = sori_marker_family_codes[2114];
	const double q = SORI_SCENE_QUIET_CELLS * 10.0;

	g_assert_nonnull(label);
	sori_scene_label_get_grid_corners_mm(label, corners);
	/* a quiet zone of a cell (10 mm) */
	g_assert_cmpfloat(corners[0][0], ==, q);
	g_assert_cmpfloat(corners[0][1], ==, q);
	g_assert_cmpfloat(corners[1][0], ==, q + 90);
	g_assert_cmpfloat(corners[2][0], ==, q + 90);
	g_assert_cmpfloat(corners[2][1], ==, q + 90);
	g_assert_cmpfloat(corners[3][1], ==, q + 90);
	/* the QR code beside it, as wide as the grid, with its own quiet zone */
	g_assert_cmpfloat(sori_scene_label_get_width_mm(label), >, 2 * 90 + 2 * q);
	{
		int black = 0, white = 0;
		for (double x = q + 90 + 20; x < q + 90 + 100; x += 1.7) {
			double r = sori_scene_label_reflectance(label, x, q + 45);
			black += r < 0.1;
			white += r > 0.5;
		}
		g_assert_cmpint(black, >, 5);
		g_assert_cmpint(white, >, 5);
	}
	for (int y = 0; y < 9; y++) {
		for (int x = 0; x < 9; x++) {
			double r = sori_scene_label_reflectance(label, q + 10 * x + 5,
								q + 10 * y + 5);
			int ring = MAX(ABS(x - 4), ABS(y - 4));
			if (ring == 3)
				g_assert_cmpfloat(r, <, 0.1);
			if (ring == 2)
				g_assert_cmpfloat(r, >, 0.5);
		}
	}
	for (int i = 0; i < SORI_MARKER_FAMILY_BITS; i++) {
		int x = sori_marker_family_bit_cells[i][0], y = sori_marker_family_bit_cells[i][1];
		gboolean white = (code >> (40 - i)) & 1;
		double r = sori_scene_label_reflectance(label, q + 10 * x + 5, q + 10 * y + 5);
		g_assert_cmpint(r > 0.5, ==, white);
	}
	/* the quiet zone is white all round */
	for (double t = 0; t < 2 * q + 90; t += 0.5) {
		g_assert_cmpfloat(sori_scene_label_reflectance(label, t, q / 2), >, 0.5);
		g_assert_cmpfloat(sori_scene_label_reflectance(label, q / 2, t), >, 0.5);
		g_assert_cmpfloat(sori_scene_label_reflectance(label, q + 90 + q / 2, t), >, 0.5);
		g_assert_cmpfloat(sori_scene_label_reflectance(label, t, q + 90 + q / 2), >, 0.5);
	}
	g_assert_cmpfloat(sori_scene_label_reflectance(label, -1, 5), <, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/scene/width-facing", test_scene_width_facing);
	g_test_add_func("/scene/corner-order", test_scene_corner_order);
	g_test_add_func("/scene/bearing", test_scene_bearing);
	g_test_add_func("/scene/off-axis", test_scene_off_axis);
	g_test_add_func("/scene/distortion", test_scene_distortion);
	g_test_add_func("/scene/occluded-grid", test_scene_occluded_grid);
	g_test_add_func("/scene/not-in-view", test_scene_not_in_view);
	g_test_add_func("/scene/invalid", test_scene_invalid);
	g_test_add_func("/scene/label", test_scene_label);
	return g_test_run();
}
