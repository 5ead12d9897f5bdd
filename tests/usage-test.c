/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage counts over real HTTP, through the fast path and through libsoup
 * alone: batches counted within their bounds, refused whole when any part is
 * not what sori counts, and nothing of who sent them kept anywhere; the
 * public release of closed periods, noise on every key, the same every time.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-test-api.h"
#include "sori-test-util.h"
#include "sori-noise.h"
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
		"{\"exhibit\": \"moon-jar\", \"feature\": \"reached:camera\"},"
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
	g_assert_cmpuint(count_of(f, "exhibit:moon-jar:reached:camera"), ==, 1);
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

/* the museum's date @days from today, as text */
static gchar *
museum_day(gint days)
{
	g_autoptr(GTimeZone) tz = g_time_zone_new_identifier("Asia/Seoul");
	g_autoptr(GDateTime) now = g_date_time_new_now(tz);
	g_autoptr(GDateTime) then = g_date_time_add_days(now, days);
	return g_date_time_format(then, "%F");
}

/* a month that closed well ago: the first and last of its days */
static void
closed_month(gchar **first, gchar **last)
{
	g_autoptr(GTimeZone) tz = g_time_zone_new_identifier("Asia/Seoul");
	g_autoptr(GDateTime) now = g_date_time_new_now(tz);
	g_autoptr(GDateTime) then = g_date_time_add_days(now, -40);
	g_autoptr(GDateTime) start
		= g_date_time_add_days(then, 1 - g_date_time_get_day_of_month(then));
	g_autoptr(GDateTime) next = g_date_time_add_months(start, 1);
	g_autoptr(GDateTime) end = g_date_time_add_days(next, -1);
	*first = g_date_time_format(start, "%F");
	*last = g_date_time_format(end, "%F");
}

/* counting as if it had begun @days_ago, with @epsilon: a new SoriUsage on the same files */
static SoriUsage *
count_since(SoriTestApi *f, gint days_ago, gdouble epsilon)
{
	g_autofree gchar *dir = g_build_filename(f->data_dir, ".sori", "usage", NULL);
	g_autofree gchar *venue_dir = g_build_filename(dir, "dasol-museum", NULL);
	g_autofree gchar *path = g_build_filename(venue_dir, "counting-since", NULL);
	g_autofree gchar *since = museum_day(-days_ago);
	g_autofree gchar *text = g_strconcat(since, "\n", NULL);
	SoriUsage *usage = sori_usage_new(dir);

	g_assert_cmpint(g_mkdir_with_parents(venue_dir, 0700), ==, 0);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	sori_usage_set_epsilon(usage, epsilon);
	sori_venue_store_set_usage(f->store, usage);
	return usage;
}

static void
add_uses(SoriUsage *usage, const gchar *day, const gchar *key, guint times)
{
	for (guint i = 0; i < times; i++)
		sori_usage_add(usage, "dasol-museum", day, &key, 1);
}

static SoriTestReply *
fetch_release(SoriTestApi *f, const gchar *query)
{
	g_autofree gchar *path = g_strconcat(USAGE, query, NULL);
	return sori_test_api_fetch(f, path, NULL);
}

static gint64
count_in(JsonObject *release, const gchar *key)
{
	JsonObject *counts = json_object_get_object_member(release, "counts");
	g_assert_true(json_object_has_member(counts, key));
	return json_object_get_int_member(counts, key);
}

static void
test_release(SoriTestApi *f, gconstpointer user_data)
{
	g_autofree gchar *first = NULL;
	g_autofree gchar *last = NULL;
	g_autofree gchar *query = NULL;
	g_autofree gchar *busy_day = NULL;
	g_autoptr(SoriUsage) usage = count_since(f, 120, 1.0);
	g_autoptr(SoriUsage) restarted = NULL;
	g_autoptr(SoriTestReply) reply = NULL;
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(SoriTestReply) after_restart = NULL;
	g_autoptr(SoriTestReply) not_modified = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GPtrArray) key_space = NULL;
	g_autoptr(GHashTable) values = g_hash_table_new(g_int64_hash, g_int64_equal);
	g_autoptr(GArray) distinct = g_array_new(FALSE, FALSE, sizeof(gint64));
	g_autoptr(GError) error = NULL;
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(f->store, "dasol-museum");
	JsonObject *release;
	JsonObject *privacy;
	JsonObject *counts;
	const gchar *headers[] = { "If-None-Match", NULL, NULL };
	gint64 opened;

	closed_month(&first, &last);
	/* 1,000 openings on the month's 10th, 20 on its last day; one outside the key space */
	busy_day = g_strdup_printf("%.8s10", first);
	add_uses(usage, busy_day, "exhibit:moon-jar:opened", 1000);
	add_uses(usage, last, "exhibit:moon-jar:captions", 20);
	add_uses(usage, last, "exhibit:removed-long-ago:opened", 500);
	query = g_strdup_printf("?period=month&date=%s", busy_day);
	reply = fetch_release(f, query);
	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Cache-Control"), ==, "public, max-age=86400");
	release = sori_test_api_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(release, "period"), ==, "month");
	g_assert_cmpstr(json_object_get_string_member(release, "from"), ==, first);
	g_assert_cmpstr(json_object_get_string_member(release, "to"), ==, last);
	privacy = json_object_get_object_member(release, "privacy");
	g_assert_cmpfloat(json_object_get_double_member(privacy, "epsilon"), ==, 1.0);
	g_assert_cmpint(json_object_get_int_member(privacy, "contribution_bound"), ==,
			SORI_USAGE_PHONE_DAY_BOUND);
	g_assert_cmpint(json_object_get_int_member(privacy, "margin_95"), ==,
			sori_noise_geometric_bound(1.0, SORI_USAGE_PHONE_DAY_BOUND, 0.95));
	g_assert_nonnull(strstr(json_object_get_string_member(privacy, "method"), "geometric"));

	/* every key of the venue's key space, zeros included, and nothing else */
	key_space = sori_usage_api_key_space(snapshot->catalogue);
	counts = json_object_get_object_member(release, "counts");
	g_assert_cmpuint(json_object_get_size(counts), ==, key_space->len);
	g_assert_cmpuint(key_space->len, >, 100);
	g_assert_false(json_object_has_member(counts, "exhibit:removed-long-ago:opened"));
	g_assert_true(json_object_has_member(counts, "settings:mode:sign"));
	g_assert_true(json_object_has_member(counts, "place:toilet-2:directions:blind"));
	/* the counts shine through noise of this size; the zeros are not all zero */
	opened = count_in(release, "exhibit:moon-jar:opened");
	g_assert_cmpint(ABS(opened - 1000), <, 1500);
	for (guint i = 0; i < key_space->len; i++) {
		gint64 value = count_in(release, g_ptr_array_index(key_space, i));
		if (!g_hash_table_contains(values, &value)) {
			g_array_append_val(distinct, value);
			g_hash_table_add(values,
					 &g_array_index(distinct, gint64, distinct->len - 1));
		}
	}
	g_assert_cmpuint(distinct->len, >, key_space->len / 4);

	/* the same numbers every time, and after a restart: the noise was drawn once */
	again = fetch_release(f, query);
	g_assert_cmpuint(again->status, ==, 200);
	g_assert_true(g_bytes_equal(again->body, reply->body));
	restarted = count_since(f, 120, 1.0);
	after_restart = fetch_release(f, query);
	g_assert_true(g_bytes_equal(after_restart->body, reply->body));
	headers[1] = sori_test_api_header(reply, "ETag");
	{
		g_autofree gchar *path = g_strconcat(USAGE, query, NULL);
		not_modified = sori_test_api_fetch_full(f, "GET", path, headers);
	}
	g_assert_cmpuint(not_modified->status, ==, 304);
	{
		g_autofree gchar *name = g_strdup_printf("month-%s.json", first);
		g_autofree gchar *path = g_build_filename(f->data_dir, ".sori", "usage",
							  "dasol-museum", "released", name, NULL);
		g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	}
	g_assert_true(sori_usage_flush(restarted, &error));
	g_assert_no_error(error);
}

static void
test_release_periods(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriUsage) usage = count_since(f, 60, 2.0);
	g_autofree gchar *today = museum_day(0);
	g_autofree gchar *yesterday = museum_day(-1);
	g_autofree gchar *closed = museum_day(-2);
	g_autofree gchar *long_ago = museum_day(-200);
	g_autofree gchar *q = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	const gchar *bad[] = { "?period=year", "?period=day&date=2026-02-30", "?period=day&date=1",
			       "?period=day&date=2026-12-01&x=1", "?period=day&period=week" };

	/* today and yesterday may still be counted: not released */
	for (guint i = 0; i < 2; i++) {
		g_autofree gchar *query
			= g_strdup_printf("?period=day&date=%s", i == 0 ? today : yesterday);
		g_autoptr(SoriTestReply) open = fetch_release(f, query);
		sori_test_api_assert_problem(open, SORI_PROBLEM_NO_RELEASE, NULL);
		g_assert_nonnull(strstr((const gchar *) g_bytes_get_data(open->body, NULL),
					"is not over yet"));
	}
	{
		g_autoptr(SoriTestReply) week = fetch_release(f, "?period=week&date=");
		sori_test_api_assert_problem(week, SORI_PROBLEM_INVALID_PARAMETER, NULL);
	}
	/* before the venue began counting: nothing */
	{
		g_autofree gchar *query = g_strdup_printf("?period=day&date=%s", long_ago);
		g_autoptr(SoriTestReply) before = fetch_release(f, query);
		sori_test_api_assert_problem(before, SORI_PROBLEM_NO_RELEASE, NULL);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(SoriTestReply) reply = fetch_release(f, bad[i]);
		g_test_message("%s", bad[i]);
		sori_test_api_assert_problem(reply, SORI_PROBLEM_INVALID_PARAMETER, NULL);
	}
	/* the day before yesterday is closed, and drawn with this release's epsilon */
	{
		g_autoptr(SoriTestReply) day = NULL;
		JsonObject *release;
		q = g_strdup_printf("?period=day&date=%s", closed);
		day = fetch_release(f, q);
		g_assert_cmpuint(day->status, ==, 200);
		release = sori_test_api_json(day, parser);
		g_assert_cmpstr(json_object_get_string_member(release, "from"), ==, closed);
		g_assert_cmpstr(json_object_get_string_member(release, "to"), ==, closed);
		g_assert_cmpfloat(
			json_object_get_double_member(
				json_object_get_object_member(release, "privacy"), "epsilon"),
			==, 2.0);
	}
	/* no date: the latest closed period, here a week that ended at least two days ago */
	{
		g_autoptr(SoriTestReply) week = fetch_release(f, "?period=week");
		JsonObject *release;
		g_autoptr(GDateTime) to = NULL;
		g_autofree gchar *iso = NULL;
		g_autofree gchar *yesterday_iso = g_strdup_printf("%sT00:00:00Z", yesterday);
		g_autoptr(GDateTime) y = g_date_time_new_from_iso8601(yesterday_iso, NULL);
		g_assert_cmpuint(week->status, ==, 200);
		release = sori_test_api_json(week, parser);
		iso = g_strdup_printf("%sT00:00:00Z", json_object_get_string_member(release, "to"));
		to = g_date_time_new_from_iso8601(iso, NULL);
		g_assert_cmpint(g_date_time_get_day_of_week(to), ==, 7);
		g_assert_cmpint(g_date_time_difference(y, to) / G_TIME_SPAN_DAY, >=, 1);
		g_assert_cmpint(g_date_time_difference(y, to) / G_TIME_SPAN_DAY, <=, 7);
	}
}

/* a release damaged on disk is refused, never drawn again */
static void
test_release_damaged(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriUsage) usage = count_since(f, 30, 1.0);
	g_autofree gchar *closed = museum_day(-3);
	g_autofree gchar *dir
		= g_build_filename(f->data_dir, ".sori", "usage", "dasol-museum", "released", NULL);
	g_autofree gchar *name = g_strdup_printf("day-%s.json", closed);
	g_autofree gchar *path = g_build_filename(dir, name, NULL);
	g_autofree gchar *query = g_strdup_printf("?period=day&date=%s", closed);
	g_autofree gchar *text = NULL;
	g_autoptr(SoriTestReply) reply = NULL;

	g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
	g_assert_true(g_file_set_contents(path, "{\"counts\": {\"exhibit:moon", -1, NULL));
	g_test_expect_message("sori-store", G_LOG_LEVEL_WARNING, "*are damaged, not serving them*");
	reply = fetch_release(f, query);
	g_test_assert_expected_messages();
	sori_test_api_assert_problem(reply, SORI_PROBLEM_INTERNAL, NULL);
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "{\"counts\": {\"exhibit:moon");
}

/* the app's daily limit is the bound the release's noise is scaled to */
static void
test_app_limit(void)
{
	g_autofree gchar *path = g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "..", "..", "daemon",
						  "web", "app", "usage.js", NULL);
	g_autofree gchar *text = NULL;
	g_autofree gchar *line = g_strdup_printf("const DAILY_MAX = %u;", SORI_USAGE_DAILY_EVENTS);

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_assert_nonnull(strstr(text, line));
	g_assert_nonnull(strstr(text, "text_size_large:"));
	g_assert_nonnull(strstr(text, "high_contrast:"));
	g_assert_nonnull(strstr(text, "mode:"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_api_add("usage", "counted", test_counted);
	sori_test_api_add("usage", "refused-whole", test_refused_whole);
	sori_test_api_add("usage", "nothing-of-who", test_nothing_of_who);
	sori_test_api_add("usage", "switched-off", test_switched_off);
	sori_test_api_add("usage", "release", test_release);
	sori_test_api_add("usage", "release-periods", test_release_periods);
	sori_test_api_add("usage", "release-damaged", test_release_damaged);
	g_test_add_func("/usage/app-limit", test_app_limit);
	return g_test_run();
}
