/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-catalogue.h"

G_BEGIN_DECLS

JsonNode *sori_csv_import(const gchar *data, gsize len, JsonNode *base, GPtrArray **problems);
gchar *sori_csv_describe_pointer(const gchar *pointer);
gchar *sori_csv_export(SoriCatalogue *catalogue);

G_END_DECLS
