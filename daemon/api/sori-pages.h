/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-route.h"

G_BEGIN_DECLS

/* what a page's query may hold: the language, a version, a typed number,
 * and a few of whatever a poster or a link preview adds */
#define SORI_PAGES_QUERY_MAX_LEN 512

gboolean sori_pages_handle(gpointer store, const SoriHttpRequest *request,
			   const SoriRouteMatch *match, SoriHttpResponse *response);
gchar *sori_pages_language_name(const gchar *code);

G_END_DECLS
