/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A venue's summary, as sorid keeps it in `.sori/summaries/` and in
 * PostgreSQL's sori_summaries, after a broken disk or a careless edit: an
 * idle venue is listed, counted and timed from it, without its catalogue
 * ever being checked, so what it holds must be safe to serve as it is.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "sori-catalogue.h"
#include "sori-json.h"
#include "sori-views.h"

static void
sori_fuzz_summary_serve(SoriCatalogue *summary)
{
	static const gchar *langs[] = { "en", "ko", "zh-Hant", "ar", "xx" };
	g_autoptr(GDateTime) today = sori_catalogue_get_today(summary);
	g_autoptr(JsonNode) again = NULL;
	g_autoptr(SoriCatalogue) reread = NULL;
	g_autoptr(GError) error = NULL;

	/* what the venues' list, the usage counts and the fleet read of an idle venue */
	for (guint i = 0; i < G_N_ELEMENTS(langs); i++) {
		g_autoptr(JsonNode) view = sori_view_venue_summary(summary, langs[i]);
		g_autofree gchar *text = json_to_string(view, FALSE);
		if (text == NULL)
			abort();
	}
	(void) sori_catalogue_counts_usage(summary);
	(void) sori_catalogue_get_beacons(summary);
	if (today == NULL || !sori_catalogue_is_summary(summary))
		abort();

	/* kept again, it is read back as the same venue */
	again = sori_catalogue_summary_to_json(summary);
	reread = sori_catalogue_new_summary_from_json(again, &error);
	if (reread == NULL
	    || g_strcmp0(sori_catalogue_get_id(reread), sori_catalogue_get_id(summary)) != 0
	    || g_strcmp0(sori_catalogue_get_digest(reread), sori_catalogue_get_digest(summary))
		       != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(SoriCatalogue) summary = NULL;

	/* as both stores read one: at most 1 MiB, nested no deeper than a catalogue */
	if (size > SORI_CATALOGUE_SUMMARY_MAX_BYTES)
		return 0;
	root = sori_json_parse((const gchar *) data, size, SORI_CATALOGUE_MAX_DEPTH + 1, &error);
	if (root == NULL) {
		if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
			abort();
		return 0;
	}
	summary = sori_catalogue_new_summary_from_json(root, &error);
	/* a summary, or the reason there is none: never neither */
	if (summary == NULL) {
		if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
			abort();
		return 0;
	}
	sori_fuzz_summary_serve(summary);
	return 0;
}
