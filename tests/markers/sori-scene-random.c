/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Random scenes: varied frames over the ranges for the data sets,
 * and frames of one code at a given width and off-axis angle for the
 * benchmark's bands. Deterministic from the seed.
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene-private.h"

#include <math.h>
#include <string.h>

/* the code's truth without rendering, to choose poses that fit the frame */
static gboolean
code_fits(const SoriSceneParams *params, const SoriSceneCode *code)
{
	g_autoptr(SoriSceneLabel) label = sori_scene_label_new(code->id, code->size_mm, NULL, NULL);
	Camera camera;
	Plane plane = { 0 };
	double corners[4][2];
	SoriSceneTruth truth;

	sori_scene_camera_init(&camera, params->width, params->height, params->fov_deg,
			       params->distortion_k1);
	sori_scene_label_get_grid_corners_mm(label, corners);
	plane.anchor[0] = (corners[0][0] + corners[2][0]) / 2;
	plane.anchor[1] = (corners[0][1] + corners[2][1]) / 2;
	sori_scene_plane_set_pose(&plane, code->distance_m, code->bearing_deg, code->elevation_deg,
				  code->yaw_deg, code->roll_deg);
	sori_scene_code_truth(&camera, &plane, label, code, &truth);
	/* and a margin of a cell's width inside the frame */
	for (int i = 0; i < 4; i++) {
		double margin = truth.width_px / SORI_MARKER_FAMILY_GRID;
		if (truth.corners[i][0] < margin || truth.corners[i][1] < margin
		    || truth.corners[i][0] > params->width - margin
		    || truth.corners[i][1] > params->height - margin)
			return FALSE;
	}
	return truth.readable;
}

static const char *const sample_urls[] = {
	"https://sori.example/v/dasol-museum/e/12",
	"https://sori.example/v/haneul-wetland/e/3",
	"https://museum.example/s/7f3a",
};

void
sori_scene_params_random(SoriSceneParams *params, guint64 seed, gboolean negative)
{
	sori_scene_params_random_framed(params, seed, negative, 1280, 720, 68);
}

void
sori_scene_params_random_framed(SoriSceneParams *params, guint64 seed, gboolean negative, int width,
				int height, double fov_deg)
{
	static const double sizes_mm[] = { 40, 60, 80, 100, 120, 150, 200, 300 };
	Rng rng;
	double f, vertical_half, largest_px;

	sori_scene_params_init(params);
	params->width = width;
	params->height = height;
	params->fov_deg = fov_deg;
	/* a different stream from the render's own, which starts from the same seed */
	rng_init(&rng, seed ^ 0x5343454e45ULL);
	params->seed = seed;
	if (rng_chance(&rng, 0.3))
		params->defocus_px = rng_range(&rng, 0.5, 2.5);
	if (rng_chance(&rng, 0.25)) {
		params->motion_px = rng_range(&rng, 2, 12);
		params->motion_angle_deg = rng_range(&rng, 0, 180);
	}
	if (rng_chance(&rng, 0.6))
		params->noise_sigma = rng_range(&rng, 1, 8);
	params->dim = rng_chance(&rng, 0.2);
	params->uneven = rng_chance(&rng, 0.3);
	if (rng_chance(&rng, 0.3))
		params->distortion_k1 = rng_range(&rng, -0.15, 0.1);
	if (negative) {
		params->negative = 1 + rng_int(&rng, SORI_SCENE_NEGATIVE_COUNT - 1);
		return;
	}

	f = sori_scene_focal_px(params->width, params->fov_deg);
	vertical_half = atan(params->height / 2.0 / f) * 180 / G_PI;
	largest_px = MIN(600, 0.7 * MIN(params->width, params->height));
	params->n_codes = rng_chance(&rng, 0.15) ? 2 : 1;
	for (int i = 0; i < params->n_codes; i++) {
		SoriSceneCode *code = &params->codes[i];
		for (int attempt = 0; attempt < 100; attempt++) {
			double near, far, u = rng_double(&rng);
			memset(code, 0, sizeof *code);
			code->id = rng_int(&rng, SORI_MARKER_FAMILY_CODES);
			code->size_mm = sizes_mm[rng_int(&rng, G_N_ELEMENTS(sizes_mm))];
			/* 14..600 px wide (or 0.7 of a smaller frame), within 0.5..15 m,
			 * log-uniform */
			near = MAX(0.5,
				   sori_scene_distance_for_width(code->size_mm, largest_px,
								 params->width, params->fov_deg));
			far = MIN(15.0, sori_scene_distance_for_width(
						code->size_mm, 14, params->width, params->fov_deg));
			if (near >= far)
				continue;
			code->distance_m = near * pow(far / near, rng_double(&rng));
			if (params->n_codes == 1)
				code->bearing_deg = rng_range(&rng, -28, 28);
			else
				code->bearing_deg = (i == 0 ? -1 : 1) * rng_range(&rng, 8, 28);
			code->elevation_deg
				= rng_range(&rng, -0.7 * vertical_half, 0.7 * vertical_half);
			code->yaw_deg = u < 0.5   ? rng_range(&rng, 0, 45)
					: u < 0.8 ? rng_range(&rng, 45, 65)
						  : rng_range(&rng, 65, 75);
			if (rng_chance(&rng, 0.5))
				code->yaw_deg = -code->yaw_deg;
			code->roll_deg = rng_range(&rng, -180, 180);
			if (rng_chance(&rng, 0.4))
				code->qr_url
					= sample_urls[rng_int(&rng, G_N_ELEMENTS(sample_urls))];
			if (rng_chance(&rng, 0.2))
				code->occlude = rng_range(&rng, 0.05, 0.3);
			/* worn, tinted or grey prints, and glossy ones under a lamp */
			if (rng_chance(&rng, 0.3)) {
				code->paper = rng_range(&rng, 0.6, 0.9);
				code->ink = rng_range(&rng, 0.03, 0.15);
			}
			if (rng_chance(&rng, 0.1))
				code->glare = rng_range(&rng, 0.2, 0.6);
			if (code_fits(params, code))
				break;
		}
	}
}

void
sori_scene_params_random_band(SoriSceneParams *params, guint64 seed, double width_px,
			      double off_axis_min_deg, double off_axis_max_deg)
{
	static const double sizes_mm[] = { 40, 60, 80, 100, 120, 150, 200, 300 };
	SoriSceneCode *code = &params->codes[0];
	double f, vertical_half;
	Rng rng;

	sori_scene_params_init(params);
	rng_init(&rng, seed ^ 0x42414e44ULL);
	params->seed = seed;
	if (rng_chance(&rng, 0.8))
		params->noise_sigma = rng_range(&rng, 1, 4);
	if (rng_chance(&rng, 0.25))
		params->defocus_px = rng_range(&rng, 0.4, 1.2);
	if (rng_chance(&rng, 0.15)) {
		params->motion_px = rng_range(&rng, 1, 3);
		params->motion_angle_deg = rng_range(&rng, 0, 180);
	}
	params->dim = rng_chance(&rng, 0.15);
	params->uneven = rng_chance(&rng, 0.25);
	if (rng_chance(&rng, 0.2))
		params->distortion_k1 = rng_range(&rng, -0.05, 0.05);
	f = sori_scene_focal_px(params->width, params->fov_deg);
	vertical_half = atan(params->height / 2.0 / f) * 180 / G_PI;
	params->n_codes = 1;
	off_axis_min_deg = CLAMP(off_axis_min_deg, 0, 80);
	off_axis_max_deg = CLAMP(off_axis_max_deg, off_axis_min_deg, 80);
	for (int attempt = 0; attempt < 200; attempt++) {
		/* nearer the centre as attempts fail: a large code fits only there */
		double spread = 1.0 - attempt / 200.0;
		memset(code, 0, sizeof *code);
		code->id = rng_int(&rng, SORI_MARKER_FAMILY_CODES);
		code->size_mm = sizes_mm[rng_int(&rng, G_N_ELEMENTS(sizes_mm))];
		code->distance_m = CLAMP(f * code->size_mm / 1000 / MAX(width_px, 1), 0.05, 200);
		code->bearing_deg = spread * rng_range(&rng, -30, 30);
		code->elevation_deg
			= spread * rng_range(&rng, -0.8 * vertical_half, 0.8 * vertical_half);
		code->yaw_deg = rng_range(&rng, off_axis_min_deg, off_axis_max_deg);
		if (rng_chance(&rng, 0.5))
			code->yaw_deg = -code->yaw_deg;
		code->roll_deg = rng_range(&rng, -180, 180);
		if (code_fits(params, code))
			break;
	}
}
