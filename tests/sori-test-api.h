/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The public API's HTTP tests' fixture and helpers (sori-test-api.c).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sori-http-server.h"
#include "sori-problem.h"
#include "sori-test-http.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

typedef struct {
	gchar *data_dir;
	SoriVenueStore *store;
	SoriHttpServer *server;
	SoupSession *session;
	gchar *base;
} SoriTestApi;

/* the lobby's EID beacon, in the private registry */
extern const guint8 sori_test_api_lobby_key[16];
extern const gint64 sori_test_api_lobby_offset;

void sori_test_api_setup(SoriTestApi *f, gconstpointer user_data);
void sori_test_api_teardown(SoriTestApi *f, gconstpointer user_data);
SoriTestReply *sori_test_api_fetch_full(SoriTestApi *f, const gchar *method, const gchar *path,
					const gchar *const *headers);
SoriTestReply *sori_test_api_fetch(SoriTestApi *f, const gchar *path, ...) G_GNUC_NULL_TERMINATED;
SoriTestReply *sori_test_api_post(SoriTestApi *f, const gchar *path, const gchar *content_type,
				  const gchar *body);
JsonObject *sori_test_api_json(SoriTestReply *reply, JsonParser *parser);
const gchar *sori_test_api_header(SoriTestReply *reply, const gchar *name);
const gchar *sori_test_api_text_of(JsonObject *obj, const gchar *member, const gchar **lang);
void sori_test_api_assert_problem(SoriTestReply *reply, SoriProblem problem, const gchar *path);
void sori_test_api_add(const gchar *prefix, const gchar *name,
		       void (*func)(SoriTestApi *, gconstpointer));

G_END_DECLS
