/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The route table: which path is whose, and what each route promises.
 */

#include "config.h"

#include <string.h>

#include "sori-admin.h"
#include "sori-api.h"
#include "sori-routes.h"
#include "sori-speech-service.h"
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
		{ "/", sori_webapp_handle, NULL, NULL },
		{ "/v/dasol-museum/e/moon-jar", sori_webapp_handle, NULL, NULL },
		/* the app's own router says whether a page is there */
		{ "/v/dasol-museum/", sori_webapp_handle, NULL, NULL },
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

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/route/lookup", test_lookup);
	g_test_add_func("/route/no-route", test_no_route);
	g_test_add_func("/route/promises", test_promises);
	g_test_add_func("/route/allows", test_allows);
	return g_test_run();
}
