/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-http-message.h"

G_BEGIN_DECLS

/* a head larger than this, or with more headers, is libsoup's to read */
#define SORI_HTTP_HEAD_MAX    8192
#define SORI_HTTP_HEADERS_MAX 48

const gchar *sori_http_head_find_end(const gchar *buf, gsize len);
gboolean sori_http_head_parse(gchar *buf, gsize len, SoriHttpRequest *request, gsize *head_len);

G_END_DECLS
