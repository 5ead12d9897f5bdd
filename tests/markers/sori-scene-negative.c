/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Negative frames: no code of the family, other things a camera may see
 * instead (a sheet of text, QR codes, libapriltag's other families, a
 * checkerboard), each printed flat and placed at a random pose.
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene-private.h"

#include <apriltag/apriltag.h>
#include <apriltag/tag16h5.h>
#include <apriltag/tag25h9.h>
#include <apriltag/tag36h11.h>
#include <apriltag/tagCircle21h7.h>
#include <math.h>
#include <qrencode.h>
#include <stdlib.h>

static const char *const negative_names[SORI_SCENE_NEGATIVE_COUNT] = {
	[SORI_SCENE_NEGATIVE_NONE] = "none",
	[SORI_SCENE_NEGATIVE_PICTURE] = "picture",
	[SORI_SCENE_NEGATIVE_TEXT] = "text",
	[SORI_SCENE_NEGATIVE_QR] = "qr",
	[SORI_SCENE_NEGATIVE_TAG36H11] = "tag36h11",
	[SORI_SCENE_NEGATIVE_TAG25H9] = "tag25h9",
	[SORI_SCENE_NEGATIVE_TAGCIRCLE21H7] = "tagCircle21h7",
	[SORI_SCENE_NEGATIVE_TAG16H5] = "tag16h5",
	[SORI_SCENE_NEGATIVE_CHECKERBOARD] = "checkerboard",
	[SORI_SCENE_NEGATIVE_NOISE] = "noise",
};

const char *
sori_scene_negative_to_string(SoriSceneNegative kind)
{
	if ((int) kind < 0 || kind >= SORI_SCENE_NEGATIVE_COUNT)
		return NULL;
	return negative_names[kind];
}

int
sori_scene_negative_from_string(const char *name)
{
	for (int i = 0; i < SORI_SCENE_NEGATIVE_COUNT; i++)
		if (g_ascii_strcasecmp(name, negative_names[i]) == 0)
			return i;
	return -1;
}

static double
raster_reflectance(const Raster *raster, double x, double y)
{
	int u = (int) floor(x / raster->mm_per_px);
	int v = (int) floor(y / raster->mm_per_px);

	if (x < 0 || y < 0 || u >= raster->width || v >= raster->height)
		return -1.0;
	return raster->pixels[v * raster->width + u] ? INK : PAPER;
}

static double
raster_reflectance_cb(const void *data, double x, double y)
{
	return raster_reflectance(data, x, y);
}

void
sori_scene_raster_free(Raster *raster)
{
	g_free(raster->pixels);
	g_free(raster);
}

static Raster *
raster_new(int width, int height, double mm_per_px)
{
	Raster *raster = g_new0(Raster, 1);
	raster->width = width;
	raster->height = height;
	raster->mm_per_px = mm_per_px;
	raster->pixels = g_new0(guint8, width * height);
	return raster;
}

/* a flat thing at a random pose, @width_px wide or so in the frame */
static void
scene_add_raster(Scene *scene, const Camera *camera, Raster *raster, Rng *rng, double width_px)
{
	Plane plane = { 0 };
	double width_mm = raster->width * raster->mm_per_px;
	double distance = camera->f * width_mm / 1000 / width_px;

	plane.reflectance = raster_reflectance_cb;
	plane.data = raster;
	plane.width_mm = width_mm;
	plane.height_mm = raster->height * raster->mm_per_px;
	plane.anchor[0] = plane.width_mm / 2;
	plane.anchor[1] = plane.height_mm / 2;
	plane.feature_mm = raster->mm_per_px;
	sori_scene_plane_set_pose(&plane, distance, rng_range(rng, -25, 25),
				  rng_range(rng, -12, 12), rng_range(rng, -60, 60),
				  rng_range(rng, -180, 180));
	g_ptr_array_add(scene->rasters, raster);
	g_array_append_val(scene->planes, plane);
}

static apriltag_family_t *
other_family_create(SoriSceneNegative kind)
{
	switch (kind) {
	case SORI_SCENE_NEGATIVE_TAG36H11:
		return tag36h11_create();
	case SORI_SCENE_NEGATIVE_TAG25H9:
		return tag25h9_create();
	case SORI_SCENE_NEGATIVE_TAGCIRCLE21H7:
		return tagCircle21h7_create();
	case SORI_SCENE_NEGATIVE_TAG16H5:
		return tag16h5_create();
	case SORI_SCENE_NEGATIVE_NONE:
	case SORI_SCENE_NEGATIVE_PICTURE:
	case SORI_SCENE_NEGATIVE_TEXT:
	case SORI_SCENE_NEGATIVE_QR:
	case SORI_SCENE_NEGATIVE_CHECKERBOARD:
	case SORI_SCENE_NEGATIVE_NOISE:
	case SORI_SCENE_NEGATIVE_COUNT:
		break;
	}
	return NULL;
}

static void
other_family_destroy(SoriSceneNegative kind, apriltag_family_t *family)
{
	switch (kind) {
	case SORI_SCENE_NEGATIVE_TAG36H11:
		tag36h11_destroy(family);
		break;
	case SORI_SCENE_NEGATIVE_TAG25H9:
		tag25h9_destroy(family);
		break;
	case SORI_SCENE_NEGATIVE_TAGCIRCLE21H7:
		tagCircle21h7_destroy(family);
		break;
	case SORI_SCENE_NEGATIVE_TAG16H5:
		tag16h5_destroy(family);
		break;
	case SORI_SCENE_NEGATIVE_NONE:
	case SORI_SCENE_NEGATIVE_PICTURE:
	case SORI_SCENE_NEGATIVE_TEXT:
	case SORI_SCENE_NEGATIVE_QR:
	case SORI_SCENE_NEGATIVE_CHECKERBOARD:
	case SORI_SCENE_NEGATIVE_NOISE:
	case SORI_SCENE_NEGATIVE_COUNT:
		break;
	}
}

void
sori_scene_add_negative(Scene *scene, const Camera *camera, SoriSceneNegative kind, Rng *rng)
{
	switch (kind) {
	case SORI_SCENE_NEGATIVE_TEXT: {
		/* a printed sheet, 5 × 7 glyphs on 6 × 10 cells, in lines */
		int columns = 40 + rng_int(rng, 40), lines = 15 + rng_int(rng, 30);
		Raster *raster
			= raster_new(columns * 6 + 8, lines * 10 + 8, 210.0 / (columns * 6 + 8));
		for (int line = 0; line < lines; line++) {
			int column = 0;
			while (column < columns) {
				int word = 1 + rng_int(rng, 9);
				for (; word > 0 && column < columns; word--, column++)
					for (int row = 0; row < 7; row++) {
						int bits = rng_int(rng, 32);
						for (int b = 0; b < 5; b++)
							if (bits & (1 << b))
								raster->pixels
									[(4 + line * 10 + row)
										 * raster->width
									 + 4 + column * 6 + b]
									= 1;
					}
				column++;
			}
		}
		scene_add_raster(scene, camera, raster, rng,
				 rng_range(rng, 200, camera->width * 1.2));
		break;
	}
	case SORI_SCENE_NEGATIVE_QR: {
		int n = 1 + rng_int(rng, 3);
		for (int i = 0; i < n; i++) {
			g_autofree char *url
				= g_strdup_printf("https://museum.example/v/%d/e/%d",
						  rng_int(rng, 100), rng_int(rng, 100000));
			QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
			Raster *raster;
			if (qr == NULL)
				continue;
			raster = raster_new(qr->width + 8, qr->width + 8, 1.0);
			for (int y = 0; y < qr->width; y++)
				for (int x = 0; x < qr->width; x++)
					raster->pixels[(y + 4) * raster->width + x + 4]
						= qr->data[y * qr->width + x] & 1;
			QRcode_free(qr);
			scene_add_raster(scene, camera, raster, rng, rng_range(rng, 40, 500));
		}
		break;
	}
	case SORI_SCENE_NEGATIVE_TAG36H11:
	case SORI_SCENE_NEGATIVE_TAG25H9:
	case SORI_SCENE_NEGATIVE_TAGCIRCLE21H7:
	case SORI_SCENE_NEGATIVE_TAG16H5: {
		apriltag_family_t *family = other_family_create(kind);
		int n = 1 + rng_int(rng, 4);
		for (int i = 0; i < n; i++) {
			image_u8_t *tag = apriltag_to_image(family, rng_int(rng, family->ncodes));
			/* with a white cell of quiet zone around it */
			Raster *raster = raster_new(tag->width + 2, tag->height + 2, 1.0);
			for (int y = 0; y < tag->height; y++)
				for (int x = 0; x < tag->width; x++)
					raster->pixels[(y + 1) * raster->width + x + 1]
						= tag->buf[y * tag->stride + x] < 128;
			/* Debian's libapriltag does not export image_u8_destroy(): it is
			 * free() of the pixels and of the struct, both calloc()ed */
			free(tag->buf);
			free(tag);
			scene_add_raster(scene, camera, raster, rng, rng_range(rng, 30, 400));
		}
		other_family_destroy(kind, family);
		break;
	}
	case SORI_SCENE_NEGATIVE_CHECKERBOARD: {
		int columns = 4 + rng_int(rng, 8), rows = 3 + rng_int(rng, 6);
		Raster *raster = raster_new(columns + 2, rows + 2, 1.0);
		for (int y = 0; y < rows; y++)
			for (int x = 0; x < columns; x++)
				raster->pixels[(y + 1) * raster->width + x + 1] = (x + y) & 1;
		scene_add_raster(scene, camera, raster, rng, rng_range(rng, 80, 900));
		break;
	}
	case SORI_SCENE_NEGATIVE_NONE:
	case SORI_SCENE_NEGATIVE_PICTURE:
	case SORI_SCENE_NEGATIVE_NOISE:
	case SORI_SCENE_NEGATIVE_COUNT:
		break;
	}
}
