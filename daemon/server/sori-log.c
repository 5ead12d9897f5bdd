/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Structured logs: to the journal when sorid runs under systemd, otherwise
 * one logfmt line per message on stderr (time, level, component, message).
 * Nothing about a visitor is ever logged: no address, no identifier.
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "sori-log.h"

static gboolean log_verbose;
/* whether a debug message may be written at all: g_debug() formats its
 * message before the writer drops it, 3,000 instructions a request for the
 * request log on a fast-path lookup of 16,000 */
static gboolean log_debug;

static const gchar *
sori_log_level_name(GLogLevelFlags level)
{
	if (level & G_LOG_LEVEL_ERROR)
		return "error";
	if (level & G_LOG_LEVEL_CRITICAL)
		return "critical";
	if (level & G_LOG_LEVEL_WARNING)
		return "warning";
	if (level & G_LOG_LEVEL_MESSAGE)
		return "notice";
	if (level & G_LOG_LEVEL_INFO)
		return "info";
	return "debug";
}

static void
sori_log_append_quoted(GString *out, const gchar *value)
{
	g_string_append_c(out, '"');
	for (const gchar *p = value; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_c(out, '\\');
		if (*p == '\n') {
			g_string_append(out, "\\n");
			continue;
		}
		g_string_append_c(out, *p);
	}
	g_string_append_c(out, '"');
}

static GLogWriterOutput
sori_log_log_writer_cb(GLogLevelFlags level, const GLogField *fields, gsize n_fields,
		       gpointer user_data)
{
	const gchar *domain = NULL;
	const gchar *message = NULL;
	g_autoptr(GString) line = NULL;
	g_autoptr(GDateTime) now = NULL;
	g_autofree gchar *stamp = NULL;

	for (gsize i = 0; i < n_fields; i++) {
		if (g_strcmp0(fields[i].key, "GLIB_DOMAIN") == 0)
			domain = fields[i].value;
		else if (g_strcmp0(fields[i].key, "MESSAGE") == 0)
			message = fields[i].value;
	}
	if ((level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) && !log_verbose
	    && g_log_writer_default_would_drop(level, domain))
		return G_LOG_WRITER_HANDLED;
	if (g_log_writer_is_journald(fileno(stderr)))
		return g_log_writer_journald(level, fields, n_fields, user_data);

	now = g_date_time_new_now_utc();
	stamp = g_date_time_format_iso8601(now);
	line = g_string_new("time=");
	g_string_append(line, stamp);
	g_string_append_printf(line, " level=%s component=%s msg=", sori_log_level_name(level),
			       domain != NULL ? domain : "sorid");
	sori_log_append_quoted(line, message != NULL ? message : "");
	g_string_append_c(line, '\n');
	fputs(line->str, stderr);
	fflush(stderr);
	return G_LOG_WRITER_HANDLED;
}

/**
 * sori_log_setup:
 * @verbose: also log debug messages (the request log among them)
 */
void
sori_log_setup(gboolean verbose)
{
	const gchar *debug_domains = g_getenv("G_MESSAGES_DEBUG");

	log_verbose = verbose;
	log_debug = verbose || (debug_domains != NULL && debug_domains[0] != '\0');
	g_log_set_writer_func(sori_log_log_writer_cb, NULL, NULL);
}

/**
 * sori_log_get_debug:
 *
 * Returns: %FALSE when no debug message can be written (neither --verbose
 *	nor G_MESSAGES_DEBUG): a hot path then skips formatting one
 */
gboolean
sori_log_get_debug(void)
{
	return log_debug;
}
