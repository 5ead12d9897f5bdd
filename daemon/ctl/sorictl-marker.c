/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl marker detect: the printed codes found in photos, as the visitors'
 * camera page finds them (the same detector, lib/marker), one JSON object a
 * line, so that an installer can check a label from where visitors stand.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-glib/json-glib.h>

#include "sori-marker.h"
#include "sorictl-common.h"
#include "sorictl-image.h"
#include "sorictl-marker.h"

#define SIZE_MM_DEFAULT 150.0
#define SIZE_MM_MIN     10.0
#define SIZE_MM_MAX     1000.0
#define FOV_DEG_DEFAULT 68.0
#define FOV_DEG_MIN     20.0
#define FOV_DEG_MAX     150.0

static void
sorictl_marker_add_point(JsonBuilder *builder, const double point[2])
{
	json_builder_begin_array(builder);
	json_builder_add_double_value(builder, point[0]);
	json_builder_add_double_value(builder, point[1]);
	json_builder_end_array(builder);
}

/* one line of JSON for one code found */
static gchar *
sorictl_marker_detection_to_json(const gchar *file, const SoriMarkerDetection *detection)
{
	g_autoptr(JsonBuilder) builder = json_builder_new();
	g_autoptr(JsonGenerator) generator = json_generator_new();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "file");
	json_builder_add_string_value(builder, file);
	json_builder_set_member_name(builder, "id");
	json_builder_add_int_value(builder, detection->id);
	json_builder_set_member_name(builder, "centre");
	sorictl_marker_add_point(builder, detection->centre);
	json_builder_set_member_name(builder, "corners");
	json_builder_begin_array(builder);
	for (guint i = 0; i < 4; i++)
		sorictl_marker_add_point(builder, detection->corners[i]);
	json_builder_end_array(builder);
	json_builder_set_member_name(builder, "distance_m");
	json_builder_add_double_value(builder, detection->distance_m);
	json_builder_set_member_name(builder, "bearing_deg");
	json_builder_add_double_value(builder, detection->bearing_deg);
	json_builder_set_member_name(builder, "clock");
	json_builder_add_int_value(builder, detection->clock);
	json_builder_set_member_name(builder, "width_px");
	json_builder_add_double_value(builder, detection->width_px);
	json_builder_end_object(builder);

	root = json_builder_get_root(builder);
	json_generator_set_root(generator, root);
	return json_generator_to_data(generator, NULL);
}

/* the codes in one image, printed; FALSE with @error set when it cannot be read */
static gboolean
sorictl_marker_detect_file(const gchar *file, const SoriMarkerCamera *camera, GError **error)
{
	g_autofree guint8 *grey = NULL;
	g_autofree void *workspace = NULL;
	SoriMarkerDetection detections[SORI_MARKER_DETECTIONS_MAX];
	gsize workspace_size;
	gint width = 0, height = 0;
	gint n;

	grey = sorictl_image_load_grey(file, &width, &height, error);
	if (grey == NULL)
		return FALSE;
	workspace_size = sori_marker_workspace_size(width, height);
	workspace = g_malloc(workspace_size);
	n = sori_marker_detect(grey, width, height, width, camera, workspace, workspace_size,
			       detections, G_N_ELEMENTS(detections));
	if (n < 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "the detector refused the %d×%d image (status %d)", width, height, n);
		return FALSE;
	}
	for (gint i = 0; i < n; i++) {
		g_autofree gchar *line = sorictl_marker_detection_to_json(file, &detections[i]);
		printf("%s\n", line);
	}
	return TRUE;
}

static gint
sorictl_marker_detect_run(gint argc, gchar **argv)
{
	gdouble size_mm = SIZE_MM_DEFAULT;
	gdouble fov_deg = FOV_DEG_DEFAULT;
	g_auto(GStrv) files = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("IMAGE…");
	g_autoptr(GError) error = NULL;
	SoriMarkerCamera camera;
	guint n_failed = 0;
	const GOptionEntry entries[] = {
		{ "size-mm", 0, 0, G_OPTION_ARG_DOUBLE, &size_mm,
		  "The codes' printed size: the width of the whole 9×9 grid, 10 to 1000 "
		  "(default 150)",
		  "MM" },
		{ "fov-deg", 0, 0, G_OPTION_ARG_DOUBLE, &fov_deg,
		  "The camera's horizontal field of view, 20 to 150 (default 68, a phone's "
		  "main camera)",
		  "DEGREES" },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"Finds the printed codes (tagStandard41h12) in photos, as the visitors' camera\n"
		"page does, and prints one JSON object a line for each code found: file, id\n"
		"(the code's number), centre and corners (pixels, the corners clockwise from\n"
		"the code's own top left), distance_m (camera to code, from the printed size\n"
		"and the field of view), bearing_deg (degrees right of straight ahead), clock\n"
		"(the bearing as a clock hour, 12 straight ahead) and width_px (the code's width\n"
		"in the photo).\n\n"
		"Images are PNG, JPEG or PGM (P5 or P2, 8 or 16 bits), from 16 to 4096 pixels\n"
		"either way and at most 12,582,912 pixels in all; a larger one is refused\n"
		"before it is decoded. An image that cannot be read is named on stderr, and\n"
		"the others are read all the same.\n\n"
		"Exit status: 0 when every image was read (codes found or not), 1 when one\n"
		"could not be, 2 on a usage error.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (files == NULL || files[0] == NULL)
		return sorictl_usage_error("name at least one IMAGE");
	if (!isfinite(size_mm) || size_mm < SIZE_MM_MIN || size_mm > SIZE_MM_MAX)
		return sorictl_usage_error("--size-mm is 10 to 1000");
	if (!isfinite(fov_deg) || fov_deg < FOV_DEG_MIN || fov_deg > FOV_DEG_MAX)
		return sorictl_usage_error("--fov-deg is 20 to 150");
	camera.size_mm = size_mm;
	camera.fov_deg = fov_deg;

	for (guint i = 0; files[i] != NULL; i++) {
		g_autoptr(GError) error_local = NULL;
		if (!sorictl_marker_detect_file(files[i], &camera, &error_local)) {
			/* flushed first, so that the lines keep their order on a terminal */
			fflush(stdout);
			fprintf(stderr, "%s: %s: %s\n", g_get_prgname(), files[i],
				error_local->message);
			n_failed++;
		}
	}
	return n_failed > 0 ? SORICTL_EXIT_PROBLEM : EXIT_SUCCESS;
}

static const struct {
	const gchar *name;
	const gchar *summary;
	gint (*run)(gint argc, gchar **argv);
} marker_commands[] = {
	{ "detect", "Find the printed codes in photos, with distance and direction",
	  sorictl_marker_detect_run },
};

/**
 * sorictl_marker_run:
 *
 * `sorictl marker COMMAND …`
 */
gint
sorictl_marker_run(gint argc, gchar **argv)
{
	if (argc < 2 || g_strcmp0(argv[1], "--help") == 0 || g_strcmp0(argv[1], "-h") == 0) {
		FILE *out = argc < 2 ? stderr : stdout;
		fprintf(out, "Usage: sorictl marker COMMAND [OPTION…]\n\nCommands:\n");
		for (guint i = 0; i < G_N_ELEMENTS(marker_commands); i++)
			fprintf(out, "  %-10s %s\n", marker_commands[i].name,
				marker_commands[i].summary);
		fprintf(out, "\n'sorictl marker COMMAND --help' explains a command.\n");
		return argc < 2 ? SORICTL_EXIT_USAGE : EXIT_SUCCESS;
	}
	for (guint i = 0; i < G_N_ELEMENTS(marker_commands); i++) {
		if (g_strcmp0(argv[1], marker_commands[i].name) == 0) {
			g_autofree gchar *prgname
				= g_strdup_printf("sorictl marker %s", marker_commands[i].name);
			g_set_prgname(prgname);
			return marker_commands[i].run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "sorictl marker: unknown command '%s'\nTry 'sorictl marker --help'.\n",
		argv[1]);
	return SORICTL_EXIT_USAGE;
}
