/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every key is documented in data/sorid.conf.
 */

#define G_LOG_DOMAIN "sorid"

#include "config.h"

#include <string.h>

#include "sori-config.h"
#include "sori-metrics-listener.h"

#define GROUP "sorid"

/**
 * sori_config_new:
 *
 * Returns: (transfer full): the defaults
 */
SoriConfig *
sori_config_new(void)
{
	SoriConfig *self = g_new0(SoriConfig, 1);
	self->data_dir = g_strdup(SORI_LOCALSTATEDIR "/venues");
	self->address = g_strdup("127.0.0.1");
	self->port = 8080;
	self->idle_timeout = 60;
	self->head_timeout = 10;
	self->send_timeout = 30;
	self->body_min_rate = 4096;
	self->max_connections = 4096;
	self->shutdown_timeout = 10;
	self->fast_path = TRUE;
	self->fleet_missing_after = 300;
	self->fleet_low_battery_mv = 2200;
	self->cache_max_mb = 1024;
	self->venues_memory_mb = 512;
	self->views_memory_mb = 128;
	self->speech_workers = 0;
	self->speech_timeout = 30;
	self->revisions_kept = 20;
	self->usage_epsilon = 1.0;
	return self;
}

void
sori_config_free(SoriConfig *self)
{
	if (self == NULL)
		return;
	g_free(self->data_dir);
	g_free(self->beacon_registry);
	g_free(self->cache_dir);
	g_free(self->speech_worker);
	g_free(self->address);
	g_free(self->store);
	g_free(self->metrics_address);
	g_strfreev(self->fetch_media_from);
	g_free(self->fetch_media_ca);
	g_free(self);
}

static gboolean
sori_config_read_uint(GKeyFile *keyfile, const gchar *key, guint min, guint max, guint *out,
		      GError **error)
{
	g_autoptr(GError) error_local = NULL;
	gint64 value;

	if (!g_key_file_has_key(keyfile, GROUP, key, NULL))
		return TRUE;
	value = g_key_file_get_int64(keyfile, GROUP, key, &error_local);
	if (error_local != NULL) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			    "[%s] %s: not a whole number", GROUP, key);
		return FALSE;
	}
	if (value < min || value > max) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			    "[%s] %s: %" G_GINT64_FORMAT " is out of range (%u to %u)", GROUP, key,
			    value, min, max);
		return FALSE;
	}
	*out = (guint) value;
	return TRUE;
}

/* a number with a fraction, within [min, max] */
static gboolean
sori_config_read_double(GKeyFile *keyfile, const gchar *key, gdouble min, gdouble max, gdouble *out,
			GError **error)
{
	g_autoptr(GError) error_local = NULL;
	gdouble value;

	if (!g_key_file_has_key(keyfile, GROUP, key, NULL))
		return TRUE;
	value = g_key_file_get_double(keyfile, GROUP, key, &error_local);
	if (error_local != NULL || !(value >= min && value <= max)) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			    "[%s] %s: write a number from %g to %g", GROUP, key, min, max);
		return FALSE;
	}
	*out = value;
	return TRUE;
}

/* a boolean setting, left as it is when the file does not set it */
static gboolean
sori_config_read_bool(GKeyFile *keyfile, const gchar *path, const gchar *name, gboolean *out,
		      GError **error)
{
	g_autoptr(GError) error_local = NULL;
	gboolean value;

	if (!g_key_file_has_key(keyfile, GROUP, name, NULL))
		return TRUE;
	value = g_key_file_get_boolean(keyfile, GROUP, name, &error_local);
	if (error_local != NULL) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			    "%s: [%s] %s: write true or false", path, GROUP, name);
		return FALSE;
	}
	*out = value;
	return TRUE;
}

/* metrics-address=HOST:PORT; empty: off */
static gboolean
sori_config_read_metrics_address(SoriConfig *self, GKeyFile *keyfile, const gchar *path,
				 GError **error)
{
	g_autofree gchar *value = NULL;
	g_autofree gchar *host = NULL;
	guint16 port = 0;
	g_autoptr(GError) error_local = NULL;

	if (!g_key_file_has_key(keyfile, GROUP, "metrics-address", NULL))
		return TRUE;
	value = g_key_file_get_string(keyfile, GROUP, "metrics-address", NULL);
	/* empty: off, as when unset */
	if (value != NULL && *value != '\0'
	    && !sori_metrics_parse_address(value, &host, &port, &error_local)) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			    "%s: [%s] metrics-address: %s", path, GROUP, error_local->message);
		return FALSE;
	}
	g_free(self->metrics_address);
	self->metrics_address = value != NULL && *value != '\0' ? g_steal_pointer(&value) : NULL;
	return TRUE;
}

/* fetch-media-from=HOST:PORT;…: hosts a publish may fetch media from whatever their address */
static gboolean
sori_config_read_fetch_media_from(SoriConfig *self, GKeyFile *keyfile, const gchar *path,
				  GError **error)
{
	g_auto(GStrv) hosts = NULL;

	if (!g_key_file_has_key(keyfile, GROUP, "fetch-media-from", NULL))
		return TRUE;
	hosts = g_key_file_get_string_list(keyfile, GROUP, "fetch-media-from", NULL, NULL);
	g_strfreev(self->fetch_media_from);
	self->fetch_media_from = NULL;
	for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++) {
		const gchar *colon = strrchr(g_strstrip(hosts[i]), ':');
		guint64 port = 0;
		if (colon == NULL || colon == hosts[i]
		    || !g_ascii_string_to_unsigned(colon + 1, 10, 1, 65535, &port, NULL)) {
			g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
				    "%s: [%s] fetch-media-from: '%s' is not host:port", path, GROUP,
				    hosts[i]);
			return FALSE;
		}
	}
	if (hosts != NULL && hosts[0] != NULL)
		self->fetch_media_from = g_steal_pointer(&hosts);
	return TRUE;
}

/**
 * sori_config_load_file:
 * @path: a key file such as data/sorid.conf
 *
 * A relative path (data-dir, cache-dir, speech-worker, beacon-registry) is
 * taken relative to the file's own directory, so a configuration and its
 * venues can move together. An unknown key is an
 * error: a misspelt setting must not be silently ignored.
 */
gboolean
sori_config_load_file(SoriConfig *self, const gchar *path, GError **error)
{
	static const gchar *const known[] = { "data-dir",
					      "address",
					      "port",
					      "idle-timeout",
					      "head-timeout",
					      "send-timeout",
					      "body-min-rate",
					      "max-connections",
					      "shutdown-timeout",
					      "fast-path",
					      "beacon-registry",
					      "cache-dir",
					      "cache-max-mb",
					      "venues-memory-mb",
					      "views-memory-mb",
					      "speech-workers",
					      "speech-timeout",
					      "speech-worker",
					      "revisions-kept",
					      "fleet-monitor",
					      "trust-proxy",
					      "fleet-missing-after",
					      "fleet-low-battery-mv",
					      "usage-epsilon",
					      "store",
					      "metrics-address",
					      "fetch-media-from",
					      "fetch-media-ca",
					      NULL };
	g_autoptr(GKeyFile) keyfile = g_key_file_new();
	g_auto(GStrv) groups = NULL;
	g_auto(GStrv) keys = NULL;

	if (!g_key_file_load_from_file(keyfile, path, G_KEY_FILE_NONE, error)) {
		g_prefix_error(error, "%s: ", path);
		return FALSE;
	}
	groups = g_key_file_get_groups(keyfile, NULL);
	for (guint i = 0; groups[i] != NULL; i++) {
		if (g_strcmp0(groups[i], GROUP) != 0) {
			g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
				    "%s: unknown group [%s]; sorid reads [%s]", path, groups[i],
				    GROUP);
			return FALSE;
		}
	}
	keys = g_key_file_get_keys(keyfile, GROUP, NULL, NULL);
	for (guint i = 0; keys != NULL && keys[i] != NULL; i++) {
		if (!g_strv_contains(known, keys[i])) {
			g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
				    "%s: unknown key '%s' in [%s]", path, keys[i], GROUP);
			return FALSE;
		}
	}
	{
		/* paths in the file: absolute, or relative to the file's own folder */
		g_autofree gchar *dir = g_path_get_dirname(path);
		g_autofree gchar *base = g_canonicalize_filename(dir, NULL);
		struct {
			const gchar *key;
			gchar **field;
		} paths[] = {
			{ "data-dir", &self->data_dir },
			{ "cache-dir", &self->cache_dir },
			{ "speech-worker", &self->speech_worker },
			{ "beacon-registry", &self->beacon_registry },
			{ "fetch-media-ca", &self->fetch_media_ca },
		};
		for (guint i = 0; i < G_N_ELEMENTS(paths); i++) {
			g_autofree gchar *value
				= g_key_file_get_string(keyfile, GROUP, paths[i].key, NULL);
			if (value == NULL)
				continue;
			g_free(*paths[i].field);
			*paths[i].field = g_canonicalize_filename(value, base);
		}
	}
	if (g_key_file_has_key(keyfile, GROUP, "store", NULL)) {
		g_autofree gchar *store = g_key_file_get_string(keyfile, GROUP, "store", NULL);
		if (store == NULL
		    || (!g_str_equal(store, "files") && !g_str_has_prefix(store, "postgresql:"))) {
			g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
				    "%s: [%s] store: files, or postgresql:CONNINFO", path, GROUP);
			return FALSE;
		}
		g_free(self->store);
		self->store = g_str_equal(store, "files") ? NULL : g_steal_pointer(&store);
	}
	if (!sori_config_read_metrics_address(self, keyfile, path, error)
	    || !sori_config_read_fetch_media_from(self, keyfile, path, error))
		return FALSE;
	if (g_key_file_has_key(keyfile, GROUP, "address", NULL)) {
		g_free(self->address);
		self->address = g_key_file_get_string(keyfile, GROUP, "address", NULL);
	}
	if (!sori_config_read_bool(keyfile, path, "fast-path", &self->fast_path, error)
	    || !sori_config_read_bool(keyfile, path, "fleet-monitor", &self->fleet_monitor, error)
	    || !sori_config_read_bool(keyfile, path, "trust-proxy", &self->trust_proxy, error))
		return FALSE;
	if (!sori_config_read_uint(keyfile, "port", 0, 65535, &self->port, error)
	    || !sori_config_read_uint(keyfile, "idle-timeout", 1, 3600, &self->idle_timeout, error)
	    || !sori_config_read_uint(keyfile, "head-timeout", 1, 600, &self->head_timeout, error)
	    || !sori_config_read_uint(keyfile, "send-timeout", 1, 3600, &self->send_timeout, error)
	    || !sori_config_read_uint(keyfile, "body-min-rate", 0, 100000000, &self->body_min_rate,
				      error)
	    || !sori_config_read_uint(keyfile, "max-connections", 1, 1000000,
				      &self->max_connections, error)
	    || !sori_config_read_uint(keyfile, "shutdown-timeout", 1, 3600, &self->shutdown_timeout,
				      error)
	    || !sori_config_read_uint(keyfile, "venues-memory-mb", 0, 10000000,
				      &self->venues_memory_mb, error)
	    || !sori_config_read_uint(keyfile, "views-memory-mb", 0, 10000000,
				      &self->views_memory_mb, error)
	    || !sori_config_read_uint(keyfile, "cache-max-mb", 16, 10000000, &self->cache_max_mb,
				      error)
	    || !sori_config_read_uint(keyfile, "speech-workers", 0, 256, &self->speech_workers,
				      error)
	    || !sori_config_read_uint(keyfile, "speech-timeout", 1, 600, &self->speech_timeout,
				      error)
	    || !sori_config_read_uint(keyfile, "revisions-kept", 1, 10000, &self->revisions_kept,
				      error)
	    || !sori_config_read_uint(keyfile, "fleet-missing-after", 2, 604800,
				      &self->fleet_missing_after, error)
	    || !sori_config_read_uint(keyfile, "fleet-low-battery-mv", 0, 10000,
				      &self->fleet_low_battery_mv, error)
	    || !sori_config_read_double(keyfile, "usage-epsilon", 0.01, 10, &self->usage_epsilon,
					error)) {
		g_prefix_error(error, "%s: ", path);
		return FALSE;
	}
	return TRUE;
}
