/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where every path is served: the one route table. Each entry says its
 * methods, its handler (and the service it is called with), whether the
 * keep-alive fast path may answer it, whether it needs a curator's token,
 * the largest body it reads and how long a paused handler may take. Both
 * front ends look requests up here; adding a route is adding an entry.
 */

#include "config.h"

#include "sori-admin.h"
#include "sori-api.h"
#include "sori-locate.h"
#include "sori-markers.h"
#include "sori-metrics.h"
#include "sori-offline.h"
#include "sori-open-data.h"
#include "sori-openapi.h"
#include "sori-pages.h"
#include "sori-routes.h"
#include "sori-speech-service.h"
#include "sori-usage-api.h"
#include "sori-wayfinding.h"
#include "sori-webapp.h"

#define READ_ONLY "GET, HEAD, OPTIONS"
/* what a CORS preflight of the public API may ask to send */
#define API_HEADERS    "Accept-Language, Content-Type, If-None-Match"
#define SPEECH_HEADERS "Range, If-None-Match, Accept-Language"
/* a render waits for a worker, which is given 2 tries of 20 s (sori-speech-pool.c) */
#define SPEECH_DEADLINE_S 60

#define FAST    SORI_ROUTE_FLAG_FAST_PATH
#define TOKEN   (SORI_ROUTE_FLAG_TOKEN | SORI_ROUTE_FLAG_PRIVATE)
#define PRIVATE SORI_ROUTE_FLAG_PRIVATE
#define VENUES  SORI_ROUTE_SERVICE_VENUES
#define SPEECH  SORI_ROUTE_SERVICE_SPEECH
#define ADMIN   SORI_ROUTE_SERVICE_ADMIN
#define NONE    SORI_ROUTE_SERVICE_NONE

/* the first match wins */
static const SoriRoute sori_routes[] = {
	/* the public read API */
	{ "/healthz", READ_ONLY, VENUES, sori_api_handle_health, FAST, 0, 0, API_HEADERS },
	{ "/v1/venues", READ_ONLY, VENUES, sori_api_handle_venue_list, FAST, 0, 0, API_HEADERS },
	{ "/v1/venues/{venue}", READ_ONLY, VENUES, sori_api_handle_venue, FAST, 0, 0, API_HEADERS },
	{ "/v1/venues/{venue}/exhibits", READ_ONLY, VENUES, sori_api_handle_exhibits, FAST, 0, 0,
	  API_HEADERS },
	{ "/v1/venues/{venue}/exhibits/{exhibit}", READ_ONLY, VENUES, sori_api_handle_exhibit, FAST,
	  0, 0, API_HEADERS },
	{ "/v1/venues/{venue}/codes/{code}", READ_ONLY, VENUES, sori_api_handle_code, FAST, 0, 0,
	  API_HEADERS },
	{ "/v1/venues/{venue}/export", READ_ONLY, VENUES, sori_api_handle_export, FAST, 0, 0,
	  API_HEADERS },
	/* the API's own description, for those who write clients */
	{ "/v1/openapi.json", READ_ONLY, VENUES, sori_openapi_handle, FAST, 0, 0, API_HEADERS },
	/* what open-data portals harvest */
	{ "/v1/catalog.jsonld", READ_ONLY, VENUES, sori_open_data_handle_catalog, FAST, 0, 0,
	  API_HEADERS },
	{ "/v1/venues/{venue}/exhibits.csv", READ_ONLY, VENUES, sori_open_data_handle_exhibits_csv,
	  FAST, 0, 0, API_HEADERS },
	{ "/v1/venues/{venue}/access.csv", READ_ONLY, VENUES, sori_open_data_handle_access_csv,
	  FAST, 0, 0, API_HEADERS },
	{ "/v1/venues/{venue}/schema.jsonld", READ_ONLY, VENUES, sori_open_data_handle_schema, FAST,
	  0, 0, API_HEADERS },
	/* getting there: routes are computed per request, in well under a millisecond */
	{ "/v1/venues/{venue}/route", READ_ONLY, VENUES, sori_wayfinding_handle_route, FAST, 0, 0,
	  API_HEADERS },
	{ "/v1/venues/{venue}/places", READ_ONLY, VENUES, sori_wayfinding_handle_places, FAST, 0, 0,
	  API_HEADERS },
	/* the printed codes the camera page finds, and what each stands beside */
	{ "/v1/venues/{venue}/markers", READ_ONLY, VENUES, sori_markers_handle, FAST, 0, 0,
	  API_HEADERS },
	{ "/v1/venues/{venue}/map", READ_ONLY, VENUES, sori_wayfinding_handle_map, FAST, 0, 0,
	  API_HEADERS },
	/* what a phone keeps to use the venue without the network (app/offline.js) */
	{ "/v1/venues/{venue}/offline", READ_ONLY, VENUES, sori_offline_handle, FAST, 0, 0,
	  API_HEADERS },
	/* what the guides are used for, counted without anything of who */
	{ "/v1/venues/{venue}/usage", "GET, HEAD, POST, OPTIONS", VENUES, sori_usage_api_handle, 0,
	  SORI_USAGE_MAX_BODY, 0, API_HEADERS },
	{ "/v1/venues/{venue}/locate", "POST, OPTIONS", VENUES, sori_api_handle_locate, 0,
	  SORI_LOCATE_MAX_BODY, 0, API_HEADERS },
	/* speech: rendering may wait for a worker, which only libsoup's front end can */
	{ "/v1/venues/{venue}/exhibits/{exhibit}/audio", READ_ONLY, SPEECH,
	  sori_speech_service_handle_audio, 0, 0, SPEECH_DEADLINE_S, SPEECH_HEADERS },
	{ "/v1/venues/{venue}/exhibits/{exhibit}/captions", READ_ONLY, SPEECH,
	  sori_speech_service_handle_captions, 0, 0, SPEECH_DEADLINE_S, SPEECH_HEADERS },
	{ "/v1/venues/{venue}/route/audio", READ_ONLY, SPEECH,
	  sori_speech_service_handle_route_audio, 0, 0, SPEECH_DEADLINE_S, SPEECH_HEADERS },
	{ "/v1/venues/{venue}/route/captions", READ_ONLY, SPEECH,
	  sori_speech_service_handle_route_captions, 0, 0, SPEECH_DEADLINE_S, SPEECH_HEADERS },
	{ "/v1/media/{name}", READ_ONLY, SPEECH, sori_speech_service_handle_media, FAST, 0, 0,
	  SPEECH_HEADERS },
	/* curators' uploads, public; large files stay with libsoup, which streams its
	 * writes, where the fast path would copy what a slow reader leaves unread */
	{ "/v1/venues/{venue}/media/{file}", READ_ONLY, ADMIN, sori_admin_handle_get_media, 0, 0, 0,
	  SPEECH_HEADERS },
	/* the curators' API */
	{ "/v1/admin/token", "GET, HEAD", ADMIN, sori_admin_handle_token, TOKEN, 0, 0, NULL },
	{ "/v1/admin/venues/{venue}", "DELETE", ADMIN, sori_admin_handle_delete_venue, TOKEN, 0, 0,
	  NULL },
	{ "/v1/admin/venues/{venue}/catalogue", "GET, HEAD, PUT", ADMIN,
	  sori_admin_handle_catalogue, TOKEN, SORI_ADMIN_CATALOGUE_MAX,
	  SORI_ADMIN_PUBLISH_FETCH_DEADLINE_S, NULL },
	{ "/v1/admin/venues/{venue}/check", "POST", ADMIN, sori_admin_handle_check, TOKEN,
	  SORI_ADMIN_CATALOGUE_MAX, 0, NULL },
	{ "/v1/admin/venues/{venue}/speak", "POST", ADMIN, sori_admin_handle_speak, TOKEN,
	  SORI_ADMIN_SPEAK_MAX, SPEECH_DEADLINE_S, NULL },
	{ "/v1/admin/venues/{venue}/usage", "GET, HEAD", ADMIN, sori_admin_handle_usage, TOKEN, 0,
	  0, NULL },
	{ "/v1/admin/venues/{venue}/labels", "GET, HEAD", ADMIN, sori_admin_handle_labels, TOKEN, 0,
	  0, NULL },
	{ "/v1/admin/venues/{venue}/labels/markers", "GET, HEAD", ADMIN,
	  sori_admin_handle_marker_labels, TOKEN, 0, 0, NULL },
	{ "/v1/admin/venues/{venue}/catalogue.csv", "GET, HEAD", ADMIN,
	  sori_admin_handle_catalogue_csv, TOKEN, 0, 0, NULL },
	{ "/v1/admin/venues/{venue}/revisions", "GET, HEAD", ADMIN, sori_admin_handle_revisions,
	  TOKEN, 0, 0, NULL },
	{ "/v1/admin/venues/{venue}/revisions/{revision}", "GET, HEAD", ADMIN,
	  sori_admin_handle_revision, TOKEN, 0, 0, NULL },
	{ "/v1/admin/venues/{venue}/rollback", "POST", ADMIN, sori_admin_handle_rollback, TOKEN,
	  SORI_ADMIN_ROLLBACK_MAX, SORI_ADMIN_PUBLISH_FETCH_DEADLINE_S, NULL },
	{ "/v1/admin/venues/{venue}/media/{name}", "PUT", ADMIN, sori_admin_handle_put_media, TOKEN,
	  SORI_ADMIN_MEDIA_MAX, SORI_ADMIN_MEDIA_DEADLINE_S, NULL },
	{ "/v1/admin/venues/{venue}/beacons", "GET, HEAD", ADMIN, sori_admin_handle_beacons, TOKEN,
	  0, 0, NULL },
	/* the visitors' web app: its pages, rendered whole, and its files */
	{ "/", "GET, HEAD", VENUES, sori_pages_handle, FAST | PRIVATE, 0, 0, NULL },
	{ "/settings", "GET, HEAD", VENUES, sori_pages_handle, FAST | PRIVATE, 0, 0, NULL },
	/* what the service worker shows, offline, for a page never kept */
	{ "/offline", "GET, HEAD", VENUES, sori_pages_handle, FAST | PRIVATE, 0, 0, NULL },
	{ "/sw.js", "GET, HEAD", NONE, sori_webapp_handle, FAST | PRIVATE, 0, 0, NULL },
	{ "/manifest.webmanifest", "GET, HEAD", NONE, sori_webapp_handle, FAST | PRIVATE, 0, 0,
	  NULL },
	{ "/app/*", "GET, HEAD", NONE, sori_webapp_handle, FAST | PRIVATE, 0, 0, NULL },
	/* the curators' console: its page and files are public, its API is not */
	{ "/admin", "GET, HEAD", NONE, sori_webapp_handle, FAST | PRIVATE, 0, 0, NULL },
	{ "/admin/*", "GET, HEAD", NONE, sori_webapp_handle, FAST | PRIVATE, 0, 0, NULL },
	{ "/v/*", "GET, HEAD", VENUES, sori_pages_handle, FAST | PRIVATE, 0, 0, NULL },
};

/**
 * sori_routes_get_all:
 * @n_routes: (out): how many
 *
 * Returns: (array length=n_routes): every route sorid serves
 */
const SoriRoute *
sori_routes_get_all(guint *n_routes)
{
	*n_routes = G_N_ELEMENTS(sori_routes);
	return sori_routes;
}

/**
 * sori_routes_get_table:
 *
 * Returns: (transfer none): sorid's routes, looked up by path
 */
const SoriRouteTable *
sori_routes_get_table(void)
{
	static SoriRouteTable *table = NULL;
	if (g_once_init_enter(&table)) {
		const gchar *patterns[G_N_ELEMENTS(sori_routes)];
		/* the metrics' route label: each entry's pattern, never a client's path */
		for (guint i = 0; i < G_N_ELEMENTS(sori_routes); i++)
			patterns[i] = sori_routes[i].pattern;
		sori_metrics_declare_routes(patterns, G_N_ELEMENTS(sori_routes));
		g_once_init_leave(&table,
				  sori_route_table_new(sori_routes, G_N_ELEMENTS(sori_routes)));
	}
	return table;
}

/**
 * sori_routes_get_index:
 * @route: (nullable): a route of the table
 *
 * Returns: its place in the table; G_MAXUINT for %NULL (no route)
 */
guint
sori_routes_get_index(const SoriRoute *route)
{
	if (route == NULL || route < sori_routes
	    || route >= sori_routes + G_N_ELEMENTS(sori_routes))
		return G_MAXUINT;
	return (guint) (route - sori_routes);
}
