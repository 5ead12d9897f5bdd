/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Waiting for libsoup requests in the HTTP tests.
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* one request in flight; with @pending, the loop quits when the last of
 * several has finished */
typedef struct {
	GMainLoop *loop;
	GBytes *body;
	GError *error;
	guint *pending;
} FetchState;

void sori_test_fetch_done_cb(GObject *source, GAsyncResult *result, gpointer user_data);

G_END_DECLS
