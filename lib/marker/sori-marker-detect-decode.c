/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Reading a quad's grid. The quad is the white square of cells 2..6 inside
 * the black ring, so the homography from grid cells to pixels is known from
 * its corners. Each cell's grey level is sampled at its centre; the black
 * ring and the white ring give the black and the white level, each as a
 * plane across the code so that uneven light is followed; a cell is white
 * above the middle of the two. The rings must read as they are printed, the
 * 41 data bits are tried in the four rotations against every codeword, and a
 * read more than two bits from a codeword is no code.
 */

#include "sori-marker-detect-private.h"
#include "sori-marker-family.h"
#include "sori-marker-math-private.h"

#define GRID SORI_MARKER_FAMILY_GRID
/* the most data bits corrected, and ring cells read wrong, in an accepted code */
#define MAX_HAMMING     2
#define MAX_RING_ERRORS 2
/* the least difference between the white and the black level, grey levels */
#define MIN_CODE_CONTRAST 10.0
/* ring cells read wrong, before the edges are refined, beyond which a quad is no code */
#define QUICK_RING_ERRORS 8
/* how much of a cell's difference from its neighbours is added back */
#define SHARPENING 0.25

/* solves the n × n system a x = b in place (a row-major, n ≤ 8); FALSE when singular */
static int
solve(double *a, double *b, int n)
{
	for (int col = 0; col < n; col++) {
		int pivot = col;
		for (int r = col + 1; r < n; r++)
			if (sori_marker_abs(a[r * n + col]) > sori_marker_abs(a[pivot * n + col]))
				pivot = r;
		if (sori_marker_abs(a[pivot * n + col]) < 1e-12)
			return 0;
		if (pivot != col) {
			for (int k = 0; k < n; k++) {
				double t = a[col * n + k];
				a[col * n + k] = a[pivot * n + k];
				a[pivot * n + k] = t;
			}
			double t = b[col];
			b[col] = b[pivot];
			b[pivot] = t;
		}
		for (int r = col + 1; r < n; r++) {
			double f = a[r * n + col] / a[col * n + col];
			for (int k = col; k < n; k++)
				a[r * n + k] -= f * a[col * n + k];
			b[r] -= f * b[col];
		}
	}
	for (int r = n - 1; r >= 0; r--) {
		double sum = b[r];
		for (int k = r + 1; k < n; k++)
			sum -= a[r * n + k] * b[k];
		b[r] = sum / a[r * n + r];
	}
	return 1;
}

int
sori_marker_homography(const double src[4][2], const double dst[4][2], double h[9])
{
	double a[64];
	double b[8];
	for (int i = 0; i < 4; i++) {
		double u = src[i][0], v = src[i][1], x = dst[i][0], y = dst[i][1];
		double row0[8] = { u, v, 1, 0, 0, 0, -u * x, -v * x };
		double row1[8] = { 0, 0, 0, u, v, 1, -u * y, -v * y };
		for (int k = 0; k < 8; k++) {
			a[(2 * i) * 8 + k] = row0[k];
			a[(2 * i + 1) * 8 + k] = row1[k];
		}
		b[2 * i] = x;
		b[2 * i + 1] = y;
	}
	if (!solve(a, b, 8))
		return 0;
	for (int k = 0; k < 8; k++)
		h[k] = b[k];
	h[8] = 1;
	return 1;
}

void
sori_marker_homography_apply(const double h[9], double u, double v, double out[2])
{
	double z = h[6] * u + h[7] * v + h[8];
	if (sori_marker_abs(z) < 1e-12)
		z = 1e-12;
	out[0] = (h[0] * u + h[1] * v + h[2]) / z;
	out[1] = (h[3] * u + h[4] * v + h[5]) / z;
}

/* a cell's grey level: its centre and four points around it, averaged */
static double
sample_cell(const SoriMarkerContext *ctx, const double h[9], int cx, int cy)
{
	static const double offsets[5][2]
		= { { 0, 0 }, { -0.2, -0.2 }, { 0.2, -0.2 }, { -0.2, 0.2 }, { 0.2, 0.2 } };
	double sum = 0;
	for (int k = 0; k < 5; k++) {
		double p[2];
		sori_marker_homography_apply(h, cx + 0.5 + offsets[k][0], cy + 0.5 + offsets[k][1],
					     p);
		sum += sori_marker_sample(ctx, p[0], p[1]);
	}
	return sum / 5;
}

/* every cell's grey level, sharpened: a blurred code's lone white cell among
 * black ones reads darker than the white ring, and the sharpening (the cell
 * minus a quarter of its neighbours' excess) undoes part of that */
static int
sample_grid(const SoriMarkerContext *ctx, const double h[9], double cells[GRID][GRID])
{
	/* a cell read beyond the frame's edge would be made up: no code there */
	for (int y = 0; y < GRID; y++)
		for (int x = 0; x < GRID; x++) {
			double p[2];
			sori_marker_homography_apply(h, x + 0.5, y + 0.5, p);
			if (!(p[0] >= 0 && p[0] <= ctx->width && p[1] >= 0 && p[1] <= ctx->height))
				return 0;
		}
	/* the grid and the ring of quiet zone around it, for the outer cells' neighbours */
	double raw[GRID + 2][GRID + 2];
	for (int y = 0; y < GRID + 2; y++)
		for (int x = 0; x < GRID + 2; x++)
			raw[y][x] = sample_cell(ctx, h, x - 1, y - 1);
	for (int y = 0; y < GRID; y++)
		for (int x = 0; x < GRID; x++) {
			double v = raw[y + 1][x + 1];
			double around = raw[y][x + 1] + raw[y + 2][x + 1] + raw[y + 1][x]
					+ raw[y + 1][x + 2];
			cells[y][x] = v + SHARPENING * (4 * v - around);
		}
	return 1;
}

/* a plane level = p0 + p1 u + p2 v fitted to the cells of one ring */
static int
fit_ring_plane(const double cells[GRID][GRID], int ring, double plane[3])
{
	double a[9] = { 0 }, b[3] = { 0 };
	int lo = ring, hi = GRID - 1 - ring;
	for (int y = lo; y <= hi; y++)
		for (int x = lo; x <= hi; x++) {
			if (x != lo && x != hi && y != lo && y != hi)
				continue;
			double row[3] = { 1, x - 4.0, y - 4.0 };
			for (int i = 0; i < 3; i++) {
				for (int j = 0; j < 3; j++)
					a[i * 3 + j] += row[i] * row[j];
				b[i] += row[i] * cells[y][x];
			}
		}
	if (!solve(a, b, 3))
		return 0;
	plane[0] = b[0];
	plane[1] = b[1];
	plane[2] = b[2];
	return 1;
}

/* a point of the tag's grid (in cells from its corner), turned a quarter @rotation times */
static void
rotate_point(int rotation, double x, double y, double *u, double *v)
{
	switch (rotation & 3) {
	case 0:
		*u = x, *v = y;
		break;
	case 1:
		*u = GRID - y, *v = x;
		break;
	case 2:
		*u = GRID - x, *v = GRID - y;
		break;
	default:
		*u = y, *v = GRID - x;
		break;
	}
}

/* the tag's cell (x, y) as seen in the quad's grid, turned a quarter @rotation
 * times: the cell whose centre its centre turns to */
static void
rotate_cell(int rotation, int x, int y, int *u, int *v)
{
	double cu, cv;

	rotate_point(rotation, x + 0.5, y + 0.5, &cu, &cv);
	*u = (int) cu;
	*v = (int) cv;
}

/* the nearest codeword under each rotation: its id, bits apart and rotation */
static void
look_up(const uint8_t white[GRID][GRID], int *id, int *hamming, int *rotation)
{
	*id = -1;
	*hamming = MAX_HAMMING + 1;
	for (int r = 0; r < 4; r++) {
		uint64_t word = 0;
		for (int i = 0; i < SORI_MARKER_FAMILY_BITS; i++) {
			int u, v;
			rotate_cell(r, sori_marker_family_bit_cells[i][0],
				    sori_marker_family_bit_cells[i][1], &u, &v);
			word = word << 1 | white[v][u];
		}
		for (int c = 0; c < SORI_MARKER_FAMILY_CODES; c++) {
			int d = sori_marker_popcount(word ^ sori_marker_family_codes[c]);
			if (d < *hamming) {
				*hamming = d;
				*id = c;
				*rotation = r;
			}
		}
	}
}

/* fills the detection's corners, centre and width from the grid's homography */
static void
place(const double h[9], int rotation, SoriMarkerDetection *out)
{
	static const double tag_corners[4][2]
		= { { 0, 0 }, { GRID, 0 }, { GRID, GRID }, { 0, GRID } };
	for (int i = 0; i < 4; i++) {
		double u, v;
		rotate_point(rotation, tag_corners[i][0], tag_corners[i][1], &u, &v);
		sori_marker_homography_apply(h, u, v, out->corners[i]);
	}
	sori_marker_homography_apply(h, GRID / 2.0, GRID / 2.0, out->centre);
	double sum = 0;
	for (int i = 0; i < 4; i++) {
		double dx = out->corners[(i + 1) % 4][0] - out->corners[i][0];
		double dy = out->corners[(i + 1) % 4][1] - out->corners[i][1];
		sum += sori_marker_sqrt(dx * dx + dy * dy);
	}
	out->width_px = sum / 4;
}

int
sori_marker_decode(const SoriMarkerContext *ctx, const SoriMarkerQuad *quad,
		   SoriMarkerDetection *out)
{
	/* the white square spans grid coordinates 2..7 */
	static const double square[4][2] = { { 2, 2 }, { 7, 2 }, { 7, 7 }, { 2, 7 } };
	double h[9];
	if (!sori_marker_homography(square, quad->corners, h))
		return 0;
	double cells[GRID][GRID];
	if (!sample_grid(ctx, h, cells))
		return 0;
	double black[3], white[3];
	if (!fit_ring_plane(cells, 1, black) || !fit_ring_plane(cells, 2, white))
		return 0;
	if (white[0] - black[0] < MIN_CODE_CONTRAST)
		return 0;

	uint8_t is_white[GRID][GRID];
	double margin = 0;
	int ring_errors = 0;
	for (int y = 0; y < GRID; y++)
		for (int x = 0; x < GRID; x++) {
			double bl = black[0] + black[1] * (x - 4.0) + black[2] * (y - 4.0);
			double wh = white[0] + white[1] * (x - 4.0) + white[2] * (y - 4.0);
			double middle = (bl + wh) / 2;
			is_white[y][x] = cells[y][x] > middle;
			int ring = x < y ? x : y;
			int far = (GRID - 1 - x) < (GRID - 1 - y) ? GRID - 1 - x : GRID - 1 - y;
			ring = ring < far ? ring : far;
			if (ring == 1 && is_white[y][x])
				ring_errors++;
			else if (ring == 2 && !is_white[y][x])
				ring_errors++;
			else if (ring == 0 || ring == 3 || ring == 4)
				margin += 2 * sori_marker_abs(cells[y][x] - middle);
		}
	if (ring_errors > MAX_RING_ERRORS)
		return 0;

	int id, hamming, rotation = 0;
	look_up(is_white, &id, &hamming, &rotation);
	if (id < 0)
		return 0;
	out->id = id;
	out->hamming = hamming;
	/* sharpened levels can overshoot: the contrast is said within 0..255 */
	out->margin = sori_marker_min(margin / SORI_MARKER_FAMILY_BITS, 255);
	place(h, rotation, out);
	return 1;
}

int
sori_marker_quad_has_rings(const SoriMarkerContext *ctx, const SoriMarkerQuad *quad)
{
	static const double square[4][2] = { { 2, 2 }, { 7, 2 }, { 7, 7 }, { 2, 7 } };
	double h[9];
	if (!sori_marker_homography(square, quad->corners, h))
		return 0;
	/* each ring cell's centre once, against the middle of the rings' means:
	 * a quad that is no code's fails this by far, a code's passes before its
	 * edges are refined */
	double black = 0, white = 0, levels[2][24];
	int n_black = 0, n_white = 0;
	for (int y = 1; y < GRID - 1; y++)
		for (int x = 1; x < GRID - 1; x++) {
			int ring = x < y ? x : y;
			int far = (GRID - 1 - x) < (GRID - 1 - y) ? GRID - 1 - x : GRID - 1 - y;
			ring = ring < far ? ring : far;
			if (ring > 2)
				continue;
			double p[2];
			sori_marker_homography_apply(h, x + 0.5, y + 0.5, p);
			double v = sori_marker_sample(ctx, p[0], p[1]);
			if (ring == 1) {
				black += v;
				levels[0][n_black++] = v;
			} else {
				white += v;
				levels[1][n_white++] = v;
			}
		}
	double middle = (black / n_black + white / n_white) / 2;
	if (white / n_white - black / n_black < MIN_CODE_CONTRAST)
		return 0;
	int wrong = 0;
	for (int i = 0; i < n_black; i++)
		wrong += levels[0][i] > middle;
	for (int i = 0; i < n_white; i++)
		wrong += levels[1][i] <= middle;
	return wrong <= QUICK_RING_ERRORS;
}
