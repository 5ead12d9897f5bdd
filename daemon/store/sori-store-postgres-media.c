/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PostgreSQL store's media: uploads kept in the database in chunks (by a
 * thread of its own for an upload), a copy of each on this node's disk.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sori-file.h"
#include "sori-metrics.h"
#include "sori-problem.h"
#include "sori-store-postgres-private.h"
#include "sori-tokens.h"

/* uploads are written and read in chunks of this size */
#define MEDIA_CHUNK (1024 * 1024)
/* ---- media: chunks in the database, a copy on this node's disk ---- */

static gchar *
sori_store_postgres_media_path(SoriStorePostgres *self, const gchar *name)
{
	return g_build_filename(self->media_dir, name, NULL);
}

static gboolean sori_store_postgres_keep_media_on(PGconn *conn, const gchar *name,
						  const gchar *path, GCancellable *cancellable,
						  GError **error);

/* the upload at @path kept in the database, on this thread (sorictl, and no server) */
gboolean
sori_store_postgres_put_file(SoriStorePostgres *self, const gchar *name, const gchar *path,
			     GError **error)
{
	PGconn *conn;
	gboolean ok;

	if (!sori_store_postgres_may_write(self, error))
		return FALSE;
	conn = sori_store_postgres_get_conn(self, error);
	if (conn == NULL)
		return FALSE;
	ok = sori_store_postgres_keep_media_on(conn, name, path, NULL, error);
	if (PQstatus(conn) != CONNECTION_OK)
		g_clear_pointer(&self->conn, PQfinish);
	return ok;
}

gboolean
sori_store_postgres_put_media(SoriStore *store, const gchar *name, GBytes *data, GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autofree gchar *path = sori_store_postgres_media_path(self, name);

	if (g_mkdir_with_parents(self->media_dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    self->media_dir, g_strerror(errno));
		return FALSE;
	}
	if (!g_file_test(path, G_FILE_TEST_EXISTS)
	    && !sori_file_replace(path, g_bytes_get_data(data, NULL), g_bytes_get_size(data), 0644,
				  error))
		return FALSE;
	return sori_store_postgres_put_file(self, name, path, error);
}

/* ---- an upload kept in the database by a thread of its own ---- */

/* one statement on @conn, its failure as a GError */
gboolean
sori_store_postgres_thread_exec(PGconn *conn, const gchar *sql, gint n_params,
				const gchar *const *values, const gint *lengths,
				const gint *formats, const gchar *what, GError **error)
{
	g_autoptr(PGresult) res
		= PQexecParams(conn, sql, n_params, NULL, values, lengths, formats, 0);

	if (PQresultStatus(res) == PGRES_COMMAND_OK)
		return TRUE;
	if (PQstatus(conn) != CONNECTION_OK)
		return sori_store_postgres_unavailable(error, conn);
	sori_store_postgres_fail_result(error, res, what);
	return FALSE;
}

typedef struct {
	gchar *conninfo;
	gchar *name;
	gchar *path;
} SoriStorePostgresKeep;

static void
sori_store_postgres_keep_free(SoriStorePostgresKeep *keep)
{
	g_free(keep->conninfo);
	g_free(keep->name);
	g_free(keep->path);
	g_free(keep);
}

/* in a thread, on a connection of its own: a large upload's chunks never hold the main loop */
/*
 * the upload at @path kept in the database as @name on @conn, one
 * transaction, chunk by chunk; content-addressed, so one that is there already
 * is this very file
 */
static gboolean
sori_store_postgres_keep_media_on(PGconn *conn, const gchar *name, const gchar *path,
				  GCancellable *cancellable, GError **error)
{
	g_autoptr(GMappedFile) mapped = g_mapped_file_new(path, FALSE, error);
	g_autofree gchar *size_text = NULL;
	g_autoptr(PGresult) res = NULL;
	const gchar *data;
	gsize size;

	if (mapped == NULL)
		return FALSE;
	data = g_mapped_file_get_contents(mapped);
	size = g_mapped_file_get_length(mapped);
	size_text = g_strdup_printf("%" G_GSIZE_FORMAT, size);
	if (!sori_store_postgres_thread_exec(conn, "BEGIN", 0, NULL, NULL, NULL,
					     "keeping the upload", error))
		return FALSE;
	{
		const gchar *params[] = { name, size_text };
		res = PQexecParams(conn,
				   "INSERT INTO sori_media (name, size) VALUES ($1, $2::bigint)"
				   " ON CONFLICT (name) DO NOTHING",
				   2, NULL, params, NULL, NULL, 0);
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		if (PQstatus(conn) != CONNECTION_OK)
			sori_store_postgres_unavailable(error, conn);
		else
			sori_store_postgres_fail_result(error, res, "keeping the upload");
		sori_store_postgres_thread_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, "", NULL);
		return FALSE;
	}
	if (g_strcmp0(PQcmdTuples(res), "0") == 0)
		return sori_store_postgres_thread_exec(conn, "COMMIT", 0, NULL, NULL, NULL,
						       "keeping the upload", error);
	for (gsize at = 0, n = 0; at < size; at += MEDIA_CHUNK, n++) {
		g_autofree gchar *n_text = g_strdup_printf("%" G_GSIZE_FORMAT, n);
		const gchar *values[] = { name, n_text, data + at };
		const gint lengths[] = { 0, 0, (gint) MIN(MEDIA_CHUNK, size - at) };
		const gint formats[] = { 0, 0, 1 };
		if (g_cancellable_set_error_if_cancelled(cancellable, error)
		    || !sori_store_postgres_thread_exec(
			    conn,
			    "INSERT INTO sori_media_chunks (name, n, data) VALUES ($1, $2, $3)", 3,
			    values, lengths, formats, "keeping the upload", error)) {
			sori_store_postgres_thread_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, "",
							NULL);
			return FALSE;
		}
	}
	return sori_store_postgres_thread_exec(conn, "COMMIT", 0, NULL, NULL, NULL,
					       "keeping the upload", error);
}

/* in a thread, on a connection of its own: a large upload's chunks never hold the main loop */
static void
sori_store_postgres_keep_thread(GTask *task, gpointer source, gpointer task_data,
				GCancellable *cancellable)
{
	SoriStorePostgresKeep *keep = task_data;
	g_autoptr(PGconn) conn = sori_store_postgres_connect_start(keep->conninfo, TRUE);
	g_autoptr(GError) error = NULL;

	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		sori_store_postgres_unavailable(&error, conn);
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	if (!sori_store_postgres_thread_exec(conn,
					     "SET statement_timeout = '" STATEMENT_TIMEOUT "'", 0,
					     NULL, NULL, NULL, "keeping the upload", &error)
	    || !sori_store_postgres_keep_media_on(conn, keep->name, keep->path, cancellable,
						  &error)) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	g_task_return_boolean(task, TRUE);
}

/*
 * sori_store_commit_media_async(): commits @writer to this node's copy at once, then keeps the
 * upload in the database in a thread of its own, so that a large upload never holds the main loop
 * (and every visitor) while its chunks are written.
 */
void
sori_store_postgres_commit_media_async(SoriStore *store, SoriFileWriter *writer, const gchar *name,
				       GCancellable *cancellable, GAsyncReadyCallback callback,
				       gpointer user_data)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	g_autoptr(GError) error = NULL;
	SoriStorePostgresKeep *keep;
	g_autofree gchar *path = sori_store_postgres_media_path(self, name);

	if (!sori_store_postgres_may_write(self, &error)
	    || (!g_file_test(path, G_FILE_TEST_EXISTS)
		&& !sori_file_writer_commit(writer, path, &error))) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	keep = g_new0(SoriStorePostgresKeep, 1);
	keep->conninfo = g_strdup(self->conninfo);
	keep->name = g_strdup(name);
	keep->path = g_steal_pointer(&path);
	g_task_set_task_data(task, keep, (GDestroyNotify) sori_store_postgres_keep_free);
	g_task_run_in_thread(task, sori_store_postgres_keep_thread);
}

gboolean
sori_store_postgres_commit_media_finish(SoriStore *store, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, store), FALSE);
	return g_task_propagate_boolean(G_TASK(result), error);
}

/* the upload from the database into this node's copy, a chunk at a time */
gboolean
sori_store_postgres_fetch_media(SoriStorePostgres *self, const gchar *name, const gchar *path,
				GError **error)
{
	g_autoptr(SoriFileWriter) writer = NULL;
	g_autoptr(PGresult) count = NULL;
	const gchar *params[] = { name };
	gint64 n_chunks;

	count = sori_store_postgres_exec(self,
					 "SELECT count(*) FROM sori_media_chunks WHERE name = $1",
					 1, params, PGRES_TUPLES_OK, "reading the upload", error);
	if (count == NULL)
		return FALSE;
	n_chunks = g_ascii_strtoll(PQgetvalue(count, 0, 0), NULL, 10);
	if (n_chunks == 0) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_ROUTE, "no such media");
		return FALSE;
	}
	if (g_mkdir_with_parents(self->media_dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    self->media_dir, g_strerror(errno));
		return FALSE;
	}
	writer = sori_file_writer_new(self->media_dir, 0644, error);
	if (writer == NULL)
		return FALSE;
	for (gint64 n = 0; n < n_chunks; n++) {
		g_autofree gchar *n_text = g_strdup_printf("%" G_GINT64_FORMAT, n);
		const gchar *values[] = { name, n_text };
		g_autoptr(PGresult) res = PQexecParams(
			self->conn, "SELECT data FROM sori_media_chunks WHERE name = $1 AND n = $2",
			2, NULL, values, NULL, NULL, 1);
		if (!sori_store_postgres_check(self, res, PGRES_TUPLES_OK, "reading the upload",
					       error))
			return FALSE;
		if (PQntuples(res) != 1) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_STORAGE_FAILED,
				    "upload %s lacks its chunk %" G_GINT64_FORMAT, name, n);
			return FALSE;
		}
		if (!sori_file_writer_write(writer, (const guint8 *) PQgetvalue(res, 0, 0),
					    (gsize) PQgetlength(res, 0, 0), error))
			return FALSE;
	}
	return sori_file_writer_commit(writer, path, error);
}

GBytes *
sori_store_postgres_get_media(SoriStore *store, const gchar *name, GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autofree gchar *path = sori_store_postgres_media_path(self, name);
	g_autoptr(GMappedFile) mapped = NULL;
	GBytes *bytes = g_hash_table_lookup(self->media, name);

	if (bytes != NULL)
		return g_bytes_ref(bytes);
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)
	    && !sori_store_postgres_fetch_media(self, name, path, error))
		return NULL;
	mapped = g_mapped_file_new(path, FALSE, error);
	if (mapped == NULL)
		return NULL;
	bytes = g_mapped_file_get_bytes(mapped);
	if (g_hash_table_size(self->media) >= 64)
		g_hash_table_remove_all(self->media);
	g_hash_table_insert(self->media, g_strdup(name), g_bytes_ref(bytes));
	return bytes;
}

SoriFileWriter *
sori_store_postgres_begin_media(SoriStore *store, GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);

	if (!sori_store_postgres_may_write(self, error))
		return NULL;
	if (g_mkdir_with_parents(self->media_dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    self->media_dir, g_strerror(errno));
		return NULL;
	}
	return sori_file_writer_new(self->media_dir, 0644, error);
}

gboolean
sori_store_postgres_commit_media(SoriStore *store, SoriFileWriter *writer, const gchar *name,
				 GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autofree gchar *path = sori_store_postgres_media_path(self, name);

	if (!g_file_test(path, G_FILE_TEST_EXISTS) && !sori_file_writer_commit(writer, path, error))
		return FALSE;
	return sori_store_postgres_put_file(self, name, path, error);
}
