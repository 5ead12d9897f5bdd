/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-metrics-registry.h"

G_BEGIN_DECLS

/* sorid's metrics; README.md's "Metrics" lists each with its labels */
typedef enum {
	SORI_METRIC_HTTP_CONNECTIONS_OPEN,     /* gauge, set by the server's collector */
	SORI_METRIC_HTTP_CONNECTIONS_ACCEPTED, /* no label */
	SORI_METRIC_HTTP_CONNECTIONS_REFUSED,  /* no label: at the cap, none could go */
	SORI_METRIC_HTTP_CONNECTIONS_CLOSED,   /* SoriMetricsClose */
	SORI_METRIC_HTTP_BODIES_REFUSED,       /* SoriMetricsBodyRefusal */
	SORI_METRIC_HTTP_LATE_ANSWERS,         /* no label: a paused handler past its deadline */
	SORI_METRIC_HTTP_MEDIA_BYTES,          /* SoriMetricsMediaPart */
	SORI_METRIC_SPEECH_QUEUE,              /* gauge, SoriMetricsSpeechLane */
	SORI_METRIC_SPEECH_RENDERS,            /* SoriMetricsResult */
	SORI_METRIC_SPEECH_REFUSALS,           /* SoriMetricsSpeechLane */
	SORI_METRIC_SPEECH_CACHE,              /* SoriMetricsCache */
	SORI_METRIC_SPEECH_WORKER_RESTARTS,    /* no label, set by the pool's collector */
	SORI_METRIC_VENUES,                    /* gauge, SoriMetricsVenueState */
	SORI_METRIC_VENUES_WHOLE,              /* gauge, no label */
	SORI_METRIC_VENUES_WHOLE_BYTES,        /* gauge, no label */
	SORI_METRIC_PUBLISHES,                 /* SoriMetricsPublish */
	SORI_METRIC_DATABASE_STATE,            /* gauge, SoriMetricsDatabaseState, one is 1 */
	SORI_METRIC_DATABASE_NOTIFICATIONS,    /* SoriMetricsChannel */
	SORI_METRIC_DATABASE_LOST,             /* no label */
	SORI_METRIC_USAGE_BATCHES,             /* SoriMetricsUsageBatch */
	SORI_METRIC_USAGE_EVENTS,              /* no label */
	SORI_METRIC_PROCESS_RESIDENT_MEMORY,   /* gauge, from /proc/self */
	SORI_METRIC_PROCESS_VIRTUAL_MEMORY,
	SORI_METRIC_PROCESS_OPEN_FDS,
	SORI_METRIC_PROCESS_MAX_FDS,
	SORI_METRIC_PROCESS_CPU,
	SORI_METRIC_PROCESS_START_TIME,
	SORI_METRIC_BUILD_INFO,
	SORI_METRIC_LAST
} SoriMetric;

typedef enum {
	SORI_METRICS_CLOSE_HEAD_TIMEOUT,  /* a request head not complete in head-timeout */
	SORI_METRICS_CLOSE_IDLE_TIMEOUT,  /* nothing asked for idle-timeout */
	SORI_METRICS_CLOSE_SEND_TIMEOUT,  /* nothing of an answer taken for send-timeout */
	SORI_METRICS_CLOSE_BODY_MIN_RATE, /* a body slower than body-min-rate */
	SORI_METRICS_CLOSE_MAKING_ROOM,   /* closed at the cap for a new connection */
	SORI_METRICS_CLOSE_LAST
} SoriMetricsClose;

typedef enum {
	SORI_METRICS_BODY_TOO_LARGE, /* over the route's limit, or no Content-Length */
	SORI_METRICS_BODY_NO_TOKEN,  /* no valid token for a route that needs one */
	SORI_METRICS_BODY_UPLOAD,    /* an upload that could not begin */
	SORI_METRICS_BODY_LAST
} SoriMetricsBodyRefusal;

typedef enum {
	SORI_METRICS_MEDIA_WHOLE,
	SORI_METRICS_MEDIA_RANGE,
	SORI_METRICS_MEDIA_LAST
} SoriMetricsMediaPart;

typedef enum {
	SORI_METRICS_RESULT_OK,
	SORI_METRICS_RESULT_FAILED,
	SORI_METRICS_RESULT_LAST
} SoriMetricsResult;

typedef enum {
	SORI_METRICS_PUBLISH_LIVE,    /* published, rolled back: live */
	SORI_METRICS_PUBLISH_INVALID, /* the catalogue did not pass the checks */
	SORI_METRICS_PUBLISH_FAILED,  /* the store could not keep it */
	SORI_METRICS_PUBLISH_LAST
} SoriMetricsPublish;

typedef enum {
	SORI_METRICS_SPEECH_USUAL,      /* what the visitors' app asks for */
	SORI_METRICS_SPEECH_VARIANT,    /* another rate, pitch or format */
	SORI_METRICS_SPEECH_BACKGROUND, /* a publish's pre-rendering: no visitor waits */
	SORI_METRICS_SPEECH_LAST
} SoriMetricsSpeechLane;

typedef enum {
	SORI_METRICS_CACHE_HIT,
	SORI_METRICS_CACHE_MISS,
	SORI_METRICS_CACHE_LAST
} SoriMetricsCache;

typedef enum {
	SORI_METRICS_VENUES_LOADED,
	SORI_METRICS_VENUES_FAILED,
	SORI_METRICS_VENUES_LOADING,
	SORI_METRICS_VENUES_LAST
} SoriMetricsVenueState;

typedef enum {
	SORI_METRICS_DATABASE_NONE,       /* store=files: no database */
	SORI_METRICS_DATABASE_CONNECTING, /* connecting, or waiting to try again */
	SORI_METRICS_DATABASE_UP,         /* listening to the other nodes' changes */
	SORI_METRICS_DATABASE_LAST
} SoriMetricsDatabaseState;

typedef enum {
	SORI_METRICS_CHANNEL_LIVE,   /* sori_live: a venue changed */
	SORI_METRICS_CHANNEL_TOKENS, /* sori_tokens: the curators' tokens changed */
	SORI_METRICS_CHANNEL_LAST
} SoriMetricsChannel;

typedef enum {
	SORI_METRICS_USAGE_ACCEPTED,
	SORI_METRICS_USAGE_REFUSED,
	SORI_METRICS_USAGE_LAST
} SoriMetricsUsageBatch;

SoriMetricsRegistry *sori_metrics_get_registry(void);
void sori_metrics_add(SoriMetric metric, guint label, gint64 n);
void sori_metrics_set(SoriMetric metric, guint label, gint64 value);
gint64 sori_metrics_get(SoriMetric metric, guint label);
void sori_metrics_set_database_state(SoriMetricsDatabaseState state);
void sori_metrics_count_media(gsize bytes, gboolean range);

void sori_metrics_declare_routes(const gchar *const *names, guint n_names);
void sori_metrics_count_request(guint route, guint status, gint64 started_us);

guint sori_metrics_add_collector(SoriMetricsCollectFunc func, gpointer user_data);
void sori_metrics_remove_collector(guint id);
gchar *sori_metrics_write(void);

G_END_DECLS
