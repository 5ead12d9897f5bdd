/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <string.h>

#include "sori-test-http.h"

/* the largest body kept in a record of the exchanges */
#define RECORD_MAX_BODY (4 * 1024 * 1024)

/**
 * sori_test_fetch_done_cb:
 * @user_data: a #FetchState
 *
 * For soup_session_send_and_read_async(): keeps the body or the error and
 * quits the loop once every pending request is done.
 */
void
sori_test_fetch_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	FetchState *state = user_data;
	state->body
		= soup_session_send_and_read_finish(SOUP_SESSION(source), result, &state->error);
	if (state->pending == NULL || --(*state->pending) == 0)
		g_main_loop_quit(state->loop);
}

void
sori_test_reply_free(SoriTestReply *reply)
{
	if (reply == NULL)
		return;
	g_clear_pointer(&reply->headers, soup_message_headers_unref);
	g_clear_pointer(&reply->body, g_bytes_unref);
	g_free(reply);
}

static void
sori_test_append_json_string(GString *out, const gchar *text)
{
	g_string_append_c(out, '"');
	for (const guchar *p = (const guchar *) (text != NULL ? text : ""); *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_printf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			g_string_append_printf(out, "\\u%04x", *p);
		else
			g_string_append_c(out, (gchar) *p);
	}
	g_string_append_c(out, '"');
}

/*
 * With SORI_TEST_RECORD set to a directory, every exchange is appended to
 * <dir>/<pid>.jsonl (method, path, query, status, content type and encoding,
 * the body in base64), so that tests/web/openapi.test.mjs can check every answer the HTTP
 * tests received against the API's OpenAPI document.
 */
static void
sori_test_record(SoupMessage *msg, SoriTestReply *reply)
{
	const gchar *dir = g_getenv("SORI_TEST_RECORD");
	GUri *uri = soup_message_get_uri(msg);
	g_autoptr(GString) line = NULL;
	g_autofree gchar *name = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *body = NULL;
	FILE *file;

	if (dir == NULL || dir[0] == '\0')
		return;
	line = g_string_new("{\"method\": ");
	sori_test_append_json_string(line, soup_message_get_method(msg));
	g_string_append(line, ", \"path\": ");
	sori_test_append_json_string(line, g_uri_get_path(uri));
	g_string_append(line, ", \"query\": ");
	sori_test_append_json_string(line, g_uri_get_query(uri));
	g_string_append_printf(line, ", \"status\": %u, \"type\": ", reply->status);
	sori_test_append_json_string(line,
				     soup_message_headers_get_one(reply->headers, "Content-Type"));
	g_string_append(line, ", \"encoding\": ");
	sori_test_append_json_string(
		line, soup_message_headers_get_one(reply->headers, "Content-Encoding"));
	if (reply->body != NULL && g_bytes_get_size(reply->body) <= RECORD_MAX_BODY)
		body = g_base64_encode(g_bytes_get_data(reply->body, NULL),
				       g_bytes_get_size(reply->body));
	g_string_append(line, ", \"body64\": ");
	sori_test_append_json_string(line, body);
	g_string_append(line, "}\n");
	name = g_strdup_printf("%d.jsonl", (gint) getpid());
	path = g_build_filename(dir, name, NULL);
	file = fopen(path, "a");
	g_assert_nonnull(file);
	g_assert_cmpuint(fwrite(line->str, 1, line->len, file), ==, line->len);
	g_assert_cmpint(fclose(file), ==, 0);
}

/**
 * sori_test_send:
 * @msg: a request, headers and body set
 *
 * Sends @msg and waits for the whole answer; a transport error fails the test.
 *
 * Returns: (transfer full): the answer
 */
SoriTestReply *
sori_test_send(SoupSession *session, SoupMessage *msg)
{
	/* the thread's own context: a test may send from several threads */
	g_autoptr(GMainLoop) loop = g_main_loop_new(g_main_context_get_thread_default(), FALSE);
	FetchState state = { loop, NULL, NULL, NULL };
	SoriTestReply *reply = g_new0(SoriTestReply, 1);

	soup_session_send_and_read_async(session, msg, G_PRIORITY_DEFAULT, NULL,
					 sori_test_fetch_done_cb, &state);
	g_main_loop_run(loop);
	g_assert_no_error(state.error);
	reply->status = soup_message_get_status(msg);
	reply->headers = soup_message_headers_ref(soup_message_get_response_headers(msg));
	reply->body = state.body;
	sori_test_record(msg, reply);
	return reply;
}

/**
 * sori_test_metric:
 * @port: where sorid's metrics listen, on 127.0.0.1
 * @series: a series' name and labels, as the scrape writes them
 *
 * Returns: @series's value now; a test error when it has none
 */
gdouble
sori_test_metric(SoupSession *session, guint16 port, const gchar *series)
{
	g_autofree gchar *url = g_strdup_printf("http://127.0.0.1:%u/metrics", port);
	g_autoptr(SoupMessage) msg = soup_message_new("GET", url);
	g_autoptr(SoriTestReply) reply = sori_test_send(session, msg);
	g_autofree gchar *text = NULL;
	g_autofree gchar *needle = g_strconcat("\n", series, " ", NULL);
	const gchar *found;

	g_assert_cmpuint(reply->status, ==, 200);
	text = g_strndup(g_bytes_get_data(reply->body, NULL), g_bytes_get_size(reply->body));
	found = strstr(text, needle);
	if (found == NULL)
		g_error("no series %s", series);
	return g_ascii_strtod(found + strlen(needle), NULL);
}
