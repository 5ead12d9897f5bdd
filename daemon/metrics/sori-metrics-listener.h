/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* scrapes answered at once; more connections are closed on arrival */
#define SORI_METRICS_LISTENER_MAX_CONNECTIONS 16
/* seconds a scrape's connection may stay open, whatever the client does */
#define SORI_METRICS_LISTENER_DEADLINE_S 10

typedef struct _SoriMetricsListener SoriMetricsListener;

gboolean sori_metrics_parse_address(const gchar *text, gchar **host, guint16 *port, GError **error);

SoriMetricsListener *sori_metrics_listener_new(void);
void sori_metrics_listener_free(SoriMetricsListener *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriMetricsListener, sori_metrics_listener_free)
gboolean sori_metrics_listener_listen(SoriMetricsListener *self, const gchar *host, guint16 port,
				      GError **error);
guint16 sori_metrics_listener_get_port(SoriMetricsListener *self);

G_END_DECLS
