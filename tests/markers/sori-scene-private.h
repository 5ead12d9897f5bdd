/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the scene generator's pieces share: the label's layout, the planes
 * placed in the scene, the camera, and the functions each piece gives the
 * others. Not installed; sori-scene.h is the API.
 */
#pragma once

#include "sori-scene.h"
#include "sori-scene-rng.h"
#include "sori-marker-family.h"

G_BEGIN_DECLS

#define PAPER       0.85
#define INK         0.04
#define SUPERSAMPLE 4

struct _SoriSceneLabel {
	int id;
	double paper, ink;
	double size_mm;
	double cell_mm;
	double width_mm;
	double height_mm;
	double grid_x0, grid_y0;
	/* 1 = white, [y][x] */
	guint8 grid[SORI_MARKER_FAMILY_GRID][SORI_MARKER_FAMILY_GRID];
	/* the QR symbol, without its quiet zone: 1 = black, [y * qr_modules + x] */
	guint8 *qr;
	int qr_modules;
	double qr_x0, qr_y0, qr_module_mm;
	/* the number */
	char digits[8];
	int n_digits;
	double digits_x0, digits_y0, digit_unit_mm;
};

/* the label's finest detail: a cell, a QR module or a digit's stroke */
double sori_scene_label_feature_mm(const SoriSceneLabel *label);
/* sori_scene_label_reflectance() as a plane's ReflectanceFunc */
double sori_scene_label_reflectance_cb(const void *data, double x, double y);

/* ---- a flat grey raster on paper (QR codes, other tags, text sheets) --- */

typedef struct {
	guint8 *pixels; /* 1 = black */
	int width, height;
	double mm_per_px;
} Raster;

void sori_scene_raster_free(Raster *raster);

/* ---- planes in the scene and the camera that sees them ------------------ */

typedef double (*ReflectanceFunc)(const void *data, double x_mm, double y_mm);

typedef struct {
	ReflectanceFunc reflectance;
	const void *data;
	double width_mm, height_mm;
	/* the point of the plane placed at position, in plane millimetres */
	double anchor[2];
	/* camera coordinates, metres: the anchor's position, the plane's right
	 * and down unit vectors and its normal (toward the camera) */
	double position[3], right[3], down[3], normal[3];
	/* something laid on it, in plane millimetres */
	double occluder[4];
	double occluder_reflectance;
	gboolean has_occluder;
	/* its finest detail, in millimetres */
	double feature_mm;
	/* a lamp's reflection: its peak, centre and width, in plane millimetres */
	double glare, glare_centre[2], glare_sigma;
} Plane;

typedef struct {
	int width, height;
	double f, cx, cy, k1;
} Camera;

/* the plane's pose: see sori-scene.h for the angles' meaning */
void sori_scene_plane_set_pose(Plane *plane, double distance_m, double bearing_deg,
			       double elevation_deg, double yaw_deg, double roll_deg);
/* a plane point (mm) in camera coordinates (m) */
void sori_scene_plane_point(const Plane *plane, double x_mm, double y_mm, double out[3]);
void sori_scene_camera_init(Camera *camera, int width, int height, double fov_deg, double k1);
/* a camera point to pixels, through the lens's distortion; FALSE behind it */
gboolean sori_scene_camera_project(const Camera *camera, const double p[3], double out[2]);
/* draws the plane into the reflectance image, rows camera->width apart */
void sori_scene_plane_render(const Plane *plane, const Camera *camera, float *image);

static inline double
dot(const double a[3], const double b[3])
{
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* ---- the scene's pieces ------------------------------------------------- */

typedef struct {
	GPtrArray *labels;  /* SoriSceneLabel */
	GPtrArray *rasters; /* Raster */
	GArray *planes;     /* Plane */
} Scene;

/* the grid's truth from its pose alone */
void sori_scene_code_truth(const Camera *camera, const Plane *plane, const SoriSceneLabel *label,
			   const SoriSceneCode *code, SoriSceneTruth *truth);
/* the things a negative frame of @kind shows, into the scene */
void sori_scene_add_negative(Scene *scene, const Camera *camera, SoriSceneNegative kind, Rng *rng);
/* the wall behind the codes (or a noise frame's noise), in reflectance */
void sori_scene_wall_draw(float *image, const SoriSceneParams *params, Rng *rng);
/* a Gaussian blur of @sigma pixels, in place */
void sori_scene_gaussian_blur(float *image, int width, int height, double sigma);
/* the reflectance image through the camera's light, blur, tone curve and
 * noise (@rng is then reseeded for the frame's noise) to 8-bit @pixels */
void sori_scene_sensor_expose(const SoriSceneParams *params, float *image, Rng *rng,
			      guint8 *pixels);

G_END_DECLS
