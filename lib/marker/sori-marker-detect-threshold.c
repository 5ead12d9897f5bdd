/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Local adaptive threshold: the frame in tiles, each tile's minimum and
 * maximum spread to its neighbours, each pixel white above the middle of its
 * neighbourhood's range, black below, and unknown where the range is too flat
 * to tell (a blank wall's noise must not make edges). All of it on the frame
 * smoothed by a 3 × 3 box, which divides a sensor's noise by three while a
 * code's cells, two pixels wide or more, keep their side of the threshold.
 */

#include "sori-marker-detect-private.h"

/* the 3 × 3 box mean of each pixel, the frame's edges repeated outward: each
 * row's column sums of three, then three of those side by side */
static void
smooth(SoriMarkerContext *ctx)
{
	int width = ctx->width;
	uint16_t *sums = ctx->column_sums;
	for (int y = 0; y < ctx->height; y++) {
		const uint8_t *above = ctx->grey + (size_t) (y > 0 ? y - 1 : 0) * ctx->stride;
		const uint8_t *row = ctx->grey + (size_t) y * ctx->stride;
		const uint8_t *below
			= ctx->grey + (size_t) (y + 1 < ctx->height ? y + 1 : y) * ctx->stride;
		for (int x = 0; x < width; x++)
			sums[x] = (uint16_t) (above[x] + row[x] + below[x]);
		uint8_t *out = ctx->smooth + (size_t) y * width;
		/* sum / 9, rounded: 7282 / 65536 ≈ 1 / 9 */
		out[0] = (uint8_t) (((2 * sums[0] + sums[1]) * 7282 + 32768) >> 16);
		for (int x = 1; x < width - 1; x++)
			out[x] = (uint8_t) (((sums[x - 1] + sums[x] + sums[x + 1]) * 7282 + 32768)
					    >> 16);
		out[width - 1] = (uint8_t) (((sums[width - 2] + 2 * sums[width - 1]) * 7282 + 32768)
					    >> 16);
	}
}

static void
tile_extremes(SoriMarkerContext *ctx)
{
	int tiles_x = ctx->tiles_x;
	for (int ty = 0; ty < ctx->tiles_y; ty++) {
		int y0 = ty * SORI_MARKER_TILE;
		int y1 = y0 + SORI_MARKER_TILE;
		if (y1 > ctx->height)
			y1 = ctx->height;
		for (int tx = 0; tx < tiles_x; tx++) {
			int x0 = tx * SORI_MARKER_TILE;
			int x1 = x0 + SORI_MARKER_TILE;
			if (x1 > ctx->width)
				x1 = ctx->width;
			uint8_t lo = 255;
			uint8_t hi = 0;
			for (int y = y0; y < y1; y++) {
				const uint8_t *row = ctx->smooth + (size_t) y * ctx->width;
				for (int x = x0; x < x1; x++) {
					uint8_t v = row[x];
					lo = v < lo ? v : lo;
					hi = v > hi ? v : hi;
				}
			}
			ctx->tile_min[ty * tiles_x + tx] = lo;
			ctx->tile_max[ty * tiles_x + tx] = hi;
		}
	}
}

/* each tile's value becomes the extreme of its 3 × 3 neighbourhood, so that an
 * edge on a tile's border is judged against both sides */
static void
spread_tiles(SoriMarkerContext *ctx, uint8_t *tiles, int take_max)
{
	int tiles_x = ctx->tiles_x;
	int tiles_y = ctx->tiles_y;
	uint8_t *scratch = ctx->tile_scratch;
	for (int ty = 0; ty < tiles_y; ty++) {
		for (int tx = 0; tx < tiles_x; tx++) {
			uint8_t best = tiles[ty * tiles_x + tx];
			for (int dy = -1; dy <= 1; dy++) {
				int y = ty + dy;
				if (y < 0 || y >= tiles_y)
					continue;
				for (int dx = -1; dx <= 1; dx++) {
					int x = tx + dx;
					if (x < 0 || x >= tiles_x)
						continue;
					uint8_t v = tiles[y * tiles_x + x];
					if (take_max ? v > best : v < best)
						best = v;
				}
			}
			scratch[ty * tiles_x + tx] = best;
		}
	}
	for (int i = 0; i < tiles_x * tiles_y; i++)
		tiles[i] = scratch[i];
}

void
sori_marker_threshold(SoriMarkerContext *ctx)
{
	smooth(ctx);
	tile_extremes(ctx);
	spread_tiles(ctx, ctx->tile_min, 0);
	spread_tiles(ctx, ctx->tile_max, 1);

	int tiles_x = ctx->tiles_x;
	for (int y = 0; y < ctx->height; y++) {
		const uint8_t *row = ctx->grey + (size_t) y * ctx->stride;
		uint8_t *out = ctx->classes + (size_t) y * ctx->width;
		const uint8_t *lo_row = ctx->tile_min + (y / SORI_MARKER_TILE) * tiles_x;
		const uint8_t *hi_row = ctx->tile_max + (y / SORI_MARKER_TILE) * tiles_x;
		for (int tx = 0; tx < tiles_x; tx++) {
			int lo = lo_row[tx];
			int hi = hi_row[tx];
			int x0 = tx * SORI_MARKER_TILE;
			int x1 = x0 + SORI_MARKER_TILE;
			if (x1 > ctx->width)
				x1 = ctx->width;
			if (hi - lo < SORI_MARKER_MIN_CONTRAST) {
				for (int x = x0; x < x1; x++)
					out[x] = SORI_MARKER_CLASS_UNKNOWN;
				continue;
			}
			/* white strictly above the middle: 2v > lo + hi */
			int twice_middle = lo + hi;
			for (int x = x0; x < x1; x++)
				out[x] = 2 * row[x] > twice_middle ? SORI_MARKER_CLASS_WHITE
								   : SORI_MARKER_CLASS_BLACK;
		}
	}
}
