/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-representation.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

/* what the public read API needs of a request; strings are borrowed */
typedef struct {
	const gchar *method;
	const gchar *path;  /* still percent-encoded */
	const gchar *query; /* nullable, still percent-encoded */
	const gchar *accept_language;
	const gchar *accept_encoding;
	const gchar *if_none_match;
	const gchar *content_type; /* nullable */
	GBytes *body;              /* nullable */
} SoriApiRequest;

typedef struct {
	guint status;
	SoriRepresentation *representation; /* nullable for 204 */
	gboolean gzip;
	gboolean send_body; /* FALSE for 304, 204 and HEAD */
	const gchar *cache_control;
	const gchar *vary;  /* nullable */
	const gchar *allow; /* nullable */
	gboolean preflight;
	gboolean webapp; /* a file or page of the visitors' web app */
} SoriApiResponse;

void sori_api_response_clear(SoriApiResponse *response);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SoriApiResponse, sori_api_response_clear)

typedef void (*SoriApiHeaderFunc)(const gchar *name, const gchar *value, gpointer user_data);
void sori_api_response_foreach_header(const SoriApiResponse *response, SoriApiHeaderFunc func,
				      gpointer user_data);
gboolean sori_api_response_is_cacheable(const SoriApiResponse *response);
GBytes *sori_api_response_get_body(const SoriApiResponse *response);

void sori_api_handle(SoriVenueStore *store, const SoriApiRequest *request,
		     SoriApiResponse *response);

G_END_DECLS
