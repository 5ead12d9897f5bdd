/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store in the data directory: `<venue>.json` is the live catalogue
 * (what the venue loader reads), and `.sori/` holds the rest, hidden from
 * it: `revisions/<venue>/<id>.json`, `media/<sha256>.<ext>`, `tokens.json`.
 * Media may also ship beside the catalogues, in `<data_dir>/media/`, named
 * the same way (the sample venues' pictures are): read-only, each checked
 * against its name before it is served.
 * (mode 0600) and the append-only `audit.log`. Every file is replaced whole
 * and synced with its directory, so a crash leaves the old file or the new.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "sori-file.h"
#include "sori-json.h"
#include "sori-problem.h"
#include "sori-store-files.h"
#include "sori-tokens.h"

struct _SoriStoreFiles {
	GObject parent_instance;
	gchar *data_dir;
	gchar *state_dir;
	guint revisions_kept;
	SoriTokens *tokens;
	GHashTable *media; /* name → GBytes: one mapping of each upload, for every reader */
};

/* uploads kept mapped at once; past it the table starts again (readers keep theirs) */
#define SORI_STORE_FILES_MAPPED_MAX 64

static void sori_store_files_iface_init(SoriStoreInterface *iface);

G_DEFINE_TYPE_WITH_CODE(SoriStoreFiles, sori_store_files, G_TYPE_OBJECT,
			G_IMPLEMENT_INTERFACE(SORI_TYPE_STORE, sori_store_files_iface_init))

/**
 * sori_store_files_state_dir:
 *
 * Returns: (transfer full): `<data-dir>/.sori`, where tokens, revisions and the
 *	audit log live (hidden from the venue loader, which reads `*.json` only)
 */
gchar *
sori_store_files_state_dir(const gchar *data_dir)
{
	return g_build_filename(data_dir, ".sori", NULL);
}

/**
 * sori_store_files_get_data_dir:
 *
 * Returns: the data directory: the live catalogues, `.sori` within
 */
const gchar *
sori_store_files_get_data_dir(SoriStoreFiles *self)
{
	g_return_val_if_fail(SORI_IS_STORE_FILES(self), NULL);
	return self->data_dir;
}

/**
 * sori_store_files_tokens_path:
 *
 * Returns: (transfer full): `<data-dir>/.sori/tokens.json`
 */
gchar *
sori_store_files_tokens_path(const gchar *data_dir)
{
	return g_build_filename(data_dir, ".sori", "tokens.json", NULL);
}

static gchar *
sori_store_files_live_path(SoriStoreFiles *self, const gchar *venue)
{
	g_autofree gchar *file = g_strconcat(venue, ".json", NULL);
	return g_build_filename(self->data_dir, file, NULL);
}

static gchar *
sori_store_files_revisions_dir(SoriStoreFiles *self, const gchar *venue)
{
	return g_build_filename(self->state_dir, "revisions", venue, NULL);
}

static gchar *
sori_store_files_revision_path(SoriStoreFiles *self, const gchar *venue, const gchar *revision)
{
	g_autofree gchar *dir = sori_store_files_revisions_dir(self, venue);
	g_autofree gchar *file = g_strconcat(revision, ".json", NULL);
	return g_build_filename(dir, file, NULL);
}

/* errno as a GIO error that says what failed on which file; closes @fd */
static gboolean
sori_store_files_fail(GError **error, const gchar *what, const gchar *path, gint fd)
{
	gint saved = errno;
	g_set_error(error, G_IO_ERROR, g_io_error_from_errno(saved), "%s %s: %s", what, path,
		    g_strerror(saved));
	if (fd >= 0)
		close(fd);
	return FALSE;
}

static gboolean
sori_store_files_sync_dir(const gchar *dir, GError **error)
{
	gint fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		return sori_store_files_fail(error, "syncing", dir, fd);
	close(fd);
	return TRUE;
}

/* the file at @path is the old content or @data, whole, whatever happens */
static gboolean
sori_store_files_write(const gchar *path, GBytes *data, gint mode, GError **error)
{
	gsize len = 0;
	const guint8 *bytes = g_bytes_get_data(data, &len);
	return sori_file_replace(path, bytes, len, mode, error);
}

static GBytes *
sori_store_files_map(const gchar *path, GError **error)
{
	g_autoptr(GMappedFile) mapped = g_mapped_file_new(path, FALSE, error);
	if (mapped == NULL)
		return NULL;
	return g_mapped_file_get_bytes(mapped);
}

static GBytes *
sori_store_files_get_catalogue(SoriStore *store, const gchar *venue, GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *path = sori_store_files_live_path(self, venue);
	g_autoptr(GError) local_error = NULL;
	GBytes *bytes = sori_store_files_map(path, &local_error);

	if (bytes != NULL)
		return bytes;
	if (g_error_matches(local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE,
			    "there is no venue '%s'", venue);
	else
		g_propagate_error(error, g_steal_pointer(&local_error));
	return NULL;
}

static gint
sori_store_files_compare_newest_first(gconstpointer a, gconstpointer b)
{
	return -g_strcmp0(*(const gchar *const *) a, *(const gchar *const *) b);
}

static GPtrArray *
sori_store_files_list_revisions(SoriStore *store, const gchar *venue)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *dir = sori_store_files_revisions_dir(self, venue);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		if (g_str_has_suffix(name, ".json")
		    && strlen(name) == SORI_STORE_REVISION_ID_LEN + strlen(".json"))
			g_ptr_array_add(ids, g_strndup(name, SORI_STORE_REVISION_ID_LEN));
	}
	g_ptr_array_sort(ids, sori_store_files_compare_newest_first);
	return ids;
}

static gboolean sori_store_files_append_audit(SoriStore *store, const gchar *who,
					      const gchar *venue, const gchar *action,
					      const gchar *revision, GError **error);

/* the audit log after the change: a log that cannot be written is logged */
static void
sori_store_files_audit(SoriStore *store, const gchar *who, const gchar *venue, const gchar *action,
		       const gchar *revision)
{
	g_autoptr(GError) error = NULL;
	if (!sori_store_files_append_audit(store, who, venue, action, revision, &error))
		g_warning("the audit log: %s", error->message);
}

static gboolean
sori_store_files_publish(SoriStore *store, const gchar *venue, GBytes *document,
			 const gchar *digest, const gchar *who, const gchar *action,
			 gchar **revision, GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autoptr(GPtrArray) ids = sori_store_files_list_revisions(store, venue);
	const gchar *existing = sori_store_find_revision(ids, digest);
	g_autofree gchar *id = NULL;
	g_autofree gchar *revision_path = NULL;
	g_autofree gchar *live_path = sori_store_files_live_path(self, venue);

	if (existing != NULL) {
		id = g_strdup(existing);
	} else {
		g_autoptr(GDateTime) now = g_date_time_new_now_utc();
		g_autofree gchar *stamp = g_date_time_format(now, "%Y%m%dT%H%M%SZ");
		id = g_strdup_printf("%s-%.12s", stamp, digest);
	}
	revision_path = sori_store_files_revision_path(self, venue, id);
	/* first the revision, then the live file: a crash between leaves the old one live */
	if (!g_file_test(revision_path, G_FILE_TEST_EXISTS)
	    && !sori_store_files_write(revision_path, document, 0640, error))
		return FALSE;
	if (!sori_store_files_write(live_path, document, 0644, error))
		return FALSE;
	sori_store_files_audit(store, who, venue, action, id);
	*revision = g_steal_pointer(&id);
	return TRUE;
}

static gboolean
sori_store_files_delete_venue(SoriStore *store, const gchar *venue, const gchar *who,
			      GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *path = sori_store_files_live_path(self, venue);

	if (g_unlink(path) != 0) {
		if (errno != ENOENT)
			return sori_store_files_fail(error, "deleting", path, -1);
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE,
			    "there is no venue '%s'", venue);
		return FALSE;
	}
	if (!sori_store_files_sync_dir(self->data_dir, error))
		return FALSE;
	sori_store_files_audit(store, who, venue, "delete", NULL);
	return TRUE;
}

static GBytes *
sori_store_files_get_revision(SoriStore *store, const gchar *venue, const gchar *revision,
			      GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *path = NULL;
	GBytes *bytes;

	if (sori_store_revision_id_is_valid(revision)) {
		path = sori_store_files_revision_path(self, venue, revision);
		bytes = sori_store_files_map(path, NULL);
		if (bytes != NULL)
			return bytes;
	}
	g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_REVISION,
		    "venue '%s' has no revision '%s'", venue, revision);
	return NULL;
}

static void
sori_store_files_prune_revisions(SoriStore *store, const gchar *venue, const gchar *keep)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autoptr(GPtrArray) ids = sori_store_files_list_revisions(store, venue);

	for (guint i = self->revisions_kept; i < ids->len; i++) {
		const gchar *id = g_ptr_array_index(ids, i);
		g_autofree gchar *path = NULL;
		if (g_strcmp0(id, keep) == 0)
			continue;
		path = sori_store_files_revision_path(self, venue, id);
		if (g_unlink(path) != 0)
			g_message("pruning %s: %s, ignoring", path, g_strerror(errno));
	}
}

static gboolean
sori_store_files_append_audit(SoriStore *store, const gchar *who, const gchar *venue,
			      const gchar *action, const gchar *revision, GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *path = g_build_filename(self->state_dir, "audit.log", NULL);
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree gchar *stamp = g_date_time_format_iso8601(now);
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autofree gchar *json = NULL;
	g_autofree gchar *line = NULL;
	gsize len;
	gint fd;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "time");
	json_builder_add_string_value(b, stamp);
	json_builder_set_member_name(b, "token");
	json_builder_add_string_value(b, who);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "action");
	json_builder_add_string_value(b, action);
	json_builder_set_member_name(b, "revision");
	if (revision != NULL)
		json_builder_add_string_value(b, revision);
	else
		json_builder_add_null_value(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	json = json_to_string(root, FALSE);
	line = g_strconcat(json, "\n", NULL);
	len = strlen(line);
	g_mkdir_with_parents(self->state_dir, 0750);
	/* appended, never rewritten */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0 || write(fd, line, len) != (gssize) len || fsync(fd) != 0) {
		gint saved = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(saved), "writing %s: %s", path,
			    g_strerror(saved));
		if (fd >= 0)
			close(fd);
		return FALSE;
	}
	close(fd);
	return TRUE;
}

/* the audit log's tail is what a curator's history needs; a long log is not read whole */
#define SORI_STORE_FILES_AUDIT_TAIL (4 * 1024 * 1024)

static GPtrArray *
sori_store_files_list_audit(SoriStore *store, const gchar *venue, guint max_entries)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *path = g_build_filename(self->state_dir, "audit.log", NULL);
	GPtrArray *entries = g_ptr_array_new_with_free_func((GDestroyNotify) json_object_unref);
	g_autoptr(GBytes) log = sori_store_files_map(path, NULL);
	g_auto(GStrv) lines = NULL;
	g_autofree gchar *tail = NULL;
	gsize len = 0;
	const gchar *data;

	if (log == NULL)
		return entries;
	data = g_bytes_get_data(log, &len);
	if (len > SORI_STORE_FILES_AUDIT_TAIL) {
		data += len - SORI_STORE_FILES_AUDIT_TAIL;
		len = SORI_STORE_FILES_AUDIT_TAIL;
	}
	tail = g_strndup(data, len);
	lines = g_strsplit(tail, "\n", -1);
	for (guint i = g_strv_length(lines); i > 0 && entries->len < max_entries; i--) {
		g_autoptr(JsonNode) root = NULL;
		JsonObject *entry;
		JsonNode *node;
		/* the first line of a cut tail, or a torn last one, is no entry */
		root = sori_json_parse(lines[i - 1], strlen(lines[i - 1]), 8, NULL);
		if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root))
			continue;
		entry = json_node_get_object(root);
		node = json_object_get_member(entry, "venue");
		if (node != NULL && JSON_NODE_HOLDS_VALUE(node)
		    && json_node_get_value_type(node) == G_TYPE_STRING
		    && g_strcmp0(json_node_get_string(node), venue) == 0)
			g_ptr_array_add(entries, json_object_ref(entry));
	}
	return entries;
}

static gboolean
sori_store_files_put_media(SoriStore *store, const gchar *name, GBytes *data, GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *path = g_build_filename(self->state_dir, "media", name, NULL);

	/* content-addressed: what is there already is this very file */
	if (g_file_test(path, G_FILE_TEST_EXISTS))
		return TRUE;
	return sori_store_files_write(path, data, 0644, error);
}

/* media shipped beside the catalogues: served only when its bytes are its name */
static GBytes *
sori_store_files_map_shipped(SoriStoreFiles *self, const gchar *name)
{
	g_autofree gchar *path = g_build_filename(self->data_dir, "media", name, NULL);
	g_autoptr(GBytes) bytes = NULL;
	g_autofree gchar *digest = NULL;
	gsize len = strcspn(name, ".");

	if (strchr(name, '/') != NULL || name[0] == '.')
		return NULL;
	bytes = sori_store_files_map(path, NULL);
	if (bytes == NULL)
		return NULL;
	digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, bytes);
	if (strlen(digest) != len || strncmp(digest, name, len) != 0) {
		g_warning("%s: its content is not its name (sha256 %s); not serving it", path,
			  digest);
		return NULL;
	}
	return g_steal_pointer(&bytes);
}

static GBytes *
sori_store_files_get_media(SoriStore *store, const gchar *name, GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *path = g_build_filename(self->state_dir, "media", name, NULL);
	GBytes *bytes = g_hash_table_lookup(self->media, name);

	/* a thousand readers of one video share one mapping of it, not a thousand */
	if (bytes != NULL)
		return g_bytes_ref(bytes);
	bytes = sori_store_files_map(path, NULL);
	if (bytes == NULL)
		bytes = sori_store_files_map_shipped(self, name);
	if (bytes == NULL) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_ROUTE, "no such media");
		return NULL;
	}
	if (g_hash_table_size(self->media) >= SORI_STORE_FILES_MAPPED_MAX)
		g_hash_table_remove_all(self->media);
	g_hash_table_insert(self->media, g_strdup(name), g_bytes_ref(bytes));
	return bytes;
}

static SoriFileWriter *
sori_store_files_begin_media(SoriStore *store, GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *dir = g_build_filename(self->state_dir, "media", NULL);
	return sori_file_writer_new(dir, 0644, error);
}

static gboolean
sori_store_files_commit_media(SoriStore *store, SoriFileWriter *writer, const gchar *name,
			      GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);
	g_autofree gchar *path = g_build_filename(self->state_dir, "media", name, NULL);

	/* content-addressed: what is there already is this very file */
	if (g_file_test(path, G_FILE_TEST_EXISTS))
		return TRUE;
	return sori_file_writer_commit(writer, path, error);
}

static gboolean
sori_store_files_reload_tokens(SoriStore *store, GError **error)
{
	return sori_tokens_reload_if_changed(SORI_STORE_FILES(store)->tokens, error);
}

static const gchar *
sori_store_files_verify_token(SoriStore *store, const gchar *token, const gchar *venue,
			      gboolean *allowed)
{
	return sori_tokens_verify(SORI_STORE_FILES(store)->tokens, token, venue, allowed);
}

/* the tokens file read again; its folder made, for the edit's file to go in */
static SoriTokens *
sori_store_files_get_tokens(SoriStore *store, GError **error)
{
	SoriStoreFiles *self = SORI_STORE_FILES(store);

	if (g_mkdir_with_parents(self->state_dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    self->state_dir, g_strerror(errno));
		return NULL;
	}
	if (!sori_tokens_reload_if_changed(self->tokens, error))
		return NULL;
	return self->tokens;
}

static void
sori_store_files_iface_init(SoriStoreInterface *iface)
{
	iface->get_tokens = sori_store_files_get_tokens;
	iface->get_catalogue = sori_store_files_get_catalogue;
	iface->publish = sori_store_files_publish;
	iface->delete_venue = sori_store_files_delete_venue;
	iface->list_revisions = sori_store_files_list_revisions;
	iface->get_revision = sori_store_files_get_revision;
	iface->prune_revisions = sori_store_files_prune_revisions;
	iface->append_audit = sori_store_files_append_audit;
	iface->list_audit = sori_store_files_list_audit;
	iface->put_media = sori_store_files_put_media;
	iface->get_media = sori_store_files_get_media;
	iface->begin_media = sori_store_files_begin_media;
	iface->commit_media = sori_store_files_commit_media;
	iface->reload_tokens = sori_store_files_reload_tokens;
	iface->verify_token = sori_store_files_verify_token;
}

static void
sori_store_files_finalize(GObject *object)
{
	SoriStoreFiles *self = SORI_STORE_FILES(object);
	g_free(self->data_dir);
	g_free(self->state_dir);
	g_clear_object(&self->tokens);
	g_hash_table_unref(self->media);
	G_OBJECT_CLASS(sori_store_files_parent_class)->finalize(object);
}

static void
sori_store_files_class_init(SoriStoreFilesClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_store_files_finalize;
}

static void
sori_store_files_init(SoriStoreFiles *self)
{
	self->media = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					    (GDestroyNotify) g_bytes_unref);
}

/* uploads a crash left half-written */
static void
sori_store_files_forget_uploads(SoriStoreFiles *self)
{
	g_autofree gchar *dir = g_build_filename(self->state_dir, "media", NULL);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const gchar *name;

	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		g_autofree gchar *path = NULL;
		if (!g_str_has_prefix(name, ".upload.tmp."))
			continue;
		path = g_build_filename(dir, name, NULL);
		g_unlink(path);
	}
}

/**
 * sori_store_files_new:
 * @data_dir: the venues' data directory
 * @revisions_kept: how many revisions of each venue to keep (at least 1)
 *
 * Returns: (transfer full): the store in @data_dir
 */
SoriStore *
sori_store_files_new(const gchar *data_dir, guint revisions_kept)
{
	SoriStoreFiles *self = g_object_new(SORI_TYPE_STORE_FILES, NULL);
	g_autofree gchar *tokens = sori_store_files_tokens_path(data_dir);
	self->data_dir = g_strdup(data_dir);
	self->state_dir = sori_store_files_state_dir(data_dir);
	self->revisions_kept = MAX(revisions_kept, 1);
	self->tokens = sori_tokens_new(tokens);
	sori_store_files_forget_uploads(self);
	return SORI_STORE(self);
}
