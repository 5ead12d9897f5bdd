/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the scene generator's tests share (scene-test-common.c).
 */
#pragma once

#include "sori-scene.h"

#include <apriltag/apriltag.h>

/* Debian's libapriltag reading tagStandard41h12, a reader that owes nothing
 * to the generator */
typedef struct {
	apriltag_detector_t *detector;
	apriltag_family_t *family;
} Reader;

void reader_init(Reader *reader);
void reader_clear(Reader *reader);
/* Returns: (transfer full): the frame's detections */
zarray_t *detect(apriltag_detector_t *detector, const SoriSceneFrame *frame);
/* the detection's grid corners, in the order of sori-marker.h: from the
 * code's own top-left (the cell of its first bit), clockwise */
void detection_corners(const apriltag_detection_t *det, double corners[4][2]);
/* the largest distance between corresponding corners */
double corners_error(double a[4][2], const double b[4][2]);
/* one code, in linear light (libapriltag's edges then sit where the geometry says) */
void params_one_code(SoriSceneParams *params, int id, double size_mm, double distance_m,
		     double bearing_deg, double yaw_deg, double roll_deg);
/* the one detection of the frame, checked against the one truth */
void assert_read_as_truth(Reader *reader, const SoriSceneFrame *frame, double tolerance_px);
/* Returns: (transfer full): the frame, asserted rendered */
SoriSceneFrame *render(const SoriSceneParams *params);
/* the distance from @a to @b */
double side(const double a[2], const double b[2]);
