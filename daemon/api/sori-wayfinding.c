/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Getting there:
 *
 *   GET /v1/venues/{v}/route?from=&to=&profile=&lang=   directions, step by step
 *   GET /v1/venues/{v}/places?lang=                     the places to start from
 *   GET /v1/venues/{v}/map                              the map as GeoJSON (IMDF)
 *
 * Routes are computed per request on the graph the catalogue built; the
 * places and the GeoJSON are built once per catalogue version (and language).
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sori-api.h"
#include "sori-directions.h"
#include "sori-query.h"
#include "sori-wayfinding.h"

#define VARY_LANGUAGE "Accept-Language, Accept-Encoding"

static void
sori_wayfinding_add_text(JsonBuilder *builder, const gchar *member, JsonObject *text,
			 const gchar *lang, const gchar *default_lang)
{
	const gchar *chosen = NULL;
	const gchar *value;

	if (text == NULL)
		return;
	value = sori_directions_pick_text(text, lang, default_lang);
	/* which language the text is in: the one asked for, or a fallback */
	if (json_object_has_member(text, lang))
		chosen = lang;
	else if (default_lang != NULL && json_object_has_member(text, default_lang)
		 && g_strcmp0(json_object_get_string_member(text, default_lang), value) == 0)
		chosen = default_lang;
	else {
		JsonObjectIter iter;
		const gchar *name;
		JsonNode *node;
		json_object_iter_init(&iter, text);
		while (chosen == NULL && json_object_iter_next(&iter, &name, &node)) {
			if (g_strcmp0(json_node_get_string(node), value) == 0)
				chosen = name;
		}
	}
	json_builder_set_member_name(builder, member);
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "text");
	json_builder_add_string_value(builder, value);
	json_builder_set_member_name(builder, "lang");
	json_builder_add_string_value(builder, chosen);
	json_builder_end_object(builder);
}

static const gchar *
sori_wayfinding_binding_name(SoriPlaceBinding binding)
{
	switch (binding) {
	case SORI_PLACE_BINDS_ENTRANCE:
		return "entrance";
	case SORI_PLACE_BINDS_GALLERY:
		return "gallery";
	case SORI_PLACE_BINDS_EXHIBIT:
		return "exhibit";
	case SORI_PLACE_BINDS_LIFT:
		return "lift";
	case SORI_PLACE_BINDS_TOILET:
		return "toilet";
	case SORI_PLACE_BINDS_NOTHING:
	default:
		return NULL;
	}
}

/* a place; its landmark unless @brief (a step says its end's landmark itself) */
static void
sori_wayfinding_add_place_full(JsonBuilder *builder, SoriCatalogue *catalogue,
			       const SoriPlace *place, const gchar *lang, gboolean brief)
{
	const gchar *default_lang = sori_catalogue_get_default_language(catalogue);
	const gchar *binding = sori_wayfinding_binding_name(place->binding);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "id");
	json_builder_add_string_value(builder, place->id);
	json_builder_set_member_name(builder, "kind");
	json_builder_add_string_value(builder, sori_place_kind_to_string(place->kind));
	sori_wayfinding_add_text(builder, "name", place->name, lang, default_lang);
	json_builder_set_member_name(builder, "floor");
	json_builder_add_int_value(builder, place->floor);
	if (!brief)
		sori_wayfinding_add_text(builder, "landmark", place->landmark, lang, default_lang);
	if (binding != NULL) {
		json_builder_set_member_name(builder, binding);
		json_builder_add_string_value(builder, place->bound_id);
	}
	json_builder_end_object(builder);
}

static void
sori_wayfinding_add_place(JsonBuilder *builder, SoriCatalogue *catalogue, const SoriPlace *place,
			  const gchar *lang)
{
	sori_wayfinding_add_place_full(builder, catalogue, place, lang, FALSE);
}

static gchar *
sori_wayfinding_speech_href(SoriCatalogue *catalogue, const gchar *what, const SoriPlace *from,
			    const SoriPlace *to, SoriProfile profile, const gchar *lang, guint step)
{
	return g_strdup_printf("/v1/venues/%s/route/%s?from=%s&to=%s&profile=%s&lang=%s&step=%u",
			       sori_catalogue_get_id(catalogue), what, from->id, to->id,
			       sori_profile_to_string(profile), lang, step);
}

static JsonNode *
sori_wayfinding_route_view(SoriCatalogue *catalogue, SoriMapRoute *route,
			   SoriDirections *directions)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	SoriMap *map = sori_catalogue_get_map(catalogue);
	const SoriPlace *from = sori_map_get_place(map, route->from);
	const SoriPlace *to = sori_map_get_place(map, route->to);
	const gchar *lang = directions->lang;
	const gchar *default_lang = sori_catalogue_get_default_language(catalogue);
	g_autofree gchar *self_href
		= g_strdup_printf("/v1/venues/%s/route?from=%s&to=%s&profile=%s&lang=%s",
				  sori_catalogue_get_id(catalogue), from->id, to->id,
				  sori_profile_to_string(route->profile), lang);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "venue");
	json_builder_add_string_value(builder, sori_catalogue_get_id(catalogue));
	json_builder_set_member_name(builder, "lang");
	json_builder_add_string_value(builder, lang);
	json_builder_set_member_name(builder, "profile");
	json_builder_add_string_value(builder, sori_profile_to_string(route->profile));
	json_builder_set_member_name(builder, "from");
	sori_wayfinding_add_place(builder, catalogue, from, lang);
	json_builder_set_member_name(builder, "to");
	sori_wayfinding_add_place(builder, catalogue, to, lang);
	json_builder_set_member_name(builder, "distance_m");
	json_builder_add_double_value(builder, round(route->length_m * 10) / 10);
	json_builder_set_member_name(builder, "steps");
	json_builder_begin_array(builder);
	for (guint i = 0; i < directions->steps->len; i++) {
		SoriDirectionStep *step = g_ptr_array_index(directions->steps, i);
		g_autofree gchar *audio = sori_wayfinding_speech_href(catalogue, "audio", from, to,
								      route->profile, lang, i);
		g_autofree gchar *captions = sori_wayfinding_speech_href(
			catalogue, "captions", from, to, route->profile, lang, i);
		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "index");
		json_builder_add_int_value(builder, i);
		json_builder_set_member_name(builder, "instruction");
		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "text");
		json_builder_add_string_value(builder, step->instruction);
		json_builder_set_member_name(builder, "lang");
		json_builder_add_string_value(builder, lang);
		json_builder_end_object(builder);
		json_builder_set_member_name(builder, "distance_m");
		json_builder_add_double_value(builder, round(step->distance_m * 10) / 10);
		json_builder_set_member_name(builder, "via");
		json_builder_add_string_value(
			builder, step->arrive ? "arrive" : sori_way_kind_to_string(step->via));
		json_builder_set_member_name(builder, "floor");
		json_builder_add_int_value(builder, step->floor_from);
		json_builder_set_member_name(builder, "floor_change");
		if (step->floor_to != step->floor_from) {
			const SoriFloor *floor = sori_map_lookup_floor(map, step->floor_to);
			json_builder_begin_object(builder);
			json_builder_set_member_name(builder, "from");
			json_builder_add_int_value(builder, step->floor_from);
			json_builder_set_member_name(builder, "to");
			json_builder_add_int_value(builder, step->floor_to);
			json_builder_set_member_name(builder, "direction");
			json_builder_add_string_value(
				builder, step->floor_to > step->floor_from ? "up" : "down");
			if (floor != NULL)
				sori_wayfinding_add_text(builder, "name", floor->name, lang,
							 default_lang);
			json_builder_end_object(builder);
		} else {
			json_builder_add_null_value(builder);
		}
		sori_wayfinding_add_text(builder, "landmark", step->end->landmark, lang,
					 default_lang);
		json_builder_set_member_name(builder, "ends_at");
		sori_wayfinding_add_place_full(builder, catalogue, step->end, lang, TRUE);
		json_builder_set_member_name(builder, "audio");
		json_builder_add_string_value(builder, audio);
		json_builder_set_member_name(builder, "captions");
		json_builder_add_string_value(builder, captions);
		json_builder_end_object(builder);
	}
	json_builder_end_array(builder);
	json_builder_set_member_name(builder, "links");
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "self");
	json_builder_add_string_value(builder, self_href);
	json_builder_end_object(builder);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

/**
 * sori_wayfinding_directions_view:
 * @route: (out) (optional) (transfer full): the route found
 * @error: unknown-place, no-route
 *
 * Returns: (transfer full) (nullable): the way from @from to @to for
 *	@profile, step by step in @lang: /v1/venues/{venue}/route
 */
JsonNode *
sori_wayfinding_directions_view(SoriCatalogue *catalogue, const gchar *from, const gchar *to,
				SoriProfile profile, const gchar *lang, SoriMapRoute **route,
				GError **error)
{
	g_autoptr(SoriMapRoute) found = NULL;
	g_autoptr(SoriDirections) directions
		= sori_directions_find(catalogue, from, to, profile, lang, &found, error);
	JsonNode *node;

	if (directions == NULL)
		return NULL;
	node = sori_wayfinding_route_view(catalogue, found, directions);
	if (route != NULL)
		*route = g_steal_pointer(&found);
	return node;
}

/**
 * sori_wayfinding_handle_route:
 *
 * GET /v1/venues/{venue}/route?from=&to=&profile=&lang=
 */
gboolean
sori_wayfinding_handle_route(gpointer store, const SoriHttpRequest *request,
			     const SoriRouteMatch *match, SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "from", "to", "profile", "lang", NULL };
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriMapRoute) route = NULL;
	g_autoptr(JsonNode) node = NULL;
	g_autoptr(SoriRepresentation) rep = NULL;
	g_autofree gchar *etag_seed = NULL;
	SoriVenueSnapshot *snapshot;
	SoriCatalogue *catalogue;
	const gchar *lang = NULL;
	const gchar *said;
	const gchar *from;
	const gchar *to;
	SoriProfile profile;

	snapshot = sori_api_lookup_venue(store, sori_route_match_get(match, "venue"), &error);
	if (snapshot == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	catalogue = snapshot->catalogue;
	params = sori_query_parse(request->query, allowed, &error);
	if (params == NULL || !sori_query_read_route(params, &from, &to, &profile, &error)
	    || !sori_query_choose_language(
		    params, request->accept_language, sori_catalogue_get_languages(catalogue),
		    sori_catalogue_get_default_language(catalogue), &lang, &error)) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	node = sori_wayfinding_directions_view(catalogue, from, to, profile, lang, &route, &error);
	if (node == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	/* the language the instructions are in, which may not be the one asked for */
	said = json_object_get_string_member(json_node_get_object(node), "lang");
	/* a route is the catalogue version's, for its two places, profile and language */
	etag_seed = g_strdup_printf(
		"route\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", sori_catalogue_get_digest(catalogue),
		sori_map_get_place(sori_catalogue_get_map(catalogue), route->from)->id,
		sori_map_get_place(sori_catalogue_get_map(catalogue), route->to)->id,
		sori_profile_to_string(profile), said);
	rep = sori_representation_new_json_full(200, "application/json", said, node, etag_seed,
						TRUE);
	sori_http_response_set_representation(response, request, rep, VARY_LANGUAGE);
	return TRUE;
}

typedef struct {
	const gchar *lang;
} SoriPlacesView;

/**
 * sori_wayfinding_places_view:
 *
 * Returns: (transfer full): the places a visitor can say they are at or go
 *	to, the profiles and the floors, in @lang: /v1/venues/{venue}/places
 */
JsonNode *
sori_wayfinding_places_view(SoriCatalogue *catalogue, const gchar *lang)
{
	SoriMap *map = sori_catalogue_get_map(catalogue);
	const gchar *default_lang = sori_catalogue_get_default_language(catalogue);
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "venue");
	json_builder_add_string_value(builder, sori_catalogue_get_id(catalogue));
	json_builder_set_member_name(builder, "lang");
	json_builder_add_string_value(builder, lang);
	json_builder_set_member_name(builder, "profiles");
	json_builder_begin_array(builder);
	for (SoriProfile p = 0; p < SORI_PROFILE_LAST; p++)
		json_builder_add_string_value(builder, sori_profile_to_string(p));
	json_builder_end_array(builder);
	json_builder_set_member_name(builder, "floors");
	json_builder_begin_array(builder);
	for (guint i = 0; i < sori_map_get_n_floors(map); i++) {
		const SoriFloor *floor = sori_map_get_floor(map, i);
		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "level");
		json_builder_add_int_value(builder, floor->level);
		sori_wayfinding_add_text(builder, "name", floor->name, lang, default_lang);
		json_builder_end_object(builder);
	}
	json_builder_end_array(builder);
	/* junctions are where ways meet, not where a visitor says they are */
	json_builder_set_member_name(builder, "places");
	json_builder_begin_array(builder);
	for (guint i = 0; i < sori_map_get_n_places(map); i++) {
		const SoriPlace *place = sori_map_get_place(map, i);
		if (place->kind != SORI_PLACE_JUNCTION)
			sori_wayfinding_add_place(builder, catalogue, place, lang);
	}
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

static SoriRepresentation *
sori_wayfinding_build_places_cb(SoriVenueSnapshot *snapshot, gpointer user_data)
{
	SoriPlacesView *view = user_data;
	g_autoptr(JsonNode) node = sori_wayfinding_places_view(snapshot->catalogue, view->lang);
	return sori_representation_new_json(200, "application/json", view->lang, node);
}

static SoriVenueSnapshot *
sori_wayfinding_begin(SoriVenueStore *store, const SoriHttpRequest *request,
		      const SoriRouteMatch *match, const gchar *const *allowed,
		      SoriHttpResponse *response, const gchar **lang)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) params = NULL;
	SoriVenueSnapshot *snapshot
		= sori_api_lookup_venue(store, sori_route_match_get(match, "venue"), &error);
	SoriCatalogue *catalogue;

	if (snapshot == NULL) {
		sori_http_response_set_error(response, request, error);
		return NULL;
	}
	catalogue = snapshot->catalogue;
	params = sori_query_parse(request->query, allowed, &error);
	if (params == NULL
	    || (lang != NULL
		&& !sori_query_choose_language(
			params, request->accept_language, sori_catalogue_get_languages(catalogue),
			sori_catalogue_get_default_language(catalogue), lang, &error))) {
		sori_http_response_set_error(response, request, error);
		return NULL;
	}
	if (sori_catalogue_get_map(catalogue) == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_NO_MAP,
					"venue '%s' has no map yet",
					sori_catalogue_get_id(catalogue));
		return NULL;
	}
	return snapshot;
}

/**
 * sori_wayfinding_handle_places:
 *
 * GET /v1/venues/{venue}/places?lang=: where a visitor may say they are
 */
gboolean
sori_wayfinding_handle_places(gpointer store, const SoriHttpRequest *request,
			      const SoriRouteMatch *match, SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "lang", NULL };
	SoriPlacesView view = { NULL };
	SoriVenueSnapshot *snapshot
		= sori_wayfinding_begin(store, request, match, allowed, response, &view.lang);
	g_autofree gchar *key = NULL;
	SoriRepresentation *rep;

	if (snapshot == NULL)
		return TRUE;
	key = g_strconcat("places\x1f", view.lang, NULL);
	rep = sori_venue_snapshot_get_representation(snapshot, key, sori_wayfinding_build_places_cb,
						     &view);
	sori_http_response_set_representation(response, request, rep, VARY_LANGUAGE);
	return TRUE;
}

/* a name-based UUID (RFC 9562 version 5 layout) for a feature, the same every export */
static gchar *
sori_wayfinding_uuid(SoriCatalogue *catalogue, const gchar *kind, const gchar *id)
{
	g_autofree gchar *name
		= g_strdup_printf("sori:%s:%s:%s", sori_catalogue_get_id(catalogue), kind, id);
	g_autoptr(GChecksum) checksum = g_checksum_new(G_CHECKSUM_SHA1);
	guint8 digest[20];
	gsize len = sizeof(digest);

	g_checksum_update(checksum, (const guchar *) name, -1);
	g_checksum_get_digest(checksum, digest, &len);
	digest[6] = (digest[6] & 0x0f) | 0x50;
	digest[8] = (digest[8] & 0x3f) | 0x80;
	return g_strdup_printf(
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", digest[0],
		digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
		digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14],
		digest[15]);
}

/* a point of the plan on the Earth: metres east and north of the origin, turned by the bearing */
static void
sori_wayfinding_add_coordinates(JsonBuilder *builder, SoriMap *map, const SoriPlace *place)
{
	gdouble lat0;
	gdouble lon0;
	gdouble bearing;
	gdouble b;
	gdouble east;
	gdouble north;

	sori_map_get_origin(map, &lat0, &lon0, &bearing);
	b = bearing * G_PI / 180.0;
	east = place->x * cos(b) + place->y * sin(b);
	north = -place->x * sin(b) + place->y * cos(b);
	json_builder_begin_array(builder);
	json_builder_add_double_value(
		builder, round((lon0 + east / (111320.0 * cos(lat0 * G_PI / 180.0))) * 1e7) / 1e7);
	json_builder_add_double_value(builder, round((lat0 + north / 110540.0) * 1e7) / 1e7);
	json_builder_end_array(builder);
}

/* IMDF's feature type and category for each kind of place */
static void
sori_wayfinding_imdf_place(SoriPlaceKind kind, const gchar **feature_type, const gchar **category)
{
	static const struct {
		const gchar *feature_type;
		const gchar *category;
	} imdf[] = {
		[SORI_PLACE_ENTRANCE] = { "opening", "pedestrian" },
		[SORI_PLACE_EXIT] = { "opening", "pedestrian" },
		[SORI_PLACE_GALLERY] = { "anchor", "room" },
		[SORI_PLACE_EXHIBIT] = { "anchor", "exhibit" },
		[SORI_PLACE_LIFT] = { "amenity", "elevator" },
		[SORI_PLACE_STAIRS] = { "amenity", "stairs" },
		[SORI_PLACE_RAMP] = { "amenity", "ramp" },
		[SORI_PLACE_ESCALATOR] = { "amenity", "escalator" },
		[SORI_PLACE_DOOR] = { "opening", "pedestrian" },
		[SORI_PLACE_TOILET] = { "amenity", "restroom.unisex.wheelchair" },
		[SORI_PLACE_INFORMATION] = { "amenity", "information" },
		[SORI_PLACE_SEATING] = { "amenity", "seating" },
		[SORI_PLACE_JUNCTION] = { "anchor", "walkway" },
	};
	G_STATIC_ASSERT(G_N_ELEMENTS(imdf) == SORI_PLACE_LAST);
	*feature_type = imdf[kind].feature_type;
	*category = imdf[kind].category;
}

static void
sori_wayfinding_add_labels(JsonBuilder *builder, const gchar *member, JsonObject *text)
{
	JsonObjectIter iter;
	const gchar *lang;
	JsonNode *value;

	if (text == NULL)
		return;
	json_builder_set_member_name(builder, member);
	json_builder_begin_object(builder);
	json_object_iter_init(&iter, text);
	while (json_object_iter_next(&iter, &lang, &value)) {
		json_builder_set_member_name(builder, lang);
		json_builder_add_string_value(builder, json_node_get_string(value));
	}
	json_builder_end_object(builder);
}

static void
sori_wayfinding_add_ref(JsonBuilder *builder, SoriCatalogue *catalogue, const SoriPlace *place)
{
	const gchar *feature_type;
	const gchar *category;
	g_autofree gchar *uuid = sori_wayfinding_uuid(catalogue, "place", place->id);

	sori_wayfinding_imdf_place(place->kind, &feature_type, &category);
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "id");
	json_builder_add_string_value(builder, uuid);
	json_builder_set_member_name(builder, "feature_type");
	json_builder_add_string_value(builder, feature_type);
	json_builder_end_object(builder);
}

/* opens a GeoJSON feature: its type, id and IMDF feature type, then "geometry" is next */
static void
sori_wayfinding_begin_feature(JsonBuilder *builder, const gchar *uuid, const gchar *feature_type)
{
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "type");
	json_builder_add_string_value(builder, "Feature");
	json_builder_set_member_name(builder, "id");
	json_builder_add_string_value(builder, uuid);
	json_builder_set_member_name(builder, "feature_type");
	json_builder_add_string_value(builder, feature_type);
	json_builder_set_member_name(builder, "geometry");
}

static void
sori_wayfinding_add_way_feature(JsonBuilder *builder, SoriCatalogue *catalogue, SoriMap *map,
				const SoriWay *way)
{
	static const gchar *const categories[] = {
		[SORI_WAY_LEVEL] = "traversal",     [SORI_WAY_RAMP] = "ramp",
		[SORI_WAY_STAIRS] = "stairs",       [SORI_WAY_LIFT] = "elevator",
		[SORI_WAY_ESCALATOR] = "escalator", [SORI_WAY_DOOR] = "traversal",
	};
	static const gchar *const handrails[] = { NULL, "none", "left", "right", "both" };
	static const gchar *const doors[] = { NULL, "automatic", "manual", "heavy", "revolving" };
	static const gchar *const alongs[] = { NULL, "wall", "open" };
	const SoriPlace *from = sori_map_get_place(map, way->from);
	const SoriPlace *to = sori_map_get_place(map, way->to);
	g_autofree gchar *key = g_strdup_printf("%u", way->index);
	g_autofree gchar *uuid = sori_wayfinding_uuid(catalogue, "way", key);

	sori_wayfinding_begin_feature(builder, uuid, "relationship");
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "type");
	json_builder_add_string_value(builder, "LineString");
	json_builder_set_member_name(builder, "coordinates");
	json_builder_begin_array(builder);
	sori_wayfinding_add_coordinates(builder, map, from);
	sori_wayfinding_add_coordinates(builder, map, to);
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	json_builder_set_member_name(builder, "properties");
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "category");
	json_builder_add_string_value(builder, categories[way->kind]);
	json_builder_set_member_name(builder, "direction");
	json_builder_add_string_value(builder, way->one_way ? "directed" : "undirected");
	json_builder_set_member_name(builder, "origin");
	sori_wayfinding_add_ref(builder, catalogue, from);
	json_builder_set_member_name(builder, "intermediary");
	json_builder_add_null_value(builder);
	json_builder_set_member_name(builder, "destination");
	sori_wayfinding_add_ref(builder, catalogue, to);
	json_builder_set_member_name(builder, "hours");
	json_builder_add_null_value(builder);
	/* what IMDF has no word for, as sori writes it (data/README.md) */
	json_builder_set_member_name(builder, "sori:kind");
	json_builder_add_string_value(builder, sori_way_kind_to_string(way->kind));
	json_builder_set_member_name(builder, "sori:length_m");
	json_builder_add_double_value(builder, round(way->length_m * 100) / 100);
	if (way->steps > 0) {
		json_builder_set_member_name(builder, "sori:steps");
		json_builder_add_int_value(builder, way->steps);
	}
	if (way->step_height_cm > 0) {
		json_builder_set_member_name(builder, "sori:step_height_cm");
		json_builder_add_int_value(builder, way->step_height_cm);
	}
	if (way->slope_pct > 0) {
		json_builder_set_member_name(builder, "sori:slope_pct");
		json_builder_add_double_value(builder, way->slope_pct);
	}
	if (way->width_cm > 0) {
		json_builder_set_member_name(builder, "sori:width_cm");
		json_builder_add_int_value(builder, way->width_cm);
	}
	if (handrails[way->handrail] != NULL) {
		json_builder_set_member_name(builder, "sori:handrail");
		json_builder_add_string_value(builder, handrails[way->handrail]);
	}
	if (doors[way->door] != NULL) {
		json_builder_set_member_name(builder, "sori:door");
		json_builder_add_string_value(builder, doors[way->door]);
	}
	if (alongs[way->along] != NULL) {
		json_builder_set_member_name(builder, "sori:along");
		json_builder_add_string_value(builder, alongs[way->along]);
	}
	json_builder_set_member_name(builder, "sori:tactile_paving");
	json_builder_add_boolean_value(builder, way->tactile_paving);
	json_builder_set_member_name(builder, "sori:step_free");
	json_builder_add_boolean_value(builder, sori_way_is_step_free(way));
	json_builder_set_member_name(builder, "sori:wheelchair");
	json_builder_add_boolean_value(builder, sori_way_allowed(way, SORI_PROFILE_WHEELCHAIR));
	if (way->kind == SORI_WAY_LIFT) {
		json_builder_set_member_name(builder, "sori:braille");
		json_builder_add_boolean_value(builder, way->braille);
		json_builder_set_member_name(builder, "sori:audio");
		json_builder_add_boolean_value(builder, way->audio);
	}
	sori_wayfinding_add_labels(builder, "sori:note", way->note);
	json_builder_end_object(builder);
	json_builder_end_object(builder);
}

static SoriRepresentation *
sori_wayfinding_build_geojson_cb(SoriVenueSnapshot *snapshot, gpointer user_data)
{
	SoriCatalogue *catalogue = snapshot->catalogue;
	SoriMap *map = sori_catalogue_get_map(catalogue);
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	g_autoptr(JsonNode) node = NULL;
	gint ground = G_MAXINT;

	/* IMDF's ordinal 0 is the floor a visitor comes in on */
	for (guint i = 0; i < sori_map_get_n_places(map); i++) {
		const SoriPlace *place = sori_map_get_place(map, i);
		if (place->kind == SORI_PLACE_ENTRANCE)
			ground = MIN(ground, place->floor);
	}
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "type");
	json_builder_add_string_value(builder, "FeatureCollection");
	json_builder_set_member_name(builder, "name");
	json_builder_add_string_value(builder, sori_catalogue_get_id(catalogue));
	json_builder_set_member_name(builder, "sori:revision");
	json_builder_add_string_value(builder, sori_catalogue_get_digest(catalogue));
	json_builder_set_member_name(builder, "sori:licence");
	json_builder_add_string_value(builder, sori_catalogue_get_licence(catalogue));
	json_builder_set_member_name(builder, "features");
	json_builder_begin_array(builder);
	for (guint i = 0; i < sori_map_get_n_floors(map); i++) {
		const SoriFloor *floor = sori_map_get_floor(map, i);
		g_autofree gchar *key = g_strdup_printf("%d", floor->level);
		g_autofree gchar *uuid = sori_wayfinding_uuid(catalogue, "level", key);
		sori_wayfinding_begin_feature(builder, uuid, "level");
		json_builder_add_null_value(builder);
		json_builder_set_member_name(builder, "properties");
		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "category");
		json_builder_add_string_value(builder, "unspecified");
		json_builder_set_member_name(builder, "outdoor");
		json_builder_add_boolean_value(builder, FALSE);
		json_builder_set_member_name(builder, "ordinal");
		json_builder_add_int_value(builder, floor->level - ground);
		sori_wayfinding_add_labels(builder, "name", floor->name);
		json_builder_set_member_name(builder, "short_name");
		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "en");
		json_builder_add_string_value(builder, key);
		json_builder_end_object(builder);
		json_builder_set_member_name(builder, "sori:level");
		json_builder_add_int_value(builder, floor->level);
		json_builder_end_object(builder);
		json_builder_end_object(builder);
	}
	for (guint i = 0; i < sori_map_get_n_places(map); i++) {
		const SoriPlace *place = sori_map_get_place(map, i);
		const gchar *feature_type;
		const gchar *category;
		const gchar *binding = sori_wayfinding_binding_name(place->binding);
		g_autofree gchar *uuid = sori_wayfinding_uuid(catalogue, "place", place->id);
		g_autofree gchar *level_key = g_strdup_printf("%d", place->floor);
		g_autofree gchar *level_uuid = sori_wayfinding_uuid(catalogue, "level", level_key);

		sori_wayfinding_imdf_place(place->kind, &feature_type, &category);
		sori_wayfinding_begin_feature(builder, uuid, feature_type);
		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "type");
		json_builder_add_string_value(builder, "Point");
		json_builder_set_member_name(builder, "coordinates");
		sori_wayfinding_add_coordinates(builder, map, place);
		json_builder_end_object(builder);
		json_builder_set_member_name(builder, "properties");
		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "category");
		json_builder_add_string_value(builder, category);
		json_builder_set_member_name(builder, "level_id");
		json_builder_add_string_value(builder, level_uuid);
		sori_wayfinding_add_labels(builder, "name", place->name);
		json_builder_set_member_name(builder, "sori:id");
		json_builder_add_string_value(builder, place->id);
		json_builder_set_member_name(builder, "sori:kind");
		json_builder_add_string_value(builder, sori_place_kind_to_string(place->kind));
		json_builder_set_member_name(builder, "sori:position");
		json_builder_begin_array(builder);
		json_builder_add_double_value(builder, place->x);
		json_builder_add_double_value(builder, place->y);
		json_builder_end_array(builder);
		sori_wayfinding_add_labels(builder, "sori:landmark", place->landmark);
		if (binding != NULL) {
			g_autofree gchar *member = g_strconcat("sori:", binding, NULL);
			json_builder_set_member_name(builder, member);
			json_builder_add_string_value(builder, place->bound_id);
		}
		json_builder_end_object(builder);
		json_builder_end_object(builder);
	}
	for (guint i = 0; i < sori_map_get_n_ways(map); i++)
		sori_wayfinding_add_way_feature(builder, catalogue, map, sori_map_get_way(map, i));
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	node = json_builder_get_root(builder);
	return sori_representation_new_json(200, "application/geo+json", NULL, node);
}

/**
 * sori_wayfinding_handle_map:
 *
 * GET /v1/venues/{venue}/map: the map as open data, GeoJSON in IMDF's
 * feature model: levels, places as openings, amenities and anchors, ways as
 * relationships.
 */
gboolean
sori_wayfinding_handle_map(gpointer store, const SoriHttpRequest *request,
			   const SoriRouteMatch *match, SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { NULL };
	SoriVenueSnapshot *snapshot
		= sori_wayfinding_begin(store, request, match, allowed, response, NULL);
	SoriRepresentation *rep;
	gdouble lat;
	gdouble lon;
	gdouble bearing;

	if (snapshot == NULL)
		return TRUE;
	if (!sori_map_get_origin(sori_catalogue_get_map(snapshot->catalogue), &lat, &lon,
				 &bearing)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_NO_MAP,
					"venue '%s' has a map but has not placed it on the Earth: "
					"its curators add /map/origin to publish it as GeoJSON",
					sori_catalogue_get_id(snapshot->catalogue));
		return TRUE;
	}
	rep = sori_venue_snapshot_get_representation(snapshot, "geojson",
						     sori_wayfinding_build_geojson_cb, NULL);
	sori_http_response_set_representation(response, request, rep, "Accept-Encoding");
	return TRUE;
}
