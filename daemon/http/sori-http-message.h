/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "sori-problem.h"
#include "sori-representation.h"

G_BEGIN_DECLS

/* Retry-After of a venue still loading: a catalogue is read in well under this */
#define SORI_HTTP_VENUE_LOADING_RETRY_S 2

/* what a handler reads of a request, whichever front end it came through;
 * strings are borrowed */
typedef struct {
	const gchar *method;
	const gchar *path;  /* still percent-encoded */
	const gchar *query; /* nullable, still percent-encoded */
	const gchar *accept_language;
	const gchar *accept_encoding;
	const gchar *if_none_match;
	const gchar *range;         /* nullable */
	const gchar *if_range;      /* nullable */
	const gchar *content_type;  /* nullable */
	const gchar *authorization; /* nullable */
	const gchar *curator;       /* nullable: the name of the token that was verified */
	GBytes *body;               /* nullable */
	SoupServerMessage *msg;     /* nullable: %NULL on the fast path */
} SoriHttpRequest;

/* who may read an answer from another origin */
typedef enum {
	SORI_HTTP_CORS_PUBLIC, /* anyone: the data is public */
	SORI_HTTP_CORS_NONE,   /* nobody: the web app, the curators' API */
} SoriHttpCors;

/* an answer, written to the wire by either front end with the same headers */
typedef struct {
	guint status;
	SoriRepresentation *representation; /* nullable */
	gboolean gzip;
	gboolean send_body; /* FALSE for 304, 204 and HEAD */
	const gchar *cache_control;
	const gchar *vary;  /* nullable */
	const gchar *allow; /* nullable */
	SoriHttpCors cors;
	gboolean preflight;
	const gchar *preflight_headers;  /* Access-Control-Allow-Headers of a preflight */
	gboolean webapp;                 /* a file or page of the visitors' web app */
	const gchar *security_policy;    /* the web app's Content-Security-Policy */
	const gchar *permissions_policy; /* nullable: no camera, microphone or location */
	/* stored bytes (media, uploads, files) rather than a representation */
	GBytes *bytes;                 /* nullable: what is sent, already cut to the range */
	const gchar *bytes_type;       /* their Content-Type */
	gchar *etag;                   /* nullable, quoted */
	gchar *content_range;          /* nullable */
	gboolean accepts_ranges;       /* Accept-Ranges: bytes */
	gchar *location;               /* nullable: a redirect's */
	const gchar *www_authenticate; /* nullable */
	guint retry_after;             /* seconds; 0: no Retry-After */
} SoriHttpResponse;

void sori_http_response_clear(SoriHttpResponse *self);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SoriHttpResponse, sori_http_response_clear)

typedef void (*SoriHttpHeaderFunc)(const gchar *name, const gchar *value, gpointer user_data);
void sori_http_response_foreach_header(const SoriHttpResponse *self, SoriHttpHeaderFunc func,
				       gpointer user_data);
gboolean sori_http_response_is_cacheable(const SoriHttpResponse *self);
GBytes *sori_http_response_get_body(const SoriHttpResponse *self);

void sori_http_response_set_error(SoriHttpResponse *self, const SoriHttpRequest *request,
				  const GError *error);
void sori_http_response_fail(SoriHttpResponse *self, const SoriHttpRequest *request,
			     SoriProblem problem, const gchar *format, ...) G_GNUC_PRINTF(4, 5);
void sori_http_response_set_representation(SoriHttpResponse *self, const SoriHttpRequest *request,
					   SoriRepresentation *representation, const gchar *vary);
void sori_http_response_set_json(SoriHttpResponse *self, guint status, const gchar *content_type,
				 JsonNode *node);
void sori_http_response_set_body(SoriHttpResponse *self, guint status, const gchar *content_type,
				 GBytes *body);
void sori_http_response_set_stored(SoriHttpResponse *self, const SoriHttpRequest *request,
				   GBytes *bytes, const gchar *content_type, const gchar *name);
void sori_http_response_set_redirect(SoriHttpResponse *self, const gchar *location);
void sori_http_response_send(const SoriHttpResponse *self, SoupServerMessage *msg);
const gchar *sori_http_status_line(guint status);
GBytes *sori_http_response_build_head(const SoriHttpResponse *self, gboolean closing);
GBytes *sori_http_response_to_wire(const SoriHttpResponse *self, const gchar *date_line);
void sori_http_request_init_from_message(SoriHttpRequest *self, SoupServerMessage *msg);

gboolean sori_http_accepts_gzip(const gchar *accept_encoding);

G_END_DECLS
