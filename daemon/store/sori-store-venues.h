/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-store.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

#define SORI_TYPE_STORE_VENUES (sori_store_venues_get_type())
G_DECLARE_FINAL_TYPE(SoriStoreVenues, sori_store_venues, SORI, STORE_VENUES, GObject)

/* @error: (nullable): why the venues could not be read again */
typedef void (*SoriStoreVenuesFunc)(SoriStoreVenues *self, const GError *error, gpointer user_data);

SoriStoreVenues *sori_store_venues_new(SoriStore *store, SoriVenueStore *venues, GError **error);
gboolean sori_store_venues_start(SoriStoreVenues *self, SoriStoreVenuesFunc ready,
				 gpointer user_data, GError **error);
gboolean sori_store_venues_reload(SoriStoreVenues *self, SoriStoreVenuesFunc done,
				  gpointer user_data);
const gchar *sori_store_venues_get_source(SoriStoreVenues *self);

G_END_DECLS
