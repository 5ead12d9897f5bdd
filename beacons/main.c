/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sori-beacon: a Linux board in a gallery as a beacon, through BlueZ.
 */

#define G_LOG_DOMAIN "sori-beacon"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "sori-beacon-config.h"
#include "sori-beacon-emitter.h"
#include "sori-beacon-page.h"

static gboolean
sori_beacon_quit_cb(gpointer user_data)
{
	g_main_loop_quit(user_data);
	return G_SOURCE_REMOVE;
}

int
main(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	gboolean check = FALSE;
	g_autofree gchar *page_path = NULL;
	g_autofree gchar *address = NULL;
	gint interval = 350;
	g_autoptr(GOptionContext) context = g_option_context_new("- advertise sori beacon frames");
	g_autoptr(GError) error = NULL;
	g_autoptr(GKeyFile) keyfile = g_key_file_new();
	g_autoptr(GArray) slots = NULL;
	g_autoptr(GDBusConnection) bus = NULL;
	g_autoptr(SoriBeaconEmitter) emitter = NULL;
	g_autoptr(GMainLoop) loop = NULL;
	const GOptionEntry entries[] = {
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
		  "The advertisements, one [frame NAME] group each (see data/sori-beacon.conf)",
		  "FILE" },
		{ "check", 0, 0, G_OPTION_ARG_NONE, &check,
		  "Check the configuration, print each advertisement's data, and exit", NULL },
		{ "firmware-page", 0, 0, G_OPTION_ARG_FILENAME, &page_path,
		  "Write the nRF52832 firmware's configuration page for these frames as Intel HEX "
		  "(flash it at 0x7f000), and exit",
		  "OUT.hex" },
		{ "address", 0, 0, G_OPTION_ARG_STRING, &address,
		  "With --firmware-page: the beacon's random static address (default: a new random "
		  "one)",
		  "C9:52:4F:53:01:01" },
		{ "interval", 0, 0, G_OPTION_ARG_INT, &interval,
		  "With --firmware-page: the advertising interval in ms, 100 to 10240 (default "
		  "350)",
		  "MS" },
		{ NULL },
	};

	setlocale(LC_ALL, "");
	g_option_context_set_summary(
		context, "Advertises iBeacon, Eddystone-UID, rotating Eddystone-EID and\n"
			 "Eddystone-TLM frames through bluetoothd, registering again whenever\n"
			 "bluetoothd restarts or the adapter is switched back on.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "sori-beacon: %s\n", error->message);
		return EXIT_FAILURE;
	}
	if (config_path == NULL) {
		fprintf(stderr, "sori-beacon: --config FILE is required\n");
		return EXIT_FAILURE;
	}
	if (!g_key_file_load_from_file(keyfile, config_path, G_KEY_FILE_NONE, &error)
	    || (slots = sori_beacon_config_load(keyfile, &error)) == NULL) {
		fprintf(stderr, "sori-beacon: %s: %s\n", config_path, error->message);
		return EXIT_FAILURE;
	}
	if (page_path != NULL) {
		SoriFwConfig fw;
		guint8 page[SORI_FW_PAGE_MAX];
		gsize len;
		g_autofree gchar *hex = NULL;
		if (interval < 0
		    || !sori_beacon_firmware_config(
			    (SoriBeaconSlot *) slots->data, slots->len, address, (guint) interval,
			    g_get_real_time() / G_USEC_PER_SEC, &fw, &error)) {
			fprintf(stderr, "sori-beacon: %s\n",
				error != NULL ? error->message : "--interval must be positive");
			return EXIT_FAILURE;
		}
		len = sori_fw_page_build(&fw, page, sizeof(page));
		hex = sori_beacon_intel_hex(page, len, SORI_FW_PAGE_ADDRESS);
		if (!g_file_set_contents(page_path, hex, -1, &error)) {
			fprintf(stderr, "sori-beacon: %s\n", error->message);
			return EXIT_FAILURE;
		}
		printf("%s: %zu bytes for 0x%05x, %u frame%s%s, address "
		       "%02X:%02X:%02X:%02X:%02X:%02X, every %u ms\n",
		       page_path, len, SORI_FW_PAGE_ADDRESS, fw.n_frames,
		       fw.n_frames == 1 ? "" : "s", fw.tlm_every != 0 ? " and TLM" : "",
		       fw.address[5], fw.address[4], fw.address[3], fw.address[2], fw.address[1],
		       fw.address[0], fw.interval_ms);
		return EXIT_SUCCESS;
	}
	if (check) {
		for (guint i = 0; i < slots->len; i++) {
			SoriBeaconSlot *slot = &g_array_index(slots, SoriBeaconSlot, i);
			guint8 data[SORI_ADV_DATA_MAX];
			gsize n = sori_frame_build_advertisement(&slot->frame, FALSE, data,
								 sizeof(data));
			printf("advertisement %u:", i);
			for (gsize j = 0; j < n; j++)
				printf(" %02x", data[j]);
			printf("%s\n", slot->rotating_eid ? " (the EID rotates)" : "");
		}
		return EXIT_SUCCESS;
	}
	bus = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &error);
	if (bus == NULL) {
		fprintf(stderr, "sori-beacon: the system bus: %s\n", error->message);
		return EXIT_FAILURE;
	}
	emitter = sori_beacon_emitter_new(bus, (SoriBeaconSlot *) slots->data, slots->len);
	sori_beacon_emitter_start(emitter);
	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, sori_beacon_quit_cb, loop);
	g_unix_signal_add(SIGINT, sori_beacon_quit_cb, loop);
	g_main_loop_run(loop);
	return EXIT_SUCCESS;
}
