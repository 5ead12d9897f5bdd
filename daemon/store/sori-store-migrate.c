/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A files data directory into PostgreSQL, or back (sorictl migrate). Every
 * revision keeps its id, every venue its live revision, the audit log its
 * entries, the tokens their hashes, the uploads their bytes. It can be run
 * again after it stopped (what is there is left as it is), tells its
 * progress, and checks at the end that every live catalogue and upload is
 * the same, byte for byte, on both sides.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sori-file.h"
#include "sori-store-files.h"
#include "sori-store-migrate.h"
#include "sori-store-postgres-private.h"
#include "sori-venue-store-private.h"

/* how many venues go in one transaction: a commit a few seconds apart, at most */
#define SORI_STORE_MIGRATE_BATCH 50

typedef struct {
	const SoriStoreMigrateProgress *progress;
	gpointer user_data;
	guint64 bytes; /* copied in this stage so far */
} SoriStoreMigrate;

static void
sori_store_migrate_stage(SoriStoreMigrate *m, const gchar *unit, guint total)
{
	m->bytes = 0;
	if (m->progress != NULL && m->progress->stage != NULL)
		m->progress->stage(unit, total, m->user_data);
}

static void
sori_store_migrate_step(SoriStoreMigrate *m, const gchar *what)
{
	if (m->progress != NULL && m->progress->step != NULL)
		m->progress->step(what, m->bytes, m->user_data);
}

static gint
sori_store_migrate_compare_strings(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *) a, *(const gchar *const *) b);
}

/* BEGIN, COMMIT or ROLLBACK on the store's own connection, where the copies go */
static gboolean
sori_store_migrate_transaction(SoriStorePostgres *database, const gchar *what, GError **error)
{
	PGconn *conn = sori_store_postgres_get_conn(database, error);
	g_autoptr(PGresult) res = NULL;

	if (conn == NULL)
		return FALSE;
	res = PQexec(conn, what);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
			    PQerrorMessage(conn));
		return FALSE;
	}
	return TRUE;
}

/* a venue that could not be copied: named, and its batch undone, so that
 * nothing is half there (the venues committed before are whole) */
static gboolean
sori_store_migrate_fail_venue(SoriStorePostgres *database, const gchar *venue, guint kept,
			      GError *cause, GError **error)
{
	g_autoptr(GError) ignored = NULL;
	sori_store_migrate_transaction(database, "ROLLBACK", &ignored);
	g_set_error(error, cause->domain, cause->code,
		    "venue %s: %s\n%u venues before it are copied whole, nothing of the others "
		    "is; run it again to go on",
		    venue, cause->message, kept);
	g_error_free(cause);
	return FALSE;
}

/* the venues of a files data directory: live catalogues and revisions' folders */
static GPtrArray *
sori_store_migrate_files_venues(const gchar *data_dir, GError **error)
{
	g_autofree gchar *revisions = g_build_filename(data_dir, ".sori", "revisions", NULL);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GDir) dir = g_dir_open(data_dir, 0, error);
	g_autoptr(GDir) rdir = NULL;
	GPtrArray *venues;
	GHashTableIter iter;
	gpointer key;
	const gchar *name;

	if (dir == NULL)
		return NULL;
	while ((name = g_dir_read_name(dir)) != NULL) {
		if (g_str_has_suffix(name, ".json") && name[0] != '.')
			g_hash_table_add(seen, g_strndup(name, strlen(name) - strlen(".json")));
	}
	rdir = g_dir_open(revisions, 0, NULL);
	while (rdir != NULL && (name = g_dir_read_name(rdir)) != NULL)
		g_hash_table_add(seen, g_strdup(name));
	venues = g_ptr_array_new_with_free_func(g_free);
	g_hash_table_iter_init(&iter, seen);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_ptr_array_add(venues, g_strdup(key));
	g_ptr_array_sort(venues, sori_store_migrate_compare_strings);
	return venues;
}

static guint64
sori_store_migrate_file_size(const gchar *path)
{
	GStatBuf st;
	return g_stat(path, &st) == 0 ? (guint64) st.st_size : 0;
}

static GPtrArray *
sori_store_migrate_dir_files(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		/* a writer's temporary file is not an upload */
		if (name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	}
	g_ptr_array_sort(names, sori_store_migrate_compare_strings);
	return names;
}

/* one venue into the database: its revisions, its live one, its audit log */
static gboolean
sori_store_migrate_venue_in(SoriStore *files, SoriStorePostgres *database, const gchar *venue,
			    GPtrArray *ids, SoriStoreMigrateSummary *summary, guint64 *bytes,
			    GError **error)
{
	g_autoptr(GBytes) live = sori_store_get_catalogue(files, venue, NULL);
	g_autoptr(GPtrArray) audit = NULL;
	g_autofree gchar *live_id = NULL;

	for (guint j = 0; j < ids->len; j++) {
		const gchar *id = g_ptr_array_index(ids, j);
		g_autoptr(GBytes) document = sori_store_get_revision(files, venue, id, error);
		if (document == NULL
		    || !sori_store_postgres_import_revision(database, venue, id, document, error))
			return FALSE;
		*bytes += g_bytes_get_size(document);
		summary->revisions++;
	}
	if (live != NULL) {
		g_autofree gchar *digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, live);
		const gchar *found = sori_store_find_revision(ids, digest);
		if (found != NULL) {
			live_id = g_strdup(found);
		} else {
			/* a catalogue put in place by hand: a revision of its own */
			g_autoptr(GDateTime) now = g_date_time_new_now_utc();
			g_autofree gchar *stamp = g_date_time_format(now, "%Y%m%dT%H%M%SZ");
			live_id = g_strdup_printf("%s-%.12s", stamp, digest);
			if (!sori_store_postgres_import_revision(database, venue, live_id, live,
								 error))
				return FALSE;
			*bytes += g_bytes_get_size(live);
			summary->revisions++;
		}
		if (!sori_store_postgres_import_live(database, venue, live_id, error))
			return FALSE;
		summary->live++;
	}
	audit = sori_store_list_audit(files, venue, G_MAXUINT);
	/* oldest first, as they happened */
	for (guint j = audit->len; j > 0; j--) {
		if (!sori_store_postgres_import_audit(database, g_ptr_array_index(audit, j - 1),
						      error))
			return FALSE;
	}
	return TRUE;
}

/* every venue, a batch to a transaction: a venue is copied whole or not at all */
static gboolean
sori_store_migrate_venues_in(SoriStoreMigrate *m, SoriStore *files, SoriStorePostgres *database,
			     GPtrArray *venues, SoriStoreMigrateSummary *summary, GError **error)
{
	sori_store_migrate_stage(m, "venues", venues->len);
	for (guint i = 0; i < venues->len; i++) {
		const gchar *venue = g_ptr_array_index(venues, i);
		g_autoptr(GPtrArray) ids = sori_store_list_revisions(files, venue);
		guint kept = i - i % SORI_STORE_MIGRATE_BATCH;
		GError *cause = NULL;

		if ((i % SORI_STORE_MIGRATE_BATCH == 0
		     && !sori_store_migrate_transaction(database, "BEGIN", &cause))
		    || !sori_store_migrate_venue_in(files, database, venue, ids, summary, &m->bytes,
						    &cause)
		    || ((i % SORI_STORE_MIGRATE_BATCH == SORI_STORE_MIGRATE_BATCH - 1
			 || i == venues->len - 1)
			&& !sori_store_migrate_transaction(database, "COMMIT", &cause)))
			return sori_store_migrate_fail_venue(database, venue, kept, cause, error);
		sori_store_migrate_step(m, venue);
	}
	return TRUE;
}

/* the summaries written in one statement, and the catalogues parsed ahead of it */
#define SORI_STORE_MIGRATE_SUMMARIES_BATCH 50

typedef struct {
	const gchar *data_dir;
	gchar *venue;
	GBytes *document;
	SoriCatalogue *catalogue; /* %NULL: not live, or it does not load */
} SoriStoreMigrateParse;

static void
sori_store_migrate_parse_free(SoriStoreMigrateParse *parse)
{
	g_free(parse->venue);
	g_clear_pointer(&parse->document, g_bytes_unref);
	g_clear_pointer(&parse->catalogue, sori_catalogue_unref);
	g_free(parse);
}

static void
sori_store_migrate_parse_thread(gpointer data, gpointer user_data)
{
	SoriStoreMigrateParse *parse = data;
	g_autofree gchar *name = g_strconcat(parse->venue, ".json", NULL);
	g_autofree gchar *path = g_build_filename(parse->data_dir, name, NULL);
	SoriFileStamp stamp;

	/* the summary a sorid serving the directory kept, when the file has
	 * not changed since: nothing to parse */
	if (parse->document != NULL && sori_file_stamp_read(path, &stamp))
		parse->catalogue = sori_venue_cache_read(parse->data_dir, parse->venue, &stamp);
	if (parse->document != NULL && parse->catalogue == NULL)
		parse->catalogue = sori_catalogue_new_from_bytes(parse->document, NULL, NULL);
	if (parse->catalogue != NULL
	    && g_strcmp0(sori_catalogue_get_id(parse->catalogue), parse->venue) != 0)
		g_clear_pointer(&parse->catalogue, sori_catalogue_unref);
	g_async_queue_push(user_data, parse);
}

/*
 * every live catalogue's summary (schema/005-summaries.sql), so that a node
 * starts the city without parsing every venue: the one a sorid serving the
 * directory kept on disk, else parsed on every core, a few ahead at most. A catalogue that does not
 * load has none: the nodes say why.
 */
static gboolean
sori_store_migrate_summaries_in(SoriStoreMigrate *m, SoriStore *files, SoriStorePostgres *database,
				const gchar *data_dir, GPtrArray *venues, GError **error)
{
	g_autoptr(GAsyncQueue) done
		= g_async_queue_new_full((GDestroyNotify) sori_store_migrate_parse_free);
	g_autoptr(GPtrArray) batch
		= g_ptr_array_new_with_free_func((GDestroyNotify) sori_catalogue_unref);
	guint threads = CLAMP(g_get_num_processors(), 1, 8);
	GThreadPool *pool = g_thread_pool_new(sori_store_migrate_parse_thread, done, (gint) threads,
					      FALSE, NULL);
	PGconn *conn = sori_store_postgres_get_conn(database, error);
	guint queued = 0;
	gboolean ok = conn != NULL;

	sori_store_migrate_stage(m, "summaries", venues->len);
	for (guint taken = 0; ok && taken < venues->len; taken++) {
		SoriStoreMigrateParse *parse;

		while (queued < venues->len && queued < taken + 2 * threads) {
			const gchar *venue = g_ptr_array_index(venues, queued++);
			parse = g_new0(SoriStoreMigrateParse, 1);
			parse->data_dir = data_dir;
			parse->venue = g_strdup(venue);
			parse->document = sori_store_get_catalogue(files, venue, NULL);
			g_thread_pool_push(pool, parse, NULL);
		}
		parse = g_async_queue_pop(done);
		if (parse->document != NULL)
			m->bytes += g_bytes_get_size(parse->document);
		if (parse->catalogue != NULL)
			g_ptr_array_add(batch, sori_catalogue_ref(parse->catalogue));
		if ((batch->len == SORI_STORE_MIGRATE_SUMMARIES_BATCH || taken == venues->len - 1)
		    && !sori_store_postgres_put_summaries(conn, batch, error))
			ok = FALSE;
		if (batch->len == SORI_STORE_MIGRATE_SUMMARIES_BATCH)
			g_ptr_array_set_size(batch, 0);
		sori_store_migrate_step(m, parse->venue);
		sori_store_migrate_parse_free(parse);
	}
	/* what was queued is finished, and dropped with the queue */
	g_thread_pool_free(pool, FALSE, TRUE);
	return ok;
}

/* the uploads of the data directory, and those shipped beside the catalogues */
static gboolean
sori_store_migrate_media_in(SoriStoreMigrate *m, SoriStore *files, SoriStorePostgres *database,
			    const gchar *data_dir, SoriStoreMigrateSummary *summary, GError **error)
{
	g_autofree gchar *state = sori_store_files_state_dir(data_dir);
	g_autofree gchar *media_dir = g_build_filename(state, "media", NULL);
	g_autofree gchar *tokens_path = g_build_filename(state, "tokens.json", NULL);
	g_autoptr(GPtrArray) media = sori_store_migrate_dir_files(media_dir);
	/* the samples' pictures */
	g_autofree gchar *shipped_dir = g_build_filename(data_dir, "media", NULL);
	g_autoptr(GPtrArray) shipped = sori_store_migrate_dir_files(shipped_dir);

	sori_store_migrate_stage(m, "uploads", media->len + shipped->len + 1);
	for (guint i = 0; i < media->len; i++) {
		const gchar *name = g_ptr_array_index(media, i);
		g_autofree gchar *path = g_build_filename(media_dir, name, NULL);
		if (!sori_store_postgres_import_media(database, name, path, error))
			return FALSE;
		m->bytes += sori_store_migrate_file_size(path);
		summary->uploads++;
		sori_store_migrate_step(m, name);
	}
	for (guint i = 0; i < shipped->len; i++) {
		const gchar *name = g_ptr_array_index(shipped, i);
		g_autofree gchar *path = g_build_filename(shipped_dir, name, NULL);
		/* only what sorid would serve: its bytes are its name (an upload of
		 * the same name is the same bytes, and went already) */
		g_autoptr(GBytes) checked = sori_store_get_media(files, name, NULL);
		if (checked == NULL) {
			if (m->progress != NULL && m->progress->left_out != NULL)
				m->progress->left_out(
					path,
					"not a medium sorid serves (its name is not its SHA-256)",
					m->user_data);
		} else if (!sori_store_postgres_import_media(database, name, path, error)) {
			return FALSE;
		} else {
			summary->uploads++;
		}
		sori_store_migrate_step(m, name);
	}
	summary->tokens = g_file_test(tokens_path, G_FILE_TEST_EXISTS);
	if (summary->tokens) {
		g_autofree gchar *text = NULL;
		if (!g_file_get_contents(tokens_path, &text, NULL, error)
		    || !sori_store_postgres_import_tokens(database, text, error))
			return FALSE;
	}
	sori_store_migrate_step(m, "tokens");
	return TRUE;
}

/* checked: every live catalogue of @venues the same on both sides */
static gboolean
sori_store_migrate_check(SoriStore *files, SoriStore *database, GPtrArray *venues,
			 gboolean must_exist, const gchar *where, GError **error)
{
	for (guint i = 0; i < venues->len; i++) {
		const gchar *venue = g_ptr_array_index(venues, i);
		g_autoptr(GBytes) here
			= sori_store_get_catalogue(files, venue, must_exist ? error : NULL);
		g_autoptr(GBytes) there = NULL;
		if (here == NULL && must_exist)
			return FALSE;
		if (here == NULL)
			continue;
		there = sori_store_get_catalogue(database, venue, error);
		if (there == NULL)
			return FALSE;
		if (!g_bytes_equal(here, there)) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "venue %s differs %s",
				    venue, where);
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean
sori_store_migrate_to_database(SoriStoreMigrate *m, const gchar *data_dir, const gchar *spec,
			       SoriStoreMigrateSummary *summary, GError **error)
{
	g_autoptr(SoriStore) files = sori_store_files_new(data_dir, G_MAXUINT);
	g_autoptr(SoriStorePostgres) database = NULL;
	g_autoptr(GPtrArray) venues = sori_store_migrate_files_venues(data_dir, error);

	if (venues == NULL)
		return FALSE;
	database = sori_store_postgres_new(spec + strlen("postgresql:"), NULL, G_MAXUINT, error);
	if (database == NULL
	    || !sori_store_migrate_venues_in(m, files, database, venues, summary, error)
	    || !sori_store_migrate_summaries_in(m, files, database, data_dir, venues, error)
	    || !sori_store_migrate_media_in(m, files, database, data_dir, summary, error))
		return FALSE;
	summary->venues = venues->len;
	/* and every live catalogue the same, byte for byte */
	return sori_store_migrate_check(files, SORI_STORE(database), venues, FALSE,
					"in the database; nothing was removed", error);
}

static gboolean
sori_store_migrate_write_file(const gchar *path, GBytes *bytes, gint mode, GError **error)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    dir, g_strerror(errno));
		return FALSE;
	}
	return sori_file_replace(path, g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), mode,
				 error);
}

static gint
sori_store_migrate_compare_entries(gconstpointer a, gconstpointer b)
{
	JsonObject *x = *(JsonObject *const *) a;
	JsonObject *y = *(JsonObject *const *) b;
	return g_strcmp0(json_object_get_string_member_with_default(x, "time", ""),
			 json_object_get_string_member_with_default(y, "time", ""));
}

/* one venue out of the database: its revisions not there yet, its live catalogue */
static gboolean
sori_store_migrate_venue_out(SoriStoreMigrate *m, SoriStore *database, const gchar *state,
			     const gchar *data_dir, const gchar *venue, const gchar *live_id,
			     SoriStoreMigrateSummary *summary, GError **error)
{
	g_autoptr(GPtrArray) ids = sori_store_list_revisions(database, venue);

	for (guint j = 0; j < ids->len; j++) {
		const gchar *id = g_ptr_array_index(ids, j);
		g_autofree gchar *name = g_strconcat(id, ".json", NULL);
		g_autofree gchar *path = g_build_filename(state, "revisions", venue, name, NULL);
		if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
			g_autoptr(GBytes) document
				= sori_store_get_revision(database, venue, id, error);
			if (document == NULL
			    || !sori_store_migrate_write_file(path, document, 0640, error))
				return FALSE;
			m->bytes += g_bytes_get_size(document);
		}
		summary->revisions++;
	}
	if (live_id != NULL) {
		g_autofree gchar *name = g_strconcat(venue, ".json", NULL);
		g_autofree gchar *path = g_build_filename(data_dir, name, NULL);
		g_autoptr(GBytes) document
			= sori_store_get_revision(database, venue, live_id, error);
		if (document == NULL || !sori_store_migrate_write_file(path, document, 0644, error))
			return FALSE;
	}
	return TRUE;
}

/* the audit log whole, oldest first, as sorid appends it */
static gboolean
sori_store_migrate_audit_out(SoriStore *database, GPtrArray *venues, const gchar *state,
			     GError **error)
{
	g_autoptr(GPtrArray) audit
		= g_ptr_array_new_with_free_func((GDestroyNotify) json_object_unref);
	g_autoptr(GString) log = g_string_new(NULL);
	g_autofree gchar *path = g_build_filename(state, "audit.log", NULL);

	for (guint i = 0; i < venues->len; i++) {
		g_autoptr(GPtrArray) entries
			= sori_store_list_audit(database, g_ptr_array_index(venues, i), G_MAXUINT);
		for (guint j = 0; j < entries->len; j++)
			g_ptr_array_add(audit, json_object_ref(g_ptr_array_index(entries, j)));
	}
	g_ptr_array_sort(audit, sori_store_migrate_compare_entries);
	for (guint i = 0; i < audit->len; i++) {
		g_autoptr(JsonNode) node
			= json_node_init_object(json_node_alloc(), g_ptr_array_index(audit, i));
		g_autofree gchar *line = json_to_string(node, FALSE);
		g_string_append_printf(log, "%s\n", line);
	}
	return sori_file_replace(path, (const guint8 *) log->str, log->len, 0640, error);
}

/* the uploads not there yet, and the tokens */
static gboolean
sori_store_migrate_media_out(SoriStoreMigrate *m, SoriStorePostgres *database, GPtrArray *media,
			     const gchar *state, GError **error)
{
	g_autofree gchar *media_dir = g_build_filename(state, "media", NULL);
	g_autofree gchar *text = NULL;
	g_autofree gchar *path = g_build_filename(state, "tokens.json", NULL);

	sori_store_migrate_stage(m, "uploads", media->len + 1);
	for (guint i = 0; i < media->len; i++) {
		const gchar *name = g_ptr_array_index(media, i);
		g_autofree gchar *file = g_build_filename(media_dir, name, NULL);
		if (!g_file_test(file, G_FILE_TEST_EXISTS)
		    && !sori_store_postgres_export_media(database, name, file, error))
			return FALSE;
		m->bytes += sori_store_migrate_file_size(file);
		sori_store_migrate_step(m, name);
	}
	text = sori_tokens_to_data(sori_store_postgres_get_tokens(database));
	if (!sori_file_replace(path, (const guint8 *) text, strlen(text), 0600, error))
		return FALSE;
	sori_store_migrate_step(m, "tokens");
	return TRUE;
}

static gboolean
sori_store_migrate_to_files(SoriStoreMigrate *m, const gchar *spec, const gchar *data_dir,
			    SoriStoreMigrateSummary *summary, GError **error)
{
	g_autofree gchar *state = sori_store_files_state_dir(data_dir);
	g_autofree gchar *media_dir = g_build_filename(state, "media", NULL);
	g_autoptr(SoriStorePostgres) database = sori_store_postgres_new(
		spec + strlen("postgresql:"), media_dir, G_MAXUINT, error);
	g_autoptr(GPtrArray) venues = NULL;
	g_autoptr(GHashTable) live = NULL;
	g_autoptr(GPtrArray) media = NULL;
	g_autoptr(GPtrArray) live_venues = g_ptr_array_new();
	g_autoptr(SoriStore) files = NULL;

	if (database == NULL)
		return FALSE;
	venues = sori_store_postgres_list_venues(database, error);
	live = venues != NULL ? sori_store_postgres_list_live(database, error) : NULL;
	media = live != NULL ? sori_store_postgres_list_media(database, error) : NULL;
	if (media == NULL)
		return FALSE;
	if (g_mkdir_with_parents(state, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    state, g_strerror(errno));
		return FALSE;
	}
	sori_store_migrate_stage(m, "venues", venues->len);
	for (guint i = 0; i < venues->len; i++) {
		const gchar *venue = g_ptr_array_index(venues, i);
		const gchar *live_id = g_hash_table_lookup(live, venue);
		if (!sori_store_migrate_venue_out(m, SORI_STORE(database), state, data_dir, venue,
						  live_id, summary, error))
			return FALSE;
		if (live_id != NULL)
			g_ptr_array_add(live_venues, (gpointer) venue);
		sori_store_migrate_step(m, venue);
	}
	if (!sori_store_migrate_audit_out(SORI_STORE(database), venues, state, error)
	    || !sori_store_migrate_media_out(m, database, media, state, error))
		return FALSE;
	summary->venues = venues->len;
	summary->live = g_hash_table_size(live);
	summary->uploads = media->len;
	summary->tokens = TRUE;
	/* and every live catalogue the same, byte for byte */
	files = sori_store_files_new(data_dir, G_MAXUINT);
	{
		g_autofree gchar *where = g_strdup_printf("in %s", data_dir);
		return sori_store_migrate_check(files, SORI_STORE(database), live_venues, TRUE,
						where, error);
	}
}

/**
 * sori_store_migrate:
 * @from: a data directory, or `postgresql:CONNINFO`
 * @to: `postgresql:CONNINFO`, or a data directory (made if need be)
 * @progress: (nullable): told as it goes
 * @summary: (out caller-allocates): what was copied
 *
 * Copies a files data directory into PostgreSQL, or PostgreSQL into a data
 * directory: every venue's revisions with their ids, its live revision, the
 * audit log, the tokens and the uploads. Into PostgreSQL, the venues go 50
 * to a transaction: a venue that cannot be copied is named in @error, its
 * batch undone, the venues before it kept whole. What was copied before is
 * left as it is, so that it can be run again after it stopped. The source
 * is never changed.
 *
 * Returns: %FALSE with @error when something could not be copied, or when
 *	a live catalogue differs on both sides at the end (%G_IO_ERROR_FAILED)
 */
gboolean
sori_store_migrate(const gchar *from, const gchar *to, const SoriStoreMigrateProgress *progress,
		   gpointer user_data, SoriStoreMigrateSummary *summary, GError **error)
{
	SoriStoreMigrate m = { progress, user_data, 0 };
	gboolean from_database;

	g_return_val_if_fail(from != NULL && to != NULL, FALSE);
	g_return_val_if_fail(summary != NULL, FALSE);
	memset(summary, 0, sizeof(*summary));
	from_database = g_str_has_prefix(from, "postgresql:");
	if (from_database == g_str_has_prefix(to, "postgresql:")) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
				    "migrate copies a data directory into postgresql:CONNINFO, "
				    "or back");
		return FALSE;
	}
	return from_database ? sori_store_migrate_to_files(&m, from, to, summary, error)
			     : sori_store_migrate_to_database(&m, from, to, summary, error);
}
