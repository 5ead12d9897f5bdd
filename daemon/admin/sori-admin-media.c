/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Curators' uploads: pictures, recorded narration and its captions,
 * sign-language video. The content must be what the upload says it is; each
 * is kept content-addressed and served public and immutable at
 * /v1/venues/{venue}/media/{sha256}.{ext}, which catalogues may name.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include <string.h>

#include "sori-admin-private.h"
#include "sori-hex.h"

typedef struct {
	const gchar *mime_type;
	const gchar *extension;
	gsize max_bytes;
} SoriAdminMediaKind;

static const SoriAdminMediaKind sori_admin_media_kinds[] = {
	{ "image/jpeg", "jpg", 10 * 1024 * 1024 },
	{ "image/png", "png", 10 * 1024 * 1024 },
	{ "image/webp", "webp", 10 * 1024 * 1024 },
	{ "audio/mpeg", "mp3", 50 * 1024 * 1024 },
	{ "audio/ogg", "opus", 50 * 1024 * 1024 },
	{ "text/vtt", "vtt", 1024 * 1024 },
	{ "video/mp4", "mp4", SORI_ADMIN_MEDIA_MAX },
	{ "video/webm", "webm", SORI_ADMIN_MEDIA_MAX },
};

static const SoriAdminMediaKind *
sori_admin_media_kind_for_type(const gchar *mime_type)
{
	for (guint i = 0; i < G_N_ELEMENTS(sori_admin_media_kinds); i++) {
		if (g_strcmp0(sori_admin_media_kinds[i].mime_type, mime_type) == 0)
			return &sori_admin_media_kinds[i];
	}
	return NULL;
}

static const SoriAdminMediaKind *
sori_admin_media_kind_for_extension(const gchar *extension)
{
	for (guint i = 0; i < G_N_ELEMENTS(sori_admin_media_kinds); i++) {
		if (g_strcmp0(sori_admin_media_kinds[i].extension, extension) == 0)
			return &sori_admin_media_kinds[i];
	}
	return NULL;
}

/* the most a file of @mime_type may be, 0 for a type sori does not take */
gsize
sori_admin_media_max_bytes(const gchar *mime_type)
{
	const SoriAdminMediaKind *kind = sori_admin_media_kind_for_type(mime_type);
	return kind != NULL ? kind->max_bytes : 0;
}

/* how a file of @mime_type is named: `<sha256>.<extension>` */
const gchar *
sori_admin_media_extension(const gchar *mime_type)
{
	const SoriAdminMediaKind *kind = sori_admin_media_kind_for_type(mime_type);
	return kind != NULL ? kind->extension : NULL;
}

/* the magic numbers of the kinds sori takes, where GIO's guess is unsure */
static const gchar *
sori_admin_sniff_magic(const guint8 *data, gsize len)
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

/**
 * sori_admin_sniff_media:
 * @data: the first bytes of a file, or all of it
 *
 * GIO's content-type guess is the first opinion, taken when it is sure and
 * names a kind sori takes; sori's own magic numbers decide otherwise (and
 * where no MIME database is installed).
 *
 * Returns: (nullable): the media type the content is, whatever it was declared as
 */
const gchar *
sori_admin_sniff_media(const guint8 *data, gsize len)
{
	gboolean uncertain = TRUE;
	g_autofree gchar *guess = g_content_type_guess(NULL, data, MIN(len, 4096), &uncertain);
	g_autofree gchar *mime = guess != NULL ? g_content_type_get_mime_type(guess) : NULL;
	const SoriAdminMediaKind *kind = sori_admin_media_kind_for_type(mime);
	const gchar *magic = sori_admin_sniff_magic(data, len);

	/* Ogg is a container: only Opus inside it is narration */
	if (kind != NULL && !uncertain && !g_str_equal(kind->mime_type, "audio/ogg")
	    && g_strcmp0(magic, kind->mime_type) == 0)
		return kind->mime_type;
	return magic;
}

/* `<64 lowercase hex digits>.<extension of a kind sori takes>` */
static const SoriAdminMediaKind *
sori_admin_media_kind_for_file(const gchar *file)
{
	const gchar *dot = strchr(file, '.');
	if (dot == NULL || dot - file != 64 || !sori_hex_is_digits(file, 64, SORI_HEX_LOWERCASE))
		return NULL;
	return sori_admin_media_kind_for_extension(dot + 1);
}

static void
sori_admin_set_uploaded(SoriHttpResponse *response, const gchar *venue, const gchar *name,
			const gchar *file, const SoriAdminMediaKind *kind, gsize len,
			const gchar *digest)
{
	g_autofree gchar *url = g_strdup_printf("/v1/venues/%s/media/%s", venue, file);
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;

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
	sori_http_response_set_json(response, 201, NULL, root);
}

/* an upload as it comes: written, hashed, and its first bytes kept */
typedef struct {
	SoriFileWriter *writer;
	GError *error; /* the first write that failed; the rest are not tried */
} SoriAdminUpload;

static void
sori_admin_upload_free(SoriAdminUpload *upload)
{
	sori_file_writer_free(upload->writer);
	g_clear_error(&upload->error);
	g_free(upload);
}

static void
sori_admin_upload_chunk_cb(SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
	SoriAdminUpload *upload = user_data;
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(chunk, &len);

	if (upload->error == NULL)
		sori_file_writer_write(upload->writer, data, len, &upload->error);
}

/**
 * sori_admin_begin_upload:
 * @msg: a curator's upload, its token verified, its body not yet read
 *
 * The body goes to a file beside its destination as it comes, hashed on the
 * way, never held whole in memory.
 */
gboolean
sori_admin_begin_upload(SoriAdmin *self, SoupServerMessage *msg, GError **error)
{
	SoriAdminUpload *upload = g_new0(SoriAdminUpload, 1);

	upload->writer = sori_store_begin_media(self->store, error);
	if (upload->writer == NULL) {
		g_free(upload);
		return FALSE;
	}
	soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
	g_signal_connect(msg, "got-chunk", G_CALLBACK(sori_admin_upload_chunk_cb), upload);
	g_object_set_data_full(G_OBJECT(msg), "sori-upload", upload,
			       (GDestroyNotify) sori_admin_upload_free);
	return TRUE;
}

/* the content of an upload: streamed to a file, or (through no server) in memory */
typedef struct {
	const guint8 *head; /* what it starts with */
	gsize head_len;
	gsize len;
	gchar *digest;
	SoriAdminUpload *upload; /* nullable */
} SoriAdminUploadContent;

static gboolean
sori_admin_upload_content(const SoriHttpRequest *request, SoriAdminUploadContent *content,
			  GError **error)
{
	SoriAdminUpload *upload = request->msg != NULL
					  ? g_object_get_data(G_OBJECT(request->msg), "sori-upload")
					  : NULL;

	memset(content, 0, sizeof(*content));
	if (upload != NULL) {
		if (upload->error != NULL) {
			g_propagate_error(error, g_error_copy(upload->error));
			return FALSE;
		}
		content->upload = upload;
		content->head = sori_file_writer_get_head(upload->writer, &content->head_len);
		content->len = sori_file_writer_get_size(upload->writer);
		content->digest = g_strdup(sori_file_writer_get_digest(upload->writer));
		return TRUE;
	}
	if (request->body != NULL) {
		content->head = g_bytes_get_data(request->body, &content->len);
		content->head_len = content->len;
		content->digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, request->body);
	}
	return TRUE;
}

/* an upload being kept by the store, its message paused */
typedef struct {
	SoriAdmin *admin;
	SoupServerMessage *msg;
	gchar *venue;
	gchar *name;
	gchar *file;
	gchar *digest;
	gchar *curator;
	const SoriAdminMediaKind *kind;
	gsize len;
} SoriAdminKeep;

static void
sori_admin_keep_free(SoriAdminKeep *keep)
{
	g_object_unref(keep->admin);
	g_object_unref(keep->msg);
	g_free(keep->venue);
	g_free(keep->name);
	g_free(keep->file);
	g_free(keep->digest);
	g_free(keep->curator);
	g_free(keep);
}

static void
sori_admin_keep_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriAdminKeep *keep = user_data;
	g_autoptr(GError) error = NULL;
	g_auto(SoriHttpResponse) response = { 0 };
	SoriHttpRequest request = { 0 };

	request.path = g_uri_get_path(soup_server_message_get_uri(keep->msg));
	request.curator = keep->curator;
	if (!sori_store_commit_media_finish(SORI_STORE(source), result, &error)) {
		sori_http_response_set_error(&response, &request, error);
	} else {
		sori_admin_audit(keep->admin, &request, keep->venue, "upload-media", NULL);
		sori_admin_set_uploaded(&response, keep->venue, keep->name, keep->file, keep->kind,
					keep->len, keep->digest);
	}
	sori_route_finish(keep->msg, &response);
	sori_admin_keep_free(keep);
}

/**
 * sori_admin_handle_put_media:
 *
 * PUT /v1/admin/venues/{venue}/media/{name}: an upload, its declared type
 * checked against its content.
 */
gboolean
sori_admin_handle_put_media(gpointer admin, const SoriHttpRequest *request,
			    const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	const gchar *name = sori_route_match_get(match, "name");
	g_autofree gchar *declared = NULL;
	g_autofree gchar *digest = NULL;
	g_autofree gchar *file = NULL;
	g_autoptr(GError) error = NULL;
	const SoriAdminMediaKind *kind;
	const gchar *sniffed;
	SoriAdminUploadContent content;

	if (!sori_admin_upload_content(request, &content, &error)) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	digest = content.digest;
	if (request->content_type != NULL)
		declared = g_strstrip(
			g_strndup(request->content_type, strcspn(request->content_type, ";")));
	kind = sori_admin_media_kind_for_type(declared);
	if (kind == NULL) {
		sori_http_response_fail(
			response, request, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
			"upload images (image/jpeg, image/png, image/webp), narration "
			"(audio/mpeg, audio/ogg) with captions (text/vtt), or sign-language video "
			"(video/mp4, video/webm)");
		return TRUE;
	}
	if (content.len == 0 || content.len > kind->max_bytes) {
		sori_http_response_fail(response, request, SORI_PROBLEM_BODY_TOO_LARGE,
					"%s files are 1 byte to %" G_GSIZE_FORMAT " bytes",
					kind->mime_type, kind->max_bytes);
		return TRUE;
	}
	/* the content must be what the upload says it is */
	sniffed = sori_admin_sniff_media(content.head, content.head_len);
	if (g_strcmp0(sniffed, declared) != 0) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
					"'%s' was sent as %s, but its content is %s", name,
					declared, sniffed != NULL ? sniffed : "nothing sori takes");
		return TRUE;
	}
	file = g_strdup_printf("%s.%s", digest, kind->extension);
	/* streamed to the store's file, kept by the store (on PostgreSQL, the chunks go
	 * to the database from a thread), the message waiting meanwhile */
	if (content.upload != NULL && request->msg != NULL) {
		SoriAdminKeep *keep = g_new0(SoriAdminKeep, 1);
		keep->admin = g_object_ref(self);
		keep->msg = g_object_ref(request->msg);
		keep->venue = g_strdup(venue);
		keep->name = g_strdup(name);
		keep->file = g_strdup(file);
		keep->digest = g_strdup(digest);
		keep->curator = g_strdup(request->curator);
		keep->kind = kind;
		keep->len = content.len;
		soup_server_message_pause(request->msg);
		sori_store_commit_media_async(self->store, content.upload->writer, file, NULL,
					      sori_admin_keep_done_cb, keep);
		return FALSE;
	}
	if (content.upload != NULL
		    ? !sori_store_commit_media(self->store, content.upload->writer, file, &error)
		    : !sori_store_put_media(self->store, file, request->body, &error)) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	sori_admin_audit(self, request, venue, "upload-media", NULL);
	sori_admin_set_uploaded(response, venue, name, file, kind, content.len, digest);
	return TRUE;
}

/**
 * sori_admin_handle_get_media:
 *
 * GET /v1/venues/{venue}/media/{file}: an upload, public and immutable, with Range.
 */
gboolean
sori_admin_handle_get_media(gpointer admin, const SoriHttpRequest *request,
			    const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *file = sori_route_match_get(match, "file");
	const SoriAdminMediaKind *kind = sori_admin_media_kind_for_file(file);
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) bytes = NULL;

	if (kind == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_ROUTE,
					"no such media");
		return TRUE;
	}
	bytes = sori_store_get_media(self->store, file, &error);
	if (bytes == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	sori_http_response_set_stored(response, request, bytes, kind->mime_type, file);
	return TRUE;
}
