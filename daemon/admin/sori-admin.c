/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The curators' API, under /v1/admin/, behind bearer tokens:
 *
 *   GET    /v1/admin/venues/{v}/catalogue            the live catalogue
 *   PUT    /v1/admin/venues/{v}/catalogue            a new one (JSON, or CSV of exhibits)
 *   DELETE /v1/admin/venues/{v}                      stop serving a venue
 *   GET    /v1/admin/venues/{v}/revisions            its revisions, newest first
 *   GET    /v1/admin/venues/{v}/revisions/{id}       one of them
 *   POST   /v1/admin/venues/{v}/rollback             {"revision": id} goes live again
 *
 * A catalogue is checked in full before anything is written: an invalid one
 * is refused (422, every problem with its pointer) and the live one keeps
 * serving. A valid one is written as a revision, then as the live file
 * (temporary file, fsync, rename, fsync of the directory: after a crash the
 * live file is the old one or the new one, whole), then swapped in. Every
 * change is appended to the audit log. State lives in <data-dir>/.sori/.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sori-admin.h"
#include "sori-csv.h"
#include "sori-file.h"
#include "sori-hex.h"
#include "sori-problem.h"
#include "sori-speech-service.h"

/* failed logins from one client before each further one is slowed down */
#define THROTTLE_FREE   5
#define THROTTLE_WINDOW (15 * 60)
#define THROTTLE_MAX_S  30

struct _SoriAdmin {
	GObject parent_instance;
	SoriVenueStore *store;
	SoriTokens *tokens;
	SoriSpeechService *speech; /* nullable: pre-renders what goes live */
	SoriFleet *fleet;          /* nullable: the beacons heard */
	gchar *data_dir;
	gchar *state_dir;
	guint revisions_kept;
	GHashTable *failures; /* keyed hash of a client address → Failures */
	GHmac *client_key;    /* keys that hash: a client is never identifiable from it */
};

typedef struct {
	guint count;
	gint64 first;
} Failures;

G_DEFINE_TYPE(SoriAdmin, sori_admin, G_TYPE_OBJECT)

static void
sori_admin_finalize(GObject *object)
{
	SoriAdmin *self = SORI_ADMIN(object);
	g_clear_object(&self->store);
	g_clear_object(&self->tokens);
	g_clear_object(&self->speech);
	g_clear_object(&self->fleet);
	g_free(self->data_dir);
	g_free(self->state_dir);
	g_hash_table_unref(self->failures);
	g_hmac_unref(self->client_key);
	G_OBJECT_CLASS(sori_admin_parent_class)->finalize(object);
}

static void
sori_admin_class_init(SoriAdminClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_admin_finalize;
}

static void
sori_admin_init(SoriAdmin *self)
{
	guint8 key[32];
	for (guint i = 0; i < sizeof(key); i++)
		key[i] = (guint8) g_random_int_range(0, 256);
	self->client_key = g_hmac_new(G_CHECKSUM_SHA256, key, sizeof(key));
	self->failures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * sori_admin_state_dir:
 *
 * Returns: (transfer full): `<data-dir>/.sori`, where tokens, revisions and the
 *	audit log live (hidden from the venue loader, which reads `*.json` only)
 */
gchar *
sori_admin_state_dir(const gchar *data_dir)
{
	return g_build_filename(data_dir, ".sori", NULL);
}

gchar *
sori_admin_tokens_path(const gchar *data_dir)
{
	return g_build_filename(data_dir, ".sori", "tokens.json", NULL);
}

SoriAdmin *
sori_admin_new(SoriVenueStore *store, const gchar *data_dir, guint revisions_kept)
{
	SoriAdmin *self = g_object_new(SORI_TYPE_ADMIN, NULL);
	g_autofree gchar *tokens = sori_admin_tokens_path(data_dir);
	self->store = g_object_ref(store);
	self->data_dir = g_strdup(data_dir);
	self->state_dir = sori_admin_state_dir(data_dir);
	self->tokens = sori_tokens_new(tokens);
	self->revisions_kept = MAX(revisions_kept, 1);
	return self;
}

/* /v1/venues/{v}/media/{sha256}.{ext}: uploaded media, public */
static gboolean
is_public_media_path(const gchar *path)
{
	g_auto(GStrv) segments = NULL;
	if (!g_str_has_prefix(path, "/v1/venues/"))
		return FALSE;
	segments = g_strsplit(path + 1, "/", 6);
	return g_strv_length(segments) == 5 && g_str_equal(segments[3], "media");
}

gboolean
sori_admin_owns_path(const gchar *path)
{
	return g_str_has_prefix(path, "/v1/admin/") || is_public_media_path(path);
}

/**
 * sori_admin_max_body:
 *
 * Returns: the largest body the admin API reads: a catalogue
 */
gsize
sori_admin_max_body(void)
{
	return SORI_ADMIN_MEDIA_MAX;
}

typedef struct {
	const gchar *mime_type;
	const gchar *extension;
	gsize max_bytes;
} MediaKind;

/* what curators may upload: images, recorded narration and its captions, sign-language video */
static const MediaKind media_kinds[] = {
	{ "image/jpeg", "jpg", 10 * 1024 * 1024 },
	{ "image/png", "png", 10 * 1024 * 1024 },
	{ "image/webp", "webp", 10 * 1024 * 1024 },
	{ "audio/mpeg", "mp3", 50 * 1024 * 1024 },
	{ "audio/ogg", "opus", 50 * 1024 * 1024 },
	{ "text/vtt", "vtt", 1024 * 1024 },
	{ "video/mp4", "mp4", SORI_ADMIN_MEDIA_MAX },
	{ "video/webm", "webm", SORI_ADMIN_MEDIA_MAX },
};

static const MediaKind *
media_kind_for_type(const gchar *mime_type)
{
	for (guint i = 0; i < G_N_ELEMENTS(media_kinds); i++) {
		if (g_strcmp0(media_kinds[i].mime_type, mime_type) == 0)
			return &media_kinds[i];
	}
	return NULL;
}

static const MediaKind *
media_kind_for_extension(const gchar *extension)
{
	for (guint i = 0; i < G_N_ELEMENTS(media_kinds); i++) {
		if (g_strcmp0(media_kinds[i].extension, extension) == 0)
			return &media_kinds[i];
	}
	return NULL;
}

/**
 * sori_admin_sniff_media:
 * @data: the first bytes of a file, or all of it
 *
 * Returns: (nullable): the media type the content is, whatever it was declared as
 */
const gchar *
sori_admin_sniff_media(const guint8 *data, gsize len)
{
	if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
		return "image/jpeg";
	if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (len >= 3 && memcmp(data, "ID3", 3) == 0)
		return "audio/mpeg";
	if (len >= 2 && data[0] == 0xff && (data[1] & 0xe0) == 0xe0)
		return "audio/mpeg";
	if (len >= 36 && memcmp(data, "OggS", 4) == 0 && memcmp(data + 28, "OpusHead", 8) == 0)
		return "audio/ogg";
	if (len >= 12 && memcmp(data + 4, "ftyp", 4) == 0)
		return "video/mp4";
	if (len >= 4 && data[0] == 0x1a && data[1] == 0x45 && data[2] == 0xdf && data[3] == 0xa3)
		return "video/webm";
	if (len >= 9 && memcmp(data, "\xef\xbb\xbfWEBVTT", 9) == 0)
		return "text/vtt";
	if (len >= 6 && memcmp(data, "WEBVTT", 6) == 0 && (len == 6 || g_ascii_isspace(data[6])))
		return "text/vtt";
	return NULL;
}

/* ------------------------------------------------------------------------ */

static void
answer_json(SoupServerMessage *msg, guint status, JsonNode *node)
{
	g_autofree gchar *text = json_to_string(node, TRUE);
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	soup_server_message_set_status(msg, status, NULL);
	soup_message_headers_replace(headers, "Cache-Control", "no-store");
	soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_COPY, text,
					 strlen(text));
}

static void
answer_problem_node(SoupServerMessage *msg, SoriRepresentation *problem)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	soup_server_message_set_status(msg, problem->status, NULL);
	soup_message_headers_replace(headers, "Content-Type", problem->content_type);
	soup_message_headers_replace(headers, "Cache-Control", "no-store");
	soup_message_body_append_bytes(soup_server_message_get_response_body(msg), problem->body);
	sori_representation_unref(problem);
}

#define PROBLEM(msg, kind, ...)                                                                    \
	answer_problem_node(                                                                       \
		msg, sori_problem_new(kind, g_uri_get_path(soup_server_message_get_uri(msg)),      \
				      __VA_ARGS__))

/* an invalid catalogue: 422, with every problem */
static void
answer_invalid(SoupServerMessage *msg, GPtrArray *problems, gboolean from_csv, const gchar *error)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autofree gchar *text = NULL;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "type");
	json_builder_add_string_value(b, sori_problem_get_type_uri(SORI_PROBLEM_INVALID_CATALOGUE));
	json_builder_set_member_name(b, "title");
	json_builder_add_string_value(b, "The catalogue is not valid");
	json_builder_set_member_name(b, "status");
	json_builder_add_int_value(b, 422);
	json_builder_set_member_name(b, "detail");
	json_builder_add_string_value(b, error);
	json_builder_set_member_name(b, "problems");
	json_builder_begin_array(b);
	for (guint i = 0; problems != NULL && i < problems->len; i++) {
		SoriCatalogueProblem *p = g_ptr_array_index(problems, i);
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "pointer");
		json_builder_add_string_value(b, p->pointer);
		if (from_csv) {
			g_autofree gchar *where = g_str_has_prefix(p->pointer, "row ")
							  ? g_strdup(p->pointer)
							  : sori_csv_describe_pointer(p->pointer);
			json_builder_set_member_name(b, "where");
			json_builder_add_string_value(b, where);
		}
		json_builder_set_member_name(b, "reason");
		json_builder_add_string_value(b, p->reason);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	text = json_to_string(root, TRUE);
	soup_server_message_set_status(msg, 422, NULL);
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Cache-Control",
				     "no-store");
	soup_server_message_set_response(msg, SORI_PROBLEM_CONTENT_TYPE, SOUP_MEMORY_COPY, text,
					 strlen(text));
}

/* ------------------------------------------------------------------------ */
/* durable files */

static gboolean
fsync_dir(const gchar *dir, GError **error)
{
	gint fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "syncing %s: %s", dir,
			    g_strerror(errno));
		if (fd >= 0)
			close(fd);
		return FALSE;
	}
	close(fd);
	return TRUE;
}

/* the file at @path is the old content or @data, whole, whatever happens */
static gboolean
write_durably(const gchar *path, GBytes *data, gint mode, GError **error)
{
	gsize len = 0;
	const guint8 *bytes = g_bytes_get_data(data, &len);
	return sori_file_replace(path, bytes, len, mode, error);
}

static void
audit(SoriAdmin *self, const gchar *token, const gchar *venue, const gchar *action,
      const gchar *revision)
{
	g_autofree gchar *path = g_build_filename(self->state_dir, "audit.log", NULL);
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree gchar *stamp = g_date_time_format_iso8601(now);
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autofree gchar *line = NULL;
	gint fd;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "time");
	json_builder_add_string_value(b, stamp);
	json_builder_set_member_name(b, "token");
	json_builder_add_string_value(b, token);
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
	{
		g_autofree gchar *json = json_to_string(root, FALSE);
		line = g_strconcat(json, "\n", NULL);
	}
	g_mkdir_with_parents(self->state_dir, 0750);
	/* appended, never rewritten */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0 || write(fd, line, strlen(line)) != (gssize) strlen(line) || fsync(fd) != 0)
		g_warning("writing the audit log %s: %s", path, g_strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* ------------------------------------------------------------------------ */
/* revisions */

static gchar *
revisions_dir(SoriAdmin *self, const gchar *venue)
{
	return g_build_filename(self->state_dir, "revisions", venue, NULL);
}

static gint
compare_desc(gconstpointer a, gconstpointer b)
{
	return -g_strcmp0(*(const gchar *const *) a, *(const gchar *const *) b);
}

/* revision ids, newest first; an id is "<UTC time>-<12 hex digits of its SHA-256>" */
static GPtrArray *
list_revisions(SoriAdmin *self, const gchar *venue)
{
	g_autofree gchar *dir = revisions_dir(self, venue);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;
	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		if (g_str_has_suffix(name, ".json") && strlen(name) == 16 + 1 + 12 + 5)
			g_ptr_array_add(ids, g_strndup(name, strlen(name) - 5));
	}
	g_ptr_array_sort(ids, compare_desc);
	return ids;
}

static gboolean
revision_id_is_valid(const gchar *id)
{
	if (strlen(id) != 29 || id[16] != '-')
		return FALSE;
	for (guint i = 0; i < 29; i++) {
		if (i != 16 && !g_ascii_isalnum(id[i]))
			return FALSE;
	}
	return TRUE;
}

static const gchar *
live_revision(SoriAdmin *self, const gchar *venue, GPtrArray *ids)
{
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(self->store, venue);
	const gchar *digest;
	if (snapshot == NULL)
		return NULL;
	digest = sori_catalogue_get_digest(snapshot->catalogue);
	for (guint i = 0; i < ids->len; i++) {
		const gchar *id = g_ptr_array_index(ids, i);
		if (strncmp(id + 17, digest, 12) == 0)
			return id;
	}
	return NULL;
}

static void
prune_revisions(SoriAdmin *self, const gchar *venue)
{
	g_autoptr(GPtrArray) ids = list_revisions(self, venue);
	g_autofree gchar *dir = revisions_dir(self, venue);
	const gchar *live = live_revision(self, venue, ids);
	for (guint i = self->revisions_kept; i < ids->len; i++) {
		const gchar *id = g_ptr_array_index(ids, i);
		g_autofree gchar *file = NULL;
		/* the live one is never deleted */
		if (g_strcmp0(id, live) == 0)
			continue;
		file = g_strconcat(dir, G_DIR_SEPARATOR_S, id, ".json", NULL);
		g_unlink(file);
	}
}

/* exhibits added, removed and changed, by id */
static JsonNode *
diff_catalogues(SoriCatalogue *old, SoriCatalogue *new_)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	GPtrArray *olds = old != NULL ? sori_catalogue_get_exhibits(old) : NULL;
	GPtrArray *news = sori_catalogue_get_exhibits(new_);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "added");
	json_builder_begin_array(b);
	for (guint i = 0; i < news->len; i++) {
		SoriExhibit *e = g_ptr_array_index(news, i);
		if (old == NULL || sori_catalogue_lookup_exhibit(old, e->id) == NULL)
			json_builder_add_string_value(b, e->id);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "removed");
	json_builder_begin_array(b);
	for (guint i = 0; olds != NULL && i < olds->len; i++) {
		SoriExhibit *e = g_ptr_array_index(olds, i);
		if (sori_catalogue_lookup_exhibit(new_, e->id) == NULL)
			json_builder_add_string_value(b, e->id);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "changed");
	json_builder_begin_array(b);
	for (guint i = 0; old != NULL && i < news->len; i++) {
		SoriExhibit *e = g_ptr_array_index(news, i);
		SoriExhibit *o = sori_catalogue_lookup_exhibit(old, e->id);
		g_autoptr(JsonNode) a = NULL;
		g_autoptr(JsonNode) z = NULL;
		if (o == NULL)
			continue;
		a = json_node_init_object(json_node_alloc(), e->json);
		z = json_node_init_object(json_node_alloc(), o->json);
		if (!json_node_equal(a, z))
			json_builder_add_string_value(b, e->id);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

/* makes @bytes (a valid catalogue of @venue) live; the answer says what changed */
static void
publish(SoriAdmin *self, SoupServerMessage *msg, const gchar *token, const gchar *venue,
	GBytes *bytes, SoriCatalogue *catalogue, const gchar *action)
{
	g_autoptr(GError) error = NULL;
	SoriVenueSnapshot *before = sori_venue_store_lookup(self->store, venue);
	g_autoptr(SoriCatalogue) old
		= before != NULL ? sori_catalogue_ref(before->catalogue) : NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree gchar *stamp = g_date_time_format(now, "%Y%m%dT%H%M%SZ");
	g_autofree gchar *id = NULL;
	g_autofree gchar *dir = revisions_dir(self, venue);
	g_autofree gchar *revision_path = NULL;
	g_autofree gchar *live_path = NULL;
	g_autofree gchar *file = g_strconcat(venue, ".json", NULL);
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;

	/* content already kept (a rollback, or the same upload twice) keeps its revision */
	{
		g_autoptr(GPtrArray) ids = list_revisions(self, venue);
		for (guint i = 0; i < ids->len && id == NULL; i++) {
			const gchar *existing = g_ptr_array_index(ids, i);
			if (strncmp(existing + 17, sori_catalogue_get_digest(catalogue), 12) == 0)
				id = g_strdup(existing);
		}
	}
	if (id == NULL)
		id = g_strdup_printf("%s-%.12s", stamp, sori_catalogue_get_digest(catalogue));
	revision_path = g_strconcat(dir, G_DIR_SEPARATOR_S, id, ".json", NULL);
	live_path = g_build_filename(self->data_dir, file, NULL);
	/* first the revision, then the live file: a crash between leaves the old one live */
	if (!g_file_test(revision_path, G_FILE_TEST_EXISTS)
	    && !write_durably(revision_path, bytes, 0640, &error)) {
		PROBLEM(msg, SORI_PROBLEM_STORAGE_FAILED, "%s", error->message);
		return;
	}
	if (!write_durably(live_path, bytes, 0644, &error)) {
		PROBLEM(msg, SORI_PROBLEM_STORAGE_FAILED, "%s", error->message);
		return;
	}
	/* the swap: requests answered from here on see the new catalogue */
	if (!sori_venue_store_load(self->store, &error)) {
		PROBLEM(msg, SORI_PROBLEM_STORAGE_FAILED, "%s", error->message);
		return;
	}
	audit(self, token, venue, action, id);
	prune_revisions(self, venue);
	if (self->speech != NULL) {
		guint queued = sori_speech_service_prerender(self->speech, catalogue);
		g_debug("venue %s: %u renderings queued", venue, queued);
	}
	g_message("venue %s: %s by '%s', revision %s", venue, action, token, id);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "revision");
	json_builder_add_string_value(b, id);
	json_builder_set_member_name(b, "changes");
	json_builder_add_value(b, diff_catalogues(old, catalogue));
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	answer_json(msg, old == NULL ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, root);
}

static void
put_catalogue(SoriAdmin *self, SoupServerMessage *msg, const gchar *token, const gchar *venue)
{
	SoupMessageHeaders *headers = soup_server_message_get_request_headers(msg);
	g_autoptr(GBytes) body
		= soup_message_body_flatten(soup_server_message_get_request_body(msg));
	g_autofree gchar *media_type = NULL;
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	gboolean csv = FALSE;
	const gchar *content_type = soup_message_headers_get_one(headers, "Content-Type");

	if (content_type != NULL)
		media_type = g_strstrip(g_strndup(content_type, strcspn(content_type, ";")));
	if (g_strcmp0(media_type, "text/csv") == 0) {
		SoriVenueSnapshot *snapshot = sori_venue_store_lookup(self->store, venue);
		g_autoptr(JsonParser) parser = json_parser_new();
		g_autoptr(JsonNode) imported = NULL;
		g_autofree gchar *live_path = NULL;
		g_autofree gchar *file = g_strconcat(venue, ".json", NULL);
		gsize len = 0;
		const gchar *data = g_bytes_get_data(body, &len);
		csv = TRUE;
		if (snapshot == NULL) {
			PROBLEM(msg, SORI_PROBLEM_UNKNOWN_VENUE,
				"a spreadsheet replaces the exhibits of a venue that exists: "
				"create '%s' with a JSON catalogue first",
				venue);
			return;
		}
		live_path = g_build_filename(self->data_dir, file, NULL);
		if (!json_parser_load_from_file(parser, live_path, &error)) {
			PROBLEM(msg, SORI_PROBLEM_STORAGE_FAILED, "%s", error->message);
			return;
		}
		imported = sori_csv_import(data, len, json_parser_get_root(parser), &problems);
		if (imported == NULL) {
			answer_invalid(msg, problems, TRUE, "the spreadsheet has problems");
			return;
		}
		{
			g_autofree gchar *text = json_to_string(imported, TRUE);
			gsize text_len = strlen(text);
			bytes = g_bytes_new_take(g_steal_pointer(&text), text_len);
		}
	} else if (g_strcmp0(media_type, "application/json") == 0) {
		bytes = g_bytes_ref(body);
	} else {
		PROBLEM(msg, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
			"send a catalogue as application/json, or exhibits as text/csv");
		return;
	}
	catalogue = sori_catalogue_new_from_bytes(bytes, &problems, &error);
	if (catalogue == NULL) {
		answer_invalid(msg, problems, csv, error->message);
		return;
	}
	if (g_strcmp0(sori_catalogue_get_id(catalogue), venue) != 0) {
		g_autoptr(GPtrArray) mismatch = g_ptr_array_new_with_free_func(
			(GDestroyNotify) sori_catalogue_problem_free);
		SoriCatalogueProblem *p = g_new0(SoriCatalogueProblem, 1);
		p->pointer = g_strdup("/venue/id");
		p->reason = g_strdup_printf("the catalogue is of venue '%s', not '%s'",
					    sori_catalogue_get_id(catalogue), venue);
		g_ptr_array_add(mismatch, p);
		answer_invalid(msg, mismatch, FALSE, "1 problem");
		return;
	}
	publish(self, msg, token, venue, bytes, catalogue, csv ? "import-csv" : "put-catalogue");
}

static void
get_file(SoupServerMessage *msg, const gchar *path)
{
	gchar *text = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &text, &len, NULL)) {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_ROUTE, "no such revision");
		return;
	}
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Cache-Control",
				     "no-store");
	soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_TAKE, text, len);
}

static void
get_revisions(SoriAdmin *self, SoupServerMessage *msg, const gchar *venue)
{
	g_autoptr(GPtrArray) ids = list_revisions(self, venue);
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	const gchar *live = live_revision(self, venue, ids);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "live");
	if (live != NULL)
		json_builder_add_string_value(b, live);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "revisions");
	json_builder_begin_array(b);
	for (guint i = 0; i < ids->len; i++)
		json_builder_add_string_value(b, g_ptr_array_index(ids, i));
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	answer_json(msg, SOUP_STATUS_OK, root);
}

static void
rollback(SoriAdmin *self, SoupServerMessage *msg, const gchar *token, const gchar *venue)
{
	g_autoptr(GBytes) body
		= soup_message_body_flatten(soup_server_message_get_request_body(msg));
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	g_autoptr(GMappedFile) mapped = NULL;
	g_autoptr(GBytes) bytes = NULL;
	g_autofree gchar *dir = revisions_dir(self, venue);
	g_autofree gchar *path = NULL;
	const gchar *id = NULL;

	if (json_parser_load_from_data(parser, g_bytes_get_data(body, NULL), g_bytes_get_size(body),
				       NULL)
	    && JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)))
		id = json_object_get_string_member_with_default(
			json_node_get_object(json_parser_get_root(parser)), "revision", NULL);
	if (id == NULL || !revision_id_is_valid(id)) {
		PROBLEM(msg, SORI_PROBLEM_INVALID_BODY, "send {\"revision\": \"<revision id>\"}");
		return;
	}
	path = g_strconcat(dir, G_DIR_SEPARATOR_S, id, ".json", NULL);
	mapped = g_mapped_file_new(path, FALSE, NULL);
	if (mapped == NULL) {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_REVISION, "venue '%s' has no revision '%s'",
			venue, id);
		return;
	}
	bytes = g_mapped_file_get_bytes(mapped);
	/* a revision was valid when written; it is checked again all the same */
	catalogue = sori_catalogue_new_from_bytes(bytes, &problems, &error);
	if (catalogue == NULL) {
		answer_invalid(msg, problems, FALSE, error->message);
		return;
	}
	publish(self, msg, token, venue, bytes, catalogue, "rollback");
}

static void
delete_venue(SoriAdmin *self, SoupServerMessage *msg, const gchar *token, const gchar *venue)
{
	g_autofree gchar *file = g_strconcat(venue, ".json", NULL);
	g_autofree gchar *path = g_build_filename(self->data_dir, file, NULL);
	g_autoptr(GError) error = NULL;

	if (sori_venue_store_lookup(self->store, venue) == NULL
	    && !g_file_test(path, G_FILE_TEST_EXISTS)) {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_VENUE, "there is no venue '%s'", venue);
		return;
	}
	/* its revisions stay: a deleted venue can be brought back by rolling back */
	if (g_unlink(path) != 0 || !fsync_dir(self->data_dir, &error)
	    || !sori_venue_store_load(self->store, &error)) {
		PROBLEM(msg, SORI_PROBLEM_STORAGE_FAILED, "deleting: %s",
			error != NULL ? error->message : g_strerror(errno));
		return;
	}
	audit(self, token, venue, "delete", NULL);
	soup_server_message_set_status(msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* ------------------------------------------------------------------------ */
/* media */

static gchar *
media_path(SoriAdmin *self, const gchar *file)
{
	return g_build_filename(self->state_dir, "media", file, NULL);
}

static gboolean
media_file_is_valid(const gchar *file, const MediaKind **kind)
{
	const gchar *dot = strchr(file, '.');
	if (dot == NULL || dot - file != 64 || !sori_hex_is_digits(file, 64, SORI_HEX_LOWERCASE))
		return FALSE;
	*kind = media_kind_for_extension(dot + 1);
	return *kind != NULL;
}

static void
put_media(SoriAdmin *self, SoupServerMessage *msg, const gchar *token, const gchar *venue,
	  const gchar *name)
{
	g_autoptr(GBytes) body
		= soup_message_body_flatten(soup_server_message_get_request_body(msg));
	const gchar *content_type = soup_message_headers_get_one(
		soup_server_message_get_request_headers(msg), "Content-Type");
	g_autofree gchar *declared = NULL;
	g_autofree gchar *digest = NULL;
	g_autofree gchar *file = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *url = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	const MediaKind *kind;
	const gchar *sniffed;
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(body, &len);

	if (content_type != NULL)
		declared = g_strstrip(g_strndup(content_type, strcspn(content_type, ";")));
	kind = media_kind_for_type(declared);
	if (kind == NULL) {
		PROBLEM(msg, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
			"upload images (image/jpeg, image/png, image/webp), narration "
			"(audio/mpeg, audio/ogg) with captions (text/vtt), or sign-language video "
			"(video/mp4, video/webm)");
		return;
	}
	if (len == 0 || len > kind->max_bytes) {
		PROBLEM(msg, SORI_PROBLEM_BODY_TOO_LARGE,
			"%s files are 1 byte to %" G_GSIZE_FORMAT " bytes", kind->mime_type,
			kind->max_bytes);
		return;
	}
	/* the content must be what the upload says it is */
	sniffed = sori_admin_sniff_media(data, len);
	if (g_strcmp0(sniffed, declared) != 0) {
		PROBLEM(msg, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
			"'%s' was sent as %s, but its content is %s", name, declared,
			sniffed != NULL ? sniffed : "nothing sori takes");
		return;
	}
	digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, body);
	file = g_strdup_printf("%s.%s", digest, kind->extension);
	path = media_path(self, file);
	if (!g_file_test(path, G_FILE_TEST_EXISTS) && !write_durably(path, body, 0644, &error)) {
		PROBLEM(msg, SORI_PROBLEM_STORAGE_FAILED, "%s", error->message);
		return;
	}
	audit(self, token, venue, "upload-media", NULL);
	url = g_strdup_printf("/v1/venues/%s/media/%s", venue, file);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, name);
	json_builder_set_member_name(b, "url");
	json_builder_add_string_value(b, url);
	json_builder_set_member_name(b, "type");
	json_builder_add_string_value(b, kind->mime_type);
	json_builder_set_member_name(b, "bytes");
	json_builder_add_int_value(b, (gint64) len);
	json_builder_set_member_name(b, "sha256");
	json_builder_add_string_value(b, digest);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	answer_json(msg, SOUP_STATUS_CREATED, root);
}

static void
serve_media(SoriAdmin *self, SoupServerMessage *msg, const gchar *file)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	const gchar *method = soup_server_message_get_method(msg);
	g_autofree gchar *path = NULL;
	g_autofree gchar *etag = NULL;
	g_autoptr(GMappedFile) mapped = NULL;
	g_autoptr(GBytes) bytes = NULL;
	const MediaKind *kind = NULL;
	const gchar *if_none_match = soup_message_headers_get_one(
		soup_server_message_get_request_headers(msg), "If-None-Match");

	if (!g_str_equal(method, "GET") && !g_str_equal(method, "HEAD")) {
		PROBLEM(msg, SORI_PROBLEM_METHOD_NOT_ALLOWED, "media are read with GET");
		return;
	}
	if (!media_file_is_valid(file, &kind)
	    || (mapped = g_mapped_file_new((path = media_path(self, file)), FALSE, NULL)) == NULL) {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_ROUTE, "no such media");
		return;
	}
	etag = g_strdup_printf("\"%s\"", file);
	soup_message_headers_replace(headers, "ETag", etag);
	soup_message_headers_replace(headers, "Cache-Control",
				     "public, max-age=31536000, immutable");
	soup_message_headers_replace(headers, "Access-Control-Allow-Origin", "*");
	soup_message_headers_replace(headers, "Accept-Ranges", "bytes");
	soup_message_headers_replace(headers, "X-Content-Type-Options", "nosniff");
	if (if_none_match != NULL && strstr(if_none_match, etag) != NULL) {
		soup_server_message_set_status(msg, SOUP_STATUS_NOT_MODIFIED, NULL);
		return;
	}
	bytes = g_mapped_file_get_bytes(mapped);
	soup_message_headers_replace(headers, "Content-Type", kind->mime_type);
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_message_body_append_bytes(soup_server_message_get_response_body(msg), bytes);
}

/* ------------------------------------------------------------------------ */
/* authentication */

static gchar *
client_key(SoriAdmin *self, SoupServerMessage *msg)
{
	g_autoptr(GHmac) hmac = g_hmac_copy(self->client_key);
	const gchar *host = soup_server_message_get_remote_host(msg);
	g_hmac_update(hmac, (const guchar *) (host != NULL ? host : "?"), -1);
	return g_strdup(g_hmac_get_string(hmac));
}

static gboolean
unpause_cb(gpointer user_data)
{
	SoupServerMessage *msg = user_data;
	soup_server_message_unpause(msg);
	g_object_unref(msg);
	return G_SOURCE_REMOVE;
}

/* a failed login; from the sixth in a quarter of an hour, answered ever more slowly */
static void
refuse(SoriAdmin *self, SoupServerMessage *msg, guint status, const gchar *detail)
{
	g_autofree gchar *key = client_key(self, msg);
	gint64 now = g_get_monotonic_time() / G_USEC_PER_SEC;
	Failures *f = g_hash_table_lookup(self->failures, key);

	if (f == NULL || now - f->first > THROTTLE_WINDOW) {
		f = g_new0(Failures, 1);
		f->first = now;
		g_hash_table_replace(self->failures, g_steal_pointer(&key), f);
	}
	f->count++;
	if (status == SOUP_STATUS_UNAUTHORIZED) {
		PROBLEM(msg, SORI_PROBLEM_UNAUTHORIZED, "%s", detail);
		soup_message_headers_replace(soup_server_message_get_response_headers(msg),
					     "WWW-Authenticate", "Bearer realm=\"sori\"");
	} else {
		PROBLEM(msg, SORI_PROBLEM_FORBIDDEN, "%s", detail);
	}
	if (f->count > THROTTLE_FREE) {
		guint delay = MIN(1u << MIN(f->count - THROTTLE_FREE - 1, 5u), THROTTLE_MAX_S);
		soup_server_message_pause(msg);
		/* milliseconds: second timeouts are rounded to whole seconds of the clock */
		g_timeout_add(delay * 1000, unpause_cb, g_object_ref(msg));
	}
	/* the table forgets old entries as it goes */
	if (g_hash_table_size(self->failures) > 10000)
		g_hash_table_remove_all(self->failures);
}

/**
 * sori_admin_handle:
 *
 * Answers a request for which sori_admin_owns_path() is %TRUE.
 */
void
sori_admin_handle(SoriAdmin *self, SoupServerMessage *msg)
{
	const gchar *method = soup_server_message_get_method(msg);
	const gchar *path = g_uri_get_path(soup_server_message_get_uri(msg));
	const gchar *authorization = soup_message_headers_get_one(
		soup_server_message_get_request_headers(msg), "Authorization");
	g_auto(GStrv) segments = g_strsplit(path + 1, "/", 8);
	g_autoptr(GError) error = NULL;
	guint n = g_strv_length(segments);
	const gchar *venue;
	const gchar *token_name;
	gboolean allowed = FALSE;

	if (is_public_media_path(path)) {
		serve_media(self, msg, segments[4]);
		return;
	}
	if (n < 4 || !g_str_equal(segments[2], "venues")
	    || !sori_catalogue_id_is_valid(segments[3])) {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_ROUTE, "there is no such resource");
		return;
	}
	venue = segments[3];
	if (!sori_tokens_reload_if_changed(self->tokens, &error)) {
		g_warning("tokens: %s", error->message);
		PROBLEM(msg, SORI_PROBLEM_STORAGE_FAILED, "the tokens file cannot be read");
		return;
	}
	if (authorization == NULL || !g_str_has_prefix(authorization, "Bearer ")) {
		refuse(self, msg, SOUP_STATUS_UNAUTHORIZED,
		       "send a token: Authorization: Bearer <token> (sorictl token add makes one)");
		return;
	}
	token_name = sori_tokens_verify(self->tokens, authorization + 7, venue, &allowed);
	if (token_name == NULL) {
		refuse(self, msg, SOUP_STATUS_UNAUTHORIZED, "the token is not valid");
		return;
	}
	if (!allowed) {
		refuse(self, msg, SOUP_STATUS_FORBIDDEN, "the token may not change this venue");
		return;
	}

	if (n == 5 && g_str_equal(segments[4], "catalogue") && g_str_equal(method, "GET")) {
		g_autofree gchar *file = g_strconcat(venue, ".json", NULL);
		g_autofree gchar *live = g_build_filename(self->data_dir, file, NULL);
		get_file(msg, live);
	} else if (n == 5 && g_str_equal(segments[4], "catalogue") && g_str_equal(method, "PUT")) {
		put_catalogue(self, msg, token_name, venue);
	} else if (n == 4 && g_str_equal(method, "DELETE")) {
		delete_venue(self, msg, token_name, venue);
	} else if (n == 5 && g_str_equal(segments[4], "revisions") && g_str_equal(method, "GET")) {
		get_revisions(self, msg, venue);
	} else if (n == 6 && g_str_equal(segments[4], "revisions") && g_str_equal(method, "GET")) {
		g_autofree gchar *dir = revisions_dir(self, venue);
		g_autofree gchar *file = NULL;
		if (!revision_id_is_valid(segments[5])) {
			PROBLEM(msg, SORI_PROBLEM_UNKNOWN_REVISION, "no such revision");
			return;
		}
		file = g_strconcat(dir, G_DIR_SEPARATOR_S, segments[5], ".json", NULL);
		get_file(msg, file);
	} else if (n == 6 && g_str_equal(segments[4], "media") && g_str_equal(method, "PUT")) {
		put_media(self, msg, token_name, venue, segments[5]);
	} else if (n == 5 && g_str_equal(segments[4], "beacons") && g_str_equal(method, "GET")) {
		g_autoptr(JsonNode) report
			= self->fleet != NULL ? sori_fleet_report(self->fleet, venue) : NULL;
		if (report == NULL) {
			PROBLEM(msg, SORI_PROBLEM_UNKNOWN_VENUE, "sorid serves no venue '%s'",
				venue);
			return;
		}
		answer_json(msg, SOUP_STATUS_OK, report);
	} else if (n == 5 && g_str_equal(segments[4], "rollback") && g_str_equal(method, "POST")) {
		rollback(self, msg, token_name, venue);
	} else if ((n == 5 || n == 6)
		   && (g_str_equal(segments[4], "catalogue")
		       || g_str_equal(segments[4], "revisions")
		       || g_str_equal(segments[4], "rollback")
		       || g_str_equal(segments[4], "beacons"))) {
		PROBLEM(msg, SORI_PROBLEM_METHOD_NOT_ALLOWED, "%s is not allowed here", method);
	} else {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_ROUTE, "there is no such resource");
	}
}

/**
 * sori_admin_set_fleet:
 * @fleet: answers GET /v1/admin/venues/{v}/beacons
 */
void
sori_admin_set_fleet(SoriAdmin *self, SoriFleet *fleet)
{
	g_set_object(&self->fleet, fleet);
}

/**
 * sori_admin_set_speech_service:
 * @speech: (nullable): pre-renders the speech of each catalogue that goes live
 */
void
sori_admin_set_speech_service(SoriAdmin *self, SoriSpeechService *speech)
{
	g_set_object(&self->speech, speech);
}
