/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GET /v1/openapi.json: the OpenAPI 3.1 description of the whole API, as it
 * is in the repository (daemon/api/openapi.json), compiled in. The tests keep
 * it true: every route of the table is in it (tests/route-test.c), and every
 * answer the HTTP tests receive validates against it
 * (tests/web/openapi.test.mjs).
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include "sori-api-resources.h"
#include "sori-openapi.h"

#define OPENAPI_RESOURCE "/org/sori/api/openapi.json"

/**
 * sori_openapi_get_document:
 *
 * Returns: (transfer none): the document's bytes
 */
GBytes *
sori_openapi_get_document(void)
{
	static GBytes *document = NULL;

	if (g_once_init_enter(&document)) {
		g_autoptr(GError) error = NULL;
		GBytes *bytes;
		sori_api_register_resource();
		bytes = g_resources_lookup_data(OPENAPI_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE,
						&error);
		/* compiled in: only a broken build lacks it */
		if (bytes == NULL) {
			g_critical("the OpenAPI document: %s", error->message);
			bytes = g_bytes_new_static("{}", 2);
		}
		g_once_init_leave(&document, bytes);
	}
	return document;
}

/**
 * sori_openapi_handle:
 *
 * GET /v1/openapi.json
 */
gboolean
sori_openapi_handle(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		    SoriHttpResponse *response)
{
	static SoriRepresentation *representation = NULL;

	if (g_once_init_enter(&representation)) {
		SoriRepresentation *rep = sori_representation_new(200, "application/json", NULL,
								  sori_openapi_get_document());
		g_once_init_leave(&representation, rep);
	}
	sori_http_response_set_representation(response, request, representation, "Accept-Encoding");
	return TRUE;
}
