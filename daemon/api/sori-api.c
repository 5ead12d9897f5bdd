/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The public read API. It maps a request to a representation that was
 * serialized once per catalogue version; both HTTP front ends (libsoup's and
 * the keep-alive fast path) call it, so they answer with the same bytes and
 * the same headers.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>

#include "sori-api.h"
#include "sori-webapp.h"
#include "sori-language.h"
#include "sori-locate.h"
#include "sori-problem.h"
#include "sori-views.h"

#define QUERY_MAX_LEN     1024
#define QUERY_MAX_PARAMS  8
#define PATH_MAX_LEN      1024
#define PATH_MAX_SEGMENTS 8

#define CACHE_CONTROL_DATA    "public, max-age=60"
#define CACHE_CONTROL_PROBLEM "no-store"
#define CACHE_CONTROL_WEBAPP  "no-cache"
#define JSON_CONTENT_TYPE     "application/json"

void
sori_api_response_clear(SoriApiResponse *response)
{
	g_clear_pointer(&response->representation, sori_representation_unref);
}

/**
 * sori_api_response_foreach_header:
 * @func: called once per header, Content-Length excepted
 *
 * The headers of @response, the same for every front end.
 */
void
sori_api_response_foreach_header(const SoriApiResponse *response, SoriApiHeaderFunc func,
				 gpointer user_data)
{
	SoriRepresentation *rep = response->representation;

	if (response->webapp) {
		/* the app's own scripts only, no referrer leaves the phone, no framing;
		 * and no CORS: the app is never read across origins */
		func("Content-Security-Policy", sori_webapp_get_security_policy(), user_data);
		func("Referrer-Policy", "no-referrer", user_data);
		func("Permissions-Policy", "camera=(), microphone=(), geolocation=()", user_data);
		func("Cross-Origin-Opener-Policy", "same-origin", user_data);
	} else if (response->preflight) {
		/* CORS: the data is public, so a venue's own website may read it, errors
		 * included */
		func("Access-Control-Allow-Origin", "*", user_data);
		func("Access-Control-Allow-Methods", response->allow, user_data);
		func("Access-Control-Allow-Headers", "Accept-Language, Content-Type, If-None-Match",
		     user_data);
		func("Access-Control-Max-Age", "86400", user_data);
	} else {
		func("Access-Control-Allow-Origin", "*", user_data);
		func("Access-Control-Expose-Headers", "ETag, Content-Language", user_data);
	}
	if (response->allow != NULL)
		func("Allow", response->allow, user_data);
	if (response->cache_control != NULL)
		func("Cache-Control", response->cache_control, user_data);
	if (response->vary != NULL)
		func("Vary", response->vary, user_data);
	func("X-Content-Type-Options", "nosniff", user_data);
	if (rep == NULL)
		return;
	if (response->status != 304)
		func("Content-Type", rep->content_type, user_data);
	if (rep->content_language != NULL)
		func("Content-Language", rep->content_language, user_data);
	/* answers that are not to be kept have no validator either */
	if (sori_api_response_is_cacheable(response))
		func("ETag", response->gzip ? rep->etag_gzip : rep->etag, user_data);
	if (response->gzip && response->status != 304)
		func("Content-Encoding", "gzip", user_data);
}

/**
 * sori_api_response_is_cacheable:
 *
 * Returns: %TRUE for a representation that caches may keep, whose headers are
 *	then the same each time it is served
 */
gboolean
sori_api_response_is_cacheable(const SoriApiResponse *response)
{
	return response->representation != NULL
	       && (response->status == 200 || response->status == 304)
	       && (g_strcmp0(response->cache_control, CACHE_CONTROL_DATA) == 0 || response->webapp);
}

/**
 * sori_api_response_get_body:
 *
 * Returns: (transfer none) (nullable): the body to send, %NULL when there is none
 */
GBytes *
sori_api_response_get_body(const SoriApiResponse *response)
{
	if (!response->send_body || response->representation == NULL)
		return NULL;
	return response->gzip ? response->representation->body_gzip
			      : response->representation->body;
}

static gboolean
accepts_gzip(const gchar *accept_encoding)
{
	g_auto(GStrv) items = NULL;

	if (accept_encoding == NULL || strlen(accept_encoding) > 256)
		return FALSE;
	items = g_strsplit(accept_encoding, ",", 16);
	for (guint i = 0; items[i] != NULL; i++) {
		gchar *semicolon = strchr(items[i], ';');
		gchar *coding;
		if (semicolon != NULL)
			*semicolon = '\0';
		coding = g_strstrip(items[i]);
		if (g_ascii_strcasecmp(coding, "gzip") != 0)
			continue;
		/* gzip;q=0 refuses it */
		if (semicolon != NULL) {
			const gchar *q = strstr(semicolon + 1, "q=");
			if (q != NULL && g_ascii_strtod(q + 2, NULL) <= 0)
				return FALSE;
		}
		return TRUE;
	}
	return FALSE;
}

static void
set_problem(SoriApiResponse *response, const SoriApiRequest *request, SoriRepresentation *problem)
{
	g_clear_pointer(&response->representation, sori_representation_unref);
	response->status = problem->status;
	response->representation = problem;
	response->gzip = FALSE;
	response->send_body = TRUE; /* libsoup drops it for HEAD */
	response->cache_control = CACHE_CONTROL_PROBLEM;
	response->vary = NULL;
}

#define PROBLEM(response, request, kind, ...)                                                      \
	set_problem(response, request, sori_problem_new(kind, (request)->path, __VA_ARGS__))

static void
set_representation(SoriApiResponse *response, const SoriApiRequest *request,
		   SoriRepresentation *rep, const gchar *vary)
{
	gboolean gzip = rep->body_gzip != NULL && accepts_gzip(request->accept_encoding);

	response->representation = sori_representation_ref(rep);
	response->gzip = gzip;
	response->cache_control = CACHE_CONTROL_DATA;
	response->vary = vary;
	if (sori_representation_matches_etag(rep, request->if_none_match, gzip)) {
		response->status = 304;
		response->send_body = FALSE;
		return;
	}
	response->status = rep->status;
	response->send_body = TRUE; /* libsoup drops it for HEAD */
}

/* the decoded query; %FALSE with a problem set when it is malformed */
static gboolean
parse_query(const SoriApiRequest *request, SoriApiResponse *response, const gchar *const *allowed,
	    GHashTable *params)
{
	g_auto(GStrv) pairs = NULL;

	if (request->query == NULL || *request->query == '\0')
		return TRUE;
	if (strlen(request->query) > QUERY_MAX_LEN) {
		PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
			"the query is longer than %u bytes", QUERY_MAX_LEN);
		return FALSE;
	}
	pairs = g_strsplit(request->query, "&", QUERY_MAX_PARAMS + 1);
	if (g_strv_length(pairs) > QUERY_MAX_PARAMS) {
		PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
			"the query has more than %u parameters", QUERY_MAX_PARAMS);
		return FALSE;
	}
	for (guint i = 0; pairs[i] != NULL; i++) {
		gchar *eq = strchr(pairs[i], '=');
		g_autofree gchar *name = NULL;
		g_autofree gchar *value = NULL;
		if (*pairs[i] == '\0')
			continue;
		if (eq != NULL)
			*eq = '\0';
		name = g_uri_unescape_string(pairs[i], NULL);
		value = g_uri_unescape_string(eq != NULL ? eq + 1 : "", NULL);
		if (name == NULL || value == NULL || !g_utf8_validate(value, -1, NULL)
		    || !g_utf8_validate(name, -1, NULL)) {
			PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
				"the query is not validly percent-encoded UTF-8");
			return FALSE;
		}
		if (!g_strv_contains(allowed, name)) {
			g_autofree gchar *known = g_strjoinv(", ", (gchar **) allowed);
			if (allowed[0] == NULL)
				PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"unknown parameter '%s': this resource takes none", name);
			else
				PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"unknown parameter '%s': this resource takes %s", name,
					known);
			return FALSE;
		}
		if (g_hash_table_contains(params, name)) {
			PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
				"parameter '%s' is given twice", name);
			return FALSE;
		}
		g_hash_table_insert(params, g_steal_pointer(&name), g_steal_pointer(&value));
	}
	return TRUE;
}

/*
 * The language to answer in: ?lang= when given (and well-formed), else
 * Accept-Language, else the venue's default. A language the venue does not
 * offer falls back to its default, and the body says so.
 */
static gboolean
choose_language(const SoriApiRequest *request, SoriApiResponse *response, GHashTable *params,
		SoriCatalogue *catalogue, const gchar **lang)
{
	const gchar *const *offered = sori_catalogue_get_languages(catalogue);
	const gchar *fallback = sori_catalogue_get_default_language(catalogue);
	const gchar *wanted = g_hash_table_lookup(params, "lang");

	if (wanted != NULL) {
		g_autofree gchar *canonical = sori_language_tag_canonicalize(wanted);
		const gchar *found;
		if (canonical == NULL) {
			PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
				"lang: '%s' is not a BCP 47 language tag such as 'ko' or 'en'",
				wanted);
			return FALSE;
		}
		found = sori_language_match(offered, canonical);
		*lang = found != NULL ? found : fallback;
		return TRUE;
	}
	*lang = sori_language_negotiate(offered, request->accept_language, fallback);
	return TRUE;
}

/* percent-decoded path segments; %NULL for a path that cannot name a resource */
static gchar **
split_path(const gchar *path)
{
	g_auto(GStrv) raw = NULL;
	g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func(g_free);
	guint n;

	if (path == NULL || path[0] != '/' || strlen(path) > PATH_MAX_LEN)
		return NULL;
	raw = g_strsplit(path + 1, "/", PATH_MAX_SEGMENTS + 1);
	n = g_strv_length(raw);
	if (n > PATH_MAX_SEGMENTS)
		return NULL;
	for (guint i = 0; i < n; i++) {
		gchar *segment = g_uri_unescape_string(raw[i], "/");
		if (segment == NULL || *segment == '\0') {
			g_free(segment);
			return NULL;
		}
		g_ptr_array_add(segments, segment);
	}
	g_ptr_array_add(segments, NULL);
	return (gchar **) g_ptr_array_steal(segments, NULL);
}

typedef enum {
	VIEW_VENUE,
	VIEW_EXHIBITS,
	VIEW_EXHIBIT,
	VIEW_CODE,
	VIEW_EXPORT,
} ViewKind;

typedef struct {
	ViewKind kind;
	const gchar *lang;
	SoriExhibit *exhibit;
	SoriGallery *gallery;
	const gchar *code;
	const SoriTarget *target;
} ViewRequest;

static SoriRepresentation *
build_view_cb(SoriVenueSnapshot *snapshot, gpointer user_data)
{
	ViewRequest *view = user_data;
	SoriCatalogue *catalogue = snapshot->catalogue;
	g_autoptr(JsonNode) node = NULL;
	const gchar *lang = view->lang;

	switch (view->kind) {
	case VIEW_VENUE:
		node = sori_view_venue(catalogue, lang);
		break;
	case VIEW_EXHIBITS:
		node = sori_view_exhibit_list(catalogue, lang, view->gallery);
		break;
	case VIEW_EXHIBIT:
		node = sori_view_exhibit(catalogue, view->exhibit, lang);
		break;
	case VIEW_CODE:
		node = sori_view_code(catalogue, view->code, view->target, lang);
		break;
	case VIEW_EXPORT:
		node = sori_view_export(catalogue);
		lang = NULL;
		break;
	default:
		g_assert_not_reached();
	}
	return sori_representation_new_json(200, JSON_CONTENT_TYPE, lang, node);
}

static void
serve_view(const SoriApiRequest *request, SoriApiResponse *response, SoriVenueSnapshot *snapshot,
	   ViewRequest *view, const gchar *id)
{
	static const gchar *const kind_names[] = { "v", "l", "e", "c", "x" };
	g_autofree gchar *key = g_strjoin("\x1f", kind_names[view->kind], id != NULL ? id : "",
					  view->lang != NULL ? view->lang : "", NULL);
	SoriRepresentation *rep
		= sori_venue_snapshot_get_representation(snapshot, key, build_view_cb, view);
	set_representation(response, request, rep,
			   view->kind == VIEW_EXPORT ? "Accept-Encoding"
						     : "Accept-Language, Accept-Encoding");
}

static void
handle_venue_list(SoriVenueStore *store, const SoriApiRequest *request, SoriApiResponse *response,
		  GHashTable *params)
{
	GPtrArray *snapshots = sori_venue_store_get_snapshots(store);
	g_autoptr(GPtrArray) langs = g_ptr_array_new();
	g_autoptr(GString) key = g_string_new(NULL);
	GHashTable *cache;
	SoriRepresentation *rep;

	/* each venue answers in its own best language */
	for (guint i = 0; i < snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
		const gchar *lang = NULL;
		if (!choose_language(request, response, params, snapshot->catalogue, &lang))
			return;
		g_ptr_array_add(langs, (gpointer) lang);
		g_string_append_printf(key, "%s,", lang);
	}
	if (snapshots->len == 0 && g_hash_table_contains(params, "lang")) {
		g_autofree gchar *canonical
			= sori_language_tag_canonicalize(g_hash_table_lookup(params, "lang"));
		if (canonical == NULL) {
			PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
				"lang: '%s' is not a BCP 47 language tag",
				(const gchar *) g_hash_table_lookup(params, "lang"));
			return;
		}
	}
	cache = sori_venue_store_get_list_cache(store);
	rep = g_hash_table_lookup(cache, key->str);
	if (rep == NULL) {
		g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
		g_autoptr(JsonNode) root = NULL;
		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "venues");
		json_builder_begin_array(builder);
		for (guint i = 0; i < snapshots->len; i++) {
			SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
			json_builder_add_value(
				builder, sori_view_venue_summary(snapshot->catalogue,
								 g_ptr_array_index(langs, i)));
		}
		json_builder_end_array(builder);
		json_builder_end_object(builder);
		root = json_builder_get_root(builder);
		rep = sori_representation_new_json(200, JSON_CONTENT_TYPE, NULL, root);
		g_hash_table_insert(cache, g_strdup(key->str), rep);
	}
	set_representation(response, request, rep, "Accept-Language, Accept-Encoding");
}

static void
handle_health(SoriVenueStore *store, const SoriApiRequest *request, SoriApiResponse *response)
{
	GPtrArray *failed = sori_venue_store_get_failed_ids(store);
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(SoriRepresentation) rep = NULL;

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "status");
	json_builder_add_string_value(builder, failed->len == 0 ? "ok" : "degraded");
	json_builder_set_member_name(builder, "venues_served");
	json_builder_add_int_value(builder, sori_venue_store_get_snapshots(store)->len);
	json_builder_set_member_name(builder, "venues_failed");
	json_builder_begin_array(builder);
	for (guint i = 0; i < failed->len; i++)
		json_builder_add_string_value(builder, g_ptr_array_index(failed, i));
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	root = json_builder_get_root(builder);
	rep = sori_representation_new_json(200, JSON_CONTENT_TYPE, NULL, root);
	response->status = 200;
	response->representation = g_steal_pointer(&rep);
	response->send_body = TRUE; /* libsoup drops it for HEAD */
	response->cache_control = "no-store";
}

static void
handle_venue_route(SoriVenueStore *store, const SoriApiRequest *request, SoriApiResponse *response,
		   gchar **segments, guint n_segments)
{
	static const gchar *const lang_only[] = { "lang", NULL };
	static const gchar *const exhibits_params[] = { "lang", "gallery", NULL };
	static const gchar *const no_params[] = { NULL };
	const gchar *venue_id = segments[2];
	g_autoptr(GHashTable) params
		= g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(store, venue_id);
	SoriCatalogue *catalogue;
	ViewRequest view = { 0 };
	const gchar *id = NULL;

	if (snapshot == NULL) {
		if (sori_venue_store_is_failed(store, venue_id))
			PROBLEM(response, request, SORI_PROBLEM_VENUE_UNAVAILABLE,
				"the catalogue of venue '%s' did not load; its staff have been "
				"told in the server log",
				venue_id);
		else
			PROBLEM(response, request, SORI_PROBLEM_UNKNOWN_VENUE,
				"there is no venue '%s'", venue_id);
		return;
	}
	catalogue = snapshot->catalogue;

	if (n_segments == 3) {
		view.kind = VIEW_VENUE;
	} else if (n_segments == 4 && g_str_equal(segments[3], "exhibits")) {
		view.kind = VIEW_EXHIBITS;
	} else if (n_segments == 5 && g_str_equal(segments[3], "exhibits")) {
		view.kind = VIEW_EXHIBIT;
		view.exhibit = sori_catalogue_lookup_exhibit(catalogue, segments[4]);
		if (view.exhibit == NULL) {
			PROBLEM(response, request, SORI_PROBLEM_UNKNOWN_EXHIBIT,
				"venue '%s' has no exhibit '%s'", venue_id, segments[4]);
			return;
		}
		id = view.exhibit->id;
	} else if (n_segments == 5 && g_str_equal(segments[3], "codes")) {
		view.kind = VIEW_CODE;
		if (!sori_catalogue_code_is_valid(segments[4])) {
			PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
				"'%s' is not a code: codes are 3 to 6 digits", segments[4]);
			return;
		}
		view.target = sori_catalogue_lookup_code(catalogue, segments[4]);
		if (view.target == NULL) {
			PROBLEM(response, request, SORI_PROBLEM_UNKNOWN_CODE,
				"nothing at venue '%s' has the code %s", venue_id, segments[4]);
			return;
		}
		view.code = segments[4];
		id = segments[4];
	} else if (n_segments == 4 && g_str_equal(segments[3], "export")) {
		view.kind = VIEW_EXPORT;
	} else {
		PROBLEM(response, request, SORI_PROBLEM_UNKNOWN_ROUTE, "there is no such resource");
		return;
	}

	if (!parse_query(request, response,
			 view.kind == VIEW_EXHIBITS ? exhibits_params
			 : view.kind == VIEW_EXPORT ? no_params
						    : lang_only,
			 params))
		return;
	if (view.kind != VIEW_EXPORT
	    && !choose_language(request, response, params, catalogue, &view.lang))
		return;
	if (view.kind == VIEW_EXHIBITS && g_hash_table_contains(params, "gallery")) {
		const gchar *gallery_id = g_hash_table_lookup(params, "gallery");
		view.gallery = sori_catalogue_lookup_gallery(catalogue, gallery_id);
		if (view.gallery == NULL) {
			PROBLEM(response, request, SORI_PROBLEM_INVALID_PARAMETER,
				"gallery: venue '%s' has no gallery '%s'", venue_id, gallery_id);
			return;
		}
		id = view.gallery->id;
	}
	serve_view(request, response, snapshot, &view, id);
}

static void
handle_locate(SoriVenueStore *store, const SoriApiRequest *request, SoriApiResponse *response,
	      const gchar *venue_id)
{
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(store, venue_id);
	SoriProblem problem = SORI_PROBLEM_INVALID_BODY;
	g_autofree gchar *detail = NULL;
	g_autofree gchar *media_type = NULL;
	g_autoptr(JsonNode) answer = NULL;

	if (snapshot == NULL) {
		if (sori_venue_store_is_failed(store, venue_id))
			PROBLEM(response, request, SORI_PROBLEM_VENUE_UNAVAILABLE,
				"the catalogue of venue '%s' did not load", venue_id);
		else
			PROBLEM(response, request, SORI_PROBLEM_UNKNOWN_VENUE,
				"there is no venue '%s'", venue_id);
		return;
	}
	if (request->content_type != NULL)
		media_type = g_strstrip(
			g_strndup(request->content_type, strcspn(request->content_type, ";")));
	if (media_type == NULL || g_ascii_strcasecmp(media_type, "application/json") != 0) {
		PROBLEM(response, request, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
			"send the sightings as application/json");
		return;
	}
	if (request->body == NULL || g_bytes_get_size(request->body) == 0) {
		PROBLEM(response, request, SORI_PROBLEM_INVALID_BODY,
			"the body is empty: send {\"sightings\": […]}");
		return;
	}
	answer = sori_locate(snapshot->catalogue, sori_venue_store_get_eid_resolver(store),
			     request->body, g_get_real_time() / G_USEC_PER_SEC, &problem, &detail);
	if (answer == NULL) {
		PROBLEM(response, request, problem, "%s", detail);
		return;
	}
	response->status = 200;
	response->representation
		= sori_representation_new_json(200, JSON_CONTENT_TYPE, NULL, answer);
	response->send_body = TRUE;
	/* an answer about one phone's whereabouts is nobody else's to keep */
	response->cache_control = "no-store";
}

/* the visitors' web app; %FALSE when @request is the API's */
static gboolean
handle_webapp(const SoriApiRequest *request, SoriApiResponse *response)
{
	SoriRepresentation *rep = NULL;
	SoriWebappRoute route = sori_webapp_route(request->path, &rep);

	switch (route) {
	case SORI_WEBAPP_ROUTE_NONE:
		return FALSE;
	case SORI_WEBAPP_ROUTE_UNKNOWN:
		PROBLEM(response, request, SORI_PROBLEM_UNKNOWN_ROUTE, "there is no such page");
		return TRUE;
	case SORI_WEBAPP_ROUTE_FILE:
	case SORI_WEBAPP_ROUTE_PAGE:
	default:
		break;
	}
	if (g_strcmp0(request->method, "GET") != 0 && g_strcmp0(request->method, "HEAD") != 0) {
		PROBLEM(response, request, SORI_PROBLEM_METHOD_NOT_ALLOWED,
			"%s is not allowed here: the web app is read-only", request->method);
		response->allow = "GET, HEAD";
		return TRUE;
	}
	/* the query (a QR code's, say) is the app's to read, not sorid's */
	set_representation(response, request, rep, "Accept-Encoding");
	response->webapp = TRUE;
	/* phones check for a new app each time; the service worker keeps it offline */
	response->cache_control = CACHE_CONTROL_WEBAPP;
	return TRUE;
}

/**
 * sori_api_handle:
 * @store: the venues
 * @request: the request
 * @response: (out caller-allocates): zero-initialized; filled in
 *
 * Answers one request of the public read API. It never fails: errors are
 * answered as problem+json.
 */
void
sori_api_handle(SoriVenueStore *store, const SoriApiRequest *request, SoriApiResponse *response)
{
	static const gchar *const no_params[] = { NULL };
	static const gchar *const lang_only[] = { "lang", NULL };
	g_auto(GStrv) segments = NULL;
	g_autoptr(GHashTable) params
		= g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	gboolean is_locate;
	guint n;

	memset(response, 0, sizeof(*response));
	if (handle_webapp(request, response))
		return;
	segments = split_path(request->path);
	n = segments != NULL ? g_strv_length(segments) : 0;

	if (segments == NULL
	    || !((n == 1 && g_str_equal(segments[0], "healthz"))
		 || (n >= 2 && g_str_equal(segments[0], "v1")
		     && g_str_equal(segments[1], "venues")))) {
		PROBLEM(response, request, SORI_PROBLEM_UNKNOWN_ROUTE, "there is no such resource");
		return;
	}
	is_locate = n == 4 && g_str_equal(segments[3], "locate");
	if (g_strcmp0(request->method, "OPTIONS") == 0) {
		/* a CORS preflight */
		response->status = 204;
		response->preflight = TRUE;
		response->allow = is_locate ? "POST, OPTIONS" : "GET, HEAD, OPTIONS";
		return;
	}
	if (is_locate) {
		if (g_strcmp0(request->method, "POST") != 0) {
			PROBLEM(response, request, SORI_PROBLEM_METHOD_NOT_ALLOWED,
				"%s is not allowed here: POST the sightings", request->method);
			response->allow = "POST, OPTIONS";
			return;
		}
		handle_locate(store, request, response, segments[2]);
		return;
	}
	if (g_strcmp0(request->method, "GET") != 0 && g_strcmp0(request->method, "HEAD") != 0) {
		PROBLEM(response, request, SORI_PROBLEM_METHOD_NOT_ALLOWED,
			"%s is not allowed here: the public API is read-only", request->method);
		response->allow = "GET, HEAD, OPTIONS";
		return;
	}
	if (n == 1) {
		if (parse_query(request, response, no_params, params))
			handle_health(store, request, response);
		return;
	}
	if (n == 2) {
		if (parse_query(request, response, lang_only, params))
			handle_venue_list(store, request, response, params);
		return;
	}
	handle_venue_route(store, request, response, segments, n);
}
