/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl beacon: decode, encode, compute EIDs, provision EID beacons.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "sori-beacon-frame.h"
#include "sori-file.h"
#include "sori-eid-resolver.h"
#include "sori-eid.h"
#include "sori-hex.h"
#include "sorictl-common.h"
#include "sorictl-beacon.h"

static void
sorictl_beacon_add_frame_json(JsonBuilder *b, const SoriFrame *frame)
{
	SoriLocationId id;
	gchar text[SORI_LOCATION_ID_TEXT_MAX];
	g_autofree gchar *hex = NULL;
	static const gchar *const kinds[] = {
		[SORI_FRAME_KIND_IBEACON] = "ibeacon",
		[SORI_FRAME_KIND_ALTBEACON] = "altbeacon",
		[SORI_FRAME_KIND_EDDYSTONE_UID] = "eddystone-uid",
		[SORI_FRAME_KIND_EDDYSTONE_URL] = "eddystone-url",
		[SORI_FRAME_KIND_EDDYSTONE_TLM] = "eddystone-tlm",
		[SORI_FRAME_KIND_EDDYSTONE_EID] = "eddystone-eid",
	};

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "type");
	json_builder_add_string_value(b, kinds[frame->kind]);
	if (sori_frame_get_location_id(frame, &id)) {
		sori_location_id_format(&id, text, sizeof(text));
		json_builder_set_member_name(b, "location_id");
		json_builder_add_string_value(b, text);
	}
	switch (frame->kind) {
	case SORI_FRAME_KIND_IBEACON:
		json_builder_set_member_name(b, "major");
		json_builder_add_int_value(b, frame->u.ibeacon.major);
		json_builder_set_member_name(b, "minor");
		json_builder_add_int_value(b, frame->u.ibeacon.minor);
		json_builder_set_member_name(b, "measured_power");
		json_builder_add_int_value(b, frame->tx_power);
		break;
	case SORI_FRAME_KIND_ALTBEACON:
		hex = sori_hex_encode(frame->u.altbeacon.id, 20);
		json_builder_set_member_name(b, "company");
		json_builder_add_int_value(b, frame->u.altbeacon.company);
		json_builder_set_member_name(b, "id");
		json_builder_add_string_value(b, hex);
		json_builder_set_member_name(b, "measured_power");
		json_builder_add_int_value(b, frame->tx_power);
		break;
	case SORI_FRAME_KIND_EDDYSTONE_UID:
	case SORI_FRAME_KIND_EDDYSTONE_EID:
		json_builder_set_member_name(b, "tx_power_0m");
		json_builder_add_int_value(b, frame->tx_power);
		break;
	case SORI_FRAME_KIND_EDDYSTONE_URL:
		json_builder_set_member_name(b, "url");
		json_builder_add_string_value(b, frame->u.url.url);
		json_builder_set_member_name(b, "tx_power_0m");
		json_builder_add_int_value(b, frame->tx_power);
		break;
	case SORI_FRAME_KIND_EDDYSTONE_TLM:
		json_builder_set_member_name(b, "battery_mv");
		json_builder_add_int_value(b, frame->u.tlm.battery_mv);
		json_builder_set_member_name(b, "temperature_c");
		if (frame->u.tlm.temperature == SORI_FRAME_TLM_NO_TEMPERATURE)
			json_builder_add_null_value(b);
		else
			json_builder_add_double_value(b, frame->u.tlm.temperature / 256.0);
		json_builder_set_member_name(b, "adv_count");
		json_builder_add_int_value(b, frame->u.tlm.adv_count);
		json_builder_set_member_name(b, "uptime_s");
		json_builder_add_double_value(b, frame->u.tlm.uptime_deciseconds / 10.0);
		break;
	default:
		break;
	}
	json_builder_end_object(b);
}

static void
sorictl_beacon_print_json(JsonNode *root)
{
	g_autoptr(JsonGenerator) generator = json_generator_new();
	g_autofree gchar *text = NULL;
	json_generator_set_root(generator, root);
	json_generator_set_pretty(generator, TRUE);
	text = json_generator_to_data(generator, NULL);
	printf("%s\n", text);
}

static gint
sorictl_beacon_decode_run(gint argc, gchar **argv)
{
	g_autoptr(GOptionContext) context = g_option_context_new("HEX");
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonBuilder) builder = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	guint8 data[256];
	gsize len = 0;
	SoriFrame frames[16];
	SoriFrameError frame_error = { 0 };
	gint n;

	g_option_context_set_summary(
		context, "Prints the beacon frames in raw BLE advertising data (as hex,\n"
			 "spaces and colons allowed) as JSON. A malformed payload is named\n"
			 "by the offset of the fault and its reason, with exit status 1.");
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 2)
		return sorictl_usage_error("give the advertising data as one HEX argument");
	if (!sori_hex_decode(argv[1], SORI_HEX_SEPARATORS, data, sizeof(data), &len)) {
		fprintf(stderr, "%s: not hexadecimal bytes, or more than 255 of them\n",
			g_get_prgname());
		return SORICTL_EXIT_PROBLEM;
	}
	n = sori_frame_parse_advertisement(data, len, frames, G_N_ELEMENTS(frames), &frame_error);
	if (n < 0) {
		fprintf(stderr, "%s: byte %" G_GSIZE_FORMAT ": %s\n", g_get_prgname(),
			frame_error.offset, frame_error.reason);
		return SORICTL_EXIT_PROBLEM;
	}
	json_builder_begin_array(builder);
	for (gint i = 0; i < n; i++)
		sorictl_beacon_add_frame_json(builder, &frames[i]);
	json_builder_end_array(builder);
	root = json_builder_get_root(builder);
	sorictl_beacon_print_json(root);
	return EXIT_SUCCESS;
}

static gboolean
sorictl_beacon_parse_int(const gchar *text, gint64 min, gint64 max, gint64 *out)
{
	gchar *end = NULL;
	gint64 value;
	if (text == NULL || *text == '\0')
		return FALSE;
	errno = 0;
	value = g_ascii_strtoll(text, &end, 0);
	if (errno != 0 || *end != '\0' || value < min || value > max)
		return FALSE;
	*out = value;
	return TRUE;
}

/* an iBeacon or Eddystone-UID frame of a location ID; %NULL, or what is wrong */
static const gchar *
sorictl_beacon_id_frame(const gchar *type, const gchar *location, SoriFrame *frame)
{
	SoriLocationId id;
	const gchar *reason = NULL;

	if (location == NULL)
		return "--id is required";
	if (!sori_location_id_parse(location, strlen(location), &id, &reason))
		return reason;
	if (g_strcmp0(type, "ibeacon") == 0) {
		if (id.kind != SORI_LOCATION_ID_KIND_IBEACON)
			return "--id must be ibeacon:<uuid>:<major>:<minor>";
		frame->kind = SORI_FRAME_KIND_IBEACON;
		memcpy(frame->u.ibeacon.uuid, id.u.ibeacon.uuid, 16);
		frame->u.ibeacon.major = id.u.ibeacon.major;
		frame->u.ibeacon.minor = id.u.ibeacon.minor;
		frame->tx_power = -59;
		return NULL;
	}
	if (id.kind != SORI_LOCATION_ID_KIND_EDDYSTONE_UID)
		return "--id must be eddystone-uid:<namespace>:<instance>";
	frame->kind = SORI_FRAME_KIND_EDDYSTONE_UID;
	memcpy(frame->u.uid.namespace_id, id.u.eddystone_uid.namespace_id, 10);
	memcpy(frame->u.uid.instance_id, id.u.eddystone_uid.instance_id, 6);
	frame->tx_power = -18;
	return NULL;
}

/* an Eddystone-TLM frame of the telemetry given; %NULL, or what is wrong */
static const gchar *
sorictl_beacon_tlm_frame(const gchar *battery, const gchar *temperature, const gchar *adv_count,
			 const gchar *uptime, SoriFrame *frame)
{
	gint64 value = 0;

	frame->kind = SORI_FRAME_KIND_EDDYSTONE_TLM;
	frame->u.tlm.temperature = SORI_FRAME_TLM_NO_TEMPERATURE;
	if (battery != NULL) {
		if (!sorictl_beacon_parse_int(battery, 0, 65535, &value))
			return "--battery-mv: 0 to 65535";
		frame->u.tlm.battery_mv = (guint16) value;
	}
	if (temperature != NULL) {
		gchar *end = NULL;
		gdouble c = g_ascii_strtod(temperature, &end);
		if (*end != '\0' || c < -127 || c > 127)
			return "--temperature: -127 to 127 °C";
		frame->u.tlm.temperature = (gint16) (c * 256.0);
	}
	if (adv_count != NULL) {
		if (!sorictl_beacon_parse_int(adv_count, 0, G_MAXUINT32, &value))
			return "--adv-count: 0 to 4294967295";
		frame->u.tlm.adv_count = (guint32) value;
	}
	if (uptime != NULL) {
		if (!sorictl_beacon_parse_int(uptime, 0, G_MAXUINT32 / 10, &value))
			return "--uptime: seconds, 0 to 429496729";
		frame->u.tlm.uptime_deciseconds = (guint32) value * 10;
	}
	return NULL;
}

static gint
sorictl_beacon_encode_run(gint argc, gchar **argv)
{
	g_autofree gchar *type = NULL;
	g_autofree gchar *location = NULL;
	g_autofree gchar *url = NULL;
	g_autofree gchar *eid = NULL;
	g_autofree gchar *tx = NULL;
	g_autofree gchar *battery = NULL;
	g_autofree gchar *temperature = NULL;
	g_autofree gchar *adv_count = NULL;
	g_autofree gchar *uptime = NULL;
	g_autofree gchar *company = NULL;
	g_autofree gchar *beacon_id = NULL;
	gboolean no_flags = FALSE;
	g_autoptr(GOptionContext) context = g_option_context_new("");
	g_autoptr(GError) error = NULL;
	const GOptionEntry entries[] = {
		{ "type", 't', 0, G_OPTION_ARG_STRING, &type,
		  "ibeacon, altbeacon, eddystone-uid, eddystone-url, eddystone-tlm or "
		  "eddystone-eid",
		  "TYPE" },
		{ "company", 0, 0, G_OPTION_ARG_STRING, &company,
		  "AltBeacon: the manufacturer's company identifier", "N" },
		{ "beacon-id", 0, 0, G_OPTION_ARG_STRING, &beacon_id,
		  "AltBeacon: the 20-byte beacon ID, 40 hex digits", "HEX" },
		{ "id", 0, 0, G_OPTION_ARG_STRING, &location,
		  "The location ID (ibeacon:… or eddystone-uid:…)", "ID" },
		{ "url", 0, 0, G_OPTION_ARG_STRING, &url, "The URL of an Eddystone-URL frame",
		  "URL" },
		{ "eid", 0, 0, G_OPTION_ARG_STRING, &eid, "The 16 hex digits of an EID frame",
		  "HEX" },
		{ "tx-power", 0, 0, G_OPTION_ARG_STRING, &tx,
		  "dBm at 1 m (iBeacon) or at 0 m (Eddystone); default -59 or -18", "DBM" },
		{ "battery-mv", 0, 0, G_OPTION_ARG_STRING, &battery, "TLM: battery voltage", "MV" },
		{ "temperature", 0, 0, G_OPTION_ARG_STRING, &temperature,
		  "TLM: °C, in steps of 1/256", "C" },
		{ "adv-count", 0, 0, G_OPTION_ARG_STRING, &adv_count, "TLM: advertisements sent",
		  "N" },
		{ "uptime", 0, 0, G_OPTION_ARG_STRING, &uptime, "TLM: seconds since power-up",
		  "S" },
		{ "no-flags", 0, 0, G_OPTION_ARG_NONE, &no_flags,
		  "Leave out the Flags AD structure (BlueZ broadcast advertisements)", NULL },
		{ NULL },
	};
	SoriFrame frame = { 0 };
	guint8 data[SORI_ADV_DATA_MAX];
	gsize n;
	gint64 value = 0;
	g_autofree gchar *hex = NULL;

	g_option_context_set_summary(context, "Prints the advertising data, as hex, of one beacon "
					      "frame.\nExample: sorictl beacon encode --type "
					      "ibeacon --id ibeacon:UUID:1:101");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 1)
		return sorictl_usage_error("unexpected arguments");
	if (type == NULL)
		return sorictl_usage_error("--type is required");
	if (g_strcmp0(type, "ibeacon") == 0 || g_strcmp0(type, "eddystone-uid") == 0) {
		const gchar *problem = sorictl_beacon_id_frame(type, location, &frame);
		if (problem != NULL)
			return sorictl_usage_error(problem);
	} else if (g_strcmp0(type, "altbeacon") == 0) {
		gsize len = 0;
		if (!sorictl_beacon_parse_int(company, 0, 65535, &value))
			return sorictl_usage_error("--company: a company identifier, 0 to 65535");
		if (beacon_id == NULL
		    || !sori_hex_decode(beacon_id, SORI_HEX_SEPARATORS, frame.u.altbeacon.id, 20,
					&len)
		    || len != 20)
			return sorictl_usage_error("--beacon-id must be 40 hexadecimal digits");
		frame.kind = SORI_FRAME_KIND_ALTBEACON;
		frame.u.altbeacon.company = (guint16) value;
		frame.tx_power = -59;
	} else if (g_strcmp0(type, "eddystone-url") == 0) {
		if (url == NULL || strlen(url) > SORI_FRAME_URL_MAX)
			return sorictl_usage_error("--url is required");
		frame.kind = SORI_FRAME_KIND_EDDYSTONE_URL;
		g_strlcpy(frame.u.url.url, url, sizeof(frame.u.url.url));
		frame.tx_power = -18;
	} else if (g_strcmp0(type, "eddystone-eid") == 0) {
		gsize len = 0;
		if (eid == NULL
		    || !sori_hex_decode(eid, SORI_HEX_SEPARATORS, frame.u.eid.eid, 8, &len)
		    || len != 8)
			return sorictl_usage_error("--eid must be 16 hexadecimal digits");
		frame.kind = SORI_FRAME_KIND_EDDYSTONE_EID;
		frame.tx_power = -18;
	} else if (g_strcmp0(type, "eddystone-tlm") == 0) {
		const gchar *problem
			= sorictl_beacon_tlm_frame(battery, temperature, adv_count, uptime, &frame);
		if (problem != NULL)
			return sorictl_usage_error(problem);
	} else {
		return sorictl_usage_error(
			"--type: ibeacon, eddystone-uid, eddystone-url, eddystone-tlm or "
			"eddystone-eid");
	}
	if (tx != NULL) {
		if (!sorictl_beacon_parse_int(tx, -127, 20, &value))
			return sorictl_usage_error("--tx-power: -127 to 20 dBm");
		frame.tx_power = (gint8) value;
	}
	n = sori_frame_build_advertisement(&frame, !no_flags, data, sizeof(data));
	if (n == 0) {
		fprintf(stderr, "%s: the frame does not fit in 31 bytes of advertising data%s\n",
			g_get_prgname(),
			frame.kind == SORI_FRAME_KIND_EDDYSTONE_URL ? " (shorten the URL)" : "");
		return SORICTL_EXIT_PROBLEM;
	}
	hex = sori_hex_encode(data, n);
	printf("%s\n", hex);
	return EXIT_SUCCESS;
}

static gint
sorictl_beacon_eid_run(gint argc, gchar **argv)
{
	g_autofree gchar *key_hex = NULL;
	g_autofree gchar *exponent_text = NULL;
	g_autofree gchar *time_text = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("");
	g_autoptr(GError) error = NULL;
	const GOptionEntry entries[] = {
		{ "identity-key", 'k', 0, G_OPTION_ARG_STRING, &key_hex,
		  "The beacon's identity key, 32 hex digits", "HEX" },
		{ "exponent", 'e', 0, G_OPTION_ARG_STRING, &exponent_text,
		  "The rotation period exponent K, 0 to 15 (a new EID every 2^K s)", "K" },
		{ "time", 't', 0, G_OPTION_ARG_STRING, &time_text,
		  "The beacon's time counter, in seconds", "SECONDS" },
		{ NULL },
	};
	guint8 key[16];
	guint8 eid[8];
	gsize len = 0;
	gint64 exponent;
	gint64 beacon_time;
	g_autofree gchar *hex = NULL;

	g_option_context_set_summary(context, "Prints the Eddystone-EID a beacon broadcasts, as 16 "
					      "lowercase hex digits.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 1)
		return sorictl_usage_error("unexpected arguments");
	if (key_hex == NULL
	    || !sori_hex_decode(key_hex, SORI_HEX_SEPARATORS, key, sizeof(key), &len) || len != 16)
		return sorictl_usage_error("--identity-key must be 32 hexadecimal digits");
	if (!sorictl_beacon_parse_int(exponent_text, 0, 15, &exponent))
		return sorictl_usage_error("--exponent must be 0 to 15");
	if (!sorictl_beacon_parse_int(time_text, 0, G_MAXUINT32, &beacon_time))
		return sorictl_usage_error("--time must be 0 to 4294967295 seconds");
	sori_eid_compute(key, (guint8) exponent, (guint32) beacon_time, eid);
	hex = sori_hex_encode(eid, 8);
	printf("%s\n", hex);
	memset(key, 0, sizeof(key));
	return EXIT_SUCCESS;
}

/* writes @root to @path atomically, mode 0600: the file holds secret keys */
static gboolean
sorictl_beacon_write_registry(const gchar *path, JsonNode *root, GError **error)
{
	g_autofree gchar *text = json_to_string(root, TRUE);
	return sori_file_replace(path, (const guint8 *) text, strlen(text), 0600, error);
}

static gint
sorictl_beacon_provision_run(gint argc, gchar **argv)
{
	g_autofree gchar *name = NULL;
	g_autofree gchar *registry = NULL;
	gint exponent = 10;
	g_autoptr(GOptionContext) context = g_option_context_new("");
	g_autoptr(GError) error = NULL;
	const GOptionEntry entries[] = {
		{ "name", 'n', 0, G_OPTION_ARG_STRING, &name,
		  "The beacon's name, as catalogues bind it (eid:NAME)", "NAME" },
		{ "registry", 'r', 0, G_OPTION_ARG_FILENAME, &registry,
		  "The private beacon registry to add it to (created, mode 0600, if missing)",
		  "FILE" },
		{ "exponent", 'e', 0, G_OPTION_ARG_INT, &exponent,
		  "Rotation period exponent, 0 to 15 (default 10: a new EID every 17 min)", "K" },
		{ NULL },
	};
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonBuilder) builder = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(SoriEidResolver) check = sori_eid_resolver_new();
	JsonArray *beacons = NULL;
	guint8 key[16];
	guint8 eid[8];
	g_autofree gchar *key_hex = NULL;
	g_autofree gchar *eid_hex = NULL;
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	/* near a temporary-key roll-over, as the EID specification recommends, so
	 * that the beacon's roll-over is exercised within the first day */
	guint32 initial = 65280;
	gint64 offset = (gint64) initial - now;

	g_option_context_set_summary(
		context,
		"Makes a new Eddystone-EID beacon: a random identity key and its entry in\n"
		"the private registry (which sorid reads with beacon-registry=), and prints\n"
		"the settings to load into the beacon. Keep the output secret.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 1)
		return sorictl_usage_error("unexpected arguments");
	if (name == NULL || registry == NULL)
		return sorictl_usage_error("--name and --registry are required");
	if (exponent < 0 || exponent > 15)
		return sorictl_usage_error("--exponent must be 0 to 15");
	if (getrandom(key, sizeof(key), 0) != sizeof(key)) {
		fprintf(stderr, "%s: no randomness for a key: %s\n", g_get_prgname(),
			g_strerror(errno));
		return SORICTL_EXIT_PROBLEM;
	}
	/* the existing registry, which must load (and be private) before it is added to */
	if (g_file_test(registry, G_FILE_TEST_EXISTS)) {
		if (!sori_eid_resolver_load_registry(check, registry, &error)) {
			fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
			return SORICTL_EXIT_PROBLEM;
		}
		if (!json_parser_load_from_file(parser, registry, &error)) {
			fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
			return SORICTL_EXIT_PROBLEM;
		}
		beacons = json_object_get_array_member(
			json_node_get_object(json_parser_get_root(parser)), "beacons");
	}
	if (!sori_eid_resolver_add(check, name, key, (guint8) exponent, offset, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	key_hex = sori_hex_encode(key, 16);
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "format");
	json_builder_add_string_value(builder, "sori-beacon-registry/1");
	json_builder_set_member_name(builder, "beacons");
	json_builder_begin_array(builder);
	for (guint i = 0; beacons != NULL && i < json_array_get_length(beacons); i++)
		json_builder_add_value(builder, json_node_copy(json_array_get_element(beacons, i)));
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "name");
	json_builder_add_string_value(builder, name);
	json_builder_set_member_name(builder, "identity_key");
	json_builder_add_string_value(builder, key_hex);
	json_builder_set_member_name(builder, "exponent");
	json_builder_add_int_value(builder, exponent);
	json_builder_set_member_name(builder, "clock_offset");
	json_builder_add_int_value(builder, offset);
	json_builder_end_object(builder);
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	root = json_builder_get_root(builder);
	if (!sorictl_beacon_write_registry(registry, root, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}

	sori_eid_compute(key, (guint8) exponent, initial, eid);
	eid_hex = sori_hex_encode(eid, 8);
	g_clear_pointer(&builder, g_object_unref);
	builder = json_builder_new();
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "name");
	json_builder_add_string_value(builder, name);
	json_builder_set_member_name(builder, "identity_key");
	json_builder_add_string_value(builder, key_hex);
	json_builder_set_member_name(builder, "exponent");
	json_builder_add_int_value(builder, exponent);
	json_builder_set_member_name(builder, "initial_time");
	json_builder_add_int_value(builder, initial);
	json_builder_set_member_name(builder, "initial_eid");
	json_builder_add_string_value(builder, eid_hex);
	json_builder_set_member_name(builder, "bind_as");
	{
		g_autofree gchar *bind = g_strconcat("eid:", name, NULL);
		json_builder_add_string_value(builder, bind);
	}
	json_builder_end_object(builder);
	{
		g_autoptr(JsonNode) out = json_builder_get_root(builder);
		sorictl_beacon_print_json(out);
	}
	memset(key, 0, sizeof(key));
	return EXIT_SUCCESS;
}

static const struct {
	const gchar *name;
	const gchar *summary;
	gint (*run)(gint argc, gchar **argv);
} beacon_commands[] = {
	{ "decode", "Print the beacon frames in advertising data as JSON",
	  sorictl_beacon_decode_run },
	{ "encode", "Build the advertising data of a beacon frame", sorictl_beacon_encode_run },
	{ "eid", "Compute an Eddystone-EID", sorictl_beacon_eid_run },
	{ "provision", "Make a new EID beacon and register it", sorictl_beacon_provision_run },
};

/**
 * sorictl_beacon_run:
 *
 * `sorictl beacon SUBCOMMAND …`
 */
gint
sorictl_beacon_run(gint argc, gchar **argv)
{
	if (argc < 2 || g_strcmp0(argv[1], "--help") == 0 || g_strcmp0(argv[1], "-h") == 0) {
		FILE *out = argc < 2 ? stderr : stdout;
		fprintf(out, "Usage: sorictl beacon COMMAND [OPTION…]\n\nCommands:\n");
		for (guint i = 0; i < G_N_ELEMENTS(beacon_commands); i++)
			fprintf(out, "  %-10s %s\n", beacon_commands[i].name,
				beacon_commands[i].summary);
		fprintf(out, "\n'sorictl beacon COMMAND --help' explains a command.\n");
		return argc < 2 ? SORICTL_EXIT_USAGE : EXIT_SUCCESS;
	}
	for (guint i = 0; i < G_N_ELEMENTS(beacon_commands); i++) {
		if (g_strcmp0(argv[1], beacon_commands[i].name) == 0) {
			g_autofree gchar *prgname
				= g_strdup_printf("sorictl beacon %s", beacon_commands[i].name);
			g_set_prgname(prgname);
			return beacon_commands[i].run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "sorictl beacon: unknown command '%s'\nTry 'sorictl beacon --help'.\n",
		argv[1]);
	return SORICTL_EXIT_USAGE;
}
