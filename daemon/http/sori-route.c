/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Route tables: which path is whose, with its methods, limits and flags.
 * The table itself (daemon/server/sori-routes.c) is the one place that says
 * where a path is served; both front ends and everything that asks "is this
 * mine?" look it up here.
 */

#include "config.h"

#include <string.h>

#include "sori-route.h"

typedef struct {
	const SoriRoute *route;
	gchar **segments; /* literal, "{name}" or "*" */
	gchar **names;    /* each "{name}" segment's name; %NULL for the others */
	guint n_segments;
	gboolean rest; /* the last segment is "*" */
} SoriCompiledRoute;

struct _SoriRouteTable {
	SoriCompiledRoute *routes;
	guint n_routes;
};

void
sori_route_match_clear(SoriRouteMatch *self)
{
	for (guint i = 0; i < self->n_captures; i++)
		g_clear_pointer(&self->values[i], g_free);
	self->n_captures = 0;
}

/**
 * sori_route_match_get:
 * @name: a capture's name in the route's pattern, without braces
 *
 * Returns: (nullable): the decoded segment captured as @name
 */
const gchar *
sori_route_match_get(const SoriRouteMatch *self, const gchar *name)
{
	for (guint i = 0; i < self->n_captures; i++) {
		if (g_strcmp0(self->names[i], name) == 0)
			return self->values[i];
	}
	return NULL;
}

/**
 * sori_route_table_new:
 * @routes: (array length=n_routes): the routes, the first match winning;
 *	they must outlive the table
 *
 * Returns: (transfer full): the routes, their patterns split once
 */
SoriRouteTable *
sori_route_table_new(const SoriRoute *routes, guint n_routes)
{
	SoriRouteTable *self = g_new0(SoriRouteTable, 1);

	self->routes = g_new0(SoriCompiledRoute, n_routes);
	self->n_routes = n_routes;
	for (guint i = 0; i < n_routes; i++) {
		SoriCompiledRoute *compiled = &self->routes[i];
		g_return_val_if_fail(routes[i].pattern[0] == '/', self);
		compiled->route = &routes[i];
		compiled->segments = routes[i].pattern[1] == '\0'
					     ? g_new0(gchar *, 1)
					     : g_strsplit(routes[i].pattern + 1, "/", -1);
		compiled->n_segments = g_strv_length(compiled->segments);
		compiled->names = g_new0(gchar *, compiled->n_segments + 1);
		for (guint s = 0; s < compiled->n_segments; s++) {
			const gchar *segment = compiled->segments[s];
			gsize len = strlen(segment);
			if (len >= 2 && segment[0] == '{' && segment[len - 1] == '}')
				compiled->names[s] = g_strndup(segment + 1, len - 2);
		}
		compiled->rest = compiled->n_segments > 0
				 && g_str_equal(compiled->segments[compiled->n_segments - 1], "*");
	}
	return self;
}

void
sori_route_table_free(SoriRouteTable *self)
{
	if (self == NULL)
		return;
	for (guint i = 0; i < self->n_routes; i++) {
		for (guint s = 0; s < self->routes[i].n_segments; s++)
			g_free(self->routes[i].names[s]);
		g_free(self->routes[i].names);
		g_strfreev(self->routes[i].segments);
	}
	g_free(self->routes);
	g_free(self);
}

/* the raw segments of @path, or 0 for a path that cannot name a resource */
static guint
sori_route_split_path(const gchar *path, const gchar **starts, gsize *lens)
{
	const gchar *p;
	guint n = 0;

	if (path == NULL || path[0] != '/' || strlen(path) > SORI_ROUTE_PATH_MAX_LEN)
		return G_MAXUINT;
	if (path[1] == '\0')
		return 0;
	p = path + 1;
	while (TRUE) {
		const gchar *slash = strchr(p, '/');
		gsize len = slash != NULL ? (gsize) (slash - p) : strlen(p);
		/* empty segments ("//", a trailing '/') only a '*' takes */
		if (n == SORI_ROUTE_PATH_MAX_SEGMENTS)
			return G_MAXUINT;
		starts[n] = p;
		lens[n] = len;
		n++;
		if (slash == NULL)
			return n;
		p = slash + 1;
	}
}

static gboolean
sori_route_matches(const SoriCompiledRoute *compiled, const gchar **starts, const gsize *lens,
		   guint n)
{
	guint fixed = compiled->rest ? compiled->n_segments - 1 : compiled->n_segments;

	if (compiled->rest ? n < compiled->n_segments : n != compiled->n_segments)
		return FALSE;
	for (guint i = 0; i < fixed; i++) {
		const gchar *segment = compiled->segments[i];
		if (lens[i] == 0)
			return FALSE;
		if (segment[0] == '{')
			continue;
		if (strlen(segment) != lens[i] || memcmp(segment, starts[i], lens[i]) != 0)
			return FALSE;
	}
	return TRUE;
}

/**
 * sori_route_table_lookup:
 * @path: a request's path, still percent-encoded
 * @match: (out caller-allocates): zero-initialized; the captures, decoded
 *
 * Returns: (nullable): the first route whose pattern @path matches; %NULL
 *	for a path no route has, one too long, or one with a capture that does
 *	not decode (an encoded '/' or NUL, not UTF-8, an empty segment)
 */
const SoriRoute *
sori_route_table_lookup(const SoriRouteTable *self, const gchar *path, SoriRouteMatch *match)
{
	const gchar *starts[SORI_ROUTE_PATH_MAX_SEGMENTS];
	gsize lens[SORI_ROUTE_PATH_MAX_SEGMENTS];
	guint n = sori_route_split_path(path, starts, lens);

	if (n == G_MAXUINT)
		return NULL;
	for (guint i = 0; i < self->n_routes; i++) {
		const SoriCompiledRoute *compiled = &self->routes[i];
		if (!sori_route_matches(compiled, starts, lens, n))
			continue;
		for (guint s = 0; s < compiled->n_segments; s++) {
			const gchar *segment = compiled->segments[s];
			g_autofree gchar *raw = NULL;
			gchar *value;
			if (segment[0] != '{')
				continue;
			raw = g_strndup(starts[s], lens[s]);
			value = g_uri_unescape_string(raw, "/");
			if (value == NULL || *value == '\0' || !g_utf8_validate(value, -1, NULL)) {
				g_free(value);
				sori_route_match_clear(match);
				return NULL;
			}
			match->names[match->n_captures] = compiled->names[s];
			match->values[match->n_captures++] = value;
		}
		return compiled->route;
	}
	return NULL;
}

/**
 * sori_route_allows:
 * @method: a request's method
 *
 * Returns: %TRUE when @method is one of the route's
 */
gboolean
sori_route_allows(const SoriRoute *self, const gchar *method)
{
	gsize len = strlen(method);
	for (const gchar *p = self->allow; p != NULL && *p != '\0';) {
		const gchar *comma = strchr(p, ',');
		gsize n = comma != NULL ? (gsize) (comma - p) : strlen(p);
		if (n == len && memcmp(p, method, len) == 0)
			return TRUE;
		if (comma == NULL)
			break;
		p = comma + 1;
		while (*p == ' ')
			p++;
	}
	return FALSE;
}

/**
 * sori_route_finish:
 * @msg: a message a handler paused
 *
 * Answers a paused message, once: an answer that comes after the route's
 * deadline was answered for it is dropped.
 */
void
sori_route_finish(SoupServerMessage *msg, const SoriHttpResponse *response)
{
	if (sori_route_is_finished(msg))
		return;
	g_object_set_data(G_OBJECT(msg), "sori-finished", GINT_TO_POINTER(1));
	sori_http_response_send(response, msg);
	soup_server_message_unpause(msg);
}

/**
 * sori_route_is_finished:
 *
 * Returns: %TRUE once sori_route_finish() answered @msg
 */
gboolean
sori_route_is_finished(SoupServerMessage *msg)
{
	return g_object_get_data(G_OBJECT(msg), "sori-finished") != NULL;
}
