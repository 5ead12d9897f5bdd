/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Components and their boundaries. Each row is cut into runs of one class;
 * runs touching runs of the same class in the row above are joined with a
 * union-find (black with its 8 neighbours, so that a code's thin black ring
 * stays one piece when blurred; white with its 4, so that the two never
 * cross). Then every place where a black pixel meets a white one, both of
 * components large enough to be a code's, gives a point, clustered by the
 * pair of components: a code's white square inside its black ring is one
 * such cluster.
 */

#include "sori-marker-detect-private.h"
#include "sori-marker-math-private.h"

static uint32_t
find_root(SoriMarkerRun *runs, uint32_t i)
{
	while (runs[i].parent != i) {
		runs[i].parent = runs[runs[i].parent].parent;
		i = runs[i].parent;
	}
	return i;
}

static void
join(SoriMarkerRun *runs, uint32_t a, uint32_t b)
{
	a = find_root(runs, a);
	b = find_root(runs, b);
	if (a == b)
		return;
	/* the larger absorbs the smaller; the lower index breaks ties, deterministically */
	if (runs[a].pixels < runs[b].pixels || (runs[a].pixels == runs[b].pixels && b < a)) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	runs[b].parent = a;
	runs[a].pixels += runs[b].pixels;
}

/* cuts row y into runs; FALSE when the run array is full */
static int
cut_row(SoriMarkerContext *ctx, int y, uint32_t *n_runs)
{
	const uint8_t *classes = ctx->classes + (size_t) y * ctx->width;
	uint32_t n = *n_runs;
	int x = 0;
	while (x < ctx->width) {
		uint8_t c = classes[x];
		int start = x;
		while (x < ctx->width && classes[x] == c)
			x++;
		if (c == SORI_MARKER_CLASS_UNKNOWN)
			continue;
		if (n >= ctx->runs_max)
			return 0;
		SoriMarkerRun *run = &ctx->runs[n];
		run->x0 = (uint16_t) start;
		run->x1 = (uint16_t) (x - 1);
		run->class = c;
		run->parent = n;
		run->pixels = (uint32_t) (x - start);
		n++;
	}
	*n_runs = n;
	return 1;
}

/* joins row y's runs to the touching runs of the same class in row y - 1 */
static void
join_rows(SoriMarkerContext *ctx, int y)
{
	SoriMarkerRun *runs = ctx->runs;
	uint32_t above = ctx->row_start[y - 1];
	uint32_t above_end = ctx->row_start[y];
	uint32_t row_end = ctx->row_start[y + 1];
	for (uint32_t j = ctx->row_start[y]; j < row_end; j++) {
		int x0 = runs[j].x0;
		int x1 = runs[j].x1;
		/* runs above ending left of this one's reach are behind us for good */
		while (above < above_end && (int) runs[above].x1 + 1 < x0)
			above++;
		for (uint32_t k = above; k < above_end && (int) runs[k].x0 <= x1 + 1; k++) {
			if (runs[k].class != runs[j].class)
				continue;
			int diagonal = runs[k].class == SORI_MARKER_CLASS_BLACK ? 1 : 0;
			if ((int) runs[k].x1 + diagonal >= x0 && (int) runs[k].x0 <= x1 + diagonal)
				join(runs, j, k);
		}
	}
}

void
sori_marker_segment(SoriMarkerContext *ctx)
{
	uint32_t n_runs = 0;
	int full = 0;
	for (int y = 0; y < ctx->height; y++) {
		ctx->row_start[y] = n_runs;
		/* a frame too busy to hold: the rows beyond are left unknown */
		if (!full && !cut_row(ctx, y, &n_runs))
			full = 1;
		if (full)
			n_runs = ctx->row_start[y];
		ctx->row_start[y + 1] = n_runs;
		if (y > 0)
			join_rows(ctx, y);
	}
	/* flatten, so that every run names its root directly */
	for (uint32_t i = 0; i < n_runs; i++)
		ctx->runs[i].parent = find_root(ctx->runs, ctx->runs[i].parent);
}

static uint32_t
hash_key(uint64_t key)
{
	key ^= key >> 29;
	key *= 0xbf58476d1ce4e5b9ULL;
	key ^= key >> 32;
	return (uint32_t) key;
}

/* the cluster of the pair, made when new; UINT32_MAX when the table is full */
static uint32_t
cluster_for(SoriMarkerContext *ctx, uint32_t white, uint32_t black)
{
	uint64_t key = (uint64_t) white << 32 | black;
	uint32_t mask = ctx->cluster_table_size - 1;
	uint32_t slot = hash_key(key) & mask;
	for (;;) {
		uint32_t entry = ctx->cluster_table[slot];
		if (entry == 0)
			break;
		if (ctx->clusters[entry - 1].key == key)
			return entry - 1;
		slot = (slot + 1) & mask;
	}
	if (ctx->n_clusters >= SORI_MARKER_CLUSTERS_MAX)
		return UINT32_MAX;
	uint32_t index = ctx->n_clusters++;
	ctx->clusters[index].key = key;
	ctx->clusters[index].count = 0;
	ctx->cluster_table[slot] = index + 1;
	return index;
}

typedef struct {
	uint32_t white;
	uint32_t black;
	uint32_t cluster;
} ClusterCache;

/* adds a point between runs a and b (a on the left or above) if both are big enough */
static void
add_point(SoriMarkerContext *ctx, ClusterCache *cache, const SoriMarkerRun *a,
	  const SoriMarkerRun *b, int x2, int y2, int dx, int dy, int contrast)
{
	if (a->class == b->class)
		return;
	const SoriMarkerRun *runs = ctx->runs;
	uint32_t ra = a->parent;
	uint32_t rb = b->parent;
	if (runs[ra].pixels < SORI_MARKER_MIN_COMPONENT
	    || runs[rb].pixels < SORI_MARKER_MIN_COMPONENT)
		return;
	if (ctx->n_points >= ctx->points_max)
		return;
	uint32_t white = a->class == SORI_MARKER_CLASS_WHITE ? ra : rb;
	uint32_t black = a->class == SORI_MARKER_CLASS_WHITE ? rb : ra;
	if (cache->white != white || cache->black != black) {
		cache->white = white;
		cache->black = black;
		cache->cluster = cluster_for(ctx, white, black);
	}
	if (cache->cluster == UINT32_MAX)
		return;
	/* the gradient points from black to white; its size is the step's contrast */
	int sign = a->class == SORI_MARKER_CLASS_WHITE ? -1 : 1;
	if (contrast < 0)
		contrast = -contrast;
	if (contrast < 1)
		contrast = 1;
	SoriMarkerEdgePoint *p = &ctx->points[ctx->n_points++];
	p->x2 = (uint16_t) x2;
	p->y2 = (uint16_t) y2;
	p->gx = (int16_t) (sign * dx * contrast);
	p->gy = (int16_t) (sign * dy * contrast);
	p->cluster = cache->cluster;
	ctx->clusters[cache->cluster].count++;
}

static void
row_boundaries(SoriMarkerContext *ctx, ClusterCache *cache, int y)
{
	const uint8_t *grey = ctx->grey + (size_t) y * ctx->stride;
	const SoriMarkerRun *runs = ctx->runs;
	/* within the row: neighbouring runs */
	for (uint32_t i = ctx->row_start[y]; i + 1 < ctx->row_start[y + 1]; i++) {
		const SoriMarkerRun *a = &runs[i];
		const SoriMarkerRun *b = &runs[i + 1];
		if (a->x1 + 1 != b->x0)
			continue;
		add_point(ctx, cache, a, b, 2 * b->x0, 2 * y + 1, 1, 0, grey[b->x0] - grey[a->x1]);
	}
	if (y + 1 >= ctx->height)
		return;
	/* between this row and the next: overlapping runs */
	const uint8_t *below_grey = grey + ctx->stride;
	uint32_t j = ctx->row_start[y + 1];
	uint32_t j_end = ctx->row_start[y + 2];
	for (uint32_t i = ctx->row_start[y]; i < ctx->row_start[y + 1] && j < j_end; i++) {
		const SoriMarkerRun *a = &runs[i];
		while (j < j_end && runs[j].x1 < a->x0)
			j++;
		for (uint32_t k = j; k < j_end && runs[k].x0 <= a->x1; k++) {
			const SoriMarkerRun *b = &runs[k];
			if (a->class == b->class)
				continue;
			int from = a->x0 > b->x0 ? a->x0 : b->x0;
			int to = a->x1 < b->x1 ? a->x1 : b->x1;
			for (int x = from; x <= to; x++)
				add_point(ctx, cache, a, b, 2 * x + 1, 2 * y + 2, 0, 1,
					  below_grey[x] - grey[x]);
		}
	}
}

void
sori_marker_cluster_boundaries(SoriMarkerContext *ctx)
{
	ClusterCache cache = { UINT32_MAX, UINT32_MAX, UINT32_MAX };
	ctx->n_points = 0;
	ctx->n_clusters = 0;
	for (uint32_t i = 0; i < ctx->cluster_table_size; i++)
		ctx->cluster_table[i] = 0;
	for (int y = 0; y < ctx->height; y++)
		row_boundaries(ctx, &cache, y);

	/* the points grouped by cluster, in their scan order within each */
	uint32_t offset = 0;
	for (uint32_t c = 0; c < ctx->n_clusters; c++) {
		ctx->clusters[c].offset = offset;
		offset += ctx->clusters[c].count;
		ctx->clusters[c].count = 0;
	}
	for (uint32_t i = 0; i < ctx->n_points; i++) {
		SoriMarkerCluster *cluster = &ctx->clusters[ctx->points[i].cluster];
		ctx->sorted_points[cluster->offset + cluster->count++] = ctx->points[i];
	}
}
