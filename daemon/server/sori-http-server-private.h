/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the server's two front ends share: sori-http-server.c (the listener,
 * libsoup and the dispatch through the route table) and sori-fast-path.c.
 */
#pragma once

#include "sori-http-head.h"
#include "sori-http-server.h"
#include "sori-routes.h"

G_BEGIN_DECLS

typedef struct _SoriFastConn SoriFastConn;

struct _SoriHttpServer {
	GObject parent_instance;
	SoriVenueStore *store;
	SoupServer *soup;
	gpointer services[SORI_ROUTE_SERVICE_LAST]; /* owned; nullable but for VENUES */
	GSocket *listen_socket;
	GSource *accept_source;
	guint16 port;
	guint idle_timeout;
	guint head_timeout;  /* seconds for a complete request head, from its first byte */
	guint send_timeout;  /* seconds a client may accept nothing of an answer */
	guint body_min_rate; /* bytes a second a request body must keep up */
	guint max_connections;
	GHashTable *soup_conns; /* GSocket → SoriSoupConn, connections handed to libsoup */
	gboolean fast_path;
	guint n_connections;    /* fast-path ones and those handed to libsoup */
	GHashTable *fast_conns; /* SoriFastConn set */
	guint sweep_id;
	gchar head_buf[SORI_HTTP_HEAD_MAX + 1];
	/* the Date header, formatted once a second */
	gint64 date_second;
	gchar date_line[64];
	/* shutting down */
	GTask *shutdown_task;
	guint shutdown_timeout_id;
	guint n_soup_in_flight;
	guint n_delayed;   /* refusals held back, each holding its connection */
	guint n_lingering; /* refusals answered, reading what the client still sends */
	guint metrics_collector;
};

/* a libsoup request, for the metrics: when its head came, its route */
typedef struct {
	gint64 started; /* monotonic µs */
	guint route;    /* sori_routes_get_index(); G_MAXUINT for none */
	gboolean counted;
} SoriHttpServerTiming;

void sori_http_server_watch_paused(const SoriRoute *route, SoupServerMessage *msg);
gboolean sori_http_server_wait_venue(SoriHttpServer *self, SoupServerMessage *msg,
				     const gchar *venue, guint rounds);
gboolean sori_http_server_dispatch(SoriHttpServer *self, SoriHttpRequest *request,
				   const SoriRoute *route, SoriRouteMatch *match,
				   SoriHttpResponse *response);
const SoriRoute *sori_http_server_find_route(SoriHttpServer *self, const gchar *path,
					     SoriRouteMatch *match);
void sori_http_server_delay(SoupServerMessage *msg, SoriHttpResponse *response, guint delay_ms);
void sori_http_server_hand_to_soup(SoriHttpServer *self, GSocket *socket);
SoriHttpServerTiming *sori_http_server_timing_get(SoupServerMessage *msg);
void sori_http_server_count(SoupServerMessage *msg, guint status);
gboolean sori_http_server_answer_late(SoupServerMessage *msg, SoriProblem problem,
				      const gchar *detail);

/* libsoup's connections, guarded (sori-http-server-soup.c) */
gboolean sori_http_server_make_room(SoriHttpServer *self);
void sori_http_server_forget_soup_conns(SoriHttpServer *self);
void sori_http_server_watch_body(SoriHttpServer *self, SoupServerMessage *msg);
void sori_http_server_refuse_unread(SoriHttpServer *self, SoupServerMessage *msg,
				    const SoriHttpResponse *response, guint delay_ms);
void sori_http_server_check_shutdown(SoriHttpServer *self);

SoriFastConn *sori_fast_conn_new(SoriHttpServer *self, GSocket *socket);
void sori_fast_conn_free(SoriFastConn *conn);
void sori_fast_conn_close(SoriFastConn *conn);
gboolean sori_fast_conn_is_expired(SoriFastConn *conn, gint64 now, guint *deadline);
gint64 sori_fast_conn_waiting_since(SoriFastConn *conn, gboolean *partial);
gboolean sori_fast_conn_close_when_sent(SoriFastConn *conn);
gint64 sori_fast_conn_now(void);

G_END_DECLS
