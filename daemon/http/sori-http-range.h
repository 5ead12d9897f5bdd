/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	SORI_HTTP_RANGE_NONE,          /* no range, or one to ignore: the whole file */
	SORI_HTTP_RANGE_SATISFIABLE,   /* one range within the file: 206 */
	SORI_HTTP_RANGE_UNSATISFIABLE, /* one range outside it: 416 */
} SoriHttpRange;

SoriHttpRange sori_http_range_parse(const gchar *header, gsize size, gsize *start, gsize *end);

G_END_DECLS
