/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl route: the directions a visitor will get, from a catalogue file,
 * before it goes live: so that a curator who draws a map walks it first.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sori-directions.h"
#include "sorictl-common.h"
#include "sorictl-route.h"

gint
sorictl_route_run(gint argc, gchar **argv)
{
	g_autoptr(GOptionContext) context = g_option_context_new("CATALOGUE FROM TO");
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	g_autoptr(SoriDirections) directions = NULL;
	g_autoptr(SoriMapRoute) route = NULL;
	g_autofree gchar *profile_name = NULL;
	g_autofree gchar *lang = NULL;
	g_auto(GStrv) args = NULL;
	SoriProfile profile = SORI_PROFILE_GENERAL;
	SoriMap *map;
	const GOptionEntry entries[] = {
		{ "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
		  "general (the default), wheelchair, step-free or blind", "PROFILE" },
		{ "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
		  "The language of the directions (the venue's default language when not given)",
		  "LANG" },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, NULL },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"Prints the directions sorid gives from FROM to TO on the map of CATALOGUE, step\n"
		"by step, as a visitor hears and reads them. FROM and TO are places of the map,\n"
		"or exhibits, galleries or entrances of the catalogue, by id.\n\n"
		"Exit status: 0 with the directions, 1 when the catalogue has problems or no\n"
		"way joins the places, 2 on a usage error.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (args == NULL || g_strv_length(args) != 3)
		return sorictl_usage_error("name the CATALOGUE file, FROM and TO");
	if (profile_name != NULL && !sori_profile_from_string(profile_name, &profile))
		return sorictl_usage_error(
			"--profile: use general, wheelchair, step-free or blind");

	catalogue = sori_catalogue_new_from_file(args[0], &problems, &error);
	if (catalogue == NULL) {
		fprintf(stderr, "sorictl route: %s\n", error->message);
		for (guint i = 0; problems != NULL && i < problems->len; i++) {
			SoriCatalogueProblem *problem = g_ptr_array_index(problems, i);
			fprintf(stderr, "%s: %s\n", problem->pointer, problem->reason);
		}
		return SORICTL_EXIT_PROBLEM;
	}
	if (lang == NULL)
		lang = g_strdup(sori_catalogue_get_default_language(catalogue));
	directions
		= sori_directions_find(catalogue, args[1], args[2], profile, lang, &route, &error);
	if (directions == NULL) {
		fprintf(stderr, "sorictl route: %s\n", error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	map = sori_catalogue_get_map(catalogue);
	printf("%s → %s, %s, %.0f m, in %s\n", sori_map_get_place(map, route->from)->id,
	       sori_map_get_place(map, route->to)->id, sori_profile_to_string(profile),
	       route->length_m, directions->lang);
	for (guint i = 0; i < directions->steps->len; i++) {
		SoriDirectionStep *step = g_ptr_array_index(directions->steps, i);
		printf("%2u. [%s", i + 1,
		       step->arrive ? "arrive" : sori_way_kind_to_string(step->via));
		if (!step->arrive)
			printf(", %.0f m", step->distance_m);
		if (step->floor_to != step->floor_from)
			printf(", floor %d → %d", step->floor_from, step->floor_to);
		printf("] %s\n", step->instruction);
	}
	return EXIT_SUCCESS;
}
