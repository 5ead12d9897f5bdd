/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The detector's stages, shared by its files:
 *   threshold  (sori-marker-detect-threshold.c): each pixel black, white or
 *              unknown, from the local minimum and maximum;
 *   segment    (sori-marker-detect-segment.c): runs of one class joined into
 *              components, and the points on the boundary between a white
 *              component and a black one, clustered by the pair;
 *   quad       (sori-marker-detect-quad.c): a quadrilateral fitted to each
 *              cluster whose white side is inside, its edges refined along
 *              the image's gradient;
 *   decode     (sori-marker-detect-decode.c): the grid read through the
 *              homography and looked up in the family;
 *   pose       (sori-marker-detect-pose.c): distance and bearing.
 *
 * Image coordinates: pixel (i, j) covers [i, i + 1] × [j, j + 1], so its
 * centre is (i + 0.5, j + 0.5) and the frame's centre is (width / 2, height / 2).
 */
#pragma once

#include "sori-marker.h"

#define SORI_MARKER_CLASS_BLACK   0
#define SORI_MARKER_CLASS_WHITE   1
#define SORI_MARKER_CLASS_UNKNOWN 2

/* the threshold's tiles, in pixels a side */
#define SORI_MARKER_TILE 4
/* the least local contrast (max - min) for a pixel to be black or white */
#define SORI_MARKER_MIN_CONTRAST 12
/* the least pixels in a component whose boundary can be a code's */
#define SORI_MARKER_MIN_COMPONENT 24
/* the least boundary points of a cluster worth fitting a quad to */
#define SORI_MARKER_MIN_CLUSTER 20
/* the most clusters kept from one frame */
#define SORI_MARKER_CLUSTERS_MAX 32768
/* the most quads decoded from one frame, and detections kept before the best are chosen */
#define SORI_MARKER_QUADS_MAX      4096
#define SORI_MARKER_CANDIDATES_MAX 256

/* a run of pixels of one class in a row, x0..x1 inclusive, and its union-find link */
typedef struct {
	uint16_t x0;
	uint16_t x1;
	uint8_t class;
	uint32_t parent;
	uint32_t pixels; /* at a root: the component's pixel count */
} SoriMarkerRun;

/* a point on a black/white boundary, in half pixels, with its gradient toward the white side */
typedef struct {
	uint16_t x2;
	uint16_t y2;
	int16_t gx;
	int16_t gy;
	uint32_t cluster;
} SoriMarkerEdgePoint;

typedef struct {
	uint64_t key; /* the white component's root << 32 | the black one's */
	uint32_t count;
	uint32_t offset;
} SoriMarkerCluster;

/* a point of one cluster while its quad is fitted */
typedef struct {
	double x;
	double y;
	double weight;
	double angle;
} SoriMarkerFitPoint;

/* cumulative weighted moments of the fit points, for line fits over any range */
typedef struct {
	double w;
	double mx;
	double my;
	double mxx;
	double mxy;
	double myy;
} SoriMarkerMoments;

typedef struct {
	double corners[4][2]; /* the white square's corners, clockwise in the image */
} SoriMarkerQuad;

/* the workspace carved into the stages' arrays */
typedef struct {
	const uint8_t *grey;
	int width;
	int height;
	int stride;

	uint8_t *smooth;       /* width × height, the frame box-filtered */
	uint8_t *classes;      /* width × height */
	uint16_t *column_sums; /* width */
	uint8_t *tile_min;
	uint8_t *tile_max;
	uint8_t *tile_scratch;
	int tiles_x;
	int tiles_y;

	SoriMarkerRun *runs;
	uint32_t *row_start; /* height + 1 */
	uint32_t runs_max;

	SoriMarkerEdgePoint *points;
	SoriMarkerEdgePoint *sorted_points;
	uint32_t points_max;
	uint32_t n_points;

	SoriMarkerCluster *clusters;
	uint32_t *cluster_table; /* open addressing, cluster index + 1 */
	uint32_t cluster_table_size;
	uint32_t n_clusters;

	SoriMarkerFitPoint *fit_points;
	SoriMarkerMoments *moments; /* fit_max + 1 */
	double *errors;
	double *errors_smooth;
	uint32_t fit_max;

	SoriMarkerDetection *candidates;
	int n_candidates;
} SoriMarkerContext;

/* each grey level's light, 0..255: frames are encoded with a gamma of about
 * 2.2 (sRGB), which a blur's mixing of black and white does not follow */
extern const double sori_marker_linear_light[256];

/* bilinear grey level at (x, y), clamped to the frame */
static inline double
sori_marker_sample(const SoriMarkerContext *ctx, double x, double y)
{
	double fx = x - 0.5;
	double fy = y - 0.5;
	fx = fx < 0 ? 0 : (fx > ctx->width - 1 ? ctx->width - 1 : fx);
	fy = fy < 0 ? 0 : (fy > ctx->height - 1 ? ctx->height - 1 : fy);
	int ix = (int) fx;
	int iy = (int) fy;
	if (ix > ctx->width - 2)
		ix = ctx->width - 2;
	if (iy > ctx->height - 2)
		iy = ctx->height - 2;
	double ax = fx - ix;
	double ay = fy - iy;
	const uint8_t *p = ctx->grey + (size_t) iy * ctx->stride + ix;
	double top = p[0] + (p[1] - p[0]) * ax;
	double bottom = p[ctx->stride] + (p[ctx->stride + 1] - p[ctx->stride]) * ax;
	return top + (bottom - top) * ay;
}

void sori_marker_threshold(SoriMarkerContext *ctx);
void sori_marker_segment(SoriMarkerContext *ctx);
void sori_marker_cluster_boundaries(SoriMarkerContext *ctx);
/* the cluster's quad, as the boundary's pixels place it; TRUE when there is one */
int sori_marker_fit_quad(SoriMarkerContext *ctx, const SoriMarkerCluster *cluster,
			 SoriMarkerQuad *quad);

/* the quad's edges found again to a fraction of a pixel */
void sori_marker_refine_quad(const SoriMarkerContext *ctx, SoriMarkerQuad *quad);
/* a quick look at the black and white rings around the quad: FALSE when they are not there */
int sori_marker_quad_has_rings(const SoriMarkerContext *ctx, const SoriMarkerQuad *quad);

/* the homography mapping each src[i] to dst[i]; FALSE when degenerate */
int sori_marker_homography(const double src[4][2], const double dst[4][2], double h[9]);
void sori_marker_homography_apply(const double h[9], double u, double v, double out[2]);

/* reads the quad's grid; TRUE with @out's id, hamming, corners, centre, width and margin */
int sori_marker_decode(const SoriMarkerContext *ctx, const SoriMarkerQuad *quad,
		       SoriMarkerDetection *out);
/* fills @det's distance, bearing and clock from its corners */
void sori_marker_pose(SoriMarkerDetection *det, int width, int height,
		      const SoriMarkerCamera *camera);
