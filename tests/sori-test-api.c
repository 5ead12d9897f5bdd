/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fixture of the public API's HTTP tests: sorid's server on 127.0.0.1,
 * port 0, over a copy of the sample venues (and a broken and a misnamed one),
 * and a real SoupSession; with the fast path or through libsoup alone.
 */

#include "config.h"

#include "sori-test-api.h"
#include "sori-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-eid.h"
#include "sori-http-server.h"
#include "sori-problem.h"
#include "sori-venue-store.h"

const guint8 sori_test_api_lobby_key[16]
	= { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
const gint64 sori_test_api_lobby_offset = -1489580104;

void
sori_test_api_setup(SoriTestApi *f, gconstpointer user_data)
{
	gboolean fast_path = GPOINTER_TO_INT(user_data);
	const gchar *sample_dir = g_getenv("SORI_SAMPLE_DIR");
	const gchar *names[] = { "dasol-museum.json", "haneul-wetland.json" };
	g_autoptr(GError) error = NULL;
	g_autofree gchar *broken = NULL;
	g_autofree gchar *misnamed = NULL;

	f->data_dir = g_dir_make_tmp("sori-http-test-XXXXXX", &error);
	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree gchar *from = g_build_filename(sample_dir, names[i], NULL);
		g_autofree gchar *to = g_build_filename(f->data_dir, names[i], NULL);
		sori_test_copy_file(from, to);
	}
	/* a venue whose catalogue does not load, and one filed under the wrong name */
	broken = g_build_filename(f->data_dir, "broken.json", NULL);
	g_assert_true(g_file_set_contents(broken, "{\"format\": 1}", -1, NULL));
	{
		g_autofree gchar *from = g_build_filename(sample_dir, "haneul-wetland.json", NULL);
		misnamed = g_build_filename(f->data_dir, "misnamed.json", NULL);
		sori_test_copy_file(from, misnamed);
	}

	f->store = sori_venue_store_new(f->data_dir);
	g_assert_true(sori_venue_store_load(f->store, &error));
	g_assert_no_error(error);
	/* usage counts, kept where sorid keeps them */
	{
		g_autofree gchar *dir = g_build_filename(f->data_dir, ".sori", "usage", NULL);
		g_autoptr(SoriUsage) usage = sori_usage_new(dir);
		sori_venue_store_set_usage(f->store, usage);
	}

	/* the lobby's EID beacon, in the private registry */
	{
		g_autoptr(SoriEidResolver) resolver = sori_eid_resolver_new();
		g_assert_true(sori_eid_resolver_add(resolver, "lobby-1", sori_test_api_lobby_key,
						    10, sori_test_api_lobby_offset, &error));
		sori_venue_store_set_eid_resolver(f->store, resolver);
	}
	f->server = sori_http_server_new(f->store);
	sori_http_server_set_fast_path(f->server, fast_path);
	g_assert_true(sori_http_server_listen(f->server, "127.0.0.1", 0, &error));
	g_assert_no_error(error);
	f->base = g_strdup_printf("http://127.0.0.1:%u", sori_http_server_get_port(f->server));
	f->session = soup_session_new();
	/* the tests read bodies as sent, gzip included */
	soup_session_remove_feature_by_type(f->session, SOUP_TYPE_CONTENT_DECODER);
}

void
sori_test_api_teardown(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(GDir) dir = g_dir_open(f->data_dir, 0, NULL);
	const gchar *name;

	g_clear_object(&f->session);
	g_clear_object(&f->server);
	g_clear_object(&f->store);
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *path = g_build_filename(f->data_dir, name, NULL);
		g_unlink(path);
	}
	g_rmdir(f->data_dir);
	g_free(f->data_dir);
	g_free(f->base);
}

/* @headers: NULL-terminated name, value pairs */
SoriTestReply *
sori_test_api_fetch_full(SoriTestApi *f, const gchar *method, const gchar *path,
			 const gchar *const *headers)
{
	g_autofree gchar *url = g_strconcat(f->base, path, NULL);
	g_autoptr(SoupMessage) msg = soup_message_new(method, url);

	g_assert_nonnull(msg);
	/* a redirect is an answer to assert, not one to follow */
	soup_message_add_flags(msg, SOUP_MESSAGE_NO_REDIRECT);
	for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
		soup_message_headers_replace(soup_message_get_request_headers(msg), headers[i],
					     headers[i + 1]);
	return sori_test_send(f->session, msg);
}

SoriTestReply *
sori_test_api_fetch(SoriTestApi *f, const gchar *path, ...)
{
	g_autoptr(GPtrArray) headers = g_ptr_array_new();
	va_list args;
	const gchar *arg;

	va_start(args, path);
	while ((arg = va_arg(args, const gchar *)) != NULL)
		g_ptr_array_add(headers, (gpointer) arg);
	va_end(args);
	g_ptr_array_add(headers, NULL);
	return sori_test_api_fetch_full(f, "GET", path, (const gchar *const *) headers->pdata);
}

SoriTestReply *
sori_test_api_post(SoriTestApi *f, const gchar *path, const gchar *content_type, const gchar *body)
{
	g_autofree gchar *url = g_strconcat(f->base, path, NULL);
	g_autoptr(SoupMessage) msg = soup_message_new("POST", url);
	g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));

	soup_message_set_request_body_from_bytes(msg, content_type, bytes);
	return sori_test_send(f->session, msg);
}

JsonObject *
sori_test_api_json(SoriTestReply *reply, JsonParser *parser)
{
	g_autoptr(GError) error = NULL;
	gsize len = 0;
	const gchar *data = g_bytes_get_data(reply->body, &len);
	/* JSON is UTF-8 (RFC 8259), whatever the request held */
	g_assert_true(g_utf8_validate(data, len, NULL));
	g_assert_true(json_parser_load_from_data(parser, data, len, &error));
	g_assert_no_error(error);
	g_assert_true(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)));
	return json_node_get_object(json_parser_get_root(parser));
}

const gchar *
sori_test_api_header(SoriTestReply *reply, const gchar *name)
{
	return soup_message_headers_get_one(reply->headers, name);
}

const gchar *
sori_test_api_text_of(JsonObject *obj, const gchar *member, const gchar **lang)
{
	JsonObject *text = json_object_get_object_member(obj, member);
	g_assert_nonnull(text);
	if (lang != NULL)
		*lang = json_object_get_string_member(text, "lang");
	return json_object_get_string_member(text, "text");
}

/* a problem+json answer with the given status and type */
void
sori_test_api_assert_problem(SoriTestReply *reply, SoriProblem problem, const gchar *path)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;

	g_assert_cmpuint(reply->status, ==, sori_problem_get_status(problem));
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==,
			"application/problem+json");
	g_assert_cmpstr(sori_test_api_header(reply, "Access-Control-Allow-Origin"), ==, "*");
	g_assert_cmpstr(sori_test_api_header(reply, "Cache-Control"), ==, "no-store");
	obj = sori_test_api_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(obj, "type"), ==,
			sori_problem_get_type_uri(problem));
	g_assert_cmpint(json_object_get_int_member(obj, "status"), ==, reply->status);
	g_assert_nonnull(json_object_get_string_member(obj, "title"));
	g_assert_cmpuint(strlen(json_object_get_string_member(obj, "detail")), >, 5);
	if (path != NULL)
		g_assert_cmpstr(json_object_get_string_member(obj, "instance"), ==, path);
}

/**
 * sori_test_api_add:
 * @prefix: the test program's name, "http" for /http/…
 *
 * Adds @func twice: through the fast path and through libsoup alone, which
 * must answer alike.
 */
void
sori_test_api_add(const gchar *prefix, const gchar *name,
		  void (*func)(SoriTestApi *, gconstpointer))
{
	g_autofree gchar *fast = g_strdup_printf("/%s/fast-path/%s", prefix, name);
	g_autofree gchar *soup = g_strdup_printf("/%s/libsoup/%s", prefix, name);
	g_test_add(fast, SoriTestApi, GINT_TO_POINTER(TRUE), sori_test_api_setup, func,
		   sori_test_api_teardown);
	g_test_add(soup, SoriTestApi, GINT_TO_POINTER(FALSE), sori_test_api_setup, func,
		   sori_test_api_teardown);
}
