/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The wall behind the labels, in reflectance: gradients, rectangles and
 * frames, strokes, round things and askew quadrilaterals, smooth shading and
 * text-like glyph lines; for a noise frame, noise.
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene-private.h"

#include <math.h>

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

void
sori_scene_wall_draw(float *image, const SoriSceneParams *params, Rng *rng)
{
	int width = params->width, height = params->height;
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
		/* blocks blend over what is there: never over an uninitialised
		 * buffer's bytes, which may be NaN (a crash seen with seed 9) */
		for (int i = 0; i < width * height; i++)
			image[i] = 0.0f;
		background_noise(&canvas, rng);
	} else if (params->background == SORI_SCENE_BACKGROUND_PLAIN) {
		for (int i = 0; i < width * height; i++)
			image[i] = 0.6f;
	} else {
		background_textured(&canvas, rng);
		/* its shapes are drawn on whole pixels: soften their staircase
		 * edges as a lens would (the labels are area-sampled instead) */
		sori_scene_gaussian_blur(image, width, height, 0.6);
	}
}
