/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "sori-representation.h"

/* below this, gzip's own header and trailer eat what it saves */
#define GZIP_MIN_BYTES 256

static void
sori_representation_free(SoriRepresentation *self)
{
	g_free(self->content_language);
	g_clear_pointer(&self->body, g_bytes_unref);
	g_clear_pointer(&self->body_gzip, g_bytes_unref);
	g_free(self->etag);
	g_free(self->etag_gzip);
	for (guint i = 0; i < G_N_ELEMENTS(self->wire_head); i++)
		g_clear_pointer(&self->wire_head[i], g_bytes_unref);
}

static GBytes *
sori_representation_gzip_bytes(GBytes *input, gint level)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(input, &len);
	z_stream zs = { 0 };
	gsize bound;
	guint8 *out;
	int rc;

	/* windowBits 15 + 16: a gzip wrapper, as Content-Encoding: gzip wants */
	if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	bound = deflateBound(&zs, len) + 32;
	out = g_malloc(bound);
	zs.next_in = (Bytef *) data;
	zs.avail_in = len;
	zs.next_out = out;
	zs.avail_out = bound;
	rc = deflate(&zs, Z_FINISH);
	deflateEnd(&zs);
	if (rc != Z_STREAM_END) {
		g_free(out);
		return NULL;
	}
	return g_bytes_new_take(g_realloc(out, zs.total_out), zs.total_out);
}

static gchar *
sori_representation_etag_for(GBytes *body, const gchar *suffix)
{
	g_autofree gchar *digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, body);
	/* 128 bits name a representation well enough */
	digest[32] = '\0';
	return g_strdup_printf("\"%s%s\"", digest, suffix);
}

/**
 * sori_representation_new_full:
 * @status: the HTTP status to answer with
 * @content_type: (not nullable): a static string
 * @content_language: (nullable): the language of the body
 * @body: the body
 * @etag_seed: (nullable): what names the body uniquely, when that is known
 *	more cheaply than the body's hash; %NULL to hash the body
 * @once: %TRUE for an answer made for one request, compressed quickly rather
 *	than as small as can be
 *
 * Returns: (transfer full): a representation, with its gzip form and ETags
 */
SoriRepresentation *
sori_representation_new_full(guint status, const gchar *content_type, const gchar *content_language,
			     GBytes *body, const gchar *etag_seed, gboolean once)
{
	SoriRepresentation *self = g_atomic_rc_box_new0(SoriRepresentation);
	g_autoptr(GBytes) seed
		= etag_seed != NULL ? g_bytes_new(etag_seed, strlen(etag_seed)) : g_bytes_ref(body);

	self->status = status;
	self->content_type = content_type;
	self->content_language = g_strdup(content_language);
	self->body = g_bytes_ref(body);
	self->etag = sori_representation_etag_for(seed, "");
	if (g_bytes_get_size(body) >= GZIP_MIN_BYTES) {
		g_autoptr(GBytes) gz = sori_representation_gzip_bytes(
			body, once ? Z_BEST_SPEED : Z_BEST_COMPRESSION);
		if (gz != NULL && g_bytes_get_size(gz) < g_bytes_get_size(body)) {
			self->body_gzip = g_steal_pointer(&gz);
			self->etag_gzip = sori_representation_etag_for(seed, "-gzip");
		}
	}
	return self;
}

/**
 * sori_representation_new:
 *
 * A representation kept for many requests: sori_representation_new_full()
 * with the body's own hash for its ETag and the best compression.
 *
 * Returns: (transfer full): a representation
 */
SoriRepresentation *
sori_representation_new(guint status, const gchar *content_type, const gchar *content_language,
			GBytes *body)
{
	return sori_representation_new_full(status, content_type, content_language, body, NULL,
					    FALSE);
}

/**
 * sori_representation_new_json_full:
 * @node: the JSON to serialize, compact
 *
 * Returns: (transfer full): a representation of @node; see
 *	sori_representation_new_full()
 */
SoriRepresentation *
sori_representation_new_json_full(guint status, const gchar *content_type,
				  const gchar *content_language, JsonNode *node,
				  const gchar *etag_seed, gboolean once)
{
	g_autoptr(JsonGenerator) generator = json_generator_new();
	g_autoptr(GBytes) body = NULL;
	gsize len = 0;
	gchar *data;

	json_generator_set_root(generator, node);
	data = json_generator_to_data(generator, &len);
	body = g_bytes_new_take(data, len);
	return sori_representation_new_full(status, content_type, content_language, body, etag_seed,
					    once);
}

/**
 * sori_representation_new_json:
 * @node: the JSON to serialize
 *
 * Returns: (transfer full): a representation of @node, compact
 */
SoriRepresentation *
sori_representation_new_json(guint status, const gchar *content_type, const gchar *content_language,
			     JsonNode *node)
{
	return sori_representation_new_json_full(status, content_type, content_language, node, NULL,
						 FALSE);
}

SoriRepresentation *
sori_representation_ref(SoriRepresentation *self)
{
	return g_atomic_rc_box_acquire(self);
}

void
sori_representation_unref(SoriRepresentation *self)
{
	if (self == NULL)
		return;
	g_atomic_rc_box_release_full(self, (GDestroyNotify) sori_representation_free);
}

/**
 * sori_http_etag_matches:
 * @if_none_match: (nullable): the If-None-Match header
 * @etag: a quoted, strong ETag
 *
 * RFC 9110 weak comparison, as If-None-Match asks: `W/"x"` matches `"x"`;
 * `*` matches anything; a list matches when one of its tags does.
 *
 * Returns: %TRUE when the client already has what @etag names
 */
gboolean
sori_http_etag_matches(const gchar *if_none_match, const gchar *etag)
{
	gsize etag_len = strlen(etag);
	const gchar *p = if_none_match;

	if (if_none_match == NULL)
		return FALSE;
	while (*p != '\0') {
		const gchar *start;
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return TRUE;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"')
			return FALSE;
		start = p;
		p = strchr(p + 1, '"');
		if (p == NULL)
			return FALSE;
		p++;
		if ((gsize) (p - start) == etag_len && memcmp(start, etag, etag_len) == 0)
			return TRUE;
	}
	return FALSE;
}

/**
 * sori_representation_matches_etag:
 * @if_none_match: (nullable): the If-None-Match header
 * @gzip: whether the gzip form would be sent
 *
 * Returns: %TRUE when the client already has this representation
 */
gboolean
sori_representation_matches_etag(SoriRepresentation *self, const gchar *if_none_match,
				 gboolean gzip)
{
	return sori_http_etag_matches(
		if_none_match, gzip && self->etag_gzip != NULL ? self->etag_gzip : self->etag);
}
