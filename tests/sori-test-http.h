/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Sending libsoup requests in the HTTP tests, and waiting for them.
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

/* an answer, as the tests look at it */
typedef struct {
	guint status;
	SoupMessageHeaders *headers;
	GBytes *body;
} SoriTestReply;

void sori_test_reply_free(SoriTestReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriTestReply, sori_test_reply_free)

SoriTestReply *sori_test_send(SoupSession *session, SoupMessage *msg);
gdouble sori_test_metric(SoupSession *session, guint16 port, const gchar *series);

G_END_DECLS
