/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The curators' API's HTTP tests' fixture and helpers (sori-test-admin.c).
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
	SoriAdmin *admin; /* the server's */
	SoupSession *session;
	gchar *base;
	gchar *token;     /* for haneul-wetland */
	gchar *all_token; /* for every venue */
	gchar *park_json; /* the park's catalogue as it starts */
} SoriTestAdmin;

#define SORI_TEST_ADMIN_CATALOGUE "/v1/admin/venues/haneul-wetland/catalogue"

void sori_test_admin_setup(SoriTestAdmin *f, gconstpointer user_data);
void sori_test_admin_teardown(SoriTestAdmin *f, gconstpointer user_data);
SoupMessage *sori_test_admin_message(SoriTestAdmin *f, const gchar *method, const gchar *path,
				     const gchar *token, const gchar *content_type,
				     const gchar *body);
SoriTestReply *sori_test_admin_call(SoriTestAdmin *f, const gchar *method, const gchar *path,
				    const gchar *token, const gchar *content_type,
				    const gchar *body);
JsonObject *sori_test_admin_json(SoriTestReply *reply, JsonParser *parser);
gchar *sori_test_admin_otter_title(SoriTestAdmin *f);
gchar *sori_test_admin_park_with_title(SoriTestAdmin *f, const gchar *title);
void sori_test_admin_assert_problem(SoriTestReply *reply, SoriProblem problem);
void sori_test_admin_add(const gchar *path, void (*func)(SoriTestAdmin *, gconstpointer));

G_END_DECLS
