/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene generator's truth is right: Debian's libapriltag, a reader that
 * owes nothing to the generator, reads the rendered codes at the truth's
 * numbers and corners, finds no code of the family in the negative frames,
 * and the geometry (size, order of corners, bearing's sign, foreshortening)
 * is what a camera would see.
 */

#include "sori-scene.h"

#include <apriltag/apriltag.h>
#include <apriltag/common/matd.h>
#include <apriltag/tag36h11.h>
#include <apriltag/tagStandard41h12.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/wait.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define RUNNING_ON_SANITIZER 1
#else
#define RUNNING_ON_SANITIZER 0
#endif

#include "sori-marker-family.h"

typedef struct {
	apriltag_detector_t *detector;
	apriltag_family_t *family;
} Reader;

static void
reader_init(Reader *reader)
{
	reader->detector = apriltag_detector_create();
	reader->family = tagStandard41h12_create();
	apriltag_detector_add_family(reader->detector, reader->family);
	/* full resolution, one thread: the most exact corners, same answer every run */
	reader->detector->quad_decimate = 1.0;
	reader->detector->nthreads = 1;
}

static void
reader_clear(Reader *reader)
{
	apriltag_detector_destroy(reader->detector);
	tagStandard41h12_destroy(reader->family);
}

static zarray_t *
detect(apriltag_detector_t *detector, const SoriSceneFrame *frame)
{
	image_u8_t image = {
		.width = frame->width,
		.height = frame->height,
		.stride = frame->width,
		.buf = frame->pixels,
	};
	return apriltag_detector_detect(detector, &image);
}

/* libapriltag's homography maps the 5 × 5 white square to ±1; the grid is ±9/5 */
static void
grid_corner(const apriltag_detection_t *det, double tx, double ty, double out[2])
{
	const matd_t *h = det->H;
	double x = MATD_EL(h, 0, 0) * tx + MATD_EL(h, 0, 1) * ty + MATD_EL(h, 0, 2);
	double y = MATD_EL(h, 1, 0) * tx + MATD_EL(h, 1, 1) * ty + MATD_EL(h, 1, 2);
	double z = MATD_EL(h, 2, 0) * tx + MATD_EL(h, 2, 1) * ty + MATD_EL(h, 2, 2);
	out[0] = x / z;
	out[1] = y / z;
}

/* the detection's grid corners, in the order of sori-marker.h: from the
 * code's own top-left (the cell of its first bit), clockwise */
static void
detection_corners(const apriltag_detection_t *det, double corners[4][2])
{
	const double g = (double) SORI_MARKER_FAMILY_GRID / SORI_MARKER_FAMILY_BORDER;
	grid_corner(det, -g, -g, corners[0]);
	grid_corner(det, g, -g, corners[1]);
	grid_corner(det, g, g, corners[2]);
	grid_corner(det, -g, g, corners[3]);
}

static double
corners_error(double a[4][2], const double b[4][2])
{
	double worst = 0;
	for (int i = 0; i < 4; i++)
		worst = MAX(worst, hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]));
	return worst;
}

static void
params_one_code(SoriSceneParams *params, int id, double size_mm, double distance_m,
		double bearing_deg, double yaw_deg, double roll_deg)
{
	sori_scene_params_init(params);
	/* linear: libapriltag's edges then sit where the geometry says (see test_scene_gamma) */
	params->gamma = 1;
	params->n_codes = 1;
	params->codes[0].id = id;
	params->codes[0].size_mm = size_mm;
	params->codes[0].distance_m = distance_m;
	params->codes[0].bearing_deg = bearing_deg;
	params->codes[0].yaw_deg = yaw_deg;
	params->codes[0].roll_deg = roll_deg;
}

/* the one detection of the frame, checked against the one truth */
static void
assert_read_as_truth(Reader *reader, const SoriSceneFrame *frame, double tolerance_px)
{
	zarray_t *detections = detect(reader->detector, frame);
	apriltag_detection_t *det;
	double corners[4][2];
	double error;

	g_assert_cmpint(frame->n_truths, ==, 1);
	g_assert_true(frame->truths[0].readable);
	g_assert_cmpint(zarray_size(detections), ==, 1);
	zarray_get(detections, 0, &det);
	g_assert_cmpint(det->id, ==, frame->truths[0].id);
	g_assert_cmpint(det->hamming, ==, 0);
	detection_corners(det, corners);
	error = corners_error(corners, frame->truths[0].corners);
	g_test_message("code %d, %.0f px wide: corners %.2f px from the truth", det->id,
		       frame->truths[0].width_px, error);

	g_assert_cmpfloat(error, <=, tolerance_px);
	g_assert_cmpfloat(hypot(det->c[0] - frame->truths[0].centre[0],
				det->c[1] - frame->truths[0].centre[1]),
			  <=, tolerance_px);
	apriltag_detections_destroy(detections);
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

static double
side(const double a[2], const double b[2])
{
	return hypot(b[0] - a[0], b[1] - a[1]);
}

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

/* clean frames, codes 24..300 px wide, up to 45° off axis, any roll: read at
 * the truth's number with the truth's corners */
static void
test_scene_read_by_libapriltag(void)
{
	Reader reader;
	int read = 0, total = 0;
	double worst = 0;

	reader_init(&reader);
	for (int i = 0; i < 40; i++) {
		SoriSceneParams params;
		g_autoptr(SoriSceneFrame) frame = NULL;
		double width_px = 24 * pow(300.0 / 24, i / 39.0);
		double size_mm = i % 2 ? 150 : 80;
		double distance = sori_scene_distance_for_width(size_mm, width_px, 1280, 68);
		zarray_t *detections;

		params_one_code(&params, (i * 53) % SORI_MARKER_FAMILY_CODES, size_mm, distance,
				(i % 7 - 3) * 7.0, (i % 10) * 4.5, i * 37.0);
		params.seed = 1000 + i;
		frame = render(&params);
		g_assert_true(frame->truths[0].readable);
		detections = detect(reader.detector, frame);
		total++;
		for (int d = 0; d < zarray_size(detections); d++) {
			apriltag_detection_t *det;
			double corners[4][2], error;
			zarray_get(detections, d, &det);
			/* never another number */
			g_assert_cmpint(det->id, ==, frame->truths[0].id);
			detection_corners(det, corners);
			error = corners_error(corners, frame->truths[0].corners);
			/* within about a pixel, or 1 % of a large code's width */
			g_assert_cmpfloat(error, <=, MAX(1.0, 0.01 * frame->truths[0].width_px));
			worst = MAX(worst, error);
			read++;
		}
		apriltag_detections_destroy(detections);
	}
	g_test_message("libapriltag read %d of %d clean frames, corners within %.2f px", read,
		       total, worst);
	/* libapriltag's own figure on such frames is all of them */
	g_assert_cmpint(read, ==, total);
	reader_clear(&reader);
}

/* the same with the generator's degradations, one at a time, mild */
static void
test_scene_degraded_still_read(void)
{
	Reader reader;

	reader_init(&reader);
	for (int i = 0; i < 9; i++) {
		SoriSceneParams params;
		g_autoptr(SoriSceneFrame) frame = NULL;

		params_one_code(&params, 1234, 150, 2.5, -10, 20, 10);
		params.seed = 7 + i;
		switch (i) {
		case 0:
			params.defocus_px = 1.5;
			break;
		case 1:
			params.motion_px = 6;
			params.motion_angle_deg = 30;
			break;
		case 2:
			params.noise_sigma = 6;
			break;
		case 3:
			params.dim = TRUE;
			break;
		case 4:
			params.uneven = TRUE;
			break;
		case 5:
			params.distortion_k1 = -0.12;
			break;
		case 7:
			params.codes[0].glare = 0.5;
			break;
		case 8:
			params.codes[0].paper = 0.65;
			params.codes[0].ink = 0.12;
			break;
		default:
			params.codes[0].occlude = 0.25;
			params.codes[0].qr_url = "https://sori.example/v/dasol-museum/e/12";
			break;
		}
		frame = render(&params);
		assert_read_as_truth(&reader, frame, 1.0);
		if (i == 6) {
			g_assert_cmpfloat(frame->truths[0].occluded, >, 0.2);
			g_assert_true(frame->truths[0].readable);
		}
	}
	reader_clear(&reader);
}

/* libapriltag's width of a code, facing the camera */
static double
read_width(Reader *reader, const SoriSceneFrame *frame)
{
	zarray_t *detections = detect(reader->detector, frame);
	apriltag_detection_t *det;
	double corners[4][2], width = 0;

	g_assert_cmpint(zarray_size(detections), ==, 1);
	zarray_get(detections, 0, &det);
	detection_corners(det, corners);
	for (int i = 0; i < 4; i++)
		width += side(corners[i], corners[(i + 1) % 4]) / 4;
	apriltag_detections_destroy(detections);
	return width;
}

/*
 * The camera's tone curve (gamma 2.2, the default) lightens the grey of a
 * blurred edge, so that the code's white square reads larger, more so the
 * blurrier the frame: real frames do that, and a detector's distance must
 * live with it. With a linear curve the edges are where the geometry says.
 */
static void
test_scene_gamma(void)
{
	Reader reader;
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) linear = NULL;
	g_autoptr(SoriSceneFrame) camera = NULL;
	double truth, linear_width, camera_width;

	reader_init(&reader);
	params_one_code(&params, 99, 150, 3.0, 0, 0, 0);
	params.background = SORI_SCENE_BACKGROUND_PLAIN;
	params.defocus_px = 1.5;
	linear = render(&params);
	params.gamma = 0;
	camera = render(&params);
	truth = linear->truths[0].width_px;
	g_assert_cmpfloat(camera->truths[0].width_px, ==, truth);
	linear_width = read_width(&reader, linear);
	camera_width = read_width(&reader, camera);
	g_test_message("%.2f px wide; read %.2f in linear light, %.2f through gamma 2.2", truth,
		       linear_width, camera_width);
	g_assert_cmpfloat(fabs(linear_width - truth), <, 0.01 * truth);
	g_assert_cmpfloat(camera_width, >, truth * 1.01);
	g_assert_cmpfloat(camera_width, <, truth * 1.10);
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

/* no code of the family in any negative frame; the other families' frames do
 * show their own codes */
static void
test_scene_negatives(void)
{
	Reader reader;
	apriltag_detector_t *other = apriltag_detector_create();
	apriltag_family_t *tag36h11 = tag36h11_create();
	int other_found = 0;

	reader_init(&reader);
	apriltag_detector_add_family(other, tag36h11);
	other->nthreads = 1;
	for (int kind = SORI_SCENE_NEGATIVE_PICTURE; kind < SORI_SCENE_NEGATIVE_COUNT; kind++) {
		for (int seed = 0; seed < 4; seed++) {
			SoriSceneParams params;
			g_autoptr(SoriSceneFrame) frame = NULL;
			zarray_t *detections;

			sori_scene_params_init(&params);
			params.negative = kind;
			params.seed = seed;
			/* codes are ignored in a negative frame */
			params.n_codes = 1;
			params.codes[0]
				= (SoriSceneCode){ .id = 1, .size_mm = 100, .distance_m = 1 };
			frame = render(&params);
			g_assert_cmpint(frame->n_truths, ==, 0);
			detections = detect(reader.detector, frame);
			g_assert_cmpint(zarray_size(detections), ==, 0);
			apriltag_detections_destroy(detections);
			if (kind == SORI_SCENE_NEGATIVE_TAG36H11) {
				detections = detect(other, frame);
				other_found += zarray_size(detections);
				apriltag_detections_destroy(detections);
			}
		}
	}
	g_test_message("tag36h11 codes read in its negative frames: %d", other_found);
	g_assert_cmpint(other_found, >, 0);
	apriltag_detector_destroy(other);
	tag36h11_destroy(tag36h11);
	reader_clear(&reader);
}

/* the same parameters and seed give the same bytes; another seed others */
static void
test_scene_deterministic(void)
{
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) a = NULL;
	g_autoptr(SoriSceneFrame) b = NULL;
	g_autoptr(SoriSceneFrame) c = NULL;
	g_autofree char *json_a = NULL;
	g_autofree char *json_b = NULL;

	sori_scene_params_random(&params, 77, FALSE);
	a = render(&params);
	sori_scene_params_random(&params, 77, FALSE);
	b = render(&params);
	g_assert_cmpmem(a->pixels, a->width * a->height, b->pixels, b->width * b->height);
	json_a = sori_scene_frame_truth_to_json(a, "a.pgm");
	json_b = sori_scene_frame_truth_to_json(b, "a.pgm");
	g_assert_cmpstr(json_a, ==, json_b);
	sori_scene_params_random(&params, 78, FALSE);
	c = render(&params);
	g_assert_true(memcmp(a->pixels, c->pixels, a->width * a->height) != 0);
}

/* a video's frames: the same wall every frame, moved by the shake; fresh noise */
static void
test_scene_video_frames(void)
{
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) first = NULL;
	g_autoptr(SoriSceneFrame) second = NULL;
	g_autoptr(SoriSceneFrame) shifted = NULL;
	g_autoptr(SoriSceneFrame) noisy = NULL;
	g_autoptr(SoriSceneFrame) noisy_next = NULL;
	int same = 0, total = 0;

	sori_scene_params_init(&params);
	params.seed = 5;
	params.n_codes = 0;
	first = render(&params);
	params.frame = 1;
	second = render(&params);
	g_assert_cmpmem(first->pixels, 1280 * 720, second->pixels, 1280 * 720);
	/* moved 12 px right and 5 up: the wall's pixels follow */
	params.background_shift_px[0] = 12;
	params.background_shift_px[1] = -5;
	shifted = render(&params);
	for (int y = 10; y < 700; y += 7) {
		for (int x = 20; x < 1260; x += 7) {
			total++;
			same += shifted->pixels[(y - 5) * 1280 + x + 12]
				== first->pixels[y * 1280 + x];
		}
	}
	g_assert_cmpint(same, ==, total);
	params.background_shift_px[0] = params.background_shift_px[1] = 0;
	params.noise_sigma = 3;
	params.frame = 0;
	noisy = render(&params);
	params.frame = 1;
	noisy_next = render(&params);
	g_assert_true(memcmp(noisy->pixels, noisy_next->pixels, 1280 * 720) != 0);
}

/* the random set's positive frames all show readable codes within the ranges */
static void
test_scene_random_ranges(void)
{
	int two = 0, occluded = 0, far = 0, steep = 0;

	for (guint64 seed = 0; seed < 300; seed++) {
		SoriSceneParams params;
		sori_scene_params_random(&params, seed, FALSE);
		g_assert_cmpint(params.negative, ==, SORI_SCENE_NEGATIVE_NONE);
		g_assert_cmpint(params.n_codes, >=, 1);
		two += params.n_codes == 2;
		for (int i = 0; i < params.n_codes; i++) {
			const SoriSceneCode *code = &params.codes[i];
			g_assert_cmpfloat(code->distance_m, >=, 0.5);
			g_assert_cmpfloat(code->distance_m, <=, 15);
			g_assert_cmpfloat(fabs(code->yaw_deg), <=, 75);
			occluded += code->occlude > 0;
			far += code->distance_m > 8;
			steep += fabs(code->yaw_deg) > 60;
		}
		sori_scene_params_random(&params, seed, TRUE);
		g_assert_cmpint(params.negative, >, SORI_SCENE_NEGATIVE_NONE);
		g_assert_cmpint(params.negative, <, SORI_SCENE_NEGATIVE_COUNT);
	}
	/* another frame's geometry: the codes still fit it */
	for (guint64 seed = 0; seed < 100; seed++) {
		SoriSceneParams params;
		sori_scene_params_random_framed(&params, seed, FALSE, 640, 480, 60);
		g_assert_cmpint(params.width, ==, 640);
		g_assert_cmpint(params.height, ==, 480);
		g_assert_cmpfloat(params.fov_deg, ==, 60);
		if (seed < 5) {
			g_autoptr(SoriSceneFrame) frame = render(&params);
			for (int i = 0; i < frame->n_truths; i++)
				g_assert_true(frame->truths[i].readable);
		}
	}
	g_assert_cmpint(two, >, 10);
	g_assert_cmpint(occluded, >, 10);
	g_assert_cmpint(far, >, 10);
	g_assert_cmpint(steep, >, 10);
	/* and what they render says they are readable, in the frame */
	for (guint64 seed = 0; seed < 20; seed++) {
		SoriSceneParams params;
		g_autoptr(SoriSceneFrame) frame = NULL;
		sori_scene_params_random(&params, seed, FALSE);
		frame = render(&params);
		for (int i = 0; i < frame->n_truths; i++)
			g_assert_true(frame->truths[i].readable);
	}
}

/* a band's frames: the code as wide as asked (facing), off axis as asked, whole */
static void
test_scene_random_band(void)
{
	const double widths[] = { 20, 30, 50, 100, 400 };
	double f = sori_scene_focal_px(1280, 68);

	for (guint w = 0; w < G_N_ELEMENTS(widths); w++) {
		for (guint64 seed = 0; seed < 30; seed++) {
			SoriSceneParams params;
			SoriSceneFrame *frame;
			const SoriSceneCode *code;
			double facing;

			sori_scene_params_random_band(&params, seed, widths[w], 60, 75);
			code = &params.codes[0];
			g_assert_cmpint(params.n_codes, ==, 1);
			facing = f * code->size_mm / 1000 / code->distance_m;
			g_assert_cmpfloat(fabs(facing - widths[w]), <, 1e-6 * widths[w]);
			g_assert_cmpfloat(fabs(code->yaw_deg), >=, 60);
			g_assert_cmpfloat(fabs(code->yaw_deg), <=, 75);
			g_assert_cmpfloat(code->occlude, ==, 0);
			if (seed < 3) {
				frame = render(&params);
				g_assert_true(frame->truths[0].readable);
				/* turned 60..75°, narrower than facing, not wider */
				g_assert_cmpfloat(frame->truths[0].width_px, <, facing * 1.05);
				sori_scene_frame_free(frame);
			}
		}
	}
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

static int
run_tool(const char *const *argv, char **out, char **err)
{
	g_autoptr(GError) error = NULL;
	int status;
	g_autoptr(GPtrArray) args = g_ptr_array_new();

	g_ptr_array_add(args, (char *) g_getenv("SORI_SCENE"));
	for (int i = 0; argv[i] != NULL; i++)
		g_ptr_array_add(args, (char *) argv[i]);
	g_ptr_array_add(args, NULL);
	g_spawn_sync(NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
		     &status, &error);
	g_assert_no_error(error);
	g_assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* the video: YUV4MPEG2 header, N frames of luma and flat chroma, a truth line each */
static void
test_scene_video(void)
{
	g_autofree char *dir = g_dir_make_tmp("scene-test-XXXXXX", NULL);
	g_autofree char *video = g_build_filename(dir, "walk.y4m", NULL);
	g_autofree char *truth = g_build_filename(dir, "walk.jsonl", NULL);
	g_autofree char *bytes = NULL;
	g_autofree char *lines = NULL;
	g_auto(GStrv) truths = NULL;
	gsize length;
	const char *header = "YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED\n";
	gsize frame_size = 6 + 640 * 480 * 3 / 2;
	const char *argv[] = { "video",
			       "--out",
			       video,
			       "--truth",
			       truth,
			       "--frames",
			       "6",
			       "--fps",
			       "15",
			       "--width",
			       "640",
			       "--height",
			       "480",
			       "--code",
			       "17:150:6-2:10",
			       "--code",
			       "18:150:7-3:-15",
			       "--gap",
			       "4-4",
			       NULL };
	double first = 0, last = 0;

	g_assert_cmpint(run_tool(argv, NULL, NULL), ==, 0);
	g_assert_true(g_file_get_contents(video, &bytes, &length, NULL));
	g_assert_cmpuint(length, ==, strlen(header) + 6 * frame_size);
	g_assert_true(strncmp(bytes, header, strlen(header)) == 0);
	for (int f = 0; f < 6; f++) {
		const char *frame = bytes + strlen(header) + f * frame_size;
		g_assert_true(strncmp(frame, "FRAME\n", 6) == 0);
		/* video-range luma */
		for (gsize i = 6; i < 6 + 640 * 480; i++) {
			g_assert_cmpint((guint8) frame[i], >=, 16);
			g_assert_cmpint((guint8) frame[i], <=, 235);
		}
		/* flat chroma */
		for (gsize i = 6 + 640 * 480; i < frame_size; i += 997)
			g_assert_cmpint((guint8) frame[i], ==, 128);
	}
	g_assert_true(g_file_get_contents(truth, &lines, NULL, NULL));
	truths = g_strsplit(g_strchomp(lines), "\n", -1);
	g_assert_cmpuint(g_strv_length(truths), ==, 6);
	for (int f = 0; f < 6; f++) {
		g_autofree char *start = g_strdup_printf("{\"frame\":%d,\"width\":640,", f);
		g_assert_true(g_str_has_prefix(truths[f], start));
	}
	g_assert_nonnull(strstr(truths[0], "\"id\":17"));
	g_assert_nonnull(strstr(truths[0], "\"id\":18"));
	/* the gap shows no code */
	g_assert_nonnull(strstr(truths[4], "\"codes\":[]"));
	/* the walker gets nearer: 6 m then 2 m */
	sscanf(strstr(truths[0], "\"distance_m\":") + 13, "%lf", &first);
	sscanf(strstr(truths[5], "\"distance_m\":") + 13, "%lf", &last);
	g_assert_cmpfloat(fabs(first - 6), <, 0.01);
	g_assert_cmpfloat(fabs(last - 2), <, 0.01);
	g_remove(video);
	g_remove(truth);
	g_rmdir(dir);
}

/* a frame's greys as video-range luma, which a player maps back to the greys */
static void
test_scene_y4m_luma(void)
{
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) frame = NULL;
	g_autoptr(GError) error = NULL;
	char *bytes = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&bytes, &length);
	const guint8 *luma;

	params_one_code(&params, 20, 150, 1.5, 10, 20, 0);
	params.width = 64 * 4;
	params.height = 48 * 4;
	params.noise_sigma = 4;
	frame = render(&params);
	g_assert_true(sori_scene_y4m_write_header(out, frame->width, frame->height, 30, &error));
	g_assert_true(sori_scene_y4m_write_frame(out, frame, &error));
	g_assert_no_error(error);
	fclose(out);
	luma = (const guint8 *) strstr(bytes, "FRAME\n") + 6;
	g_assert_cmpuint(length, ==, (const char *) luma - bytes + 256 * 192 * 3 / 2);
	for (int i = 0; i < 256 * 192; i++) {
		/* 16 + 219 g / 255, and back: within half a level */
		double back = (luma[i] - 16) * 255.0 / 219;
		g_assert_cmpfloat(fabs(back - frame->pixels[i]), <=, 0.6);
	}
	free(bytes);
}

/* the truth as JSON: valid, whatever the file's name, and the truth's numbers */
static void
test_scene_truth_json(void)
{
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) frame = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autofree char *json = NULL;
	const char *name = "a \"quoted\" \\ name\twith\n\x01 한글 \xff.pgm";
	JsonObject *root;
	JsonArray *codes;

	params_one_code(&params, 20, 150, 2.5, 18, 30, 40);
	params.n_codes = 2;
	params.codes[1] = params.codes[0];
	params.codes[1].id = 2114;
	params.codes[1].bearing_deg = -20;
	params.codes[1].distance_m = 4;
	frame = render(&params);
	json = sori_scene_frame_truth_to_json(frame, name);
	g_assert_null(strchr(json, '\n'));
	json_parser_load_from_data(parser, json, -1, &error);
	g_assert_no_error(error);
	root = json_node_get_object(json_parser_get_root(parser));
	/* the name as given, its one invalid byte replaced */
	g_assert_cmpstr(json_object_get_string_member(root, "file"), ==,
			"a \"quoted\" \\ name\twith\n\x01 한글 \xef\xbf\xbd.pgm");
	g_assert_cmpint(json_object_get_int_member(root, "width"), ==, 1280);
	g_assert_true(json_object_get_null_member(root, "negative"));
	codes = json_object_get_array_member(root, "codes");
	g_assert_cmpuint(json_array_get_length(codes), ==, 2);
	for (int i = 0; i < 2; i++) {
		JsonObject *code = json_array_get_object_element(codes, i);
		const SoriSceneTruth *t = &frame->truths[i];
		JsonArray *corners = json_object_get_array_member(code, "corners");
		g_assert_cmpint(json_object_get_int_member(code, "id"), ==, t->id);
		g_assert_cmpfloat(
			fabs(json_object_get_double_member(code, "distance_m") - t->distance_m), <,
			1e-4);
		g_assert_cmpfloat(
			fabs(json_object_get_double_member(code, "bearing_deg") - t->bearing_deg),
			<, 1e-3);
		g_assert_cmpfloat(
			fabs(json_object_get_double_member(code, "width_px") - t->width_px), <,
			1e-3);
		g_assert_cmpint(json_object_get_int_member(code, "clock"), ==, t->clock);
		g_assert_cmpint(json_object_get_boolean_member(code, "readable"), ==, t->readable);
		g_assert_cmpuint(json_array_get_length(corners), ==, 4);
		for (int c = 0; c < 4; c++) {
			JsonArray *xy = json_array_get_array_element(corners, c);
			g_assert_cmpfloat(
				fabs(json_array_get_double_element(xy, 0) - t->corners[c][0]), <,
				1e-3);
			g_assert_cmpfloat(
				fabs(json_array_get_double_element(xy, 1) - t->corners[c][1]), <,
				1e-3);
		}
	}
	g_assert_cmpint(frame->truths[0].clock, ==, 1);
	g_assert_cmpint(frame->truths[1].clock, ==, 11);
}

/* usage errors exit 2, failures 1, each said */
static void
test_scene_tool_errors(void)
{
	g_autofree char *err = NULL;
	const char *no_command[] = { NULL };
	const char *bad_code[] = { "frame", "--out", "/tmp/x.pgm", "--code", "5000:100:1:0", NULL };
	const char *bad_option[] = { "frame", "--out", "/tmp/x.pgm", "--frobnicate", NULL };
	const char *out_of_range[]
		= { "frame", "--out", "/tmp/x.pgm", "--code", "5:100:1:0:85", NULL };
	const char *unwritable[]
		= { "frame", "--out", "/nonexistent/dir/x.pgm", "--code", "5:100:1:0", NULL };
	const char *odd_video[] = { "video",   "--out", "/tmp/x.y4m", "--frames",    "1",
				    "--width", "641",   "--code",     "5:100:2-1:0", NULL };

	g_assert_cmpint(run_tool(no_command, NULL, NULL), ==, 2);
	g_assert_cmpint(run_tool(bad_code, NULL, &err), ==, 2);
	g_assert_nonnull(strstr(err, "--code"));
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run_tool(bad_option, NULL, &err), ==, 2);
	g_assert_nonnull(strstr(err, "--frobnicate"));
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run_tool(out_of_range, NULL, &err), ==, 2);
	g_assert_nonnull(strstr(err, "off-axis"));
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run_tool(unwritable, NULL, &err), ==, 1);
	g_assert_nonnull(strstr(err, "/nonexistent/dir/x.pgm"));
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run_tool(odd_video, NULL, &err), ==, 2);
}

static double
cpu_ms(void)
{
	struct timespec now;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
	return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* a 1280 × 720 frame in well under 200 ms, so the benchmark can make thousands:
 * measured in CPU time, the machine being shared while the tests run */
static void
test_scene_speed(void)
{
	double start = cpu_ms();
	double ms;
	int n = 12;

	for (int i = 0; i < n; i++) {
		SoriSceneParams params;
		g_autoptr(SoriSceneFrame) frame = NULL;
		sori_scene_params_random(&params, 500 + i, i % 3 == 0);
		frame = render(&params);
	}
	ms = (cpu_ms() - start) / n;
	g_test_message("%.1f ms of CPU per 1280 x 720 frame", ms);
	/* 200 ms, and room for the sanitizers' build, 3 to 5 times slower */
	g_assert_cmpfloat(ms, <, 200 * (RUNNING_ON_SANITIZER ? 4 : 1));
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
	g_test_add_func("/scene/read-by-libapriltag", test_scene_read_by_libapriltag);
	g_test_add_func("/scene/degraded-still-read", test_scene_degraded_still_read);
	g_test_add_func("/scene/gamma", test_scene_gamma);
	g_test_add_func("/scene/occluded-grid", test_scene_occluded_grid);
	g_test_add_func("/scene/not-in-view", test_scene_not_in_view);
	g_test_add_func("/scene/negatives", test_scene_negatives);
	g_test_add_func("/scene/deterministic", test_scene_deterministic);
	g_test_add_func("/scene/video-frames", test_scene_video_frames);
	g_test_add_func("/scene/random-ranges", test_scene_random_ranges);
	g_test_add_func("/scene/random-band", test_scene_random_band);
	g_test_add_func("/scene/invalid", test_scene_invalid);
	g_test_add_func("/scene/label", test_scene_label);
	g_test_add_func("/scene/truth-json", test_scene_truth_json);
	g_test_add_func("/scene/video", test_scene_video);
	g_test_add_func("/scene/y4m-luma", test_scene_y4m_luma);
	g_test_add_func("/scene/tool-errors", test_scene_tool_errors);
	g_test_add_func("/scene/speed", test_scene_speed);
	return g_test_run();
}
