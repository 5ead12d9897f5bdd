/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The printed codes a venue has, and what each stands beside:
 *
 *   GET /v1/venues/{v}/markers?lang=
 *
 * The camera page reads it to say what a code it finds is, how far (from the
 * code's printed size) and which page a tap opens. Built once per catalogue
 * version and language, like the other venue views.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include "sori-api.h"
#include "sori-markers.h"
#include "sori-query.h"
#include "sori-views.h"

static void
sori_markers_add_code(JsonBuilder *builder, SoriCatalogue *catalogue, const SoriMarkerCode *code,
		      const gchar *lang)
{
	const gchar *chosen = NULL;
	const gchar *name = sori_catalogue_pick_text(catalogue, code->name, lang, &chosen);
	g_autofree gchar *href = sori_marker_code_get_href(catalogue, code);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "marker");
	json_builder_add_int_value(builder, code->number);
	json_builder_set_member_name(builder, "kind");
	json_builder_add_string_value(builder, sori_marker_binding_to_string(code->binding));
	json_builder_set_member_name(builder, "id");
	json_builder_add_string_value(builder, code->id);
	if (code->binding == SORI_MARKER_BINDS_PLACE) {
		json_builder_set_member_name(builder, "place_kind");
		json_builder_add_string_value(builder,
					      sori_place_kind_to_string(code->place->kind));
	}
	if (name != NULL) {
		json_builder_set_member_name(builder, "name");
		json_builder_add_string_value(builder, name);
		json_builder_set_member_name(builder, "lang");
		json_builder_add_string_value(builder, chosen);
	}
	if (code->has_floor) {
		json_builder_set_member_name(builder, "floor");
		json_builder_add_int_value(builder, code->floor);
	}
	json_builder_set_member_name(builder, "size_mm");
	json_builder_add_int_value(builder, code->size_mm);
	if (code->place != NULL) {
		json_builder_set_member_name(builder, "place");
		json_builder_add_string_value(builder, code->place->id);
	}
	json_builder_set_member_name(builder, "href");
	json_builder_add_string_value(builder, href);
	json_builder_end_object(builder);
}

/**
 * sori_view_markers:
 * @catalogue: a venue's catalogue
 * @lang: one of the venue's languages
 *
 * Returns: (transfer full): the venue's printed codes, in the order of their
 *	numbers, each with what it stands beside named in @lang (or the venue's
 *	language when @lang has no name): /v1/venues/{venue}/markers
 */
JsonNode *
sori_view_markers(SoriCatalogue *catalogue, const gchar *lang)
{
	GPtrArray *codes = sori_catalogue_get_markers(catalogue);
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "venue");
	json_builder_add_string_value(builder, sori_catalogue_get_id(catalogue));
	json_builder_set_member_name(builder, "lang");
	json_builder_add_string_value(builder, lang);
	json_builder_set_member_name(builder, "family");
	json_builder_add_string_value(builder, SORI_CATALOGUE_MARKER_FAMILY);
	/* a venue with no codes has no size for them either */
	if (sori_catalogue_get_marker_size_mm(catalogue) > 0) {
		json_builder_set_member_name(builder, "size_mm");
		json_builder_add_int_value(builder, sori_catalogue_get_marker_size_mm(catalogue));
	}
	json_builder_set_member_name(builder, "codes");
	json_builder_begin_array(builder);
	for (guint i = 0; i < codes->len; i++)
		sori_markers_add_code(builder, catalogue, g_ptr_array_index(codes, i), lang);
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

static SoriRepresentation *
sori_markers_build_cb(SoriVenueSnapshot *snapshot, gpointer user_data)
{
	const gchar *lang = user_data;
	g_autoptr(JsonNode) node = sori_view_markers(snapshot->catalogue, lang);
	return sori_representation_new_json(200, "application/json", lang, node);
}

/**
 * sori_markers_handle:
 *
 * GET /v1/venues/{venue}/markers?lang=: the venue's printed codes
 */
gboolean
sori_markers_handle(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		    SoriHttpResponse *response)
{
	return sori_api_handle_localized(store, request, match, response, "markers",
					 sori_markers_build_cb);
}
