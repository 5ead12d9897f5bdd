/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Routes on hand-made maps whose answers are known, and their words.
 */

#include "config.h"

#include <string.h>

#include "sori-catalogue.h"
#include "sori-directions.h"

/* tests/data/minimal.json with @map (JSON, ' for ") as its /map, and its
 * one gallery on @hall_floor */
static SoriCatalogue *
load_with_map_on(const gchar *map, gint hall_floor)
{
	g_autofree gchar *path = g_build_filename(g_getenv("SORI_TEST_DATA"), "minimal.json", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) map_parser = json_parser_new();
	g_autoptr(JsonGenerator) generator = json_generator_new();
	g_autofree gchar *map_json = g_strdup(map);
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) bytes = NULL;
	gchar *text;
	gsize len;
	JsonObject *root;
	SoriCatalogue *catalogue;

	g_strdelimit(map_json, "'", '"');
	g_assert_true(json_parser_load_from_file(parser, path, &error));
	g_assert_no_error(error);
	g_assert_true(json_parser_load_from_data(map_parser, map_json, -1, &error));
	g_assert_no_error(error);
	root = json_node_get_object(json_parser_get_root(parser));
	json_object_set_member(root, "map", json_node_copy(json_parser_get_root(map_parser)));
	json_object_set_int_member(
		json_array_get_object_element(json_object_get_array_member(root, "galleries"), 0),
		"floor", hall_floor);
	json_generator_set_root(generator, json_parser_get_root(parser));
	text = json_generator_to_data(generator, &len);
	bytes = g_bytes_new_take(text, len);
	catalogue = sori_catalogue_new_from_bytes(bytes, &problems, &error);
	for (guint i = 0; problems != NULL && i < problems->len; i++) {
		SoriCatalogueProblem *problem = g_ptr_array_index(problems, i);
		g_printerr("%s: %s\n", problem->pointer, problem->reason);
	}
	g_assert_no_error(error);
	g_assert_nonnull(catalogue);
	return catalogue;
}

static SoriCatalogue *
load_with_map(const gchar *map)
{
	return load_with_map_on(map, 1);
}

#define FLOORS                                                                                     \
	"'floors': [{'level': 1, 'name': {'ko': '1층', 'en': 'the ground floor'}},"               \
	" {'level': 2, 'name': {'ko': '2층', 'en': 'the first floor'}}]"
#define PLACE(id, kind, floor, x, y, extra)                                                        \
	"{'id': '" id "', 'kind': '" kind "', 'floor': " #floor ", 'position': [" #x ", " #y       \
	"], 'name': {'ko': '" id " 곳', 'en': '" id " place'}" extra "}"
#define MAIN              PLACE("main", "entrance", 1, 0, 0, ", 'entrance': 'main'")
#define HALL(floor, x, y) PLACE("hall", "gallery", floor, x, y, ", 'gallery': 'hall'")

/* the ids of the places a route passes, "a b c" */
static gchar *
route_places(SoriMap *map, SoriMapRoute *route)
{
	GString *s = g_string_new(sori_map_get_place(map, route->from)->id);
	for (guint i = 0; i < route->legs->len; i++) {
		const SoriLeg *leg = &g_array_index(route->legs, SoriLeg, i);
		guint next = leg->forward ? leg->way->to : leg->way->from;
		g_string_append_printf(s, " %s", sori_map_get_place(map, next)->id);
	}
	return g_string_free(s, FALSE);
}

static SoriMapRoute *
find(SoriCatalogue *catalogue, const gchar *from, const gchar *to, SoriProfile profile)
{
	SoriMap *map = sori_catalogue_get_map(catalogue);
	guint a = 0;
	guint b = 0;
	g_assert_true(sori_catalogue_find_place(catalogue, from, &a));
	g_assert_true(sori_catalogue_find_place(catalogue, to, &b));
	return sori_map_find_route(map, a, b, profile);
}

static void
assert_route(SoriCatalogue *catalogue, const gchar *from, const gchar *to, SoriProfile profile,
	     const gchar *expected)
{
	g_autoptr(SoriMapRoute) route = find(catalogue, from, to, profile);
	g_autofree gchar *places = NULL;
	g_assert_nonnull(route);
	places = route_places(sori_catalogue_get_map(catalogue), route);
	g_assert_cmpstr(places, ==, expected);
}

static void
test_shortest(void)
{
	/* main → hall either by a (10 + 10) or by b (10 + 14.1) */
	g_autoptr(SoriCatalogue) catalogue = load_with_map(
		"{" FLOORS ", 'places': [" MAIN
		", " HALL(1, 10, 10) ", " PLACE("a", "junction", 1, 10, 0, "") ", " PLACE(
			"b", "junction", 1, 0, 10,
			"") "], 'ways': ["
			    "{'from': 'main', 'to': 'a', 'kind': 'level'},"
			    "{'from': 'a', 'to': 'hall', 'kind': 'level'},"
			    "{'from': 'main', 'to': 'b', 'kind': 'level'},"
			    "{'from': 'b', 'to': 'hall', 'kind': 'level', 'length_m': 14.1}]}");
	g_autoptr(SoriMapRoute) route = find(catalogue, "main", "hall", SORI_PROFILE_GENERAL);

	assert_route(catalogue, "main", "hall", SORI_PROFILE_GENERAL, "main a hall");
	g_assert_cmpfloat_with_epsilon(route->length_m, 20.0, 0.001);
	/* an exhibit with no place of its own is at its gallery's */
	assert_route(catalogue, "main", "moon-jar", SORI_PROFILE_GENERAL, "main a hall");
	assert_route(catalogue, "hall", "main", SORI_PROFILE_BLIND, "hall a main");
}

/* the stairs are shorter, the lift the only way for a wheelchair */
#define TWO_FLOORS                                                                                 \
	"{" FLOORS ", 'places': [" MAIN ", " PLACE("foot", "stairs", 1, 0, 10, "") ", " PLACE(     \
		"top", "stairs", 2, 0, 18,                                                         \
		"") ", " HALL(2, 0,                                                                \
			      25) ", " PLACE("lift-1", "lift", 1, 20, 0,                           \
					     "") ", " PLACE("lift-2", "lift", 2, 20, 0,            \
							    "") "], 'ways': ["                     \
								"{'from': 'main', 'to': 'foot', "  \
								"'kind': 'level'},"                \
								"{'from': 'foot', 'to': 'top', "   \
								"'kind': 'stairs', 'steps': 20, "  \
								"'handrail': 'left'},"             \
								"{'from': 'top', 'to': 'hall', "   \
								"'kind': 'level'},"                \
								"{'from': 'main', 'to': "          \
								"'lift-1', 'kind': 'level'},"      \
								"{'from': 'lift-1', 'to': "        \
								"'lift-2', 'kind': 'lift', "       \
								"'braille': true},"                \
								"{'from': 'lift-2', 'to': "        \
								"'hall', 'kind': 'level'}]}"

static void
assert_profile_keeps_rules(SoriMap *map, SoriMapRoute *route)
{
	for (guint i = 0; i < route->legs->len; i++) {
		const SoriLeg *leg = &g_array_index(route->legs, SoriLeg, i);
		g_assert_true(sori_way_allowed(leg->way, route->profile));
	}
}

static void
test_wheelchair_around_stairs(void)
{
	g_autoptr(SoriCatalogue) catalogue = NULL;
	SoriMap *map;

	/* the gallery upstairs is reached by the lift, so it may say step-free */
	catalogue = load_with_map_on(TWO_FLOORS, 2);
	map = sori_catalogue_get_map(catalogue);
	assert_route(catalogue, "main", "hall", SORI_PROFILE_GENERAL, "main foot top hall");
	assert_route(catalogue, "main", "hall", SORI_PROFILE_BLIND, "main foot top hall");
	assert_route(catalogue, "main", "hall", SORI_PROFILE_WHEELCHAIR, "main lift-1 lift-2 hall");
	assert_route(catalogue, "main", "hall", SORI_PROFILE_STEP_FREE, "main lift-1 lift-2 hall");
	assert_route(catalogue, "hall", "main", SORI_PROFILE_WHEELCHAIR, "hall lift-2 lift-1 main");
	for (SoriProfile p = 0; p < SORI_PROFILE_LAST; p++) {
		g_autoptr(SoriMapRoute) route = find(catalogue, "main", "hall", p);
		assert_profile_keeps_rules(map, route);
	}
}

static void
test_blind_tactile(void)
{
	/* straight across the open hall (14.1 m) or along the tactile paving (20 m) */
	g_autoptr(SoriCatalogue) catalogue
		= load_with_map("{" FLOORS ", 'places': [" MAIN ", " HALL(1, 10, 10) ", " PLACE(
			"edge", "junction", 1, 10, 0,
			"") "], 'ways': ["
			    "{'from': 'main', 'to': 'hall', 'kind': 'level', 'along': 'open'},"
			    "{'from': 'main', 'to': 'edge', 'kind': 'level', 'tactile_paving': "
			    "true},"
			    "{'from': 'edge', 'to': 'hall', 'kind': 'level', 'along': 'wall'}]}");
	assert_route(catalogue, "main", "hall", SORI_PROFILE_GENERAL, "main hall");
	assert_route(catalogue, "main", "hall", SORI_PROFILE_WHEELCHAIR, "main hall");
	assert_route(catalogue, "main", "hall", SORI_PROFILE_BLIND, "main edge hall");
}

static void
test_one_way(void)
{
	/* in by the short one-way corridor, out the long way round */
	g_autoptr(SoriCatalogue) catalogue
		= load_with_map("{" FLOORS ", 'places': [" MAIN ", " HALL(1, 0, 10) ", " PLACE(
			"round", "junction", 1, 20, 5,
			"") "], 'ways': ["
			    "{'from': 'main', 'to': 'hall', 'kind': 'level', 'one_way': true},"
			    "{'from': 'hall', 'to': 'round', 'kind': 'level'},"
			    "{'from': 'round', 'to': 'main', 'kind': 'level'}]}");
	assert_route(catalogue, "main", "hall", SORI_PROFILE_GENERAL, "main hall");
	assert_route(catalogue, "hall", "main", SORI_PROFILE_GENERAL, "hall round main");
}

static void
test_no_route(void)
{
	/* a gallery behind steps, which therefore may not say it is step-free */
	g_autoptr(SoriCatalogue) catalogue = NULL;
	g_autofree gchar *map
		= g_strdup("{" FLOORS ", 'places': [" MAIN ", " HALL(1, 0, 10) ", " PLACE(
			"ramp-top", "junction", 1, 10, 10,
			"") "], 'ways': ["
			    "{'from': 'main', 'to': 'hall', 'kind': 'level', 'steps': 3},"
			    "{'from': 'main', 'to': 'ramp-top', 'kind': 'ramp', 'slope_pct': 10},"
			    "{'from': 'ramp-top', 'to': 'hall', 'kind': 'door', 'door': 'manual', "
			    "'width_cm': 80}]}");
	const SoriWay *blocked = NULL;
	g_autoptr(SoriMapRoute) route = NULL;
	SoriMap *m;
	guint a;
	guint b;

	/* minimal.json's hall says it is step-free: through the ramp and the door */
	catalogue = load_with_map(map);
	m = sori_catalogue_get_map(catalogue);
	g_assert_true(sori_catalogue_find_place(catalogue, "main", &a));
	g_assert_true(sori_catalogue_find_place(catalogue, "hall", &b));
	/* the ramp is too steep for a wheelchair (10 % > 8.33 %) and the door too
	 * narrow (80 cm < 90 cm); a pushchair manages both */
	route = sori_map_find_route(m, a, b, SORI_PROFILE_WHEELCHAIR);
	g_assert_null(route);
	g_assert_true(sori_map_explain_no_route(m, a, b, SORI_PROFILE_WHEELCHAIR, &blocked));
	g_assert_nonnull(blocked);
	g_assert_cmpuint(blocked->steps, ==, 3);
	assert_route(catalogue, "main", "hall", SORI_PROFILE_STEP_FREE, "main ramp-top hall");
	assert_route(catalogue, "main", "hall", SORI_PROFILE_GENERAL, "main hall");
}

static void
test_turns(void)
{
	static const struct {
		gdouble angle;
		SoriTurn turn;
	} cases[] = {
		{ 0, SORI_TURN_STRAIGHT },         { 22.4, SORI_TURN_STRAIGHT },
		{ -22.4, SORI_TURN_STRAIGHT },     { 22.5, SORI_TURN_SLIGHT_LEFT },
		{ 45, SORI_TURN_SLIGHT_LEFT },     { -45, SORI_TURN_SLIGHT_RIGHT },
		{ 67.5, SORI_TURN_LEFT },          { 90, SORI_TURN_LEFT },
		{ -90, SORI_TURN_RIGHT },          { 270, SORI_TURN_RIGHT },
		{ 135, SORI_TURN_SHARP_LEFT },     { -150, SORI_TURN_SHARP_RIGHT },
		{ 157.5, SORI_TURN_AROUND },       { 180, SORI_TURN_AROUND },
		{ -170, SORI_TURN_AROUND },        { 360 + 90, SORI_TURN_LEFT },
		{ -360 - 10, SORI_TURN_STRAIGHT },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (sori_turn_from_angle(cases[i].angle) != cases[i].turn)
			g_error("%g°: %s, expected %s", cases[i].angle,
				sori_turn_to_string(sori_turn_from_angle(cases[i].angle)),
				sori_turn_to_string(cases[i].turn));
	}
}

static SoriDirections *
directions(SoriCatalogue *catalogue, const gchar *from, const gchar *to, SoriProfile profile,
	   const gchar *lang)
{
	g_autoptr(SoriMapRoute) route = find(catalogue, from, to, profile);
	g_assert_nonnull(route);
	return sori_directions_new(sori_catalogue_get_map(catalogue), route, lang,
				   sori_catalogue_get_default_language(catalogue));
}

static const gchar *
step_text(SoriDirections *d, guint i)
{
	g_assert_cmpuint(i, <, d->steps->len);
	return ((SoriDirectionStep *) g_ptr_array_index(d->steps, i))->instruction;
}

static void
test_words(void)
{
	/* north 10 m to the bench, then west (a left turn) 10 m, then south-west
	 * (a slight left) into the hall */
	g_autoptr(SoriCatalogue) catalogue
		= load_with_map("{" FLOORS ", 'places': [" MAIN ", " PLACE(
			"bench", "seating", 1, 0, 10,
			", 'landmark': {'ko': '벽 옆 벤치', 'en': 'the bench against the "
			"wall'}") ", " PLACE("corner", "junction", 1, -10, 10,
					     "") ", " HALL(1, -20, 0) "], 'ways': ["
								      "{'from': 'main', 'to': "
								      "'bench', 'kind': 'level', "
								      "'tactile_paving': true},"
								      "{'from': 'bench', 'to': "
								      "'corner', 'kind': 'level'},"
								      "{'from': 'corner', 'to': "
								      "'hall', 'kind': 'door', "
								      "'door': 'automatic', "
								      "'length_m': 14.2}]}");
	g_autoptr(SoriDirections) en
		= directions(catalogue, "main", "hall", SORI_PROFILE_GENERAL, "en");
	g_autoptr(SoriDirections) ko
		= directions(catalogue, "main", "hall", SORI_PROFILE_GENERAL, "ko");
	g_autoptr(SoriDirections) back
		= directions(catalogue, "hall", "main", SORI_PROFILE_GENERAL, "en-GB");
	g_autoptr(SoriDirections) ja
		= directions(catalogue, "main", "hall", SORI_PROFILE_GENERAL, "ja");
	SoriDirectionStep *last;

	g_assert_cmpstr(en->lang, ==, "en");
	g_assert_cmpuint(en->steps->len, ==, 4);
	g_assert_cmpstr(step_text(en, 0), ==,
			"From main place, move 10 metres to bench place. Follow the tactile "
			"paving.");
	g_assert_cmpstr(step_text(en, 1), ==,
			"At the bench against the wall, turn left and move 10 metres to corner "
			"place.");
	g_assert_cmpstr(step_text(en, 2), ==,
			"At corner place, turn slightly left and go through the automatic door "
			"to hall place.");
	g_assert_cmpstr(step_text(en, 3), ==, "You have arrived at hall place.");
	last = g_ptr_array_index(en->steps, 3);
	g_assert_true(last->arrive);

	g_assert_cmpstr(ko->lang, ==, "ko");
	g_assert_cmpstr(step_text(ko, 0), ==,
			"main 곳에서 bench 곳까지 10미터 이동하세요. 점자블록을 따라가세요.");
	g_assert_cmpstr(step_text(ko, 1), ==,
			"벽 옆 벤치에서 왼쪽으로 돌아 corner 곳까지 10미터 이동하세요.");
	g_assert_cmpstr(step_text(ko, 2), ==,
			"corner 곳에서 왼쪽으로 살짝 돌아 자동문을 지나 hall 곳까지 가세요.");
	g_assert_cmpstr(step_text(ko, 3), ==, "hall 곳에 도착했습니다.");

	/* the way back: north-east, then a slight right, then a left into the
	 * corridor south (east then south: a right turn) */
	g_assert_cmpstr(back->lang, ==, "en");
	g_assert_cmpstr(step_text(back, 1), ==,
			"At corner place, turn slightly right and move 10 metres to bench place.");
	g_assert_cmpstr(step_text(back, 2), ==,
			"At the bench against the wall, turn right and move 10 metres to main "
			"place. Follow the tactile paving.");
	/* a language sori does not word: the venue's default (Korean) */
	g_assert_cmpstr(ja->lang, ==, "ko");
}

static void
test_words_floors(void)
{
	g_autoptr(SoriCatalogue) catalogue = load_with_map_on(TWO_FLOORS, 2);
	g_autoptr(SoriDirections) stairs
		= directions(catalogue, "main", "hall", SORI_PROFILE_GENERAL, "en");
	g_autoptr(SoriDirections) lift
		= directions(catalogue, "main", "hall", SORI_PROFILE_WHEELCHAIR, "en");
	g_autoptr(SoriDirections) down
		= directions(catalogue, "hall", "main", SORI_PROFILE_GENERAL, "ko");
	SoriDirectionStep *step;

	g_assert_cmpstr(step_text(stairs, 1), ==,
			"At foot place, go straight on and take the stairs up, 20 steps, to top "
			"place, the first floor. The handrail is on your left.");
	step = g_ptr_array_index(stairs->steps, 1);
	g_assert_cmpint(step->via, ==, SORI_WAY_STAIRS);
	g_assert_cmpint(step->floor_from, ==, 1);
	g_assert_cmpint(step->floor_to, ==, 2);
	g_assert_cmpstr(step_text(lift, 1), ==,
			"Take the lift up to the first floor. The lift has braille buttons.");
	/* out of the lift facing back the way one came (west), the hall is north-west of it */
	g_assert_cmpstr(step_text(lift, 2), ==,
			"At lift-2 place, turn slightly right and move 32 metres to hall place.");
	/* going down, the left-hand rail is on the right */
	g_assert_cmpstr(step_text(down, 1), ==,
			"top 곳에서 곧장 계단 20개를 내려가 1층 foot 곳까지 가세요. 손잡이는 "
			"오른쪽에 있습니다.");
	g_assert_cmpstr(step_text(down, 0), ==, "hall 곳에서 top 곳까지 7미터 이동하세요.");
}

static void
test_sample_museum(void)
{
	g_autofree gchar *path
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = sori_catalogue_new_from_file(path, NULL, &error);
	g_autoptr(SoriMapRoute) general = NULL;
	g_autoptr(SoriMapRoute) wheelchair = NULL;
	g_autofree gchar *general_places = NULL;
	g_autofree gchar *wheelchair_places = NULL;
	SoriMap *map;

	g_assert_no_error(error);
	map = sori_catalogue_get_map(catalogue);
	g_assert_nonnull(map);
	g_assert_cmpuint(sori_map_get_n_floors(map), ==, 2);
	/* between galleries on two floors, the general route takes the stairs and
	 * the wheelchair route the lift */
	general = find(catalogue, "clay-and-fire", "wood-and-metal", SORI_PROFILE_GENERAL);
	wheelchair = find(catalogue, "clay-and-fire", "wood-and-metal", SORI_PROFILE_WHEELCHAIR);
	general_places = route_places(map, general);
	wheelchair_places = route_places(map, wheelchair);
	g_assert_nonnull(strstr(general_places, "stairs-foot"));
	g_assert_null(strstr(general_places, "lift"));
	g_assert_nonnull(strstr(wheelchair_places, "lift-1 lift-2"));
	g_assert_cmpstr(general_places, !=, wheelchair_places);
	assert_profile_keeps_rules(map, wheelchair);
	/* the garden entrance has steps: no wheelchair route from it */
	g_assert_null(find(catalogue, "garden", "touch-gallery", SORI_PROFILE_WHEELCHAIR));
	/* an exhibit without its own place, and one with */
	assert_route(catalogue, "main", "moon-jar", SORI_PROFILE_GENERAL,
		     "main desk hall clay-and-fire moon-jar");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/wayfinding/shortest", test_shortest);
	g_test_add_func("/wayfinding/wheelchair-around-stairs", test_wheelchair_around_stairs);
	g_test_add_func("/wayfinding/blind-tactile", test_blind_tactile);
	g_test_add_func("/wayfinding/one-way", test_one_way);
	g_test_add_func("/wayfinding/no-route", test_no_route);
	g_test_add_func("/wayfinding/turns", test_turns);
	g_test_add_func("/wayfinding/words", test_words);
	g_test_add_func("/wayfinding/words-floors", test_words_floors);
	g_test_add_func("/wayfinding/sample-museum", test_sample_museum);
	return g_test_run();
}
