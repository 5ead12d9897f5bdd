/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorid killed with SIGKILL in the middle of catalogue uploads, again and
 * again, and started again: the live catalogue is always the old revision or
 * the new one, whole, never torn.
 */

#include "config.h"

#include "sori-test-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "sori-admin.h"
#include "sori-catalogue.h"
#include "sori-tokens.h"

#define ROUNDS 16

static GSubprocess *
start_sorid(const gchar *data_dir, guint16 *port)
{
	const gchar *args[] = { "--data-dir", data_dir, "--port", "0", NULL };
	return sori_test_start_sorid(NULL, args, port);
}

/* the otter's English title in the live file, which must be a whole, valid catalogue */
static gchar *
live_title(const gchar *data_dir)
{
	g_autofree gchar *path = g_build_filename(data_dir, "haneul-wetland.json", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = sori_catalogue_new_from_file(path, NULL, &error);
	SoriExhibit *otter;
	g_assert_no_error(error);
	otter = sori_catalogue_lookup_exhibit(catalogue, "otter");
	return g_strdup(json_object_get_string_member(
		json_object_get_object_member(otter->json, "title"), "en"));
}

static void
test_killed_during_uploads(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("sori-crash-test-XXXXXX", &error);
	g_autofree gchar *from
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "haneul-wetland.json", NULL);
	g_autofree gchar *live = g_build_filename(dir, "haneul-wetland.json", NULL);
	g_autofree gchar *original = NULL;
	g_autofree gchar *tokens_path = sori_admin_tokens_path(dir);
	g_autofree gchar *state = sori_admin_state_dir(dir);
	g_autoptr(SoriTokens) tokens = NULL;
	g_autofree gchar *token = NULL;
	const gchar *park[] = { "haneul-wetland", NULL };
	const gchar *titles[] = { "Stuffed Eurasian Otter", "Otter A", "Otter B" };
	GRand *rand = g_rand_new_with_seed(7);
	guint torn_requests = 0;

	g_assert_true(g_file_get_contents(from, &original, NULL, NULL));
	g_assert_true(g_file_set_contents(live, original, -1, NULL));
	g_mkdir_with_parents(state, 0750);
	tokens = sori_tokens_new(tokens_path);
	token = sori_tokens_add(tokens, "crash", park, &error);
	g_assert_no_error(error);

	for (guint round = 0; round < ROUNDS; round++) {
		g_autoptr(GString) body = g_string_new(original);
		g_autoptr(GString) request = NULL;
		g_autoptr(GSubprocess) sorid = NULL;
		g_autoptr(GSocketClient) client = g_socket_client_new();
		g_autoptr(GSocketConnection) connection = NULL;
		g_autofree gchar *title = NULL;
		guint16 port = 0;
		gssize n;

		g_string_replace(body, "Stuffed Eurasian Otter", titles[1 + round % 2], 1);
		/* a larger body, so that the kill can land in the middle of it */
		g_string_replace(body, "\"description\": {\"ko\": \"습지에 사는",
				 "\"description\": {\"ko\": \"습지에 사는 습지에 사는 습지에 사는",
				 1);
		sorid = start_sorid(dir, &port);
		connection
			= g_socket_client_connect_to_host(client, "127.0.0.1", port, NULL, &error);
		g_assert_no_error(error);
		request = g_string_new(NULL);
		g_string_append_printf(
			request,
			"PUT /v1/admin/venues/haneul-wetland/catalogue HTTP/1.1\r\n"
			"Host: x\r\nAuthorization: Bearer %s\r\n"
			"Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT
			"\r\n\r\n%s",
			token, body->len, body->str);
		n = g_output_stream_write(g_io_stream_get_output_stream(G_IO_STREAM(connection)),
					  request->str, request->len, NULL, NULL);
		g_assert_cmpint(n, >, 0);
		/* somewhere between reading the body and answering */
		g_usleep(g_rand_int_range(rand, 0, 8000));
		kill(atoi(g_subprocess_get_identifier(sorid)), SIGKILL);
		g_subprocess_wait(sorid, NULL, NULL);

		/* the live file: the old catalogue or the new, whole */
		title = live_title(dir);
		g_assert_true(g_strv_contains(titles, title));
		if (g_strcmp0(title, titles[1 + round % 2]) != 0)
			torn_requests++;
	}

	/* and sorid starts on it, and serves it */
	{
		guint16 port = 0;
		g_autoptr(GSubprocess) sorid = start_sorid(dir, &port);
		g_autoptr(SoupSession) session = NULL;
		g_autofree gchar *url = g_strdup_printf(
			"http://127.0.0.1:%u/v1/venues/haneul-wetland/exhibits/otter?lang=en",
			port);
		g_autoptr(SoupMessage) msg = NULL;
		g_autoptr(GBytes) answer = NULL;
		g_autofree gchar *title = live_title(dir);
		session = soup_session_new();
		msg = soup_message_new("GET", url);
		answer = soup_session_send_and_read(session, msg, NULL, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(soup_message_get_status(msg), ==, 200);
		g_assert_nonnull(strstr(g_bytes_get_data(answer, NULL), title));
		g_subprocess_force_exit(sorid);
		g_subprocess_wait(sorid, NULL, NULL);
	}
	g_test_message("%u of %u uploads were cut off by the kill", torn_requests, ROUNDS);
	g_rand_free(rand);
	sori_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/crash/killed-during-uploads", test_killed_during_uploads);
	return g_test_run();
}
