/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Remote media fetched at publish (sori-admin-fetch.c), from a local https
 * server with a certificate made here by openssl: fetched when the setting
 * opens the server, refused otherwise (loopback, private, link-local,
 * multicast, a name resolving to loopback, http, too large, not what the
 * field says, too many redirects, too slow); and a publish naming a remote
 * picture points the catalogue and the page at sorid's copy, or, the server
 * down, answers media_problems and says the picture in words.
 */

#include "config.h"

#include <string.h>

#include "sori-admin-fetch.h"
#include "sori-store-files.h"
#include "sori-test-admin.h"
#include "sori-test-util.h"

static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
			      'I',  'H', 'D', 'R', 0,    0,    0,    1,    0, 0, 0, 1 };

/* the https server: a picture, one that is not, one too large, redirects, a stall */
typedef struct {
	gchar *dir;
	gchar *ca_file;
	SoupServer *server;
	guint port;
	guint picture_gets;
	GPtrArray *stalled;
	GSocketService *listener; /* counts the connections made to it */
	guint listener_port;
	guint connections;
} SoriTestRemote;

static SoriTestRemote remote;

static void
remote_cb(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
	  gpointer user_data)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);

	if (g_str_equal(path, "/picture.png")) {
		remote.picture_gets++;
		/* what the server says is not what decides */
		soup_server_message_set_response(msg, "application/octet-stream",
						 SOUP_MEMORY_STATIC, (const char *) png,
						 sizeof(png));
		soup_server_message_set_status(msg, 200, NULL);
	} else if (g_str_equal(path, "/not-a-picture.png")) {
		soup_server_message_set_response(msg, "image/png", SOUP_MEMORY_STATIC, "WEBVTT\n\n",
						 8);
		soup_server_message_set_status(msg, 200, NULL);
	} else if (g_str_equal(path, "/huge.png")) {
		gsize len = 10 * 1024 * 1024 + 1;
		guint8 *data = g_malloc0(len);
		memcpy(data, png, sizeof(png));
		soup_server_message_set_response(msg, "image/png", SOUP_MEMORY_TAKE,
						 (const char *) data, len);
		soup_server_message_set_status(msg, 200, NULL);
	} else if (g_str_equal(path, "/huge-chunked.png")) {
		/* no length said beforehand: counted as it comes */
		SoupMessageBody *body = soup_server_message_get_response_body(msg);
		for (guint i = 0; i < 11; i++) {
			guint8 *data = g_malloc0(1024 * 1024);
			if (i == 0)
				memcpy(data, png, sizeof(png));
			soup_message_body_append(body, SOUP_MEMORY_TAKE, data, 1024 * 1024);
		}
		soup_message_body_complete(body);
		soup_message_headers_set_encoding(headers, SOUP_ENCODING_CHUNKED);
		soup_server_message_set_status(msg, 200, NULL);
	} else if (g_str_has_prefix(path, "/hop/")) {
		guint64 n = g_ascii_strtoull(path + 5, NULL, 10);
		g_autofree gchar *next = n == 0 ? g_strdup("/picture.png")
						: g_strdup_printf("/hop/%" G_GUINT64_FORMAT, n - 1);
		soup_message_headers_replace(headers, "Location", next);
		soup_server_message_set_status(msg, 302, NULL);
	} else if (g_str_equal(path, "/to-http")) {
		g_autofree gchar *next
			= g_strdup_printf("http://127.0.0.1:%u/picture.png", remote.port);
		soup_message_headers_replace(headers, "Location", next);
		soup_server_message_set_status(msg, 301, NULL);
	} else if (g_str_equal(path, "/stall.png")) {
		/* never answered */
		soup_server_message_pause(msg);
		g_ptr_array_add(remote.stalled, g_object_ref(msg));
	} else {
		soup_server_message_set_status(msg, 404, NULL);
	}
}

static gboolean
remote_incoming_cb(GSocketService *service, GSocketConnection *connection, GObject *source,
		   gpointer user_data)
{
	remote.connections++;
	return FALSE;
}

static void
remote_start(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *key = NULL;
	g_autoptr(GTlsCertificate) cert = NULL;
	g_autoptr(GSList) uris = NULL;
	gint status = 0;
	const gchar *argv[] = { "openssl",  "req",
				"-x509",    "-newkey",
				"rsa:2048", "-nodes",
				"-days",    "1",
				"-subj",    "/CN=localhost",
				"-addext",  "subjectAltName=IP:127.0.0.1,DNS:localhost",
				"-keyout",  NULL,
				"-out",     NULL,
				NULL };

	remote.dir = g_dir_make_tmp("sori-fetch-test-XXXXXX", &error);
	g_assert_no_error(error);
	key = g_build_filename(remote.dir, "key.pem", NULL);
	remote.ca_file = g_build_filename(remote.dir, "cert.pem", NULL);
	argv[13] = key;
	argv[15] = remote.ca_file;
	if (!g_spawn_sync(NULL, (gchar **) argv, NULL,
			  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
				  | G_SPAWN_STDERR_TO_DEV_NULL,
			  NULL, NULL, NULL, NULL, &status, &error)
	    || !g_spawn_check_wait_status(status, NULL))
		g_error("a test certificate needs openssl (.ci/test-packages): %s",
			error != NULL ? error->message : "openssl failed");
	cert = g_tls_certificate_new_from_files(remote.ca_file, key, &error);
	g_assert_no_error(error);
	remote.server = soup_server_new("tls-certificate", cert, NULL);
	soup_server_add_handler(remote.server, NULL, remote_cb, NULL, NULL);
	g_assert_true(soup_server_listen_local(
		remote.server, 0, SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
	g_assert_no_error(error);
	uris = soup_server_get_uris(remote.server);
	remote.port = g_uri_get_port(uris->data);
	g_slist_free_full(g_steal_pointer(&uris), (GDestroyNotify) g_uri_unref);
	remote.stalled = g_ptr_array_new_with_free_func(g_object_unref);
	remote.listener = g_socket_service_new();
	remote.listener_port = g_socket_listener_add_any_inet_port(
		G_SOCKET_LISTENER(remote.listener), NULL, &error);
	g_assert_no_error(error);
	g_signal_connect(remote.listener, "incoming", G_CALLBACK(remote_incoming_cb), NULL);
}

static gchar *
remote_url(const gchar *host, const gchar *path)
{
	return g_strdup_printf("https://%s:%u%s", host, remote.port, path);
}

/* ---- one medium ---- */

typedef struct {
	gchar *data_dir;
	SoriStore *store;
	SoriAdminFetch *fetch;
} SoriTestFetch;

static void
fetch_setup(SoriTestFetch *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *allowed = g_strdup_printf("127.0.0.1:%u", remote.port);
	const gchar *hosts[] = { allowed, NULL };

	f->data_dir = g_dir_make_tmp("sori-fetch-store-XXXXXX", &error);
	f->store = sori_store_files_new(f->data_dir, 3);
	f->fetch = sori_admin_fetch_new();
	/* the setting, as `fetch-media-from` gives it; none when the test says so */
	if (user_data == NULL)
		g_assert_true(
			sori_admin_fetch_set_allowed(f->fetch, hosts, remote.ca_file, &error));
	g_assert_no_error(error);
}

static void
fetch_teardown(SoriTestFetch *f, gconstpointer user_data)
{
	g_clear_object(&f->fetch);
	g_clear_object(&f->store);
	sori_test_remove_tree(f->data_dir);
	g_free(f->data_dir);
}

static void
fetch_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GAsyncResult **out = user_data;
	*out = g_object_ref(result);
}

/* @url fetched as @kind: the file's name, or %NULL with @error */
static gchar *
fetch(SoriTestFetch *f, const gchar *url, SoriAdminFetchKind kind, GError **error)
{
	g_autoptr(GAsyncResult) result = NULL;

	sori_admin_fetch_one_async(f->fetch, f->store, url, kind, NULL, fetch_done_cb, &result);
	while (result == NULL)
		g_main_context_iteration(NULL, TRUE);
	return sori_admin_fetch_one_finish(f->fetch, result, error);
}

/* refused, saying @why */
static void
assert_refused(SoriTestFetch *f, const gchar *url, const gchar *why)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *file = fetch(f, url, SORI_ADMIN_FETCH_IMAGE, &error);

	g_assert_null(file);
	g_assert_nonnull(error);
	if (strstr(error->message, why) == NULL)
		g_error("%s: '%s', not '%s'", url, error->message, why);
}

static void
test_fetch_allowed(SoriTestFetch *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *url = remote_url("127.0.0.1", "/picture.png");
	g_autofree gchar *file = fetch(f, url, SORI_ADMIN_FETCH_IMAGE, &error);
	g_autofree gchar *digest = g_compute_checksum_for_data(G_CHECKSUM_SHA256, png, sizeof(png));
	g_autofree gchar *expected = g_strdup_printf("%s.png", digest);
	g_autoptr(GBytes) kept = NULL;

	g_assert_no_error(error);
	g_assert_cmpstr(file, ==, expected);
	kept = sori_store_get_media(f->store, file, &error);
	g_assert_no_error(error);
	g_assert_cmpmem(g_bytes_get_data(kept, NULL), g_bytes_get_size(kept), png, sizeof(png));
}

static void
test_fetch_not_allowed(SoriTestFetch *f, gconstpointer user_data)
{
	g_autofree gchar *url = remote_url("127.0.0.1", "/picture.png");
	g_autofree gchar *counted
		= g_strdup_printf("https://127.0.0.1:%u/a.png", remote.listener_port);
	g_autofree gchar *named
		= g_strdup_printf("https://localhost:%u/a.png", remote.listener_port);
	guint gets = remote.picture_gets;

	assert_refused(f, url, "127.0.0.1, which is not a public address");
	g_assert_cmpuint(remote.picture_gets, ==, gets);
	/* refused before it connects: not one connection is made */
	assert_refused(f, counted, "127.0.0.1, which is not a public address");
	assert_refused(f, named, "which is not a public address");
	g_assert_cmpuint(remote.connections, ==, 0);
}

static void
test_fetch_name_to_loopback(SoriTestFetch *f, gconstpointer user_data)
{
	/* a name is checked by the address it resolves to, not by itself */
	g_autofree gchar *url = remote_url("localhost", "/picture.png");
	assert_refused(f, url, "which is not a public address");
}

/* names nobody has on the public Internet are refused without a lookup */
static void
test_fetch_special_use(SoriTestFetch *f, gconstpointer user_data)
{
	const gchar *urls[] = { "https://media.museum.example/a.png", "https://a.invalid/a.png",
				"https://printer.local/a.png", "https://HOST.TEST./a.png" };
	for (guint i = 0; i < G_N_ELEMENTS(urls); i++)
		assert_refused(f, urls[i], "is a special-use name");
}

static void
test_fetch_private_literals(SoriTestFetch *f, gconstpointer user_data)
{
	const gchar *urls[] = { "https://10.1.2.3/a.png",  "https://169.254.169.254/latest",
				"https://224.0.0.1/a.png", "https://100.64.0.1/a.png",
				"https://[::1]/a.png",     "https://[fd00::1]/a.png" };
	for (guint i = 0; i < G_N_ELEMENTS(urls); i++)
		assert_refused(f, urls[i], "which is not a public address");
}

static void
test_fetch_http(SoriTestFetch *f, gconstpointer user_data)
{
	g_autofree gchar *url = g_strdup_printf("http://127.0.0.1:%u/picture.png", remote.port);
	g_autofree gchar *to_http = remote_url("127.0.0.1", "/to-http");
	assert_refused(f, url, "https only");
	/* nor through a redirect */
	assert_refused(f, to_http, "https only");
}

static void
test_fetch_too_large(SoriTestFetch *f, gconstpointer user_data)
{
	g_autofree gchar *url = remote_url("127.0.0.1", "/huge.png");
	g_autofree gchar *chunked = remote_url("127.0.0.1", "/huge-chunked.png");
	assert_refused(f, url, "10485761 bytes, more than the 10485760");
	assert_refused(f, chunked, "larger than 10485760 bytes");
}

static void
test_fetch_not_what_it_says(SoriTestFetch *f, gconstpointer user_data)
{
	g_autofree gchar *url = remote_url("127.0.0.1", "/not-a-picture.png");
	g_autofree gchar *picture = remote_url("127.0.0.1", "/picture.png");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *file = NULL;

	assert_refused(f, url, "its content is text/vtt, not a picture");
	/* a picture is not a sign-language video either */
	file = fetch(f, picture, SORI_ADMIN_FETCH_VIDEO, &error);
	g_assert_null(file);
	g_assert_nonnull(strstr(error->message, "its content is image/png, not a video"));
}

static void
test_fetch_redirects(SoriTestFetch *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *three = remote_url("127.0.0.1", "/hop/2");
	g_autofree gchar *four = remote_url("127.0.0.1", "/hop/3");
	g_autofree gchar *file = fetch(f, three, SORI_ADMIN_FETCH_IMAGE, &error);

	g_assert_no_error(error);
	g_assert_nonnull(file);
	assert_refused(f, four, "more than 3 redirects");
}

static void
test_fetch_stall(SoriTestFetch *f, gconstpointer user_data)
{
	g_autofree gchar *url = remote_url("127.0.0.1", "/stall.png");
	gint64 start = g_get_monotonic_time();

	sori_admin_fetch_set_deadlines(f->fetch, 1, 5);
	assert_refused(f, url, "not whole within 1 s");
	g_assert_cmpint(g_get_monotonic_time() - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_fetch_global(void)
{
	const gchar *global[] = { "93.184.216.34", "8.8.8.8", "2606:2800:220:1::1" };
	const gchar *not_global[]
		= { "0.0.0.0",          "127.0.0.1",       "10.0.0.1",    "172.16.5.4",
		    "192.168.1.1",      "100.64.0.1",      "100.127.1.1", "169.254.1.1",
		    "224.0.0.251",      "255.255.255.255", "::",          "::1",
		    "fe80::1",          "fc00::1",         "fd12::1",     "ff02::1",
		    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2001:db8::1", "2002:7f00:1::1" };
	for (guint i = 0; i < G_N_ELEMENTS(global); i++) {
		g_autoptr(GInetAddress) a = g_inet_address_new_from_string(global[i]);
		g_assert_true(sori_admin_fetch_address_is_global(a));
	}
	for (guint i = 0; i < G_N_ELEMENTS(not_global); i++) {
		g_autoptr(GInetAddress) a = g_inet_address_new_from_string(not_global[i]);
		if (sori_admin_fetch_address_is_global(a))
			g_error("%s taken for a global address", not_global[i]);
	}
}

/* ---- a publish ---- */

/* the park's catalogue, the otter with a picture at @url */
static gchar *
park_with_picture(SoriTestAdmin *f, const gchar *url)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *otter;
	JsonObject *image = json_object_new();
	JsonObject *alt = json_object_new();
	JsonArray *images = json_array_new();

	g_assert_true(json_parser_load_from_data(parser, f->park_json, -1, NULL));
	otter = json_array_get_object_element(
		json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)),
					     "exhibits"),
		0);
	g_assert_cmpstr(json_object_get_string_member(otter, "id"), ==, "otter");
	json_object_set_string_member(alt, "ko", "바위 위에 엎드린 갈색 수달");
	json_object_set_string_member(alt, "en", "A brown otter lying on a rock");
	json_object_set_string_member(image, "url", url);
	json_object_set_object_member(image, "alt", alt);
	json_array_add_object_element(images, image);
	json_object_set_array_member(otter, "images", images);
	return json_to_string(json_parser_get_root(parser), FALSE);
}

static JsonObject *
published_picture(SoriTestAdmin *f, JsonParser *parser)
{
	g_autoptr(SoriTestReply) live
		= sori_test_admin_call(f, "GET", SORI_TEST_ADMIN_CATALOGUE, f->token, NULL, NULL);
	JsonObject *root = sori_test_admin_json(live, parser);
	JsonObject *otter
		= json_array_get_object_element(json_object_get_array_member(root, "exhibits"), 0);
	return json_array_get_object_element(json_object_get_array_member(otter, "images"), 0);
}

static gchar *
otter_page(SoriTestAdmin *f)
{
	g_autoptr(SoriTestReply) page = sori_test_admin_call(
		f, "GET", "/v/haneul-wetland/e/otter?lang=en", NULL, NULL, NULL);
	g_assert_cmpuint(page->status, ==, 200);
	return g_strndup(g_bytes_get_data(page->body, NULL), g_bytes_get_size(page->body));
}

static void
allow_remote(SoriTestAdmin *f)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *allowed = g_strdup_printf("127.0.0.1:%u", remote.port);
	const gchar *hosts[] = { allowed, "127.0.0.1:9", NULL };

	g_assert_true(sori_admin_set_fetch_media_from(f->admin, hosts, remote.ca_file, &error));
	g_assert_no_error(error);
}

static void
test_publish_fetched(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autofree gchar *url = remote_url("127.0.0.1", "/picture.png");
	g_autofree gchar *body = park_with_picture(f, url);
	g_autoptr(JsonParser) answer_parser = json_parser_new();
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(SoriTestReply) reply = NULL;
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(SoriTestReply) media = NULL;
	g_autofree gchar *html = NULL;
	JsonObject *picture;
	const gchar *local;
	guint gets;

	allow_remote(f);
	gets = remote.picture_gets;
	reply = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
				     "application/json", body);
	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
				 sori_test_admin_json(reply, answer_parser), "media_problems")),
			 ==, 0);
	g_assert_cmpuint(remote.picture_gets, ==, gets + 1);
	/* the published catalogue points at sorid's copy, and says where it came from */
	picture = published_picture(f, parser);
	local = json_object_get_string_member(picture, "url");
	g_assert_true(g_str_has_prefix(local, "/v1/venues/haneul-wetland/media/"));
	g_assert_true(g_str_has_suffix(local, ".png"));
	g_assert_cmpstr(json_object_get_string_member(picture, "source_url"), ==, url);
	media = sori_test_admin_call(f, "GET", local, NULL, NULL, NULL);
	g_assert_cmpuint(media->status, ==, 200);
	g_assert_cmpstr(soup_message_headers_get_content_type(media->headers, NULL), ==,
			"image/png");
	g_assert_cmpmem(g_bytes_get_data(media->body, NULL), g_bytes_get_size(media->body), png,
			sizeof(png));
	/* the page names sorid's copy alone, and its policy loads nothing else */
	html = otter_page(f);
	g_assert_nonnull(strstr(html, local));
	g_assert_null(strstr(html, "https://127.0.0.1"));
	/* the same again: what sorid has is not fetched again */
	again = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
				     "application/json", body);
	g_assert_cmpuint(again->status, ==, 200);
	g_assert_cmpuint(remote.picture_gets, ==, gets + 1);
	/* nor after a restart: the live catalogue's source_url says sorid has it */
	sori_admin_fetch_forget(sori_admin_get_fetch(f->admin));
	{
		g_autoptr(SoriTestReply) restarted = sori_test_admin_call(
			f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token, "application/json", body);
		g_autoptr(JsonParser) again_parser = json_parser_new();
		g_assert_cmpuint(restarted->status, ==, 200);
		g_assert_cmpuint(remote.picture_gets, ==, gets + 1);
		g_assert_cmpstr(
			json_object_get_string_member(published_picture(f, again_parser), "url"),
			==, local);
	}
}

static void
test_publish_server_down(SoriTestAdmin *f, gconstpointer user_data)
{
	/* allowed, but nothing listens there */
	const gchar *url = "https://127.0.0.1:9/picture.png";
	g_autofree gchar *body = park_with_picture(f, url);
	g_autoptr(JsonParser) answer_parser = json_parser_new();
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(SoriTestReply) reply = NULL;
	g_autofree gchar *html = NULL;
	JsonArray *problems;
	JsonObject *picture;

	allow_remote(f);
	reply = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
				     "application/json", body);
	g_assert_cmpuint(reply->status, ==, 200);
	problems = json_object_get_array_member(sori_test_admin_json(reply, answer_parser),
						"media_problems");
	g_assert_cmpuint(json_array_get_length(problems), ==, 1);
	g_assert_cmpstr(
		json_object_get_string_member(json_array_get_object_element(problems, 0), "url"),
		==, url);
	g_assert_nonnull(json_object_get_string_member(json_array_get_object_element(problems, 0),
						       "reason"));
	/* the remote URL dropped, the picture said in words */
	picture = published_picture(f, parser);
	g_assert_false(json_object_has_member(picture, "url"));
	g_assert_cmpstr(json_object_get_string_member(picture, "source_url"), ==, url);
	html = otter_page(f);
	g_assert_null(strstr(html, url));
	g_assert_nonnull(strstr(html, "A brown otter lying on a rock"));
}

/* a stalling server holds a publish no longer than its deadlines */
static void
test_publish_deadlines(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autofree gchar *url = remote_url("127.0.0.1", "/stall.png");
	g_autofree gchar *body = park_with_picture(f, url);
	const struct {
		guint medium_s;
		guint publish_s;
		const gchar *reason;
	} cases[] = {
		{ 1, 10, "not whole within 1 s" },
		{ 10, 1, "not fetched: the publish's 1 s for fetching media ran out" },
	};

	allow_remote(f);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(JsonParser) parser = json_parser_new();
		g_autoptr(SoriTestReply) reply = NULL;
		gint64 start = g_get_monotonic_time();
		JsonArray *problems;

		sori_admin_fetch_set_deadlines(sori_admin_get_fetch(f->admin), cases[i].medium_s,
					       cases[i].publish_s);
		reply = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
					     "application/json", body);
		g_assert_cmpuint(reply->status, ==, 200);
		g_assert_cmpint(g_get_monotonic_time() - start, <, 5 * G_USEC_PER_SEC);
		problems = json_object_get_array_member(sori_test_admin_json(reply, parser),
							"media_problems");
		g_assert_cmpuint(json_array_get_length(problems), ==, 1);
		g_assert_cmpstr(json_object_get_string_member(
					json_array_get_object_element(problems, 0), "reason"),
				==, cases[i].reason);
	}
}

static void
test_publish_refused_without_setting(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autofree gchar *url = remote_url("127.0.0.1", "/picture.png");
	g_autofree gchar *body = park_with_picture(f, url);
	g_autoptr(JsonParser) answer_parser = json_parser_new();
	g_autoptr(SoriTestReply) reply = NULL;
	JsonArray *problems;
	guint gets = remote.picture_gets;

	reply = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
				     "application/json", body);
	g_assert_cmpuint(reply->status, ==, 200);
	problems = json_object_get_array_member(sori_test_admin_json(reply, answer_parser),
						"media_problems");
	g_assert_cmpuint(json_array_get_length(problems), ==, 1);
	g_assert_nonnull(strstr(
		json_object_get_string_member(json_array_get_object_element(problems, 0), "reason"),
		"not a public address"));
	g_assert_cmpuint(remote.picture_gets, ==, gets);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	remote_start();
	g_test_add("/fetch/allowed", SoriTestFetch, NULL, fetch_setup, test_fetch_allowed,
		   fetch_teardown);
	g_test_add("/fetch/not-allowed", SoriTestFetch, "none", fetch_setup, test_fetch_not_allowed,
		   fetch_teardown);
	g_test_add("/fetch/name-to-loopback", SoriTestFetch, NULL, fetch_setup,
		   test_fetch_name_to_loopback, fetch_teardown);
	g_test_add("/fetch/special-use", SoriTestFetch, NULL, fetch_setup, test_fetch_special_use,
		   fetch_teardown);
	g_test_add("/fetch/private-literals", SoriTestFetch, NULL, fetch_setup,
		   test_fetch_private_literals, fetch_teardown);
	g_test_add("/fetch/http", SoriTestFetch, NULL, fetch_setup, test_fetch_http,
		   fetch_teardown);
	g_test_add("/fetch/too-large", SoriTestFetch, NULL, fetch_setup, test_fetch_too_large,
		   fetch_teardown);
	g_test_add("/fetch/not-what-it-says", SoriTestFetch, NULL, fetch_setup,
		   test_fetch_not_what_it_says, fetch_teardown);
	g_test_add("/fetch/redirects", SoriTestFetch, NULL, fetch_setup, test_fetch_redirects,
		   fetch_teardown);
	g_test_add("/fetch/stall", SoriTestFetch, NULL, fetch_setup, test_fetch_stall,
		   fetch_teardown);
	g_test_add_func("/fetch/global", test_fetch_global);
	sori_test_admin_add("/fetch/publish/fetched", test_publish_fetched);
	sori_test_admin_add("/fetch/publish/server-down", test_publish_server_down);
	sori_test_admin_add("/fetch/publish/deadlines", test_publish_deadlines);
	sori_test_admin_add("/fetch/publish/refused-without-setting",
			    test_publish_refused_without_setting);
	return g_test_run();
}
