/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sori-beacon's configuration: one [frame NAME] group per advertisement.
 * Every key is documented in data/sori-beacon.conf.
 */

#define G_LOG_DOMAIN "sori-beacon"

#include "config.h"

#include <string.h>

#include "sori-beacon-config.h"
#include "sori-hex.h"

/* the most advertisements a controller keeps at once, in practice */
#define SLOTS_MAX 4

static gboolean sori_beacon_config_fail(GError **error, const gchar *group, const gchar *format,
					...) G_GNUC_PRINTF(3, 4);

static gboolean
sori_beacon_config_fail(GError **error, const gchar *group, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "[%s] %s", group,
		    message);
	return FALSE;
}

static gboolean
sori_beacon_config_get_int(GKeyFile *keyfile, const gchar *group, const gchar *key, gint64 min,
			   gint64 max, gint64 fallback, gint64 *out, GError **error)
{
	g_autofree gchar *text = g_key_file_get_string(keyfile, group, key, NULL);
	gint64 value;
	gchar *end = NULL;
	if (text == NULL) {
		*out = fallback;
		return TRUE;
	}
	value = g_ascii_strtoll(text, &end, 10);
	if (*text == '\0' || *end != '\0' || value < min || value > max)
		return sori_beacon_config_fail(
			error, group,
			"%s: '%s' is not a whole number from %" G_GINT64_FORMAT
			" to %" G_GINT64_FORMAT,
			key, text, min, max);
	*out = value;
	return TRUE;
}

static gboolean
sori_beacon_config_parse_frame(GKeyFile *keyfile, const gchar *group, SoriBeaconSlot *slot,
			       GError **error)
{
	static const gchar *const known[] = { "type",         "id",          "tx-power",
					      "identity-key", "exponent",    "clock-offset",
					      "battery-mv",   "temperature", NULL };
	g_autofree gchar *type = g_key_file_get_string(keyfile, group, "type", NULL);
	g_auto(GStrv) keys = g_key_file_get_keys(keyfile, group, NULL, NULL);
	gint64 tx = 0;
	gint64 value = 0;

	for (guint i = 0; keys != NULL && keys[i] != NULL; i++) {
		if (!g_strv_contains(known, keys[i]))
			return sori_beacon_config_fail(error, group, "unknown key '%s'", keys[i]);
	}
	memset(slot, 0, sizeof(*slot));
	if (g_strcmp0(type, "ibeacon") == 0 || g_strcmp0(type, "eddystone-uid") == 0) {
		g_autofree gchar *id_text = g_key_file_get_string(keyfile, group, "id", NULL);
		SoriLocationId id;
		const gchar *reason = NULL;
		gboolean ibeacon = g_str_equal(type, "ibeacon");
		if (id_text == NULL)
			return sori_beacon_config_fail(
				error, group, "id: required, e.g. ibeacon:<uuid>:<major>:<minor>");
		if (!sori_location_id_parse(id_text, strlen(id_text), &id, &reason))
			return sori_beacon_config_fail(error, group, "id: %s", reason);
		if (ibeacon != (id.kind == SORI_LOCATION_ID_KIND_IBEACON)
		    || (!ibeacon && id.kind != SORI_LOCATION_ID_KIND_EDDYSTONE_UID))
			return sori_beacon_config_fail(error, group,
						       "id: a %s frame needs a %s: ID", type, type);
		if (!sori_beacon_config_get_int(keyfile, group, "tx-power", -127, 20,
						ibeacon ? -59 : -18, &tx, error))
			return FALSE;
		slot->frame.tx_power = (gint8) tx;
		if (ibeacon) {
			slot->frame.kind = SORI_FRAME_KIND_IBEACON;
			memcpy(slot->frame.u.ibeacon.uuid, id.u.ibeacon.uuid, 16);
			slot->frame.u.ibeacon.major = id.u.ibeacon.major;
			slot->frame.u.ibeacon.minor = id.u.ibeacon.minor;
		} else {
			slot->frame.kind = SORI_FRAME_KIND_EDDYSTONE_UID;
			memcpy(slot->frame.u.uid.namespace_id, id.u.eddystone_uid.namespace_id, 10);
			memcpy(slot->frame.u.uid.instance_id, id.u.eddystone_uid.instance_id, 6);
		}
		return TRUE;
	}
	if (g_strcmp0(type, "eddystone-eid") == 0) {
		g_autofree gchar *key = g_key_file_get_string(keyfile, group, "identity-key", NULL);
		if (key == NULL || strlen(key) != 32)
			return sori_beacon_config_fail(
				error, group,
				"identity-key: 32 hexadecimal digits (sorictl beacon provision "
				"makes one)");
		if (!sori_hex_decode_exact(key, SORI_HEX_NONE, slot->identity_key, 16))
			return sori_beacon_config_fail(error, group,
						       "identity-key: 32 hexadecimal digits");
		if (!sori_beacon_config_get_int(keyfile, group, "exponent", 0, 15, 10, &value,
						error))
			return FALSE;
		slot->exponent = (guint8) value;
		if (!g_key_file_has_key(keyfile, group, "clock-offset", NULL))
			return sori_beacon_config_fail(
				error, group,
				"clock-offset: required: the beacon's counter minus "
				"Unix time, as registered");
		if (!sori_beacon_config_get_int(
			    keyfile, group, "clock-offset", -(G_GINT64_CONSTANT(1) << 33),
			    G_GINT64_CONSTANT(1) << 33, 0, &slot->clock_offset, error))
			return FALSE;
		if (!sori_beacon_config_get_int(keyfile, group, "tx-power", -127, 20, -18, &tx,
						error))
			return FALSE;
		slot->frame.kind = SORI_FRAME_KIND_EDDYSTONE_EID;
		slot->frame.tx_power = (gint8) tx;
		slot->rotating_eid = TRUE;
		return TRUE;
	}
	if (g_strcmp0(type, "eddystone-tlm") == 0) {
		if (!sori_beacon_config_get_int(keyfile, group, "battery-mv", 0, 65535, 0, &value,
						error))
			return FALSE;
		slot->frame.u.tlm.battery_mv = (guint16) value;
		if (!sori_beacon_config_get_int(keyfile, group, "temperature", -127, 127,
						G_MININT64 + 1, &value, error))
			return FALSE;
		slot->frame.u.tlm.temperature = value == G_MININT64 + 1
							? SORI_FRAME_TLM_NO_TEMPERATURE
							: (gint16) (value * 256);
		slot->frame.kind = SORI_FRAME_KIND_EDDYSTONE_TLM;
		slot->telemetry = TRUE;
		return TRUE;
	}
	return sori_beacon_config_fail(
		error, group,
		"type: ibeacon, eddystone-uid, eddystone-eid or eddystone-tlm, not '%s'",
		type != NULL ? type : "(missing)");
}

/**
 * sori_beacon_config_load:
 * @keyfile: the configuration
 *
 * Returns: (transfer full) (element-type SoriBeaconSlot) (nullable): the advertisements
 */
GArray *
sori_beacon_config_load(GKeyFile *keyfile, GError **error)
{
	g_autoptr(GArray) slots = g_array_new(FALSE, TRUE, sizeof(SoriBeaconSlot));
	g_auto(GStrv) groups = g_key_file_get_groups(keyfile, NULL);

	for (guint i = 0; groups[i] != NULL; i++) {
		SoriBeaconSlot slot;
		guint8 data[SORI_ADV_DATA_MAX];
		if (!g_str_has_prefix(groups[i], "frame ")) {
			g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
				    "[%s]: unknown group; advertisements are [frame NAME]",
				    groups[i]);
			return NULL;
		}
		if (!sori_beacon_config_parse_frame(keyfile, groups[i], &slot, error))
			return NULL;
		if (sori_frame_build_advertisement(&slot.frame, FALSE, data, sizeof(data)) == 0) {
			g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
				    "[%s] does not fit in 31 bytes of advertising data", groups[i]);
			return NULL;
		}
		g_array_append_val(slots, slot);
	}
	if (slots->len == 0 || slots->len > SLOTS_MAX) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
			    "configure 1 to %u advertisements, each a [frame NAME] group",
			    (guint) SLOTS_MAX);
		return NULL;
	}
	return g_steal_pointer(&slots);
}
