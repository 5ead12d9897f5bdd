/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The nRF52832 firmware's logic on the host: the PDUs it puts on the air over
 * time, the TLM interleaving and counters, the EID rotating exactly when the
 * RTC's clock rolls the period over, the advertising delay, and the checks of
 * a provisioned configuration.
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "sori-beacon-page.h"
#include "sori-fw-beacon.h"
#include "sori-test-util.h"

#define HZ ((guint64) SORI_FW_RTC_HZ)

static const guint8 key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static void
sample_config(SoriFwConfig *c)
{
	static const guint8 uuid[16] = { 0x5a, 0x4b, 0xcf, 0xce, 0x17, 0x4e, 0x4b, 0xac,
					 0xa8, 0x14, 0x09, 0x2e, 0x77, 0xf6, 0xb7, 0xe5 };
	static const guint8 address[6] = { 0x01, 0x01, 0x53, 0x4f, 0x52, 0xc9 };

	memset(c, 0, sizeof(*c));
	c->magic = SORI_FW_CONFIG_MAGIC;
	c->frames[0].kind = SORI_FRAME_KIND_IBEACON;
	c->frames[0].tx_power = -59;
	memcpy(c->frames[0].u.ibeacon.uuid, uuid, 16);
	c->frames[0].u.ibeacon.major = 1;
	c->frames[0].u.ibeacon.minor = 101;
	c->frames[1].kind = SORI_FRAME_KIND_EDDYSTONE_EID;
	c->frames[1].tx_power = -18;
	c->n_frames = 2;
	memcpy(c->identity_key, key, 16);
	c->exponent = 4; /* a new EID every 16 s */
	c->beacon_time_at_boot = 1000;
	c->interval_ms = 350;
	c->tlm_every = 5;
	memcpy(c->address, address, 6);
}

static void
test_pdu_layout(void)
{
	SoriFwConfig c;
	SoriFwBeacon b;
	guint8 pdu[SORI_FW_PDU_MAX];
	gsize len;
	g_autofree gchar *text = NULL;

	sample_config(&c);
	sori_fw_beacon_init(&b, &c);
	len = sori_fw_beacon_next_pdu(&b, 0, pdu);
	text = sori_test_hex(pdu, len);
	/* ADV_NONCONN_IND from a random address, 6 + 30 bytes: AdvA, then the
	 * flags and the iBeacon as a phone expects them */
	g_assert_cmpstr(text, ==,
			"4224"
			"0101534f52c9"
			"020106"
			"1aff4c0002155a4bcfce174e4baca814092e77f6b7e500010065c5");
	g_assert_cmpuint(len, <=, 2 + 37);
	g_assert_cmpuint(b.adv_count, ==, 3);
}

static void
test_slots_and_tlm(void)
{
	SoriFwConfig c;
	SoriFwBeacon b;
	guint8 pdu[SORI_FW_PDU_MAX];
	/* which frame each of the first ten events sends */
	const gchar *expected[] = { "ibeacon", "eid", "ibeacon", "eid", "tlm",
				    "ibeacon", "eid", "ibeacon", "eid", "tlm" };
	guint64 t = 0;

	sample_config(&c);
	sori_fw_beacon_init(&b, &c);
	b.battery_mv = 2950;
	b.temperature = 21 * 256 + 128;
	for (guint i = 0; i < G_N_ELEMENTS(expected); i++) {
		SoriFrame frames[2];
		gsize len = sori_fw_beacon_next_pdu(&b, t, pdu);
		int n = sori_frame_parse_advertisement(pdu + 8, len - 8, frames, 2, NULL);
		const gchar *kind;
		g_assert_cmpint(n, ==, 1);
		kind = frames[0].kind == SORI_FRAME_KIND_IBEACON         ? "ibeacon"
		       : frames[0].kind == SORI_FRAME_KIND_EDDYSTONE_EID ? "eid"
		       : frames[0].kind == SORI_FRAME_KIND_EDDYSTONE_TLM ? "tlm"
									 : "other";
		g_assert_cmpstr(kind, ==, expected[i]);
		if (frames[0].kind == SORI_FRAME_KIND_EDDYSTONE_TLM) {
			/* the PDUs sent before this one, three channels each */
			g_assert_cmpuint(frames[0].u.tlm.adv_count, ==, 3 * i);
			g_assert_cmpuint(frames[0].u.tlm.battery_mv, ==, 2950);
			g_assert_cmpint(frames[0].u.tlm.temperature, ==, 21 * 256 + 128);
			g_assert_cmpuint(frames[0].u.tlm.uptime_deciseconds, ==, t * 10 / HZ);
		}
		t += sori_fw_beacon_delay_ticks(&b, 0);
	}
}

static void
test_eid_rotates_on_rtc(void)
{
	SoriFwConfig c;
	SoriFwBeacon b;
	guint8 pdu[SORI_FW_PDU_MAX];
	guint8 expected[SORI_EID_SIZE];
	/* boot at 1000 s: the 16-s period rolls over at beacon time 1008, 8 s in */
	guint64 before = 8 * HZ - 1;
	guint64 after = 8 * HZ;

	sample_config(&c);
	c.tlm_every = 0;
	c.frames[0] = c.frames[1];
	c.n_frames = 1;
	sori_fw_beacon_init(&b, &c);

	g_assert_cmpuint(sori_fw_beacon_next_pdu(&b, before, pdu), >, 0);
	sori_eid_compute(key, 4, 1007, expected);
	g_assert_cmpmem(b.eid, 8, expected, 8);
	/* the EID is the frame's last 8 bytes */
	g_assert_cmpmem(pdu + 2 + pdu[1] - 8, 8, expected, 8);
	g_assert_cmpuint(sori_fw_beacon_time(&b, before), ==, 1007);

	g_assert_cmpuint(sori_fw_beacon_next_pdu(&b, after, pdu), >, 0);
	sori_eid_compute(key, 4, 1008, expected);
	g_assert_cmpmem(pdu + 2 + pdu[1] - 8, 8, expected, 8);
	{
		guint8 old[SORI_EID_SIZE];
		sori_eid_compute(key, 4, 1007, old);
		g_assert_true(memcmp(old, expected, 8) != 0);
	}

	/* days later, across a temporary-key epoch (65,536 s) */
	{
		guint64 later = (guint64) (65536 - 1000 + 5) * HZ;
		g_assert_cmpuint(sori_fw_beacon_next_pdu(&b, later, pdu), >, 0);
		sori_eid_compute(key, 4, 65536 + 5, expected);
		g_assert_cmpmem(pdu + 2 + pdu[1] - 8, 8, expected, 8);
	}
}

static void
test_delay(void)
{
	SoriFwConfig c;
	SoriFwBeacon b;
	guint32 least = G_MAXUINT32;
	guint32 most = 0;

	sample_config(&c);
	sori_fw_beacon_init(&b, &c);
	for (guint r = 0; r < 256; r++) {
		guint32 d = sori_fw_beacon_delay_ticks(&b, (guint8) r);
		least = MIN(least, d);
		most = MAX(most, d);
	}
	/* 350 ms, plus advDelay of 0 to 10 ms */
	g_assert_cmpuint(least, ==, 350 * SORI_FW_RTC_HZ / 1000);
	g_assert_cmpuint(most, <=, 360 * SORI_FW_RTC_HZ / 1000);
	g_assert_cmpuint(most, >=, 359 * SORI_FW_RTC_HZ / 1000);
}

static void
test_config_check(void)
{
	SoriFwConfig c;
	const gchar *reason = NULL;

	sample_config(&c);
	g_assert_true(sori_fw_config_check(&c, &reason));
	g_assert_null(reason);

	sample_config(&c);
	c.magic = 0xffffffff; /* erased flash */
	g_assert_false(sori_fw_config_check(&c, &reason));
	g_assert_cmpstr(reason, ==, "the beacon has not been provisioned");

	sample_config(&c);
	c.interval_ms = 20;
	g_assert_false(sori_fw_config_check(&c, &reason));
	g_assert_nonnull(strstr(reason, "interval"));

	sample_config(&c);
	c.n_frames = 0;
	g_assert_false(sori_fw_config_check(&c, &reason));

	sample_config(&c);
	c.frames[0].kind = SORI_FRAME_KIND_EDDYSTONE_TLM;
	g_assert_false(sori_fw_config_check(&c, &reason));

	sample_config(&c);
	c.address[5] = 0x12; /* a public-looking address */
	g_assert_false(sori_fw_config_check(&c, &reason));
	g_assert_nonnull(strstr(reason, "random static"));

	sample_config(&c);
	c.exponent = 16;
	g_assert_false(sori_fw_config_check(&c, &reason));
}

static void
test_page_round_trip(void)
{
	SoriFwConfig c;
	SoriFwConfig back;
	guint8 page[SORI_FW_PAGE_MAX];
	guint8 erased[64];
	const gchar *reason = NULL;
	gsize len;

	sample_config(&c);
	len = sori_fw_page_build(&c, page, sizeof(page));
	g_assert_cmpuint(len, >, 40);
	g_assert_cmpmem(page, 4, "SORI", 4);
	g_assert_cmpint(sori_fw_page_parse(page, len, &back, &reason), ==, SORI_FW_PAGE_OK);
	g_assert_cmpuint(back.n_frames, ==, 2);
	g_assert_cmpint(back.frames[0].kind, ==, SORI_FRAME_KIND_IBEACON);
	g_assert_cmpuint(back.frames[0].u.ibeacon.minor, ==, 101);
	g_assert_cmpint(back.frames[0].tx_power, ==, -59);
	g_assert_cmpint(back.frames[1].kind, ==, SORI_FRAME_KIND_EDDYSTONE_EID);
	g_assert_cmpmem(back.identity_key, 16, key, 16);
	g_assert_cmpuint(back.exponent, ==, 4);
	g_assert_cmpuint(back.beacon_time_at_boot, ==, 1000);
	g_assert_cmpuint(back.interval_ms, ==, 350);
	g_assert_cmpuint(back.tlm_every, ==, 5);
	g_assert_cmpmem(back.address, 6, c.address, 6);

	/* one bit flipped anywhere: refused */
	for (gsize i = 4; i < len; i += 7) {
		page[i] ^= 0x10;
		g_assert_cmpint(sori_fw_page_parse(page, len, &back, &reason), ==,
				SORI_FW_PAGE_INVALID);
		page[i] ^= 0x10;
	}
	/* truncated: refused */
	g_assert_cmpint(sori_fw_page_parse(page, len - 5, &back, &reason), ==,
			SORI_FW_PAGE_INVALID);
	/* erased flash: the firmware falls back to its sample frames */
	memset(erased, 0xff, sizeof(erased));
	g_assert_cmpint(sori_fw_page_parse(erased, sizeof(erased), &back, &reason), ==,
			SORI_FW_PAGE_ERASED);
}

static void
test_intel_hex(void)
{
	guint8 data[20];
	g_autofree gchar *hex = NULL;

	for (guint i = 0; i < sizeof(data); i++)
		data[i] = (guint8) i;
	hex = sori_beacon_intel_hex(data, sizeof(data), SORI_FW_PAGE_ADDRESS);
	/* the upper address 0x0007, 16 bytes at 0xf000, 4 at 0xf010, the end */
	g_assert_cmpstr(hex, ==,
			":020000040007F3\n"
			":10F00000000102030405060708090A0B0C0D0E0F88\n"
			":04F0100010111213B6\n"
			":00000001FF\n");
}

static void
test_firmware_config_from_slots(void)
{
	SoriBeaconSlot slots[2] = { 0 };
	SoriFwConfig c;
	g_autoptr(GError) error = NULL;

	slots[0].frame.kind = SORI_FRAME_KIND_EDDYSTONE_EID;
	slots[0].rotating_eid = TRUE;
	memcpy(slots[0].identity_key, key, 16);
	slots[0].exponent = 10;
	slots[0].clock_offset = -1489580104;
	slots[1].frame.kind = SORI_FRAME_KIND_EDDYSTONE_TLM;
	slots[1].telemetry = TRUE;
	g_assert_true(sori_beacon_firmware_config(slots, 2, "C9:52:4F:53:01:01", 500, 1795000000,
						  &c, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(c.n_frames, ==, 1);
	g_assert_cmpuint(c.tlm_every, ==, 10);
	g_assert_cmpuint(c.beacon_time_at_boot, ==, 1795000000 - 1489580104);
	g_assert_cmpuint(c.address[5], ==, 0xc9);
	g_assert_cmpuint(c.address[0], ==, 0x01);

	g_assert_false(sori_beacon_firmware_config(slots, 2, "C9:52:4F", 500, 0, &c, &error));
	g_assert_nonnull(strstr(error->message, "--address"));
	g_clear_error(&error);
	/* 0x12...: not a random static address */
	g_assert_false(
		sori_beacon_firmware_config(slots, 2, "12:52:4F:53:01:01", 500, 0, &c, &error));
	g_assert_nonnull(strstr(error->message, "random static"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/firmware/pdu-layout", test_pdu_layout);
	g_test_add_func("/firmware/slots-and-tlm", test_slots_and_tlm);
	g_test_add_func("/firmware/eid-rotates-on-rtc", test_eid_rotates_on_rtc);
	g_test_add_func("/firmware/delay", test_delay);
	g_test_add_func("/firmware/config-check", test_config_check);
	g_test_add_func("/firmware/page-round-trip", test_page_round_trip);
	g_test_add_func("/firmware/intel-hex", test_intel_hex);
	g_test_add_func("/firmware/config-from-slots", test_firmware_config_from_slots);
	return g_test_run();
}
