/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sori-test-http.h"

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
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	FetchState state = { loop, NULL, NULL, NULL };
	SoriTestReply *reply = g_new0(SoriTestReply, 1);

	soup_session_send_and_read_async(session, msg, G_PRIORITY_DEFAULT, NULL,
					 sori_test_fetch_done_cb, &state);
	g_main_loop_run(loop);
	g_assert_no_error(state.error);
	reply->status = soup_message_get_status(msg);
	reply->headers = soup_message_headers_ref(soup_message_get_response_headers(msg));
	reply->body = state.body;
	return reply;
}
