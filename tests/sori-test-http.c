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
