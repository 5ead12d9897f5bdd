/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A Range header, as a media player or anyone else sends it, against a file
 * whose size the first two bytes choose.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sori-http-range.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree gchar *header = NULL;
	gsize file_size;
	gsize start = G_MAXSIZE;
	gsize end = G_MAXSIZE;

	if (size < 2 || size > 4096)
		return 0;
	file_size = (gsize) data[0] << 8 | data[1];
	header = g_strndup((const gchar *) data + 2, size - 2);
	switch (sori_http_range_parse(header, file_size, &start, &end)) {
	case SORI_HTTP_RANGE_SATISFIABLE:
		/* within the file, first byte before last */
		if (start > end || end >= file_size)
			abort();
		break;
	case SORI_HTTP_RANGE_UNSATISFIABLE:
	case SORI_HTTP_RANGE_NONE:
	default:
		if (start != G_MAXSIZE || end != G_MAXSIZE)
			abort();
		break;
	}
	return 0;
}
