/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The printed label: a code's 9 × 9 grid, its quiet zone, an optional QR code
 * beside it and its number below in block digits, its reflectance exact at
 * any point (see sori-scene.h for the layout).
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene-private.h"

#include <math.h>
#include <qrencode.h>
#include <string.h>

/* ---- block digits, 5 × 7 ------------------------------------------------- */

static const guint8 digit_rows[10][7] = {
	{ 0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e }, { 0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e },
	{ 0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f }, { 0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e },
	{ 0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02 }, { 0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e },
	{ 0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e }, { 0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08 },
	{ 0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e }, { 0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c },
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

/* the label's finest detail: a cell, a QR module or a digit's stroke */
double
sori_scene_label_feature_mm(const SoriSceneLabel *label)
{
	double feature = MIN(label->cell_mm, label->digit_unit_mm);
	if (label->qr != NULL)
		feature = MIN(feature, label->qr_module_mm);
	return feature;
}

double
sori_scene_label_reflectance_cb(const void *data, double x, double y)
{
	return sori_scene_label_reflectance(data, x, y);
}
