/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl qr: the QR codes to print. One for the entrance, leading to the
 * venue's home in the visitors' web app, and one for each exhibit's label
 * (and each gallery with a code), leading to /v/{venue}/c/{code}.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sori-catalogue.h"
#include "sori-qr.h"
#include "sorictl-common.h"
#include "sorictl-qr.h"

#define SIZE_MM_MIN 10
#define SIZE_MM_MAX 500

static gboolean
sorictl_qr_write_code(const gchar *dir, const gchar *name, const gchar *url, QRecLevel level,
		      guint size_mm, GError **error)
{
	g_autofree gchar *path = g_build_filename(dir, name, NULL);
	g_autofree gchar *svg = sori_qr_svg(url, level, size_mm, error);

	if (svg == NULL || !g_file_set_contents(path, svg, -1, error))
		return FALSE;
	printf("%s\t%s\n", path, url);
	return TRUE;
}

/* the entrance's code, then one for every code of the catalogue */
static gboolean
sorictl_qr_write_codes(SoriCatalogue *catalogue, const gchar *origin, const gchar *dir,
		       QRecLevel level, guint size_mm, guint *n_written, GError **error)
{
	g_autofree gchar *escaped
		= g_uri_escape_string(sori_catalogue_get_id(catalogue), NULL, FALSE);
	g_autofree gchar *venue_url = g_strdup_printf("%s/v/%s", origin, escaped);
	g_autoptr(GPtrArray) codes = sori_catalogue_get_codes(catalogue);

	if (!sorictl_qr_write_code(dir, "entrance.svg", venue_url, level, size_mm, error))
		return FALSE;
	(*n_written)++;
	for (guint i = 0; i < codes->len; i++) {
		const gchar *code = g_ptr_array_index(codes, i);
		const SoriTarget *target = sori_catalogue_lookup_code(catalogue, code);
		gboolean is_exhibit = target->kind == SORI_TARGET_KIND_EXHIBIT;
		g_autofree gchar *name
			= g_strdup_printf("%s-%s.svg", is_exhibit ? "exhibit" : "gallery", code);
		g_autofree gchar *url = g_strdup_printf("%s/c/%s", venue_url, code);
		if (!sorictl_qr_write_code(dir, name, url, level, size_mm, error))
			return FALSE;
		(*n_written)++;
	}
	return TRUE;
}

static gboolean
sorictl_qr_parse_level(const gchar *name, QRecLevel *level)
{
	const struct {
		const gchar *name;
		QRecLevel level;
	} levels[] = {
		{ "L", QR_ECLEVEL_L },
		{ "M", QR_ECLEVEL_M },
		{ "Q", QR_ECLEVEL_Q },
		{ "H", QR_ECLEVEL_H },
	};
	for (guint i = 0; i < G_N_ELEMENTS(levels); i++) {
		if (g_ascii_strcasecmp(name, levels[i].name) == 0) {
			*level = levels[i].level;
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * sorictl_qr_run:
 *
 * `sorictl qr --base-url URL --output DIR [--level L|M|Q|H] [--size-mm N] CATALOGUE`
 */
gint
sorictl_qr_run(gint argc, gchar **argv)
{
	g_autofree gchar *base_url = NULL;
	g_autofree gchar *output = NULL;
	g_autofree gchar *level_name = NULL;
	g_autofree gchar *origin = NULL;
	g_auto(GStrv) files = NULL;
	gint size_mm = 30;
	gboolean is_https = FALSE;
	QRecLevel level = QR_ECLEVEL_Q;
	guint n_written = 0;
	g_autoptr(GOptionContext) context = g_option_context_new("CATALOGUE");
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	g_autoptr(GError) error = NULL;
	const GOptionEntry entries[] = {
		{ "base-url", 'b', 0, G_OPTION_ARG_STRING, &base_url,
		  "Where visitors' phones reach sorid, e.g. https://guide.example.org", "URL" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
		  "The folder to write the SVG files to (made if need be)", "DIR" },
		{ "level", 0, 0, G_OPTION_ARG_STRING, &level_name,
		  "Error correction: L, M, Q (default: a label survives scuffs) or H", "LEVEL" },
		{ "size-mm", 0, 0, G_OPTION_ARG_INT, &size_mm,
		  "Printed size of each code, quiet zone included (default 30)", "MM" },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"Writes the QR codes to print for a venue, as SVG files: entrance.svg leads to\n"
		"the venue's home in the visitors' web app (URL/v/VENUE), exhibit-CODE.svg to\n"
		"each exhibit (URL/v/VENUE/c/CODE, the number on its label), and\n"
		"gallery-CODE.svg to each gallery that has a code (a binding's). Each file's\n"
		"path and address are printed, one per line. The catalogue is checked first,\n"
		"as sorid would.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (base_url == NULL || output == NULL)
		return sorictl_usage_error("--base-url and --output are required");
	if (files == NULL || g_strv_length(files) != 1)
		return sorictl_usage_error("give one catalogue file");
	if (level_name != NULL && !sorictl_qr_parse_level(level_name, &level))
		return sorictl_usage_error("--level is one of L, M, Q and H");
	if (size_mm < SIZE_MM_MIN || size_mm > SIZE_MM_MAX)
		return sorictl_usage_error("--size-mm is 10 to 500");
	origin = sori_qr_parse_base_url(base_url, &is_https, &error);
	if (origin == NULL)
		return sorictl_usage_error(error->message);
	if (!is_https)
		fprintf(stderr,
			"%s: warning: %s is not https: phones on public Wi-Fi cannot trust it\n",
			g_get_prgname(), base_url);

	catalogue = sori_catalogue_new_from_file(files[0], &problems, &error);
	if (catalogue == NULL) {
		fprintf(stderr, "%s: %s: %s\n", g_get_prgname(), files[0], error->message);
		if (problems != NULL && problems->len > 0)
			fprintf(stderr, "%s: run 'sorictl validate %s' for every problem\n",
				g_get_prgname(), files[0]);
		return SORICTL_EXIT_PROBLEM;
	}
	if (g_mkdir_with_parents(output, 0755) != 0) {
		fprintf(stderr, "%s: cannot make %s: %s\n", g_get_prgname(), output,
			g_strerror(errno));
		return SORICTL_EXIT_PROBLEM;
	}

	if (!sorictl_qr_write_codes(catalogue, origin, output, level, (guint) size_mm, &n_written,
				    &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	fprintf(stderr, "%s: %u QR codes written to %s\n", g_get_prgname(), n_written, output);
	return EXIT_SUCCESS;
}
