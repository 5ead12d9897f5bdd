/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "sori-location-id.h"

static void
roundtrip(const gchar *in, const gchar *canonical)
{
	SoriLocationId id;
	const gchar *reason = NULL;
	gchar buf[SORI_LOCATION_ID_TEXT_MAX];
	gsize len;

	g_assert_true(sori_location_id_parse(in, strlen(in), &id, &reason));
	len = sori_location_id_format(&id, buf, sizeof(buf));
	g_assert_cmpuint(len, ==, strlen(canonical));
	g_assert_cmpstr(buf, ==, canonical);
}

static void
test_roundtrip(void)
{
	roundtrip("ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101",
		  "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101");
	roundtrip("ibeacon:5A4BCFCE-174E-4BAC-A814-092E77F6B7E5:65535:0",
		  "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:65535:0");
	roundtrip("eddystone-uid:EDD1EBEAC04E5DEFA017:0BDB87539B67",
		  "eddystone-uid:edd1ebeac04e5defa017:0bdb87539b67");
	roundtrip("eid:lobby-1", "eid:lobby-1");
}

static void
test_fields(void)
{
	SoriLocationId id;
	const gchar *text = "ibeacon:00112233-4455-6677-8899-aabbccddeeff:258:772";
	g_assert_true(sori_location_id_parse(text, strlen(text), &id, NULL));
	g_assert_cmpint(id.kind, ==, SORI_LOCATION_ID_KIND_IBEACON);
	g_assert_cmpuint(id.u.ibeacon.uuid[0], ==, 0x00);
	g_assert_cmpuint(id.u.ibeacon.uuid[15], ==, 0xff);
	g_assert_cmpuint(id.u.ibeacon.major, ==, 258);
	g_assert_cmpuint(id.u.ibeacon.minor, ==, 772);
}

static void
test_malformed(void)
{
	struct {
		const gchar *text;
		const gchar *reason;
	} cases[] = {
		{ "", "expected ibeacon:" },
		{ "beacon:1", "expected ibeacon:" },
		{ "ibeacon:", "expected ibeacon:<uuid>" },
		{ "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1", "expected ibeacon:<uuid>" },
		{ "ibeacon:5a4bcfce174e4baca814092e77f6b7e5:1:1", "8-4-4-4-12" },
		{ "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7eg:1:1", "8-4-4-4-12" },
		{ "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:65536:1", "major" },
		{ "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:01:1", "major" },
		{ "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:-1:1", "major" },
		{ "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:", "minor" },
		{ "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:1:1", "minor" },
		{ "eddystone-uid:edd1ebeac04e5defa01:0bdb87539b67", "namespace" },
		{ "eddystone-uid:edd1ebeac04e5defa017:0bdb87539b6", "instance" },
		{ "eddystone-uid:edd1ebeac04e5defa017", "expected eddystone-uid:" },
		{ "eid:", "EID beacon name" },
		{ "eid:-lobby", "EID beacon name" },
		{ "eid:Lobby", "EID beacon name" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		SoriLocationId id;
		const gchar *reason = NULL;
		g_assert_false(
			sori_location_id_parse(cases[i].text, strlen(cases[i].text), &id, &reason));
		g_assert_nonnull(reason);
		g_assert_nonnull(strstr(reason, cases[i].reason));
	}
	/* a name of 65 characters is one too many */
	{
		g_autofree gchar *name = g_strnfill(65, 'a');
		g_autofree gchar *text = g_strconcat("eid:", name, NULL);
		SoriLocationId id;
		g_assert_false(sori_location_id_parse(text, strlen(text), &id, NULL));
		text[strlen(text) - 1] = '\0';
		g_assert_true(sori_location_id_parse(text, strlen(text), &id, NULL));
	}
}

static void
test_format_small_buffer(void)
{
	SoriLocationId id;
	const gchar *text = "eddystone-uid:edd1ebeac04e5defa017:0bdb87539b67";
	gchar buf[10];
	g_assert_true(sori_location_id_parse(text, strlen(text), &id, NULL));
	g_assert_cmpuint(sori_location_id_format(&id, buf, sizeof(buf)), ==, 0);
	g_assert_cmpstr(buf, ==, "");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/location-id/roundtrip", test_roundtrip);
	g_test_add_func("/location-id/fields", test_fields);
	g_test_add_func("/location-id/malformed", test_malformed);
	g_test_add_func("/location-id/format-small-buffer", test_format_small_buffer);
	return g_test_run();
}
