/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The public read API's handlers. Each maps a request to a representation
 * that was serialized once per catalogue version and language; both HTTP
 * front ends call them, so they answer with the same bytes and headers.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>

#include "sori-api.h"
#include "sori-locate.h"
#include "sori-query.h"
#include "sori-views.h"

#define JSON_CONTENT_TYPE "application/json"
#define VARY_LANGUAGE     "Accept-Language, Accept-Encoding"

typedef enum {
	SORI_API_VIEW_VENUE,
	SORI_API_VIEW_EXHIBITS,
	SORI_API_VIEW_EXHIBIT,
	SORI_API_VIEW_CODE,
	SORI_API_VIEW_EXPORT,
} SoriApiViewKind;

typedef struct {
	SoriApiViewKind kind;
	const gchar *lang;
	SoriExhibit *exhibit;
	SoriGallery *gallery;
	const gchar *code;
	const SoriTarget *target;
} SoriApiView;

/**
 * sori_api_lookup_venue:
 * @venue_id: from the path
 * @error: unknown-venue, or venue-unavailable for one whose catalogue did not load
 *
 * Returns: (transfer none) (nullable): the venue as it is served now
 */
SoriVenueSnapshot *
sori_api_lookup_venue(SoriVenueStore *store, const gchar *venue_id, GError **error)
{
	gboolean reading = FALSE;
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup_nowait(store, venue_id, &reading);

	if (snapshot != NULL)
		return snapshot;
	/* idle: read in a worker thread, the server pausing the request meanwhile */
	if (reading)
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_VENUE_LOADING,
			    "venue '%s' is being read; try again in a moment", venue_id);
	else if (sori_venue_store_is_failed(store, venue_id))
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_VENUE_UNAVAILABLE,
			    "the catalogue of venue '%s' did not load; its staff have been told in "
			    "the server log",
			    venue_id);
	else if (sori_venue_store_is_loading(store, venue_id))
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_VENUE_LOADING,
			    "venue '%s' is still being loaded; try again in a moment", venue_id);
	else
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE,
			    "there is no venue '%s'", venue_id);
	return NULL;
}

static SoriRepresentation *
sori_api_build_view_cb(SoriVenueSnapshot *snapshot, gpointer user_data)
{
	SoriApiView *view = user_data;
	SoriCatalogue *catalogue = snapshot->catalogue;
	g_autoptr(JsonNode) node = NULL;
	const gchar *lang = view->lang;

	switch (view->kind) {
	case SORI_API_VIEW_VENUE:
		node = sori_view_venue(catalogue, lang);
		break;
	case SORI_API_VIEW_EXHIBITS:
		node = sori_view_exhibit_list(catalogue, lang, view->gallery);
		break;
	case SORI_API_VIEW_EXHIBIT:
		node = sori_view_exhibit(catalogue, view->exhibit, lang);
		break;
	case SORI_API_VIEW_CODE:
		node = sori_view_code(catalogue, view->code, view->target, lang);
		break;
	case SORI_API_VIEW_EXPORT:
	default:
		node = sori_view_export(catalogue);
		lang = NULL;
		break;
	}
	return sori_representation_new_json(200, JSON_CONTENT_TYPE, lang, node);
}

/* the view, built once per catalogue version, kind, id and language */
static void
sori_api_serve_view(const SoriHttpRequest *request, SoriHttpResponse *response,
		    SoriVenueSnapshot *snapshot, SoriApiView *view, const gchar *id)
{
	static const gchar *const kind_names[] = { "v", "l", "e", "c", "x" };
	g_autofree gchar *key = g_strjoin("\x1f", kind_names[view->kind], id != NULL ? id : "",
					  view->lang != NULL ? view->lang : "", NULL);
	SoriRepresentation *rep = sori_venue_snapshot_get_representation(
		snapshot, key, sori_api_build_view_cb, view);
	sori_http_response_set_representation(response, request, rep,
					      view->kind == SORI_API_VIEW_EXPORT ? "Accept-Encoding"
										 : VARY_LANGUAGE);
}

/*
 * An idle venue's answer given before (its representation still kept): served
 * as it was, without reading the venue's catalogue again. The key and the
 * language are worked out as sori_api_serve_view() does, from what the
 * venue's summary keeps; anything else (a venue whole, an answer never given,
 * a bad query) takes the usual way.
 */
static gboolean
sori_api_serve_kept(SoriVenueStore *store, const SoriHttpRequest *request,
		    const SoriRouteMatch *match, SoriHttpResponse *response, SoriApiViewKind kind,
		    const gchar *id)
{
	static const gchar *const allowed[] = { "lang", NULL };
	static const gchar *const kind_names[] = { "v", "l", "e", "c", "x" };
	SoriVenueSnapshot *snapshot
		= sori_venue_store_peek(store, sori_route_match_get(match, "venue"));
	g_autoptr(GHashTable) params = NULL;
	g_autofree gchar *key = NULL;
	SoriRepresentation *rep;
	const gchar *lang = NULL;

	if (snapshot == NULL || !sori_catalogue_is_summary(snapshot->catalogue))
		return FALSE;
	params = sori_query_parse(request->query, allowed, NULL);
	if (params == NULL
	    || !sori_query_choose_language(params, request->accept_language,
					   sori_catalogue_get_languages(snapshot->catalogue),
					   sori_catalogue_get_default_language(snapshot->catalogue),
					   &lang, NULL))
		return FALSE;
	key = g_strjoin("\x1f", kind_names[kind], id != NULL ? id : "", lang != NULL ? lang : "",
			NULL);
	rep = sori_venue_snapshot_peek_representation(snapshot, key);
	if (rep == NULL)
		return FALSE;
	sori_http_response_set_representation(response, request, rep, VARY_LANGUAGE);
	return TRUE;
}

/**
 * sori_api_begin:
 * @allowed: the query's parameters a route takes
 * @snapshot: (out) (transfer none): the venue as it is served now
 * @params: (out) (transfer full): the query
 * @lang: (out) (optional) (transfer none): the language to answer in
 *
 * What every venue route of the public API starts with: the venue, the
 * query and the language.
 *
 * Returns: %FALSE with @response set to the problem
 */
gboolean
sori_api_begin(SoriVenueStore *store, const SoriHttpRequest *request, const SoriRouteMatch *match,
	       const gchar *const *allowed, SoriHttpResponse *response,
	       SoriVenueSnapshot **snapshot, GHashTable **params, const gchar **lang)
{
	g_autoptr(GError) error = NULL;
	SoriCatalogue *catalogue;

	*snapshot = sori_api_lookup_venue(store, sori_route_match_get(match, "venue"), &error);
	if (*snapshot == NULL) {
		sori_http_response_set_error(response, request, error);
		return FALSE;
	}
	*params = sori_query_parse(request->query, allowed, &error);
	if (*params == NULL) {
		sori_http_response_set_error(response, request, error);
		return FALSE;
	}
	catalogue = (*snapshot)->catalogue;
	if (lang != NULL
	    && !sori_query_choose_language(
		    *params, request->accept_language, sori_catalogue_get_languages(catalogue),
		    sori_catalogue_get_default_language(catalogue), lang, &error)) {
		sori_http_response_set_error(response, request, error);
		return FALSE;
	}
	return TRUE;
}

/**
 * sori_api_handle_localized:
 * @name: the document's name among the venue's built representations
 * @build: builds it, given the language (a `const gchar *`) as its data
 *
 * A venue route that takes `lang` alone and answers a document built once per
 * catalogue version and language (the printed codes, the offline list).
 *
 * Returns: %TRUE, @response set
 */
gboolean
sori_api_handle_localized(SoriVenueStore *store, const SoriHttpRequest *request,
			  const SoriRouteMatch *match, SoriHttpResponse *response,
			  const gchar *name, SoriRepresentationBuildFunc build)
{
	static const gchar *const allowed[] = { "lang", NULL };
	g_autoptr(GHashTable) params = NULL;
	g_autofree gchar *key = NULL;
	SoriVenueSnapshot *snapshot = NULL;
	SoriRepresentation *rep;
	const gchar *lang = NULL;

	if (!sori_api_begin(store, request, match, allowed, response, &snapshot, &params, &lang))
		return TRUE;
	key = g_strconcat(name, "\x1f", lang, NULL);
	rep = sori_venue_snapshot_get_representation(snapshot, key, build, (gpointer) lang);
	sori_http_response_set_representation(response, request, rep, VARY_LANGUAGE);
	return TRUE;
}

/**
 * sori_api_handle_venue:
 *
 * GET /v1/venues/{venue}: the venue, its access information and galleries.
 */
gboolean
sori_api_handle_venue(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		      SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "lang", NULL };
	g_autoptr(GHashTable) params = NULL;
	SoriApiView view = { .kind = SORI_API_VIEW_VENUE };
	SoriVenueSnapshot *snapshot;

	if (sori_api_serve_kept(store, request, match, response, view.kind, NULL))
		return TRUE;
	if (sori_api_begin(store, request, match, allowed, response, &snapshot, &params,
			   &view.lang))
		sori_api_serve_view(request, response, snapshot, &view, NULL);
	return TRUE;
}

/**
 * sori_api_handle_exhibits:
 *
 * GET /v1/venues/{venue}/exhibits[?gallery=ID]
 */
gboolean
sori_api_handle_exhibits(gpointer store, const SoriHttpRequest *request,
			 const SoriRouteMatch *match, SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "lang", "gallery", NULL };
	g_autoptr(GHashTable) params = NULL;
	SoriApiView view = { .kind = SORI_API_VIEW_EXHIBITS };
	SoriVenueSnapshot *snapshot;
	const gchar *gallery_id;

	if (!sori_api_begin(store, request, match, allowed, response, &snapshot, &params,
			    &view.lang))
		return TRUE;
	gallery_id = g_hash_table_lookup(params, "gallery");
	if (gallery_id != NULL) {
		view.gallery = sori_catalogue_lookup_gallery(snapshot->catalogue, gallery_id);
		if (view.gallery == NULL) {
			sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
						"gallery: venue '%s' has no gallery '%s'",
						sori_catalogue_get_id(snapshot->catalogue),
						gallery_id);
			return TRUE;
		}
	}
	sori_api_serve_view(request, response, snapshot, &view,
			    view.gallery != NULL ? view.gallery->id : NULL);
	return TRUE;
}

/**
 * sori_api_handle_exhibit:
 *
 * GET /v1/venues/{venue}/exhibits/{exhibit}
 */
gboolean
sori_api_handle_exhibit(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
			SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "lang", NULL };
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GError) error = NULL;
	SoriApiView view = { .kind = SORI_API_VIEW_EXHIBIT };
	const gchar *venue_id = sori_route_match_get(match, "venue");
	const gchar *exhibit_id = sori_route_match_get(match, "exhibit");
	SoriVenueSnapshot *snapshot;

	if (sori_api_serve_kept(store, request, match, response, view.kind, exhibit_id))
		return TRUE;
	snapshot = sori_api_lookup_venue(store, venue_id, &error);
	if (snapshot == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	view.exhibit = sori_catalogue_lookup_exhibit(snapshot->catalogue, exhibit_id);
	if (view.exhibit == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_EXHIBIT,
					"venue '%s' has no exhibit '%s'", venue_id, exhibit_id);
		return TRUE;
	}
	if (sori_api_begin(store, request, match, allowed, response, &snapshot, &params,
			   &view.lang))
		sori_api_serve_view(request, response, snapshot, &view, view.exhibit->id);
	return TRUE;
}

/**
 * sori_api_handle_code:
 *
 * GET /v1/venues/{venue}/codes/{code}: what a typed number or a QR code leads to.
 */
gboolean
sori_api_handle_code(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		     SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "lang", NULL };
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GError) error = NULL;
	SoriApiView view = { .kind = SORI_API_VIEW_CODE };
	const gchar *venue_id = sori_route_match_get(match, "venue");
	const gchar *code = sori_route_match_get(match, "code");
	SoriVenueSnapshot *snapshot = sori_api_lookup_venue(store, venue_id, &error);

	if (snapshot == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	if (!sori_catalogue_code_is_valid(code)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"'%s' is not a code: codes are 3 to 6 digits", code);
		return TRUE;
	}
	view.target = sori_catalogue_lookup_code(snapshot->catalogue, code);
	if (view.target == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_CODE,
					"nothing at venue '%s' has the code %s", venue_id, code);
		return TRUE;
	}
	view.code = code;
	if (sori_api_begin(store, request, match, allowed, response, &snapshot, &params,
			   &view.lang))
		sori_api_serve_view(request, response, snapshot, &view, code);
	return TRUE;
}

/**
 * sori_api_handle_export:
 *
 * GET /v1/venues/{venue}/export: open data, every public field in every language.
 */
gboolean
sori_api_handle_export(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		       SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { NULL };
	g_autoptr(GHashTable) params = NULL;
	SoriApiView view = { .kind = SORI_API_VIEW_EXPORT };
	SoriVenueSnapshot *snapshot;

	if (sori_api_begin(store, request, match, allowed, response, &snapshot, &params, NULL))
		sori_api_serve_view(request, response, snapshot, &view, NULL);
	return TRUE;
}

static SoriRepresentation *
sori_api_build_venue_list(GPtrArray *snapshots, GPtrArray *langs)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "venues");
	json_builder_begin_array(builder);
	for (guint i = 0; i < snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
		json_builder_add_value(
			builder,
			sori_view_venue_summary(snapshot->catalogue, g_ptr_array_index(langs, i)));
	}
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	root = json_builder_get_root(builder);
	return sori_representation_new_json(200, JSON_CONTENT_TYPE, NULL, root);
}

/**
 * sori_api_handle_venue_list:
 *
 * GET /v1/venues: every venue served, each in its own best language.
 */
gboolean
sori_api_handle_venue_list(gpointer store, const SoriHttpRequest *request,
			   const SoriRouteMatch *match, SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "lang", NULL };
	static const gchar *const none[] = { NULL };
	GPtrArray *snapshots = sori_venue_store_get_snapshots(store);
	g_autoptr(GPtrArray) langs = g_ptr_array_new();
	g_autoptr(GString) key = g_string_new(NULL);
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GError) error = NULL;
	GHashTable *cache;
	SoriRepresentation *rep;
	const gchar *lang = NULL;

	params = sori_query_parse(request->query, allowed, &error);
	if (params == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	/* a malformed ?lang= is refused even with no venue to answer in it */
	if (g_hash_table_contains(params, "lang")
	    && !sori_query_choose_language(params, NULL, none, NULL, &lang, &error)) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	for (guint i = 0; i < snapshots->len; i++) {
		SoriCatalogue *catalogue
			= ((SoriVenueSnapshot *) g_ptr_array_index(snapshots, i))->catalogue;
		sori_query_choose_language(
			params, request->accept_language, sori_catalogue_get_languages(catalogue),
			sori_catalogue_get_default_language(catalogue), &lang, NULL);
		g_ptr_array_add(langs, (gpointer) lang);
		g_string_append_printf(key, "%s,", lang);
	}
	cache = sori_venue_store_get_list_cache(store);
	rep = g_hash_table_lookup(cache, key->str);
	if (rep == NULL) {
		rep = sori_api_build_venue_list(snapshots, langs);
		g_hash_table_insert(cache, g_strdup(key->str), rep);
	}
	sori_http_response_set_representation(response, request, rep, VARY_LANGUAGE);
	return TRUE;
}

/**
 * sori_api_handle_health:
 *
 * GET /healthz: ok, loading while venues are read at start-up (listed), or
 * degraded with the venues whose catalogue did not load.
 */
gboolean
sori_api_handle_health(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		       SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { NULL };
	GPtrArray *failed = sori_venue_store_get_failed_ids(store);
	g_autoptr(GPtrArray) loading = sori_venue_store_get_loading_ids(store);
	const gchar *registry = sori_venue_store_get_registry_problem(store);
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GError) error = NULL;

	params = sori_query_parse(request->query, allowed, &error);
	if (params == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "status");
	json_builder_add_string_value(builder, loading->len > 0                       ? "loading"
					       : failed->len == 0 && registry == NULL ? "ok"
										      : "degraded");
	json_builder_set_member_name(builder, "venues_served");
	json_builder_add_int_value(builder, sori_venue_store_get_snapshots(store)->len);
	json_builder_set_member_name(builder, "venues_failed");
	json_builder_begin_array(builder);
	for (guint i = 0; i < failed->len; i++)
		json_builder_add_string_value(builder, g_ptr_array_index(failed, i));
	json_builder_end_array(builder);
	/* read for the first time, at start-up: each answers venue-loading meanwhile */
	json_builder_set_member_name(builder, "venues_loading");
	json_builder_begin_array(builder);
	for (guint i = 0; i < loading->len; i++)
		json_builder_add_string_value(builder, g_ptr_array_index(loading, i));
	json_builder_end_array(builder);
	/* skipped: beacons with rotating IDs are not recognized until it is mended */
	if (registry != NULL) {
		json_builder_set_member_name(builder, "beacon_registry");
		json_builder_add_string_value(builder, "skipped");
	}
	/* a node of many: visitors are served either way; changes wait while it is away */
	if (sori_venue_store_get_database(store) != NULL) {
		const gchar *health = sori_store_get_health(sori_venue_store_get_database(store));
		if (health != NULL) {
			json_builder_set_member_name(builder, "database");
			json_builder_add_string_value(builder, health);
		}
	}
	json_builder_end_object(builder);
	root = json_builder_get_root(builder);
	sori_http_response_set_json(response, 200, NULL, root);
	return TRUE;
}

/**
 * sori_api_handle_locate:
 *
 * POST /v1/venues/{venue}/locate: from the beacons a phone heard to the
 * nearest exhibit or gallery. Nothing of it is kept.
 */
gboolean
sori_api_handle_locate(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		       SoriHttpResponse *response)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *media_type = NULL;
	g_autoptr(JsonNode) answer = NULL;
	SoriVenueSnapshot *snapshot
		= sori_api_lookup_venue(store, sori_route_match_get(match, "venue"), &error);

	if (snapshot == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	if (request->content_type != NULL)
		media_type = g_strstrip(
			g_strndup(request->content_type, strcspn(request->content_type, ";")));
	if (media_type == NULL || g_ascii_strcasecmp(media_type, "application/json") != 0) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
					"send the sightings as application/json");
		return TRUE;
	}
	if (request->body == NULL || g_bytes_get_size(request->body) == 0) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_BODY,
					"the body is empty: send {\"sightings\": […]}");
		return TRUE;
	}
	answer = sori_locate(snapshot->catalogue, sori_venue_store_get_eid_resolver(store),
			     request->body, g_get_real_time() / G_USEC_PER_SEC, &error);
	if (answer == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	/* an answer about one phone's whereabouts is nobody else's to keep */
	sori_http_response_set_json(response, 200, NULL, answer);
	return TRUE;
}
