/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the scene generator's tests share: libapriltag as an independent
 * reader of the frames, and a code's parameters and frame made in one call.
 */

#include "scene-test-common.h"

#include <apriltag/common/matd.h>
#include <apriltag/tagStandard41h12.h>
#include <math.h>

#include "sori-marker-family.h"

void
reader_init(Reader *reader)
{
	reader->detector = apriltag_detector_create();
	reader->family = tagStandard41h12_create();
	apriltag_detector_add_family(reader->detector, reader->family);
	/* full resolution, one thread: the most exact corners, same answer every run */
	reader->detector->quad_decimate = 1.0;
	reader->detector->nthreads = 1;
}

void
reader_clear(Reader *reader)
{
	apriltag_detector_destroy(reader->detector);
	tagStandard41h12_destroy(reader->family);
}

zarray_t *
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
void
detection_corners(const apriltag_detection_t *det, double corners[4][2])
{
	const double g = (double) SORI_MARKER_FAMILY_GRID / SORI_MARKER_FAMILY_BORDER;
	grid_corner(det, -g, -g, corners[0]);
	grid_corner(det, g, -g, corners[1]);
	grid_corner(det, g, g, corners[2]);
	grid_corner(det, -g, g, corners[3]);
}

double
corners_error(double a[4][2], const double b[4][2])
{
	double worst = 0;
	for (int i = 0; i < 4; i++)
		worst = MAX(worst, hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]));
	return worst;
}

void
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
void
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

SoriSceneFrame *
render(const SoriSceneParams *params)
{
	g_autoptr(GError) error = NULL;
	SoriSceneFrame *frame = sori_scene_render(params, &error);
	g_assert_no_error(error);
	g_assert_nonnull(frame);
	return frame;
}

double
side(const double a[2], const double b[2])
{
	return hypot(b[0] - a[0], b[1] - a[1]);
}
