/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene generator's frames read as their truth says: Debian's
 * libapriltag, a reader that owes nothing to the generator, reads the rendered
 * codes at the truth's numbers and corners, clean and degraded, and through the
 * tone curve slightly wider; it finds no code of the family in the negative
 * frames. The random parameters cover the ranges, the same seed gives
 * the same bytes, and a frame is quick to make.
 */

#include "scene-test-common.h"

#include <apriltag/tag36h11.h>
#include <math.h>
#include <string.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define RUNNING_ON_SANITIZER 1
#else
#define RUNNING_ON_SANITIZER 0
#endif

#include "sori-marker-family.h"

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
	g_test_add_func("/scene/read-by-libapriltag", test_scene_read_by_libapriltag);
	g_test_add_func("/scene/degraded-still-read", test_scene_degraded_still_read);
	g_test_add_func("/scene/gamma", test_scene_gamma);
	g_test_add_func("/scene/negatives", test_scene_negatives);
	g_test_add_func("/scene/deterministic", test_scene_deterministic);
	g_test_add_func("/scene/random-ranges", test_scene_random_ranges);
	g_test_add_func("/scene/random-band", test_scene_random_band);
	g_test_add_func("/scene/speed", test_scene_speed);
	return g_test_run();
}
