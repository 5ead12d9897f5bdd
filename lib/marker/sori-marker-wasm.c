/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The detector's WebAssembly face, for the visitors' camera page (its Web
 * Worker, daemon/web/app/marker-worker.js).
 *
 * Freestanding, as the detector: no libc, no malloc. The frame and the
 * detector's workspace live in one arena after the module's own data,
 * grown with memory.grow as larger frames come (never shrunk: a camera's
 * frames keep one size). JavaScript asks sori_wasm_frame() where to write a
 * frame's grey bytes, calls sori_wasm_detect(), and reads the detections
 * from sori_wasm_results() as SORI_WASM_RESULT_FIELDS doubles each.
 */

#include "sori-marker.h"

/* one detection, flat, in this order (marker-worker.js reads the same) */
enum {
	SORI_WASM_FIELD_ID,
	SORI_WASM_FIELD_HAMMING,
	SORI_WASM_FIELD_CENTRE_X,
	SORI_WASM_FIELD_CENTRE_Y,
	SORI_WASM_FIELD_CORNERS, /* 8: x, y of each corner, clockwise */
	SORI_WASM_FIELD_DISTANCE_M = SORI_WASM_FIELD_CORNERS + 8,
	SORI_WASM_FIELD_BEARING_DEG,
	SORI_WASM_FIELD_CLOCK,
	SORI_WASM_FIELD_WIDTH_PX,
	SORI_WASM_FIELD_MARGIN,
	SORI_WASM_RESULT_FIELDS,
};

#define WASM_PAGE_SIZE 65536u
#define ARENA_ALIGN    16u

/* the end of the module's data and stack: the arena starts here (wasm-ld) */
extern unsigned char __heap_base;

static SoriMarkerDetection detections[SORI_MARKER_DETECTIONS_MAX];
static double results[SORI_MARKER_DETECTIONS_MAX * SORI_WASM_RESULT_FIELDS];

/* the frame sori_wasm_frame() last made room for */
static int frame_width;
static int frame_height;
static size_t frame_workspace_size;

/* clang lowers struct copies and large zeroings to these; no libc brings them */
void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *dest, int c, size_t n);

void *
memcpy(void *dest, const void *src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;
	while (n-- > 0)
		*d++ = *s++;
	return dest;
}

void *
memmove(void *dest, const void *src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;
	if (d < s) {
		while (n-- > 0)
			*d++ = *s++;
	} else {
		while (n-- > 0)
			d[n] = s[n];
	}
	return dest;
}

void *
memset(void *dest, int c, size_t n)
{
	unsigned char *d = dest;
	while (n-- > 0)
		*d++ = (unsigned char) c;
	return dest;
}

static size_t
align_up(size_t value)
{
	return (value + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
}

static unsigned char *
arena_start(void)
{
	return (unsigned char *) align_up((size_t) &__heap_base);
}

/* the memory grown to hold @bytes of arena, or 0 when the host refuses */
static int
arena_reserve(size_t bytes)
{
	size_t end = (size_t) arena_start() + bytes;
	size_t have = __builtin_wasm_memory_size(0) * (size_t) WASM_PAGE_SIZE;

	if (end < bytes)
		return 0;
	if (end <= have)
		return 1;
	return __builtin_wasm_memory_grow(0, (end - have + WASM_PAGE_SIZE - 1) / WASM_PAGE_SIZE)
	       != (size_t) -1;
}

/*
 * sori_wasm_frame:
 * @width, @height: the frame's size in pixels
 *
 * Makes room for a frame of that size and its workspace.
 *
 * Returns: where to write the frame's @width × @height grey bytes (rows
 *	packed, no padding), or 0 when the size is out of range or memory
 *	cannot grow. Growing detaches JavaScript's views of the memory: make
 *	them again after each call.
 */
__attribute__((export_name("sori_wasm_frame"))) unsigned char *
sori_wasm_frame(int width, int height)
{
	size_t workspace_size = sori_marker_workspace_size(width, height);
	size_t frame_size;

	frame_width = 0;
	frame_height = 0;
	if (workspace_size == 0)
		return 0;
	frame_size = align_up((size_t) width * (size_t) height);
	if (!arena_reserve(frame_size + workspace_size))
		return 0;
	frame_width = width;
	frame_height = height;
	frame_workspace_size = workspace_size;
	return arena_start();
}

/*
 * sori_wasm_detect:
 * @width, @height: the frame's size, as given to sori_wasm_frame()
 * @size_mm: the codes' printed size, millimetres
 * @fov_deg: the camera's horizontal field of view, degrees
 *
 * Returns: the number of codes found in the frame written at
 *	sori_wasm_frame()'s address, or a negative SoriMarkerStatus
 *	(SORI_MARKER_ERROR_SIZE when no room was made for a frame of this size)
 */
__attribute__((export_name("sori_wasm_detect"))) int
sori_wasm_detect(int width, int height, double size_mm, double fov_deg)
{
	SoriMarkerCamera camera = { .size_mm = size_mm, .fov_deg = fov_deg };
	unsigned char *frame = arena_start();
	int n;

	if (width != frame_width || height != frame_height || width == 0)
		return SORI_MARKER_ERROR_SIZE;
	n = sori_marker_detect(frame, width, height, width, &camera,
			       frame + align_up((size_t) width * (size_t) height),
			       frame_workspace_size, detections, SORI_MARKER_DETECTIONS_MAX);
	for (int i = 0; i < n; i++) {
		const SoriMarkerDetection *d = &detections[i];
		double *r = &results[i * SORI_WASM_RESULT_FIELDS];
		r[SORI_WASM_FIELD_ID] = d->id;
		r[SORI_WASM_FIELD_HAMMING] = d->hamming;
		r[SORI_WASM_FIELD_CENTRE_X] = d->centre[0];
		r[SORI_WASM_FIELD_CENTRE_Y] = d->centre[1];
		for (int c = 0; c < 4; c++) {
			r[SORI_WASM_FIELD_CORNERS + 2 * c] = d->corners[c][0];
			r[SORI_WASM_FIELD_CORNERS + 2 * c + 1] = d->corners[c][1];
		}
		r[SORI_WASM_FIELD_DISTANCE_M] = d->distance_m;
		r[SORI_WASM_FIELD_BEARING_DEG] = d->bearing_deg;
		r[SORI_WASM_FIELD_CLOCK] = d->clock;
		r[SORI_WASM_FIELD_WIDTH_PX] = d->width_px;
		r[SORI_WASM_FIELD_MARGIN] = d->margin;
	}
	return n;
}

/* Returns: the detections of the last sori_wasm_detect(), SORI_WASM_RESULT_FIELDS doubles each */
__attribute__((export_name("sori_wasm_results"))) const double *
sori_wasm_results(void)
{
	return results;
}

/* Returns: how many doubles one detection takes in sori_wasm_results() */
__attribute__((export_name("sori_wasm_result_fields"))) int
sori_wasm_result_fields(void)
{
	return SORI_WASM_RESULT_FIELDS;
}
