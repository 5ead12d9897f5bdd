/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where a publish may fetch media from: the public Internet's hosts alone.
 * An address is judged when the connection is made (whatever its name
 * resolved to); names nobody has on the Internet are not looked up at all.
 */

#include "config.h"

#include <string.h>

#include "sori-admin-fetch.h"

static gboolean
sori_admin_fetch_v4_is_global(const guint8 *a)
{
	return !(a[0] == 0                                     /* this network */
		 || a[0] == 10                                 /* RFC 1918 */
		 || (a[0] == 100 && (a[1] & 0xc0) == 64)       /* CGNAT 100.64/10 */
		 || a[0] == 127                                /* loopback */
		 || (a[0] == 169 && a[1] == 254)               /* link-local */
		 || (a[0] == 172 && (a[1] & 0xf0) == 16)       /* RFC 1918 */
		 || (a[0] == 192 && a[1] == 0 && a[2] == 0)    /* IETF protocol assignments */
		 || (a[0] == 192 && a[1] == 0 && a[2] == 2)    /* documentation */
		 || (a[0] == 192 && a[1] == 168)               /* RFC 1918 */
		 || (a[0] == 198 && (a[1] & 0xfe) == 18)       /* benchmarking */
		 || (a[0] == 198 && a[1] == 51 && a[2] == 100) /* documentation */
		 || (a[0] == 203 && a[1] == 0 && a[2] == 113)  /* documentation */
		 || a[0] >= 224);                              /* multicast, reserved, broadcast */
}

/**
 * sori_admin_fetch_address_is_global:
 *
 * Returns: whether @address is a global unicast address of the Internet:
 *	not loopback, private (RFC 1918, fc00::/7), link-local, multicast,
 *	unspecified, CGNAT (100.64/10), documentation, benchmarking or
 *	reserved, nor an IPv6 address that carries an IPv4 one (mapped, NAT64,
 *	6to4, Teredo) which could be any of those
 */
gboolean
sori_admin_fetch_address_is_global(GInetAddress *address)
{
	const guint8 *a = g_inet_address_to_bytes(address);

	if (g_inet_address_get_family(address) == G_SOCKET_FAMILY_IPV4)
		return sori_admin_fetch_v4_is_global(a);
	/* IPv4-mapped ::ffff:a.b.c.d: as the IPv4 address */
	if (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0)
		return sori_admin_fetch_v4_is_global(a + 12);
	/* global unicast is 2000::/3 */
	if ((a[0] & 0xe0) != 0x20)
		return FALSE;
	/* documentation 2001:db8::/32, Teredo 2001::/32, 6to4 2002::/16 */
	if ((a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
	    || (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0)
	    || (a[0] == 0x20 && a[1] == 0x02))
		return FALSE;
	return TRUE;
}

/* names under the domains set aside for examples, tests and the local network
 * (RFC 2606, 6761, 6762, 7686, 8375) are not looked up at all: they are
 * nobody's on the public Internet, and a resolver may take long to say so
 * (localhost is looked up: /etc/hosts answers at once, and its address is
 * refused as any other name's would be) */
/**
 * sori_admin_fetch_is_special_use:
 *
 * Returns: whether @host is a name not looked up
 */
gboolean
sori_admin_fetch_is_special_use(const gchar *host)
{
	static const gchar *const domains[]
		= { "example", "invalid", "test", "local", "onion", "home.arpa" };
	gsize len = strlen(host);

	if (len > 0 && host[len - 1] == '.')
		len--;
	for (guint i = 0; i < G_N_ELEMENTS(domains); i++) {
		gsize n = strlen(domains[i]);
		if (len == n && g_ascii_strncasecmp(host, domains[i], n) == 0)
			return TRUE;
		if (len > n && host[len - n - 1] == '.'
		    && g_ascii_strncasecmp(host + len - n, domains[i], n) == 0)
			return TRUE;
	}
	return FALSE;
}
