/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl: the curators' and operators' tool.
 *
 * Exit codes: 0 success, 1 the command ran and found a problem (an invalid
 * catalogue, say), 2 a usage error.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "sori-catalogue.h"
#include "sorictl-common.h"
#include "sorictl-labels.h"
#include "sorictl-admin.h"
#include "sorictl-beacon.h"
#include "sorictl-qr.h"
#include "sorictl-marker.h"
#include "sorictl-migrate.h"
#include "sorictl-route.h"
#include "sorictl-render.h"
#include "sorictl-speak.h"

typedef struct {
	const gchar *name;
	const gchar *parameters;
	const gchar *summary;
	const gchar *description;
	gint (*run)(gint argc, gchar **argv);
} Command;

static void
sorictl_add_problem_json(JsonBuilder *builder, const gchar *pointer, const gchar *reason)
{
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "pointer");
	json_builder_add_string_value(builder, pointer);
	json_builder_set_member_name(builder, "reason");
	json_builder_add_string_value(builder, reason);
	json_builder_end_object(builder);
}

static gint
sorictl_validate_run(gint argc, gchar **argv)
{
	gboolean json = FALSE;
	gboolean quiet = FALSE;
	g_auto(GStrv) files = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("FILE…");
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonBuilder) builder = json_builder_new();
	guint n_invalid = 0;
	guint n_files;
	const GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the result as JSON on stdout",
		  NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
		  "Print nothing; only the exit code tells", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"Checks venue catalogues as sorid would load them, and lists every problem\n"
		"of each as 'POINTER: reason', the pointer being a JSON Pointer (RFC 6901)\n"
		"to the offending value.\n\n"
		"Exit status: 0 when every file is valid, 1 when one is not (or cannot be\n"
		"read), 2 on a usage error.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (files == NULL || files[0] == NULL)
		return sorictl_usage_error("name at least one catalogue FILE");
	n_files = g_strv_length(files);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "files");
	json_builder_begin_array(builder);
	for (guint i = 0; files[i] != NULL; i++) {
		g_autoptr(GPtrArray) problems = NULL;
		g_autoptr(GError) error_local = NULL;
		g_autoptr(SoriCatalogue) catalogue
			= sori_catalogue_new_from_file(files[i], &problems, &error_local);
		const gchar *prefix = n_files > 1 ? files[i] : NULL;

		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "file");
		json_builder_add_string_value(builder, files[i]);
		json_builder_set_member_name(builder, "valid");
		json_builder_add_boolean_value(builder, catalogue != NULL);
		json_builder_set_member_name(builder, "problems");
		json_builder_begin_array(builder);
		if (catalogue == NULL) {
			n_invalid++;
			if (problems == NULL || problems->len == 0) {
				/* unreadable or too large: one problem for the whole document */
				sorictl_add_problem_json(builder, "", error_local->message);
				if (!json && !quiet)
					printf("%s%s(document): %s\n", prefix ? prefix : "",
					       prefix ? " " : "", error_local->message);
			}
			for (guint j = 0; problems != NULL && j < problems->len; j++) {
				SoriCatalogueProblem *problem = g_ptr_array_index(problems, j);
				sorictl_add_problem_json(builder, problem->pointer,
							 problem->reason);
				if (!json && !quiet)
					printf("%s%s%s: %s\n", prefix ? prefix : "",
					       prefix ? " " : "",
					       *problem->pointer != '\0' ? problem->pointer
									 : "(document)",
					       problem->reason);
			}
			if (!json && !quiet && problems != NULL)
				printf("%s%s%u problem%s\n", prefix ? prefix : "",
				       prefix ? ": " : "", problems->len,
				       problems->len == 1 ? "" : "s");
		} else if (!json && !quiet) {
			SoriMap *map = sori_catalogue_get_map(catalogue);
			g_autofree gchar *mapped
				= map != NULL ? g_strdup_printf(
					  ", a map of %u places and %u ways on %u floor%s",
					  sori_map_get_n_places(map), sori_map_get_n_ways(map),
					  sori_map_get_n_floors(map),
					  sori_map_get_n_floors(map) == 1 ? "" : "s")
					      : g_strdup("");
			printf("%s%svalid: venue '%s', %u galleries, %u exhibits%s\n",
			       prefix ? prefix : "", prefix ? ": " : "",
			       sori_catalogue_get_id(catalogue),
			       sori_catalogue_get_galleries(catalogue)->len,
			       sori_catalogue_get_exhibits(catalogue)->len, mapped);
		}
		json_builder_end_array(builder);
		json_builder_end_object(builder);
	}
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	if (json && !quiet) {
		g_autoptr(JsonGenerator) generator = json_generator_new();
		g_autoptr(JsonNode) root = json_builder_get_root(builder);
		g_autofree gchar *text = NULL;
		json_generator_set_root(generator, root);
		json_generator_set_pretty(generator, TRUE);
		text = json_generator_to_data(generator, NULL);
		printf("%s\n", text);
	}
	return n_invalid > 0 ? SORICTL_EXIT_PROBLEM : EXIT_SUCCESS;
}

#define ADMIN_COMMAND(name)                                                                        \
	static gint name##_cb(gint argc, gchar **argv)                                             \
	{                                                                                          \
		return sorictl_admin_run(#name, argc, argv);                                       \
	}
ADMIN_COMMAND(import)
ADMIN_COMMAND(push)
ADMIN_COMMAND(pull)
ADMIN_COMMAND(revisions)
ADMIN_COMMAND(rollback)
ADMIN_COMMAND(export)
ADMIN_COMMAND(token)

static const Command commands[] = {
	{ "validate", "FILE…", "Check venue catalogues and list every problem", NULL,
	  sorictl_validate_run },
	{ "speak", "", "Speak a text to an audio file, with captions", NULL, sorictl_speak_run },
	{ "render", "", "Speak every text of the venues ahead of time, into sorid's cache", NULL,
	  sorictl_render_run },
	{ "import", "FILE.csv", "Turn a spreadsheet of exhibits into a catalogue, and check it",
	  NULL, import_cb },
	{ "push", "FILE", "Send a catalogue or spreadsheet to a running sorid", NULL, push_cb },
	{ "pull", "", "Print a venue's live catalogue from a running sorid", NULL, pull_cb },
	{ "revisions", "[REV]", "List a venue's revisions, or print one", NULL, revisions_cb },
	{ "rollback", "REV", "Make an earlier revision live again", NULL, rollback_cb },
	{ "export", "", "Print a venue's open data", NULL, export_cb },
	{ "token", "add|list|revoke", "Manage the curators' tokens", NULL, token_cb },
	{ "migrate", "", "Copy a data directory into PostgreSQL, or back", NULL,
	  sorictl_migrate_run },
	{ "beacon", "COMMAND", "Decode, encode and provision beacons (see 'sorictl beacon --help')",
	  NULL, sorictl_beacon_run },
	{ "qr", "CATALOGUE", "Write the QR codes to print: the entrance's and each exhibit's", NULL,
	  sorictl_qr_run },
	{ "route", "FILE FROM TO", "Print the directions a visitor gets, before they go live", NULL,
	  sorictl_route_run },
	{ "labels", "--venue ID",
	  "Write the printed codes' labels to print, a sheet per floor, on A4 or A3", NULL,
	  sorictl_labels_run },
	{ "marker", "detect IMAGE…",
	  "Find the printed codes in photos (see 'sorictl marker --help')", NULL,
	  sorictl_marker_run },
};

static void
sorictl_print_usage(FILE *out)
{
	fprintf(out, "Usage: sorictl COMMAND [OPTION…]\n\n"
		     "Manage sori venues: check catalogues before they go live, set up "
		     "beacons.\n\nCommands:\n");
	for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
		/* padded by characters, not bytes: "FILE…" is five wide */
		glong pad = 16 - g_utf8_strlen(commands[i].parameters, -1);
		fprintf(out, "  %-10s %s%*s %s\n", commands[i].name, commands[i].parameters,
			(gint) MAX(pad, 0), "", commands[i].summary);
	}
	fprintf(out, "\n'sorictl COMMAND --help' explains a command.\n"
		     "Exit status: 0 success, 1 the command found a problem, 2 usage error.\n");
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc < 2) {
		sorictl_print_usage(stderr);
		return SORICTL_EXIT_USAGE;
	}
	if (g_strcmp0(argv[1], "--help") == 0 || g_strcmp0(argv[1], "-h") == 0
	    || g_strcmp0(argv[1], "help") == 0) {
		sorictl_print_usage(stdout);
		return EXIT_SUCCESS;
	}
	if (g_strcmp0(argv[1], "--version") == 0) {
		printf("sorictl %s\n", PACKAGE_VERSION);
		return EXIT_SUCCESS;
	}
	for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (g_strcmp0(argv[1], commands[i].name) == 0) {
			g_autofree gchar *prgname = g_strdup_printf("sorictl %s", commands[i].name);
			g_set_prgname(prgname);
			return commands[i].run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "sorictl: unknown command '%s'\n", argv[1]);
	sorictl_print_usage(stderr);
	return SORICTL_EXIT_USAGE;
}
