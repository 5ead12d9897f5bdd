/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-catalogue.h"

G_BEGIN_DECLS

/*
 * The public read API's documents, built from a catalogue in one language.
 * Every text is written {"text": …, "lang": …} so a client knows when it got
 * a fallback.
 */
JsonNode *sori_view_venue_summary(SoriCatalogue *catalogue, const gchar *lang);
JsonNode *sori_view_venue(SoriCatalogue *catalogue, const gchar *lang);
JsonNode *sori_view_exhibit_list(SoriCatalogue *catalogue, const gchar *lang, SoriGallery *gallery);
JsonNode *sori_view_exhibit(SoriCatalogue *catalogue, SoriExhibit *exhibit, const gchar *lang);
JsonNode *sori_view_code(SoriCatalogue *catalogue, const gchar *code, const SoriTarget *target,
			 const gchar *lang);
JsonNode *sori_view_export(SoriCatalogue *catalogue);
/* the printed codes, their names flat ("name", "lang"): sori-markers.c */
JsonNode *sori_view_markers(SoriCatalogue *catalogue, const gchar *lang);

G_END_DECLS
