/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The visitors' pages, whole, in the first response: HTML from the same
 * views of the same catalogue snapshot as the JSON API, in the visitor's
 * language, built once per catalogue version, page, language (and, for the
 * opening hours, the venue's day) and kept with the snapshot like the JSON.
 * Every page reads and works without JavaScript — <audio controls>, a plain
 * form for the number and for directions, links for the languages —; with
 * it, these are still the only pages: the app (app/main.js) fetches the next
 * one from here and swaps it in, and makes what it is given work, reading
 * what it needs from the data-* attributes written here. Nothing is drawn
 * twice; the words are pages/strings.json's, the app's too.
 * Everything a catalogue says goes through sori_pages_escape(): no catalogue
 * text can become markup.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>

#include "sori-api.h"
#include "sori-json.h"
#include "sori-language.h"
#include "sori-open-data.h"
#include "sori-pages.h"
#include "sori-pages-private.h"
#include "sori-views.h"
#include "sori-wayfinding.h"
#include "sori-webapp.h"

#define PAGE_TYPE         "text/html; charset=utf-8"
#define VARY_PAGE         "Accept-Language, Accept-Encoding"
#define DEFAULT_TEXT_SIZE 100

/* main.js's names of the pages (route()), which it reads back from data-page */
static const gchar *const page_names[] = {
	"venues",   "settings", "home",       "gallery", "exhibit",   "keypad",  "access",
	"settings", "nearby",   "directions", "camera",  "not-found", "offline",
};

/* exhibit.js's texts of an exhibit, in its order */
const gchar *const sori_page_versions[3] = { "description", "audio_description", "easy_read" };

/* an exhibit's text to listen to: the one asked for, else the first there is */
static const gchar *
sori_pages_choose_version(JsonObject *e, const gchar *asked)
{
	JsonObject *media = sori_json_object_get_object(e, "media");
	const gchar *first = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(sori_page_versions); i++) {
		if (sori_page_text_of(e, sori_page_versions[i]) == NULL
		    || sori_json_object_get_object(media, sori_page_versions[i]) == NULL)
			continue;
		if (first == NULL)
			first = sori_page_versions[i];
		if (g_strcmp0(asked, sori_page_versions[i]) == 0)
			return sori_page_versions[i];
	}
	return first;
}

/* a page that changes with the venue's day: the home page's opening hours
 * mark today; the pages whose use is counted say the day to count it on */
static gboolean
sori_pages_is_daily(SoriPageKind kind)
{
	return kind == SORI_PAGE_HOME || kind == SORI_PAGE_EXHIBIT || kind == SORI_PAGE_DIRECTIONS;
}

/* what the app needs of the page, for it not to ask sorid again (main.js) */
static void
sori_pages_data(SoriPage *p)
{
	gboolean counting = TRUE;

	if (p->venue == NULL)
		return;
	sori_page_attr(p, "data-venue", sori_json_object_get_string(p->venue, "id"));
	sori_page_attr(p, "data-timezone", sori_json_object_get_string(p->venue, "timezone"));
	if (sori_json_object_get_boolean(p->venue, "usage_counting", &counting) && !counting)
		sori_page_attr(p, "data-usage", "off");
	if (p->req->exhibit != NULL)
		sori_page_attr(p, "data-exhibit", p->req->exhibit->id);
	if (p->req->gallery != NULL)
		sori_page_attr(p, "data-gallery", p->req->gallery->id);
	/* the venue's today, on the pages kept for the day only: usage counts
	 * go by it (usage.js), by sorid's clock and the catalogue's time zone */
	if (sori_pages_is_daily(p->req->kind))
		sori_page_attr(p, "data-venue-day", p->req->today);
}

static GBytes *
sori_pages_render(const SoriPageRequest *req)
{
	JsonObject *strings = sori_page_get_strings();
	g_autoptr(JsonNode) venue = NULL;
	g_autoptr(JsonNode) exhibit = NULL;
	SoriPage page = {
		.out = g_string_sized_new(16 * 1024),
		.req = req,
		.ui_lang = sori_page_ui_language(req->lang),
	};
	SoriPage *p = &page;

	page.words = json_object_get_object_member(strings, page.ui_lang);
	page.english = json_object_get_object_member(strings, "en");
	if (req->snapshot != NULL) {
		venue = sori_view_venue(req->snapshot->catalogue, req->lang);
		page.venue = json_node_get_object(venue);
	}
	/* the exhibit's view, once, for its title, description and body */
	if (req->kind == SORI_PAGE_EXHIBIT) {
		exhibit = sori_view_exhibit(req->snapshot->catalogue, req->exhibit, req->lang);
		page.exhibit = json_node_get_object(exhibit);
		page.version = sori_pages_choose_version(page.exhibit, req->version);
	}
	sori_page_head(p);
	g_string_append(p->out, "<body>\n<a class=\"skip-link\" href=\"#main\" id=\"skip-link\">");
	sori_page_esc(p, sori_page_t(p, "skip"));
	g_string_append(p->out, "</a>\n<header class=\"site-header\">\n");
	sori_page_nav(p);
	/* the app shows it while the phone is offline */
	g_string_append(p->out, "<p id=\"offline-banner\" class=\"offline-banner\" role=\"status\" "
				"data-word=\"offline_now\" hidden>");
	sori_page_esc(p, sori_page_t(p, "offline_now"));
	g_string_append(p->out, "</p>\n");
	g_string_append(p->out, "</header>\n<main id=\"main\" tabindex=\"-1\"");
	sori_page_attr(p, "data-page", page_names[req->kind]);
	sori_page_attr(p, "data-lang", req->lang);
	sori_page_attr(p, "data-path", req->path);
	sori_pages_data(p);
	g_string_append(p->out, ">\n");
	switch (req->kind) {
	case SORI_PAGE_VENUES:
		sori_page_venues(p);
		break;
	case SORI_PAGE_HOME:
		sori_page_home(p);
		break;
	case SORI_PAGE_GALLERY:
		sori_page_gallery(p);
		break;
	case SORI_PAGE_EXHIBIT:
		sori_page_exhibit(p);
		break;
	case SORI_PAGE_KEYPAD:
		sori_page_keypad(p);
		break;
	case SORI_PAGE_ACCESS:
		sori_page_access(p);
		break;
	case SORI_PAGE_SETTINGS:
	case SORI_PAGE_SETTINGS_GLOBAL:
		sori_page_settings(p);
		break;
	case SORI_PAGE_NEARBY:
		sori_page_nearby(p);
		break;
	case SORI_PAGE_DIRECTIONS:
		sori_page_directions(p);
		break;
	case SORI_PAGE_CAMERA:
		sori_page_camera(p);
		break;
	case SORI_PAGE_OFFLINE:
		sori_page_offline(p);
		break;
	case SORI_PAGE_NOT_FOUND:
	default:
		sori_page_not_found(p);
		break;
	}
	g_string_append(p->out, "\n</main>\n<footer class=\"site-footer\"><p id=\"privacy-note\">");
	sori_page_esc(p, sori_page_t(p, "privacy"));
	g_string_append(p->out,
			"</p></footer>\n<div id=\"announcer\" class=\"visually-hidden\" "
			"aria-live=\"polite\" aria-atomic=\"true\"></div>\n</body>\n</html>\n");
	return g_string_free_to_bytes(page.out);
}

static SoriRepresentation *
sori_pages_build_cb(SoriVenueSnapshot *snapshot, gpointer user_data)
{
	const SoriPageRequest *req = user_data;
	g_autoptr(GBytes) body = sori_pages_render(req);
	return sori_representation_new(req->status, PAGE_TYPE, req->lang, body);
}

/* ---------------------------------------------------------------------- */
/* requests */

/* what a page's query may say; the rest (a poster's, a preview's) is ignored */
typedef struct {
	gchar *lang;
	gchar *version;
	gchar *code;
	gboolean has_code;
	gchar *from;
	gchar *to;
	gchar *profile;
} SoriPageQuery;

static void
sori_page_query_clear(SoriPageQuery *q)
{
	g_free(q->lang);
	g_free(q->version);
	g_free(q->code);
	g_free(q->from);
	g_free(q->to);
	g_free(q->profile);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SoriPageQuery, sori_page_query_clear)

/* a parameter, or NULL when absent or empty */
static gchar *
sori_pages_param(GHashTable *params, const gchar *name)
{
	const gchar *value = g_hash_table_lookup(params, name);
	return value != NULL && value[0] != '\0' ? g_strdup(value) : NULL;
}

static gboolean
sori_pages_read_query(const gchar *query, SoriPageQuery *q)
{
	g_autoptr(GHashTable) params = NULL;

	if (query == NULL || query[0] == '\0')
		return TRUE;
	if (strlen(query) > SORI_PAGES_QUERY_MAX_LEN)
		return FALSE;
	params = g_uri_parse_params(query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
	if (params == NULL)
		return FALSE;
	q->lang = sori_pages_param(params, "lang");
	q->version = sori_pages_param(params, "version");
	q->code = g_strdup(g_hash_table_lookup(params, "code"));
	q->has_code = g_hash_table_contains(params, "code");
	q->from = sori_pages_param(params, "from");
	q->to = sori_pages_param(params, "to");
	q->profile = sori_pages_param(params, "profile");
	return TRUE;
}

/* the page's language: one of the venue's asked for with ?lang=, or the phone's */
static const gchar *
sori_pages_choose_language(const SoriHttpRequest *request, SoriCatalogue *catalogue,
			   const gchar *asked, gboolean *sticky)
{
	const gchar *const *offered = sori_catalogue_get_languages(catalogue);
	const gchar *lang = NULL;

	*sticky = FALSE;
	if (asked != NULL) {
		lang = sori_language_match(offered, asked);
		if (lang != NULL) {
			*sticky = TRUE;
			return lang;
		}
	}
	lang = sori_language_negotiate(offered, request->accept_language,
				       sori_catalogue_get_default_language(catalogue));
	return lang;
}

static void
sori_pages_answer(SoriHttpResponse *response, const SoriHttpRequest *request,
		  SoriRepresentation *rep, SoriPageKind kind)
{
	sori_http_response_set_representation(response, request, rep, VARY_PAGE);
	response->webapp = TRUE;
	response->security_policy = sori_webapp_get_security_policy();
	sori_pages_camera_allow(response, kind);
	/* a new catalogue or app shows at once; the service worker keeps it offline */
	response->cache_control = "no-cache";
}

/* a page built for this request only: one that says what a client typed */
static void
sori_pages_answer_once(SoriHttpResponse *response, const SoriHttpRequest *request,
		       const SoriPageRequest *req)
{
	g_autoptr(GBytes) body = sori_pages_render(req);
	g_autoptr(SoriRepresentation) rep
		= sori_representation_new(req->status, PAGE_TYPE, req->lang, body);
	sori_pages_answer(response, request, rep, req->kind);
}

/* a home page of another day than @today's: the opening hours mark today */
static gboolean
sori_pages_is_other_day_cb(gpointer key, gpointer value, gpointer user_data)
{
	const gchar *const *prefix_and_today = user_data;
	const gchar *k = key;
	return g_str_has_prefix(k, prefix_and_today[0])
	       && !g_str_has_suffix(k, prefix_and_today[1]);
}

static void
sori_pages_serve(SoriHttpResponse *response, const SoriHttpRequest *request, SoriPageRequest *req,
		 const gchar *id)
{
	/* the daily pages change with the day; the others are kept for the
	 * catalogue version, so the keys stay bounded by the catalogue */
	gboolean daily = sori_pages_is_daily(req->kind);
	g_autofree gchar *prefix
		= g_strdup_printf("page\x1f%s\x1f%s\x1f%s\x1f%d\x1f%s\x1f", page_names[req->kind],
				  id != NULL ? id : "", req->lang, req->sticky,
				  req->version != NULL ? req->version : "");
	g_autofree gchar *key = g_strconcat(prefix, daily ? req->today : "", NULL);
	SoriRepresentation *rep;

	if (daily && !g_hash_table_contains(req->snapshot->representations, key)) {
		/* yesterday's (and any before) go: one of each page and language at a time */
		const gchar *prefix_and_today[] = { prefix, req->today };
		g_hash_table_foreach_remove(req->snapshot->representations,
					    sori_pages_is_other_day_cb, prefix_and_today);
	}
	rep = sori_venue_snapshot_get_representation(req->snapshot, key, sori_pages_build_cb, req);
	sori_pages_answer(response, request, rep, req->kind);
}

static void
sori_pages_redirect(SoriHttpResponse *response, SoriCatalogue *catalogue, const SoriTarget *target,
		    const gchar *via, const gchar *lang, gboolean sticky)
{
	g_autofree gchar *venue
		= g_uri_escape_string(sori_catalogue_get_id(catalogue), NULL, FALSE);
	g_autofree gchar *id = g_uri_escape_string(target->kind == SORI_TARGET_KIND_EXHIBIT
							   ? target->exhibit->id
							   : target->gallery->id,
						   NULL, FALSE);
	g_autofree gchar *location
		= g_strdup_printf("/v/%s/%s/%s?via=%s%s%s", venue,
				  target->kind == SORI_TARGET_KIND_EXHIBIT ? "e" : "g", id, via,
				  sticky ? "&lang=" : "", sticky ? lang : "");
	sori_http_response_set_redirect(response, location);
	response->cache_control = "no-store";
}

/* the path's segments after /v/, decoded; NULL for one that is not a page's */
static gchar **
sori_pages_split(const gchar *rest)
{
	g_auto(GStrv) raw = g_strsplit(rest, "/", -1);
	g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
	guint n = g_strv_length(raw);

	/* a trailing slash, as someone typing the address may add */
	if (n > 1 && raw[n - 1][0] == '\0')
		n--;
	if (n == 0 || n > 4)
		return NULL;
	for (guint i = 0; i < n; i++) {
		gchar *part = g_uri_unescape_string(raw[i], "/");
		if (part == NULL || part[0] == '\0' || strlen(part) > 128
		    || !g_utf8_validate(part, -1, NULL)) {
			g_free(part);
			return NULL;
		}
		g_ptr_array_add(parts, part);
	}
	g_ptr_array_add(parts, NULL);
	return (gchar **) g_ptr_array_free(g_steal_pointer(&parts), FALSE);
}

static void
sori_pages_set_today(SoriPageRequest *req)
{
	g_autoptr(GDateTime) now = NULL;

	if (req->snapshot == NULL)
		return;
	now = sori_catalogue_get_now(req->snapshot->catalogue);
	req->weekday = g_date_time_get_day_of_week(now);
	g_snprintf(req->today, sizeof(req->today), "%04d-%02d-%02d", g_date_time_get_year(now),
		   g_date_time_get_month(now), g_date_time_get_day_of_month(now));
}

static void
sori_pages_not_found(SoriHttpResponse *response, const SoriHttpRequest *request,
		     SoriPageRequest *req, const gchar *problem)
{
	req->kind = SORI_PAGE_NOT_FOUND;
	req->status = 404;
	req->problem = problem;
	sori_pages_answer_once(response, request, req);
}

/* the venues page, or the one venue's when there is only one */
static void
sori_pages_handle_venues(SoriVenueStore *store, const SoriHttpRequest *request,
			 SoriHttpResponse *response, SoriPageRequest *req, const gchar *asked)
{
	const gchar *const *app_languages = sori_page_ui_languages();
	GPtrArray *snapshots = sori_venue_store_get_snapshots(store);
	g_autoptr(GPtrArray) langs = g_ptr_array_new();
	g_autoptr(GString) key = g_string_new("page\x1f");
	GHashTable *cache;
	SoriRepresentation *rep;

	if (snapshots->len == 1) {
		SoriCatalogue *catalogue
			= ((SoriVenueSnapshot *) g_ptr_array_index(snapshots, 0))->catalogue;
		g_autofree gchar *id
			= g_uri_escape_string(sori_catalogue_get_id(catalogue), NULL, FALSE);
		g_autofree gchar *location = g_strdup_printf("/v/%s", id);
		sori_http_response_set_redirect(response, location);
		response->cache_control = "no-cache";
		return;
	}
	/* the app's words in the phone's language where sori has them */
	req->lang = asked != NULL ? sori_language_match(app_languages, asked) : NULL;
	if (req->lang == NULL)
		req->lang = sori_language_negotiate(app_languages, request->accept_language, "en");
	g_string_append_printf(key, "%s\x1f", req->lang);
	for (guint i = 0; i < snapshots->len; i++) {
		SoriCatalogue *catalogue
			= ((SoriVenueSnapshot *) g_ptr_array_index(snapshots, i))->catalogue;
		gboolean sticky;
		const gchar *lang
			= sori_pages_choose_language(request, catalogue, req->lang, &sticky);
		g_ptr_array_add(langs, (gpointer) lang);
		g_string_append_printf(key, "%s,", lang);
	}
	req->snapshots = snapshots;
	req->langs = langs;
	cache = sori_venue_store_get_list_cache(store);
	rep = g_hash_table_lookup(cache, key->str);
	if (rep == NULL) {
		g_autoptr(GBytes) body = sori_pages_render(req);
		rep = sori_representation_new(200, PAGE_TYPE, req->lang, body);
		g_hash_table_insert(cache, g_strdup(key->str), rep);
	}
	sori_pages_answer(response, request, rep, req->kind);
}

/* /v/{venue}/c?code=101, the keypad's form without JavaScript */
static void
sori_pages_handle_typed(SoriHttpResponse *response, const SoriHttpRequest *request,
			SoriPageRequest *req, const gchar *code)
{
	SoriCatalogue *catalogue = req->snapshot->catalogue;
	g_autofree gchar *digits = g_strstrip(g_strdup(code != NULL ? code : ""));
	const SoriTarget *target = NULL;

	req->kind = SORI_PAGE_KEYPAD;
	if (strlen(digits) > SORI_PAGE_MAX_CODE_DIGITS)
		digits[SORI_PAGE_MAX_CODE_DIGITS] = '\0';
	if (!sori_catalogue_code_is_valid(digits)) {
		req->status = 400;
		req->problem = "keypad_need_three";
		/* the number stays for correcting; anything not a digit does not */
		for (gchar *c = digits; *c != '\0'; c++) {
			if (!g_ascii_isdigit(*c))
				*c = '\0';
		}
		req->code = digits;
		sori_pages_answer_once(response, request, req);
		return;
	}
	target = sori_catalogue_lookup_code(catalogue, digits);
	if (target == NULL) {
		req->status = 404;
		req->problem = "keypad_unknown";
		req->code = digits;
		sori_pages_answer_once(response, request, req);
		return;
	}
	sori_pages_redirect(response, catalogue, target, "number", req->lang, req->sticky);
}

/* GET /settings and /offline: pages of no venue, kept once per language */
static void
sori_pages_handle_global(SoriVenueStore *store, const SoriHttpRequest *request,
			 SoriHttpResponse *response, SoriPageRequest *req, const gchar *asked)
{
	const gchar *const *app_languages = sori_page_ui_languages();
	req->kind = g_str_equal(request->path, "/offline") ? SORI_PAGE_OFFLINE
							   : SORI_PAGE_SETTINGS_GLOBAL;
	req->path = request->path;
	req->lang = asked != NULL ? sori_language_match(app_languages, asked) : NULL;
	req->sticky = req->lang != NULL;
	if (req->lang == NULL)
		req->lang = sori_language_negotiate(app_languages, request->accept_language, "en");
	{
		g_autoptr(GBytes) body = NULL;
		g_autoptr(SoriRepresentation) rep = NULL;
		GHashTable *cache = sori_venue_store_get_list_cache(store);
		g_autofree gchar *key = g_strdup_printf(
			"page\x1f%s\x1f%s\x1f%d", page_names[req->kind], req->lang, req->sticky);
		SoriRepresentation *kept = g_hash_table_lookup(cache, key);
		if (kept == NULL) {
			body = sori_pages_render(req);
			kept = sori_representation_new(200, PAGE_TYPE, req->lang, body);
			g_hash_table_insert(cache, g_steal_pointer(&key), kept);
		}
		sori_pages_answer(response, request, kept, req->kind);
	}
}

/**
 * sori_pages_handle:
 *
 * GET /, /settings, /offline and /v/{venue}[/…]: a visitors' page, whole; a QR code's
 * link (/v/{venue}/c/{code}) and the number form (/v/{venue}/c?code=)
 * answered with a redirect to what they lead to.
 */
gboolean
sori_pages_handle(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		  SoriHttpResponse *response)
{
	g_auto(SoriPageQuery) query = { 0 };
	g_auto(GStrv) parts = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = NULL;
	SoriPageRequest req = { .status = 200 };
	const gchar *asked;
	guint n;

	if (!sori_pages_read_query(request->query, &query)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"the query is too long or not a query");
		return TRUE;
	}
	asked = query.lang;
	if (g_str_equal(request->path, "/")) {
		req.kind = SORI_PAGE_VENUES;
		req.path = "/";
		req.today[0] = '\0';
		sori_pages_handle_venues(store, request, response, &req, asked);
		return TRUE;
	}
	if (g_str_equal(request->path, "/settings") || g_str_equal(request->path, "/offline")) {
		sori_pages_handle_global(store, request, response, &req, asked);
		return TRUE;
	}
	parts = g_str_has_prefix(request->path, "/v/") ? sori_pages_split(request->path + 3) : NULL;
	if (parts == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_ROUTE,
					"there is no such page");
		return TRUE;
	}
	n = g_strv_length(parts);
	req.snapshot = sori_api_lookup_venue(store, parts[0], &error);
	if (req.snapshot == NULL) {
		const gchar *const *app_languages = sori_page_ui_languages();
		req.lang = sori_language_negotiate(app_languages, request->accept_language, "en");
		req.path = "/";
		req.kind = SORI_PAGE_NOT_FOUND;
		req.problem = g_error_matches(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE)
				      ? "unknown_venue"
				      : "error";
		req.status = g_error_matches(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE)
				     ? 404
				     : 503;
		sori_pages_answer_once(response, request, &req);
		return TRUE;
	}
	req.lang = sori_pages_choose_language(request, req.snapshot->catalogue, asked, &req.sticky);
	/* the page's own address, as its language links and main.js name it */
	{
		g_autofree gchar *venue = g_uri_escape_string(parts[0], NULL, FALSE);
		g_autoptr(GString) own = g_string_new("/v/");
		g_string_append(own, venue);
		for (guint i = 1; i < n; i++) {
			g_autofree gchar *escaped = g_uri_escape_string(parts[i], NULL, FALSE);
			g_string_append_printf(own, "/%s", escaped);
		}
		path = g_string_free(g_steal_pointer(&own), FALSE);
		req.path = path;
	}
	/* the venue's day: the home page's opening hours mark it, the pages
	 * whose use is counted carry it (sori_pages_is_daily()) */
	sori_pages_set_today(&req);
	if (n == 1) {
		req.kind = SORI_PAGE_HOME;
		sori_pages_serve(response, request, &req, NULL);
		return TRUE;
	}
	if (n == 2) {
		static const struct {
			const gchar *name;
			SoriPageKind kind;
		} pages[] = {
			{ "keypad", SORI_PAGE_KEYPAD },         { "access", SORI_PAGE_ACCESS },
			{ "settings", SORI_PAGE_SETTINGS },     { "nearby", SORI_PAGE_NEARBY },
			{ "directions", SORI_PAGE_DIRECTIONS }, { "camera", SORI_PAGE_CAMERA },
		};
		if (g_str_equal(parts[1], "c") && query.has_code) {
			sori_pages_handle_typed(response, request, &req, query.code);
			return TRUE;
		}
		/* directions asked for without JavaScript: this visitor's way, built for them */
		if (g_str_equal(parts[1], "directions")
		    && (query.from != NULL || query.to != NULL || query.profile != NULL)) {
			req.kind = SORI_PAGE_DIRECTIONS;
			req.from = query.from;
			req.to = query.to;
			req.profile = query.profile;
			sori_pages_answer_once(response, request, &req);
			return TRUE;
		}
		for (guint i = 0; i < G_N_ELEMENTS(pages); i++) {
			if (g_str_equal(parts[1], pages[i].name)) {
				req.kind = pages[i].kind;
				sori_pages_serve(response, request, &req, NULL);
				return TRUE;
			}
		}
		sori_pages_not_found(response, request, &req, "not_found_text");
		return TRUE;
	}
	if (n == 3 && g_str_equal(parts[1], "g")) {
		req.gallery = sori_catalogue_lookup_gallery(req.snapshot->catalogue, parts[2]);
		if (req.gallery == NULL) {
			sori_pages_not_found(response, request, &req, "not_found_text");
			return TRUE;
		}
		req.kind = SORI_PAGE_GALLERY;
		sori_pages_serve(response, request, &req, req.gallery->id);
		return TRUE;
	}
	if (n == 3 && g_str_equal(parts[1], "e")) {
		req.exhibit = sori_catalogue_lookup_exhibit(req.snapshot->catalogue, parts[2]);
		if (req.exhibit == NULL) {
			sori_pages_not_found(response, request, &req, "unknown_exhibit");
			return TRUE;
		}
		req.kind = SORI_PAGE_EXHIBIT;
		/* one of the three names or none: the pages kept stay four per exhibit */
		for (guint i = 0; i < G_N_ELEMENTS(sori_page_versions); i++) {
			if (g_strcmp0(query.version, sori_page_versions[i]) == 0)
				req.version = sori_page_versions[i];
		}
		sori_pages_serve(response, request, &req, req.exhibit->id);
		return TRUE;
	}
	if (n == 3 && g_str_equal(parts[1], "c")) {
		const SoriTarget *target
			= sori_catalogue_code_is_valid(parts[2])
				  ? sori_catalogue_lookup_code(req.snapshot->catalogue, parts[2])
				  : NULL;
		if (target == NULL) {
			sori_pages_not_found(response, request, &req, "unknown_exhibit");
			return TRUE;
		}
		sori_pages_redirect(response, req.snapshot->catalogue, target, "qr", req.lang,
				    req.sticky);
		return TRUE;
	}
	sori_pages_not_found(response, request, &req, "not_found_text");
	return TRUE;
}
