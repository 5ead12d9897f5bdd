/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What is built per venue (JSON views, pages, their gzip forms), kept in its
 * snapshot once asked for, and bounded across the city: beyond a budget the
 * representations asked for least recently go, to be built again when next
 * asked for. Representations are built, served and let go on the main loop.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <string.h>

#include "sori-venue-store-private.h"

/* one representation kept by sori_venue_snapshot_get_representation(), in
 * the city's order of use */
typedef struct {
	GList link; /* in @views.order; data is the entry */
	SoriVenueSnapshot *owner;
	gchar *key;
	SoriRepresentation *representation;
	gsize size;
} SoriViewEntry;

static struct {
	GRecMutex lock;
	GQueue order;                  /* SoriViewEntry, most recently asked for first */
	GHashTable *by_representation; /* SoriRepresentation → SoriViewEntry, owned */
	gsize bytes;
	gsize budget; /* 0: no bound */
	guint evict_source;
} views;

/* what one representation holds, about: its bodies, ETags and headers */
static gsize
sori_view_entry_measure(SoriRepresentation *representation, const gchar *key)
{
	gsize size = 256 + strlen(key);

	size += representation->body != NULL ? g_bytes_get_size(representation->body) : 0;
	size += representation->body_gzip != NULL ? g_bytes_get_size(representation->body_gzip) : 0;
	size += representation->etag != NULL ? strlen(representation->etag) : 0;
	size += representation->etag_gzip != NULL ? strlen(representation->etag_gzip) : 0;
	return size;
}

/* @entry out of the city's order, and freed; under the lock */
static void
sori_view_entry_forget(SoriViewEntry *entry)
{
	g_queue_unlink(&views.order, &entry->link);
	views.bytes -= MIN(views.bytes, entry->size);
	g_hash_table_remove(views.by_representation, entry->representation);
	g_free(entry->key);
	g_free(entry);
}

/* the snapshot tables' value destructor: a kept representation is counted no more */
static void
sori_view_representation_free(SoriRepresentation *representation)
{
	SoriViewEntry *entry;

	g_rec_mutex_lock(&views.lock);
	entry = views.by_representation != NULL
			? g_hash_table_lookup(views.by_representation, representation)
			: NULL;
	if (entry != NULL)
		sori_view_entry_forget(entry);
	g_rec_mutex_unlock(&views.lock);
	sori_representation_unref(representation);
}

/**
 * sori_venue_snapshot_new_representations:
 *
 * Returns: (transfer full): a snapshot's table of representations (key →
 *	SoriRepresentation), each kept one counted in the city's budget while
 *	it is there
 */
GHashTable *
sori_venue_snapshot_new_representations(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
				     (GDestroyNotify) sori_view_representation_free);
}

static void
sori_views_evict(void)
{
	g_rec_mutex_lock(&views.lock);
	while (views.budget != 0 && views.bytes > views.budget && views.order.tail != NULL) {
		SoriViewEntry *entry = views.order.tail->data;
		GHashTable *table = entry->owner->representations;
		/* out of its venue's table, which forgets it, and lets go of the
		 * representation (a response in flight holds its own reference) */
		if (g_hash_table_lookup(table, entry->key) == entry->representation)
			g_hash_table_remove(table, entry->key);
		else
			sori_view_entry_forget(entry);
	}
	g_rec_mutex_unlock(&views.lock);
}

static gboolean
sori_views_evict_cb(gpointer user_data)
{
	views.evict_source = 0;
	sori_views_evict();
	return G_SOURCE_REMOVE;
}

/* @representation was asked for again: the most recent */
static void
sori_view_touch(SoriRepresentation *representation)
{
	SoriViewEntry *entry;

	g_rec_mutex_lock(&views.lock);
	entry = views.by_representation != NULL
			? g_hash_table_lookup(views.by_representation, representation)
			: NULL;
	if (entry != NULL && views.order.head != &entry->link) {
		g_queue_unlink(&views.order, &entry->link);
		g_queue_push_head_link(&views.order, &entry->link);
	}
	g_rec_mutex_unlock(&views.lock);
}

/**
 * sori_venue_snapshot_peek_representation:
 * @key: names the representation within this snapshot
 *
 * A representation built before, if it is still kept; an idle venue's
 * (sori_venue_store_peek()) is served so without its catalogue read again.
 *
 * Returns: (transfer none) (nullable): the representation, valid until the
 *	main loop runs again
 */
SoriRepresentation *
sori_venue_snapshot_peek_representation(SoriVenueSnapshot *self, const gchar *key)
{
	SoriRepresentation *representation = g_hash_table_lookup(self->representations, key);

	if (representation != NULL)
		sori_view_touch(representation);
	return representation;
}

/**
 * sori_venue_snapshot_get_representation:
 * @key: names the representation within this snapshot
 * @build: makes it, the first time it is asked for
 *
 * Built once, kept and served from memory; across the city, the
 * representations kept are bounded (sori_venue_snapshot_set_views_budget()):
 * those asked for least recently go once the request asking is answered,
 * and are built again if asked for again. A new version of the venue starts
 * a new snapshot and the old one goes with its last request.
 *
 * Returns: (transfer none): the representation, valid until the main loop
 *	runs again (a response takes its own reference)
 */
SoriRepresentation *
sori_venue_snapshot_get_representation(SoriVenueSnapshot *self, const gchar *key,
				       SoriRepresentationBuildFunc build, gpointer user_data)
{
	SoriRepresentation *representation = g_hash_table_lookup(self->representations, key);
	SoriViewEntry *entry;

	if (representation != NULL) {
		sori_view_touch(representation);
		return representation;
	}
	representation = build(self, user_data);
	g_hash_table_insert(self->representations, g_strdup(key), representation);
	entry = g_new0(SoriViewEntry, 1);
	entry->owner = self;
	entry->key = g_strdup(key);
	entry->representation = representation;
	entry->size = sori_view_entry_measure(representation, key);
	entry->link.data = entry;
	g_rec_mutex_lock(&views.lock);
	if (views.by_representation == NULL)
		views.by_representation = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_hash_table_insert(views.by_representation, representation, entry);
	g_queue_push_head_link(&views.order, &entry->link);
	views.bytes += entry->size;
	/* never while the request that asked may still hold one it was given */
	if (views.budget != 0 && views.bytes > views.budget && views.evict_source == 0)
		views.evict_source = g_idle_add(sori_views_evict_cb, NULL);
	g_rec_mutex_unlock(&views.lock);
	return representation;
}

/**
 * sori_venue_snapshot_set_views_budget:
 * @bytes: about how much every venue's representations may hold together;
 *	0: no bound
 */
void
sori_venue_snapshot_set_views_budget(gsize bytes)
{
	g_rec_mutex_lock(&views.lock);
	views.budget = bytes;
	g_rec_mutex_unlock(&views.lock);
	sori_views_evict();
}

/**
 * sori_venue_snapshot_get_views_bytes:
 * @count: (out) (optional): how many representations are kept
 *
 * Returns: about what every venue's representations hold together
 */
gsize
sori_venue_snapshot_get_views_bytes(guint *count)
{
	gsize bytes;

	g_rec_mutex_lock(&views.lock);
	bytes = views.bytes;
	if (count != NULL)
		*count = views.order.length;
	g_rec_mutex_unlock(&views.lock);
	return bytes;
}
