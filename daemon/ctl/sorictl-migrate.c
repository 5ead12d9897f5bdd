/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl migrate: a files data directory into PostgreSQL, or back. Every
 * revision keeps its id, every venue its live revision, the audit log its
 * entries, the tokens their hashes, the uploads their bytes. It can be run
 * again after it stopped (what is there is left as it is), shows its
 * progress, and checks at the end that every live catalogue and upload is
 * the same, byte for byte, on both sides.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sori-file.h"
#include "sori-store-files.h"
#include "sori-store-postgres-private.h"
#include "sorictl-common.h"
#include "sorictl-migrate.h"

static gint
sorictl_compare_strings(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *) a, *(const gchar *const *) b);
}

typedef struct {
	guint done;
	guint total;
	gboolean tty;
	gint64 last_line;
	gint64 started;
	guint64 bytes;     /* copied so far */
	const gchar *unit; /* what is counted: "venues", "uploads" */
} Progress;

/* how many venues go in one transaction: a commit a few seconds apart, at most */
#define MIGRATE_BATCH 50

static void
progress_start(Progress *p, const gchar *unit, guint total)
{
	p->done = 0;
	p->total = total;
	p->unit = unit;
	p->started = g_get_monotonic_time();
	p->last_line = p->started;
	p->bytes = 0;
}

/* a bar on a terminal, redrawn at most ten times a second; a line every few
 * seconds elsewhere (a log, a CI job): done / total, MB, the rate, what is left */
static void
progress_step(Progress *p, const gchar *what)
{
	gint64 now = g_get_monotonic_time();
	gdouble elapsed = MAX((gdouble) (now - p->started) / G_USEC_PER_SEC, 1e-3);
	gdouble rate;
	guint width = 24;
	guint filled;
	g_autofree gchar *eta = NULL;

	p->done++;
	rate = p->done / elapsed;
	if (p->done < p->total && now - p->last_line < (p->tty ? 100 : 2000) * 1000)
		return;
	p->last_line = now;
	eta = p->done < p->total && rate > 0
		      ? g_strdup_printf("%.0f s left", (p->total - p->done) / rate)
		      : g_strdup_printf("%.1f s", elapsed);
	filled = p->total > 0 ? p->done * width / p->total : width;
	if (p->tty) {
		g_autofree gchar *bar = g_strnfill(filled, '#');
		g_autofree gchar *rest = g_strnfill(width - filled, ' ');
		fprintf(stderr, "\r\033[K[%s%s] %u/%u %s, %.1f MB, %.1f/s, %s  %.30s", bar, rest,
			p->done, p->total, p->unit, p->bytes / 1e6, rate, eta, what);
		if (p->done == p->total)
			fprintf(stderr, "\n");
		fflush(stderr);
		return;
	}
	fprintf(stderr, "%u/%u %s, %.1f MB, %.1f/s, %s (%s)\n", p->done, p->total, p->unit,
		p->bytes / 1e6, rate, eta, what);
}

static gint
migrate_fail(GError *error)
{
	fprintf(stderr, "%s%s: %s\n", isatty(STDERR_FILENO) ? "\n" : "", g_get_prgname(),
		error->message);
	return SORICTL_EXIT_PROBLEM;
}

/* BEGIN, COMMIT or ROLLBACK on the store's own connection, where the copies go */
static gboolean
migrate_transaction(SoriStorePostgres *database, const gchar *what, GError **error)
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
static gint
migrate_fail_venue(SoriStorePostgres *database, const gchar *venue, guint kept, GError *error)
{
	g_autoptr(GError) ignored = NULL;
	migrate_transaction(database, "ROLLBACK", &ignored);
	fprintf(stderr,
		"%s%s: venue %s: %s\n%u venues before it are copied whole, nothing of the others "
		"is; run it again to go on\n",
		isatty(STDERR_FILENO) ? "\n" : "", g_get_prgname(), venue, error->message, kept);
	return SORICTL_EXIT_PROBLEM;
}

/* the venues of a files data directory: live catalogues and revisions' folders */
static GPtrArray *
files_venues(const gchar *data_dir, GError **error)
{
	g_autofree gchar *revisions = g_build_filename(data_dir, ".sori", "revisions", NULL);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GDir) dir = g_dir_open(data_dir, 0, error);
	g_autoptr(GDir) rdir = NULL;
	GPtrArray *venues = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	if (dir == NULL) {
		g_ptr_array_unref(venues);
		return NULL;
	}
	while ((name = g_dir_read_name(dir)) != NULL) {
		if (g_str_has_suffix(name, ".json") && name[0] != '.')
			g_hash_table_add(seen, g_strndup(name, strlen(name) - strlen(".json")));
	}
	rdir = g_dir_open(revisions, 0, NULL);
	while (rdir != NULL && (name = g_dir_read_name(rdir)) != NULL)
		g_hash_table_add(seen, g_strdup(name));
	{
		GHashTableIter iter;
		gpointer key;
		g_hash_table_iter_init(&iter, seen);
		while (g_hash_table_iter_next(&iter, &key, NULL))
			g_ptr_array_add(venues, g_strdup(key));
	}
	g_ptr_array_sort(venues, sorictl_compare_strings);
	return venues;
}

static guint64
sori_migrate_file_size(const gchar *path)
{
	GStatBuf st;
	return g_stat(path, &st) == 0 ? (guint64) st.st_size : 0;
}

static GPtrArray *
dir_files(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		/* a writer's temporary file is not an upload */
		if (name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	}
	g_ptr_array_sort(names, sorictl_compare_strings);
	return names;
}

/* one venue into the database: its revisions, its live one, its audit log */
static gboolean
migrate_venue_in(SoriStore *files, SoriStorePostgres *database, const gchar *venue, GPtrArray *ids,
		 guint *n_revisions, guint *n_live, guint64 *bytes, GError **error)
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
		(*n_revisions)++;
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
			(*n_revisions)++;
		}
		if (!sori_store_postgres_import_live(database, venue, live_id, error))
			return FALSE;
		(*n_live)++;
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

/* every venue, MIGRATE_BATCH to a transaction: a venue is copied whole or not at all */
static gint
migrate_venues_in(SoriStore *files, SoriStorePostgres *database, GPtrArray *venues,
		  Progress *progress, guint *n_revisions, guint *n_live)
{
	g_autoptr(GError) error = NULL;

	progress_start(progress, "venues", venues->len);
	for (guint i = 0; i < venues->len; i++) {
		const gchar *venue = g_ptr_array_index(venues, i);
		g_autoptr(GPtrArray) ids = sori_store_list_revisions(files, venue);

		if (i % MIGRATE_BATCH == 0 && !migrate_transaction(database, "BEGIN", &error))
			return migrate_fail_venue(database, venue, i - i % MIGRATE_BATCH, error);
		if (!migrate_venue_in(files, database, venue, ids, n_revisions, n_live,
				      &progress->bytes, &error))
			return migrate_fail_venue(database, venue, i - i % MIGRATE_BATCH, error);
		if ((i % MIGRATE_BATCH == MIGRATE_BATCH - 1 || i == venues->len - 1)
		    && !migrate_transaction(database, "COMMIT", &error))
			return migrate_fail_venue(database, venue, i - i % MIGRATE_BATCH, error);
		progress_step(progress, venue);
	}
	return EXIT_SUCCESS;
}

static gint
migrate_to_database(const gchar *data_dir, const gchar *conninfo)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriStore) files = sori_store_files_new(data_dir, G_MAXUINT);
	g_autoptr(SoriStorePostgres) database = NULL;
	g_autoptr(GPtrArray) venues = files_venues(data_dir, &error);
	g_autofree gchar *state = sori_store_files_state_dir(data_dir);
	g_autofree gchar *media_dir = g_build_filename(state, "media", NULL);
	g_autofree gchar *tokens_path = g_build_filename(state, "tokens.json", NULL);
	g_autoptr(GPtrArray) media = dir_files(media_dir);
	/* and those shipped beside the catalogues (the samples' pictures) */
	g_autofree gchar *shipped_dir = g_build_filename(data_dir, "media", NULL);
	g_autoptr(GPtrArray) shipped = dir_files(shipped_dir);
	Progress progress = { 0, 0, isatty(STDERR_FILENO), 0, 0, 0, NULL };
	guint n_revisions = 0;
	guint n_live = 0;
	guint n_shipped = 0;
	gint status;

	if (venues == NULL)
		return migrate_fail(error);
	database = sori_store_postgres_new(conninfo, NULL, G_MAXUINT, &error);
	if (database == NULL)
		return migrate_fail(error);
	status = migrate_venues_in(files, database, venues, &progress, &n_revisions, &n_live);
	if (status != EXIT_SUCCESS)
		return status;
	progress_start(&progress, "uploads", media->len + shipped->len + 1);
	for (guint i = 0; i < media->len; i++) {
		const gchar *name = g_ptr_array_index(media, i);
		g_autofree gchar *path = g_build_filename(media_dir, name, NULL);
		if (!sori_store_postgres_import_media(database, name, path, &error))
			return migrate_fail(error);
		progress.bytes += sori_migrate_file_size(path);
		progress_step(&progress, name);
	}
	for (guint i = 0; i < shipped->len; i++) {
		const gchar *name = g_ptr_array_index(shipped, i);
		g_autofree gchar *path = g_build_filename(shipped_dir, name, NULL);
		/* only what sorid would serve: its bytes are its name (an upload of
		 * the same name is the same bytes, and went already) */
		g_autoptr(GBytes) checked = sori_store_get_media(files, name, NULL);
		if (checked == NULL) {
			fprintf(stderr,
				"%s: %s: not a medium sorid serves (its name is not its SHA-256); "
				"left out\n",
				g_get_prgname(), path);
		} else if (!sori_store_postgres_import_media(database, name, path, &error)) {
			return migrate_fail(error);
		} else {
			n_shipped++;
		}
		progress_step(&progress, name);
	}
	if (g_file_test(tokens_path, G_FILE_TEST_EXISTS)) {
		g_autofree gchar *text = NULL;
		if (!g_file_get_contents(tokens_path, &text, NULL, &error)
		    || !sori_store_postgres_import_tokens(database, text, &error))
			return migrate_fail(error);
	}
	progress_step(&progress, "tokens");

	/* checked: every live catalogue and upload the same on both sides */
	for (guint i = 0; i < venues->len; i++) {
		const gchar *venue = g_ptr_array_index(venues, i);
		g_autoptr(GBytes) here = sori_store_get_catalogue(files, venue, NULL);
		g_autoptr(GBytes) there = NULL;
		if (here == NULL)
			continue;
		there = sori_store_get_catalogue(SORI_STORE(database), venue, &error);
		if (there == NULL)
			return migrate_fail(error);
		if (!g_bytes_equal(here, there)) {
			fprintf(stderr,
				"%s: venue %s differs in the database; nothing was removed\n",
				g_get_prgname(), venue);
			return SORICTL_EXIT_PROBLEM;
		}
	}
	printf("copied %u venues (%u live), %u revisions, %u uploads%s into PostgreSQL; "
	       "checked\n",
	       venues->len, n_live, n_revisions, media->len + n_shipped,
	       g_file_test(tokens_path, G_FILE_TEST_EXISTS) ? " and the tokens" : "");
	return EXIT_SUCCESS;
}

static gboolean
write_file(const gchar *path, GBytes *bytes, gint mode, GError **error)
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
sorictl_compare_entries_cb(gconstpointer a, gconstpointer b)
{
	JsonObject *x = *(JsonObject *const *) a;
	JsonObject *y = *(JsonObject *const *) b;
	return g_strcmp0(json_object_get_string_member_with_default(x, "time", ""),
			 json_object_get_string_member_with_default(y, "time", ""));
}

static gint
migrate_to_files(const gchar *conninfo, const gchar *data_dir)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *state = sori_store_files_state_dir(data_dir);
	g_autofree gchar *media_dir = g_build_filename(state, "media", NULL);
	g_autoptr(SoriStorePostgres) database
		= sori_store_postgres_new(conninfo, media_dir, G_MAXUINT, &error);
	g_autoptr(GPtrArray) venues = NULL;
	g_autoptr(GHashTable) live = NULL;
	g_autoptr(GPtrArray) media = NULL;
	g_autoptr(GPtrArray) revisions_of
		= g_ptr_array_new_with_free_func((GDestroyNotify) g_ptr_array_unref);
	g_autoptr(GPtrArray) audit
		= g_ptr_array_new_with_free_func((GDestroyNotify) json_object_unref);
	g_autoptr(GString) log = g_string_new(NULL);
	Progress progress = { 0, 0, isatty(STDERR_FILENO), 0, 0, 0, NULL };
	guint n_revisions = 0;

	if (database == NULL)
		return migrate_fail(error);
	venues = sori_store_postgres_list_venues(database, &error);
	live = venues != NULL ? sori_store_postgres_list_live(database, &error) : NULL;
	media = live != NULL ? sori_store_postgres_list_media(database, &error) : NULL;
	if (media == NULL)
		return migrate_fail(error);
	if (g_mkdir_with_parents(state, 0750) != 0) {
		g_set_error(&error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    state, g_strerror(errno));
		return migrate_fail(error);
	}
	for (guint i = 0; i < venues->len; i++) {
		GPtrArray *ids = sori_store_list_revisions(SORI_STORE(database),
							   g_ptr_array_index(venues, i));
		g_ptr_array_add(revisions_of, ids);
	}
	progress_start(&progress, "venues", venues->len);

	for (guint i = 0; i < venues->len; i++) {
		const gchar *venue = g_ptr_array_index(venues, i);
		GPtrArray *ids = g_ptr_array_index(revisions_of, i);
		const gchar *live_id = g_hash_table_lookup(live, venue);
		g_autoptr(GPtrArray) entries = NULL;

		for (guint j = 0; j < ids->len; j++) {
			const gchar *id = g_ptr_array_index(ids, j);
			g_autofree gchar *name = g_strconcat(id, ".json", NULL);
			g_autofree gchar *path
				= g_build_filename(state, "revisions", venue, name, NULL);
			g_autoptr(GBytes) document = NULL;
			if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
				document = sori_store_get_revision(SORI_STORE(database), venue, id,
								   &error);
				if (document == NULL || !write_file(path, document, 0640, &error))
					return migrate_fail(error);
				progress.bytes += g_bytes_get_size(document);
			}
			n_revisions++;
		}
		if (live_id != NULL) {
			g_autofree gchar *name = g_strconcat(venue, ".json", NULL);
			g_autofree gchar *path = g_build_filename(data_dir, name, NULL);
			g_autoptr(GBytes) document = sori_store_get_revision(
				SORI_STORE(database), venue, live_id, &error);
			if (document == NULL || !write_file(path, document, 0644, &error))
				return migrate_fail(error);
		}
		entries = sori_store_list_audit(SORI_STORE(database), venue, G_MAXUINT);
		for (guint j = 0; j < entries->len; j++)
			g_ptr_array_add(audit, json_object_ref(g_ptr_array_index(entries, j)));
		progress_step(&progress, venue);
	}
	/* the audit log whole, oldest first, as sorid appends it */
	g_ptr_array_sort(audit, sorictl_compare_entries_cb);
	for (guint i = 0; i < audit->len; i++) {
		g_autoptr(JsonNode) node
			= json_node_init_object(json_node_alloc(), g_ptr_array_index(audit, i));
		g_autofree gchar *line = json_to_string(node, FALSE);
		g_string_append_printf(log, "%s\n", line);
	}
	{
		g_autofree gchar *path = g_build_filename(state, "audit.log", NULL);
		if (!sori_file_replace(path, (const guint8 *) log->str, log->len, 0640, &error))
			return migrate_fail(error);
	}
	progress_start(&progress, "uploads", media->len + 1);
	for (guint i = 0; i < media->len; i++) {
		const gchar *name = g_ptr_array_index(media, i);
		g_autofree gchar *path = g_build_filename(media_dir, name, NULL);
		if (!g_file_test(path, G_FILE_TEST_EXISTS)
		    && !sori_store_postgres_export_media(database, name, path, &error))
			return migrate_fail(error);
		progress.bytes += sori_migrate_file_size(path);
		progress_step(&progress, name);
	}
	{
		g_autofree gchar *text
			= sori_tokens_to_data(sori_store_postgres_get_tokens(database));
		g_autofree gchar *path = g_build_filename(state, "tokens.json", NULL);
		if (!sori_file_replace(path, (const guint8 *) text, strlen(text), 0600, &error))
			return migrate_fail(error);
	}
	progress_step(&progress, "tokens");

	/* checked: every live catalogue the same, byte for byte */
	{
		g_autoptr(SoriStore) files = sori_store_files_new(data_dir, G_MAXUINT);
		GHashTableIter iter;
		gpointer venue;
		gpointer live_id;
		g_hash_table_iter_init(&iter, live);
		while (g_hash_table_iter_next(&iter, &venue, &live_id)) {
			g_autoptr(GBytes) here = sori_store_get_catalogue(files, venue, &error);
			g_autoptr(GBytes) there = NULL;
			if (here == NULL)
				return migrate_fail(error);
			there = sori_store_get_catalogue(SORI_STORE(database), venue, &error);
			if (there == NULL)
				return migrate_fail(error);
			if (!g_bytes_equal(here, there)) {
				fprintf(stderr, "%s: venue %s differs in %s\n", g_get_prgname(),
					(const gchar *) venue, data_dir);
				return SORICTL_EXIT_PROBLEM;
			}
		}
	}
	printf("copied %u venues (%u live), %u revisions, %u uploads and the tokens into %s; "
	       "checked\n",
	       venues->len, g_hash_table_size(live), n_revisions, media->len, data_dir);
	return EXIT_SUCCESS;
}

/**
 * sorictl_migrate_run:
 *
 * sorictl migrate --data-dir DIR --to postgresql:CONNINFO, or
 * sorictl migrate --from postgresql:CONNINFO --data-dir DIR
 */
gint
sorictl_migrate_run(gint argc, gchar **argv)
{
	g_autofree gchar *data_dir = NULL;
	g_autofree gchar *to = NULL;
	g_autofree gchar *from = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("");
	g_autoptr(GError) error = NULL;
	const GOptionEntry entries[] = {
		{ "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
		  "the files store: sorid's data directory", "DIR" },
		{ "to", 't', 0, G_OPTION_ARG_STRING, &to,
		  "copy DIR into this PostgreSQL store (postgresql:CONNINFO)", "STORE" },
		{ "from", 'f', 0, G_OPTION_ARG_STRING, &from, "copy this PostgreSQL store into DIR",
		  "STORE" },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"Copies a files data directory into PostgreSQL (--to), or PostgreSQL into a data\n"
		"directory (--from): every venue's revisions with their ids, its live revision, "
		"the\n"
		"audit log, the tokens and the uploads. Stop sorid, or at least the curators'\n"
		"changes, while it runs. It can be run again after it stopped: what was copied is\n"
		"left as it is. At the end it checks that every live catalogue is the same, byte\n"
		"for byte, on both sides. The source is never changed.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 1)
		return sorictl_usage_error("migrate takes options only");
	if (data_dir == NULL || (to == NULL) == (from == NULL))
		return sorictl_usage_error("give --data-dir and one of --to or --from");
	if (!g_str_has_prefix(to != NULL ? to : from, "postgresql:"))
		return sorictl_usage_error("--to and --from: postgresql:CONNINFO");
	if (to != NULL)
		return migrate_to_database(data_dir, to + strlen("postgresql:"));
	return migrate_to_files(from + strlen("postgresql:"), data_dir);
}
