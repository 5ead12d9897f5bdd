/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The venues' summaries in the database (sori_summaries, schema version 5):
 * what an idle venue keeps, for each live catalogue, so that a node starts
 * a city of a thousand venues from one query rather than a thousand parses.
 * As the files store's summaries on disk (sori-venue-store-cache.c), a
 * summary is only ever a shortcut: one that is missing, damaged, of another
 * format or of another catalogue is ignored, and the venue parsed whole.
 * Each node writes those it parsed and found none for; sorictl migrate
 * writes every live venue's.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <string.h>

#include "sori-json.h"
#include "sori-store-postgres-private.h"

/**
 * sori_store_postgres_array:
 * @values: (element-type utf8): strings
 *
 * Returns: (transfer full): a PostgreSQL text[] literal of @values, for a
 *	statement's parameter
 */
gchar *
sori_store_postgres_array(GPtrArray *values)
{
	GString *s = g_string_new("{");

	for (guint i = 0; i < values->len; i++) {
		const gchar *v = g_ptr_array_index(values, i);
		if (i > 0)
			g_string_append_c(s, ',');
		g_string_append_c(s, '"');
		for (const gchar *c = v; *c != '\0'; c++) {
			if (*c == '"' || *c == '\\')
				g_string_append_c(s, '\\');
			g_string_append_c(s, *c);
		}
		g_string_append_c(s, '"');
	}
	g_string_append_c(s, '}');
	return g_string_free(s, FALSE);
}

/**
 * sori_store_postgres_summary_text:
 * @catalogue: a venue, whole and checked
 *
 * Returns: (transfer full): @catalogue's summary, as sori_summaries keeps it
 */
gchar *
sori_store_postgres_summary_text(SoriCatalogue *catalogue)
{
	g_autoptr(JsonGenerator) generator = json_generator_new();
	g_autoptr(JsonNode) node = sori_catalogue_summary_to_json(catalogue);

	json_generator_set_root(generator, node);
	return json_generator_to_data(generator, NULL);
}

/**
 * sori_store_postgres_summary_parse:
 * @venue: the venue the summary was kept for
 * @digest: the digest of the live catalogue it must be the summary of
 * @text: (nullable): what sori_summaries holds (%NULL: none)
 *
 * Returns: (transfer full) (nullable): the summary, or %NULL when there is
 *	none fit to serve: parse the catalogue instead
 */
SoriCatalogue *
sori_store_postgres_summary_parse(const gchar *venue, const gchar *digest, const gchar *text)
{
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(SoriCatalogue) summary = NULL;
	g_autoptr(GError) error = NULL;
	gsize len;

	if (text == NULL)
		return NULL;
	len = strlen(text);
	if (len > SORI_CATALOGUE_SUMMARY_MAX_BYTES
	    || (root = sori_json_parse(text, len, SORI_CATALOGUE_MAX_DEPTH + 1, &error)) == NULL) {
		g_debug("venue %s: its summary in the database is damaged, ignoring it", venue);
		return NULL;
	}
	summary = sori_catalogue_new_summary_from_json(root, &error);
	if (summary == NULL || g_strcmp0(sori_catalogue_get_id(summary), venue) != 0
	    || g_strcmp0(sori_catalogue_get_digest(summary), digest) != 0) {
		g_debug("venue %s: its summary in the database is not its live catalogue's, "
			"ignoring it",
			venue);
		return NULL;
	}
	return g_steal_pointer(&summary);
}

/**
 * sori_store_postgres_put_summaries:
 * @conn: a connection, outside a transaction or in one
 * @catalogues: (element-type SoriCatalogue): venues, whole and checked
 *
 * Keeps the summaries of @catalogues, one statement for all. One kept
 * already is written again: it is the same when another node kept it
 * meanwhile, and mended when it was damaged (and so the venue parsed).
 */
gboolean
sori_store_postgres_put_summaries(PGconn *conn, GPtrArray *catalogues, GError **error)
{
	g_autoptr(GPtrArray) venues = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
	g_autofree gchar *venue_array = NULL;
	g_autofree gchar *digest_array = NULL;
	g_autofree gchar *text_array = NULL;
	const gchar *params[4];

	if (catalogues->len == 0)
		return TRUE;
	for (guint i = 0; i < catalogues->len; i++) {
		SoriCatalogue *catalogue = g_ptr_array_index(catalogues, i);
		g_ptr_array_add(venues, g_strdup(sori_catalogue_get_id(catalogue)));
		g_ptr_array_add(digests, g_strdup(sori_catalogue_get_digest(catalogue)));
		g_ptr_array_add(texts, sori_store_postgres_summary_text(catalogue));
	}
	venue_array = sori_store_postgres_array(venues);
	digest_array = sori_store_postgres_array(digests);
	text_array = sori_store_postgres_array(texts);
	params[0] = venue_array;
	params[1] = digest_array;
	params[2] = SORI_CATALOGUE_SUMMARY_FORMAT;
	params[3] = text_array;
	return sori_store_postgres_thread_exec(
		conn,
		"INSERT INTO sori_summaries (venue, digest, format, summary)"
		" SELECT v, d, $3, s FROM unnest($1::text[], $2::text[], $4::text[]) AS k(v, d, s)"
		" ON CONFLICT (venue, digest, format) DO UPDATE SET summary = EXCLUDED.summary",
		4, params, NULL, NULL, "keeping the venues' summaries", error);
}
