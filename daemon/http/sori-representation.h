/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * One HTTP representation, serialized once and served many times: the JSON
 * body, its gzip form when that is smaller, and the ETag of each.
 */
typedef struct {
	guint status;
	const gchar *content_type; /* static */
	gchar *content_language;   /* nullable */
	GBytes *body;
	GBytes *body_gzip; /* nullable: absent when gzip would not pay */
	gchar *etag;       /* quoted, strong */
	gchar *etag_gzip;  /* nullable */
	/* the fast path's response headers, Date and status line excepted, built on
	 * first use; index: 2 × gzip + (status 304) */
	GBytes *wire_head[4];
} SoriRepresentation;

SoriRepresentation *sori_representation_new(guint status, const gchar *content_type,
					    const gchar *content_language, GBytes *body);
SoriRepresentation *sori_representation_new_full(guint status, const gchar *content_type,
						 const gchar *content_language, GBytes *body,
						 const gchar *etag_seed, gboolean once);
SoriRepresentation *sori_representation_new_json_full(guint status, const gchar *content_type,
						      const gchar *content_language, JsonNode *node,
						      const gchar *etag_seed, gboolean once);
SoriRepresentation *sori_representation_new_json(guint status, const gchar *content_type,
						 const gchar *content_language, JsonNode *node);
SoriRepresentation *sori_representation_ref(SoriRepresentation *self);
void sori_representation_unref(SoriRepresentation *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriRepresentation, sori_representation_unref)

gboolean sori_http_etag_matches(const gchar *if_none_match, const gchar *etag);
gboolean sori_representation_matches_etag(SoriRepresentation *self, const gchar *if_none_match,
					  gboolean gzip);

G_END_DECLS
