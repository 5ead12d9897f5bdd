/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Camera frames, as any scene in front of a visitor's phone makes them: the
 * printed codes' detector (lib/marker) on frames of odd sizes and strides.
 *
 * Input: six bytes of header, then pixels.
 *   [0] width - 16 (mod 64)   [1] height - 16 (mod 64)
 *   [2] bytes of row padding (mod 8)
 *   [3] scale - 1 (mod 4): each pixel repeated this many times either way, so
 *       that a few kilobytes make a frame of up to 316 × 316
 *   [4] field of view - 20 (mod 131), degrees
 *   [5] detections room - 1 (mod SORI_MARKER_DETECTIONS_MAX)
 * The pixels fill the frame row by row, repeated from the start when short.
 *
 * The frame and the workspace are allocated to their exact sizes, so that
 * the sanitizers see any read or write past them; the frame is read, not
 * changed, and its rows' padding makes no difference. Whatever is found must be
 * a code of the family, with finite numbers, its centre in the frame and the
 * centres of its cells, where bits are read, in the frame.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sori-marker-detect-private.h"
#include "sori-marker-family.h"
#include "sori-marker.h"

#define HEADER_SIZE 6

/* a property broken: say which, then abort for the fuzzer to keep the input */
#define CHECK(condition)                                                                           \
	do {                                                                                       \
		if (!(condition)) {                                                                \
			fprintf(stderr, "fuzz-marker: %s (line %d)\n", #condition, __LINE__);      \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/*
 * the frame spans 0..width (pixel i covers i..i + 1; half a pixel more is
 * allowed for the other convention, centres at whole numbers)
 */
static int
point_in_frame(const double point[2], int width, int height)
{
	return isfinite(point[0]) && isfinite(point[1]) && point[0] >= -0.5
	       && point[0] <= width + 0.5 && point[1] >= -0.5 && point[1] <= height + 0.5;
}

/* the decoder reads a code's every cell at its centre, never off the frame:
 * the grid (its corners, from the detection's) maps the four corner cells'
 * centres into it, and so every cell's, a perspective keeping straight lines */
static void
check_cells_in_frame(const SoriMarkerDetection *d, int width, int height)
{
	const double grid = SORI_MARKER_FAMILY_GRID;
	const double square[4][2] = { { 0, 0 }, { grid, 0 }, { grid, grid }, { 0, grid } };
	double h[9];

	CHECK(sori_marker_homography(square, d->corners, h));
	for (int c = 0; c < 4; c++) {
		double centre[2];
		sori_marker_homography_apply(h, square[c][0] == 0 ? 0.5 : grid - 0.5,
					     square[c][1] == 0 ? 0.5 : grid - 0.5, centre);
		CHECK(point_in_frame(centre, width, height));
	}
}

static void
check_detection(const SoriMarkerDetection *d, int width, int height)
{
	CHECK(d->id >= 0 && d->id < SORI_MARKER_FAMILY_CODES);
	CHECK(d->hamming >= 0 && d->hamming <= SORI_MARKER_FAMILY_HAMMING / 2);
	CHECK(isfinite(d->width_px) && d->width_px > 0 && d->width_px < 2.0 * (width + height));
	CHECK(point_in_frame(d->centre, width, height));
	for (int c = 0; c < 4; c++)
		CHECK(isfinite(d->corners[c][0]) && isfinite(d->corners[c][1]));
	check_cells_in_frame(d, width, height);
	CHECK(isfinite(d->distance_m) && d->distance_m > 0);
	CHECK(isfinite(d->bearing_deg) && fabs(d->bearing_deg) < 90);
	CHECK(d->clock == sori_marker_clock_from_bearing(d->bearing_deg));
	CHECK(isfinite(d->margin) && d->margin >= 0 && d->margin <= 255);
}

static int
same_detection(const SoriMarkerDetection *a, const SoriMarkerDetection *b)
{
	int same = a->id == b->id && a->hamming == b->hamming && a->clock == b->clock
		   && a->centre[0] == b->centre[0] && a->centre[1] == b->centre[1]
		   && a->distance_m == b->distance_m && a->bearing_deg == b->bearing_deg
		   && a->width_px == b->width_px && a->margin == b->margin;
	for (int c = 0; c < 4; c++)
		same = same && a->corners[c][0] == b->corners[c][0]
		       && a->corners[c][1] == b->corners[c][1];
	return same;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	SoriMarkerDetection detections[SORI_MARKER_DETECTIONS_MAX];
	SoriMarkerDetection again[SORI_MARKER_DETECTIONS_MAX];
	SoriMarkerCamera camera = { .size_mm = 150.0 };
	const uint8_t *pixels = data + HEADER_SIZE;
	size_t n_pixels;
	int cell_width, cell_height, scale, width, height, stride, out_max, n;
	size_t workspace_size;
	uint8_t *frame;
	uint8_t *copy;
	uint8_t *packed;
	void *workspace;

	if (size <= HEADER_SIZE)
		return 0;
	n_pixels = size - HEADER_SIZE;
	cell_width = 16 + data[0] % 64;
	cell_height = 16 + data[1] % 64;
	scale = 1 + data[3] % 4;
	width = cell_width * scale;
	height = cell_height * scale;
	stride = width + data[2] % 8;
	camera.fov_deg = 20.0 + data[4] % 131;
	out_max = 1 + data[5] % SORI_MARKER_DETECTIONS_MAX;

	frame = malloc((size_t) stride * height);
	copy = malloc((size_t) stride * height);
	packed = malloc((size_t) width * height);
	CHECK(frame != NULL && copy != NULL && packed != NULL);
	for (int y = 0; y < height; y++) {
		for (int x = 0; x < width; x++) {
			size_t i = (size_t) (y / scale) * cell_width + (size_t) (x / scale);
			frame[(size_t) y * stride + x] = pixels[i % n_pixels];
			packed[(size_t) y * width + x] = pixels[i % n_pixels];
		}
		/* the padding unlike the pixels beside it: it must not count */
		for (int x = width; x < stride; x++)
			frame[(size_t) y * stride + x]
				= 255 - frame[(size_t) y * stride + x - width];
	}
	memcpy(copy, frame, (size_t) stride * height);

	workspace_size = sori_marker_workspace_size(width, height);
	CHECK(workspace_size > 0);
	workspace = malloc(workspace_size);
	CHECK(workspace != NULL);

	/* too little workspace is refused, not overrun */
	n = sori_marker_detect(frame, width, height, stride, &camera, workspace, workspace_size - 1,
			       detections, out_max);
	CHECK(n == SORI_MARKER_ERROR_WORKSPACE);

	n = sori_marker_detect(frame, width, height, stride, &camera, workspace, workspace_size,
			       detections, out_max);
	CHECK(n >= 0 && n <= out_max);
	for (int i = 0; i < n; i++)
		check_detection(&detections[i], width, height);
	/* a code is reported once */
	for (int i = 0; i < n; i++) {
		for (int j = i + 1; j < n; j++) {
			CHECK(detections[i].id != detections[j].id
			      || fabs(detections[i].centre[0] - detections[j].centre[0]) >= 1.0
			      || fabs(detections[i].centre[1] - detections[j].centre[1]) >= 1.0);
		}
	}
	/* the frame is not changed */
	CHECK(memcmp(copy, frame, (size_t) stride * height) == 0);
	/* the same frame without padding: the same codes, to the last bit */
	CHECK(sori_marker_detect(packed, width, height, width, &camera, workspace, workspace_size,
				 again, out_max)
	      == n);
	for (int i = 0; i < n; i++)
		CHECK(same_detection(&detections[i], &again[i]));

	free(packed);
	free(workspace);
	free(copy);
	free(frame);
	return 0;
}
