/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage counts over real HTTP, through the fast path and through libsoup
 * alone: batches counted within their bounds, refused whole when any part is
 * not what sori counts, and nothing of who sent them kept anywhere.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-test-api.h"
#include "sori-test-util.h"
#include "sori-usage-api.h"

#define USAGE "/v1/venues/dasol-museum/usage"

/* the museum's day, as a phone in Seoul has it */
static gchar *
museum_today(void)
{
	g_autoptr(GTimeZone) tz = g_time_zone_new_identifier("Asia/Seoul");
	g_autoptr(GDateTime) now = g_date_time_new_now(tz);
	return g_date_time_format(now, "%F");
}

static guint
count_of(SoriTestApi *f, const gchar *key)
{
	g_autofree gchar *day = museum_today();
	g_autoptr(GHashTable) counts
		= sori_usage_get_counts(sori_venue_store_get_usage(f->store), "dasol-museum", day);
	return GPOINTER_TO_UINT(g_hash_table_lookup(counts, key));
}

static SoriTestReply *
send_batch(SoriTestApi *f, const gchar *events, const gchar *settings)
{
	g_autofree gchar *day = museum_today();
	g_autofree gchar *body = g_strdup_printf("{\"day\": \"%s\", \"events\": [%s]%s%s}", day,
						 events, settings != NULL ? ", \"settings\": " : "",
						 settings != NULL ? settings : "");
	return sori_test_api_post(f, USAGE, "application/json", body);
}

static void
test_counted(SoriTestApi *f, gconstpointer user_data)
{
	/* the same event twice in a batch counts once; settings as counts only */
	g_autoptr(SoriTestReply) first = send_batch(
		f,
		"{\"exhibit\": \"moon-jar\", \"feature\": \"opened\"},"
		"{\"exhibit\": \"moon-jar\", \"feature\": \"opened\"},"
		"{\"exhibit\": \"moon-jar\", \"feature\": \"audio:synthetic:ko\"},"
		"{\"gallery\": \"threads\", \"feature\": \"reached:qr\"},"
		"{\"place\": \"toilet-2\", \"feature\": \"directions:wheelchair\"}",
		"{\"text_size_large\": true, \"high_contrast\": false, \"mode\": \"listen\"}");
	g_autoptr(SoriTestReply) second
		= send_batch(f, "{\"exhibit\": \"moon-jar\", \"feature\": \"opened\"}", NULL);

	g_assert_cmpuint(first->status, ==, 204);
	g_assert_cmpuint(g_bytes_get_size(first->body), ==, 0);
	g_assert_cmpuint(second->status, ==, 204);
	g_assert_cmpuint(count_of(f, "exhibit:moon-jar:opened"), ==, 2);
	g_assert_cmpuint(count_of(f, "exhibit:moon-jar:audio:synthetic:ko"), ==, 1);
	g_assert_cmpuint(count_of(f, "gallery:threads:reached:qr"), ==, 1);
	g_assert_cmpuint(count_of(f, "place:toilet-2:directions:wheelchair"), ==, 1);
	g_assert_cmpuint(count_of(f, "settings:text_size_large"), ==, 1);
	g_assert_cmpuint(count_of(f, "settings:high_contrast"), ==, 0);
	g_assert_cmpuint(count_of(f, "settings:mode:listen"), ==, 1);
}

static void
test_refused_whole(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *events[] = {
		"{\"exhibit\": \"ghost\", \"feature\": \"opened\"}",
		"{\"exhibit\": \"moon-jar\", \"feature\": \"stared-at\"}",
		"{\"exhibit\": \"moon-jar\", \"feature\": \"audio:synthetic:fr\"}",
		"{\"exhibit\": \"moon-jar\"}",
		"{\"exhibit\": \"moon-jar\", \"gallery\": \"threads\", \"feature\": \"opened\"}",
		"{\"exhibit\": \"moon-jar\", \"feature\": \"opened\", \"phone\": \"abc\"}",
		"{\"place\": \"nowhere\", \"feature\": \"directions:general\"}",
		"{\"place\": \"desk\", \"feature\": \"directions:jetpack\"}",
		"\"opened\"",
	};
	g_autoptr(GString) many = g_string_new(NULL);
	g_autoptr(SoriTestReply) too_many = NULL;
	g_autoptr(SoriTestReply) old_day = NULL;
	g_autoptr(SoriTestReply) garbage = NULL;
	g_autoptr(SoriTestReply) bad_setting = NULL;
	g_autoptr(SoriTestReply) huge = NULL;
	g_autofree gchar *big = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(events); i++) {
		/* a good event first: nothing of a batch is counted when a part is wrong */
		g_autofree gchar *batch = g_strdup_printf(
			"{\"exhibit\": \"moon-jar\", \"feature\": \"captions\"}, %s", events[i]);
		g_autoptr(SoriTestReply) reply = send_batch(f, batch, NULL);
		g_test_message("%s", events[i]);
		sori_test_api_assert_problem(reply, SORI_PROBLEM_INVALID_BODY, USAGE);
	}
	for (guint i = 0; i <= SORI_USAGE_MAX_EVENTS; i++)
		g_string_append_printf(many,
				       "%s{\"exhibit\": \"moon-jar\", \"feature\": \"opened\"}",
				       i > 0 ? "," : "");
	too_many = send_batch(f, many->str, NULL);
	sori_test_api_assert_problem(too_many, SORI_PROBLEM_INVALID_BODY, USAGE);
	old_day = sori_test_api_post(f, USAGE, "application/json",
				     "{\"day\": \"2020-01-01\", \"events\": []}");
	sori_test_api_assert_problem(old_day, SORI_PROBLEM_INVALID_BODY, USAGE);
	garbage = sori_test_api_post(f, USAGE, "application/json", "{\"day\":");
	sori_test_api_assert_problem(garbage, SORI_PROBLEM_INVALID_BODY, USAGE);
	bad_setting = send_batch(f, "", "{\"ip\": \"10.0.0.1\"}");
	sori_test_api_assert_problem(bad_setting, SORI_PROBLEM_INVALID_BODY, USAGE);
	/* a body over the limit is refused before it is read */
	big = g_strnfill(SORI_USAGE_MAX_BODY + 1, ' ');
	huge = sori_test_api_post(f, USAGE, "application/json", big);
	sori_test_api_assert_problem(huge, SORI_PROBLEM_BODY_TOO_LARGE, NULL);
	g_assert_cmpuint(count_of(f, "exhibit:moon-jar:captions"), ==, 0);
	g_assert_cmpuint(count_of(f, "exhibit:moon-jar:opened"), ==, 0);
}

/* a day of traffic leaves counts, and nothing of who sent them */
static void
test_nothing_of_who(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *headers[] = { "User-Agent", "Mozilla/5.0 (iPhone; sori-test-agent-7f3a)",
				   "Content-Type", "application/json", NULL };
	g_autofree gchar *day = museum_today();
	g_autofree gchar *body = g_strdup_printf(
		"{\"day\": \"%s\", \"events\": [{\"exhibit\": \"moon-jar\", \"feature\": "
		"\"opened\"}]}",
		day);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *found = NULL;

	for (guint i = 0; i < 20; i++) {
		g_autoptr(SoupMessage) msg = NULL;
		g_autoptr(SoriTestReply) reply = NULL;
		g_autofree gchar *url = g_strconcat(f->base, USAGE, NULL);
		g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));
		msg = soup_message_new("POST", url);
		for (guint h = 0; headers[h] != NULL; h += 2)
			soup_message_headers_replace(soup_message_get_request_headers(msg),
						     headers[h], headers[h + 1]);
		soup_message_set_request_body_from_bytes(msg, "application/json", bytes);
		reply = sori_test_send(f->session, msg);
		g_assert_cmpuint(reply->status, ==, 204);
	}
	g_assert_true(sori_usage_flush(sori_venue_store_get_usage(f->store), &error));
	g_assert_no_error(error);
	g_assert_cmpuint(count_of(f, "exhibit:moon-jar:opened"), ==, 20);
	/* every file sorid keeps: the counts, and no address nor user agent */
	found = sori_test_find_in_tree(f->data_dir, "sori-test-agent-7f3a");
	g_assert_null(found);
	g_clear_pointer(&found, g_free);
	found = sori_test_find_in_tree(f->data_dir, "127.0.0.1");
	g_assert_null(found);
	{
		g_autofree gchar *path = g_build_filename(f->data_dir, ".sori", "usage",
							  "dasol-museum", day, NULL);
		g_autofree gchar *file = g_strconcat(path, ".json", NULL);
		g_autofree gchar *text = NULL;
		g_assert_true(g_file_get_contents(file, &text, NULL, NULL));
		g_assert_nonnull(strstr(text, "\"exhibit:moon-jar:opened\" : 20"));
	}
}

/* a venue that does not count says so, and keeps nothing */
static void
test_switched_off(SoriTestApi *f, gconstpointer user_data)
{
	g_autofree gchar *path = g_build_filename(f->data_dir, "dasol-museum.json", NULL);
	g_autofree gchar *text = NULL;
	g_autoptr(GString) off = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriTestReply) reply = NULL;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	off = g_string_new(text);
	g_assert_cmpuint(g_string_replace(off, "\"id\": \"dasol-museum\",",
					  "\"id\": \"dasol-museum\",\n  \"usage_counting\": false,",
					  1),
			 ==, 1);
	g_assert_true(g_file_set_contents(path, off->str, -1, NULL));
	g_assert_true(sori_venue_store_load(f->store, &error));
	g_assert_no_error(error);
	reply = send_batch(f, "{\"exhibit\": \"moon-jar\", \"feature\": \"opened\"}", NULL);
	sori_test_api_assert_problem(reply, SORI_PROBLEM_UNKNOWN_ROUTE, USAGE);
	g_assert_cmpuint(count_of(f, "exhibit:moon-jar:opened"), ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_api_add("usage", "counted", test_counted);
	sori_test_api_add("usage", "refused-whole", test_refused_whole);
	sori_test_api_add("usage", "nothing-of-who", test_nothing_of_who);
	sori_test_api_add("usage", "switched-off", test_switched_off);
	return g_test_run();
}
