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

/* the venues' summaries kept on disk (sori-venue-store-cache.c) */
SoriCatalogue *sori_venue_cache_read(const gchar *data_dir, const gchar *stem,
				     const SoriFileStamp *stamp);
void sori_venue_cache_write(const gchar *data_dir, const gchar *stem, const SoriFileStamp *stamp,
			    SoriCatalogue *catalogue);
void sori_venue_cache_forget(const gchar *data_dir, const gchar *stem);

/* a reload's pass over the data directory (sori-venue-store-reload.c) */
typedef struct _SoriVenuePass SoriVenuePass;
void sori_venue_pass_hurry(SoriVenuePass *pass, const gchar *id);

/* an idle venue whose read from the database failed is not read again for this long */
#define SORI_VENUE_UNREAD_RETRY_US (2 * G_USEC_PER_SEC)

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
	SoriVenuePass *pass; /* nullable: the pass running, while @reloading */
	gboolean ready;      /* the first reload is done */
	guint64 generation;  /* counts the swaps: what is served has changed */
	/* whole catalogues, the others idle (sori-venue-store-memory.c) */
	GQueue parsed;       /* SoriVenueSnapshot, borrowed, most recently asked for first */
	gsize parsed_bytes;  /* what their trees cost, about */
	gsize memory_budget; /* the most they may cost; 0: no bound */
	guint evict_source;
	/* idle venues read again off the main loop (sori-venue-store-wait.c) */
	GThreadPool *readers; /* nullable until the first read */
	GHashTable *reads;    /* id → SoriVenueRead, borrowed: queued or parsing */
	gchar *waiting_for;   /* nullable: the idle venue the request handled waits for */
	GHashTable *unread;   /* id → gint64*: until when a read that failed is not tried
				 again (the database away): its requests are told at once */
	guint read_delay_ms;  /* the tests' slowed parse */
};

SoriVenueSnapshot *sori_venue_snapshot_new(SoriCatalogue *catalogue, gint64 modified);
GHashTable *sori_venue_snapshot_new_representations(void);
void sori_venue_store_swap(SoriVenueStore *self, const gchar *id, SoriVenueSnapshot *snapshot);
void sori_venue_store_mark_counting_one(SoriVenueStore *self, SoriCatalogue *catalogue);
void sori_venue_store_memory_add(SoriVenueStore *self, SoriVenueSnapshot *snapshot);
void sori_venue_store_memory_forget(SoriVenueStore *self, SoriVenueSnapshot *snapshot);
SoriVenueSnapshot *sori_venue_store_memory_touch(SoriVenueStore *self, SoriVenueSnapshot *snapshot);
void sori_venue_store_memory_evict(SoriVenueStore *self, SoriVenueSnapshot *keep);
void sori_venue_store_memory_clear(SoriVenueStore *self);
gboolean sori_venue_store_memory_may_idle(SoriVenueStore *self);
gchar *sori_venue_store_memory_path(SoriVenueStore *self, const gchar *id);
SoriCatalogue *sori_venue_store_memory_parse(SoriVenueStore *self, const gchar *id,
					     const gchar *digest, const gchar *path,
					     GPtrArray *messages, gboolean *gone);
SoriVenueSnapshot *sori_venue_store_memory_whole(SoriVenueStore *self, SoriVenueSnapshot *snapshot,
						 SoriCatalogue *whole, const gchar *path,
						 GPtrArray *messages, gboolean gone);
void sori_venue_store_memory_schedule_evict(SoriVenueStore *self);

G_END_DECLS
