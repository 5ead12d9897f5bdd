/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A request head as anyone on the venue's Wi-Fi can send it to the fast
 * path: parsed, then looked up in the route table as sorid would.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sori-http-head.h"
#include "sori-routes.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree gchar *buf = NULL;
	SoriHttpRequest request = { 0 };
	g_auto(SoriRouteMatch) match = { 0 };
	gsize head_len = 0;
	const SoriRoute *route;

	if (size > SORI_HTTP_HEAD_MAX)
		return 0;
	/* the fast path peeks into a buffer with room for one byte more */
	buf = g_malloc(size + 1);
	memcpy(buf, data, size);
	if (!sori_http_head_parse(buf, size, &request, &head_len))
		return 0;
	/* a head taken is whole, a GET of a path, with a Host */
	if (head_len > size || head_len < strlen("GET / HTTP/1.1\r\n\r\n")
	    || memcmp(data + head_len - 4, "\r\n\r\n", 4) != 0)
		abort();
	if (g_strcmp0(request.method, "GET") != 0 || request.path == NULL || request.path[0] != '/'
	    || strchr(request.path, '?') != NULL || strchr(request.path, ' ') != NULL)
		abort();
	route = sori_route_table_lookup(sori_routes_get_table(), request.path, &match);
	for (guint i = 0; route != NULL && i < match.n_captures; i++) {
		if (match.values[i] == NULL || *match.values[i] == '\0'
		    || strchr(match.values[i], '/') != NULL)
			abort();
	}
	return 0;
}
