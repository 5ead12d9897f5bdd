/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fast path's request-head parser: it takes only a complete, plain
 * "GET <origin-form> HTTP/1.1" head with the few headers a phone sends, and
 * refuses anything else, which stays unread for libsoup to answer.
 */

#include "config.h"

#include <string.h>

#include "sori-http-head.h"

static gboolean
sori_http_is_token_char(gchar c)
{
	return g_ascii_isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* the request line, "GET <origin-form> HTTP/1.1", NUL-terminated at its end */
static gboolean
sori_http_head_parse_request_line(gchar *line, SoriHttpRequest *request)
{
	gchar *target;
	gchar *space;
	gchar *question;

	if (strncmp(line, "GET /", 5) != 0)
		return FALSE;
	target = line + 4;
	space = strchr(target, ' ');
	if (space == NULL || strcmp(space, " HTTP/1.1") != 0)
		return FALSE;
	*space = '\0';
	for (gchar *p = target; *p != '\0'; p++) {
		/* visible ASCII only; no fragments */
		if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f || *p == '#')
			return FALSE;
	}
	/* dot segments are normalised by libsoup; the fast path does not try */
	if (strstr(target, "/.") != NULL || strstr(target, "//") != NULL)
		return FALSE;
	question = strchr(target, '?');
	if (question != NULL) {
		*question = '\0';
		request->query = question + 1;
	}
	request->method = "GET";
	request->path = target;
	return TRUE;
}

/* one header the fast path understands, once; %FALSE for one it leaves to libsoup */
static gboolean
sori_http_head_take_header(SoriHttpRequest *request, const gchar *name, gsize name_len,
			   const gchar *value, gboolean *has_host)
{
	struct {
		const gchar *name;
		const gchar **field;
	} taken[] = {
		{ "Accept-Language", &request->accept_language },
		{ "Accept-Encoding", &request->accept_encoding },
		{ "If-None-Match", &request->if_none_match },
		{ "Range", &request->range },
		{ "If-Range", &request->if_range },
	};
	static const gchar *const refused[] = {
		"Content-Length",      "Transfer-Encoding", "Expect", "Upgrade",
		"If-Modified-Since",   "If-Match",          "TE",     "Authorization",
		"If-Unmodified-Since", "Content-Type",      NULL,
	};

#define IS(h) (name_len == strlen(h) && g_ascii_strncasecmp(name, h, name_len) == 0)
	if (IS("Host")) {
		if (*has_host)
			return FALSE;
		*has_host = TRUE;
		return TRUE;
	}
	if (IS("Connection")) /* keep-alive is HTTP/1.1's default; anything else is libsoup's */
		return g_ascii_strcasecmp(value, "keep-alive") == 0;
	for (guint i = 0; i < G_N_ELEMENTS(taken); i++) {
		if (!IS(taken[i].name))
			continue;
		if (*taken[i].field != NULL)
			return FALSE;
		*taken[i].field = value;
		return TRUE;
	}
	for (guint i = 0; refused[i] != NULL; i++) {
		if (IS(refused[i]))
			return FALSE;
	}
#undef IS
	return TRUE;
}

/* one header line, NUL-terminated, its value trimmed in place */
static gboolean
sori_http_head_parse_header(gchar *line, gchar *eol, SoriHttpRequest *request, gboolean *has_host)
{
	gchar *colon = strchr(line, ':');
	gchar *value;
	gchar *end = eol;
	gsize name_len;

	if (colon == NULL || colon == line)
		return FALSE;
	name_len = colon - line;
	for (gsize i = 0; i < name_len; i++) {
		if (!sori_http_is_token_char(line[i]))
			return FALSE;
	}
	value = colon + 1;
	while (*value == ' ' || *value == '\t')
		value++;
	while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	for (gchar *p = value; *p != '\0'; p++) {
		if (((guchar) *p < 0x20 && *p != '\t') || *p == 0x7f)
			return FALSE;
	}
	return sori_http_head_take_header(request, line, name_len, value, has_host);
}

/**
 * sori_http_head_find_end:
 * @buf: @len bytes received
 *
 * memchr() finds each '\r' a word at a time where g_strstr_len() compares
 * byte by byte: it was a tenth of a keep-alive lookup's instructions.
 *
 * Returns: (nullable): where the blank line ending a head ("\r\n\r\n") starts
 */
const gchar *
sori_http_head_find_end(const gchar *buf, gsize len)
{
	const gchar *p = buf;
	const gchar *stop = buf + len;

	while (stop - p >= 4 && (p = memchr(p, '\r', (gsize) (stop - p) - 3)) != NULL) {
		if (p[1] == '\n' && p[2] == '\r' && p[3] == '\n')
			return p;
		p++;
	}
	return NULL;
}

/**
 * sori_http_head_parse:
 * @buf: @len bytes received, and room for one more; changed in place
 * @len: how many bytes @buf holds
 * @request: (out caller-allocates): zero-initialized; filled with strings in @buf
 * @head_len: (out): the length of the head, its blank line included
 *
 * Returns: %TRUE for a complete head the fast path may answer; %FALSE for an
 *	incomplete, oversized, binary or unusual one, which libsoup reads
 */
gboolean
sori_http_head_parse(gchar *buf, gsize len, SoriHttpRequest *request, gsize *head_len)
{
	gchar *end;
	gchar *eol;
	gchar *line;
	gboolean has_host = FALSE;
	guint n_headers = 0;

	if (len > SORI_HTTP_HEAD_MAX)
		return FALSE;
	buf[len] = '\0';
	end = (gchar *) sori_http_head_find_end(buf, len);
	if (end == NULL || memchr(buf, '\0', len) != NULL)
		return FALSE;
	*head_len = (end - buf) + 4;
	end[2] = '\0';
	end[3] = '\0';

	eol = strstr(buf, "\r\n");
	*eol = '\0';
	if (!sori_http_head_parse_request_line(buf, request))
		return FALSE;
	for (line = eol + 2; *line != '\0'; line = eol + 2) {
		eol = strstr(line, "\r\n");
		if (eol == NULL)
			return FALSE;
		*eol = '\0';
		if (*line == '\0')
			break; /* the empty line that ends the head */
		if (++n_headers > SORI_HTTP_HEADERS_MAX
		    || !sori_http_head_parse_header(line, eol, request, &has_host))
			return FALSE;
	}
	return has_host;
}
