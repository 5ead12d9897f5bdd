/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Range (RFC 9110 §14), one range at a time, as media players ask: the
 * header read, clamped to the file, and an unsatisfiable range told from one
 * to ignore.
 */

#include "config.h"

#include "sori-http-range.h"

/* a position, as digits; one too large for 64 bits is G_MAXUINT64, which is
 * past the end of every file and longer than any: what such a number means */
static gboolean
sori_http_range_read_position(const gchar **p, guint64 *value)
{
	const gchar *s = *p;
	guint64 v = 0;

	if (!g_ascii_isdigit(*s))
		return FALSE;
	for (; g_ascii_isdigit(*s); s++) {
		guint digit = (guint) (*s - '0');
		if (v > (G_MAXUINT64 - digit) / 10)
			v = G_MAXUINT64;
		else
			v = v * 10 + digit;
	}
	*p = s;
	*value = v;
	return TRUE;
}

static const gchar *
sori_http_range_skip_space(const gchar *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/**
 * sori_http_range_parse:
 * @header: a Range header
 * @size: the length of the file
 * @start: (out): the first byte, for %SORI_HTTP_RANGE_SATISFIABLE
 * @end: (out): the last byte, included
 *
 * Reads `bytes=first-[last]` or `bytes=-suffix` (RFC 9110 §14.1.2) by
 * itself rather than through libsoup, whose numbers wrap: a first position
 * too large for 64 bits is past the end like any other (416), never byte 0.
 *
 * Returns: how to answer: several ranges or a malformed header are answered
 *	with the whole file, as RFC 9110 allows
 */
SoriHttpRange
sori_http_range_parse(const gchar *header, gsize size, gsize *start, gsize *end)
{
	const gchar *p;
	gboolean suffix = FALSE;
	guint64 first = 0;
	guint64 last = G_MAXUINT64;

	if (header == NULL)
		return SORI_HTTP_RANGE_NONE;
	p = sori_http_range_skip_space(header);
	if (g_ascii_strncasecmp(p, "bytes", 5) != 0)
		return SORI_HTTP_RANGE_NONE;
	p = sori_http_range_skip_space(p + 5);
	if (*p++ != '=')
		return SORI_HTTP_RANGE_NONE;
	p = sori_http_range_skip_space(p);
	if (*p == '-') {
		suffix = TRUE;
		p++;
		if (!sori_http_range_read_position(&p, &last))
			return SORI_HTTP_RANGE_NONE;
	} else {
		if (!sori_http_range_read_position(&p, &first) || *p++ != '-')
			return SORI_HTTP_RANGE_NONE;
		if (g_ascii_isdigit(*p) && !sori_http_range_read_position(&p, &last))
			return SORI_HTTP_RANGE_NONE;
		if (last < first)
			return SORI_HTTP_RANGE_NONE;
	}
	/* anything after the one range (another range, a stray byte): the whole file */
	if (*sori_http_range_skip_space(p) != '\0')
		return SORI_HTTP_RANGE_NONE;

	if (suffix) {
		/* "bytes=-0" asks for nothing; "bytes=-N" longer than the file is all of it */
		if (last == 0 || size == 0)
			return SORI_HTTP_RANGE_UNSATISFIABLE;
		first = last >= size ? 0 : size - last;
		last = size - 1;
	} else {
		if (first >= size)
			return SORI_HTTP_RANGE_UNSATISFIABLE;
		if (last >= size)
			last = size - 1;
	}
	*start = (gsize) first;
	*end = (gsize) last;
	return SORI_HTTP_RANGE_SATISFIABLE;
}
