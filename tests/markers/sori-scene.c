/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene generator: see sori-scene.h. Rendering is physical: each pixel's
 * rays (4 × 4 a pixel, unless its four corners see the same detail) go
 * through the pinhole, through the inverse of the lens's distortion, meet the
 * label's plane and sample its exact reflectance; light, blur and noise
 * follow in linear light, then the camera's tone curve and 8 bits.
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene.h"

#include <apriltag/apriltag.h>
#include <apriltag/tag16h5.h>
#include <apriltag/tag25h9.h>
#include <apriltag/tag36h11.h>
#include <apriltag/tagCircle21h7.h>
#include <errno.h>
#include <math.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "sori-marker-family.h"

// clang-format off
G_DEFINE_QUARK(sori-scene-error-quark, sori_scene_error)
// clang-format on

#define PAPER       0.85
#define INK         0.04
#define SUPERSAMPLE 4

/* ---- the PRNG: splitmix64 seeds xoshiro256** ------------------------------ */

typedef struct {
	guint64 s[4];
} Rng;

static guint64
splitmix64(guint64 *state)
{
	guint64 z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_init(Rng *rng, guint64 seed)
{
	guint64 state = seed;
	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&state);
}

static inline guint64
rotl(guint64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static guint64
rng_next(Rng *rng)
{
	guint64 *s = rng->s;
	guint64 result = rotl(s[1] * 5, 7) * 9;
	guint64 t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* uniform in [0, 1) */
static double
rng_double(Rng *rng)
{
	return (rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

static double
rng_range(Rng *rng, double lo, double hi)
{
	return lo + (hi - lo) * rng_double(rng);
}

/* uniform in [0, n) */
static int
rng_int(Rng *rng, int n)
{
	return (int) (rng_double(rng) * n);
}

static gboolean
rng_chance(Rng *rng, double p)
{
	return rng_double(rng) < p;
}

/* nearly Gaussian (the sum of four uniforms, unit variance), one draw: for
 * a frame's million pixels of sensor noise */
static inline double
rng_gaussian_fast(Rng *rng)
{
	guint64 r = rng_next(rng);
	double sum = (double) (r & 0xffff) + (double) ((r >> 16) & 0xffff)
		     + (double) ((r >> 32) & 0xffff) + (double) (r >> 48);
	return (sum / 65536.0 - 2.0) * 1.7320508075688772;
}

/* ---- block digits, 5 × 7 ------------------------------------------------- */

static const guint8 digit_rows[10][7] = {
	{ 0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e }, { 0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e },
	{ 0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f }, { 0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e },
	{ 0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02 }, { 0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e },
	{ 0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e }, { 0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08 },
	{ 0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e }, { 0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c },
};

/* ---- the label ----------------------------------------------------------- */

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

void
sori_scene_label_free(SoriSceneLabel *self)
{
	if (self == NULL)
		return;
	g_free(self->qr);
	g_free(self);
}

SoriSceneLabel *
sori_scene_label_new(int id, double size_mm, const char *qr_url, GError **error)
{
	g_autoptr(SoriSceneLabel) self = NULL;
	double c;
	double text_h;
	uint64_t code;

	if (id < 0 || id >= SORI_MARKER_FAMILY_CODES) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID,
			    "code %d is not in the family (0..%d)", id,
			    SORI_MARKER_FAMILY_CODES - 1);
		return NULL;
	}
	if (!(size_mm >= 5.0 && size_mm <= 2000.0)) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID,
			    "a code's size must be 5..2000 mm, not %g", size_mm);
		return NULL;
	}
	self = g_new0(SoriSceneLabel, 1);
	self->id = id;
	self->paper = PAPER;
	self->ink = INK;
	self->size_mm = size_mm;
	c = self->cell_mm = size_mm / SORI_MARKER_FAMILY_GRID;
	self->grid_x0 = self->grid_y0 = SORI_SCENE_QUIET_CELLS * c;

	/* ring 2 white, everything else black unless a data bit says white */
	for (int y = 0; y < SORI_MARKER_FAMILY_GRID; y++) {
		for (int x = 0; x < SORI_MARKER_FAMILY_GRID; x++) {
			int ring = MAX(ABS(x - 4), ABS(y - 4));
			self->grid[y][x] = ring == 2;
		}
	}
	code = sori_marker_family_codes[id];
	for (int i = 0; i < SORI_MARKER_FAMILY_BITS; i++) {
		int x = sori_marker_family_bit_cells[i][0];
		int y = sori_marker_family_bit_cells[i][1];
		self->grid[y][x] = (code >> (SORI_MARKER_FAMILY_BITS - 1 - i)) & 1;
	}

	self->width_mm = 2 * self->grid_x0 + size_mm;
	if (qr_url != NULL) {
		QRcode *qr = QRcode_encodeString(qr_url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		if (qr == NULL) {
			g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED,
				    "cannot encode %s as a QR code", qr_url);
			return NULL;
		}
		self->qr_modules = qr->width;
		self->qr = g_new(guint8, qr->width * qr->width);
		for (int i = 0; i < qr->width * qr->width; i++)
			self->qr[i] = qr->data[i] & 1;
		QRcode_free(qr);
		self->qr_module_mm = size_mm / self->qr_modules;
		/* its own 4-module quiet zone, beyond the code's */
		self->qr_x0 = self->grid_x0 + size_mm + MAX(4 * self->qr_module_mm, self->grid_x0);
		self->qr_y0 = self->grid_y0;
		self->width_mm = self->qr_x0 + size_mm + 4 * self->qr_module_mm;
	}

	g_snprintf(self->digits, sizeof self->digits, "%d", id);
	self->n_digits = strlen(self->digits);
	text_h = 0.45 * size_mm;
	self->digit_unit_mm = text_h / 7;
	self->digits_x0 = self->grid_x0;
	self->digits_y0 = self->grid_y0 + size_mm + SORI_SCENE_QUIET_CELLS * c;
	self->height_mm = self->digits_y0 + text_h + SORI_SCENE_QUIET_CELLS * c;
	return g_steal_pointer(&self);
}

int
sori_scene_label_get_id(const SoriSceneLabel *self)
{
	return self->id;
}

double
sori_scene_label_get_size_mm(const SoriSceneLabel *self)
{
	return self->size_mm;
}

double
sori_scene_label_get_width_mm(const SoriSceneLabel *self)
{
	return self->width_mm;
}

double
sori_scene_label_get_height_mm(const SoriSceneLabel *self)
{
	return self->height_mm;
}

void
sori_scene_label_get_grid_corners_mm(const SoriSceneLabel *self, double corners[4][2])
{
	double x0 = self->grid_x0, y0 = self->grid_y0, s = self->size_mm;
	corners[0][0] = x0;
	corners[0][1] = y0;
	corners[1][0] = x0 + s;
	corners[1][1] = y0;
	corners[2][0] = x0 + s;
	corners[2][1] = y0 + s;
	corners[3][0] = x0;
	corners[3][1] = y0 + s;
}

double
sori_scene_label_reflectance(const SoriSceneLabel *self, double x, double y)
{
	double u, v;

	if (!(x >= 0 && y >= 0 && x < self->width_mm && y < self->height_mm))
		return -1.0;
	u = (x - self->grid_x0) / self->cell_mm;
	v = (y - self->grid_y0) / self->cell_mm;
	if (u >= 0 && v >= 0 && u < SORI_MARKER_FAMILY_GRID && v < SORI_MARKER_FAMILY_GRID)
		return self->grid[(int) v][(int) u] ? self->paper : self->ink;
	if (self->qr != NULL) {
		u = (x - self->qr_x0) / self->qr_module_mm;
		v = (y - self->qr_y0) / self->qr_module_mm;
		if (u >= 0 && v >= 0 && u < self->qr_modules && v < self->qr_modules)
			return self->qr[(int) v * self->qr_modules + (int) u] ? self->ink
									      : self->paper;
	}
	/* a digit is 5 units wide, 1 unit apart */
	u = (x - self->digits_x0) / self->digit_unit_mm;
	v = (y - self->digits_y0) / self->digit_unit_mm;
	if (u >= 0 && v >= 0 && v < 7 && u < self->n_digits * 6) {
		int digit = (int) u / 6;
		int column = (int) u % 6;
		if (column < 5) {
			int bits = digit_rows[self->digits[digit] - '0'][(int) v];
			if (bits & (0x10 >> column))
				return self->ink;
		}
	}
	return self->paper;
}

guint8 *
sori_scene_label_rasterise(const SoriSceneLabel *self, double px_per_mm, int *width, int *height)
{
	int w = MAX(1, (int) ceil(self->width_mm * px_per_mm));
	int h = MAX(1, (int) ceil(self->height_mm * px_per_mm));
	guint8 *pixels = g_malloc(w * h);

	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			double sum = 0;
			for (int j = 0; j < SUPERSAMPLE; j++) {
				for (int i = 0; i < SUPERSAMPLE; i++) {
					double r = sori_scene_label_reflectance(
						self, (x + (i + 0.5) / SUPERSAMPLE) / px_per_mm,
						(y + (j + 0.5) / SUPERSAMPLE) / px_per_mm);
					sum += r < 0 ? PAPER : r;
				}
			}
			pixels[y * w + x]
				= (guint8) lround(255.0 * sum / (SUPERSAMPLE * SUPERSAMPLE));
		}
	}
	*width = w;
	*height = h;
	return pixels;
}

/* ---- a flat grey raster on paper (QR codes, other tags, text sheets) --- */

typedef struct {
	guint8 *pixels; /* 1 = black */
	int width, height;
	double mm_per_px;
} Raster;

static double
raster_reflectance(const Raster *raster, double x, double y)
{
	int u = (int) floor(x / raster->mm_per_px);
	int v = (int) floor(y / raster->mm_per_px);

	if (x < 0 || y < 0 || u >= raster->width || v >= raster->height)
		return -1.0;
	return raster->pixels[v * raster->width + u] ? INK : PAPER;
}

/* ---- planes in the scene ------------------------------------------------ */

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

/* the label's finest detail: a cell, a QR module or a digit's stroke */
static double
label_feature_mm(const SoriSceneLabel *label)
{
	double feature = MIN(label->cell_mm, label->digit_unit_mm);
	if (label->qr != NULL)
		feature = MIN(feature, label->qr_module_mm);
	return feature;
}

static double
label_reflectance_cb(const void *data, double x, double y)
{
	return sori_scene_label_reflectance(data, x, y);
}

static double
raster_reflectance_cb(const void *data, double x, double y)
{
	return raster_reflectance(data, x, y);
}

static double
dot(const double a[3], const double b[3])
{
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

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

/* the plane's pose: see sori-scene.h for the angles' meaning */
static void
plane_set_pose(Plane *plane, double distance_m, double bearing_deg, double elevation_deg,
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
static void
plane_point(const Plane *plane, double x_mm, double y_mm, double out[3])
{
	double a = (x_mm - plane->anchor[0]) / 1000, b = (y_mm - plane->anchor[1]) / 1000;
	for (int i = 0; i < 3; i++)
		out[i] = plane->position[i] + a * plane->right[i] + b * plane->down[i];
}

typedef struct {
	int width, height;
	double f, cx, cy, k1;
} Camera;

static void
camera_init(Camera *camera, int width, int height, double fov_deg, double k1)
{
	camera->width = width;
	camera->height = height;
	camera->f = sori_scene_focal_px(width, fov_deg);
	camera->cx = width / 2.0;
	camera->cy = height / 2.0;
	camera->k1 = k1;
}

/* a camera point to pixels, through the lens's distortion; FALSE behind it */
static gboolean
camera_project(const Camera *camera, const double p[3], double out[2])
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
static void
plane_render(const Plane *plane, const Camera *camera, float *image)
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
		plane_point(plane, corners[i][0], corners[i][1], p);
		if (!camera_project(camera, p, uv)) {
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

/* ---- the background, in reflectance ------------------------------------- */

static void gaussian_blur(float *image, int width, int height, double sigma);

/* the frame's window onto the wall: frame pixel (x, y) is the wall's
 * (x + ox, y + oy), so that a shaking hand moves the same wall */
typedef struct {
	float *image;
	int width, height;
	int ox, oy;
} Canvas;

/* how far beyond the frame the wall's shading reaches */
#define WALL_MARGIN 256

static void
fill_rect(Canvas *canvas, int x0, int y0, int x1, int y1, float value, float alpha)
{
	x0 = CLAMP(x0 - canvas->ox, 0, canvas->width);
	x1 = CLAMP(x1 - canvas->ox, 0, canvas->width);
	y0 = CLAMP(y0 - canvas->oy, 0, canvas->height);
	y1 = CLAMP(y1 - canvas->oy, 0, canvas->height);
	for (int y = y0; y < y1; y++) {
		float *row = &canvas->image[y * canvas->width];
		for (int x = x0; x < x1; x++)
			row[x] += alpha * (value - row[x]);
	}
}

/* a filled ellipse, turned by @angle: lamps, heads, vases, round signs */
static void
fill_ellipse(Canvas *canvas, double cx, double cy, double rx, double ry, double angle, float value)
{
	double c = cos(angle), s = sin(angle);
	double reach = MAX(rx, ry);
	int x0 = (int) floor(cx - reach) - canvas->ox, x1 = (int) ceil(cx + reach) - canvas->ox;
	int y0 = (int) floor(cy - reach) - canvas->oy, y1 = (int) ceil(cy + reach) - canvas->oy;

	x0 = CLAMP(x0, 0, canvas->width);
	x1 = CLAMP(x1, 0, canvas->width);
	y0 = CLAMP(y0, 0, canvas->height);
	y1 = CLAMP(y1, 0, canvas->height);
	for (int y = y0; y < y1; y++) {
		for (int x = x0; x < x1; x++) {
			double dx = x + canvas->ox + 0.5 - cx, dy = y + canvas->oy + 0.5 - cy;
			double u = (dx * c + dy * s) / rx, v = (-dx * s + dy * c) / ry;
			if (u * u + v * v <= 1)
				canvas->image[y * canvas->width + x] = value;
		}
	}
}

/* a filled convex quadrilateral, corners in order: posters and doors seen askew */
static void
fill_quad(Canvas *canvas, const double corners[4][2], float value)
{
	double left = G_MAXDOUBLE, right = -G_MAXDOUBLE, top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE;
	int x0, x1, y0, y1;
	double turn = 0;

	for (int i = 0; i < 4; i++) {
		const double *a = corners[i], *b = corners[(i + 1) % 4];
		left = MIN(left, a[0]);
		right = MAX(right, a[0]);
		top = MIN(top, a[1]);
		bottom = MAX(bottom, a[1]);
		turn += a[0] * b[1] - b[0] * a[1];
	}
	x0 = CLAMP((int) floor(left) - canvas->ox, 0, canvas->width);
	x1 = CLAMP((int) ceil(right) - canvas->ox, 0, canvas->width);
	y0 = CLAMP((int) floor(top) - canvas->oy, 0, canvas->height);
	y1 = CLAMP((int) ceil(bottom) - canvas->oy, 0, canvas->height);
	for (int y = y0; y < y1; y++) {
		for (int x = x0; x < x1; x++) {
			double px = x + canvas->ox + 0.5, py = y + canvas->oy + 0.5;
			gboolean inside = TRUE;
			for (int i = 0; i < 4 && inside; i++) {
				const double *a = corners[i], *b = corners[(i + 1) % 4];
				double side
					= (b[0] - a[0]) * (py - a[1]) - (b[1] - a[1]) * (px - a[0]);
				inside = turn >= 0 ? side >= 0 : side <= 0;
			}
			if (inside)
				canvas->image[y * canvas->width + x] = value;
		}
	}
}

/* random 5 × 7 glyphs in lines: what text looks like from afar */
static void
draw_text_block(Canvas *canvas, Rng *rng, int x0, int y0, int unit, int lines, int line_chars,
		float ink)
{
	for (int line = 0; line < lines; line++) {
		int y = y0 + line * unit * 10;
		int x = x0;
		int end = x0 + line_chars * unit * 6;
		while (x < end) {
			int word = 2 + rng_int(rng, 8);
			for (int c = 0; c < word && x < end; c++, x += unit * 6) {
				for (int row = 0; row < 7; row++) {
					int bits = rng_int(rng, 32);
					for (int col = 0; col < 5; col++)
						if (bits & (1 << col))
							fill_rect(canvas, x + col * unit,
								  y + row * unit,
								  x + (col + 1) * unit,
								  y + (row + 1) * unit, ink, 1);
				}
			}
			x += unit * 6;
		}
	}
}

/* smooth random shading, a cell's size apart: plaster, wood, shadows, photos */
static void
add_value_noise(Canvas *canvas, Rng *rng, int cell, float amplitude)
{
	int grid_width = (canvas->width + 2 * WALL_MARGIN) / cell + 2;
	int grid_height = (canvas->height + 2 * WALL_MARGIN) / cell + 2;
	g_autofree float *grid = g_new(float, grid_width *grid_height);

	g_autofree int *columns = g_new(int, canvas->width);
	g_autofree float *weights = g_new(float, canvas->width);

	for (int i = 0; i < grid_width * grid_height; i++)
		grid[i] = amplitude * (2 * rng_double(rng) - 1);
	for (int x = 0; x < canvas->width; x++) {
		int wx = CLAMP(x + canvas->ox + WALL_MARGIN, 0, canvas->width + 2 * WALL_MARGIN);
		float tx = (float) (wx % cell) / cell;
		columns[x] = wx / cell;
		weights[x] = tx * tx * (3 - 2 * tx);
	}
	for (int y = 0; y < canvas->height; y++) {
		int wy = CLAMP(y + canvas->oy + WALL_MARGIN, 0, canvas->height + 2 * WALL_MARGIN);
		int gy = wy / cell;
		float ty = (float) (wy % cell) / cell;
		const float *g0 = &grid[gy * grid_width], *g1 = &grid[(gy + 1) * grid_width];
		ty = ty * ty * (3 - 2 * ty);
		for (int x = 0; x < canvas->width; x++) {
			int gx = columns[x];
			float tx = weights[x];
			float top, bottom;
			top = g0[gx] + tx * (g0[gx + 1] - g0[gx]);
			bottom = g1[gx] + tx * (g1[gx + 1] - g1[gx]);
			canvas->image[y * canvas->width + x] += top + ty * (bottom - top);
		}
	}
}

static void
background_textured(Canvas *canvas, Rng *rng)
{
	int width = canvas->width, height = canvas->height;
	double a = rng_range(rng, 0.2, 0.8), b = rng_range(rng, 0.2, 0.8);
	double angle = rng_range(rng, 0, 2 * G_PI);
	double ca = cos(angle) / width, sa = sin(angle) / width;
	int n;

	for (int y = 0; y < height; y++) {
		for (int x = 0; x < width; x++) {
			double t = 0.5 + (x + canvas->ox - width / 2.0) * ca
				   + (y + canvas->oy - height / 2.0) * sa;
			canvas->image[y * width + x] = a + (b - a) * CLAMP(t, 0.0, 1.0);
		}
	}
	/* rectangles, filled and outlined: frames, doors, posters, shadows */
	n = 15 + rng_int(rng, 30);
	for (int i = 0; i < n; i++) {
		int w = 8 + rng_int(rng, width / 3), h = 8 + rng_int(rng, height / 2);
		int x = rng_int(rng, width + w) - w, y = rng_int(rng, height + h) - h;
		float value = rng_range(rng, 0.03, 0.9), alpha = rng_range(rng, 0.4, 1.0);
		if (rng_chance(rng, 0.3)) {
			int t = 1 + rng_int(rng, 8);
			fill_rect(canvas, x, y, x + w, y + t, value, alpha);
			fill_rect(canvas, x, y + h - t, x + w, y + h, value, alpha);
			fill_rect(canvas, x, y + t, x + t, y + h - t, value, alpha);
			fill_rect(canvas, x + w - t, y + t, x + w, y + h - t, value, alpha);
		} else {
			fill_rect(canvas, x, y, x + w, y + h, value, alpha);
		}
	}
	/* strokes */
	n = 10 + rng_int(rng, 20);
	for (int i = 0; i < n; i++) {
		double x = rng_range(rng, 0, width), y = rng_range(rng, 0, height);
		double dir = rng_range(rng, 0, 2 * G_PI), length = rng_range(rng, 20, 500);
		int t = 1 + rng_int(rng, 6);
		float value = rng_range(rng, 0.03, 0.9);
		for (double s = 0; s < length; s += 0.7) {
			int px = (int) (x + s * cos(dir)), py = (int) (y + s * sin(dir));
			fill_rect(canvas, px, py, px + t, py + t, value, 1);
		}
	}
	/* round things and askew quadrilaterals */
	n = rng_int(rng, 12);
	for (int i = 0; i < n; i++) {
		double r = rng_range(rng, 4, height / 4.0);
		fill_ellipse(canvas, rng_range(rng, 0, width), rng_range(rng, 0, height), r,
			     r * rng_range(rng, 0.3, 1.0), rng_range(rng, 0, G_PI),
			     rng_range(rng, 0.03, 0.9));
	}
	n = rng_int(rng, 8);
	for (int i = 0; i < n; i++) {
		double cx = rng_range(rng, 0, width), cy = rng_range(rng, 0, height);
		double r = rng_range(rng, 6, height / 5.0), spin = rng_range(rng, 0, 2 * G_PI);
		double corners[4][2];
		for (int k = 0; k < 4; k++) {
			/* a square's corners, each pushed about: convex still */
			double t = spin + k * G_PI / 2 + rng_range(rng, -0.35, 0.35);
			double rk = r * rng_range(rng, 0.7, 1.0);
			corners[k][0] = cx + rk * cos(t);
			corners[k][1] = cy + rk * sin(t);
		}
		fill_quad(canvas, corners, rng_range(rng, 0.03, 0.9));
	}
	if (rng_chance(rng, 0.7)) {
		add_value_noise(canvas, rng, 96 + rng_int(rng, 160), 0.12);
		add_value_noise(canvas, rng, 16 + rng_int(rng, 40), 0.06);
		add_value_noise(canvas, rng, 2 + rng_int(rng, 6), 0.03);
	}
	/* text-like clutter: signs, captions */
	n = 1 + rng_int(rng, 4);
	for (int i = 0; i < n; i++) {
		int unit = 1 + rng_int(rng, 3);
		draw_text_block(canvas, rng, rng_int(rng, width), rng_int(rng, height), unit,
				1 + rng_int(rng, 8), 5 + rng_int(rng, 30),
				rng_range(rng, 0.03, 0.25));
	}
	for (int i = 0; i < width * height; i++)
		canvas->image[i] = CLAMP(canvas->image[i], 0.01f, 0.95f);
}

static void
background_noise(Canvas *canvas, Rng *rng)
{
	int block = rng_chance(rng, 0.5) ? 1 : 2 + rng_int(rng, 23);
	double lo = rng_range(rng, 0.0, 0.3), hi = rng_range(rng, 0.5, 0.9);

	for (int by = 0; by < canvas->height; by += block)
		for (int bx = 0; bx < canvas->width; bx += block)
			fill_rect(canvas, bx, by, bx + block, by + block, rng_range(rng, lo, hi),
				  1);
}

/* ---- the frame's light, blur, noise ------------------------------------ */

static void
gaussian_blur(float *image, int width, int height, double sigma)
{
	int radius = (int) ceil(3 * sigma);
	int size = 2 * radius + 1;
	g_autofree float *kernel = g_new(float, size);
	g_autofree float *line = g_new(float, MAX(width, height));
	g_autofree float *copy = NULL;
	double sum = 0;

	for (int i = 0; i < size; i++)
		sum += kernel[i] = exp(-0.5 * (i - radius) * (i - radius) / (sigma * sigma));
	for (int i = 0; i < size; i++)
		kernel[i] /= sum;
	/* rows, each padded with its edge pixels */
	line = g_renew(float, line, width + 2 * radius);
	for (int y = 0; y < height; y++) {
		float *row = &image[y * width];
		for (int i = 0; i < radius; i++) {
			line[i] = row[0];
			line[radius + width + i] = row[width - 1];
		}
		memcpy(line + radius, row, sizeof(float) * width);
		for (int x = 0; x < width; x++) {
			float v = 0;
			for (int k = 0; k < size; k++)
				v += kernel[k] * line[x + k];
			row[x] = v;
		}
	}
	/* columns, a whole row at a time */
	copy = g_memdup2(image, sizeof(float) * width * height);
	for (int y = 0; y < height; y++) {
		float *out = &image[y * width];
		memset(out, 0, sizeof(float) * width);
		for (int k = 0; k < size; k++) {
			const float *in = &copy[CLAMP(y + k - radius, 0, height - 1) * width];
			float w = kernel[k];
			for (int x = 0; x < width; x++)
				out[x] += w * in[x];
		}
	}
}

/* a straight motion blur: the mean of the frame shifted along the stroke,
 * each shift bilinear with weights that hold for the whole frame */
static void
motion_blur(float *image, int width, int height, double length, double angle_deg)
{
	int taps = (int) ceil(length) + 1;
	double dx = cos(angle_deg * G_PI / 180), dy = sin(angle_deg * G_PI / 180);
	g_autofree float *copy = g_memdup2(image, sizeof(float) * width * height);
	g_autofree int *columns = g_new(int, width * 2);

	memset(image, 0, sizeof(float) * width * height);
	for (int k = 0; k < taps; k++) {
		double t = -length / 2 + length * k / (taps - 1);
		double ox = t * dx, oy = t * dy;
		int ix = (int) floor(ox), iy = (int) floor(oy);
		float fx = ox - ix, fy = oy - iy;
		float w00 = (1 - fx) * (1 - fy) / taps, w10 = fx * (1 - fy) / taps;
		float w01 = (1 - fx) * fy / taps, w11 = fx * fy / taps;

		for (int x = 0; x < width; x++) {
			columns[2 * x] = CLAMP(x + ix, 0, width - 1);
			columns[2 * x + 1] = CLAMP(x + ix + 1, 0, width - 1);
		}
		for (int y = 0; y < height; y++) {
			const float *r0 = &copy[CLAMP(y + iy, 0, height - 1) * width];
			const float *r1 = &copy[CLAMP(y + iy + 1, 0, height - 1) * width];
			float *out = &image[y * width];
			for (int x = 0; x < width; x++) {
				int c0 = columns[2 * x], c1 = columns[2 * x + 1];
				out[x] += w00 * r0[c0] + w10 * r0[c1] + w01 * r1[c0] + w11 * r1[c1];
			}
		}
	}
}

/* ---- scenes ------------------------------------------------------------- */

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

int
sori_scene_clock_from_bearing(double bearing_deg)
{
	int hour = ((int) lround(bearing_deg / 30) % 12 + 12) % 12;
	return hour == 0 ? 12 : hour;
}

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

/* the grid's truth from its pose alone */
static void
code_truth(const Camera *camera, const Plane *plane, const SoriSceneLabel *label,
	   const SoriSceneCode *code, SoriSceneTruth *truth)
{
	double corners[4][2];
	double centre[3];
	gboolean in_front = TRUE, inside = TRUE;

	memset(truth, 0, sizeof *truth);
	truth->id = code->id;
	sori_scene_label_get_grid_corners_mm(label, corners);
	for (int i = 0; i < 4; i++) {
		double p[3];
		plane_point(plane, corners[i][0], corners[i][1], p);
		if (!camera_project(camera, p, truth->corners[i]))
			in_front = FALSE;
		if (truth->corners[i][0] < 0 || truth->corners[i][1] < 0
		    || truth->corners[i][0] > camera->width
		    || truth->corners[i][1] > camera->height)
			inside = FALSE;
	}
	for (int i = 0; i < 4; i++) {
		const double *a = truth->corners[i], *b = truth->corners[(i + 1) % 4];
		truth->width_px += hypot(b[0] - a[0], b[1] - a[1]) / 4;
	}
	plane_point(plane, plane->anchor[0], plane->anchor[1], centre);
	if (!camera_project(camera, centre, truth->centre))
		in_front = FALSE;
	truth->distance_m = sqrt(dot(centre, centre));
	truth->bearing_deg = atan2(centre[0], centre[2]) * 180 / G_PI;
	truth->clock = sori_scene_clock_from_bearing(truth->bearing_deg);
	truth->off_axis_deg = fabs(code->yaw_deg);
	/* a pixel a cell is the least any reader needs */
	truth->readable = in_front && inside && truth->width_px >= SORI_MARKER_FAMILY_GRID;
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

typedef struct {
	GPtrArray *labels;  /* SoriSceneLabel */
	GPtrArray *rasters; /* Raster */
	GArray *planes;     /* Plane */
} Scene;

static void
raster_free(Raster *raster)
{
	g_free(raster->pixels);
	g_free(raster);
}

static void
scene_clear(Scene *scene)
{
	g_ptr_array_unref(scene->labels);
	g_ptr_array_unref(scene->rasters);
	g_array_unref(scene->planes);
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
	plane_set_pose(&plane, distance, rng_range(rng, -25, 25), rng_range(rng, -12, 12),
		       rng_range(rng, -60, 60), rng_range(rng, -180, 180));
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

static void
scene_add_negative(Scene *scene, const Camera *camera, SoriSceneNegative kind, Rng *rng)
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

static gint
plane_farther_first(gconstpointer a, gconstpointer b)
{
	const Plane *pa = a, *pb = b;
	double da = dot(pa->position, pa->position), db = dot(pb->position, pb->position);
	return da < db ? 1 : da > db ? -1 : 0;
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
	double exposure = 1.0, veil = 0.0;
	guint8 gamma[4097];
	double exponent = params->gamma > 0 ? 1 / params->gamma : 1 / 2.2;

	if (!params_check(params, error))
		return NULL;
	/* the camera's tone curve, linear light to 8 bits */
	for (int i = 0; i <= 4096; i++)
		gamma[i] = (guint8) lround(255 * pow(i / 4096.0, exponent));
	rng_init(&rng, params->seed);
	camera_init(&camera, width, height, params->fov_deg, params->distortion_k1);
	frame = g_new0(SoriSceneFrame, 1);
	frame->width = width;
	frame->height = height;
	frame->negative = params->negative;
	frame->pixels = g_malloc(width * height);
	image = g_new(float, width *height);

	{
		/* a shift of +dx shows the wall's x - dx at x */
		Canvas canvas = {
			.image = image,
			.width = width,
			.height = height,
			.ox = -(int) lround(params->background_shift_px[0]),
			.oy = -(int) lround(params->background_shift_px[1]),
		};
		if (params->negative == SORI_SCENE_NEGATIVE_NOISE) {
			canvas.ox = canvas.oy = 0;
			background_noise(&canvas, &rng);
		} else if (params->background == SORI_SCENE_BACKGROUND_PLAIN) {
			for (int i = 0; i < width * height; i++)
				image[i] = 0.6f;
		} else {
			background_textured(&canvas, &rng);
			/* its shapes are drawn on whole pixels: soften their staircase
			 * edges as a lens would (the labels are area-sampled instead) */
			gaussian_blur(image, width, height, 0.6);
		}
	}

	scene.labels = g_ptr_array_new_with_free_func((GDestroyNotify) sori_scene_label_free);
	scene.rasters = g_ptr_array_new_with_free_func((GDestroyNotify) raster_free);
	scene.planes = g_array_new(FALSE, TRUE, sizeof(Plane));
	if (params->negative != SORI_SCENE_NEGATIVE_NONE) {
		scene_add_negative(&scene, &camera, params->negative, &rng);
	} else {
		for (int i = 0; i < params->n_codes; i++) {
			const SoriSceneCode *code = &params->codes[i];
			SoriSceneTruth *truth = &frame->truths[frame->n_truths++];
			SoriSceneLabel *label = sori_scene_label_new(code->id, code->size_mm,
								     code->qr_url, error);
			Plane plane = { 0 };
			double corners[4][2];
			if (label == NULL) {
				scene_clear(&scene);
				return NULL;
			}
			g_ptr_array_add(scene.labels, label);
			if (code->paper > 0)
				label->paper = code->paper;
			if (code->ink > 0)
				label->ink = code->ink;
			sori_scene_label_get_grid_corners_mm(label, corners);
			plane.reflectance = label_reflectance_cb;
			plane.data = label;
			plane.width_mm = sori_scene_label_get_width_mm(label);
			plane.height_mm = sori_scene_label_get_height_mm(label);
			plane.anchor[0] = (corners[0][0] + corners[2][0]) / 2;
			plane.anchor[1] = (corners[0][1] + corners[2][1]) / 2;
			plane.feature_mm = label_feature_mm(label);
			plane_set_pose(&plane, code->distance_m, code->bearing_deg,
				       code->elevation_deg, code->yaw_deg, code->roll_deg);
			code_truth(&camera, &plane, label, code, truth);
			if (code->glare > 0) {
				plane.glare = code->glare;
				plane.glare_centre[0] = rng_range(&rng, 0, plane.width_mm);
				plane.glare_centre[1] = rng_range(&rng, 0, plane.height_mm);
				plane.glare_sigma = plane.width_mm / 6;
			}
			if (code->occlude > 0) {
				if (plane_occlude(&plane, label, code->occlude, code->occlude_grid,
						  &rng, &truth->occluded))
					truth->readable = FALSE;
			}
			g_array_append_val(scene.planes, plane);
		}
	}
	g_array_sort(scene.planes, plane_farther_first);
	for (guint i = 0; i < scene.planes->len; i++)
		plane_render(&g_array_index(scene.planes, Plane, i), &camera, image);
	scene_clear(&scene);

	/* light */
	if (params->dim) {
		exposure = 0.2;
		veil = 0.01;
	}
	if (params->uneven) {
		double angle = rng_range(&rng, 0, 2 * G_PI);
		double ca = cos(angle), sa = sin(angle);
		double half = hypot(width, height) / 2;
		double depth = rng_range(&rng, 0.4, 0.7);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				double dx = (x + 0.5 - width / 2.0) / half;
				double dy = (y + 0.5 - height / 2.0) / half;
				double t = 0.5 + 0.5 * (dx * ca + dy * sa);
				double light = (1 - depth * t) * (1 - 0.4 * (dx * dx + dy * dy));
				image[y * width + x] *= light;
			}
		}
	}
	for (int i = 0; i < width * height; i++)
		image[i] = image[i] * exposure + veil;
	if (params->defocus_px > 0)
		gaussian_blur(image, width, height, params->defocus_px);
	if (params->motion_px > 0)
		motion_blur(image, width, height, params->motion_px, params->motion_angle_deg);

	/* the camera's gamma, its noise (a stream of its own, per frame), 8 bits */
	rng_init(&rng, params->seed ^ (0x9e3779b97f4a7c15ULL * (params->frame + 1)));
	for (int i = 0; i < width * height; i++) {
		double v = gamma[(int) (CLAMP(image[i], 0.0f, 1.0f) * 4096 + 0.5f)];
		if (params->noise_sigma > 0)
			v += params->noise_sigma * rng_gaussian_fast(&rng);
		frame->pixels[i] = (guint8) CLAMP((int) floor(v + 0.5), 0, 255);
	}
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

gboolean
sori_scene_frame_write_pgm(const SoriSceneFrame *self, const char *path, GError **error)
{
	g_autofree char *header = g_strdup_printf("P5\n%d %d\n255\n", self->width, self->height);
	gsize header_len = strlen(header);
	g_autofree guint8 *bytes = g_malloc(header_len + (gsize) self->width * self->height);
	g_autoptr(GError) local = NULL;

	memcpy(bytes, header, header_len);
	memcpy(bytes + header_len, self->pixels, (gsize) self->width * self->height);
	if (!g_file_set_contents(path, (const char *) bytes,
				 header_len + (gsize) self->width * self->height, &local)) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED, "writing %s: %s",
			    path, local->message);
		return FALSE;
	}
	return TRUE;
}

static void
append_double(GString *out, double value, int decimals)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	char format[8];
	g_snprintf(format, sizeof format, "%%.%df", decimals);
	g_string_append(out, g_ascii_formatd(buf, sizeof buf, format, value));
}

char *
sori_scene_frame_truth_to_json(const SoriSceneFrame *self, const char *file)
{
	GString *out = g_string_new("{");

	if (file != NULL) {
		/* a JSON string: UTF-8 as it is, quotes, backslashes and controls escaped */
		g_autofree char *valid = g_utf8_make_valid(file, -1);
		g_string_append(out, "\"file\":\"");
		for (const char *p = valid; *p != '\0'; p++) {
			guchar c = (guchar) *p;
			if (c == '"' || c == '\\')
				g_string_append_printf(out, "\\%c", c);
			else if (c < 0x20 || c == 0x7f)
				g_string_append_printf(out, "\\u%04x", c);
			else
				g_string_append_c(out, c);
		}
		g_string_append(out, "\",");
	}
	g_string_append_printf(out, "\"width\":%d,\"height\":%d,\"negative\":", self->width,
			       self->height);
	if (self->negative == SORI_SCENE_NEGATIVE_NONE)
		g_string_append(out, "null");
	else
		g_string_append_printf(out, "\"%s\"",
				       sori_scene_negative_to_string(self->negative));
	g_string_append(out, ",\"codes\":[");
	for (int i = 0; i < self->n_truths; i++) {
		const SoriSceneTruth *t = &self->truths[i];
		if (i > 0)
			g_string_append_c(out, ',');
		g_string_append_printf(out, "{\"id\":%d,\"corners\":[", t->id);
		for (int c = 0; c < 4; c++) {
			g_string_append(out, c > 0 ? ",[" : "[");
			append_double(out, t->corners[c][0], 3);
			g_string_append_c(out, ',');
			append_double(out, t->corners[c][1], 3);
			g_string_append_c(out, ']');
		}
		g_string_append(out, "],\"centre\":[");
		append_double(out, t->centre[0], 3);
		g_string_append_c(out, ',');
		append_double(out, t->centre[1], 3);
		g_string_append(out, "],\"width_px\":");
		append_double(out, t->width_px, 3);
		g_string_append(out, ",\"distance_m\":");
		append_double(out, t->distance_m, 4);
		g_string_append(out, ",\"bearing_deg\":");
		append_double(out, t->bearing_deg, 3);
		g_string_append_printf(out, ",\"clock\":%d,\"off_axis_deg\":", t->clock);
		append_double(out, t->off_axis_deg, 2);
		g_string_append(out, ",\"occluded\":");
		append_double(out, t->occluded, 3);
		g_string_append_printf(out, ",\"readable\":%s}", t->readable ? "true" : "false");
	}
	g_string_append(out, "]}");
	return g_string_free(out, FALSE);
}

gboolean
sori_scene_y4m_write_header(FILE *out, int width, int height, int fps, GError **error)
{
	if (width % 2 != 0 || height % 2 != 0 || fps <= 0) {
		g_set_error(
			error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID,
			"a 4:2:0 video needs an even size and a positive rate, not %d × %d at %d",
			width, height, fps);
		return FALSE;
	}
	if (fprintf(out, "YUV4MPEG2 W%d H%d F%d:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED\n", width,
		    height, fps)
	    < 0) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED,
			    "writing the video: %s", g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

gboolean
sori_scene_y4m_write_frame(FILE *out, const SoriSceneFrame *frame, GError **error)
{
	gsize chroma = (gsize) (frame->width / 2) * (frame->height / 2);
	g_autofree guint8 *flat = g_malloc(chroma);
	g_autofree guint8 *luma = NULL;

	if (frame->width % 2 != 0 || frame->height % 2 != 0) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID,
			    "a 4:2:0 video needs an even size, not %d × %d", frame->width,
			    frame->height);
		return FALSE;
	}
	memset(flat, 128, chroma);
	/* video range, as players (Chromium's fake camera too) take YUV4MPEG2's
	 * luma: 16..235 for black..white, so that a page sees the frame's greys */
	luma = g_malloc((gsize) frame->width * frame->height);
	for (gsize i = 0; i < (gsize) frame->width * frame->height; i++)
		luma[i] = 16 + (frame->pixels[i] * 219 + 127) / 255;
	if (fputs("FRAME\n", out) < 0
	    || fwrite(luma, 1, (gsize) frame->width * frame->height, out)
		       != (gsize) frame->width * frame->height
	    || fwrite(flat, 1, chroma, out) != chroma || fwrite(flat, 1, chroma, out) != chroma) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED,
			    "writing the video: %s", g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

/* the code's truth without rendering, to choose poses that fit the frame */
static gboolean
code_fits(const SoriSceneParams *params, const SoriSceneCode *code)
{
	g_autoptr(SoriSceneLabel) label = sori_scene_label_new(code->id, code->size_mm, NULL, NULL);
	Camera camera;
	Plane plane = { 0 };
	double corners[4][2];
	SoriSceneTruth truth;

	camera_init(&camera, params->width, params->height, params->fov_deg, params->distortion_k1);
	sori_scene_label_get_grid_corners_mm(label, corners);
	plane.anchor[0] = (corners[0][0] + corners[2][0]) / 2;
	plane.anchor[1] = (corners[0][1] + corners[2][1]) / 2;
	plane_set_pose(&plane, code->distance_m, code->bearing_deg, code->elevation_deg,
		       code->yaw_deg, code->roll_deg);
	code_truth(&camera, &plane, label, code, &truth);
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
