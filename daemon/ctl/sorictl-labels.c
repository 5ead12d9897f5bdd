/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl labels: the printed codes' labels, one SVG file a sheet, a sheet
 * per floor, on A4 or A3, each code at its exact size (lib/sori-labels.c,
 * which the console's labels page prints too).
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "sori-config.h"
#include "sori-labels.h"
#include "sori-language.h"
#include "sori-qr.h"
#include "sori-venue-store.h"
#include "sorictl-common.h"
#include "sorictl-labels.h"

#define FLOOR_MIN -20
#define FLOOR_MAX 200

static gchar *
sorictl_labels_file_name(const SoriLabelSheet *sheet)
{
	if (!sheet->has_floor)
		return g_strdup_printf("no-floor-sheet-%u.svg", sheet->page);
	if (sheet->floor < 0)
		return g_strdup_printf("floor-minus-%d-sheet-%u.svg", -sheet->floor, sheet->page);
	return g_strdup_printf("floor-%d-sheet-%u.svg", sheet->floor, sheet->page);
}

/* the venue of --venue in the data directory, as sorid would load it */
static SoriCatalogue *
sorictl_labels_load_venue(const gchar *config_path, const gchar *data_dir, const gchar *venue)
{
	g_autoptr(SoriConfig) config = sori_config_new();
	g_autoptr(SoriVenueStore) store = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_strdup(data_dir);
	SoriVenueSnapshot *snapshot;

	if (config_path != NULL && !sori_config_load_file(config, config_path, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return NULL;
	}
	if (dir == NULL)
		dir = g_strdup(config->data_dir);
	store = sori_venue_store_new(dir);
	if (!sori_venue_store_load(store, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return NULL;
	}
	snapshot = sori_venue_store_lookup(store, venue);
	if (snapshot == NULL) {
		if (sori_venue_store_is_failed(store, venue))
			fprintf(stderr,
				"%s: the catalogue of venue '%s' in %s is not valid: run 'sorictl "
				"validate' on it\n",
				g_get_prgname(), venue, dir);
		else
			fprintf(stderr, "%s: there is no venue '%s' in %s\n", g_get_prgname(),
				venue, dir);
		return NULL;
	}
	return sori_catalogue_ref(snapshot->catalogue);
}

static SoriCatalogue *
sorictl_labels_load_file(const gchar *path)
{
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	SoriCatalogue *catalogue = sori_catalogue_new_from_file(path, &problems, &error);

	if (catalogue == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		if (problems != NULL && problems->len > 0)
			fprintf(stderr, "%s: run 'sorictl validate %s' for every problem\n",
				g_get_prgname(), path);
	}
	return catalogue;
}

/**
 * sorictl_labels_run:
 *
 * `sorictl labels (--venue ID [--data-dir DIR] [--config FILE] | CATALOGUE)
 *  --base-url URL [--paper a4|a3] [--floor N] [--lang L] --out DIR`
 */
gint
sorictl_labels_run(gint argc, gchar **argv)
{
	g_autofree gchar *venue = NULL;
	g_autofree gchar *data_dir = NULL;
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *base_url = NULL;
	g_autofree gchar *paper_name = NULL;
	g_autofree gchar *floor_text = NULL;
	g_autofree gchar *lang = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *origin = NULL;
	g_auto(GStrv) files = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("[CATALOGUE]");
	g_autoptr(SoriCatalogue) catalogue = NULL;
	g_autoptr(GPtrArray) sheets = NULL;
	g_autoptr(GError) error = NULL;
	SoriPaper paper = SORI_PAPER_A4;
	gboolean is_https = FALSE;
	gint floor = 0;
	gint64 floor_value = 0;
	const GOptionEntry entries[] = {
		{ "venue", 'v', 0, G_OPTION_ARG_STRING, &venue,
		  "The venue whose codes to print, from the data directory", "ID" },
		{ "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
		  "The venue catalogues (default: sorid's, from --config)", "DIR" },
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
		  "Take data-dir from sorid's FILE", "FILE" },
		{ "base-url", 'b', 0, G_OPTION_ARG_STRING, &base_url,
		  "Where visitors' phones reach sorid, for the QR codes, e.g. "
		  "https://guide.example.org",
		  "URL" },
		{ "paper", 'p', 0, G_OPTION_ARG_STRING, &paper_name, "a4 (the default) or a3",
		  "PAPER" },
		{ "floor", 'f', 0, G_OPTION_ARG_STRING, &floor_text,
		  "Only the codes of this floor (as the map numbers it)", "N" },
		{ "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
		  "The language of the names (default: the venue's)", "LANG" },
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
		  "The folder to write the sheets to (made if need be)", "DIR" },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"Writes the labels of a venue's printed codes (its catalogue's /markers) to\n"
		"print, one SVG file a sheet: a sheet per floor, and as many as a floor\n"
		"needs, named floor-N-sheet-M.svg (no-floor-sheet-M.svg for codes on no\n"
		"floor). Each label is the code at the exact size the catalogue gives it,\n"
		"with a cell of white all round, its number and the name of what it stands\n"
		"beside in large print, and the QR code of that thing's page for sighted\n"
		"visitors. Print the sheets at actual size (100 %, no scaling): the camera\n"
		"works out how far a code is from its printed size. Each file's path, floor\n"
		"and codes are printed, one sheet per line.\n\n"
		"Name the venue with --venue (in --data-dir, or sorid's data directory\n"
		"from --config), or give its catalogue file.\n\n"
		"Exit status: 0 when the sheets are written, 1 when the catalogue is not\n"
		"valid, has no codes (on --floor), a code does not fit the paper or a file\n"
		"cannot be written, 2 on a usage error.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if ((venue == NULL) == (files == NULL || files[0] == NULL))
		return sorictl_usage_error("name the venue with --venue ID, or give one CATALOGUE "
					   "file");
	if (files != NULL && g_strv_length(files) != 1)
		return sorictl_usage_error("give one catalogue file");
	if (venue != NULL && !sori_catalogue_id_is_valid(venue))
		return sorictl_usage_error("--venue: not a venue's id (a-z, 0-9 and '-')");
	if (base_url == NULL || out == NULL)
		return sorictl_usage_error("--base-url and --out are required");
	if (paper_name != NULL && !sori_paper_from_string(paper_name, &paper))
		return sorictl_usage_error("--paper is a4 or a3");
	if (floor_text != NULL) {
		if (!g_ascii_string_to_signed(floor_text, 10, FLOOR_MIN, FLOOR_MAX, &floor_value,
					      NULL))
			return sorictl_usage_error("--floor is a whole number from -20 to 200");
		floor = (gint) floor_value;
	}
	origin = sori_qr_parse_base_url(base_url, &is_https, &error);
	if (origin == NULL)
		return sorictl_usage_error(error->message);
	if (!is_https)
		fprintf(stderr,
			"%s: warning: %s is not https: phones on public Wi-Fi cannot trust it\n",
			g_get_prgname(), base_url);

	catalogue = venue != NULL ? sorictl_labels_load_venue(config_path, data_dir, venue)
				  : sorictl_labels_load_file(files[0]);
	if (catalogue == NULL)
		return SORICTL_EXIT_PROBLEM;
	if (lang == NULL) {
		lang = g_strdup(sori_catalogue_get_default_language(catalogue));
	} else if (!g_strv_contains(sori_catalogue_get_languages(catalogue), lang)) {
		g_autofree gchar *offered
			= g_strjoinv(", ", (gchar **) sori_catalogue_get_languages(catalogue));
		fprintf(stderr, "%s: --lang: venue '%s' speaks %s, not '%s'\n", g_get_prgname(),
			sori_catalogue_get_id(catalogue), offered, lang);
		return SORICTL_EXIT_USAGE;
	}
	sheets = sori_labels_build_sheets(catalogue, origin, paper,
					  floor_text != NULL ? &floor : NULL, lang, &error);
	if (sheets == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	if (g_mkdir_with_parents(out, 0755) != 0) {
		fprintf(stderr, "%s: cannot make %s: %s\n", g_get_prgname(), out,
			g_strerror(errno));
		return SORICTL_EXIT_PROBLEM;
	}
	for (guint i = 0; i < sheets->len; i++) {
		const SoriLabelSheet *sheet = g_ptr_array_index(sheets, i);
		g_autofree gchar *name = sorictl_labels_file_name(sheet);
		g_autofree gchar *path = g_build_filename(out, name, NULL);
		g_autoptr(GString) line = g_string_new(path);

		if (!g_file_set_contents(path, sheet->svg, -1, &error)) {
			fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
			return SORICTL_EXIT_PROBLEM;
		}
		if (sheet->has_floor)
			g_string_append_printf(line, "\tfloor %d\tcodes", sheet->floor);
		else
			g_string_append(line, "\tno floor\tcodes");
		for (guint m = 0; m < sheet->markers->len; m++)
			g_string_append_printf(line, " %u",
					       g_array_index(sheet->markers, guint, m));
		printf("%s\n", line->str);
	}
	fprintf(stderr, "%s: %u sheet%s (%s) written to %s\n", g_get_prgname(), sheets->len,
		sheets->len == 1 ? "" : "s", sori_paper_to_string(paper), out);
	return EXIT_SUCCESS;
}
