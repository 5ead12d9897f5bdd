/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The labels to print: GET /v1/admin/venues/{venue}/labels?base=URL&size_mm=N
 * answers each exhibit's (and gallery code's) number, title and QR code as
 * SVG, the codes sorictl qr makes, for the console's printable page.
 *
 * GET /v1/admin/venues/{venue}/labels/markers?base=URL[&paper=a4|a3][&floor=N]
 * answers the printed codes' sheets (lib/sori-labels.c, as sorictl labels
 * writes them): each code at its exact size, a sheet per floor.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include "sori-admin-private.h"
#include "sori-labels.h"
#include "sori-qr.h"
#include "sori-query.h"

#define SORI_ADMIN_LABEL_MM_MIN 10
#define SORI_ADMIN_LABEL_MM_MAX 100

/* the query (of @allowed) and the language the labels are printed in; %NULL
 * with @response set to the problem */
static GHashTable *
sori_admin_labels_query(const SoriHttpRequest *request, const gchar *const *allowed,
			SoriCatalogue *catalogue, SoriHttpResponse *response, const gchar **lang)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) params = sori_query_parse(request->query, allowed, &error);

	if (params == NULL
	    || !sori_query_choose_language(
		    params, request->accept_language, sori_catalogue_get_languages(catalogue),
		    sori_catalogue_get_default_language(catalogue), lang, &error)) {
		sori_http_response_set_error(response, request, error);
		return NULL;
	}
	return g_steal_pointer(&params);
}

static void
sori_admin_add_label(JsonBuilder *b, const gchar *kind, const gchar *id, const gchar *code,
		     const gchar *title, const gchar *url, const gchar *svg)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "kind");
	json_builder_add_string_value(b, kind);
	json_builder_set_member_name(b, "id");
	json_builder_add_string_value(b, id);
	json_builder_set_member_name(b, "code");
	if (code != NULL)
		json_builder_add_string_value(b, code);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "title");
	json_builder_add_string_value(b, title);
	json_builder_set_member_name(b, "url");
	json_builder_add_string_value(b, url);
	json_builder_set_member_name(b, "svg");
	json_builder_add_string_value(b, svg);
	json_builder_end_object(b);
}

/* a text of the catalogue in @lang, by the catalogue's language fallback */
static const gchar *
sori_admin_label_text(SoriCatalogue *catalogue, JsonObject *obj, const gchar *member,
		      const gchar *lang)
{
	const gchar *text = sori_catalogue_get_member_text(catalogue, obj, member, lang, NULL);
	return text != NULL ? text : "";
}

/**
 * sori_admin_handle_labels:
 *
 * GET /v1/admin/venues/{venue}/labels?base=URL[&size_mm=N][&lang=]
 */
gboolean
sori_admin_handle_labels(gpointer admin, const SoriHttpRequest *request,
			 const SoriRouteMatch *match, SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "base", "size_mm", "lang", NULL };
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	SoriVenueSnapshot *live = sori_admin_lookup_live(self, request, venue, response);
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(GPtrArray) codes = NULL;
	g_autofree gchar *origin = NULL;
	g_autofree gchar *venue_url = NULL;
	g_autofree gchar *entrance_svg = NULL;
	const gchar *size_text;
	const gchar *lang = NULL;
	guint64 size_mm = 30;
	gboolean is_https = FALSE;
	SoriCatalogue *catalogue;

	if (live == NULL)
		return TRUE;
	catalogue = live->catalogue;
	params = sori_admin_labels_query(request, allowed, catalogue, response, &lang);
	if (params == NULL)
		return TRUE;
	size_text = g_hash_table_lookup(params, "size_mm");
	if (size_text != NULL
	    && !g_ascii_string_to_unsigned(size_text, 10, SORI_ADMIN_LABEL_MM_MIN,
					   SORI_ADMIN_LABEL_MM_MAX, &size_mm, NULL)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"size_mm: a whole number of millimetres, %u to %u",
					(guint) SORI_ADMIN_LABEL_MM_MIN,
					(guint) SORI_ADMIN_LABEL_MM_MAX);
		return TRUE;
	}
	if (g_hash_table_lookup(params, "base") == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"base: where visitors' phones reach sorid, e.g. "
					"https://guide.example.org");
		return TRUE;
	}
	origin = sori_qr_parse_base_url(g_hash_table_lookup(params, "base"), &is_https, &error);
	if (origin == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"base: %s", error->message);
		return TRUE;
	}

	venue_url = g_strdup_printf("%s/v/%s", origin, sori_catalogue_get_id(catalogue));
	entrance_svg = sori_qr_svg(venue_url, QR_ECLEVEL_Q, (guint) size_mm, &error);
	if (entrance_svg == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "lang");
	json_builder_add_string_value(b, lang);
	json_builder_set_member_name(b, "size_mm");
	json_builder_add_int_value(b, (gint64) size_mm);
	json_builder_set_member_name(b, "https");
	json_builder_add_boolean_value(b, is_https);
	json_builder_set_member_name(b, "labels");
	json_builder_begin_array(b);
	sori_admin_add_label(b, "entrance", venue, NULL,
			     sori_admin_label_text(catalogue,
						   sori_catalogue_get_venue_json(catalogue), "name",
						   lang),
			     venue_url, entrance_svg);
	codes = sori_catalogue_get_codes(catalogue);
	for (guint i = 0; i < codes->len; i++) {
		const gchar *code = g_ptr_array_index(codes, i);
		const SoriTarget *target = sori_catalogue_lookup_code(catalogue, code);
		gboolean is_exhibit = target->kind == SORI_TARGET_KIND_EXHIBIT;
		g_autofree gchar *url = g_strdup_printf("%s/c/%s", venue_url, code);
		g_autofree gchar *svg = sori_qr_svg(url, QR_ECLEVEL_Q, (guint) size_mm, NULL);
		if (svg == NULL)
			continue;
		sori_admin_add_label(
			b, is_exhibit ? "exhibit" : "gallery",
			is_exhibit ? target->exhibit->id : target->gallery->id, code,
			is_exhibit ? sori_catalogue_get_exhibit_text(
				catalogue, target->exhibit, SORI_EXHIBIT_TEXT_TITLE, lang, NULL)
				   : sori_admin_label_text(catalogue, target->gallery->json, "name",
							   lang),
			url, svg);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	sori_http_response_set_json(response, 200, NULL, root);
	return TRUE;
}

/* the floors a map may number (sori-catalogue-check-map.c) */
#define SORI_ADMIN_LABELS_FLOOR_MIN -20
#define SORI_ADMIN_LABELS_FLOOR_MAX 200

static void
sori_admin_add_sheet(JsonBuilder *b, const SoriLabelSheet *sheet)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "floor");
	if (sheet->has_floor)
		json_builder_add_int_value(b, sheet->floor);
	else
		json_builder_add_null_value(b);
	if (sheet->floor_name != NULL) {
		json_builder_set_member_name(b, "floor_name");
		json_builder_add_string_value(b, sheet->floor_name);
	}
	json_builder_set_member_name(b, "page");
	json_builder_add_int_value(b, sheet->page);
	json_builder_set_member_name(b, "pages");
	json_builder_add_int_value(b, sheet->n_pages);
	json_builder_set_member_name(b, "markers");
	json_builder_begin_array(b);
	for (guint i = 0; i < sheet->markers->len; i++)
		json_builder_add_int_value(b, g_array_index(sheet->markers, guint, i));
	json_builder_end_array(b);
	json_builder_set_member_name(b, "svg");
	json_builder_add_string_value(b, sheet->svg);
	json_builder_end_object(b);
}

/**
 * sori_admin_handle_marker_labels:
 *
 * GET /v1/admin/venues/{venue}/labels/markers?base=URL[&paper=a4|a3][&floor=N][&lang=]
 */
gboolean
sori_admin_handle_marker_labels(gpointer admin, const SoriHttpRequest *request,
				const SoriRouteMatch *match, SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "base", "paper", "floor", "lang", NULL };
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	SoriVenueSnapshot *live = sori_admin_lookup_live(self, request, venue, response);
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(GPtrArray) sheets = NULL;
	g_autofree gchar *origin = NULL;
	const gchar *base;
	const gchar *paper_name;
	const gchar *floor_text;
	const gchar *lang = NULL;
	SoriPaper paper = SORI_PAPER_A4;
	gint64 floor = 0;
	gint floor_int = 0;
	gboolean is_https = FALSE;
	gdouble width_mm;
	gdouble height_mm;
	SoriCatalogue *catalogue;

	if (live == NULL)
		return TRUE;
	catalogue = live->catalogue;
	params = sori_admin_labels_query(request, allowed, catalogue, response, &lang);
	if (params == NULL)
		return TRUE;
	paper_name = g_hash_table_lookup(params, "paper");
	if (paper_name != NULL && !sori_paper_from_string(paper_name, &paper)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"paper: a4 or a3");
		return TRUE;
	}
	floor_text = g_hash_table_lookup(params, "floor");
	if (floor_text != NULL
	    && !g_ascii_string_to_signed(floor_text, 10, SORI_ADMIN_LABELS_FLOOR_MIN,
					 SORI_ADMIN_LABELS_FLOOR_MAX, &floor, NULL)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"floor: a whole number, %d to %d",
					SORI_ADMIN_LABELS_FLOOR_MIN, SORI_ADMIN_LABELS_FLOOR_MAX);
		return TRUE;
	}
	floor_int = (gint) floor;
	base = g_hash_table_lookup(params, "base");
	if (base == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"base: where visitors' phones reach sorid, e.g. "
					"https://guide.example.org");
		return TRUE;
	}
	origin = sori_qr_parse_base_url(base, &is_https, &error);
	if (origin == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"base: %s", error->message);
		return TRUE;
	}
	sheets = sori_labels_build_sheets(catalogue, origin, paper,
					  floor_text != NULL ? &floor_int : NULL, lang, &error);
	if (sheets == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	sori_paper_get_size(paper, &width_mm, &height_mm);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "lang");
	json_builder_add_string_value(b, lang);
	json_builder_set_member_name(b, "paper");
	json_builder_add_string_value(b, sori_paper_to_string(paper));
	json_builder_set_member_name(b, "width_mm");
	json_builder_add_int_value(b, (gint64) width_mm);
	json_builder_set_member_name(b, "height_mm");
	json_builder_add_int_value(b, (gint64) height_mm);
	json_builder_set_member_name(b, "https");
	json_builder_add_boolean_value(b, is_https);
	json_builder_set_member_name(b, "sheets");
	json_builder_begin_array(b);
	for (guint i = 0; i < sheets->len; i++)
		sori_admin_add_sheet(b, g_ptr_array_index(sheets, i));
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	sori_http_response_set_json(response, 200, NULL, root);
	return TRUE;
}
