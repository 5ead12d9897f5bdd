/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene generator: see sori-scene.h. Rendering is physical: each pixel's
 * rays (4 × 4 a pixel, unless its four corners see the same detail) go
 * through the pinhole, through the inverse of the lens's distortion, meet the
 * label's plane and sample its exact reflectance; light, blur and noise
 * follow in linear light, then the camera's tone curve and 8 bits.
 *
 * Here the parameters are checked and a frame put together: the wall
 * (sori-scene-wall.c), the labels (sori-scene-label.c) or a negative frame's
 * things (sori-scene-negative.c) placed as planes and drawn through the camera
 * (sori-scene-projection.c), then the sensor (sori-scene-sensor.c).
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene-private.h"

#include <math.h>
#include <string.h>

// clang-format off
G_DEFINE_QUARK(sori-scene-error-quark, sori_scene_error)
// clang-format on

void
sori_scene_params_init(SoriSceneParams *params)
{
	memset(params, 0, sizeof *params);
	params->width = 1280;
	params->height = 720;
	params->fov_deg = 68;
	params->background = SORI_SCENE_BACKGROUND_TEXTURED;
	params->negative = SORI_SCENE_NEGATIVE_NONE;
}

static gboolean
params_check(const SoriSceneParams *params, GError **error)
{
#define INVALID(...)                                                                               \
	do {                                                                                       \
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID, __VA_ARGS__);       \
		return FALSE;                                                                      \
	} while (0)
	if (params->width < SORI_SCENE_FRAME_MIN || params->width > SORI_SCENE_FRAME_MAX
	    || params->height < SORI_SCENE_FRAME_MIN || params->height > SORI_SCENE_FRAME_MAX)
		INVALID("a frame must be %d..%d pixels either way, not %d × %d",
			SORI_SCENE_FRAME_MIN, SORI_SCENE_FRAME_MAX, params->width, params->height);
	if (!(params->fov_deg >= 10 && params->fov_deg <= 140))
		INVALID("the field of view must be 10..140°, not %g", params->fov_deg);
	if (!(params->defocus_px >= 0 && params->defocus_px <= 20))
		INVALID("the defocus blur must be 0..20 px, not %g", params->defocus_px);
	if (!(params->motion_px >= 0 && params->motion_px <= 100))
		INVALID("the motion blur must be 0..100 px, not %g", params->motion_px);
	if (!isfinite(params->motion_angle_deg))
		INVALID("the motion blur's direction must be a number");
	if (!(params->noise_sigma >= 0 && params->noise_sigma <= 100))
		INVALID("the noise must be 0..100 grey levels, not %g", params->noise_sigma);
	if (!(fabs(params->background_shift_px[0]) <= 256
	      && fabs(params->background_shift_px[1]) <= 256))
		INVALID("the background's shift must be -256..256 px");
	if (!(params->gamma == 0 || (params->gamma >= 1 && params->gamma <= 3)))
		INVALID("the tone curve's gamma must be 1..3 (0 for 2.2), not %g", params->gamma);
	if (!(fabs(params->distortion_k1) <= 0.3))
		INVALID("the lens distortion k1 must be -0.3..0.3, not %g", params->distortion_k1);
	if ((int) params->negative < 0 || params->negative >= SORI_SCENE_NEGATIVE_COUNT)
		INVALID("unknown kind of negative frame %d", params->negative);
	if (params->n_codes < 0 || params->n_codes > SORI_SCENE_CODES_MAX)
		INVALID("at most %d codes in a scene, not %d", SORI_SCENE_CODES_MAX,
			params->n_codes);
	for (int i = 0; i < params->n_codes; i++) {
		const SoriSceneCode *code = &params->codes[i];
		if (code->id < 0 || code->id >= SORI_MARKER_FAMILY_CODES)
			INVALID("code %d is not in the family (0..%d)", code->id,
				SORI_MARKER_FAMILY_CODES - 1);
		if (!(code->size_mm >= 5 && code->size_mm <= 2000))
			INVALID("a code's size must be 5..2000 mm, not %g", code->size_mm);
		if (!(code->distance_m >= 0.05 && code->distance_m <= 200))
			INVALID("a code's distance must be 0.05..200 m, not %g", code->distance_m);
		if (!(fabs(code->bearing_deg) <= 80))
			INVALID("a code's bearing must be -80..80°, not %g", code->bearing_deg);
		if (!(fabs(code->elevation_deg) <= 60))
			INVALID("a code's elevation must be -60..60°, not %g", code->elevation_deg);
		if (!(fabs(code->yaw_deg) <= 80))
			INVALID("a code's off-axis angle must be -80..80°, not %g", code->yaw_deg);
		if (!isfinite(code->roll_deg))
			INVALID("a code's roll must be a number");
		if (!(code->paper == 0 || (code->paper >= 0.3 && code->paper <= 1)))
			INVALID("a label's paper must reflect 0.3..1, not %g", code->paper);
		if (!(code->ink == 0 || (code->ink > 0 && code->ink <= 0.3)))
			INVALID("a label's ink must reflect 0..0.3, not %g", code->ink);
		if (!(code->glare >= 0 && code->glare <= 1))
			INVALID("a label's glare must be 0..1, not %g", code->glare);
		if (!(code->occlude >= 0 && code->occlude <= 0.9))
			INVALID("a code's covered fraction must be 0..0.9, not %g", code->occlude);
	}
#undef INVALID
	return TRUE;
}

/* lays a shape on the label covering @fraction of it; TRUE if the grid is touched */
static gboolean
plane_occlude(Plane *plane, const SoriSceneLabel *label, double fraction, gboolean grid, Rng *rng,
	      double *covered)
{
	double w = plane->width_mm, h = plane->height_mm;
	double corners[4][2];
	double margin = label->cell_mm / 2;
	/* how far in from each side, and how much room before the grid */
	double room[4];
	int side = rng_int(rng, 4);
	double depth;

	sori_scene_label_get_grid_corners_mm(label, corners);
	room[0] = (corners[0][1] - margin) / h;     /* from the top */
	room[1] = (w - corners[1][0] - margin) / w; /* from the right */
	room[2] = (h - corners[2][1] - margin) / h; /* from the bottom */
	room[3] = (corners[0][0] - margin) / w;     /* from the left */
	if (!grid && room[side] < fraction) {
		/* the side with the most room */
		for (int i = 0; i < 4; i++)
			if (room[i] > room[side])
				side = i;
	}
	depth = grid ? fraction : MIN(fraction, room[side]);
	plane->has_occluder = TRUE;
	plane->occluder_reflectance = rng_range(rng, 0.15, 0.45);
	switch (side) {
	case 0:
		plane->occluder[0] = 0, plane->occluder[1] = 0;
		plane->occluder[2] = w, plane->occluder[3] = depth * h;
		break;
	case 1:
		plane->occluder[0] = w - depth * w, plane->occluder[1] = 0;
		plane->occluder[2] = w, plane->occluder[3] = h;
		break;
	case 2:
		plane->occluder[0] = 0, plane->occluder[1] = h - depth * h;
		plane->occluder[2] = w, plane->occluder[3] = h;
		break;
	default:
		plane->occluder[0] = 0, plane->occluder[1] = 0;
		plane->occluder[2] = depth * w, plane->occluder[3] = h;
		break;
	}
	*covered = depth;
	return depth > room[side];
}

static void
scene_clear(Scene *scene)
{
	g_ptr_array_unref(scene->labels);
	g_ptr_array_unref(scene->rasters);
	g_array_unref(scene->planes);
}

static gint
plane_farther_first(gconstpointer a, gconstpointer b)
{
	const Plane *pa = a, *pb = b;
	double da = dot(pa->position, pa->position), db = dot(pb->position, pb->position);
	return da < db ? 1 : da > db ? -1 : 0;
}

/* the codes' labels, posed, into the scene and their truths into the frame;
 * FALSE with @error set if a label cannot be made */
static gboolean
scene_add_codes(Scene *scene, const Camera *camera, const SoriSceneParams *params, Rng *rng,
		SoriSceneFrame *frame, GError **error)
{
	for (int i = 0; i < params->n_codes; i++) {
		const SoriSceneCode *code = &params->codes[i];
		SoriSceneTruth *truth = &frame->truths[frame->n_truths++];
		SoriSceneLabel *label
			= sori_scene_label_new(code->id, code->size_mm, code->qr_url, error);
		Plane plane = { 0 };
		double corners[4][2];
		if (label == NULL)
			return FALSE;
		g_ptr_array_add(scene->labels, label);
		if (code->paper > 0)
			label->paper = code->paper;
		if (code->ink > 0)
			label->ink = code->ink;
		sori_scene_label_get_grid_corners_mm(label, corners);
		plane.reflectance = sori_scene_label_reflectance_cb;
		plane.data = label;
		plane.width_mm = sori_scene_label_get_width_mm(label);
		plane.height_mm = sori_scene_label_get_height_mm(label);
		plane.anchor[0] = (corners[0][0] + corners[2][0]) / 2;
		plane.anchor[1] = (corners[0][1] + corners[2][1]) / 2;
		plane.feature_mm = sori_scene_label_feature_mm(label);
		sori_scene_plane_set_pose(&plane, code->distance_m, code->bearing_deg,
					  code->elevation_deg, code->yaw_deg, code->roll_deg);
		sori_scene_code_truth(camera, &plane, label, code, truth);
		if (code->glare > 0) {
			plane.glare = code->glare;
			plane.glare_centre[0] = rng_range(rng, 0, plane.width_mm);
			plane.glare_centre[1] = rng_range(rng, 0, plane.height_mm);
			plane.glare_sigma = plane.width_mm / 6;
		}
		if (code->occlude > 0) {
			if (plane_occlude(&plane, label, code->occlude, code->occlude_grid, rng,
					  &truth->occluded))
				truth->readable = FALSE;
		}
		g_array_append_val(scene->planes, plane);
	}
	return TRUE;
}

SoriSceneFrame *
sori_scene_render(const SoriSceneParams *params, GError **error)
{
	g_autoptr(SoriSceneFrame) frame = NULL;
	g_autofree float *image = NULL;
	Scene scene;
	Camera camera;
	Rng rng;
	int width = params->width, height = params->height;

	if (!params_check(params, error))
		return NULL;
	rng_init(&rng, params->seed);
	sori_scene_camera_init(&camera, width, height, params->fov_deg, params->distortion_k1);
	frame = g_new0(SoriSceneFrame, 1);
	frame->width = width;
	frame->height = height;
	frame->negative = params->negative;
	frame->pixels = g_malloc(width * height);
	image = g_new(float, width *height);
	sori_scene_wall_draw(image, params, &rng);

	scene.labels = g_ptr_array_new_with_free_func((GDestroyNotify) sori_scene_label_free);
	scene.rasters = g_ptr_array_new_with_free_func((GDestroyNotify) sori_scene_raster_free);
	scene.planes = g_array_new(FALSE, TRUE, sizeof(Plane));
	if (params->negative != SORI_SCENE_NEGATIVE_NONE) {
		sori_scene_add_negative(&scene, &camera, params->negative, &rng);
	} else if (!scene_add_codes(&scene, &camera, params, &rng, frame, error)) {
		scene_clear(&scene);
		return NULL;
	}
	g_array_sort(scene.planes, plane_farther_first);
	for (guint i = 0; i < scene.planes->len; i++)
		sori_scene_plane_render(&g_array_index(scene.planes, Plane, i), &camera, image);
	scene_clear(&scene);

	sori_scene_sensor_expose(params, image, &rng, frame->pixels);
	return g_steal_pointer(&frame);
}

void
sori_scene_frame_free(SoriSceneFrame *self)
{
	if (self == NULL)
		return;
	g_free(self->pixels);
	g_free(self);
}
