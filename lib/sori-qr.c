/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * QR codes for the labels beside exhibits, as SVG to print, with libqrencode:
 * what sorictl qr writes to files and the curators' console prints.
 */

#define G_LOG_DOMAIN "sori-qr"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "sori-qr.h"

#define QUIET_ZONE_MODULES 4 /* ISO/IEC 18004 asks for four */

/**
 * sori_qr_parse_base_url:
 * @text: where visitors' phones reach sorid, e.g. https://guide.example.org
 * @is_https: (out): whether it is https
 *
 * Returns: (transfer full) (nullable): the origin, without a trailing slash;
 *	%NULL with @error set when @text cannot be one
 */
gchar *
sori_qr_parse_base_url(const gchar *text, gboolean *is_https, GError **error)
{
	g_autoptr(GUri) uri = g_uri_parse(text, G_URI_FLAGS_NONE, error);
	const gchar *scheme;
	const gchar *path;

	if (uri == NULL) {
		g_prefix_error(error, "%s: ", text);
		return NULL;
	}
	scheme = g_uri_get_scheme(uri);
	path = g_uri_get_path(uri);
	if (g_strcmp0(scheme, "https") != 0 && g_strcmp0(scheme, "http") != 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "%s: the address must start with https://", text);
		return NULL;
	}
	if (g_uri_get_host(uri) == NULL || *g_uri_get_host(uri) == '\0'
	    || g_uri_get_userinfo(uri) != NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "%s: the address needs a host name and nothing before it", text);
		return NULL;
	}
	/* the app's links are absolute: sorid must be at the root of its host */
	if ((*path != '\0' && g_strcmp0(path, "/") != 0) || g_uri_get_query(uri) != NULL
	    || g_uri_get_fragment(uri) != NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "%s: give only the scheme and host (and port): the web app is at "
			    "the root of its host",
			    text);
		return NULL;
	}
	*is_https = g_str_equal(scheme, "https");
	return g_uri_join(G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host(uri), g_uri_get_port(uri),
			  "", NULL, NULL);
}

/**
 * sori_qr_path:
 * @text: what the code says
 * @level: its error correction
 * @side: (out): the code's side in modules, quiet zone included
 *
 * Returns: (transfer full) (nullable): @text as a QR code: an SVG path of its
 *	dark modules, one rectangle a run, in modules from the quiet zone's corner
 */
gchar *
sori_qr_path(const gchar *text, QRecLevel level, guint *side, GError **error)
{
	QRcode *code = QRcode_encodeString(text, 0, level, QR_MODE_8, 1);
	g_autoptr(GString) path = g_string_new(NULL);

	if (code == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot encode %s: %s", text,
			    g_strerror(errno));
		return NULL;
	}
	*side = (guint) code->width + 2 * QUIET_ZONE_MODULES;
	/* each row's runs of dark modules, one rectangle a run */
	for (gint y = 0; y < code->width; y++) {
		const guchar *row = code->data + (gsize) y * (gsize) code->width;
		for (gint x = 0; x < code->width;) {
			gint run = 0;
			if ((row[x] & 1) == 0) {
				x++;
				continue;
			}
			while (x + run < code->width && (row[x + run] & 1) != 0)
				run++;
			g_string_append_printf(path, "M%d %dh%dv1h-%dz", x + QUIET_ZONE_MODULES,
					       y + QUIET_ZONE_MODULES, run, run);
			x += run;
		}
	}
	QRcode_free(code);
	return g_string_free(g_steal_pointer(&path), FALSE);
}

/**
 * sori_qr_svg:
 * @text: what the code says
 * @level: its error correction
 * @size_mm: the printed size, quiet zone included
 *
 * Returns: (transfer full) (nullable): @text as a QR code in SVG, the dark
 *	modules one path, its title @text
 */
gchar *
sori_qr_svg(const gchar *text, QRecLevel level, guint size_mm, GError **error)
{
	guint side = 0;
	g_autofree gchar *path = sori_qr_path(text, level, &side, error);
	g_autofree gchar *escaped = NULL;

	if (path == NULL)
		return NULL;
	escaped = g_markup_escape_text(text, -1);
	return g_strdup_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			       "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
			       "width=\"%umm\" height=\"%umm\" viewBox=\"0 0 %u %u\" "
			       "shape-rendering=\"crispEdges\" role=\"img\">\n"
			       "<title>%s</title>\n"
			       "<rect width=\"%u\" height=\"%u\" fill=\"#fff\"/>\n"
			       "<path fill=\"#000\" d=\"%s\"/>\n</svg>\n",
			       size_mm, size_mm, side, side, escaped, side, side, path);
}
