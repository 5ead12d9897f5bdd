/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl token|push|pull|revisions|rollback|import|export: the curators'
 * side of the admin API, and the tokens file a running sorid honours.
 *
 * Remote commands take --server URL and the token from --token or, better
 * (it stays out of the shell history and `ps`), SORI_TOKEN.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "sori-admin.h"
#include "sori-csv.h"
#include "sori-store-open.h"
#include "sori-tokens.h"
#include "sorictl-common.h"
#include "sorictl-admin.h"

/* ------------------------------------------------------------------------ */
/* tokens */

typedef struct {
	const gchar *action;
	const gchar *name;
	gchar **venues;
	gchar *token; /* add: the token made */
} TokenEdit;

/* add or revoke, on tokens read from a file or (under a row lock) from PostgreSQL */
static gboolean
sorictl_admin_token_edit_cb(SoriTokens *tokens, gpointer user_data, GError **error)
{
	TokenEdit *edit = user_data;
	if (g_str_equal(edit->action, "add")) {
		edit->token = sori_tokens_add(tokens, edit->name,
					      (const gchar *const *) edit->venues, error);
		return edit->token != NULL;
	}
	return sori_tokens_revoke(tokens, edit->name, error);
}

static gint
sorictl_admin_token_run(gint argc, gchar **argv)
{
	g_autofree gchar *data_dir = NULL;
	g_autofree gchar *store = NULL;
	g_autofree gchar *name = NULL;
	g_auto(GStrv) venues = NULL;
	g_autoptr(SoriStore) kept = NULL;
	TokenEdit edit = { 0 };
	g_autoptr(GOptionContext) context = g_option_context_new("add|list|revoke");
	g_autoptr(GError) error = NULL;
	SoriTokens *tokens;
	const GOptionEntry entries[] = {
		{ "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
		  "sorid's data directory (the tokens file is DIR/.sori/tokens.json)", "DIR" },
		{ "store", 's', 0, G_OPTION_ARG_STRING, &store,
		  "or the nodes' PostgreSQL store, as in sorid.conf: postgresql:CONNINFO",
		  "STORE" },
		{ "venue", 'v', 0, G_OPTION_ARG_STRING_ARRAY, &venues,
		  "add: a venue the token may change; repeat for more, '*' for all", "ID" },
		{ "name", 'n', 0, G_OPTION_ARG_STRING, &name,
		  "add, revoke: the token's name (who holds it)", "NAME" },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"add    makes a token, prints it once on the last line, and keeps only its hash\n"
		"list   lists tokens: name, venues, created\n"
		"revoke removes a token; a running sorid refuses it at once");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 2)
		return sorictl_usage_error("say add, list or revoke");
	if ((data_dir == NULL) == (store == NULL))
		return sorictl_usage_error("give --data-dir, or --store for a PostgreSQL store");
	if (store != NULL && !g_str_has_prefix(store, "postgresql:"))
		return sorictl_usage_error("--store: postgresql:CONNINFO");
	if (!g_str_equal(argv[1], "add") && !g_str_equal(argv[1], "list")
	    && !g_str_equal(argv[1], "revoke"))
		return sorictl_usage_error("say add, list or revoke");
	if (g_str_equal(argv[1], "add") && (name == NULL || venues == NULL))
		return sorictl_usage_error("add needs --name and at least one --venue");
	if (g_str_equal(argv[1], "revoke") && name == NULL)
		return sorictl_usage_error("revoke needs --name");
	for (guint i = 0; venues != NULL && venues[i] != NULL; i++) {
		if (!g_str_equal(venues[i], "*") && !sori_catalogue_id_is_valid(venues[i]))
			return sorictl_usage_error("--venue: a venue id, or '*'");
	}
	/* the files of DIR/.sori, or the nodes' database */
	kept = sori_store_open(store, data_dir, 1, &error);
	if (kept == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	edit.action = argv[1];
	edit.name = name;
	edit.venues = venues;
	if (!g_str_equal(argv[1], "list")) {
		if (!sori_store_edit_tokens(kept, sorictl_admin_token_edit_cb, &edit, &error)) {
			fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
			return SORICTL_EXIT_PROBLEM;
		}
		if (edit.token != NULL) {
			fprintf(stderr, "token '%s' made; it is shown once, here:\n", name);
			printf("%s\n", edit.token);
			g_free(edit.token);
		} else if (store != NULL) {
			fprintf(stderr, "token '%s' revoked; every node refuses it at once\n",
				name);
		} else {
			fprintf(stderr, "token '%s' revoked\n", name);
		}
		return EXIT_SUCCESS;
	}
	tokens = sori_store_get_tokens(kept, &error);
	if (tokens == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	{
		g_autoptr(GPtrArray) lines = sori_tokens_list(tokens);
		for (guint i = 0; i < lines->len; i++)
			printf("%s\n", (const gchar *) g_ptr_array_index(lines, i));
		return EXIT_SUCCESS;
	}
}

/* ------------------------------------------------------------------------ */
/* remote */

typedef struct {
	gchar *server;
	gchar *token;
	gchar *venue;
} Remote;

static void
sorictl_admin_remote_clear(Remote *remote)
{
	g_free(remote->server);
	g_free(remote->token);
	g_free(remote->venue);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Remote, sorictl_admin_remote_clear)

static gint
sorictl_admin_remote_check(Remote *remote, gboolean needs_token)
{
	if (remote->server == NULL)
		return sorictl_usage_error("--server URL is required");
	if (remote->venue == NULL || !sori_catalogue_id_is_valid(remote->venue))
		return sorictl_usage_error("--venue ID is required");
	if (remote->token == NULL && g_getenv("SORI_TOKEN") != NULL)
		remote->token = g_strdup(g_getenv("SORI_TOKEN"));
	if (needs_token && remote->token == NULL)
		return sorictl_usage_error("give a token with SORI_TOKEN=… or --token");
	return EXIT_SUCCESS;
}

/* prints a problem+json answer the way a curator reads it; the exit status for it */
static gint
sorictl_admin_report_failure(guint status, GBytes *body)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	if (body == NULL
	    || !json_parser_load_from_data(parser, g_bytes_get_data(body, NULL),
					   g_bytes_get_size(body), NULL)
	    || !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
		fprintf(stderr, "%s: the server answered %u\n", g_get_prgname(), status);
		return SORICTL_EXIT_PROBLEM;
	}
	obj = json_node_get_object(json_parser_get_root(parser));
	if (json_object_has_member(obj, "problems")) {
		JsonArray *problems = json_object_get_array_member(obj, "problems");
		for (guint i = 0; i < json_array_get_length(problems); i++) {
			JsonObject *p = json_array_get_object_element(problems, i);
			printf("%s: %s\n",
			       json_object_get_string_member_with_default(
				       p, "where",
				       json_object_get_string_member_with_default(p, "pointer",
										  "")),
			       json_object_get_string_member_with_default(p, "reason", ""));
		}
		printf("%u problem%s\n", json_array_get_length(problems),
		       json_array_get_length(problems) == 1 ? "" : "s");
	}
	fprintf(stderr, "%s: %u %s: %s\n", g_get_prgname(), status,
		json_object_get_string_member_with_default(obj, "title", ""),
		json_object_get_string_member_with_default(obj, "detail", ""));
	return SORICTL_EXIT_PROBLEM;
}

static GBytes *
sorictl_admin_request(Remote *remote, const gchar *method, const gchar *path,
		      const gchar *content_type, GBytes *body, guint *status, GError **error)
{
	g_autoptr(SoupSession) session = soup_session_new_with_options("timeout", 120, NULL);
	g_autofree gchar *base = g_str_has_suffix(remote->server, "/")
					 ? g_strndup(remote->server, strlen(remote->server) - 1)
					 : g_strdup(remote->server);
	g_autofree gchar *url = g_strconcat(base, path, NULL);
	g_autoptr(SoupMessage) msg = soup_message_new(method, url);
	GBytes *answer;

	if (msg == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "'%s' is not a URL",
			    url);
		return NULL;
	}
	if (remote->token != NULL) {
		g_autofree gchar *auth = g_strconcat("Bearer ", remote->token, NULL);
		soup_message_headers_replace(soup_message_get_request_headers(msg), "Authorization",
					     auth);
	}
	if (body != NULL)
		soup_message_set_request_body_from_bytes(msg, content_type, body);
	answer = soup_session_send_and_read(session, msg, NULL, error);
	*status = soup_message_get_status(msg);
	return answer;
}

static const GOptionEntry *
sorictl_admin_remote_entries(Remote *remote)
{
	static GOptionEntry entries[4];
	GOptionEntry server
		= { "server", 's', 0, G_OPTION_ARG_STRING, &remote->server, "The sorid to talk to",
		    "URL" };
	GOptionEntry token = { "token",
			       't',
			       0,
			       G_OPTION_ARG_STRING,
			       &remote->token,
			       "The token (better: the SORI_TOKEN environment variable)",
			       "TOKEN" };
	GOptionEntry venue
		= { "venue", 'v', 0, G_OPTION_ARG_STRING, &remote->venue, "The venue", "ID" };
	GOptionEntry end = { NULL };
	entries[0] = server;
	entries[1] = token;
	entries[2] = venue;
	entries[3] = end;
	return entries;
}

static gint
sorictl_admin_print_answer_or_fail(guint status, GBytes *answer, GError *error, guint ok_status)
{
	if (answer == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	if (status != ok_status && !(ok_status == 200 && status == 201))
		return sorictl_admin_report_failure(status, answer);
	fwrite(g_bytes_get_data(answer, NULL), 1, g_bytes_get_size(answer), stdout);
	if (g_bytes_get_size(answer) > 0)
		fputc('\n', stdout);
	return EXIT_SUCCESS;
}

static gint
sorictl_admin_push_run(gint argc, gchar **argv)
{
	g_auto(Remote) remote = { 0 };
	g_autoptr(GOptionContext) context = g_option_context_new("FILE.json|FILE.csv");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *data = NULL;
	g_autoptr(GBytes) body = NULL;
	g_autoptr(GBytes) answer = NULL;
	g_autofree gchar *path = NULL;
	guint status = 0;
	gsize len = 0;
	gint rc;

	g_option_context_set_summary(
		context,
		"Sends a catalogue (.json) or a spreadsheet of exhibits (.csv) to a running\n"
		"sorid. An invalid one is refused with every problem, and the live one keeps\n"
		"serving; a valid one goes live at once, and sorictl prints what changed.");
	g_option_context_add_main_entries(context, sorictl_admin_remote_entries(&remote), NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 2)
		return sorictl_usage_error("name the FILE to push");
	if ((rc = sorictl_admin_remote_check(&remote, TRUE)) != EXIT_SUCCESS)
		return rc;
	if (!g_file_get_contents(argv[1], &data, &len, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	body = g_bytes_new_take(g_steal_pointer(&data), len);
	path = g_strdup_printf("/v1/admin/venues/%s/catalogue", remote.venue);
	answer = sorictl_admin_request(&remote, "PUT", path,
				       g_str_has_suffix(argv[1], ".csv") ? "text/csv"
									 : "application/json",
				       body, &status, &error);
	return sorictl_admin_print_answer_or_fail(status, answer, error, 200);
}

static gint
sorictl_admin_get_run(gint argc, gchar **argv, const gchar *what)
{
	g_auto(Remote) remote = { 0 };
	g_autoptr(GOptionContext) context
		= g_option_context_new(g_str_equal(what, "revisions") ? "[REVISION]" : "");
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) answer = NULL;
	g_autofree gchar *path = NULL;
	guint status = 0;
	gint rc;

	if (g_str_equal(what, "pull"))
		g_option_context_set_summary(context, "Prints the live catalogue of a venue.");
	else if (g_str_equal(what, "export"))
		g_option_context_set_summary(
			context, "Prints a venue's open data: every public field in every "
				 "language,\nwith its licence. No token needed.");
	else
		g_option_context_set_summary(
			context, "Lists a venue's revisions, newest first, or prints one.");
	g_option_context_add_main_entries(context, sorictl_admin_remote_entries(&remote), NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc > (g_str_equal(what, "revisions") ? 2 : 1))
		return sorictl_usage_error("unexpected arguments");
	if ((rc = sorictl_admin_remote_check(&remote, !g_str_equal(what, "export")))
	    != EXIT_SUCCESS)
		return rc;
	if (g_str_equal(what, "pull"))
		path = g_strdup_printf("/v1/admin/venues/%s/catalogue", remote.venue);
	else if (g_str_equal(what, "export"))
		path = g_strdup_printf("/v1/venues/%s/export", remote.venue);
	else if (argc == 2)
		path = g_strdup_printf("/v1/admin/venues/%s/revisions/%s", remote.venue, argv[1]);
	else
		path = g_strdup_printf("/v1/admin/venues/%s/revisions", remote.venue);
	answer = sorictl_admin_request(&remote, "GET", path, NULL, NULL, &status, &error);
	return sorictl_admin_print_answer_or_fail(status, answer, error, 200);
}

static gint
sorictl_admin_pull_run(gint argc, gchar **argv)
{
	return sorictl_admin_get_run(argc, argv, "pull");
}

static gint
sorictl_admin_export_run(gint argc, gchar **argv)
{
	return sorictl_admin_get_run(argc, argv, "export");
}

static gint
sorictl_admin_revisions_run(gint argc, gchar **argv)
{
	return sorictl_admin_get_run(argc, argv, "revisions");
}

static gint
sorictl_admin_rollback_run(gint argc, gchar **argv)
{
	g_auto(Remote) remote = { 0 };
	g_autoptr(GOptionContext) context = g_option_context_new("REVISION");
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) answer = NULL;
	g_autoptr(GBytes) body = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *json = NULL;
	guint status = 0;
	gint rc;

	g_option_context_set_summary(context, "Makes an earlier revision of a venue live again "
					      "(see 'sorictl revisions').");
	g_option_context_add_main_entries(context, sorictl_admin_remote_entries(&remote), NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 2)
		return sorictl_usage_error("name the REVISION");
	if ((rc = sorictl_admin_remote_check(&remote, TRUE)) != EXIT_SUCCESS)
		return rc;
	json = g_strdup_printf("{\"revision\": \"%s\"}", argv[1]);
	body = g_bytes_new(json, strlen(json));
	path = g_strdup_printf("/v1/admin/venues/%s/rollback", remote.venue);
	answer = sorictl_admin_request(&remote, "POST", path, "application/json", body, &status,
				       &error);
	return sorictl_admin_print_answer_or_fail(status, answer, error, 200);
}

static gint
sorictl_admin_import_run(gint argc, gchar **argv)
{
	g_autofree gchar *base = NULL;
	g_autofree gchar *output = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("FILE.csv");
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(JsonNode) result = NULL;
	g_autofree gchar *data = NULL;
	g_autofree gchar *text = NULL;
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	gsize len = 0;
	const GOptionEntry entries[] = {
		{ "base", 'b', 0, G_OPTION_ARG_FILENAME, &base,
		  "The catalogue whose exhibits the spreadsheet replaces", "FILE.json" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
		  "Write the new catalogue here (default: stdout)", "FILE.json" },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"Replaces the exhibits of a catalogue with a spreadsheet's rows (CSV, UTF-8,\n"
		"with or without a byte order mark; columns as data/README.md lays out) and\n"
		"checks the result. Problems are named by row and column. To send a\n"
		"spreadsheet to a running sorid, use: sorictl push FILE.csv");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 2 || base == NULL)
		return sorictl_usage_error("name FILE.csv and --base FILE.json");
	if (!g_file_get_contents(argv[1], &data, &len, &error)
	    || !json_parser_load_from_file(parser, base, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	result = sori_csv_import(data, len, json_parser_get_root(parser), &problems);
	if (result != NULL) {
		text = json_to_string(result, TRUE);
		bytes = g_bytes_new(text, strlen(text));
		catalogue = sori_catalogue_new_from_bytes(bytes, &problems, &error);
	}
	if (result == NULL || catalogue == NULL) {
		for (guint i = 0; problems != NULL && i < problems->len; i++) {
			SoriCatalogueProblem *p = g_ptr_array_index(problems, i);
			g_autofree gchar *where = g_str_has_prefix(p->pointer, "row ")
							  ? g_strdup(p->pointer)
							  : sori_csv_describe_pointer(p->pointer);
			printf("%s: %s\n", where, p->reason);
		}
		printf("%u problem%s\n", problems != NULL ? problems->len : 0,
		       problems != NULL && problems->len == 1 ? "" : "s");
		return SORICTL_EXIT_PROBLEM;
	}
	if (output != NULL) {
		if (!g_file_set_contents(output, text, -1, &error)) {
			fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
			return SORICTL_EXIT_PROBLEM;
		}
		fprintf(stderr, "%s: %u exhibits written to %s\n", g_get_prgname(),
			sori_catalogue_get_exhibits(catalogue)->len, output);
	} else {
		printf("%s\n", text);
	}
	return EXIT_SUCCESS;
}

static const struct {
	const gchar *name;
	gint (*run)(gint argc, gchar **argv);
} admin_commands[] = {
	{ "token", sorictl_admin_token_run },       { "push", sorictl_admin_push_run },
	{ "pull", sorictl_admin_pull_run },         { "revisions", sorictl_admin_revisions_run },
	{ "rollback", sorictl_admin_rollback_run }, { "import", sorictl_admin_import_run },
	{ "export", sorictl_admin_export_run },
};

/**
 * sorictl_admin_run:
 * @command: token, push, pull, revisions, rollback, import or export
 */
gint
sorictl_admin_run(const gchar *command, gint argc, gchar **argv)
{
	for (guint i = 0; i < G_N_ELEMENTS(admin_commands); i++) {
		if (g_str_equal(command, admin_commands[i].name))
			return admin_commands[i].run(argc, argv);
	}
	return SORICTL_EXIT_USAGE;
}
