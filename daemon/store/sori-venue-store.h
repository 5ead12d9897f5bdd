/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-catalogue.h"
#include "sori-eid-resolver.h"
#include "sori-representation.h"
#include "sori-store-postgres.h"
#include "sori-usage.h"

G_BEGIN_DECLS

/*
 * One version of one venue: its catalogue and every representation of it
 * served so far. A request holds a ref, so a reload never changes what a
 * request in flight sees.
 *
 * The catalogue is whole in a snapshot sori_venue_store_lookup() gives; one
 * of sori_venue_store_get_snapshots() may be a summary (an idle venue's,
 * sori_catalogue_is_summary()): its id, languages, licence, venue part,
 * beacons and whether it has a map, not its exhibits.
 */
typedef struct {
	SoriCatalogue *catalogue;
	gint64 modified;             /* when it went live, seconds since 1970 */
	GHashTable *representations; /* gchar* key → SoriRepresentation */
	/*< private >*/
	gint ref_count;
	GList *parsed_link; /* its place among the whole catalogues, most recently asked first */
} SoriVenueSnapshot;

SoriVenueSnapshot *sori_venue_snapshot_ref(SoriVenueSnapshot *self);
void sori_venue_snapshot_unref(SoriVenueSnapshot *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriVenueSnapshot, sori_venue_snapshot_unref)

typedef SoriRepresentation *(*SoriRepresentationBuildFunc)(SoriVenueSnapshot *snapshot,
							   gpointer user_data);
SoriRepresentation *sori_venue_snapshot_get_representation(SoriVenueSnapshot *self,
							   const gchar *key,
							   SoriRepresentationBuildFunc build,
							   gpointer user_data);
SoriRepresentation *sori_venue_snapshot_peek_representation(SoriVenueSnapshot *self,
							    const gchar *key);
void sori_venue_snapshot_set_views_budget(gsize bytes);
gsize sori_venue_snapshot_get_views_bytes(guint *count);

#define SORI_TYPE_VENUE_STORE (sori_venue_store_get_type())
G_DECLARE_FINAL_TYPE(SoriVenueStore, sori_venue_store, SORI, VENUE_STORE, GObject)

SoriVenueStore *sori_venue_store_new(const gchar *data_dir);
gboolean sori_venue_store_load(SoriVenueStore *self, GError **error);
void sori_venue_store_put(SoriVenueStore *self, SoriCatalogue *catalogue, gint64 modified);
void sori_venue_store_remove(SoriVenueStore *self, const gchar *id);
void sori_venue_store_reload_async(SoriVenueStore *self, GCancellable *cancellable,
				   GAsyncReadyCallback callback, gpointer user_data);
gboolean sori_venue_store_reload_finish(SoriVenueStore *self, GAsyncResult *result, GError **error);
gboolean sori_venue_store_is_loading(SoriVenueStore *self, const gchar *id);
GPtrArray *sori_venue_store_get_loading_ids(SoriVenueStore *self);
SoriVenueSnapshot *sori_venue_store_lookup(SoriVenueStore *self, const gchar *id);
SoriCatalogue *sori_venue_store_read_catalogue(SoriVenueStore *self, const gchar *id,
					       const gchar *digest);
SoriVenueSnapshot *sori_venue_store_peek(SoriVenueStore *self, const gchar *id);
SoriVenueSnapshot *sori_venue_store_lookup_nowait(SoriVenueStore *self, const gchar *id,
						  gboolean *reading);
gchar *sori_venue_store_steal_waiting(SoriVenueStore *self);
typedef void (*SoriVenueStoreWaitFunc)(gpointer user_data);
gboolean sori_venue_store_wait(SoriVenueStore *self, const gchar *id, SoriVenueStoreWaitFunc func,
			       gpointer user_data, GDestroyNotify notify);
guint sori_venue_store_get_reads(SoriVenueStore *self);
gboolean sori_venue_store_is_failed(SoriVenueStore *self, const gchar *id);
GPtrArray *sori_venue_store_get_snapshots(SoriVenueStore *self);
guint64 sori_venue_store_get_generation(SoriVenueStore *self);
GPtrArray *sori_venue_store_get_failed_ids(SoriVenueStore *self);
void sori_venue_store_set_registry_problem(SoriVenueStore *self, const gchar *problem);
const gchar *sori_venue_store_get_registry_problem(SoriVenueStore *self);
GPtrArray *sori_venue_store_get_failure_messages(SoriVenueStore *self);
void sori_venue_store_set_eid_resolver(SoriVenueStore *self, SoriEidResolver *resolver);
void sori_venue_store_set_usage(SoriVenueStore *self, SoriUsage *usage);
void sori_venue_store_set_database(SoriVenueStore *self, SoriStorePostgres *database);
SoriStore *sori_venue_store_get_database(SoriVenueStore *self);
SoriUsage *sori_venue_store_get_usage(SoriVenueStore *self);
SoriEidResolver *sori_venue_store_get_eid_resolver(SoriVenueStore *self);
GHashTable *sori_venue_store_get_list_cache(SoriVenueStore *self);
void sori_venue_store_set_memory_budget(SoriVenueStore *self, gsize bytes);
gsize sori_venue_store_get_parsed_bytes(SoriVenueStore *self, guint *parsed);

G_END_DECLS
