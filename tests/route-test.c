/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The route table: which path is whose, what each route promises, and that
 * the OpenAPI document describes exactly the routes there are.
 */

#include "config.h"

#include <string.h>

#include "sori-admin.h"
#include "sori-api.h"
#include "sori-openapi.h"
#include "sori-routes.h"
#include "sori-speech-service.h"
#include "sori-pages.h"
#include "sori-webapp.h"

static void
test_lookup(void)
{
	struct {
		const gchar *path;
		SoriRouteHandler handler;
		const gchar *capture;
		const gchar *value;
	} cases[] = {
		{ "/healthz", sori_api_handle_health, NULL, NULL },
		{ "/v1/venues", sori_api_handle_venue_list, NULL, NULL },
		{ "/v1/venues/dasol-museum", sori_api_handle_venue, "venue", "dasol-museum" },
		{ "/v1/venues/dasol-museum/exhibits/moon-jar", sori_api_handle_exhibit, "exhibit",
		  "moon-jar" },
		/* captures are percent-decoded */
		{ "/v1/venues/dasol%2Dmuseum/codes/101", sori_api_handle_code, "venue",
		  "dasol-museum" },
		{ "/v1/venues/v/exhibits/e/audio", sori_speech_service_handle_audio, "exhibit",
		  "e" },
		{ "/v1/venues/v/exhibits/e/captions", sori_speech_service_handle_captions, "venue",
		  "v" },
		{ "/v1/media/abc.mp3", sori_speech_service_handle_media, "name", "abc.mp3" },
		{ "/v1/venues/v/media/f.png", sori_admin_handle_get_media, "file", "f.png" },
		{ "/v1/admin/venues/v/catalogue", sori_admin_handle_catalogue, "venue", "v" },
		{ "/v1/admin/venues/v/revisions/r1", sori_admin_handle_revision, "revision", "r1" },
		{ "/", sori_pages_handle, NULL, NULL },
		{ "/v/dasol-museum/e/moon-jar", sori_pages_handle, NULL, NULL },
		/* the pages' own handler says whether a page is there */
		{ "/v/dasol-museum/", sori_pages_handle, NULL, NULL },
		{ "/app/main.js", sori_webapp_handle, NULL, NULL },
	};
	const SoriRouteTable *table = sori_routes_get_table();

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_auto(SoriRouteMatch) match = { 0 };
		const SoriRoute *route = sori_route_table_lookup(table, cases[i].path, &match);
		g_test_message("%s", cases[i].path);
		g_assert_nonnull(route);
		g_assert_true(route->handler == cases[i].handler);
		if (cases[i].capture != NULL)
			g_assert_cmpstr(sori_route_match_get(&match, cases[i].capture), ==,
					cases[i].value);
	}
}

static void
test_no_route(void)
{
	const gchar *paths[] = {
		"/wp-login.php",
		"/v1",
		"/v1/venues/",
		"/v1/venues//exhibits",
		"/v1/venues/v/exhibits/e/more",
		"/v1/venues/v/things",
		/* an encoded '/' or NUL does not make a segment */
		"/v1/venues/a%2Fb",
		"/v1/venues/a%00b",
		/* nor bytes that are not UTF-8: no id is, and answers name it */
		"/v1/venues/%FF",
		"/v1/venues/dasol-museum/exhibits/%C3%28",
		"v1/venues",
		"",
		"/v1/venues/v/exhibits/e/audio/x/y/z/w",
	};
	g_autofree gchar *long_path = g_strnfill(SORI_ROUTE_PATH_MAX_LEN + 1, 'a');
	const SoriRouteTable *table = sori_routes_get_table();

	long_path[0] = '/';
	for (guint i = 0; i < G_N_ELEMENTS(paths); i++) {
		g_auto(SoriRouteMatch) match = { 0 };
		g_test_message("%s", paths[i]);
		g_assert_null(sori_route_table_lookup(table, paths[i], &match));
		g_assert_cmpuint(match.n_captures, ==, 0);
	}
	{
		g_auto(SoriRouteMatch) match = { 0 };
		g_assert_null(sori_route_table_lookup(table, long_path, &match));
	}
}

/* what every route promises, whatever a later entry adds */
static void
test_promises(void)
{
	guint n = 0;
	const SoriRoute *routes = sori_routes_get_all(&n);

	g_assert_cmpuint(n, >, 20);
	for (guint i = 0; i < n; i++) {
		const SoriRoute *route = &routes[i];
		gboolean reads
			= sori_route_allows(route, "GET") || sori_route_allows(route, "HEAD");
		g_test_message("%s", route->pattern);
		g_assert_nonnull(route->handler);
		g_assert_true(route->pattern[0] == '/');
		g_assert_cmpuint(route->service, <, SORI_ROUTE_SERVICE_LAST);
		/* HEAD wherever GET */
		g_assert_true(sori_route_allows(route, "GET") == sori_route_allows(route, "HEAD"));
		/* a curator's route is never read across origins nor on the fast path */
		if ((route->flags & SORI_ROUTE_FLAG_TOKEN) != 0) {
			g_assert_true((route->flags & SORI_ROUTE_FLAG_PRIVATE) != 0);
			g_assert_true((route->flags & SORI_ROUTE_FLAG_FAST_PATH) == 0);
			/* it names the venue the token must cover; but for the token's own */
			if (g_strcmp0(route->pattern, "/v1/admin/token") != 0)
				g_assert_nonnull(strstr(route->pattern, "{venue}"));
			else
				g_assert_null(strchr(route->pattern, '{'));
		}
		/* the fast path reads no body and cannot wait */
		if ((route->flags & SORI_ROUTE_FLAG_FAST_PATH) != 0) {
			g_assert_cmpuint(route->max_body, ==, 0);
			g_assert_cmpuint(route->deadline_seconds, ==, 0);
			g_assert_true(reads);
		}
		/* only a route that takes a body reads one */
		if (route->max_body > 0)
			g_assert_true(sori_route_allows(route, "POST")
				      || sori_route_allows(route, "PUT"));
		/* a preflight needs to know what it may allow */
		if (sori_route_allows(route, "OPTIONS"))
			g_assert_nonnull(route->preflight_headers);
	}
}

static void
test_allows(void)
{
	SoriRoute route = { .allow = "GET, HEAD, OPTIONS" };
	g_assert_true(sori_route_allows(&route, "GET"));
	g_assert_true(sori_route_allows(&route, "OPTIONS"));
	g_assert_false(sori_route_allows(&route, "GE"));
	g_assert_false(sori_route_allows(&route, "POST"));
	g_assert_false(sori_route_allows(&route, "get"));
	g_assert_false(sori_route_allows(&route, ""));
}

/* a route's pattern as OpenAPI paths begin: a last segment of "*" is a parameter there */
static gboolean
openapi_has_path_for(JsonObject *paths, const gchar *pattern, GPtrArray *covered)
{
	g_autofree gchar *prefix = NULL;
	gboolean found = FALSE;
	JsonObjectIter iter;
	const gchar *path;

	if (!g_str_has_suffix(pattern, "/*")) {
		if (!json_object_has_member(paths, pattern))
			return FALSE;
		g_ptr_array_add(covered, g_strdup(pattern));
		return TRUE;
	}
	prefix = g_strndup(pattern, strlen(pattern) - 1);
	json_object_iter_init(&iter, paths);
	while (json_object_iter_next(&iter, &path, NULL)) {
		/* the rest is parameters only: "/v/{venue}/{page}" */
		g_auto(GStrv) rest = NULL;
		gboolean parameters = TRUE;
		if (!g_str_has_prefix(path, prefix) || path[strlen(prefix)] != '{')
			continue;
		rest = g_strsplit(path + strlen(prefix), "/", -1);
		for (guint i = 0; rest[i] != NULL; i++)
			parameters = parameters && rest[i][0] == '{';
		if (parameters) {
			g_ptr_array_add(covered, g_strdup(path));
			found = TRUE;
		}
	}
	return found;
}

static void
test_openapi(void)
{
	static const gchar *const methods[] = { "GET", "PUT", "POST", "DELETE", "PATCH", NULL };
	GBytes *bytes = sori_openapi_get_document();
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) covered = g_ptr_array_new_with_free_func(g_free);
	JsonObject *root;
	JsonObject *paths;
	JsonObjectIter iter;
	const gchar *path;
	JsonNode *item;
	guint n_routes;
	const SoriRoute *routes = sori_routes_get_all(&n_routes);

	g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(bytes, NULL),
						 (gssize) g_bytes_get_size(bytes), &error));
	g_assert_no_error(error);
	root = json_node_get_object(json_parser_get_root(parser));
	g_assert_cmpstr(json_object_get_string_member(root, "openapi"), ==, "3.1.0");
	paths = json_object_get_object_member(root, "paths");

	/* every route, with every method it takes, is in the document */
	for (guint i = 0; i < n_routes; i++) {
		g_auto(GStrv) allow = g_strsplit(routes[i].allow, ", ", -1);
		guint from = covered->len;
		g_test_message("%s %s", routes[i].allow, routes[i].pattern);
		if (!openapi_has_path_for(paths, routes[i].pattern, covered))
			g_error("%s is not in daemon/api/openapi.json", routes[i].pattern);
		for (guint c = from; c < covered->len; c++) {
			JsonObject *ops = json_object_get_object_member(
				paths, g_ptr_array_index(covered, c));
			for (guint m = 0; allow[m] != NULL; m++) {
				g_autofree gchar *op = g_ascii_strdown(allow[m], -1);
				if (g_strv_contains(methods, allow[m])
				    && !json_object_has_member(ops, op))
					g_error("%s %s is not in daemon/api/openapi.json", allow[m],
						(const gchar *) g_ptr_array_index(covered, c));
			}
		}
	}
	/* and the document has nothing the table does not serve */
	json_object_iter_init(&iter, paths);
	while (json_object_iter_next(&iter, &path, &item)) {
		JsonObjectIter ops;
		const gchar *op;
		gboolean served = FALSE;
		for (guint c = 0; c < covered->len; c++)
			served = served || g_str_equal(path, g_ptr_array_index(covered, c));
		if (!served)
			g_error("openapi.json has %s, which no route serves", path);
		json_object_iter_init(&ops, json_node_get_object(item));
		while (json_object_iter_next(&ops, &op, NULL)) {
			g_autofree gchar *method = g_ascii_strup(op, -1);
			gboolean allowed = FALSE;
			if (!g_strv_contains(methods, method))
				continue;
			for (guint i = 0; i < n_routes; i++) {
				g_auto(GStrv) allow = g_strsplit(routes[i].allow, ", ", -1);
				g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func(g_free);
				if (openapi_has_path_for(paths, routes[i].pattern, mine)
				    && g_strv_contains((const gchar *const *) allow, method)) {
					for (guint c = 0; c < mine->len; c++)
						allowed = allowed
							  || g_str_equal(
								  path, g_ptr_array_index(mine, c));
				}
			}
			if (!allowed)
				g_error("openapi.json has %s %s, which no route takes", method,
					path);
		}
	}
}

/* nginx's size in bytes: 16k, 16m, 1024 */
static guint64
nginx_size(const gchar *text)
{
	gchar *end = NULL;
	guint64 n = g_ascii_strtoull(text, &end, 10);
	if (*end == 'k' || *end == 'K')
		return n * 1024;
	if (*end == 'm' || *end == 'M')
		return n * 1024 * 1024;
	if (*end == 'g' || *end == 'G')
		return n * 1024 * 1024 * 1024;
	return n;
}

/* the TLS front (data/nginx/sori.conf, data/cluster/sori-cluster.conf) lets every
 * route's body through */
static void
check_nginx_body_limits(const gchar *folder, const gchar *file)
{
	g_autofree gchar *path
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "..", folder, file, NULL);
	g_autofree gchar *text = NULL;
	g_autoptr(GRegex) location = g_regex_new(
		"location ~ (\\S+) \\{[^}]*?client_max_body_size (\\w+);", G_REGEX_DOTALL, 0, NULL);
	g_autoptr(GMatchInfo) info = NULL;
	g_autoptr(GPtrArray) regexes
		= g_ptr_array_new_with_free_func((GDestroyNotify) g_regex_unref);
	g_autoptr(GArray) sizes = g_array_new(FALSE, FALSE, sizeof(guint64));
	guint n_routes;
	const SoriRoute *routes = sori_routes_get_all(&n_routes);

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_regex_match(location, text, 0, &info);
	while (g_match_info_matches(info)) {
		g_autofree gchar *re = g_match_info_fetch(info, 1);
		g_autofree gchar *size = g_match_info_fetch(info, 2);
		guint64 n = nginx_size(size);
		g_ptr_array_add(regexes, g_regex_new(re, 0, 0, NULL));
		g_array_append_val(sizes, n);
		g_match_info_next(info, NULL);
	}
	g_assert_cmpuint(regexes->len, >=, 5);
	for (guint i = 0; i < n_routes; i++) {
		g_autoptr(GRegex) capture = g_regex_new("\\{[a-z]+\\}", 0, 0, NULL);
		g_autofree gchar *sample = NULL;
		gboolean found = FALSE;
		if (routes[i].max_body == 0)
			continue;
		sample = g_regex_replace_literal(capture, routes[i].pattern, -1, 0, "x", 0, NULL);
		/* nginx takes the first regular expression that matches */
		for (guint r = 0; r < regexes->len && !found; r++) {
			if (!g_regex_match(g_ptr_array_index(regexes, r), sample, 0, NULL))
				continue;
			found = TRUE;
			g_test_message("%s: nginx lets %" G_GUINT64_FORMAT
				       ", sorid reads %" G_GSIZE_FORMAT,
				       routes[i].pattern, g_array_index(sizes, guint64, r),
				       routes[i].max_body);
			g_assert_cmpuint(g_array_index(sizes, guint64, r), >=, routes[i].max_body);
		}
		if (!found)
			g_error("data/%s/%s refuses the body of %s", folder, file,
				routes[i].pattern);
	}
}

static void
test_nginx_body_limits(void)
{
	check_nginx_body_limits("nginx", "sori.conf");
	check_nginx_body_limits("cluster", "sori-cluster.conf");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/route/lookup", test_lookup);
	g_test_add_func("/route/no-route", test_no_route);
	g_test_add_func("/route/promises", test_promises);
	g_test_add_func("/route/allows", test_allows);
	g_test_add_func("/route/openapi", test_openapi);
	g_test_add_func("/route/nginx-body-limits", test_nginx_body_limits);
	return g_test_run();
}
