/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "sori-webapp"

#include "config.h"

#include <string.h>

#include "sori-web-resources.h"
#include "sori-webapp.h"

/*
 * The visitors' web app: files compiled into sorid with GResource (daemon/web/),
 * served as they are, but for the service worker, which is told the app's
 * version and its list of files so that it can keep them for offline use.
 * Its pages are rendered whole by daemon/api/sori-pages.c, /offline among
 * them: the page the service worker keeps with the app and shows, without
 * the network, for a page neither opened nor kept.
 */

#define RESOURCE_ROOT       "/org/sori/web/"
#define OFFLINE_PAGE        "/offline"
#define CONSOLE_DIR         "admin/"
#define CONSOLE_PAGE        CONSOLE_DIR "index.html"
#define SERVICE_WORKER      "sw.js"
#define VERSION_PLACEHOLDER "@SORI_SHELL_VERSION@"
#define FILES_PLACEHOLDER   "@SORI_SHELL_FILES@"

typedef struct {
	GHashTable *files; /* URL path → SoriRepresentation */
} SoriWebapp;

static const struct {
	const gchar *suffix;
	const gchar *content_type;
} content_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".webmanifest", "application/manifest+json" },
	{ ".json", "application/json" },
	/* WebAssembly.instantiateStreaming() takes no other type */
	{ ".wasm", "application/wasm" },
};

static const gchar *
sori_webapp_content_type_for(const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(content_types); i++) {
		if (g_str_has_suffix(name, content_types[i].suffix))
			return content_types[i].content_type;
	}
	return "application/octet-stream";
}

/* every file under @dir, as names relative to the root */
static void
sori_webapp_list_files(const gchar *dir, GPtrArray *names)
{
	g_autofree gchar *path = g_strconcat(RESOURCE_ROOT, dir, NULL);
	g_auto(GStrv) children
		= g_resources_enumerate_children(path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

	for (guint i = 0; children != NULL && children[i] != NULL; i++) {
		g_autofree gchar *name = g_strconcat(dir, children[i], NULL);
		if (g_str_has_suffix(name, "/"))
			sori_webapp_list_files(name, names);
		else
			g_ptr_array_add(names, g_steal_pointer(&name));
	}
}

static gint
sori_webapp_compare_names_cb(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *) a, *(const gchar *const *) b);
}

static GBytes *
sori_webapp_lookup_resource(const gchar *name)
{
	g_autofree gchar *path = g_strconcat(RESOURCE_ROOT, name, NULL);
	g_autoptr(GError) error = NULL;
	GBytes *bytes = g_resources_lookup_data(path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

	/* compiled in: only a broken build lacks it */
	if (bytes == NULL)
		g_critical("web app file %s: %s", name, error->message);
	return bytes;
}

/*
 * The one script in a page: it says that scripts run, before the first
 * paint, so that what the app drives shows from the start and what only
 * works without it does not (app/sori.css: .script-only, .no-script-only).
 * The Content-Security-Policy allows it by its hash, and nothing else inline.
 */
#define BOOT_SCRIPT "document.documentElement.classList.add('sori-js')"

/**
 * sori_webapp_get_boot_script:
 *
 * Returns: the text of the pages' one inline script
 */
const gchar *
sori_webapp_get_boot_script(void)
{
	return BOOT_SCRIPT;
}

/* the service worker, told the version and the files to keep */
static GBytes *
sori_webapp_build_service_worker(GBytes *template, const gchar *version, GPtrArray *names)
{
	g_autoptr(GString) files = g_string_new("[");
	g_autoptr(GString) text
		= g_string_new_len(g_bytes_get_data(template, NULL), g_bytes_get_size(template));

	for (guint i = 0; i < names->len; i++) {
		const gchar *name = g_ptr_array_index(names, i);
		/* the curators' console is no part of the visitors' app offline */
		if (g_str_equal(name, SERVICE_WORKER) || g_str_has_prefix(name, CONSOLE_DIR))
			continue;
		/* names are the project's own and need no quoting; never break the script */
		if (strpbrk(name, "\"\\") != NULL) {
			g_warning("web app file %s needs quoting, not keeping it offline", name);
			continue;
		}
		g_string_append_printf(files, "%s\"/%s\"", files->len > 1 ? "," : "", name);
	}
	/* sorid's page for one never kept, in the phone's language when the app is kept */
	g_string_append_printf(files, "%s\"" OFFLINE_PAGE "\"]", files->len > 1 ? "," : "");
	g_string_replace(text, VERSION_PLACEHOLDER, version, 0);
	g_string_replace(text, FILES_PLACEHOLDER, files->str, 0);
	return g_string_free_to_bytes(g_steal_pointer(&text));
}

static SoriWebapp *
sori_webapp_load(void)
{
	SoriWebapp *self = g_new0(SoriWebapp, 1);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GChecksum) checksum = g_checksum_new(G_CHECKSUM_SHA256);
	g_autoptr(GBytes) worker = NULL;
	g_autofree gchar *version = NULL;

	sori_web_register_resource();
	self->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					    (GDestroyNotify) sori_representation_unref);
	sori_webapp_list_files("", names);
	g_ptr_array_sort(names, sori_webapp_compare_names_cb);

	/* the version changes with any file, so phones fetch the new app */
	for (guint i = 0; i < names->len; i++) {
		const gchar *name = g_ptr_array_index(names, i);
		g_autoptr(GBytes) bytes = sori_webapp_lookup_resource(name);
		if (bytes == NULL)
			continue;
		g_checksum_update(checksum, (const guchar *) name, strlen(name) + 1);
		g_checksum_update(checksum, g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
		if (g_str_equal(name, SERVICE_WORKER)) {
			worker = g_steal_pointer(&bytes);
			continue;
		}
		g_hash_table_insert(self->files, g_strconcat("/", name, NULL),
				    sori_representation_new(200, sori_webapp_content_type_for(name),
							    NULL, bytes));
	}
	version = g_strndup(g_checksum_get_string(checksum), 16);
	if (worker != NULL) {
		g_autoptr(GBytes) bytes = sori_webapp_build_service_worker(worker, version, names);
		g_hash_table_insert(
			self->files, g_strdup("/" SERVICE_WORKER),
			sori_representation_new(200, sori_webapp_content_type_for(SERVICE_WORKER),
						NULL, bytes));
	}
	g_debug("web app %s: %u files", version, g_hash_table_size(self->files));
	return self;
}

static SoriWebapp *
sori_webapp_get(void)
{
	static gsize once = 0;
	static SoriWebapp *webapp = NULL;

	/* the files are compiled in and never change: load them once, keep them */
	if (g_once_init_enter(&once)) {
		webapp = sori_webapp_load();
		g_once_init_leave(&once, 1);
	}
	return webapp;
}

/**
 * sori_webapp_route:
 * @path: a request's path, still percent-encoded
 * @representation: (out) (optional) (transfer none): what to answer the
 *	console's page or a file with
 *
 * Returns: whether @path is the curators' console's page, one of the web
 *	app's files, under its paths but nothing there, or not the web app's at
 *	all (the visitors' pages are sori_pages_handle()'s)
 */
SoriWebappRoute
sori_webapp_route(const gchar *path, SoriRepresentation **representation)
{
	GHashTable *files;
	SoriRepresentation *rep;

	if (path == NULL || path[0] != '/')
		return SORI_WEBAPP_ROUTE_NONE;
	files = sori_webapp_get()->files;
	/* the curators' console: one page, its views in the fragment, and its files */
	if (g_str_equal(path, "/admin") || g_str_equal(path, "/admin/")) {
		if (representation != NULL)
			*representation = g_hash_table_lookup(files, "/" CONSOLE_PAGE);
		return SORI_WEBAPP_ROUTE_PAGE;
	}
	if (g_str_has_prefix(path, "/admin/")) {
		rep = g_hash_table_lookup(files, path);
		if (rep == NULL || g_str_equal(path, "/" CONSOLE_PAGE))
			return SORI_WEBAPP_ROUTE_UNKNOWN;
		if (representation != NULL)
			*representation = rep;
		return SORI_WEBAPP_ROUTE_FILE;
	}
	if (!g_str_has_prefix(path, "/app/") && !g_str_equal(path, "/" SERVICE_WORKER)
	    && !g_str_equal(path, "/manifest.webmanifest"))
		return SORI_WEBAPP_ROUTE_NONE;
	rep = g_hash_table_lookup(files, path);
	if (rep == NULL)
		return SORI_WEBAPP_ROUTE_UNKNOWN;
	if (representation != NULL)
		*representation = rep;
	return SORI_WEBAPP_ROUTE_FILE;
}

/**
 * sori_webapp_init:
 *
 * Loads the app's files and compresses them now, at start-up, rather than
 * in the first visitor's request.
 */
void
sori_webapp_init(void)
{
	sori_webapp_get();
}

/* the pages' policy, @script_extra added to script-src */
static gchar *
sori_webapp_build_policy(const gchar *script_extra)
{
	g_autoptr(GChecksum) checksum = g_checksum_new(G_CHECKSUM_SHA256);
	guint8 digest[32];
	gsize len = sizeof(digest);
	g_autofree gchar *hash = NULL;

	g_checksum_update(checksum, (const guchar *) BOOT_SCRIPT, strlen(BOOT_SCRIPT));
	g_checksum_get_digest(checksum, digest, &len);
	hash = g_base64_encode(digest, len);
	return g_strdup_printf(
		"default-src 'self'; script-src 'self' 'sha256-%s'%s; style-src 'self'; "
		"img-src 'self'; media-src 'self'; "
		"connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
		"object-src 'none'; base-uri 'none'; form-action 'self'; "
		"frame-ancestors 'none'",
		hash, script_extra);
}

/**
 * sori_webapp_get_security_policy:
 *
 * Returns: the app's Content-Security-Policy: its own scripts and styles
 *	only (and the pages' one inline script, by its hash), and no request to
 *	anyone but sorid, except a catalogue's images and videos, which are
 *	https URLs of the venue's choosing
 */
const gchar *
sori_webapp_get_security_policy(void)
{
	static gsize once = 0;
	static gchar *policy = NULL;

	if (g_once_init_enter(&once)) {
		policy = sori_webapp_build_policy("");
		g_once_init_leave(&once, 1);
	}
	return policy;
}

/**
 * sori_webapp_get_camera_security_policy:
 *
 * Returns: the Content-Security-Policy of the pages that find the printed
 *	codes (the camera and directions pages) and of the detector's Web Worker:
 *	the app's, and WebAssembly compiled from sorid's own file
 *	('wasm-unsafe-eval', which Safari 16+ and Chrome ask for; no eval())
 */
const gchar *
sori_webapp_get_camera_security_policy(void)
{
	static gsize once = 0;
	static gchar *policy = NULL;

	if (g_once_init_enter(&once)) {
		policy = sori_webapp_build_policy(" 'wasm-unsafe-eval'");
		g_once_init_leave(&once, 1);
	}
	return policy;
}

/**
 * sori_webapp_get_camera_permissions:
 *
 * Returns: the Permissions-Policy of the pages that find the printed codes:
 *	the camera for sorid's own pages, still no microphone nor location
 */
const gchar *
sori_webapp_get_camera_permissions(void)
{
	return "camera=(self), microphone=(), geolocation=()";
}

/**
 * sori_webapp_get_console_policy:
 *
 * Returns: the curators' console's Content-Security-Policy: its own files
 *	and the visitors' app's player, the admin API, and the venue's https
 *	pictures and media to preview; no frame, no form elsewhere
 */
const gchar *
sori_webapp_get_console_policy(void)
{
	return "default-src 'self'; script-src 'self'; style-src 'self'; "
	       "img-src 'self'; media-src 'self'; connect-src 'self'; "
	       "worker-src 'none'; manifest-src 'none'; object-src 'none'; base-uri 'none'; "
	       "form-action 'self'; frame-ancestors 'none'";
}

/**
 * sori_webapp_handle:
 *
 * The curators' console's page, or a file of the web app.
 */
gboolean
sori_webapp_handle(gpointer service, const SoriHttpRequest *request, const SoriRouteMatch *match,
		   SoriHttpResponse *response)
{
	SoriRepresentation *rep = NULL;

	switch (sori_webapp_route(request->path, &rep)) {
	case SORI_WEBAPP_ROUTE_FILE:
	case SORI_WEBAPP_ROUTE_PAGE:
		break;
	case SORI_WEBAPP_ROUTE_NONE:
	case SORI_WEBAPP_ROUTE_UNKNOWN:
	default:
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_ROUTE,
					"there is no such page");
		return TRUE;
	}
	/* the query (a QR code's, say) is the app's to read, not sorid's */
	sori_http_response_set_representation(response, request, rep, "Accept-Encoding");
	response->webapp = TRUE;
	response->security_policy = g_str_has_prefix(request->path, "/admin")
					    ? sori_webapp_get_console_policy()
					    : sori_webapp_get_security_policy();
	/* a worker's own script's policy is the worker's: the detector's compiles WebAssembly */
	if (g_str_equal(request->path, "/app/marker-worker.js"))
		response->security_policy = sori_webapp_get_camera_security_policy();
	/* phones check for a new app each time; the service worker keeps it offline */
	response->cache_control = "no-cache";
	return TRUE;
}
