/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The nRF52832 firmware's configuration page, from sori-beacon's
 * configuration: one file describes a beacon whether a Linux board or an
 * nRF52 sends it.
 */

#include "config.h"

#include <string.h>

#include "sori-beacon-page.h"
#include "sori-hex.h"

/* "C9:52:4F:53:01:01", as tools print it, most significant byte first */
static gboolean
sori_beacon_page_parse_address(const gchar *text, guint8 address[6])
{
	guint8 bytes[6];

	if (strlen(text) != 17)
		return FALSE;
	for (guint i = 0; i < 5; i++) {
		if (text[3 * i + 2] != ':')
			return FALSE;
	}
	if (!sori_hex_decode_exact(text, SORI_HEX_SEPARATORS, bytes, sizeof(bytes)))
		return FALSE;
	for (guint i = 0; i < 6; i++)
		address[5 - i] = bytes[i];
	return TRUE;
}

/**
 * sori_beacon_firmware_config:
 * @address: (nullable): the beacon's random static address; %NULL makes one
 * @interval_ms: the advertising interval
 * @now: the Unix time the beacon is provisioned at: its EID counter starts
 *	there, plus the provisioned clock offset
 */
gboolean
sori_beacon_firmware_config(const SoriBeaconSlot *slots, guint n_slots, const gchar *address,
			    guint interval_ms, gint64 now, SoriFwConfig *config, GError **error)
{
	gboolean has_key = FALSE;
	const gchar *reason = NULL;

	memset(config, 0, sizeof(*config));
	config->magic = SORI_FW_CONFIG_MAGIC;
	config->interval_ms = (guint16) MIN(interval_ms, G_MAXUINT16);
	for (guint i = 0; i < n_slots; i++) {
		const SoriBeaconSlot *slot = &slots[i];
		if (slot->telemetry) {
			/* one event in ten carries TLM, as Eddystone suggests */
			config->tlm_every = 10;
			continue;
		}
		if (config->n_frames == SORI_FW_SLOTS_MAX) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
				    "the firmware sends at most %d frames besides TLM",
				    SORI_FW_SLOTS_MAX);
			return FALSE;
		}
		if (slot->rotating_eid) {
			if (has_key && memcmp(config->identity_key, slot->identity_key, 16) != 0) {
				g_set_error_literal(
					error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
					"the firmware holds one EID identity key: one EID frame");
				return FALSE;
			}
			memcpy(config->identity_key, slot->identity_key, 16);
			config->exponent = slot->exponent;
			config->beacon_time_at_boot = (guint32) (now + slot->clock_offset);
			has_key = TRUE;
		}
		config->frames[config->n_frames++] = slot->frame;
	}
	if (address != NULL) {
		if (!sori_beacon_page_parse_address(address, config->address)) {
			g_set_error(
				error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
				"--address %s: write six hexadecimal bytes, e.g. C9:52:4F:53:01:01",
				address);
			return FALSE;
		}
	} else {
		for (guint i = 0; i < 6; i++)
			config->address[i] = (guint8) g_random_int_range(0, 256);
		config->address[5] |= 0xc0;
	}
	if (!sori_fw_config_check(config, &reason)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s", reason);
		return FALSE;
	}
	return TRUE;
}

static void
sori_beacon_page_hex_record(GString *out, guint8 type, guint16 offset, const guint8 *data,
			    gsize len)
{
	guint8 sum = (guint8) (len + (offset >> 8) + (offset & 0xff) + type);
	g_string_append_printf(out, ":%02X%04X%02X", (guint) len, offset, type);
	for (gsize i = 0; i < len; i++) {
		g_string_append_printf(out, "%02X", data[i]);
		sum += data[i];
	}
	g_string_append_printf(out, "%02X\n", (guint8) (0x100 - sum));
}

/**
 * sori_beacon_intel_hex:
 *
 * Returns: (transfer full): @data at @address as Intel HEX, for a flashing tool
 */
gchar *
sori_beacon_intel_hex(const guint8 *data, gsize len, guint32 address)
{
	GString *out = g_string_new(NULL);
	guint32 upper = G_MAXUINT32;

	for (gsize pos = 0; pos < len; pos += 16) {
		guint32 at = address + (guint32) pos;
		if (at >> 16 != upper) {
			guint8 ela[2] = { (guint8) (at >> 24), (guint8) (at >> 16) };
			upper = at >> 16;
			sori_beacon_page_hex_record(out, 0x04, 0, ela, 2);
		}
		sori_beacon_page_hex_record(out, 0x00, (guint16) at, data + pos,
					    MIN(16, len - pos));
	}
	sori_beacon_page_hex_record(out, 0x01, 0, NULL, 0);
	return g_string_free(out, FALSE);
}
