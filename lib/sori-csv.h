/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-catalogue.h"

G_BEGIN_DECLS

JsonNode *sori_csv_import(const gchar *data, gsize len, JsonNode *base, GPtrArray **problems);
gchar *sori_csv_describe_pointer(const gchar *pointer);
typedef enum {
	SORI_CSV_EXPORT_NONE = 0,
	/* each exhibit's licence, its own or the venue's, as open data states it */
	SORI_CSV_EXPORT_EFFECTIVE_LICENCE = 1 << 0,
} SoriCsvExportFlags;

gchar *sori_csv_export(SoriCatalogue *catalogue);
gchar *sori_csv_export_full(SoriCatalogue *catalogue, SoriCsvExportFlags flags);
gchar *sori_csv_export_access(SoriCatalogue *catalogue);

G_END_DECLS
