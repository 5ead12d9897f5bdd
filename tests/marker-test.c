/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The printed codes' detector (lib/marker) against the scene generator's
 * frames and their truth: the number exactly, the grid's corners within a
 * pixel or two, the distance within 10 %, the bearing within 2° and the clock
 * hour, near and far, turned, degraded; Debian's libapriltag reading the same
 * frames to the same codes; nothing found where there is no code; and every
 * argument, size, stride and workspace refused or handled as the API says.
 */

#include <glib.h>
#include <math.h>
#include <string.h>

#include <apriltag/apriltag.h>
#include <apriltag/tagStandard41h12.h>

#include "sori-marker.h"
#include "sori-scene.h"

#define FOV_DEG 68.0

typedef struct {
	void *workspace;
	size_t workspace_size;
	SoriMarkerDetection found[SORI_MARKER_DETECTIONS_MAX];
	int n_found;
} Fixture;

static void
fixture_set_up(Fixture *fixture, gconstpointer user_data)
{
	memset(fixture, 0, sizeof *fixture);
}

static void
fixture_tear_down(Fixture *fixture, gconstpointer user_data)
{
	g_free(fixture->workspace);
}

/* runs the detector on @frame with its exact workspace, asserting the call succeeded */
static int
detect(Fixture *fixture, const SoriSceneFrame *frame, double size_mm)
{
	SoriMarkerCamera camera = { size_mm, FOV_DEG };
	size_t size = sori_marker_workspace_size(frame->width, frame->height);

	g_assert_cmpuint(size, >, 0);
	if (size != fixture->workspace_size) {
		g_free(fixture->workspace);
		fixture->workspace = g_malloc(size);
		fixture->workspace_size = size;
	}
	fixture->n_found = sori_marker_detect(frame->pixels, frame->width, frame->height,
					      frame->width, &camera, fixture->workspace, size,
					      fixture->found, SORI_MARKER_DETECTIONS_MAX);
	g_assert_cmpint(fixture->n_found, >=, 0);
	return fixture->n_found;
}

static SoriSceneFrame *
render(const SoriSceneParams *params)
{
	g_autoptr(GError) error = NULL;
	SoriSceneFrame *frame = sori_scene_render(params, &error);
	g_assert_no_error(error);
	g_assert_nonnull(frame);
	return frame;
}

/* asserts the detection is the truth's code where the truth says, within @corner_px */
static void
assert_detection_matches(const SoriMarkerDetection *found, const SoriSceneTruth *truth,
			 double corner_px)
{
	g_assert_cmpint(found->id, ==, truth->id);
	g_assert_cmpint(found->hamming, >=, 0);
	g_assert_cmpint(found->hamming, <=, 2);
	for (int c = 0; c < 4; c++) {
		double error = hypot(found->corners[c][0] - truth->corners[c][0],
				     found->corners[c][1] - truth->corners[c][1]);
		if (error > corner_px)
			g_test_message("corner %d off by %.2f px (code %d, %.1f px wide)", c, error,
				       truth->id, truth->width_px);
		g_assert_cmpfloat(error, <=, corner_px);
	}
	g_assert_cmpfloat(
		hypot(found->centre[0] - truth->centre[0], found->centre[1] - truth->centre[1]), <=,
		corner_px);
	g_assert_cmpfloat(fabs(found->width_px - truth->width_px), <=, corner_px);
	g_assert_cmpfloat(fabs(found->distance_m - truth->distance_m), <=,
			  0.10 * truth->distance_m);
	g_assert_cmpfloat(fabs(found->bearing_deg - truth->bearing_deg), <=, 2.0);
	g_assert_cmpint(found->clock, ==, sori_marker_clock_from_bearing(found->bearing_deg));
	g_assert_cmpfloat(found->margin, >, 0);
	g_assert_cmpfloat(found->margin, <=, 255);
}

typedef struct {
	int id;
	double size_mm;
	double distance_m;
	double bearing_deg;
	double yaw_deg;
	double roll_deg;
	double elevation_deg;
	double corner_px; /* how far a corner may be from the truth */
} Case;

static const Case facing_cases[] = {
	/* near and large, straight ahead, any roll */
	{ 0, 150, 1.0, 0, 0, 0, 0, 1.5 },
	{ 2114, 150, 1.5, 10, 0, 90, 5, 1.5 },
	{ 1000, 150, 2.0, -20, 0, 180, -5, 1.5 },
	{ 567, 100, 1.2, 25, 0, -37, 8, 1.5 },
	/* very near: 237 px and 320 px wide, the cells flat inside */
	{ 706, 150, 0.6, 0, 0, 20, 0, 2.0 },
	{ 707, 200, 0.6, -5, 0, 45, 5, 2.0 },
	/* far: 30 px and 24 px wide */
	{ 42, 150, 4.7, -12, 0, 15, 0, 1.5 },
	{ 1234, 150, 5.9, 18, 0, -100, 3, 1.5 },
	/* the clock hours: at 2 o'clock's edge of the frame and at 10 */
	{ 77, 200, 2.0, 31, 0, 0, 0, 1.5 },
	{ 78, 200, 2.0, -31, 0, 0, 0, 1.5 },
};

static const Case turned_cases[] = {
	{ 300, 150, 1.5, 0, 30, 10, 0, 1.5 },   { 301, 150, 1.5, 5, -45, -30, 0, 1.5 },
	{ 302, 150, 1.2, -10, 60, 45, 0, 1.5 }, { 303, 200, 1.0, 0, -75, 0, 0, 2.0 },
	{ 304, 200, 1.0, 8, 75, 170, 0, 2.0 },
};

static void
set_case(SoriSceneParams *params, const Case *c, guint64 seed)
{
	sori_scene_params_init(params);
	params->seed = seed;
	params->n_codes = 1;
	params->codes[0].id = c->id;
	params->codes[0].size_mm = c->size_mm;
	params->codes[0].distance_m = c->distance_m;
	params->codes[0].bearing_deg = c->bearing_deg;
	params->codes[0].yaw_deg = c->yaw_deg;
	params->codes[0].roll_deg = c->roll_deg;
	params->codes[0].elevation_deg = c->elevation_deg;
}

static void
run_cases(Fixture *fixture, const Case *cases, gsize n_cases, SoriSceneBackground background)
{
	for (gsize i = 0; i < n_cases; i++) {
		SoriSceneParams params;
		set_case(&params, &cases[i], 100 + i);
		params.background = background;
		g_autoptr(SoriSceneFrame) frame = render(&params);
		g_assert_true(frame->truths[0].readable);
		g_test_message("code %d, %.1f px wide, %.1f° off axis", cases[i].id,
			       frame->truths[0].width_px, frame->truths[0].off_axis_deg);
		g_assert_cmpint(detect(fixture, frame, cases[i].size_mm), ==, 1);
		assert_detection_matches(&fixture->found[0], &frame->truths[0], cases[i].corner_px);
		g_assert_cmpint(fixture->found[0].clock, ==, frame->truths[0].clock);
	}
}

static void
test_facing(Fixture *fixture, gconstpointer user_data)
{
	run_cases(fixture, facing_cases, G_N_ELEMENTS(facing_cases), SORI_SCENE_BACKGROUND_PLAIN);
	run_cases(fixture, facing_cases, G_N_ELEMENTS(facing_cases),
		  SORI_SCENE_BACKGROUND_TEXTURED);
}

static void
test_turned(Fixture *fixture, gconstpointer user_data)
{
	run_cases(fixture, turned_cases, G_N_ELEMENTS(turned_cases),
		  SORI_SCENE_BACKGROUND_TEXTURED);
}

/* one code 40 px wide at 20° off axis, under each of the degradations a phone's frame has */
static void
test_degraded(Fixture *fixture, gconstpointer user_data)
{
	for (int kind = 0; kind < 7; kind++) {
		SoriSceneParams params;
		Case c = { 500 + kind, 150, 0, 12, 20, 30 * kind, 0, 2.0 };
		c.distance_m = sori_scene_distance_for_width(c.size_mm, 40, 1280, FOV_DEG);
		set_case(&params, &c, 200 + kind);
		switch (kind) {
		case 0:
			params.defocus_px = 1.0;
			break;
		case 1:
			params.motion_px = 4;
			params.motion_angle_deg = 30;
			break;
		case 2:
			params.noise_sigma = 6;
			break;
		case 3:
			params.dim = TRUE;
			params.noise_sigma = 2;
			break;
		case 4:
			params.uneven = TRUE;
			break;
		case 5:
			params.distortion_k1 = -0.12;
			break;
		default:
			/* a shape over a quarter of the label, but not its grid */
			params.codes[0].occlude = 0.25;
			break;
		}
		g_autoptr(SoriSceneFrame) frame = render(&params);
		g_test_message("degradation %d: %.1f px wide", kind, frame->truths[0].width_px);
		g_assert_true(frame->truths[0].readable);
		g_assert_cmpint(detect(fixture, frame, c.size_mm), ==, 1);
		assert_detection_matches(&fixture->found[0], &frame->truths[0], c.corner_px);
	}
}

/* two codes of different sizes: both, nearest first */
static void
test_two_codes(Fixture *fixture, gconstpointer user_data)
{
	SoriSceneParams params;
	sori_scene_params_init(&params);
	params.seed = 7;
	params.n_codes = 2;
	params.codes[0] = (SoriSceneCode){
		.id = 11, .size_mm = 150, .distance_m = 3.0, .bearing_deg = -15, .roll_deg = 20
	};
	params.codes[1] = (SoriSceneCode){
		.id = 12, .size_mm = 150, .distance_m = 1.5, .bearing_deg = 15, .yaw_deg = 30
	};
	g_autoptr(SoriSceneFrame) frame = render(&params);
	g_assert_cmpint(frame->n_truths, ==, 2);
	g_assert_cmpint(detect(fixture, frame, 150), ==, 2);
	/* nearest first: code 12 at 1.5 m, then 11 at 3 m */
	assert_detection_matches(&fixture->found[0], &frame->truths[1], 1.5);
	assert_detection_matches(&fixture->found[1], &frame->truths[0], 1.5);

	/* room for one: the nearest */
	SoriMarkerCamera camera = { 150, FOV_DEG };
	SoriMarkerDetection one[1];
	g_assert_cmpint(sori_marker_detect(frame->pixels, frame->width, frame->height, frame->width,
					   &camera, fixture->workspace, fixture->workspace_size,
					   one, 1),
			==, 1);
	g_assert_cmpint(one[0].id, ==, 12);
	/* room for none */
	g_assert_cmpint(sori_marker_detect(frame->pixels, frame->width, frame->height, frame->width,
					   &camera, fixture->workspace, fixture->workspace_size,
					   one, 0),
			==, 0);
}

/* Debian's libapriltag, on the same frames, reads the same numbers at the same places */
static void
test_libapriltag_agrees(Fixture *fixture, gconstpointer user_data)
{
	apriltag_family_t *family = tagStandard41h12_create();
	apriltag_detector_t *detector = apriltag_detector_create();
	apriltag_detector_add_family(detector, family);
	detector->nthreads = 1;
	for (gsize i = 0; i < G_N_ELEMENTS(facing_cases); i++) {
		SoriSceneParams params;
		set_case(&params, &facing_cases[i], 300 + i);
		g_autoptr(SoriSceneFrame) frame = render(&params);
		image_u8_t image = { frame->width, frame->height, frame->width, frame->pixels };
		zarray_t *theirs = apriltag_detector_detect(detector, &image);
		g_assert_cmpint(detect(fixture, frame, facing_cases[i].size_mm), ==, 1);
		/* libapriltag's defaults halve the frame: it reads codes from about 30 px */
		if (frame->truths[0].width_px >= 35)
			g_assert_cmpint(zarray_size(theirs), ==, 1);
		for (int k = 0; k < zarray_size(theirs); k++) {
			apriltag_detection_t *d;
			zarray_get(theirs, k, &d);
			g_assert_cmpint(d->id, ==, fixture->found[0].id);
			/* its centre counts pixels from the first one's centre, ours from its
			 * corner */
			g_assert_cmpfloat(hypot(d->c[0] + 0.5 - fixture->found[0].centre[0],
						d->c[1] + 0.5 - fixture->found[0].centre[1]),
					  <=, 1.5);
		}
		apriltag_detections_destroy(theirs);
	}
	apriltag_detector_destroy(detector);
	tagStandard41h12_destroy(family);
}

/* frames with no code of the family: nothing found, whatever they show */
static void
test_negatives(Fixture *fixture, gconstpointer user_data)
{
	for (int kind = SORI_SCENE_NEGATIVE_PICTURE; kind < SORI_SCENE_NEGATIVE_COUNT; kind++)
		for (int seed = 0; seed < 6; seed++) {
			SoriSceneParams params;
			sori_scene_params_init(&params);
			params.seed = 1000 + 10 * kind + seed;
			params.negative = kind;
			params.noise_sigma = seed % 3 * 3;
			g_autoptr(SoriSceneFrame) frame = render(&params);
			g_test_message("%s, seed %d", sori_scene_negative_to_string(kind), seed);
			g_assert_cmpint(detect(fixture, frame, 150), ==, 0);
		}
}

static SoriSceneFrame *
blank_frame(int width, int height, guint8 value)
{
	SoriSceneFrame *frame = g_new0(SoriSceneFrame, 1);
	frame->width = width;
	frame->height = height;
	frame->pixels = g_malloc((gsize) width * height);
	memset(frame->pixels, value, (gsize) width * height);
	return frame;
}

/* blank frames, pure noise, and the smallest and largest frames: nothing found, no fault */
static void
test_blank_and_noise(Fixture *fixture, gconstpointer user_data)
{
	static const int sizes[][2]
		= { { 16, 16 }, { 17, 31 }, { 1280, 720 }, { 4096, 16 }, { 16, 4096 } };
	g_autoptr(GRand) rand = g_rand_new_with_seed(23);
	for (gsize s = 0; s < G_N_ELEMENTS(sizes); s++) {
		int width = sizes[s][0], height = sizes[s][1];
		for (int v = 0; v < 256; v += 255) {
			g_autoptr(SoriSceneFrame) frame = blank_frame(width, height, v);
			g_assert_cmpint(detect(fixture, frame, 150), ==, 0);
		}
		g_autoptr(SoriSceneFrame) noise = blank_frame(width, height, 0);
		for (int round = 0; round < 3; round++) {
			/* fine noise, then blocks of 2 and 4 pixels, full contrast */
			int block = 1 << round;
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++)
					noise->pixels[y * width + x]
						= (x % block || y % block)
							  ? noise->pixels[(y - y % block) * width
									  + x - x % block]
							  : g_rand_int_range(rand, 0, 256);
			g_assert_cmpint(detect(fixture, noise, 150), ==, 0);
		}
	}
}

/* a code in the largest frame the API takes, 4096 wide */
static void
test_largest_frame(Fixture *fixture, gconstpointer user_data)
{
	SoriSceneParams params;
	Case c = { 999, 150, 3.0, 5, 20, 10, 0, 1.5 };
	set_case(&params, &c, 5);
	params.width = SORI_MARKER_FRAME_MAX;
	params.height = 1024;
	g_autoptr(SoriSceneFrame) frame = render(&params);
	g_assert_cmpint(detect(fixture, frame, c.size_mm), ==, 1);
	assert_detection_matches(&fixture->found[0], &frame->truths[0], c.corner_px);
}

/* field by field, bit for bit (the struct has padding) */
static void
assert_same_detection(const SoriMarkerDetection *a, const SoriMarkerDetection *b)
{
	g_assert_cmpint(a->id, ==, b->id);
	g_assert_cmpint(a->hamming, ==, b->hamming);
	g_assert_cmpint(a->clock, ==, b->clock);
	g_assert_cmpmem(a->centre, sizeof a->centre, b->centre, sizeof b->centre);
	g_assert_cmpmem(a->corners, sizeof a->corners, b->corners, sizeof b->corners);
	g_assert_cmpmem(&a->distance_m, sizeof(double), &b->distance_m, sizeof(double));
	g_assert_cmpmem(&a->bearing_deg, sizeof(double), &b->bearing_deg, sizeof(double));
	g_assert_cmpmem(&a->width_px, sizeof(double), &b->width_px, sizeof(double));
	g_assert_cmpmem(&a->margin, sizeof(double), &b->margin, sizeof(double));
}

/* rows padded with any bytes: the same codes, bit for bit, and the frame untouched */
static void
test_strides(Fixture *fixture, gconstpointer user_data)
{
	SoriSceneParams params;
	Case c = { 1500, 150, 2.0, -8, 35, 60, 0, 1.5 };
	set_case(&params, &c, 9);
	params.width = 641; /* odd */
	params.height = 363;
	g_autoptr(SoriSceneFrame) frame = render(&params);
	g_assert_cmpint(detect(fixture, frame, c.size_mm), ==, 1);
	SoriMarkerDetection packed = fixture->found[0];
	assert_detection_matches(&packed, &frame->truths[0], c.corner_px);

	SoriMarkerCamera camera = { c.size_mm, FOV_DEG };
	static const int paddings[] = { 1, 3, 64, 1000 };
	for (gsize p = 0; p < G_N_ELEMENTS(paddings); p++) {
		int stride = frame->width + paddings[p];
		gsize bytes = (gsize) stride * frame->height;
		g_autofree guint8 *padded = g_malloc(bytes);
		for (gsize i = 0; i < bytes; i++)
			padded[i] = (i * 131) & 0xff; /* a busy pattern in the padding */
		for (int y = 0; y < frame->height; y++)
			memcpy(padded + (gsize) y * stride,
			       frame->pixels + (gsize) y * frame->width, frame->width);
		g_autofree guint8 *copy = g_memdup2(padded, bytes);
		SoriMarkerDetection found[4];
		g_assert_cmpint(sori_marker_detect(padded, frame->width, frame->height, stride,
						   &camera, fixture->workspace,
						   fixture->workspace_size, found, 4),
				==, 1);
		assert_same_detection(&found[0], &packed);
		g_assert_cmpmem(padded, bytes, copy, bytes);
	}
}

static void
test_errors(Fixture *fixture, gconstpointer user_data)
{
	SoriMarkerCamera camera = { 150, FOV_DEG };
	SoriMarkerDetection out[2];
	int width = 64, height = 48;
	g_autofree guint8 *grey = g_malloc0(width * height);
	size_t size = sori_marker_workspace_size(width, height);
	g_autofree void *workspace = g_malloc(size + 1);

	/* sizes out of range have no workspace size */
	g_assert_cmpuint(sori_marker_workspace_size(15, 100), ==, 0);
	g_assert_cmpuint(sori_marker_workspace_size(100, 15), ==, 0);
	g_assert_cmpuint(sori_marker_workspace_size(4097, 100), ==, 0);
	g_assert_cmpuint(sori_marker_workspace_size(100, 4097), ==, 0);
	g_assert_cmpuint(sori_marker_workspace_size(-1, -1), ==, 0);
	g_assert_cmpuint(sori_marker_workspace_size(16, 16), >, 0);
	g_assert_cmpuint(sori_marker_workspace_size(4096, 4096), >,
			 sori_marker_workspace_size(1280, 720));

	/* a workspace at any alignment works */
	g_assert_cmpint(sori_marker_detect(grey, width, height, width, &camera,
					   (guint8 *) workspace + 1, size, out, 2),
			==, 0);
	g_assert_cmpint(sori_marker_detect(grey, width, height, width, &camera, workspace, size - 1,
					   out, 2),
			==, SORI_MARKER_ERROR_WORKSPACE);
	g_assert_cmpint(
		sori_marker_detect(grey, width, height, width, &camera, workspace, 0, out, 2), ==,
		SORI_MARKER_ERROR_WORKSPACE);

	g_assert_cmpint(
		sori_marker_detect(grey, 15, height, width, &camera, workspace, size, out, 2), ==,
		SORI_MARKER_ERROR_SIZE);
	g_assert_cmpint(
		sori_marker_detect(grey, width, 4097, width, &camera, workspace, size, out, 2), ==,
		SORI_MARKER_ERROR_SIZE);
	g_assert_cmpint(
		sori_marker_detect(grey, -5, height, width, &camera, workspace, size, out, 2), ==,
		SORI_MARKER_ERROR_SIZE);

	g_assert_cmpint(sori_marker_detect(grey, width, height, width - 1, &camera, workspace, size,
					   out, 2),
			==, SORI_MARKER_ERROR_ARGUMENT);
	g_assert_cmpint(
		sori_marker_detect(NULL, width, height, width, &camera, workspace, size, out, 2),
		==, SORI_MARKER_ERROR_ARGUMENT);
	g_assert_cmpint(
		sori_marker_detect(grey, width, height, width, NULL, workspace, size, out, 2), ==,
		SORI_MARKER_ERROR_ARGUMENT);
	g_assert_cmpint(sori_marker_detect(grey, width, height, width, &camera, NULL, size, out, 2),
			==, SORI_MARKER_ERROR_ARGUMENT);
	g_assert_cmpint(
		sori_marker_detect(grey, width, height, width, &camera, workspace, size, NULL, 2),
		==, SORI_MARKER_ERROR_ARGUMENT);
	g_assert_cmpint(
		sori_marker_detect(grey, width, height, width, &camera, workspace, size, out, -1),
		==, SORI_MARKER_ERROR_ARGUMENT);

	static const SoriMarkerCamera bad_cameras[] = {
		{ 0, 68 },  { -150, 68 }, { NAN, 68 },  { INFINITY, 68 },
		{ 150, 0 }, { 150, 180 }, { 150, NAN },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(bad_cameras); i++)
		g_assert_cmpint(sori_marker_detect(grey, width, height, width, &bad_cameras[i],
						   workspace, size, out, 2),
				==, SORI_MARKER_ERROR_ARGUMENT);
}

static void
test_clock(void)
{
	static const struct {
		double bearing;
		int clock;
	} cases[] = {
		{ 0, 12 },   { 14.9, 12 }, { -14.9, 12 }, { 15, 1 },   { -15, 11 },
		{ 30, 1 },   { 44.9, 1 },  { 45, 2 },     { 60, 2 },   { -45, 10 },
		{ -60, 10 }, { 90, 3 },    { -90, 9 },    { 135, 5 },  { 179, 6 },
		{ -179, 6 }, { 180, 6 },   { -180, 6 },   { NAN, 12 }, { 1e300, 12 },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_test_message("bearing %g", cases[i].bearing);
		g_assert_cmpint(sori_marker_clock_from_bearing(cases[i].bearing), ==,
				cases[i].clock);
	}
	/* the generator's truth says the same for every bearing */
	for (double b = -180; b <= 180; b += 0.25)
		g_assert_cmpint(sori_marker_clock_from_bearing(b), ==,
				sori_scene_clock_from_bearing(b));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/marker/facing", Fixture, NULL, fixture_set_up, test_facing, fixture_tear_down);
	g_test_add("/marker/turned", Fixture, NULL, fixture_set_up, test_turned, fixture_tear_down);
	g_test_add("/marker/degraded", Fixture, NULL, fixture_set_up, test_degraded,
		   fixture_tear_down);
	g_test_add("/marker/two-codes", Fixture, NULL, fixture_set_up, test_two_codes,
		   fixture_tear_down);
	g_test_add("/marker/libapriltag-agrees", Fixture, NULL, fixture_set_up,
		   test_libapriltag_agrees, fixture_tear_down);
	g_test_add("/marker/negatives", Fixture, NULL, fixture_set_up, test_negatives,
		   fixture_tear_down);
	g_test_add("/marker/blank-and-noise", Fixture, NULL, fixture_set_up, test_blank_and_noise,
		   fixture_tear_down);
	g_test_add("/marker/largest-frame", Fixture, NULL, fixture_set_up, test_largest_frame,
		   fixture_tear_down);
	g_test_add("/marker/strides", Fixture, NULL, fixture_set_up, test_strides,
		   fixture_tear_down);
	g_test_add("/marker/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
	g_test_add_func("/marker/clock", test_clock);
	return g_test_run();
}
