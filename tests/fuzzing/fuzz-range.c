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
	SoriHttpRange result = sori_http_range_parse(header, file_size, &start, &end);

	/* "bytes=N-" with N at or past the end, however many digits N has, is
	 * past the end: never a range the client did not ask for */
	if (g_str_has_prefix(header, "bytes=") && g_ascii_isdigit(header[6])) {
		const gchar *p = header + 6;
		gboolean past_end = FALSE;
		guint64 first = 0;
		for (; g_ascii_isdigit(*p); p++) {
			if (first >= file_size)
				past_end = TRUE;
			else
				first = first * 10 + (guint64) (*p - '0');
		}
		past_end = past_end || first >= file_size;
		if (*p == '-' && p[1] == '\0' && past_end
		    && result != SORI_HTTP_RANGE_UNSATISFIABLE)
			abort();
		if (result == SORI_HTTP_RANGE_SATISFIABLE && past_end)
			abort();
	}
	switch (result) {
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
