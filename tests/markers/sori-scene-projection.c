/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The camera and the planes it sees: a pinhole camera with a radial lens
 * distortion, planes placed by a pose, and each plane drawn into the frame's
 * reflectance image by following each pixel's rays (4 × 4 a pixel, unless its
 * four corners see the same detail) to the plane's exact reflectance.
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene-private.h"

#include <math.h>

static void
cross(const double a[3], const double b[3], double out[3])
{
	out[0] = a[1] * b[2] - a[2] * b[1];
	out[1] = a[2] * b[0] - a[0] * b[2];
	out[2] = a[0] * b[1] - a[1] * b[0];
}

static void
normalise(double v[3])
{
	double n = sqrt(dot(v, v));
	v[0] /= n;
	v[1] /= n;
	v[2] /= n;
}

/* what the plane's point @at shows, its printed reflectance @r and the glare */
static inline double
plane_shade(const Plane *plane, double r, const double at[2])
{
	double dx, dy;

	if (plane->glare <= 0)
		return r;
	dx = at[0] - plane->glare_centre[0];
	dy = at[1] - plane->glare_centre[1];
	return r
	       + plane->glare
			 * exp(-(dx * dx + dy * dy)
			       / (2 * plane->glare_sigma * plane->glare_sigma));
}

/* the plane's pose: see sori-scene.h for the angles' meaning */
void
sori_scene_plane_set_pose(Plane *plane, double distance_m, double bearing_deg, double elevation_deg,
			  double yaw_deg, double roll_deg)
{
	double b = bearing_deg * G_PI / 180, e = elevation_deg * G_PI / 180;
	double yaw = yaw_deg * G_PI / 180, roll = roll_deg * G_PI / 180;
	double w[3] = { cos(e) * sin(b), -sin(e), cos(e) * cos(b) };
	double down_axis[3] = { 0, 1, 0 };
	double r0[3], d0[3], r1[3], w1[3];

	for (int i = 0; i < 3; i++)
		plane->position[i] = distance_m * w[i];
	/* facing the camera, upright */
	cross(down_axis, w, r0);
	normalise(r0);
	cross(w, r0, d0);
	/* yaw about its own vertical: the right edge goes away */
	for (int i = 0; i < 3; i++) {
		r1[i] = cos(yaw) * r0[i] + sin(yaw) * w[i];
		w1[i] = -sin(yaw) * r0[i] + cos(yaw) * w[i];
	}
	/* roll in its plane, clockwise as seen */
	for (int i = 0; i < 3; i++) {
		plane->right[i] = cos(roll) * r1[i] + sin(roll) * d0[i];
		plane->down[i] = -sin(roll) * r1[i] + cos(roll) * d0[i];
		plane->normal[i] = -w1[i];
	}
}

/* a plane point (mm) in camera coordinates (m) */
void
sori_scene_plane_point(const Plane *plane, double x_mm, double y_mm, double out[3])
{
	double a = (x_mm - plane->anchor[0]) / 1000, b = (y_mm - plane->anchor[1]) / 1000;
	for (int i = 0; i < 3; i++)
		out[i] = plane->position[i] + a * plane->right[i] + b * plane->down[i];
}

void
sori_scene_camera_init(Camera *camera, int width, int height, double fov_deg, double k1)
{
	camera->width = width;
	camera->height = height;
	camera->f = sori_scene_focal_px(width, fov_deg);
	camera->cx = width / 2.0;
	camera->cy = height / 2.0;
	camera->k1 = k1;
}

/* a camera point to pixels, through the lens's distortion; FALSE behind it */
gboolean
sori_scene_camera_project(const Camera *camera, const double p[3], double out[2])
{
	double x, y, r2, scale;

	if (p[2] <= 1e-6)
		return FALSE;
	x = p[0] / p[2];
	y = p[1] / p[2];
	r2 = x * x + y * y;
	scale = 1 + camera->k1 * r2;
	out[0] = camera->cx + camera->f * x * scale;
	out[1] = camera->cy + camera->f * y * scale;
	return TRUE;
}

/* a pixel position to the undistorted normalised ray (x, y, 1) */
static void
camera_unproject(const Camera *camera, double u, double v, double out[2])
{
	double xd = (u - camera->cx) / camera->f, yd = (v - camera->cy) / camera->f;
	double x = xd, y = yd;

	if (camera->k1 != 0) {
		for (int i = 0; i < 8; i++) {
			double scale = 1 + camera->k1 * (x * x + y * y);
			x = xd / scale;
			y = yd / scale;
		}
	}
	out[0] = x;
	out[1] = y;
}

/* the plane's reflectance along the ray (x, y, 1), or -1 when missed; where
 * it meets the plane, in plane millimetres */
static inline double
plane_sample(const Plane *plane, double x, double y, double at[2])
{
	double d[3] = { x, y, 1 };
	double dn = dot(d, plane->normal);
	double t, hit[3], px, py;

	at[0] = at[1] = G_MAXDOUBLE;
	if (dn >= -1e-12)
		return -1.0;
	t = dot(plane->position, plane->normal) / dn;
	if (t <= 0)
		return -1.0;
	for (int i = 0; i < 3; i++)
		hit[i] = t * d[i] - plane->position[i];
	px = at[0] = dot(hit, plane->right) * 1000 + plane->anchor[0];
	py = at[1] = dot(hit, plane->down) * 1000 + plane->anchor[1];
	if (px < 0 || py < 0 || px >= plane->width_mm || py >= plane->height_mm)
		return -1.0;
	if (plane->has_occluder && px >= plane->occluder[0] && py >= plane->occluder[1]
	    && px < plane->occluder[2] && py < plane->occluder[3])
		return plane->occluder_reflectance;
	return plane->reflectance(plane->data, px, py);
}

typedef struct {
	double r;
	double at[2];
} Sample;

static void
sample_corner_row(const Plane *plane, const Camera *camera, int y, int x0, int x1, Sample *row)
{
	for (int x = x0; x <= x1; x++) {
		double ray[2];
		camera_unproject(camera, x, y, ray);
		row[x - x0].r = plane_sample(plane, ray[0], ray[1], row[x - x0].at);
	}
}

/*
 * Draws the plane into the reflectance image. Each pixel's four corners are
 * sampled first; where they agree and the pixel's footprint on the plane is
 * smaller than the plane's finest feature (a cell, a module, a stroke), no
 * feature can hide inside it and the pixel takes that value. Every other
 * pixel (edges, small and far codes) is area-sampled with 4 × 4 rays.
 */
void
sori_scene_plane_render(const Plane *plane, const Camera *camera, float *image)
{
	double corners[4][2] = { { 0, 0 },
				 { plane->width_mm, 0 },
				 { plane->width_mm, plane->height_mm },
				 { 0, plane->height_mm } };
	int corner_pixels[4][2];
	int x0 = camera->width, y0 = camera->height, x1 = 0, y1 = 0;
	gboolean whole = FALSE;
	const int n = SUPERSAMPLE;
	g_autofree Sample *top = NULL;
	g_autofree Sample *bottom = NULL;

	for (int i = 0; i < 4; i++) {
		double p[3], uv[2];
		sori_scene_plane_point(plane, corners[i][0], corners[i][1], p);
		if (!sori_scene_camera_project(camera, p, uv)) {
			/* behind the camera: everything may be it */
			whole = TRUE;
			corner_pixels[i][0] = corner_pixels[i][1] = -1;
			continue;
		}
		corner_pixels[i][0] = (int) floor(uv[0]);
		corner_pixels[i][1] = (int) floor(uv[1]);
		x0 = MIN(x0, (int) floor(uv[0]));
		y0 = MIN(y0, (int) floor(uv[1]));
		x1 = MAX(x1, (int) ceil(uv[0]));
		y1 = MAX(y1, (int) ceil(uv[1]));
	}
	if (whole) {
		x0 = y0 = 0;
		x1 = camera->width;
		y1 = camera->height;
	} else if (camera->k1 != 0) {
		/* a distorted image of a straight edge is curved: widen the box */
		int margin = (x1 - x0 + y1 - y0) / 8 + 2;
		x0 -= margin;
		y0 -= margin;
		x1 += margin;
		y1 += margin;
	}
	x0 = CLAMP(x0 - 1, 0, camera->width);
	y0 = CLAMP(y0 - 1, 0, camera->height);
	x1 = CLAMP(x1 + 1, 0, camera->width);
	y1 = CLAMP(y1 + 1, 0, camera->height);
	if (x0 >= x1 || y0 >= y1)
		return;

	top = g_new(Sample, x1 - x0 + 1);
	bottom = g_new(Sample, x1 - x0 + 1);
	sample_corner_row(plane, camera, y0, x0, x1, top);
	for (int y = y0; y < y1; y++) {
		float *row = &image[y * camera->width];
		Sample *swap;

		sample_corner_row(plane, camera, y + 1, x0, x1, bottom);
		for (int x = x0; x < x1; x++) {
			const Sample *a = &top[x - x0], *b = &top[x - x0 + 1];
			const Sample *c = &bottom[x - x0], *d = &bottom[x - x0 + 1];
			double sum = 0;

			if (a->r >= 0 && a->r == b->r && a->r == c->r && a->r == d->r
			    && MAX(hypot(a->at[0] - d->at[0], a->at[1] - d->at[1]),
				   hypot(b->at[0] - c->at[0], b->at[1] - c->at[1]))
				       < plane->feature_mm) {
				double mid[2]
					= { (a->at[0] + d->at[0]) / 2, (a->at[1] + d->at[1]) / 2 };
				row[x] = plane_shade(plane, a->r, mid);
				continue;
			}
			if (a->r < 0 && b->r < 0 && c->r < 0 && d->r < 0) {
				/* all four miss: only a corner of the plane may be inside */
				gboolean corner_inside = FALSE;
				for (int i = 0; i < 4; i++)
					if (corner_pixels[i][0] == x && corner_pixels[i][1] == y)
						corner_inside = TRUE;
				if (!corner_inside && !whole)
					continue;
			}
			for (int j = 0; j < n; j++) {
				for (int i = 0; i < n; i++) {
					double ray[2], at[2], r;
					camera_unproject(camera, x + (i + 0.5) / n,
							 y + (j + 0.5) / n, ray);
					r = plane_sample(plane, ray[0], ray[1], at);
					/* a ray that misses sees what was there before */
					sum += r >= 0 ? plane_shade(plane, r, at) : row[x];
				}
			}
			row[x] = sum / (n * n);
		}
		swap = top;
		top = bottom;
		bottom = swap;
	}
}

double
sori_scene_focal_px(int width, double fov_deg)
{
	return (width / 2.0) / tan(fov_deg * G_PI / 360);
}

double
sori_scene_distance_for_width(double size_mm, double width_px, int width, double fov_deg)
{
	return sori_scene_focal_px(width, fov_deg) * size_mm / 1000 / width_px;
}
