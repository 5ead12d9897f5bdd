/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-http-message.h"

G_BEGIN_DECLS

/* what a path may be */
#define SORI_ROUTE_PATH_MAX_LEN      1024
#define SORI_ROUTE_PATH_MAX_SEGMENTS 8

typedef enum {
	SORI_ROUTE_FLAG_NONE = 0,
	SORI_ROUTE_FLAG_FAST_PATH = 1 << 0, /* the keep-alive fast path may answer it */
	SORI_ROUTE_FLAG_TOKEN = 1 << 1,     /* a curator's token, checked before the handler */
	SORI_ROUTE_FLAG_PRIVATE = 1 << 2,   /* no CORS: not to be read by other origins */
	SORI_ROUTE_FLAG_UPLOAD = 1 << 3,    /* the body streams to a file, never held whole */
} SoriRouteFlags;

/* the captured segments of a path, percent-decoded */
typedef struct {
	const gchar *names[SORI_ROUTE_PATH_MAX_SEGMENTS];
	gchar *values[SORI_ROUTE_PATH_MAX_SEGMENTS];
	guint n_captures;
} SoriRouteMatch;

void sori_route_match_clear(SoriRouteMatch *self);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SoriRouteMatch, sori_route_match_clear)
const gchar *sori_route_match_get(const SoriRouteMatch *self, const gchar *name);

/*
 * A route's handler. It fills @response and returns %TRUE; or, on the
 * libsoup front end only (@request->msg set), it may pause the message,
 * return %FALSE and answer later with sori_route_finish().
 */
typedef gboolean (*SoriRouteHandler)(gpointer service, const SoriHttpRequest *request,
				     const SoriRouteMatch *match, SoriHttpResponse *response);

/**
 * SoriRoute:
 * @pattern: "/v1/venues/{venue}/exhibits/{exhibit}": literal segments and
 *	`{name}` captures; a last segment `*` takes one or more segments more
 * @allow: the methods, as the Allow header lists them
 * @service: which of the server's services @handler is called with
 * @handler: answers the request
 * @flags: #SoriRouteFlags
 * @max_body: the largest request body read, refused before it is read
 * @deadline_seconds: how long a paused handler may take before the server
 *	answers 503 for it; 0 for handlers that answer at once
 * @preflight_headers: (nullable): what a CORS preflight may ask to send
 */
typedef struct {
	const gchar *pattern;
	const gchar *allow;
	guint service;
	SoriRouteHandler handler;
	SoriRouteFlags flags;
	gsize max_body;
	guint deadline_seconds;
	const gchar *preflight_headers;
} SoriRoute;

typedef struct _SoriRouteTable SoriRouteTable;

SoriRouteTable *sori_route_table_new(const SoriRoute *routes, guint n_routes);
void sori_route_table_free(SoriRouteTable *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriRouteTable, sori_route_table_free)
const SoriRoute *sori_route_table_lookup(const SoriRouteTable *self, const gchar *path,
					 SoriRouteMatch *match);
gboolean sori_route_allows(const SoriRoute *self, const gchar *method);
void sori_route_finish(SoupServerMessage *msg, const SoriHttpResponse *response);
gboolean sori_route_is_finished(SoupServerMessage *msg);

G_END_DECLS
