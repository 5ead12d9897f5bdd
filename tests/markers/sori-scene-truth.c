/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A code's truth from its pose alone, and a frame's truth as one line of
 * JSON.
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene-private.h"

#include <math.h>
#include <string.h>

int
sori_scene_clock_from_bearing(double bearing_deg)
{
	int hour = ((int) lround(bearing_deg / 30) % 12 + 12) % 12;
	return hour == 0 ? 12 : hour;
}

/* the grid's truth from its pose alone */
void
sori_scene_code_truth(const Camera *camera, const Plane *plane, const SoriSceneLabel *label,
		      const SoriSceneCode *code, SoriSceneTruth *truth)
{
	double corners[4][2];
	double centre[3];
	gboolean in_front = TRUE, inside = TRUE;

	memset(truth, 0, sizeof *truth);
	truth->id = code->id;
	sori_scene_label_get_grid_corners_mm(label, corners);
	for (int i = 0; i < 4; i++) {
		double p[3];
		sori_scene_plane_point(plane, corners[i][0], corners[i][1], p);
		if (!sori_scene_camera_project(camera, p, truth->corners[i]))
			in_front = FALSE;
		if (truth->corners[i][0] < 0 || truth->corners[i][1] < 0
		    || truth->corners[i][0] > camera->width
		    || truth->corners[i][1] > camera->height)
			inside = FALSE;
	}
	for (int i = 0; i < 4; i++) {
		const double *a = truth->corners[i], *b = truth->corners[(i + 1) % 4];
		truth->width_px += hypot(b[0] - a[0], b[1] - a[1]) / 4;
	}
	sori_scene_plane_point(plane, plane->anchor[0], plane->anchor[1], centre);
	if (!sori_scene_camera_project(camera, centre, truth->centre))
		in_front = FALSE;
	truth->distance_m = sqrt(dot(centre, centre));
	truth->bearing_deg = atan2(centre[0], centre[2]) * 180 / G_PI;
	truth->clock = sori_scene_clock_from_bearing(truth->bearing_deg);
	truth->off_axis_deg = fabs(code->yaw_deg);
	/* a pixel a cell is the least any reader needs */
	truth->readable = in_front && inside && truth->width_px >= SORI_MARKER_FAMILY_GRID;
}

static void
append_double(GString *out, double value, int decimals)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	char format[8];
	g_snprintf(format, sizeof format, "%%.%df", decimals);
	g_string_append(out, g_ascii_formatd(buf, sizeof buf, format, value));
}

char *
sori_scene_frame_truth_to_json(const SoriSceneFrame *self, const char *file)
{
	GString *out = g_string_new("{");

	if (file != NULL) {
		/* a JSON string: UTF-8 as it is, quotes, backslashes and controls escaped */
		g_autofree char *valid = g_utf8_make_valid(file, -1);
		g_string_append(out, "\"file\":\"");
		for (const char *p = valid; *p != '\0'; p++) {
			guchar c = (guchar) *p;
			if (c == '"' || c == '\\')
				g_string_append_printf(out, "\\%c", c);
			else if (c < 0x20 || c == 0x7f)
				g_string_append_printf(out, "\\u%04x", c);
			else
				g_string_append_c(out, c);
		}
		g_string_append(out, "\",");
	}
	g_string_append_printf(out, "\"width\":%d,\"height\":%d,\"negative\":", self->width,
			       self->height);
	if (self->negative == SORI_SCENE_NEGATIVE_NONE)
		g_string_append(out, "null");
	else
		g_string_append_printf(out, "\"%s\"",
				       sori_scene_negative_to_string(self->negative));
	g_string_append(out, ",\"codes\":[");
	for (int i = 0; i < self->n_truths; i++) {
		const SoriSceneTruth *t = &self->truths[i];
		if (i > 0)
			g_string_append_c(out, ',');
		g_string_append_printf(out, "{\"id\":%d,\"corners\":[", t->id);
		for (int c = 0; c < 4; c++) {
			g_string_append(out, c > 0 ? ",[" : "[");
			append_double(out, t->corners[c][0], 3);
			g_string_append_c(out, ',');
			append_double(out, t->corners[c][1], 3);
			g_string_append_c(out, ']');
		}
		g_string_append(out, "],\"centre\":[");
		append_double(out, t->centre[0], 3);
		g_string_append_c(out, ',');
		append_double(out, t->centre[1], 3);
		g_string_append(out, "],\"width_px\":");
		append_double(out, t->width_px, 3);
		g_string_append(out, ",\"distance_m\":");
		append_double(out, t->distance_m, 4);
		g_string_append(out, ",\"bearing_deg\":");
		append_double(out, t->bearing_deg, 3);
		g_string_append_printf(out, ",\"clock\":%d,\"off_axis_deg\":", t->clock);
		append_double(out, t->off_axis_deg, 2);
		g_string_append(out, ",\"occluded\":");
		append_double(out, t->occluded, 3);
		g_string_append_printf(out, ",\"readable\":%s}", t->readable ? "true" : "false");
	}
	g_string_append(out, "]}");
	return g_string_free(out, FALSE);
}
