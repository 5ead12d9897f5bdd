/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Range (RFC 9110 §14), one range at a time, as media players ask: libsoup
 * parses the header; what it leaves to its callers (clamping to the file,
 * telling an unsatisfiable range from one to ignore) is done here.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "sori-http-range.h"

/**
 * sori_http_range_parse:
 * @header: a Range header
 * @size: the length of the file
 * @start: (out): the first byte, for %SORI_HTTP_RANGE_SATISFIABLE
 * @end: (out): the last byte, included
 *
 * Returns: how to answer: several ranges or a malformed header are answered
 *	with the whole file, as RFC 9110 allows
 */
SoriHttpRange
sori_http_range_parse(const gchar *header, gsize size, gsize *start, gsize *end)
{
	/* one set of headers for every call: media requests come by the thousand a
	 * second, and sorid answers them from its main loop alone */
	static SoupMessageHeaders *headers = NULL;
	SoupRange *ranges = NULL;
	gint n_ranges = 0;
	goffset first;
	goffset last;

	/* a header's value has no line breaks: libsoup refuses to hold one that has */
	if (header == NULL || size > G_MAXINT64 || strpbrk(header, "\r\n") != NULL)
		return SORI_HTTP_RANGE_NONE;
	if (headers == NULL)
		headers = soup_message_headers_new(SOUP_MESSAGE_HEADERS_REQUEST);
	soup_message_headers_replace(headers, "Range", header);
	if (!soup_message_headers_get_ranges(headers, (goffset) size, &ranges, &n_ranges))
		return SORI_HTTP_RANGE_NONE;
	first = ranges[0].start;
	last = ranges[0].end;
	soup_message_headers_free_ranges(headers, ranges);
	if (n_ranges != 1)
		return SORI_HTTP_RANGE_NONE;
	/* "bytes=-N" longer than the file is the whole file */
	if (first < 0)
		first = 0;
	if ((guint64) first >= size)
		return SORI_HTTP_RANGE_UNSATISFIABLE;
	if (last < first || (guint64) last >= size)
		last = (goffset) size - 1;
	*start = (gsize) first;
	*end = (gsize) last;
	return SORI_HTTP_RANGE_SATISFIABLE;
}
