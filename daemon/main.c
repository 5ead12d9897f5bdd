/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorid: serves a city's venues — their exhibits, access information and
 * guides — to visitors' phones.
 */

#define G_LOG_DOMAIN "sorid"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>

#include "sori-config.h"
#include "sori-http-server.h"
#include "sori-log.h"
#include "sori-media-cache.h"
#include "sori-metrics-listener.h"
#include "sori-notify.h"
#include "sori-speech-pool.h"
#include "sori-speech-service.h"
#include "sori-store-files.h"
#include "sori-store-open.h"
#include "sori-store-venues.h"
#include "sori-venue-store.h"

typedef struct {
	GMainLoop *loop;
	SoriConfig *config;
	SoriVenueStore *store;
	SoriStoreVenues *venues; /* keeps the venues current, from files or the database */
	SoriHttpServer *server;
	gboolean stopping;
	gboolean announced;    /* "listening on" printed */
	guint announce_source; /* prints it if the venues take long to load */
	SoriNotify *notify;    /* systemd's Type=notify and watchdog */
} Daemon;

/* the day's usage counts, written every minute, so a crash loses at most that */
#define SORID_USAGE_FLUSH_S 60

static void
sorid_flush_usage(SoriVenueStore *store)
{
	g_autoptr(GError) error = NULL;
	SoriUsage *usage = sori_venue_store_get_usage(store);
	if (usage != NULL && !sori_usage_flush(usage, &error))
		g_warning("usage counts: %s", error->message);
}

static gboolean
sorid_flush_usage_cb(gpointer user_data)
{
	Daemon *daemon = user_data;
	sorid_flush_usage(daemon->store);
	return G_SOURCE_CONTINUE;
}

static void
sorid_shutdown_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Daemon *daemon = user_data;
	g_autoptr(GError) error = NULL;
	if (!sori_http_server_shutdown_finish(SORI_HTTP_SERVER(source), result, &error))
		g_warning("shutting down: %s", error->message);
	g_main_loop_quit(daemon->loop);
}

static gboolean
sorid_terminate_cb(gpointer user_data)
{
	Daemon *daemon = user_data;
	if (daemon->stopping)
		return G_SOURCE_CONTINUE;
	daemon->stopping = TRUE;
	g_message("stopping: no new connections; finishing requests in flight");
	sori_notify_send(daemon->notify,
			 "STOPPING=1\nSTATUS=stopping: finishing requests in flight");
	sori_http_server_shutdown_async(daemon->server, daemon->config->shutdown_timeout, NULL,
					sorid_shutdown_done_cb, daemon);
	return G_SOURCE_CONTINUE;
}

static void
sorid_log_failures(SoriVenueStore *store)
{
	GPtrArray *messages = sori_venue_store_get_failure_messages(store);
	for (guint i = 0; i < messages->len; i++)
		g_warning("%s", (const gchar *) g_ptr_array_index(messages, i));
}

static void
sorid_reloaded_cb(SoriStoreVenues *venues, const GError *error, gpointer user_data)
{
	Daemon *daemon = user_data;
	if (error != NULL) {
		g_warning("reloading: %s, keeping the venues already loaded", error->message);
		sori_notify_send(daemon->notify, "READY=1\nSTATUS=reloading failed: %s",
				 error->message);
		return;
	}
	sori_notify_send(daemon->notify, "READY=1\nSTATUS=serving %u venues, %u failed to load",
			 sori_venue_store_get_snapshots(daemon->store)->len,
			 sori_venue_store_get_failed_ids(daemon->store)->len);
	g_message("reloaded: serving %u venues, %u failed to load",
		  sori_venue_store_get_snapshots(daemon->store)->len,
		  sori_venue_store_get_failed_ids(daemon->store)->len);
}

/* SIGHUP: only the catalogues that changed, off the main loop; on PostgreSQL,
 * those whose live revision is not the one served (another node's change is
 * read by the venue database itself, venue by venue, as its NOTIFY comes) */
static gboolean
sorid_reload_cb(gpointer user_data)
{
	Daemon *daemon = user_data;
	/* a resync in the background (the database's): sorid stays ready meanwhile */
	if (!sori_store_venues_reload(daemon->venues, sorid_reloaded_cb, daemon))
		return G_SOURCE_CONTINUE;
	sori_notify_send(daemon->notify,
			 "RELOADING=1\nMONOTONIC_USEC=%" G_GINT64_FORMAT
			 "\nSTATUS=reloading the venues",
			 g_get_monotonic_time());
	return G_SOURCE_CONTINUE;
}

/* what tests and scripts wait for, once the venues are loaded or a second has
 * passed: the port answers from the start, venues still loading with
 * venue-loading */
static void
sorid_announce(Daemon *daemon)
{
	gboolean v6 = strchr(daemon->config->address, ':') != NULL;

	g_clear_handle_id(&daemon->announce_source, g_source_remove);
	if (daemon->announced)
		return;
	daemon->announced = TRUE;
	printf("sorid: listening on http://%s%s%s:%u/\n", v6 ? "[" : "", daemon->config->address,
	       v6 ? "]" : "", sori_http_server_get_port(daemon->server));
	fflush(stdout);
	sori_notify_send(daemon->notify, "READY=1\nSTATUS=serving %u venues, %u failed to load",
			 sori_venue_store_get_snapshots(daemon->store)->len,
			 sori_venue_store_get_failed_ids(daemon->store)->len);
}

static gboolean
sorid_announce_cb(gpointer user_data)
{
	Daemon *daemon = user_data;
	g_autoptr(GPtrArray) loading = sori_venue_store_get_loading_ids(daemon->store);
	daemon->announce_source = 0;
	g_message("still loading %u venues; answering meanwhile", loading->len);
	sorid_announce(daemon);
	return G_SOURCE_REMOVE;
}

/* every venue has been read once, from the data directory or the database */
static void
sorid_venues_ready_cb(SoriStoreVenues *venues, const GError *error, gpointer user_data)
{
	Daemon *daemon = user_data;
	g_message("serving %u venues from %s, %u failed to load",
		  sori_venue_store_get_snapshots(daemon->store)->len,
		  sori_store_venues_get_source(venues),
		  sori_venue_store_get_failed_ids(daemon->store)->len);
	sori_notify_send(daemon->notify, "STATUS=serving %u venues, %u failed to load",
			 sori_venue_store_get_snapshots(daemon->store)->len,
			 sori_venue_store_get_failed_ids(daemon->store)->len);
	sorid_announce(daemon);
}

/* files sorid opens besides connections: venues, cache entries, workers' pipes */
#define SORID_FILES_RESERVED 256

/*
 * The open-files soft limit raised to the hard one, and the connection cap
 * sized from it: a cap above what the process may open would fail accept()
 * instead of making room.
 */
static guint
sorid_size_connections(guint wanted)
{
	struct rlimit limit;
	rlim_t room;

	if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
		return wanted;
	if (limit.rlim_cur < limit.rlim_max) {
		limit.rlim_cur = limit.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
			getrlimit(RLIMIT_NOFILE, &limit);
	}
	room = limit.rlim_cur > SORID_FILES_RESERVED ? limit.rlim_cur - SORID_FILES_RESERVED : 1;
	if (room < wanted) {
		g_message("max-connections: %u is more than the open-files limit allows; %u",
			  wanted, (guint) room);
		return (guint) room;
	}
	return wanted;
}

/* the venues of the data directory (or the database), and the beacon registry when
 * there is one; @venues keeps them current */
static SoriVenueStore *
sorid_load_venues(SoriConfig *config, SoriStore *kept, SoriStoreVenues **venues, GError **error)
{
	g_autoptr(SoriVenueStore) store = sori_venue_store_new(config->data_dir);

	sori_venue_store_set_memory_budget(store, (gsize) config->venues_memory_mb * 1024 * 1024);
	sori_venue_snapshot_set_views_budget((gsize) config->views_memory_mb * 1024 * 1024);
	/* usage counts, kept with the curators' state: never an address nor a user agent */
	{
		g_autofree gchar *state = sori_store_files_state_dir(config->data_dir);
		g_autofree gchar *dir = g_build_filename(state, "usage", NULL);
		g_autoptr(SoriUsage) usage = sori_usage_new(dir);
		sori_usage_set_epsilon(usage, config->usage_epsilon);
		sori_venue_store_set_usage(store, usage);
	}
	/* the venues are read in a worker thread once sorid listens (and on many
	 * nodes, every node's usage counts added up in the database) */
	*venues = sori_store_venues_new(kept, store, error);
	if (*venues == NULL)
		return NULL;
	if (config->beacon_registry != NULL) {
		g_autoptr(SoriEidResolver) resolver = sori_eid_resolver_new();
		g_autoptr(GError) registry_error = NULL;
		/* a broken registry costs the rotating beacons, not every venue */
		if (!sori_eid_resolver_load_registry(resolver, config->beacon_registry,
						     &registry_error)) {
			g_warning("%s; serving without Eddystone-EID, ignoring the registry",
				  registry_error->message);
			sori_venue_store_set_registry_problem(store, registry_error->message);
			return g_steal_pointer(&store);
		}
		g_message("resolving Eddystone-EID for %u registered beacons",
			  sori_eid_resolver_get_size(resolver));
		sori_venue_store_set_eid_resolver(store, resolver);
	}
	return g_steal_pointer(&store);
}

/* speech: the worker pool and the cache, for the server's routes and the admin's pre-renders */
static gboolean
sorid_start_speech(SoriConfig *config, SoriVenueStore *store, SoriHttpServer *server,
		   SoriAdmin *admin, GError **error)
{
	g_autoptr(SoriMediaCache) cache = NULL;
	g_autoptr(SoriSpeechPool) pool = NULL;
	g_autoptr(SoriSpeechService) speech = NULL;
	g_autofree gchar *worker = config->speech_worker != NULL
					   ? g_strdup(config->speech_worker)
					   : sori_speech_default_worker_path();

	g_autofree gchar *variants_dir = g_build_filename(config->cache_dir, "variants", NULL);
	g_autoptr(SoriMediaCache) variants = NULL;
	guint64 budget = (guint64) config->cache_max_mb * 1024 * 1024;

	/* unusual variants get a quarter of the budget, apart: they never evict
	 * the renderings every visitor hears */
	cache = sori_media_cache_new(config->cache_dir, budget - budget / 4, error);
	if (cache == NULL)
		return FALSE;
	variants = sori_media_cache_new(variants_dir, budget / 4, error);
	if (variants == NULL)
		return FALSE;
	pool = sori_speech_pool_new(worker, config->speech_workers, config->speech_timeout);
	speech = sori_speech_service_new(store, pool, cache);
	sori_speech_service_set_variant_cache(speech, variants);
	sori_http_server_set_speech_service(server, speech);
	sori_admin_set_speech_service(admin, speech);
	g_message("speech: workers from %s, cache in %s", worker, config->cache_dir);
	return TRUE;
}

/* metrics-address: the metrics' own listener, never the visitors' port */
static SoriMetricsListener *
sorid_start_metrics(const gchar *address, GError **error)
{
	g_autoptr(SoriMetricsListener) metrics = sori_metrics_listener_new();
	g_autofree gchar *host = NULL;
	guint16 port = 0;
	gboolean v6;

	if (!sori_metrics_parse_address(address, &host, &port, error)
	    || !sori_metrics_listener_listen(metrics, host, port, error))
		return NULL;
	v6 = strchr(host, ':') != NULL;
	g_message("metrics at http://%s%s%s:%u/metrics", v6 ? "[" : "", host, v6 ? "]" : "",
		  sori_metrics_listener_get_port(metrics));
	return g_steal_pointer(&metrics);
}

/* the fleet monitor: beacons heard through bluetoothd on the system bus */
/* the command line's settings over the configuration file's */
static gboolean
sorid_apply_options(SoriConfig *config, gchar **data_dir, gchar **address, gchar **metrics_address,
		    gint port)
{
	g_autoptr(GError) error = NULL;

	if (*data_dir != NULL) {
		g_free(config->data_dir);
		config->data_dir = g_steal_pointer(data_dir);
	}
	if (*address != NULL) {
		g_free(config->address);
		config->address = g_steal_pointer(address);
	}
	if (*metrics_address != NULL) {
		g_autofree gchar *host = NULL;
		guint16 metrics_port = 0;
		if (!sori_metrics_parse_address(*metrics_address, &host, &metrics_port, &error)) {
			fprintf(stderr, "sorid: --metrics-address: %s\n", error->message);
			return FALSE;
		}
		g_free(config->metrics_address);
		config->metrics_address = g_steal_pointer(metrics_address);
	}
	if (port != -1) {
		if (port < 0 || port > 65535) {
			fprintf(stderr, "sorid: --port %d is not a TCP port (0 to 65535)\n", port);
			return FALSE;
		}
		config->port = (guint) port;
	}
	return TRUE;
}

/* where a publish may fetch media from beyond the public Internet: nowhere
 * unless the operator says so, and then loudly */
static gboolean
sorid_setup_fetch(SoriConfig *config, SoriAdmin *admin, GError **error)
{
	if (!sori_admin_set_fetch_media_from(admin, (const gchar *const *) config->fetch_media_from,
					     config->fetch_media_ca, error))
		return FALSE;
	if (config->fetch_media_from != NULL) {
		g_autofree gchar *hosts = g_strjoinv(", ", config->fetch_media_from);
		g_warning("fetch-media-from: publishes may fetch media from %s, whatever their "
			  "address",
			  hosts);
	}
	return TRUE;
}

static gboolean
sorid_start_fleet(SoriConfig *config, SoriFleet *fleet, GError **error)
{
	g_autoptr(GDBusConnection) bus = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, error);
	if (bus == NULL) {
		g_prefix_error(error, "cannot reach the system bus: ");
		return FALSE;
	}
	sori_fleet_start(fleet, bus);
	g_message("fleet monitor: beacons unheard for %u s are flagged missing",
		  config->fleet_missing_after);
	return TRUE;
}

/* the visitors' port, with its limits and deadlines */
static gboolean
sorid_listen(SoriConfig *config, SoriHttpServer *server, GError **error)
{
	sori_http_server_set_idle_timeout(server, config->idle_timeout);
	sori_http_server_set_max_connections(server,
					     sorid_size_connections(config->max_connections));
	sori_http_server_set_deadlines(server, config->head_timeout, config->send_timeout,
				       config->body_min_rate);
	sori_http_server_set_fast_path(server, config->fast_path);
	return sori_http_server_listen(server, config->address, (guint16) config->port, error);
}

int
main(int argc, char **argv)
{
	g_autoptr(SoriConfig) config = sori_config_new();
	g_autoptr(GOptionContext) context = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriVenueStore) store = NULL;
	g_autoptr(SoriHttpServer) server = NULL;
	g_autoptr(SoriAdmin) admin = NULL;
	g_autoptr(SoriFleet) fleet = NULL;
	g_autoptr(SoriStore) kept = NULL;
	g_autoptr(SoriMetricsListener) metrics = NULL;
	g_autoptr(SoriStoreVenues) venues = NULL;
	g_autoptr(GMainLoop) loop = NULL;
	g_autoptr(SoriNotify) notify = sori_notify_new_from_environment();
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *data_dir = NULL;
	g_autofree gchar *address = NULL;
	g_autofree gchar *metrics_address = NULL;
	gint port = -1;
	gboolean verbose = FALSE;
	gboolean version = FALSE;
	Daemon daemon = { 0 };
	const GOptionEntry entries[] = {
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
		  "Read settings from FILE (see data/sorid.conf)", "FILE" },
		{ "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
		  "Serve the venue catalogues in DIR, one <venue>.json each", "DIR" },
		{ "address", 'a', 0, G_OPTION_ARG_STRING, &address,
		  "Listen on this IP address (default 127.0.0.1)", "ADDR" },
		{ "port", 'p', 0, G_OPTION_ARG_INT, &port,
		  "Listen on this TCP port; 0 picks a free one", "N" },
		{ "metrics-address", 0, 0, G_OPTION_ARG_STRING, &metrics_address,
		  "Serve Prometheus metrics at /metrics on PORT (loopback) or HOST:PORT",
		  "[HOST:]PORT" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Log debug messages too", NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit",
		  NULL },
		{ NULL },
	};

	setlocale(LC_ALL, "");
	context = g_option_context_new("- serve venue guides to visitors' phones");
	g_option_context_set_summary(
		context,
		"sorid serves each venue's exhibits, access information and guides over HTTP:\n"
		"the visitors' web app at /, the public API under /v1/venues (with spoken\n"
		"audio and captions when a cache-dir is set), the curators' API under\n"
		"/v1/admin (tokens made by 'sorictl token add'), and a health check at\n"
		"/healthz. It never identifies nor tracks a visitor.\n"
		"With metrics-address (or --metrics-address), Prometheus metrics are at\n"
		"/metrics on a port of their own, never the visitors'.\n"
		"Settings come from the defaults, then --config, then the options below.\n"
		"SIGTERM finishes the requests in flight and exits; SIGHUP reloads the venues.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "sorid: %s\nTry 'sorid --help'.\n", error->message);
		return EXIT_FAILURE;
	}
	if (version) {
		printf("sorid %s\n", PACKAGE_VERSION);
		return EXIT_SUCCESS;
	}
	sori_log_setup(verbose);

	if (config_path != NULL && !sori_config_load_file(config, config_path, &error)) {
		fprintf(stderr, "sorid: %s\n", error->message);
		return EXIT_FAILURE;
	}
	if (!sorid_apply_options(config, &data_dir, &address, &metrics_address, port))
		return EXIT_FAILURE;

	/* the files of the data directory, or a node of many: the venues, tokens and
	 * uploads in PostgreSQL, the data directory keeping this node's own state
	 * (usage counts, copies of uploads) */
	kept = sori_store_open(config->store, config->data_dir, config->revisions_kept, &error);
	store = kept != NULL ? sorid_load_venues(config, kept, &venues, &error) : NULL;
	if (store == NULL) {
		fprintf(stderr, "sorid: %s\n", error->message);
		return EXIT_FAILURE;
	}
	sorid_log_failures(store);
	server = sori_http_server_new(store);
	admin = sori_admin_new_with_store(store, kept);
	sori_http_server_set_admin(server, admin);
	fleet = sori_fleet_new(store, config->fleet_missing_after, config->fleet_low_battery_mv);
	sori_admin_set_fleet(admin, fleet);
	sori_admin_set_trust_proxy(admin, config->trust_proxy);
	if (!sorid_setup_fetch(config, admin, &error)) {
		fprintf(stderr, "sorid: fetch-media-from: %s\n", error->message);
		return EXIT_FAILURE;
	}
	if (config->fleet_monitor && !sorid_start_fleet(config, fleet, &error)) {
		fprintf(stderr, "sorid: fleet monitor: %s\n", error->message);
		return EXIT_FAILURE;
	}
	if (config->cache_dir != NULL
	    && !sorid_start_speech(config, store, server, admin, &error)) {
		fprintf(stderr, "sorid: speech cache: %s\n", error->message);
		return EXIT_FAILURE;
	}
	if (!sorid_listen(config, server, &error)
	    || (config->metrics_address != NULL
		&& (metrics = sorid_start_metrics(config->metrics_address, &error)) == NULL)) {
		fprintf(stderr, "sorid: %s\n", error->message);
		return EXIT_FAILURE;
	}

	loop = g_main_loop_new(NULL, FALSE);
	daemon.loop = loop;
	daemon.config = config;
	daemon.store = store;
	daemon.server = server;
	daemon.notify = notify;
	sori_notify_start_watchdog(notify);
	g_unix_signal_add(SIGTERM, sorid_terminate_cb, &daemon);
	g_unix_signal_add(SIGINT, sorid_terminate_cb, &daemon);
	g_unix_signal_add(SIGHUP, sorid_reload_cb, &daemon);
	g_timeout_add_seconds(SORID_USAGE_FLUSH_S, sorid_flush_usage_cb, &daemon);
	/* every venue "loading" until it has been read */
	daemon.venues = venues;
	if (!sori_store_venues_start(venues, sorid_venues_ready_cb, &daemon, &error)) {
		fprintf(stderr, "sorid: %s\n", error->message);
		return EXIT_FAILURE;
	}
	daemon.announce_source = g_timeout_add_seconds(1, sorid_announce_cb, &daemon);
	g_main_loop_run(loop);
	g_clear_handle_id(&daemon.announce_source, g_source_remove);
	sorid_flush_usage(store);
	g_message("stopped");
	return EXIT_SUCCESS;
}
