/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The detector's entry points: the arguments checked, the workspace carved
 * into the stages' arrays (every one bounded by the frame's size), the
 * stages run in turn (see sori-marker-detect-private.h), and the codes found
 * kept once each, nearest first.
 */

#include "sori-marker-detect-private.h"
#include "sori-marker-math-private.h"

#define ALIGNMENT 16

typedef struct {
	size_t classes;
	size_t tiles; /* each of three */
	size_t column_sums;
	size_t runs;
	size_t row_start;
	size_t points; /* each of two */
	size_t clusters;
	size_t cluster_table;
	size_t fit_points;
	size_t moments;
	size_t errors; /* each of two */
	size_t candidates;
} Layout;

static size_t
align_up(size_t n)
{
	return (n + ALIGNMENT - 1) & ~(size_t) (ALIGNMENT - 1);
}

static uint32_t
runs_max_for(int width, int height)
{
	/* a row alternating every pixel has width runs; half of that, frame-wide, is
	 * more than any scene a code can be read in */
	return (uint32_t) ((size_t) width * height / 2 + (size_t) height);
}

static uint32_t
points_max_for(int width, int height)
{
	return (uint32_t) ((size_t) width * height / 4 + 4096);
}

static uint32_t
fit_max_for(int width, int height)
{
	/* a closed outline's points number twice its box's width and height; a
	 * code's square can at most span the frame, and staircases double that */
	return (uint32_t) (4 * (width + height) + 64);
}

static int
tiles_for(int pixels)
{
	return (pixels + SORI_MARKER_TILE - 1) / SORI_MARKER_TILE;
}

static size_t
layout_for(int width, int height, Layout *l)
{
	size_t tiles = (size_t) tiles_for(width) * tiles_for(height);
	l->classes = align_up((size_t) width * height);
	l->tiles = align_up(tiles);
	l->column_sums = align_up((size_t) width * sizeof(uint16_t));
	l->runs = align_up((size_t) runs_max_for(width, height) * sizeof(SoriMarkerRun));
	l->row_start = align_up(((size_t) height + 2) * sizeof(uint32_t));
	l->points = align_up((size_t) points_max_for(width, height) * sizeof(SoriMarkerEdgePoint));
	l->clusters = align_up((size_t) SORI_MARKER_CLUSTERS_MAX * sizeof(SoriMarkerCluster));
	l->cluster_table = align_up((size_t) SORI_MARKER_CLUSTERS_MAX * 2 * sizeof(uint32_t));
	size_t fit = fit_max_for(width, height);
	l->fit_points = align_up(fit * sizeof(SoriMarkerFitPoint));
	l->moments = align_up((fit + 1) * sizeof(SoriMarkerMoments));
	l->errors = align_up(fit * sizeof(double));
	l->candidates = align_up((size_t) SORI_MARKER_CANDIDATES_MAX * sizeof(SoriMarkerDetection));
	return ALIGNMENT + 2 * l->classes + l->column_sums + 3 * l->tiles + l->runs + l->row_start
	       + 2 * l->points + l->clusters + l->cluster_table + l->fit_points + l->moments
	       + 2 * l->errors + l->candidates;
}

static int
size_in_range(int width, int height)
{
	return width >= SORI_MARKER_FRAME_MIN && height >= SORI_MARKER_FRAME_MIN
	       && width <= SORI_MARKER_FRAME_MAX && height <= SORI_MARKER_FRAME_MAX;
}

size_t
sori_marker_workspace_size(int width, int height)
{
	Layout layout;
	if (!size_in_range(width, height))
		return 0;
	return layout_for(width, height, &layout);
}

static void *
carve(uint8_t **cursor, size_t size)
{
	void *p = *cursor;
	*cursor += size;
	return p;
}

static void
carve_workspace(SoriMarkerContext *ctx, void *workspace)
{
	Layout l;
	layout_for(ctx->width, ctx->height, &l);
	uintptr_t base = (uintptr_t) workspace;
	uint8_t *cursor = (uint8_t *) workspace + (align_up(base) - base);
	ctx->smooth = carve(&cursor, l.classes);
	ctx->classes = carve(&cursor, l.classes);
	ctx->column_sums = carve(&cursor, l.column_sums);
	ctx->tiles_x = tiles_for(ctx->width);
	ctx->tiles_y = tiles_for(ctx->height);
	ctx->tile_min = carve(&cursor, l.tiles);
	ctx->tile_max = carve(&cursor, l.tiles);
	ctx->tile_scratch = carve(&cursor, l.tiles);
	ctx->runs = carve(&cursor, l.runs);
	ctx->runs_max = runs_max_for(ctx->width, ctx->height);
	ctx->row_start = carve(&cursor, l.row_start);
	ctx->points = carve(&cursor, l.points);
	ctx->sorted_points = carve(&cursor, l.points);
	ctx->points_max = points_max_for(ctx->width, ctx->height);
	ctx->clusters = carve(&cursor, l.clusters);
	ctx->cluster_table = carve(&cursor, l.cluster_table);
	ctx->cluster_table_size = SORI_MARKER_CLUSTERS_MAX * 2;
	ctx->fit_points = carve(&cursor, l.fit_points);
	ctx->moments = carve(&cursor, l.moments);
	ctx->errors = carve(&cursor, l.errors);
	ctx->errors_smooth = carve(&cursor, l.errors);
	ctx->fit_max = fit_max_for(ctx->width, ctx->height);
	ctx->candidates = carve(&cursor, l.candidates);
	ctx->n_candidates = 0;
}

/* TRUE if a is the better read: fewer bits corrected, then more contrast */
static int
better_read(const SoriMarkerDetection *a, const SoriMarkerDetection *b)
{
	if (a->hamming != b->hamming)
		return a->hamming < b->hamming;
	return a->margin > b->margin;
}

static void
keep_candidate(SoriMarkerContext *ctx, const SoriMarkerDetection *det)
{
	/* the same code found twice (its square's outline split, say): the better read */
	for (int i = 0; i < ctx->n_candidates; i++) {
		SoriMarkerDetection *other = &ctx->candidates[i];
		double dx = other->centre[0] - det->centre[0];
		double dy = other->centre[1] - det->centre[1];
		double reach = 0.5 * sori_marker_max(other->width_px, det->width_px);
		if (other->id == det->id && dx * dx + dy * dy < reach * reach) {
			if (better_read(det, other))
				*other = *det;
			return;
		}
	}
	if (ctx->n_candidates < SORI_MARKER_CANDIDATES_MAX) {
		ctx->candidates[ctx->n_candidates++] = *det;
		return;
	}
	int worst = 0;
	for (int i = 1; i < ctx->n_candidates; i++)
		if (better_read(&ctx->candidates[worst], &ctx->candidates[i]))
			worst = i;
	if (better_read(det, &ctx->candidates[worst]))
		ctx->candidates[worst] = *det;
}

static int
camera_is_valid(const SoriMarkerCamera *camera)
{
	/* written so that NaN fails every test */
	return camera->size_mm > 0 && camera->size_mm <= 1e6 && camera->fov_deg >= 1
	       && camera->fov_deg <= 179;
}

/* nearest first; ties by number, so that the order never depends on the scan */
static int
comes_before(const SoriMarkerDetection *a, const SoriMarkerDetection *b)
{
	if (a->distance_m != b->distance_m)
		return a->distance_m < b->distance_m;
	return a->id < b->id;
}

int
sori_marker_detect(const uint8_t *grey, int width, int height, int stride,
		   const SoriMarkerCamera *camera, void *workspace, size_t workspace_size,
		   SoriMarkerDetection *out, int out_max)
{
	if (grey == NULL || camera == NULL || workspace == NULL || out == NULL || out_max < 0)
		return SORI_MARKER_ERROR_ARGUMENT;
	if (!size_in_range(width, height))
		return SORI_MARKER_ERROR_SIZE;
	if (stride < width || !camera_is_valid(camera))
		return SORI_MARKER_ERROR_ARGUMENT;
	if (workspace_size < sori_marker_workspace_size(width, height))
		return SORI_MARKER_ERROR_WORKSPACE;

	SoriMarkerContext ctx;
	ctx.grey = grey;
	ctx.width = width;
	ctx.height = height;
	ctx.stride = stride;
	carve_workspace(&ctx, workspace);

	sori_marker_threshold(&ctx);
	sori_marker_segment(&ctx);
	sori_marker_cluster_boundaries(&ctx);

	int quads = 0;
	for (uint32_t c = 0; c < ctx.n_clusters && quads < SORI_MARKER_QUADS_MAX; c++) {
		SoriMarkerQuad quad;
		SoriMarkerDetection det;
		if (!sori_marker_fit_quad(&ctx, &ctx.clusters[c], &quad))
			continue;
		quads++;
		if (!sori_marker_quad_has_rings(&ctx, &quad))
			continue;
		sori_marker_refine_quad(&ctx, &quad);
		if (!sori_marker_decode(&ctx, &quad, &det))
			continue;
		sori_marker_pose(&det, width, height, camera);
		keep_candidate(&ctx, &det);
	}

	/* insertion sort: a handful of codes */
	SoriMarkerDetection *c = ctx.candidates;
	for (int i = 1; i < ctx.n_candidates; i++) {
		SoriMarkerDetection t = c[i];
		int j = i;
		while (j > 0 && comes_before(&t, &c[j - 1])) {
			c[j] = c[j - 1];
			j--;
		}
		c[j] = t;
	}
	int n = ctx.n_candidates < out_max ? ctx.n_candidates : out_max;
	for (int i = 0; i < n; i++)
		out[i] = c[i];
	return n;
}

int
sori_marker_clock_from_bearing(double bearing_deg)
{
	if (!(bearing_deg > -1e6 && bearing_deg < 1e6))
		return 12;
	/* rounded half away from zero, as C's round() */
	double hours = bearing_deg / 30;
	int hour = (hours < 0 ? -sori_marker_round(-hours) : sori_marker_round(hours)) % 12;
	if (hour < 0)
		hour += 12;
	return hour == 0 ? 12 : hour;
}
