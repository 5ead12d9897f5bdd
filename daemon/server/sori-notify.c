/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * systemd's readiness protocol (sd_notify(3)): READY=1, STOPPING=1,
 * RELOADING=1, STATUS= and WATCHDOG=1 sent as datagrams to the socket named
 * by $NOTIFY_SOCKET. The protocol is a documented, stable interface that
 * systemd invites services to speak themselves; these few lines spare sorid a
 * link to libsystemd, a library of which it would use one function.
 */

#define G_LOG_DOMAIN "sorid"

#include "config.h"

#include "sori-notify.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct _SoriNotify {
	gint fd; /* -1 when not under systemd (no $NOTIFY_SOCKET) */
	struct sockaddr_un address;
	socklen_t address_len;
	guint64 watchdog_usec; /* 0 without a watchdog, or when it is another process's */
	guint watchdog_source;
	gboolean warned; /* a failed send is logged once, not every watchdog period */
};

/* "/run/systemd/notify", or "@name" in the abstract namespace */
static gboolean
sori_notify_parse_address(SoriNotify *self, const gchar *path)
{
	gsize len = strlen(path);

	if ((path[0] != '/' && path[0] != '@') || len < 2 || len > sizeof(self->address.sun_path)) {
		g_warning("NOTIFY_SOCKET=%s is not a Unix socket's path nor an abstract "
			  "name (@…), ignoring",
			  path);
		return FALSE;
	}
	self->address.sun_family = AF_UNIX;
	memcpy(self->address.sun_path, path, len);
	if (path[0] == '@')
		self->address.sun_path[0] = '\0';
	/* an abstract name is its bytes, no NUL at the end; a path keeps its NUL when it fits */
	self->address_len
		= (socklen_t) (offsetof(struct sockaddr_un, sun_path) + len
			       + (path[0] == '/' && len < sizeof(self->address.sun_path)));
	return TRUE;
}

/* $WATCHDOG_USEC, when $WATCHDOG_PID (if set) names this process */
static guint64
sori_notify_parse_watchdog(const gchar *usec, const gchar *pid)
{
	guint64 value = 0;
	guint64 owner = 0;

	if (usec == NULL)
		return 0;
	if (!g_ascii_string_to_unsigned(usec, 10, 1, G_MAXUINT64, &value, NULL)) {
		g_warning("WATCHDOG_USEC=%s is not a positive number of microseconds, ignoring",
			  usec);
		return 0;
	}
	if (pid != NULL) {
		if (!g_ascii_string_to_unsigned(pid, 10, 1, G_MAXINT32, &owner, NULL)) {
			g_warning("WATCHDOG_PID=%s is not a process id, ignoring the watchdog",
				  pid);
			return 0;
		}
		if (owner != (guint64) getpid())
			return 0;
	}
	return value;
}

/**
 * sori_notify_new_from_environment:
 *
 * Reads $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID and removes them from
 * the environment, so that the speech workers sorid starts do not speak for it.
 * Call it before any thread starts.
 *
 * Returns: (transfer full): the notifier; one that sends nothing when sorid
 * was not started by systemd
 */
SoriNotify *
sori_notify_new_from_environment(void)
{
	g_autoptr(SoriNotify) self = g_new0(SoriNotify, 1);
	const gchar *socket_path = g_getenv("NOTIFY_SOCKET");

	self->fd = -1;
	if (socket_path != NULL && sori_notify_parse_address(self, socket_path)) {
		self->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (self->fd < 0)
			g_warning("NOTIFY_SOCKET: %s, not telling systemd how sorid is doing",
				  g_strerror(errno));
	}
	if (self->fd >= 0)
		self->watchdog_usec = sori_notify_parse_watchdog(g_getenv("WATCHDOG_USEC"),
								 g_getenv("WATCHDOG_PID"));
	g_unsetenv("NOTIFY_SOCKET");
	g_unsetenv("WATCHDOG_USEC");
	g_unsetenv("WATCHDOG_PID");
	return g_steal_pointer(&self);
}

void
sori_notify_free(SoriNotify *self)
{
	if (self == NULL)
		return;
	g_clear_handle_id(&self->watchdog_source, g_source_remove);
	if (self->fd >= 0)
		close(self->fd);
	g_free(self);
}

gboolean
sori_notify_is_enabled(SoriNotify *self)
{
	return self->fd >= 0;
}

/**
 * sori_notify_send:
 * @format: newline-separated assignments, e.g. "READY=1\nSTATUS=serving"
 *
 * Sends one notification; never blocks (a full queue drops it) and never fails
 * sorid: a service outside systemd has nobody to tell.
 */
void
sori_notify_send(SoriNotify *self, const gchar *format, ...)
{
	g_autofree gchar *message = NULL;
	va_list args;
	gssize sent;

	if (self->fd < 0)
		return;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	sent = sendto(self->fd, message, strlen(message), MSG_DONTWAIT | MSG_NOSIGNAL,
		      (const struct sockaddr *) &self->address, self->address_len);
	if (sent < 0 && !self->warned) {
		self->warned = TRUE;
		g_warning("telling systemd '%s': %s, ignoring", message, g_strerror(errno));
	}
}

static gboolean
sori_notify_watchdog_cb(gpointer user_data)
{
	SoriNotify *self = user_data;
	sori_notify_send(self, "WATCHDOG=1");
	return G_SOURCE_CONTINUE;
}

/**
 * sori_notify_start_watchdog:
 *
 * Feeds systemd's watchdog from the default main context (the main loop's) at half its
 * period, so that a main loop that stops turning stops feeding it and systemd
 * restarts sorid.
 *
 * Returns: the watchdog's period in microseconds, 0 without one
 */
guint64
sori_notify_start_watchdog(SoriNotify *self)
{
	guint interval_ms;

	if (self->watchdog_usec == 0 || self->watchdog_source != 0)
		return self->watchdog_usec;
	interval_ms = (guint) MAX(MIN(self->watchdog_usec / 2000, G_MAXUINT), 1);
	self->watchdog_source = g_timeout_add(interval_ms, sori_notify_watchdog_cb, self);
	g_source_set_name_by_id(self->watchdog_source, "sori-notify-watchdog");
	sori_notify_send(self, "WATCHDOG=1");
	return self->watchdog_usec;
}
