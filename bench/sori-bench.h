/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gdouble sori_bench_percentile(gdouble *values, guint n, guint p);

G_END_DECLS
