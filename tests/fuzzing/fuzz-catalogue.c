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
	return 0;
}
