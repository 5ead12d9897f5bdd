/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The printed codes' detector: finds every tagStandard41h12 code in a grey
 * camera frame and says for each its number, corners, distance and bearing.
 *
 * Freestanding: no GLib, no libc, no malloc. The caller hands in one
 * workspace of sori_marker_workspace_size() bytes, so the very same source
 * builds natively (tests, benchmarks, sorictl, the fuzzer) and to WebAssembly
 * (the visitors' camera page, in a Web Worker).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* frames larger than this either way are refused (a 4K phone frame is 3840) */
#define SORI_MARKER_FRAME_MAX 4096
#define SORI_MARKER_FRAME_MIN 16
/* at most this many codes are reported from one frame */
#define SORI_MARKER_DETECTIONS_MAX 64

typedef struct {
	/* the printed width of the code's whole 9 × 9 grid, in millimetres */
	double size_mm;
	/* the camera's horizontal field of view, in degrees */
	double fov_deg;
} SoriMarkerCamera;

typedef struct {
	/* the code's number in the family, 0..2114 */
	int id;
	/* bits corrected to read it (0 is a clean read) */
	int hamming;
	/* the centre and the four corners of the whole 9 × 9 grid, in pixels
	 * (pixel (i, j) covers i..i + 1 and j..j + 1: its centre is at i + 0.5),
	 * clockwise from the code's own top left as printed */
	double centre[2];
	double corners[4][2];
	/* from the camera to the code's centre, in metres */
	double distance_m;
	/* horizontal angle from straight ahead, degrees, positive to the right */
	double bearing_deg;
	/* the bearing as a clock hour, 12 straight ahead, 1 to 2 to the right,
	 * 11 and 10 to the left */
	int clock;
	/* the code's size in the frame: its grid's width in pixels */
	double width_px;
	/* how sure the read is: the mean contrast of the decoded cells, 0..255 */
	double margin;
} SoriMarkerDetection;

typedef enum {
	SORI_MARKER_OK = 0,
	SORI_MARKER_ERROR_SIZE = -1,      /* the frame is too small or too large */
	SORI_MARKER_ERROR_WORKSPACE = -2, /* the workspace is too small */
	SORI_MARKER_ERROR_ARGUMENT
	= -3, /* a null pointer, a stride below the width, a bad camera */
} SoriMarkerStatus;

/**
 * sori_marker_workspace_size:
 * @width: the frame's width in pixels
 * @height: the frame's height in pixels
 *
 * Returns: the bytes of workspace sori_marker_detect() needs for such a frame,
 * or 0 when the frame's size is out of range.
 */
size_t sori_marker_workspace_size(int width, int height);

/**
 * sori_marker_detect:
 * @grey: (not nullable): the frame, one byte of luminance a pixel, rows @stride apart
 * @width, @height, @stride: the frame's size in pixels, and its row pitch in bytes
 * @camera: (not nullable): the printed size and the field of view, for distance and bearing
 * @workspace: (not nullable): sori_marker_workspace_size() bytes, any alignment
 * @workspace_size: its size
 * @out: (not nullable): room for @out_max detections
 * @out_max: how many fit in @out
 *
 * Finds every code in the frame. The frame is not changed. Detections come
 * nearest first (largest in the frame); a code seen twice is reported once.
 *
 * Returns: the number of codes found (0..@out_max), or a negative SoriMarkerStatus.
 */
int sori_marker_detect(const uint8_t *grey, int width, int height, int stride,
		       const SoriMarkerCamera *camera, void *workspace, size_t workspace_size,
		       SoriMarkerDetection *out, int out_max);

/**
 * sori_marker_clock_from_bearing:
 * @bearing_deg: degrees from straight ahead, positive to the right
 *
 * Returns: the clock hour, 1..12, with 12 straight ahead and 30° an hour.
 */
int sori_marker_clock_from_bearing(double bearing_deg);
