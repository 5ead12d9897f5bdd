/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The curators' tokens file, as a careless edit or a broken disk leaves it.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "sori-tokens.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) tokens
		= sori_tokens_parse((const gchar *) data, size, "tokens.json", &error);

	/* tokens, or the reason there are none: never neither */
	if (tokens == NULL && !g_error_matches(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_INVALID))
		abort();
	return 0;
}
