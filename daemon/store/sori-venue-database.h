/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-store-postgres.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

#define SORI_TYPE_VENUE_DATABASE (sori_venue_database_get_type())
G_DECLARE_FINAL_TYPE(SoriVenueDatabase, sori_venue_database, SORI, VENUE_DATABASE, GObject)

SoriVenueDatabase *sori_venue_database_new(SoriVenueStore *store, SoriStorePostgres *database);
gboolean sori_venue_database_start(SoriVenueDatabase *self, GError **error);
void sori_venue_database_reload(SoriVenueDatabase *self, const gchar *venue);
gboolean sori_venue_database_is_ready(SoriVenueDatabase *self);
guint64 sori_venue_database_get_reloads(SoriVenueDatabase *self);

G_END_DECLS
