/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A catalogue as a curator, or an attacker with a stolen token, uploads it.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "sori-catalogue.h"
#include "sori-directions.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GBytes) bytes = g_bytes_new_static(data, size);
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;

	catalogue = sori_catalogue_new_from_bytes(bytes, &problems, &error);
	/* valid, or invalid with its problems listed: never neither */
	if (catalogue == NULL && error == NULL)
		abort();
	if (catalogue == NULL && error->code == SORI_CATALOGUE_ERROR_INVALID
	    && (problems == NULL || problems->len == 0))
		abort();
	/* a valid map: a route between any two places, for every profile, never
	 * breaks the profile's rules, and always ends in its destination */
	if (catalogue != NULL && sori_catalogue_get_map(catalogue) != NULL) {
		SoriMap *map = sori_catalogue_get_map(catalogue);
		guint n = sori_map_get_n_places(map);
		for (SoriProfile p = 0; p < SORI_PROFILE_LAST; p++) {
			const SoriPlace *from = sori_map_get_place(map, 0);
			const SoriPlace *to = sori_map_get_place(map, n - 1);
			g_autoptr(GError) no_route = NULL;
			g_autoptr(SoriMapRoute) route = NULL;
			g_autoptr(SoriDirections) directions = sori_directions_find(
				catalogue, from->id, to->id, p, "en", &route, &no_route);
			if (directions == NULL && no_route == NULL)
				abort();
			for (guint i = 0; route != NULL && i < route->legs->len; i++) {
				const SoriLeg *leg = &g_array_index(route->legs, SoriLeg, i);
				if (!sori_way_allowed(leg->way, p))
					abort();
			}
			if (directions != NULL
			    && ((SoriDirectionStep *) g_ptr_array_index(directions->steps,
									directions->steps->len - 1))
					       ->end
				       != to)
				abort();
		}
	}
	return 0;
}
