/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A request's path, as any client sends it, looked up in sorid's route table.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sori-routes.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree gchar *path = NULL;
	g_auto(SoriRouteMatch) match = { 0 };
	const SoriRoute *route;

	if (size > 2 * SORI_ROUTE_PATH_MAX_LEN || memchr(data, '\0', size) != NULL)
		return 0;
	path = g_strndup((const gchar *) data, size);
	route = sori_route_table_lookup(sori_routes_get_table(), path, &match);
	if (route == NULL) {
		if (match.n_captures != 0)
			abort();
		return 0;
	}
	if (size > SORI_ROUTE_PATH_MAX_LEN || match.n_captures > SORI_ROUTE_PATH_MAX_SEGMENTS)
		abort();
	/* every capture names something: not empty, one segment, UTF-8 */
	for (guint i = 0; i < match.n_captures; i++) {
		const gchar *value = match.values[i];
		if (value == NULL || *value == '\0' || strchr(value, '/') != NULL
		    || !g_utf8_validate(value, -1, NULL)
		    || sori_route_match_get(&match, match.names[i]) == NULL)
			abort();
	}
	return 0;
}
