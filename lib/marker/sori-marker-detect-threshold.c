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

/* a grey level made proportional to light again: camera frames are encoded
 * with a gamma of about 2.2 (sRGB), which moves the middle of a blurred edge
 * toward its dark side; the edge is found where the light, not the code,
 * crosses its middle, where it is whatever the blur */
const double sori_marker_linear_light[256] = {
	0.000000,   0.001295,   0.005949,   0.014515,   0.027333,   0.044657,   0.066694,
	0.093620,   0.125588,   0.162737,   0.205188,   0.253055,   0.306444,   0.365449,
	0.430163,   0.500671,   0.577053,   0.659386,   0.747741,   0.842189,   0.942796,
	1.049625,   1.162738,   1.282192,   1.408045,   1.540351,   1.679164,   1.824534,
	1.976512,   2.135145,   2.300480,   2.472564,   2.651440,   2.837151,   3.029740,
	3.229249,   3.435716,   3.649182,   3.869686,   4.097264,   4.331953,   4.573791,
	4.822811,   5.079049,   5.342539,   5.613314,   5.891407,   6.176850,   6.469676,
	6.769914,   7.077596,   7.392753,   7.715412,   8.045605,   8.383359,   8.728703,
	9.081664,   9.442271,   9.810550,   10.186529,  10.570232,  10.961688,  11.360920,
	11.767955,  12.182817,  12.605532,  13.036123,  13.474615,  13.921031,  14.375395,
	14.837730,  15.308060,  15.786406,  16.272792,  16.767239,  17.269770,  17.780407,
	18.299169,  18.826080,  19.361160,  19.904430,  20.455911,  21.015623,  21.583585,
	22.159819,  22.744344,  23.337180,  23.938346,  24.547861,  25.165745,  25.792017,
	26.426695,  27.069797,  27.721343,  28.381351,  29.049838,  29.726823,  30.412323,
	31.106357,  31.808941,  32.520093,  33.239831,  33.968171,  34.705130,  35.450726,
	36.204974,  36.967892,  37.739496,  38.519802,  39.308827,  40.106586,  40.913095,
	41.728371,  42.552429,  43.385285,  44.226954,  45.077452,  45.936794,  46.804995,
	47.682070,  48.568034,  49.462903,  50.366690,  51.279411,  52.201080,  53.131712,
	54.071321,  55.019922,  55.977528,  56.944154,  57.919814,  58.904522,  59.898291,
	60.901136,  61.913070,  62.934107,  63.964260,  65.003543,  66.051970,  67.109553,
	68.176305,  69.252241,  70.337373,  71.431713,  72.535276,  73.648073,  74.770118,
	75.901423,  77.042002,  78.191865,  79.351027,  80.519500,  81.697295,  82.884425,
	84.080903,  85.286741,  86.501950,  87.726544,  88.960533,  90.203930,  91.456746,
	92.718994,  93.990685,  95.271831,  96.562444,  97.862535,  99.172115,  100.491197,
	101.819791, 103.157910, 104.505563, 105.862763, 107.229521, 108.605848, 109.991755,
	111.387252, 112.792352, 114.207065, 115.631401, 117.065373, 118.508989, 119.962263,
	121.425203, 122.897820, 124.380126, 125.872131, 127.373846, 128.885280, 130.406444,
	131.937349, 133.478005, 135.028422, 136.588610, 138.158581, 139.738343, 141.327907,
	142.927284, 144.536482, 146.155513, 147.784386, 149.423111, 151.071698, 152.730156,
	154.398496, 156.076728, 157.764861, 159.462904, 161.170867, 162.888761, 164.616594,
	166.354377, 168.102118, 169.859827, 171.627514, 173.405187, 175.192857, 176.990533,
	178.798223, 180.615937, 182.443685, 184.281476, 186.129318, 187.987221, 189.855194,
	191.733246, 193.621385, 195.519622, 197.427965, 199.346423, 201.275004, 203.213718,
	205.162574, 207.121580, 209.090745, 211.070078, 213.059587, 215.059281, 217.069170,
	219.089260, 221.119562, 223.160084, 225.210833, 227.271819, 229.343051, 231.424536,
	233.516283, 235.618300, 237.730597, 239.853180, 241.986059, 244.129242, 246.282737,
	248.446552, 250.620695, 252.805175, 255.000000,
};

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

/* the least grey level whose light is above @light */
static int
first_above(double light)
{
	int lo = 0, hi = 256;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (sori_marker_linear_light[mid] > light)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void
sori_marker_threshold(SoriMarkerContext *ctx)
{
	smooth(ctx);
	tile_extremes(ctx);
	spread_tiles(ctx, ctx->tile_min, 0);
	spread_tiles(ctx, ctx->tile_max, 1);

	/* each tile's least white grey level; 0 where its contrast is too low
	 * (a white level is above the darkest, so never 0) */
	int tiles_x = ctx->tiles_x;
	uint8_t *first_white = ctx->tile_scratch;
	for (int t = 0; t < tiles_x * ctx->tiles_y; t++) {
		int lo = ctx->tile_min[t], hi = ctx->tile_max[t];
		/* white where the light is above the middle of the darkest and the
		 * brightest: a thin black line blurred keeps its black */
		first_white[t] = hi - lo < SORI_MARKER_MIN_CONTRAST
					 ? 0
					 : (uint8_t) first_above((sori_marker_linear_light[lo]
								  + sori_marker_linear_light[hi])
								 / 2);
	}
	for (int y = 0; y < ctx->height; y++) {
		const uint8_t *row = ctx->grey + (size_t) y * ctx->stride;
		uint8_t *out = ctx->classes + (size_t) y * ctx->width;
		const uint8_t *thresholds = first_white + (y / SORI_MARKER_TILE) * tiles_x;
		for (int tx = 0; tx < tiles_x; tx++) {
			int threshold = thresholds[tx];
			int x0 = tx * SORI_MARKER_TILE;
			int x1 = x0 + SORI_MARKER_TILE;
			if (x1 > ctx->width)
				x1 = ctx->width;
			if (threshold == 0) {
				for (int x = x0; x < x1; x++)
					out[x] = SORI_MARKER_CLASS_UNKNOWN;
				continue;
			}
			for (int x = x0; x < x1; x++)
				out[x] = row[x] >= threshold ? SORI_MARKER_CLASS_WHITE
							     : SORI_MARKER_CLASS_BLACK;
		}
	}
}
