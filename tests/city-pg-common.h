/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "sori-test-http.h"
#include "sori-test-postgres.h"
#include "sori-test-util.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGconn, PQfinish)

#define CITY_VENUES   150
#define CITY_EXHIBITS 200

typedef struct {
	gchar *dir;
	SoriTestPostgres pg; /* its conninfo, and sorid's store= setting */
	gchar *token;
	GSubprocess *nodes[2];
	guint16 ports[2];
	gchar *logs[2];
	SoupSession *session;
} City;

/* a reader of one venue on node 1, while another is published on node 0 */
typedef struct {
	City *c;
	gint stop;
	guint reads;
	guint bad;
	gint64 slowest_us;
} Reader;

void run_sorictl(const gchar *const *args);
void city_setup(City *c, gconstpointer user_data);
void city_teardown(City *c, gconstpointer user_data);
void node_start_with(City *c, guint i, const gchar *settings);
void node_start(City *c, guint i);
SoriTestReply *call(City *c, SoupSession *session, guint node, const gchar *method,
		    const gchar *path, const gchar *body);
JsonObject *reply_object(SoriTestReply *reply, JsonParser *parser);
gchar *health(City *c, guint i, gchar **loading);
void wait_loaded(City *c, guint i);
guint log_count(City *c, guint i, const gchar *needle);
gint64 wait_for(City *c, guint i, const gchar *path, const gchar *needle, gint64 within_us);
const gchar *problem_type(SoriTestReply *reply, JsonParser *parser);
gint query_int(PGconn *conn, const gchar *sql);
void exec_ok(PGconn *conn, const gchar *sql);
gpointer reader_thread(gpointer user_data);
gchar *venue_document(City *c, const gchar *venue);
gchar *renamed(const gchar *document, guint n, const gchar *name);
gint64 publish_and_wait(City *c, const gchar *document, const gchar *venue, guint n,
			const gchar *name, gint64 within_us);

G_END_DECLS
