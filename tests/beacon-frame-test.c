/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "sori-beacon-frame.h"

static gsize
unhex(const gchar *hex, guint8 *out)
{
	gsize n = 0;
	for (const gchar *p = hex; *p != '\0';) {
		if (*p == ' ') {
			p++;
			continue;
		}
		out[n++] = (guint8) (g_ascii_xdigit_value(p[0]) << 4 | g_ascii_xdigit_value(p[1]));
		p += 2;
	}
	return n;
}

static gint
parse_hex(const gchar *hex, SoriFrame *frames, gsize max, SoriFrameError *error)
{
	guint8 data[300];
	gsize n = unhex(hex, data);
	return sori_frame_parse_advertisement(data, n, frames, max, error);
}

static void
assert_location(const SoriFrame *frame, const gchar *expected)
{
	SoriLocationId id;
	gchar text[SORI_LOCATION_ID_TEXT_MAX];
	g_assert_true(sori_frame_get_location_id(frame, &id));
	sori_location_id_format(&id, text, sizeof(text));
	g_assert_cmpstr(text, ==, expected);
}

/* Apple's AirLocate example beacon, as scanners print it */
static void
test_ibeacon(void)
{
	SoriFrame frames[4];
	SoriFrameError error = { 0 };
	gint n = parse_hex(
		"02 01 06 1a ff 4c 00 02 15 e2 c5 6d b5 df fb 48 d2 b0 60 d0 f5 a7 10 96 "
		"e0 00 01 00 65 c5",
		frames, 4, &error);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(frames[0].kind, ==, SORI_FRAME_KIND_IBEACON);
	g_assert_cmpuint(frames[0].u.ibeacon.major, ==, 1);
	g_assert_cmpuint(frames[0].u.ibeacon.minor, ==, 101);
	g_assert_cmpint(frames[0].tx_power, ==, -59);
	g_assert_cmpint(sori_frame_measured_power(&frames[0]), ==, -59);
	assert_location(&frames[0], "ibeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0:1:101");
}

/* the AltBeacon specification's example advertisement */
static void
test_altbeacon(void)
{
	SoriFrame frames[2];
	SoriLocationId id;
	gint n = parse_hex(
		"1b ff 18 01 be ac 2f 23 44 54 cf 6d 4a 0f ad f2 f4 91 1b a9 ff a6 00 01 "
		"00 02 c5 00",
		frames, 2, NULL);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(frames[0].kind, ==, SORI_FRAME_KIND_ALTBEACON);
	g_assert_cmphex(frames[0].u.altbeacon.company, ==, 0x0118);
	g_assert_cmphex(frames[0].u.altbeacon.id[0], ==, 0x2f);
	g_assert_cmphex(frames[0].u.altbeacon.id[19], ==, 0x02);
	g_assert_cmpint(frames[0].tx_power, ==, -59);
	/* AltBeacon IDs are not among the location IDs venues bind */
	g_assert_false(sori_frame_get_location_id(&frames[0], &id));
}

static void
test_eddystone_uid(void)
{
	SoriFrame frames[2];
	/* with and without the two reserved bytes */
	gint n = parse_hex(
		"02 01 06 03 03 aa fe 17 16 aa fe 00 e7 6a 3b 1c 0e 9d 2f 4a 5b 8c 7d 00 "
		"00 00 00 00 01 00 00",
		frames, 2, NULL);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(frames[0].kind, ==, SORI_FRAME_KIND_EDDYSTONE_UID);
	g_assert_cmpint(frames[0].tx_power, ==, -25);
	g_assert_cmpint(sori_frame_measured_power(&frames[0]), ==, -66);
	assert_location(&frames[0], "eddystone-uid:6a3b1c0e9d2f4a5b8c7d:000000000001");
	n = parse_hex("15 16 aa fe 00 e7 6a 3b 1c 0e 9d 2f 4a 5b 8c 7d 00 00 00 00 00 01", frames,
		      2, NULL);
	g_assert_cmpint(n, ==, 1);
	assert_location(&frames[0], "eddystone-uid:6a3b1c0e9d2f4a5b8c7d:000000000001");
}

static void
test_eddystone_url(void)
{
	SoriFrame frames[2];
	gint n;

	/* https://goo.gl/S6zT6P, as in the Eddystone-URL examples */
	n = parse_hex("03 03 aa fe 13 16 aa fe 10 eb 03 67 6f 6f 2e 67 6c 2f 53 36 7a 54 36 50",
		      frames, 2, NULL);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(frames[0].kind, ==, SORI_FRAME_KIND_EDDYSTONE_URL);
	g_assert_cmpstr(frames[0].u.url.url, ==, "https://goo.gl/S6zT6P");
	/* scheme and expansion codes: https://www. + sori + .org/ + visit */
	n = parse_hex("10 16 aa fe 10 f0 01 73 6f 72 69 01 76 69 73 69 74", frames, 2, NULL);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpstr(frames[0].u.url.url, ==, "https://www.sori.org/visit");
}

static void
test_eddystone_tlm(void)
{
	SoriFrame frames[2];
	gint n = parse_hex("11 16 aa fe 20 00 0b b8 18 80 00 00 30 39 00 01 e2 40", frames, 2,
			   NULL);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(frames[0].kind, ==, SORI_FRAME_KIND_EDDYSTONE_TLM);
	g_assert_cmpuint(frames[0].u.tlm.battery_mv, ==, 3000);
	/* signed 8.8: 0x1880 is 24.5 °C */
	g_assert_cmpint(frames[0].u.tlm.temperature, ==, 0x1880);
	g_assert_cmpfloat(frames[0].u.tlm.temperature / 256.0, ==, 24.5);
	g_assert_cmpuint(frames[0].u.tlm.adv_count, ==, 12345);
	g_assert_cmpuint(frames[0].u.tlm.uptime_deciseconds, ==, 123456);
	/* below zero, and "not supported" */
	n = parse_hex("11 16 aa fe 20 00 00 00 ff 80 00 00 00 00 00 00 00 00", frames, 2, NULL);
	g_assert_cmpfloat(frames[0].u.tlm.temperature / 256.0, ==, -0.5);
	n = parse_hex("11 16 aa fe 20 00 00 00 80 00 00 00 00 00 00 00 00 00", frames, 2, NULL);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(frames[0].u.tlm.temperature, ==, SORI_FRAME_TLM_NO_TEMPERATURE);
}

static void
test_eddystone_eid(void)
{
	SoriFrame frames[2];
	gint n = parse_hex("0d 16 aa fe 30 f0 88 16 4c 9e 51 df bc 05", frames, 2, NULL);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpint(frames[0].kind, ==, SORI_FRAME_KIND_EDDYSTONE_EID);
	g_assert_cmpint(frames[0].tx_power, ==, -16);
	assert_location(&frames[0], "eid:88164c9e51dfbc05");
}

static void
test_several_and_others(void)
{
	SoriFrame frames[4];
	SoriFrameError error = { 0 };
	/* flags, a name, UID then TLM in one payload (as a scan response merges them) */
	gint n = parse_hex(
		"02 01 06 05 09 73 6f 72 69 15 16 aa fe 00 e7 6a 3b 1c 0e 9d 2f 4a 5b 8c "
		"7d 00 00 00 00 00 02 11 16 aa fe 20 00 0b b8 18 80 00 00 30 39 00 01 "
		"e2 40",
		frames, 4, &error);
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpint(frames[0].kind, ==, SORI_FRAME_KIND_EDDYSTONE_UID);
	g_assert_cmpint(frames[1].kind, ==, SORI_FRAME_KIND_EDDYSTONE_TLM);
	/* no room for two */
	n = parse_hex("02 01 06 05 09 73 6f 72 69 15 16 aa fe 00 e7 6a 3b 1c 0e 9d 2f 4a 5b 8c "
		      "7d 00 00 00 00 00 02 11 16 aa fe 20 00 0b b8 18 80 00 00 30 39 00 01 "
		      "e2 40",
		      frames, 1, &error);
	g_assert_cmpint(n, ==, -1);
	g_assert_nonnull(strstr(error.reason, "more beacon frames"));
	/* other manufacturers, other services, an unknown Eddystone frame: no frames, no error */
	n = parse_hex("05 ff 59 00 01 02 05 16 0f 18 64 00 04 16 aa fe 40", frames, 4, &error);
	g_assert_cmpint(n, ==, 0);
	/* padding after the data */
	n = parse_hex("0d 16 aa fe 30 f0 88 16 4c 9e 51 df bc 05 00 00 00", frames, 4, &error);
	g_assert_cmpint(n, ==, 1);
	/* nothing at all */
	g_assert_cmpint(sori_frame_parse_advertisement(NULL, 0, frames, 4, &error), ==, 0);
}

static void
test_malformed(void)
{
	struct {
		const gchar *hex;
		gsize offset;
		const gchar *reason;
	} cases[] = {
		{ "05 ff 4c 00", 0, "longer than the data left" },
		{ "02 01", 0, "longer than the data left" },
		{ "02 01 06 1f ff", 3, "longer than the data left" },
		{ "19 ff 4c 00 02 15 e2 c5 6d b5 df fb 48 d2 b0 60 d0 f5 a7 10 96 e0 00 01 00 65",
		  2, "iBeacon frame is 25 bytes" },
		{ "1a ff 4c 00 02 14 e2 c5 6d b5 df fb 48 d2 b0 60 d0 f5 a7 10 96 e0 00 01 00 65 "
		  "c5",
		  2, "iBeacon frame is 25 bytes" },
		{ "1a ff 18 01 be ac 2f 23 44 54 cf 6d 4a 0f ad f2 f4 91 1b a9 ff a6 00 01 00 02 "
		  "c5",
		  2, "AltBeacon frame is 26 bytes" },
		{ "03 16 aa fe", 4, "without a frame type" },
		{ "14 16 aa fe 00 e7 6a 3b 1c 0e 9d 2f 4a 5b 8c 7d 00 00 00 00 01", 4,
		  "Eddystone-UID frame is 18 or 20" },
		{ "05 16 aa fe 10 eb", 4, "needs a scheme" },
		{ "08 16 aa fe 10 eb 07 61 62", 6, "unknown Eddystone-URL scheme" },
		{ "08 16 aa fe 10 eb 03 61 20", 8, "reserved byte" },
		{ "08 16 aa fe 10 eb 03 61 0e", 8, "reserved byte" },
		{ "18 16 aa fe 10 eb 03 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61", 4,
		  "at most 20 bytes" },
		{ "10 16 aa fe 20 00 0b b8 18 80 00 00 30 39 00 01 e2", 4,
		  "TLM frame is 14 bytes" },
		{ "11 16 aa fe 20 01 0b b8 18 80 00 00 30 39 00 01 e2 40", 5, "version 0" },
		{ "0c 16 aa fe 30 f0 88 16 4c 9e 51 df bc", 4, "EID frame is 10 bytes" },
		{ "0d 16 aa fe 30 f0 88 16 4c 9e 51 df bc 05 00 07", 15, "after a zero-length" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		SoriFrame frames[4];
		SoriFrameError error = { 0 };
		gint n = parse_hex(cases[i].hex, frames, 4, &error);
		g_test_message("%s", cases[i].hex);
		g_assert_cmpint(n, ==, -1);
		g_assert_cmpuint(error.offset, ==, cases[i].offset);
		g_assert_nonnull(strstr(error.reason, cases[i].reason));
	}
	/* longer than any advertisement */
	{
		guint8 big[256] = { 0 };
		SoriFrame frames[1];
		SoriFrameError error = { 0 };
		g_assert_cmpint(sori_frame_parse_advertisement(big, sizeof(big), frames, 1, &error),
				==, -1);
	}
}

static void
roundtrip(const SoriFrame *frame, gboolean flags, gsize expected_len)
{
	guint8 data[SORI_ADV_DATA_MAX];
	SoriFrame back[4];
	SoriFrameError error = { 0 };
	gsize n = sori_frame_build_advertisement(frame, flags, data, sizeof(data));
	g_assert_cmpuint(n, ==, expected_len);
	g_assert_cmpint(sori_frame_parse_advertisement(data, n, back, 4, &error), ==, 1);
	g_assert_cmpint(back[0].kind, ==, frame->kind);
	if (frame->kind == SORI_FRAME_KIND_EDDYSTONE_URL) {
		g_assert_cmpstr(back[0].u.url.url, ==, frame->u.url.url);
		g_assert_cmpint(back[0].tx_power, ==, frame->tx_power);
	} else {
		g_assert_cmpmem(&back[0], sizeof(SoriFrame), frame, sizeof(SoriFrame));
	}
}

static void
test_build_roundtrip(void)
{
	SoriFrame frame;
	guint8 data[SORI_ADV_DATA_MAX];

	memset(&frame, 0, sizeof(frame));
	frame.kind = SORI_FRAME_KIND_IBEACON;
	frame.tx_power = -59;
	memset(frame.u.ibeacon.uuid, 0xab, 16);
	frame.u.ibeacon.major = 1;
	frame.u.ibeacon.minor = 65535;
	roundtrip(&frame, TRUE, 30);
	roundtrip(&frame, FALSE, 27);

	memset(&frame, 0, sizeof(frame));
	frame.kind = SORI_FRAME_KIND_ALTBEACON;
	frame.tx_power = -60;
	frame.u.altbeacon.company = 0x0118;
	memset(frame.u.altbeacon.id, 7, 20);
	roundtrip(&frame, FALSE, 28);
	/* 3 + 28 = 31: exactly fits */
	roundtrip(&frame, TRUE, 31);

	memset(&frame, 0, sizeof(frame));
	frame.kind = SORI_FRAME_KIND_EDDYSTONE_UID;
	frame.tx_power = -20;
	memset(frame.u.uid.namespace_id, 0x6a, 10);
	frame.u.uid.instance_id[5] = 1;
	roundtrip(&frame, TRUE, 31);

	memset(&frame, 0, sizeof(frame));
	frame.kind = SORI_FRAME_KIND_EDDYSTONE_TLM;
	frame.u.tlm.battery_mv = 2950;
	frame.u.tlm.temperature = -(3 * 256 + 64);
	frame.u.tlm.adv_count = 0xfffffffe;
	frame.u.tlm.uptime_deciseconds = 864000;
	roundtrip(&frame, TRUE, 25);

	memset(&frame, 0, sizeof(frame));
	frame.kind = SORI_FRAME_KIND_EDDYSTONE_EID;
	frame.tx_power = -16;
	memcpy(frame.u.eid.eid, "\x88\x16\x4c\x9e\x51\xdf\xbc\x05", 8);
	roundtrip(&frame, TRUE, 21);

	memset(&frame, 0, sizeof(frame));
	frame.kind = SORI_FRAME_KIND_EDDYSTONE_URL;
	frame.tx_power = -16;
	g_strlcpy(frame.u.url.url, "https://www.sori.org/visit", sizeof(frame.u.url.url));
	roundtrip(&frame, TRUE, 24);
	/* too long for one frame */
	g_strlcpy(frame.u.url.url, "https://a-very-long-host-name.example/path",
		  sizeof(frame.u.url.url));
	g_assert_cmpuint(sori_frame_build_advertisement(&frame, TRUE, data, sizeof(data)), ==, 0);
	/* not http(s) */
	g_strlcpy(frame.u.url.url, "ftp://x.org/", sizeof(frame.u.url.url));
	g_assert_cmpuint(sori_frame_build_advertisement(&frame, TRUE, data, sizeof(data)), ==, 0);
	/* no room in the caller's buffer */
	frame.kind = SORI_FRAME_KIND_EDDYSTONE_EID;
	g_assert_cmpuint(sori_frame_build_advertisement(&frame, TRUE, data, 10), ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/beacon-frame/ibeacon", test_ibeacon);
	g_test_add_func("/beacon-frame/altbeacon", test_altbeacon);
	g_test_add_func("/beacon-frame/eddystone-uid", test_eddystone_uid);
	g_test_add_func("/beacon-frame/eddystone-url", test_eddystone_url);
	g_test_add_func("/beacon-frame/eddystone-tlm", test_eddystone_tlm);
	g_test_add_func("/beacon-frame/eddystone-eid", test_eddystone_eid);
	g_test_add_func("/beacon-frame/several-and-others", test_several_and_others);
	g_test_add_func("/beacon-frame/malformed", test_malformed);
	g_test_add_func("/beacon-frame/build-roundtrip", test_build_roundtrip);
	return g_test_run();
}
