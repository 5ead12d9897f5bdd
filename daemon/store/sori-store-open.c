/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one place that turns a store's name (sorid.conf's `store`, sorictl's
 * --store, --to and --from) into a SoriStore: nothing outside daemon/store/
 * names an implementation.
 */

#include "config.h"

#include <string.h>

#include "sori-store-files.h"
#include "sori-store-open.h"
#include "sori-store-postgres.h"

#define SORI_STORE_POSTGRES_PREFIX "postgresql:"

/* "name:" at the start of @spec, as a URI scheme is: letters, digits, + - . */
static gboolean
sori_store_spec_has_scheme(const gchar *spec, gsize *len)
{
	gsize i = 0;

	if (!g_ascii_isalpha(spec[0]))
		return FALSE;
	while (g_ascii_isalnum(spec[i]) || spec[i] == '+' || spec[i] == '-' || spec[i] == '.')
		i++;
	*len = i;
	return spec[i] == ':';
}

/**
 * sori_store_spec_is_valid:
 * @spec: "files", a data directory's path, or `postgresql:CONNINFO`
 *
 * Checks the form of @spec only: no file is read, no server asked.
 *
 * Returns: %FALSE with %G_IO_ERROR_INVALID_ARGUMENT, saying what a store is
 */
gboolean
sori_store_spec_is_valid(const gchar *spec, GError **error)
{
	gsize len = 0;

	if (spec == NULL || *spec == '\0') {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
				    "no store given: say files, a data directory, or "
				    "postgresql:CONNINFO");
		return FALSE;
	}
	if (g_str_has_prefix(spec, SORI_STORE_POSTGRES_PREFIX) || g_str_equal(spec, "files"))
		return TRUE;
	/* a path that looks like "mysql:…" is a store sori does not know, unless
	 * it is a directory */
	if (sori_store_spec_has_scheme(spec, &len) && !g_file_test(spec, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "'%.*s:' is not a store sori knows: say files, a data directory, or "
			    "postgresql:CONNINFO",
			    (gint) MIN(len, 32), spec);
		return FALSE;
	}
	return TRUE;
}

/**
 * sori_store_open:
 * @spec: (nullable): where curators' work is kept: %NULL or "files" for the
 *	files of @data_dir, a data directory's path, or `postgresql:CONNINFO`
 *	(libpq's connection string or URI) for the store of many nodes
 * @data_dir: (nullable): sorid's data directory; with PostgreSQL, where this
 *	node keeps its own copies of the uploads (`.sori/media-cache`), %NULL
 *	for none (sorictl, which serves no upload)
 * @revisions_kept: how many revisions of each venue are kept
 *
 * A PostgreSQL store is connected to, its schema checked, its tokens read;
 * a files store is only named (its files are read as they are asked for).
 *
 * Returns: (transfer full) (nullable): the store; %NULL with
 *	%G_IO_ERROR_INVALID_ARGUMENT for a @spec that names no store, or the
 *	error of the PostgreSQL store, prefixed with "the PostgreSQL store: "
 */
SoriStore *
sori_store_open(const gchar *spec, const gchar *data_dir, guint revisions_kept, GError **error)
{
	if (spec == NULL || g_str_equal(spec, "files")) {
		if (data_dir == NULL) {
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
					    "the files store needs a data directory");
			return NULL;
		}
		return sori_store_files_new(data_dir, revisions_kept);
	}
	if (!sori_store_spec_is_valid(spec, error))
		return NULL;
	if (g_str_has_prefix(spec, SORI_STORE_POSTGRES_PREFIX)) {
		g_autofree gchar *state
			= data_dir != NULL ? sori_store_files_state_dir(data_dir) : NULL;
		g_autofree gchar *media
			= state != NULL ? g_build_filename(state, "media-cache", NULL) : NULL;
		SoriStorePostgres *database = sori_store_postgres_new(
			spec + strlen(SORI_STORE_POSTGRES_PREFIX), media, revisions_kept, error);
		if (database == NULL) {
			g_prefix_error(error, "the PostgreSQL store: ");
			return NULL;
		}
		return SORI_STORE(database);
	}
	if (!g_file_test(spec, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "%s is not a directory: say files, a data directory, or "
			    "postgresql:CONNINFO",
			    spec);
		return NULL;
	}
	return sori_store_files_new(spec, revisions_kept);
}
