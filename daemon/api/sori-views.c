/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include "sori-views.h"

/* members that hold a text in the venue's languages, wherever they appear,
 * besides an exhibit's own texts (sori_exhibit_text_from_string()) */
static const gchar *const text_members[] = {
	"name",  "description", "summary", "seating", "assistance_dogs",
	"notes", "note",        "alt",     "address", NULL,
};

static gboolean
sori_views_is_text_member(const gchar *name)
{
	return g_strv_contains(text_members, name) || sori_exhibit_text_from_string(name, NULL);
}

/* a text, in the catalogue's one language fallback, and the language it is in */
static void
sori_views_add_text(JsonBuilder *builder, SoriCatalogue *catalogue, JsonObject *text,
		    const gchar *lang)
{
	const gchar *chosen = NULL;
	const gchar *value = sori_catalogue_pick_text(catalogue, text, lang, &chosen);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "text");
	json_builder_add_string_value(builder, value);
	json_builder_set_member_name(builder, "lang");
	json_builder_add_string_value(builder, chosen);
	json_builder_end_object(builder);
}

static void sori_views_add_localized(JsonBuilder *builder, SoriCatalogue *catalogue, JsonNode *node,
				     const gchar *lang);

static void
sori_views_add_localized_members(JsonBuilder *builder, SoriCatalogue *catalogue, JsonObject *obj,
				 const gchar *lang)
{
	JsonObjectIter iter;
	const gchar *name;
	JsonNode *value;

	json_object_iter_init(&iter, obj);
	while (json_object_iter_next(&iter, &name, &value)) {
		json_builder_set_member_name(builder, name);
		if (sori_views_is_text_member(name) && JSON_NODE_HOLDS_OBJECT(value))
			sori_views_add_text(builder, catalogue, json_node_get_object(value), lang);
		else
			sori_views_add_localized(builder, catalogue, value, lang);
	}
}

/* a copy of @node with every text narrowed to @lang */
static void
sori_views_add_localized(JsonBuilder *builder, SoriCatalogue *catalogue, JsonNode *node,
			 const gchar *lang)
{
	switch (JSON_NODE_TYPE(node)) {
	case JSON_NODE_OBJECT:
		json_builder_begin_object(builder);
		sori_views_add_localized_members(builder, catalogue, json_node_get_object(node),
						 lang);
		json_builder_end_object(builder);
		break;
	case JSON_NODE_ARRAY: {
		JsonArray *array = json_node_get_array(node);
		json_builder_begin_array(builder);
		for (guint i = 0; i < json_array_get_length(array); i++)
			sori_views_add_localized(builder, catalogue,
						 json_array_get_element(array, i), lang);
		json_builder_end_array(builder);
		break;
	}
	case JSON_NODE_VALUE:
	case JSON_NODE_NULL:
		json_builder_add_value(builder, json_node_copy(node));
		break;
	default:
		json_builder_add_null_value(builder);
		break;
	}
}

static void
sori_views_add_member_localized(JsonBuilder *builder, SoriCatalogue *catalogue, JsonObject *obj,
				const gchar *member, const gchar *lang)
{
	JsonNode *node = json_object_get_member(obj, member);
	if (node == NULL)
		return;
	json_builder_set_member_name(builder, member);
	if (sori_views_is_text_member(member) && JSON_NODE_HOLDS_OBJECT(node))
		sori_views_add_text(builder, catalogue, json_node_get_object(node), lang);
	else
		sori_views_add_localized(builder, catalogue, node, lang);
}

static void
sori_views_add_string_member(JsonBuilder *builder, const gchar *name, const gchar *value)
{
	json_builder_set_member_name(builder, name);
	json_builder_add_string_value(builder, value);
}

static void
sori_views_add_venue_header(JsonBuilder *builder, SoriCatalogue *catalogue, const gchar *lang)
{
	JsonObject *venue = sori_catalogue_get_venue_json(catalogue);
	const gchar *const *languages = sori_catalogue_get_languages(catalogue);

	sori_views_add_string_member(builder, "id", sori_catalogue_get_id(catalogue));
	sori_views_add_string_member(builder, "lang", lang);
	sori_views_add_member_localized(builder, catalogue, venue, "name", lang);
	json_builder_set_member_name(builder, "languages");
	json_builder_begin_array(builder);
	for (guint i = 0; languages[i] != NULL; i++)
		json_builder_add_string_value(builder, languages[i]);
	json_builder_end_array(builder);
	sori_views_add_string_member(builder, "default_language",
				     sori_catalogue_get_default_language(catalogue));
}

static gchar *
sori_views_venue_href(SoriCatalogue *catalogue, const gchar *suffix)
{
	return g_strconcat("/v1/venues/", sori_catalogue_get_id(catalogue), suffix, NULL);
}

JsonNode *
sori_view_venue_summary(SoriCatalogue *catalogue, const gchar *lang)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	g_autofree gchar *href = sori_views_venue_href(catalogue, "");

	json_builder_begin_object(builder);
	sori_views_add_venue_header(builder, catalogue, lang);
	sori_views_add_string_member(builder, "href", href);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

static void
sori_views_add_gallery(JsonBuilder *builder, SoriCatalogue *catalogue, SoriGallery *gallery,
		       const gchar *lang)
{
	g_autofree gchar *suffix = g_strconcat("/exhibits?gallery=", gallery->id, NULL);
	g_autofree gchar *href = sori_views_venue_href(catalogue, suffix);

	json_builder_begin_object(builder);
	sori_views_add_string_member(builder, "id", gallery->id);
	sori_views_add_member_localized(builder, catalogue, gallery->json, "name", lang);
	sori_views_add_member_localized(builder, catalogue, gallery->json, "description", lang);
	json_builder_set_member_name(builder, "floor");
	json_builder_add_int_value(builder, gallery->floor);
	json_builder_set_member_name(builder, "step_free");
	json_builder_add_boolean_value(builder, gallery->step_free);
	json_builder_set_member_name(builder, "exhibit_count");
	json_builder_add_int_value(builder, gallery->n_exhibits);
	sori_views_add_string_member(builder, "exhibits_href", href);
	json_builder_end_object(builder);
}

JsonNode *
sori_view_venue(SoriCatalogue *catalogue, const gchar *lang)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	JsonObject *venue = sori_catalogue_get_venue_json(catalogue);
	GPtrArray *galleries = sori_catalogue_get_galleries(catalogue);
	g_autofree gchar *exhibits_href = sori_views_venue_href(catalogue, "/exhibits");
	g_autofree gchar *export_href = sori_views_venue_href(catalogue, "/export");

	json_builder_begin_object(builder);
	sori_views_add_venue_header(builder, catalogue, lang);
	sori_views_add_member_localized(builder, catalogue, venue, "description", lang);
	sori_views_add_member_localized(builder, catalogue, venue, "address", lang);
	sori_views_add_member_localized(builder, catalogue, venue, "timezone", lang);
	sori_views_add_member_localized(builder, catalogue, venue, "opening_hours", lang);
	sori_views_add_member_localized(builder, catalogue, venue, "contact", lang);
	sori_views_add_member_localized(builder, catalogue, venue, "access", lang);
	sori_views_add_string_member(builder, "licence", sori_catalogue_get_licence(catalogue));
	/* whether the app may send its anonymous usage counts */
	json_builder_set_member_name(builder, "usage_counting");
	json_builder_add_boolean_value(builder, sori_catalogue_counts_usage(catalogue));
	json_builder_set_member_name(builder, "galleries");
	json_builder_begin_array(builder);
	for (guint i = 0; i < galleries->len; i++)
		sori_views_add_gallery(builder, catalogue, g_ptr_array_index(galleries, i), lang);
	json_builder_end_array(builder);
	json_builder_set_member_name(builder, "links");
	json_builder_begin_object(builder);
	sori_views_add_string_member(builder, "exhibits", exhibits_href);
	sori_views_add_string_member(builder, "export", export_href);
	/* getting there, where the venue has a map */
	if (sori_catalogue_get_map(catalogue) != NULL) {
		g_autofree gchar *places_href = sori_views_venue_href(catalogue, "/places");
		g_autofree gchar *route_href = sori_views_venue_href(catalogue, "/route");
		g_autofree gchar *map_href = sori_views_venue_href(catalogue, "/map");
		sori_views_add_string_member(builder, "places", places_href);
		sori_views_add_string_member(builder, "route", route_href);
		sori_views_add_string_member(builder, "map", map_href);
	}
	json_builder_end_object(builder);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

static void
sori_views_add_exhibit_summary(JsonBuilder *builder, SoriCatalogue *catalogue, SoriExhibit *exhibit,
			       const gchar *lang)
{
	g_autofree gchar *suffix = g_strconcat("/exhibits/", exhibit->id, NULL);
	g_autofree gchar *href = sori_views_venue_href(catalogue, suffix);

	json_builder_begin_object(builder);
	sori_views_add_string_member(builder, "id", exhibit->id);
	sori_views_add_string_member(builder, "code", exhibit->code);
	sori_views_add_string_member(builder, "gallery", exhibit->gallery->id);
	sori_views_add_member_localized(builder, catalogue, exhibit->json,
					sori_exhibit_text_to_string(SORI_EXHIBIT_TEXT_TITLE), lang);
	json_builder_set_member_name(builder, "has_sign_language");
	json_builder_add_boolean_value(builder,
				       json_object_has_member(exhibit->json, "sign_language"));
	sori_views_add_string_member(builder, "href", href);
	json_builder_end_object(builder);
}

JsonNode *
sori_view_exhibit_list(SoriCatalogue *catalogue, const gchar *lang, SoriGallery *gallery)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);

	json_builder_begin_object(builder);
	sori_views_add_string_member(builder, "venue", sori_catalogue_get_id(catalogue));
	sori_views_add_string_member(builder, "lang", lang);
	if (gallery != NULL)
		sori_views_add_string_member(builder, "gallery", gallery->id);
	json_builder_set_member_name(builder, "exhibits");
	json_builder_begin_array(builder);
	for (guint i = 0; i < exhibits->len; i++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
		if (gallery != NULL && exhibit->gallery != gallery)
			continue;
		sori_views_add_exhibit_summary(builder, catalogue, exhibit, lang);
	}
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

static void
sori_views_add_exhibit_texts(JsonBuilder *builder, SoriCatalogue *catalogue, SoriExhibit *exhibit,
			     const gchar *lang)
{
	static const gchar *const media[] = { "images", "sign_language", "access", NULL };
	const gchar *audio = NULL;
	const gchar *captions = NULL;

	for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++)
		sori_views_add_member_localized(builder, catalogue, exhibit->json,
						sori_exhibit_text_to_string(f), lang);
	for (guint i = 0; media[i] != NULL; i++)
		sori_views_add_member_localized(builder, catalogue, exhibit->json, media[i], lang);
	/* a recorded narration is offered only in the language it was recorded in */
	if (sori_catalogue_get_exhibit_narration(exhibit, lang, &audio, &captions)) {
		json_builder_set_member_name(builder, "narration");
		json_builder_begin_object(builder);
		sori_views_add_string_member(builder, "audio", audio);
		sori_views_add_string_member(builder, "captions", captions);
		sori_views_add_string_member(builder, "lang", lang);
		json_builder_end_object(builder);
	}
}

/* where to hear each telling of the exhibit, and read its captions in step */
static void
sori_views_add_exhibit_media(JsonBuilder *builder, const gchar *href, const gchar *lang)
{
	json_builder_set_member_name(builder, "media");
	json_builder_begin_object(builder);
	for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++) {
		const gchar *field = sori_exhibit_text_to_string(f);
		g_autofree gchar *audio = NULL;
		g_autofree gchar *captions = NULL;
		if (!sori_exhibit_text_has_flags(f, SORI_EXHIBIT_TEXT_FLAG_VERSION
							    | SORI_EXHIBIT_TEXT_FLAG_SPOKEN))
			continue;
		audio = g_strdup_printf("%s/audio?lang=%s&field=%s", href, lang, field);
		captions = g_strdup_printf("%s/captions?lang=%s&field=%s", href, lang, field);
		json_builder_set_member_name(builder, field);
		json_builder_begin_object(builder);
		sori_views_add_string_member(builder, "audio", audio);
		sori_views_add_string_member(builder, "captions", captions);
		json_builder_end_object(builder);
	}
	json_builder_end_object(builder);
}

static void
sori_views_add_exhibit_body(JsonBuilder *builder, SoriCatalogue *catalogue, SoriExhibit *exhibit,
			    const gchar *lang)
{
	g_autofree gchar *suffix = g_strconcat("/exhibits/", exhibit->id, NULL);
	g_autofree gchar *href = sori_views_venue_href(catalogue, suffix);

	sori_views_add_string_member(builder, "id", exhibit->id);
	sori_views_add_string_member(builder, "venue", sori_catalogue_get_id(catalogue));
	sori_views_add_string_member(builder, "code", exhibit->code);
	sori_views_add_string_member(builder, "lang", lang);
	json_builder_set_member_name(builder, "gallery");
	sori_views_add_gallery(builder, catalogue, exhibit->gallery, lang);
	sori_views_add_exhibit_texts(builder, catalogue, exhibit, lang);
	sori_views_add_string_member(builder, "licence",
				     exhibit->licence != NULL
					     ? exhibit->licence
					     : sori_catalogue_get_licence(catalogue));
	sori_views_add_string_member(builder, "href", href);
	sori_views_add_exhibit_media(builder, href, lang);
}

JsonNode *
sori_view_exhibit(SoriCatalogue *catalogue, SoriExhibit *exhibit, const gchar *lang)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();

	json_builder_begin_object(builder);
	sori_views_add_exhibit_body(builder, catalogue, exhibit, lang);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

JsonNode *
sori_view_code(SoriCatalogue *catalogue, const gchar *code, const SoriTarget *target,
	       const gchar *lang)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();

	json_builder_begin_object(builder);
	sori_views_add_string_member(builder, "code", code);
	sori_views_add_string_member(builder, "venue", sori_catalogue_get_id(catalogue));
	sori_views_add_string_member(builder, "lang", lang);
	switch (target->kind) {
	case SORI_TARGET_KIND_EXHIBIT:
		sori_views_add_string_member(builder, "target", "exhibit");
		json_builder_set_member_name(builder, "exhibit");
		json_builder_begin_object(builder);
		sori_views_add_exhibit_body(builder, catalogue, target->exhibit, lang);
		json_builder_end_object(builder);
		break;
	case SORI_TARGET_KIND_GALLERY: {
		GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
		sori_views_add_string_member(builder, "target", "gallery");
		json_builder_set_member_name(builder, "gallery");
		sori_views_add_gallery(builder, catalogue, target->gallery, lang);
		json_builder_set_member_name(builder, "exhibits");
		json_builder_begin_array(builder);
		for (guint i = 0; i < exhibits->len; i++) {
			SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
			if (exhibit->gallery == target->gallery)
				sori_views_add_exhibit_summary(builder, catalogue, exhibit, lang);
		}
		json_builder_end_array(builder);
		break;
	}
	default:
		break;
	}
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

/* open data: every public field in every language; beacons and bindings are the
 * venue's infrastructure, not content, and stay out */
JsonNode *
sori_view_export(SoriCatalogue *catalogue)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	GPtrArray *galleries = sori_catalogue_get_galleries(catalogue);
	GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);

	json_builder_begin_object(builder);
	sori_views_add_string_member(builder, "format", "sori-open-data/1");
	sori_views_add_string_member(builder, "licence", sori_catalogue_get_licence(catalogue));
	sori_views_add_string_member(builder, "revision", sori_catalogue_get_digest(catalogue));
	json_builder_set_member_name(builder, "venue");
	json_builder_add_value(
		builder,
		json_node_init_object(json_node_alloc(), sori_catalogue_get_venue_json(catalogue)));
	json_builder_set_member_name(builder, "galleries");
	json_builder_begin_array(builder);
	for (guint i = 0; i < galleries->len; i++) {
		SoriGallery *gallery = g_ptr_array_index(galleries, i);
		json_builder_add_value(builder,
				       json_node_init_object(json_node_alloc(), gallery->json));
	}
	json_builder_end_array(builder);
	json_builder_set_member_name(builder, "exhibits");
	json_builder_begin_array(builder);
	for (guint i = 0; i < exhibits->len; i++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
		JsonObjectIter iter;
		const gchar *name;
		JsonNode *value;
		json_builder_begin_object(builder);
		json_object_iter_init(&iter, exhibit->json);
		while (json_object_iter_next(&iter, &name, &value)) {
			if (g_strcmp0(name, "licence") == 0)
				continue;
			json_builder_set_member_name(builder, name);
			json_builder_add_value(builder, json_node_copy(value));
		}
		sori_views_add_string_member(builder, "licence",
					     exhibit->licence != NULL
						     ? exhibit->licence
						     : sori_catalogue_get_licence(catalogue));
		json_builder_end_object(builder);
	}
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}
