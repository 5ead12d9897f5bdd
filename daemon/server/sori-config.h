/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* sorid's settings: defaults, then the key file, then the command line */
typedef struct {
	gchar *data_dir;
	gchar *beacon_registry; /* nullable */
	gchar *cache_dir;       /* nullable: no speech without a cache */
	gchar *speech_worker;
	guint cache_max_mb;
	guint venues_memory_mb; /* the venues' whole catalogues; 0: no bound */
	guint views_memory_mb;  /* what is built from them; 0: no bound */
	guint speech_workers;
	guint speech_timeout;
	guint revisions_kept;
	gchar *address;
	guint port;
	guint idle_timeout;
	guint head_timeout;
	guint send_timeout;
	guint body_min_rate;
	guint max_connections;
	guint shutdown_timeout;
	gboolean fast_path;
	gboolean trust_proxy;
	gboolean fleet_monitor;
	guint fleet_missing_after;
	guint fleet_low_battery_mv;
	gdouble usage_epsilon;
	gchar *store;             /* nullable: the files of data-dir; "postgresql:CONNINFO" */
	gchar *metrics_address;   /* nullable: no metrics; else "HOST:PORT" or "PORT" */
	gchar **fetch_media_from; /* nullable: host:port fetched from though not global */
	gchar *fetch_media_ca;    /* nullable: PEM CAs trusted for those hosts alone */
} SoriConfig;

SoriConfig *sori_config_new(void);
void sori_config_free(SoriConfig *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriConfig, sori_config_free)

gboolean sori_config_load_file(SoriConfig *self, const gchar *path, GError **error);

G_END_DECLS
