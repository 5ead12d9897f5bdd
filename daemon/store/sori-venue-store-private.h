/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The venue store's insides, shared with its reloads (sori-venue-store-reload.c).
 */
#pragma once

#include "sori-venue-store.h"

G_BEGIN_DECLS

/* what identifies a file's content without reading it */
typedef struct {
	gint64 mtime_ns;
	gint64 ctime_ns;
	guint64 size;
	guint64 inode;
} SoriFileStamp;

gboolean sori_file_stamp_read(const gchar *path, SoriFileStamp *stamp);

/* the venue list is cached per combination of languages asked for */
#define LIST_CACHE_MAX 256

struct _SoriVenueStore {
	GObject parent_instance;
	gchar *data_dir;
	GHashTable *venues;          /* id → SoriVenueSnapshot */
	GPtrArray *ordered;          /* SoriVenueSnapshot, by id */
	GPtrArray *failed;           /* gchar* ids of venues that did not load */
	GPtrArray *failure_messages; /* gchar*, what went wrong, for the log */
	gchar *registry_problem;     /* nullable: why the beacon registry was skipped */
	GHashTable *list_cache;
	SoriEidResolver *resolver;   /* nullable */
	SoriUsage *usage;            /* nullable: usage counting switched off */
	SoriStorePostgres *database; /* nullable: the venues come from the data directory */
	/* the files store's reloads (sori-venue-store-reload.c) */
	GHashTable *stamps;  /* id → SoriFileStamp: each file as it was when last read */
	GHashTable *loading; /* ids read for the first time: not served yet, not failed */
	GPtrArray *waiting;  /* GTask: reloads asked for while one runs */
	gboolean reloading;
	gboolean ready; /* the first reload is done */
	guint64 generation; /* counts the swaps: what is served has changed */
};

SoriVenueSnapshot *sori_venue_snapshot_new(SoriCatalogue *catalogue, gint64 modified);
void sori_venue_store_swap(SoriVenueStore *self, const gchar *id, SoriVenueSnapshot *snapshot);
void sori_venue_store_mark_counting_one(SoriVenueStore *self, SoriCatalogue *catalogue);

G_END_DECLS
