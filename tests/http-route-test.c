/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Getting there over real HTTP, on the sample museum's map: routes, places
 * and the GeoJSON export, through the fast path and through libsoup alone.
 */

#include "config.h"

#include <string.h>

#include "sori-test-api.h"

#define MUSEUM "/v1/venues/dasol-museum"

static JsonArray *
route_steps(JsonObject *route)
{
	return json_object_get_array_member(route, "steps");
}

/* the kinds of way a route takes, "door level stairs level arrive" */
static gchar *
route_vias(JsonObject *route)
{
	JsonArray *steps = route_steps(route);
	g_autoptr(GString) s = g_string_new(NULL);
	for (guint i = 0; i < json_array_get_length(steps); i++) {
		JsonObject *step = json_array_get_object_element(steps, i);
		g_string_append_printf(s, "%s%s", i > 0 ? " " : "",
				       json_object_get_string_member(step, "via"));
	}
	return g_strdup(s->str);
}

static void
test_route_profiles(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) general = sori_test_api_fetch(
		f, MUSEUM "/route?from=clay-and-fire&to=wood-and-metal&lang=en", NULL);
	g_autoptr(SoriTestReply) wheelchair = sori_test_api_fetch(
		f, MUSEUM "/route?from=clay-and-fire&to=wood-and-metal&profile=wheelchair&lang=en",
		NULL);
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	JsonObject *g;
	JsonObject *w;
	JsonArray *steps;
	JsonObject *stairs = NULL;
	JsonObject *last;
	g_autofree gchar *general_vias = NULL;
	g_autofree gchar *wheelchair_vias = NULL;
	const gchar *lang = NULL;

	g_assert_cmpuint(general->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(general, "Content-Type"), ==, "application/json");
	g_assert_cmpstr(sori_test_api_header(general, "Content-Language"), ==, "en");
	g_assert_nonnull(sori_test_api_header(general, "ETag"));
	g = sori_test_api_json(general, p1);
	w = sori_test_api_json(wheelchair, p2);
	g_assert_cmpstr(json_object_get_string_member(g, "profile"), ==, "general");
	g_assert_cmpstr(json_object_get_string_member(w, "profile"), ==, "wheelchair");
	g_assert_cmpstr(
		sori_test_api_text_of(json_object_get_object_member(g, "from"), "name", &lang), ==,
		"Clay and Fire gallery");
	g_assert_cmpstr(lang, ==, "en");

	/* the stairs for anyone, the lift for a wheelchair, which is further */
	general_vias = route_vias(g);
	wheelchair_vias = route_vias(w);
	g_assert_cmpstr(general_vias, ==, "door level stairs level arrive");
	g_assert_cmpstr(wheelchair_vias, ==, "door level level lift level arrive");
	g_assert_cmpfloat(json_object_get_double_member(g, "distance_m"), <,
			  json_object_get_double_member(w, "distance_m"));

	steps = route_steps(g);
	for (guint i = 0; i < json_array_get_length(steps); i++) {
		JsonObject *step = json_array_get_object_element(steps, i);
		g_assert_cmpint(json_object_get_int_member(step, "index"), ==, i);
		g_assert_true(g_str_has_prefix(json_object_get_string_member(step, "audio"),
					       MUSEUM "/route/audio?from=clay-and-fire&to="
						      "wood-and-metal&profile=general&lang=en&"
						      "step="));
		g_assert_true(g_str_has_prefix(json_object_get_string_member(step, "captions"),
					       MUSEUM "/route/captions?"));
		g_assert_nonnull(json_object_get_object_member(step, "ends_at"));
		if (g_strcmp0(json_object_get_string_member(step, "via"), "stairs") == 0)
			stairs = step;
	}
	g_assert_nonnull(stairs);
	{
		JsonObject *change = json_object_get_object_member(stairs, "floor_change");
		g_assert_cmpint(json_object_get_int_member(change, "from"), ==, 1);
		g_assert_cmpint(json_object_get_int_member(change, "to"), ==, 2);
		g_assert_cmpstr(json_object_get_string_member(change, "direction"), ==, "up");
		g_assert_nonnull(strstr(sori_test_api_text_of(stairs, "instruction", NULL),
					"take the stairs up, 24 steps"));
		g_assert_cmpstr(sori_test_api_text_of(stairs, "landmark", NULL), ==,
				"the round window at the top of the stairs");
	}
	last = json_array_get_object_element(steps, json_array_get_length(steps) - 1);
	g_assert_true(g_str_has_prefix(sori_test_api_text_of(last, "instruction", NULL),
				       "You have arrived at Wood and Metal gallery. A wide room."));
	g_assert_cmpstr(
		json_object_get_string_member(json_object_get_object_member(last, "ends_at"), "id"),
		==, "wood-and-metal");
}

static void
test_route_languages(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *path = MUSEUM "/route?from=main&to=threads";
	const gchar *en_headers[] = { "Accept-Language", "en-GB,en;q=0.8", NULL };
	g_autoptr(SoriTestReply) ko = sori_test_api_fetch(f, path, NULL);
	g_autoptr(SoriTestReply) en = sori_test_api_fetch_full(f, "GET", path, en_headers);
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	JsonObject *step_ko;
	JsonObject *step_en;
	const gchar *lang = NULL;

	/* the venue's language when the phone says none */
	g_assert_cmpuint(ko->status, ==, 200);
	step_ko = json_array_get_object_element(route_steps(sori_test_api_json(ko, p1)), 0);
	g_assert_cmpstr(sori_test_api_text_of(step_ko, "instruction", &lang), ==,
			"정문에서 안내 데스크까지 10미터 이동하세요. 점자블록을 따라가세요.");
	g_assert_cmpstr(lang, ==, "ko");
	g_assert_cmpstr(sori_test_api_header(en, "Content-Language"), ==, "en");
	g_assert_nonnull(strstr(sori_test_api_header(en, "Vary"), "Accept-Language"));
	step_en = json_array_get_object_element(route_steps(sori_test_api_json(en, p2)), 0);
	g_assert_cmpstr(sori_test_api_text_of(step_en, "instruction", &lang), ==,
			"From Main entrance, move 10 metres to Information desk. Follow the "
			"tactile paving.");
	g_assert_cmpstr(lang, ==, "en");
}

static void
test_route_places_by_id(SoriTestApi *f, gconstpointer user_data)
{
	/* an exhibit with a place of its own, and one found at its gallery */
	g_autoptr(SoriTestReply) jar
		= sori_test_api_fetch(f, MUSEUM "/route?from=main&to=moon-jar&lang=en", NULL);
	g_autoptr(SoriTestReply) gallery = sori_test_api_fetch(
		f, MUSEUM "/route?from=garden&to=touch-gallery&profile=blind&lang=en", NULL);
	g_autoptr(SoriTestReply) same
		= sori_test_api_fetch(f, MUSEUM "/route?from=desk&to=desk&lang=en", NULL);
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	g_autoptr(JsonParser) p3 = json_parser_new();
	JsonObject *to;
	g_autofree gchar *blind_vias = NULL;
	g_autofree gchar *same_vias = NULL;

	g_assert_cmpuint(jar->status, ==, 200);
	to = json_object_get_object_member(sori_test_api_json(jar, p1), "to");
	g_assert_cmpstr(json_object_get_string_member(to, "exhibit"), ==, "moon-jar");
	g_assert_cmpuint(gallery->status, ==, 200);
	blind_vias = route_vias(sori_test_api_json(gallery, p2));
	/* a blind visitor may climb the garden steps and the stairs */
	g_assert_nonnull(strstr(blind_vias, "stairs"));
	/* already there */
	same_vias = route_vias(sori_test_api_json(same, p3));
	g_assert_cmpstr(same_vias, ==, "arrive");
}

static void
test_route_problems(SoriTestApi *f, gconstpointer user_data)
{
	struct {
		const gchar *path;
		SoriProblem problem;
		const gchar *detail;
	} cases[] = {
		{ MUSEUM "/route?from=garden&to=touch-gallery&profile=wheelchair&lang=en",
		  SORI_PROBLEM_NO_ROUTE,
		  "no wheelchair-accessible way from Garden entrance to Touch Gallery: the "
		  "shortest way there passes between Garden entrance and Back corridor, and it "
		  "has 3 steps" },
		{ MUSEUM "/route?from=garden&to=threads&profile=step-free&lang=en",
		  SORI_PROBLEM_NO_ROUTE, "no step-free way from Garden entrance to Threads" },
		{ MUSEUM "/route?from=main&to=attic", SORI_PROBLEM_UNKNOWN_PLACE,
		  "to: venue 'dasol-museum' has no place 'attic'" },
		{ MUSEUM "/route?from=..%2F..%2Fetc&to=main", SORI_PROBLEM_UNKNOWN_PLACE,
		  "from: venue 'dasol-museum' has no place '../../etc'" },
		{ "/v1/venues/haneul-wetland/route?from=a&to=b", SORI_PROBLEM_NO_MAP, "no map" },
		{ "/v1/venues/nowhere/route?from=a&to=b", SORI_PROBLEM_UNKNOWN_VENUE, NULL },
		{ MUSEUM "/route?from=main", SORI_PROBLEM_INVALID_PARAMETER, "to:" },
		{ MUSEUM "/route?to=main", SORI_PROBLEM_INVALID_PARAMETER, "from:" },
		{ MUSEUM "/route?from=&to=main", SORI_PROBLEM_INVALID_PARAMETER, "from:" },
		{ MUSEUM "/route?from=main&to=desk&profile=jetpack", SORI_PROBLEM_INVALID_PARAMETER,
		  "'jetpack' is not one of general, wheelchair, step-free and blind" },
		{ MUSEUM "/route?from=main&to=desk&to=hall", SORI_PROBLEM_INVALID_PARAMETER, NULL },
		{ MUSEUM "/route?from=main&to=desk&via=hall", SORI_PROBLEM_INVALID_PARAMETER,
		  NULL },
		{ MUSEUM "/route?from=%FF&to=desk", SORI_PROBLEM_INVALID_PARAMETER, NULL },
		{ MUSEUM "/route?from=main&to=desk&lang=xx-%00", SORI_PROBLEM_INVALID_PARAMETER,
		  NULL },
		{ MUSEUM "/places?lang=en&x=1", SORI_PROBLEM_INVALID_PARAMETER, NULL },
		{ "/v1/venues/haneul-wetland/places", SORI_PROBLEM_NO_MAP, NULL },
		{ "/v1/venues/haneul-wetland/map", SORI_PROBLEM_NO_MAP, NULL },
		{ MUSEUM "/map?lang=en", SORI_PROBLEM_INVALID_PARAMETER, NULL },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, cases[i].path, NULL);
		g_autoptr(JsonParser) parser = json_parser_new();
		g_test_message("GET %s", cases[i].path);
		sori_test_api_assert_problem(reply, cases[i].problem, NULL);
		if (cases[i].detail != NULL) {
			const gchar *detail = json_object_get_string_member(
				sori_test_api_json(reply, parser), "detail");
			if (strstr(detail, cases[i].detail) == NULL)
				g_error("%s: detail '%s'", cases[i].path, detail);
		}
	}
}

static void
test_route_hostile_query(SoriTestApi *f, gconstpointer user_data)
{
	/* a query over the limit, and one of many parameters */
	g_autoptr(GString) huge = g_string_new(MUSEUM "/route?from=main&to=");
	g_autoptr(SoriTestReply) reply = NULL;
	g_autoptr(SoriTestReply) many = NULL;
	g_autoptr(SoriTestReply) ok = NULL;

	for (guint i = 0; i < 2000; i++)
		g_string_append_c(huge, 'a');
	reply = sori_test_api_fetch(f, huge->str, NULL);
	sori_test_api_assert_problem(reply, SORI_PROBLEM_INVALID_PARAMETER, NULL);
	many = sori_test_api_fetch(
		f, MUSEUM "/route?from=main&to=desk&a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9", NULL);
	sori_test_api_assert_problem(many, SORI_PROBLEM_INVALID_PARAMETER, NULL);
	/* and the server answers the next visitor as before */
	ok = sori_test_api_fetch(f, MUSEUM "/route?from=main&to=desk", NULL);
	g_assert_cmpuint(ok->status, ==, 200);
}

static void
test_route_conditional(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *path = MUSEUM "/route?from=main&to=touch-gallery&profile=step-free";
	g_autoptr(SoriTestReply) first = sori_test_api_fetch(f, path, NULL);
	const gchar *etag = sori_test_api_header(first, "ETag");
	g_autoptr(SoriTestReply) again = sori_test_api_fetch(f, path, "If-None-Match", etag, NULL);
	g_autoptr(SoriTestReply) gzip
		= sori_test_api_fetch(f, path, "Accept-Encoding", "gzip", NULL);

	g_assert_cmpuint(first->status, ==, 200);
	g_assert_cmpuint(again->status, ==, 304);
	g_assert_cmpuint(gzip->status, ==, 200);
}

static void
test_places(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, MUSEUM "/places?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	JsonArray *places;
	JsonArray *floors;
	gboolean lift = FALSE;

	g_assert_cmpuint(reply->status, ==, 200);
	obj = sori_test_api_json(reply, parser);
	floors = json_object_get_array_member(obj, "floors");
	g_assert_cmpuint(json_array_get_length(floors), ==, 2);
	g_assert_cmpstr(
		sori_test_api_text_of(json_array_get_object_element(floors, 1), "name", NULL), ==,
		"the first floor");
	places = json_object_get_array_member(obj, "places");
	g_assert_cmpuint(json_array_get_length(places), >, 10);
	for (guint i = 0; i < json_array_get_length(places); i++) {
		JsonObject *place = json_array_get_object_element(places, i);
		const gchar *kind = json_object_get_string_member(place, "kind");
		/* where ways meet is not where anyone says they are */
		g_assert_cmpstr(kind, !=, "junction");
		lift |= g_str_equal(kind, "lift");
		g_assert_nonnull(sori_test_api_text_of(place, "name", NULL));
	}
	g_assert_true(lift);
}

static void
test_geojson(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, MUSEUM "/map", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	JsonArray *features;
	guint levels = 0;
	guint relationships = 0;
	guint elevators = 0;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==, "application/geo+json");
	g_assert_cmpstr(sori_test_api_header(reply, "Access-Control-Allow-Origin"), ==, "*");
	obj = sori_test_api_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(obj, "type"), ==, "FeatureCollection");
	features = json_object_get_array_member(obj, "features");
	for (guint i = 0; i < json_array_get_length(features); i++) {
		JsonObject *feature = json_array_get_object_element(features, i);
		JsonObject *props = json_object_get_object_member(feature, "properties");
		const gchar *type = json_object_get_string_member(feature, "feature_type");
		const gchar *id = json_object_get_string_member(feature, "id");
		g_assert_cmpstr(json_object_get_string_member(feature, "type"), ==, "Feature");
		g_assert_true(g_uuid_string_is_valid(id));
		if (g_str_equal(type, "level")) {
			levels++;
			g_assert_true(json_object_has_member(props, "ordinal"));
		} else if (g_str_equal(type, "relationship")) {
			JsonObject *origin = json_object_get_object_member(props, "origin");
			relationships++;
			g_assert_true(g_uuid_string_is_valid(
				json_object_get_string_member(origin, "id")));
			elevators += g_str_equal(json_object_get_string_member(props, "category"),
						 "elevator");
		} else {
			JsonObject *geometry = json_object_get_object_member(feature, "geometry");
			JsonArray *point = json_object_get_array_member(geometry, "coordinates");
			/* the museum is in Seoul: within a kilometre of its origin */
			g_assert_cmpfloat_with_epsilon(json_array_get_double_element(point, 0),
						       126.9768, 0.01);
			g_assert_cmpfloat_with_epsilon(json_array_get_double_element(point, 1),
						       37.5724, 0.01);
			g_assert_true(json_object_has_member(props, "level_id"));
		}
	}
	g_assert_cmpuint(levels, ==, 2);
	g_assert_cmpuint(relationships, ==, 18);
	g_assert_cmpuint(elevators, ==, 1);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_api_add("http-route", "profiles", test_route_profiles);
	sori_test_api_add("http-route", "languages", test_route_languages);
	sori_test_api_add("http-route", "places-by-id", test_route_places_by_id);
	sori_test_api_add("http-route", "problems", test_route_problems);
	sori_test_api_add("http-route", "hostile-query", test_route_hostile_query);
	sori_test_api_add("http-route", "conditional", test_route_conditional);
	sori_test_api_add("http-route", "places", test_places);
	sori_test_api_add("http-route", "geojson", test_geojson);
	return g_test_run();
}
