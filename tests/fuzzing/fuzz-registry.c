/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The private beacon registry (identity keys of Eddystone-EID beacons), as a
 * careless edit or a broken disk leaves it.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "sori-eid-resolver.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(SoriEidResolver) resolver = sori_eid_resolver_new();
	g_autoptr(GError) error = NULL;

	if (!sori_eid_resolver_load_registry_data(resolver, (const gchar *) data, size,
						  "registry.json", &error)
	    && (error == NULL || error->domain != SORI_EID_RESOLVER_ERROR))
		abort();
	return 0;
}
