/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The parsers of what a client sends, one exact answer at a time (the
 * fuzzers in tests/fuzzing/ check what holds for any input).
 */

#include "config.h"

#include <string.h>

#include "sori-http-head.h"
#include "sori-http-range.h"
#include "sori-problem.h"
#include "sori-query.h"

static gboolean
parse_head(const gchar *text, SoriHttpRequest *request, gchar **buf, gsize *head_len)
{
	gsize len = strlen(text);
	*buf = g_malloc(len + 1);
	memcpy(*buf, text, len);
	memset(request, 0, sizeof(*request));
	return sori_http_head_parse(*buf, len, request, head_len);
}

static void
test_head(void)
{
	const gchar *text = "GET /v1/venues/x?lang=ko HTTP/1.1\r\nHost: a\r\n"
			    "Accept-Language:  ko, en \r\nRange: bytes=0-1\r\n"
			    "If-None-Match: \"e\"\r\n\r\nGET / HTTP/1.1\r\n";
	g_autofree gchar *buf = NULL;
	SoriHttpRequest request;
	gsize head_len = 0;

	g_assert_true(parse_head(text, &request, &buf, &head_len));
	g_assert_cmpuint(head_len, ==, strstr(text, "\r\n\r\n") + 4 - text);
	g_assert_cmpstr(request.method, ==, "GET");
	g_assert_cmpstr(request.path, ==, "/v1/venues/x");
	g_assert_cmpstr(request.query, ==, "lang=ko");
	g_assert_cmpstr(request.accept_language, ==, "ko, en");
	g_assert_cmpstr(request.range, ==, "bytes=0-1");
	g_assert_cmpstr(request.if_none_match, ==, "\"e\"");
	g_assert_null(request.accept_encoding);
}

/* anything unusual is left to libsoup */
static void
test_head_refused(void)
{
	const gchar *heads[] = {
		"GET /v1/venues HTTP/1.1\r\nHost: a\r\n", /* incomplete */
		"GET /v1/venues HTTP/1.1\r\n\r\n",        /* no Host */
		"GET /v1/venues HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"HEAD /v1/venues HTTP/1.1\r\nHost: a\r\n\r\n",
		"POST /v1/venues HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
		"GET /v1/venues HTTP/1.0\r\nHost: a\r\n\r\n",
		"GET http://a/v1/venues HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /v1/../etc HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /v1//venues HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /v1/venues#x HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /v1/venues HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
		"GET /v1/venues HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer x\r\n\r\n",
		"GET /v1/venues HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
		"GET /v1/venues HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n",
		"GET /v1/venues HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n",
		"GET /v1/venues HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
		"GET /v1/venues HTTP/1.1\r\nHost: a\r\nRange: a\r\nRange: b\r\n\r\n",
	};
	for (guint i = 0; i < G_N_ELEMENTS(heads); i++) {
		g_autofree gchar *buf = NULL;
		SoriHttpRequest request;
		gsize head_len = 0;
		g_test_message("%s", heads[i]);
		g_assert_false(parse_head(heads[i], &request, &buf, &head_len));
	}
	/* more headers than the fast path takes */
	{
		g_autoptr(GString) many = g_string_new("GET / HTTP/1.1\r\nHost: a\r\n");
		g_autofree gchar *buf = NULL;
		SoriHttpRequest request;
		gsize head_len = 0;
		for (guint i = 0; i < SORI_HTTP_HEADERS_MAX; i++)
			g_string_append_printf(many, "X-%u: y\r\n", i);
		g_string_append(many, "\r\n");
		g_assert_false(parse_head(many->str, &request, &buf, &head_len));
	}
}

static void
test_range(void)
{
	struct {
		const gchar *header;
		gsize size;
		SoriHttpRange result;
		gsize start;
		gsize end;
	} cases[] = {
		{ "bytes=0-1", 100, SORI_HTTP_RANGE_SATISFIABLE, 0, 1 },
		{ "bytes=90-", 100, SORI_HTTP_RANGE_SATISFIABLE, 90, 99 },
		{ "bytes=-10", 100, SORI_HTTP_RANGE_SATISFIABLE, 90, 99 },
		{ "bytes=-500", 100, SORI_HTTP_RANGE_SATISFIABLE, 0, 99 },
		{ "bytes=50-1000", 100, SORI_HTTP_RANGE_SATISFIABLE, 50, 99 },
		{ "bytes=100-", 100, SORI_HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=200-300", 100, SORI_HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=-0", 100, SORI_HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=0-", 0, SORI_HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=0-1,5-6", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=5-2", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "items=0-1", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=abc", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=0-1\r\nX: y", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		/* numbers too large for 64 bits: a first byte past every end, a last
		 * byte and a suffix longer than every file */
		{ "bytes=99999999999999999999-", 45845, SORI_HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=18446744073709551615-", 45845, SORI_HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=18446744073709551616-", 45845, SORI_HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=9223372036854775808-", 45845, SORI_HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=99999999999999999999-99999999999999999999", 100,
		  SORI_HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=0-99999999999999999999", 45845, SORI_HTTP_RANGE_SATISFIABLE, 0, 45844 },
		{ "bytes=0-18446744073709551615", 45845, SORI_HTTP_RANGE_SATISFIABLE, 0, 45844 },
		{ "bytes=-99999999999999999999", 45845, SORI_HTTP_RANGE_SATISFIABLE, 0, 45844 },
		{ "bytes=-18446744073709551615", 45845, SORI_HTTP_RANGE_SATISFIABLE, 0, 45844 },
		{ "bytes=-18446744073709551616", 100, SORI_HTTP_RANGE_SATISFIABLE, 0, 99 },
		{ "bytes=99999999999999999999-5", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		/* spelling */
		{ "Bytes = 2-3", 100, SORI_HTTP_RANGE_SATISFIABLE, 2, 3 },
		{ "bytes=2-3 ", 100, SORI_HTTP_RANGE_SATISFIABLE, 2, 3 },
		{ "bytes=99-99", 100, SORI_HTTP_RANGE_SATISFIABLE, 99, 99 },
		{ "bytes=-", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=--1", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=+1-2", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=0x1-2", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=1-2,", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "bytesx=1-2", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
		{ "", 100, SORI_HTTP_RANGE_NONE, 0, 0 },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		gsize start = 0;
		gsize end = 0;
		SoriHttpRange result
			= sori_http_range_parse(cases[i].header, cases[i].size, &start, &end);
		g_test_message("%s of %" G_GSIZE_FORMAT, cases[i].header, cases[i].size);
		g_assert_cmpint(result, ==, cases[i].result);
		if (result == SORI_HTTP_RANGE_SATISFIABLE) {
			g_assert_cmpuint(start, ==, cases[i].start);
			g_assert_cmpuint(end, ==, cases[i].end);
		}
	}
}

static void
test_query(void)
{
	static const gchar *const allowed[] = { "lang", "gallery", NULL };
	static const gchar *const none[] = { NULL };
	struct {
		const gchar *query;
		const gchar *const *allowed;
		gboolean ok;
	} cases[] = {
		{ NULL, allowed, TRUE },
		{ "", allowed, TRUE },
		{ "lang=ko&gallery=g%C3%A9", allowed, TRUE },
		{ "lang=ko&lang=en", allowed, FALSE },
		{ "colour=red", allowed, FALSE },
		{ "lang=ko", none, FALSE },
		{ "lang=%ff", allowed, FALSE },
		{ "lang=%zz", allowed, FALSE },
		{ "a&b&c&d&e&f&g&h&i", allowed, FALSE },
	};
	g_autofree gchar *long_query = g_strnfill(SORI_QUERY_MAX_LEN + 1, 'a');

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GHashTable) params
			= sori_query_parse(cases[i].query, cases[i].allowed, &error);
		g_test_message("%s", cases[i].query);
		if (cases[i].ok) {
			g_assert_no_error(error);
			g_assert_nonnull(params);
		} else {
			g_assert_null(params);
			g_assert_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER);
		}
	}
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(GHashTable) params
			= sori_query_parse("lang=ko&gallery=g%C3%A9+x", allowed, &error);
		g_assert_cmpstr(g_hash_table_lookup(params, "gallery"), ==, "gé x");
		g_assert_null(sori_query_parse(long_query, allowed, &error));
	}
}

static void
test_language(void)
{
	static const gchar *const offered[] = { "ko", "en", NULL };
	static const gchar *const allowed[] = { "lang", NULL };
	struct {
		const gchar *query;
		const gchar *accept_language;
		const gchar *lang;
	} cases[] = {
		{ "lang=en", "ko", "en" },        { "lang=EN-gb", NULL, "en" },
		{ "lang=fr", "en", "ko" }, /* asked, not offered: the default */
		{ NULL, "fr, en;q=0.5", "en" },   { NULL, NULL, "ko" },
		{ "lang=not_a_tag", NULL, NULL },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GHashTable) params = sori_query_parse(cases[i].query, allowed, NULL);
		const gchar *lang = NULL;
		gboolean ok = sori_query_choose_language(params, cases[i].accept_language, offered,
							 "ko", &lang, &error);
		g_assert_true(ok == (cases[i].lang != NULL));
		g_assert_cmpstr(lang, ==, cases[i].lang);
	}
}

/* the blank line that ends a head, wherever it falls; never read past the bytes given */
static void
test_head_end(void)
{
	const struct {
		const gchar *bytes;
		gint at; /* -1: none */
	} cases[] = {
		{ "", -1 },
		{ "\r\n\r", -1 },
		{ "\r\n\r\n", 0 },
		{ "\r\r\n\r\n", 1 },
		{ "\n\r\n\r\n", 1 },
		{ "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 23 },
		{ "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next", 23 },
		{ "GET / HTTP/1.1\r\nHost: a\r\n", -1 },
		{ "GET / HTTP/1.1\n\nHost: a\r\n\n\r\n", -1 },
		{ "\r\n\r\r\n\r\n", 3 },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		gsize len = strlen(cases[i].bytes);
		/* exactly @len bytes: a fifth would be out of bounds under ASan */
		g_autofree gchar *copy = g_memdup2(cases[i].bytes, len);
		const gchar *end = sori_http_head_find_end(copy, len);
		if (cases[i].at < 0)
			g_assert_null(end);
		else
			g_assert_cmpint(end - copy, ==, cases[i].at);
	}
	/* a blank line cut short by the end of what was received */
	g_assert_null(sori_http_head_find_end("GET /\r\n\r\n", 8));
	g_assert_nonnull(sori_http_head_find_end("GET /\r\n\r\n", 9));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/http-parsers/head", test_head);
	g_test_add_func("/http-parsers/head-refused", test_head_refused);
	g_test_add_func("/http-parsers/head-end", test_head_end);
	g_test_add_func("/http-parsers/range", test_range);
	g_test_add_func("/http-parsers/query", test_query);
	g_test_add_func("/http-parsers/language", test_language);
	return g_test_run();
}
