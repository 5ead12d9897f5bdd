/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store interface as its callers use it, on the files store: the
 * asynchronous publish and media commit, the health, the tokens' editing,
 * and the factory's answer to a store it does not know.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-store-open.h"
#include "sori-store-venues.h"
#include "sori-test-util.h"

typedef struct {
	gchar *dir;
	SoriStore *store;
	GMainLoop *loop;
	GPtrArray *answers; /* revision ids, or "error: …", in the order they came */
	guint waiting;
} Fixture;

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	f->dir = g_dir_make_tmp("sori-store-test-XXXXXX", &error);
	g_assert_no_error(error);
	f->store = sori_store_open(NULL, f->dir, 2, &error);
	g_assert_no_error(error);
	g_assert_nonnull(f->store);
	f->loop = g_main_loop_new(NULL, FALSE);
	f->answers = g_ptr_array_new_with_free_func(g_free);
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	g_ptr_array_unref(f->answers);
	g_main_loop_unref(f->loop);
	g_object_unref(f->store);
	sori_test_remove_tree(f->dir);
	g_free(f->dir);
}

static GBytes *
catalogue(guint n)
{
	gchar *text = g_strdup_printf("{\"venue\": {\"id\": \"moon\"}, \"n\": %u}", n);
	return g_bytes_new_take(text, strlen(text));
}

static void
published_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Fixture *f = user_data;
	g_autoptr(GError) error = NULL;
	gchar *id = sori_store_publish_finish(SORI_STORE(source), result, &error);

	g_ptr_array_add(f->answers, id != NULL ? id : g_strdup_printf("error: %s", error->message));
	if (--f->waiting == 0)
		g_main_loop_quit(f->loop);
}

static void
publish(Fixture *f, GBytes *document)
{
	g_autofree gchar *digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, document);
	f->waiting++;
	sori_store_publish_async(f->store, "moon", document, digest, "curator", "put-catalogue",
				 NULL, published_cb, f);
}

/* three publishes at once: answered in order, the last one live, the oldest pruned */
static void
test_publish_async(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GBytes) live = NULL;
	g_autoptr(GBytes) last = catalogue(3);
	g_autoptr(GPtrArray) revisions = NULL;
	g_autoptr(GPtrArray) audit = NULL;
	g_autoptr(GBytes) first = catalogue(1);
	g_autoptr(GBytes) second = catalogue(2);

	/* older revisions, kept before */
	for (guint i = 0; i < 3; i++) {
		g_autofree gchar *name
			= g_strdup_printf("2020010%uT000000Z-00000000000%u.json", i + 1, i);
		g_autofree gchar *dir
			= g_build_filename(f->dir, ".sori", "revisions", "moon", NULL);
		g_autofree gchar *path = g_build_filename(dir, name, NULL);
		g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
		g_assert_true(g_file_set_contents(path, "{}", -1, NULL));
	}
	publish(f, first);
	publish(f, second);
	publish(f, last);
	/* nothing is answered before the main loop runs */
	g_assert_cmpuint(f->answers->len, ==, 0);
	g_main_loop_run(f->loop);
	g_assert_cmpuint(f->answers->len, ==, 3);
	for (guint i = 0; i < 3; i++)
		g_assert_true(sori_store_revision_id_is_valid(g_ptr_array_index(f->answers, i)));
	live = sori_store_get_catalogue(f->store, "moon", NULL);
	g_assert_nonnull(live);
	g_assert_true(g_bytes_equal(live, last));
	{
		g_autofree gchar *digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, last);
		digest[12] = '\0';
		g_assert_true(g_str_has_suffix(g_ptr_array_index(f->answers, 2), digest));
	}
	/* the newest two kept (the store's limit), and the live one: the old ones pruned */
	revisions = sori_store_list_revisions(f->store, "moon");
	g_assert_cmpuint(revisions->len, >=, 2);
	g_assert_cmpuint(revisions->len, <=, 3);
	for (guint i = 0; i < revisions->len; i++)
		g_assert_false(g_str_has_prefix(g_ptr_array_index(revisions, i), "2020"));
	g_assert_true(g_ptr_array_find_with_equal_func(revisions, g_ptr_array_index(f->answers, 2),
						       g_str_equal, NULL));
	audit = sori_store_list_audit(f->store, "moon", 10);
	g_assert_cmpuint(audit->len, ==, 3);

	/* the same content again is the same revision */
	{
		g_autofree gchar *live_id = g_strdup(g_ptr_array_index(f->answers, 2));
		g_ptr_array_set_size(f->answers, 0);
		publish(f, last);
		g_main_loop_run(f->loop);
		g_assert_cmpstr(g_ptr_array_index(f->answers, 0), ==, live_id);
	}
}

/* a publish the store refuses is an error, not a revision */
static void
test_publish_async_fails(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GBytes) document = catalogue(1);
	g_autofree gchar *sori = g_build_filename(f->dir, ".sori", NULL);

	/* where the revisions go is a file, not a folder */
	g_assert_true(g_file_set_contents(sori, "", 0, NULL));
	publish(f, document);
	g_main_loop_run(f->loop);
	g_assert_cmpuint(f->answers->len, ==, 1);
	g_assert_true(g_str_has_prefix(g_ptr_array_index(f->answers, 0), "error: "));
	g_assert_null(sori_store_get_catalogue(f->store, "moon", NULL));
}

static void
committed_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Fixture *f = user_data;
	g_autoptr(GError) error = NULL;
	gboolean ok = sori_store_commit_media_finish(SORI_STORE(source), result, &error);

	g_ptr_array_add(f->answers,
			ok ? g_strdup("kept") : g_strdup_printf("error: %s", error->message));
	g_main_loop_quit(f->loop);
}

static void
test_commit_media_async(Fixture *f, gconstpointer user_data)
{
	static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3 };
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriFileWriter) writer = sori_store_begin_media(f->store, &error);
	g_autofree gchar *name = NULL;
	g_autoptr(GBytes) kept = NULL;

	g_assert_no_error(error);
	g_assert_true(sori_file_writer_write(writer, png, sizeof(png), &error));
	name = g_strdup_printf("%s.png", sori_file_writer_get_digest(writer));
	g_assert_null(sori_store_get_media(f->store, name, NULL));
	sori_store_commit_media_async(f->store, writer, name, NULL, committed_cb, f);
	g_main_loop_run(f->loop);
	g_assert_cmpstr(g_ptr_array_index(f->answers, 0), ==, "kept");
	kept = sori_store_get_media(f->store, name, &error);
	g_assert_no_error(error);
	g_assert_cmpmem(g_bytes_get_data(kept, NULL), g_bytes_get_size(kept), png, sizeof(png));
}

static gboolean
add_token_cb(SoriTokens *tokens, gpointer user_data, GError **error)
{
	const gchar *const venues[] = { "moon", NULL };
	gchar **token = user_data;
	*token = sori_tokens_add(tokens, "Ji-woo", venues, error);
	return *token != NULL;
}

/* the files store cannot be away; its tokens are edited in its file */
static void
test_health_and_tokens(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *token = NULL;
	g_autofree gchar *path = g_build_filename(f->dir, ".sori", "tokens.json", NULL);
	g_autoptr(SoriStore) again = NULL;
	g_autoptr(GPtrArray) lines = NULL;
	gboolean allowed = FALSE;

	g_assert_null(sori_store_get_health(f->store));
	g_assert_true(sori_store_edit_tokens(f->store, add_token_cb, &token, &error));
	g_assert_no_error(error);
	g_assert_nonnull(token);
	g_assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
	/* another store on the same directory (sorid, while sorictl edits) sees it */
	again = sori_store_open(f->dir, NULL, 2, &error);
	g_assert_no_error(error);
	g_assert_true(sori_store_reload_tokens(again, &error));
	g_assert_cmpstr(sori_store_verify_token(again, token, "moon", &allowed), ==, "Ji-woo");
	g_assert_true(allowed);
	lines = sori_tokens_list(sori_store_get_tokens(again, &error));
	g_assert_cmpuint(lines->len, ==, 1);
	g_assert_true(g_str_has_prefix(g_ptr_array_index(lines, 0), "Ji-woo\tmoon\t"));
	/* a second token of that name is refused, and changes nothing */
	{
		g_autofree gchar *twice = NULL;
		g_assert_false(sori_store_edit_tokens(f->store, add_token_cb, &twice, &error));
		g_assert_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_EXISTS);
	}
}

/* the factory names what it takes when it is given something else */
static void
test_open_refuses(void)
{
	const gchar *specs[] = { "mysql://localhost/sori", "", "/nonexistent/sori-store-test" };
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriStore) store = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(specs); i++) {
		store = sori_store_open(specs[i], "/tmp", 2, &error);
		g_assert_null(store);
		g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
		g_test_message("%s: %s", specs[i], error->message);
		g_assert_nonnull(strstr(error->message, "postgresql:CONNINFO"));
		g_clear_error(&error);
	}
	g_assert_false(sori_store_spec_is_valid("mysql://localhost/sori", &error));
	g_assert_nonnull(strstr(error->message, "'mysql:'"));
	g_clear_error(&error);
	/* the files store needs its directory */
	store = sori_store_open(NULL, NULL, 2, &error);
	g_assert_null(store);
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
	g_clear_error(&error);
	/* a directory whose name looks like a scheme is a directory */
	{
		g_autofree gchar *dir = g_dir_make_tmp("sori-store-test-XXXXXX", &error);
		g_autofree gchar *cwd = g_get_current_dir();
		g_autofree gchar *odd = g_build_filename(dir, "a:b", NULL);
		g_assert_no_error(error);
		g_assert_cmpint(g_mkdir(odd, 0700), ==, 0);
		g_assert_cmpint(g_chdir(dir), ==, 0);
		store = sori_store_open("a:b", NULL, 2, &error);
		g_assert_cmpint(g_chdir(cwd), ==, 0);
		g_assert_no_error(error);
		g_assert_nonnull(store);
		g_assert_null(sori_store_get_health(store));
		g_clear_object(&store);
		sori_test_remove_tree(dir);
	}
}

/* the venues of a files store are read from its directory, which must be one */
static void
test_venues_need_a_directory(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriStore) store = sori_store_open("files", "/nonexistent/sori", 2, &error);
	g_autoptr(SoriVenueStore) venues = sori_venue_store_new("/nonexistent/sori");
	g_autoptr(SoriStoreVenues) keeper = NULL;

	g_assert_no_error(error);
	keeper = sori_store_venues_new(store, venues, &error);
	g_assert_null(keeper);
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
	g_assert_nonnull(strstr(error->message, "/nonexistent/sori is not a directory"));
}

static void
ready_cb(SoriStoreVenues *keeper, const GError *error, gpointer user_data)
{
	g_main_loop_quit(user_data);
}

/* started, a files store's venues are read, and the ready callback told */
static void
test_venues_ready(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *sample
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autofree gchar *copy = g_build_filename(f->dir, "dasol-museum.json", NULL);
	g_autoptr(SoriVenueStore) venues = sori_venue_store_new(f->dir);
	g_autoptr(SoriStoreVenues) keeper = NULL;

	sori_test_copy_file(sample, copy);
	keeper = sori_store_venues_new(f->store, venues, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(sori_store_venues_get_source(keeper), ==, f->dir);
	g_assert_true(sori_store_venues_start(keeper, ready_cb, f->loop, &error));
	g_main_loop_run(f->loop);
	g_assert_cmpuint(sori_venue_store_get_snapshots(venues)->len, ==, 1);
	g_assert_nonnull(sori_venue_store_lookup(venues, "dasol-museum"));
}

static void
store_add(const gchar *name, void (*func)(Fixture *, gconstpointer))
{
	g_test_add(name, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	store_add("/store/files/publish-async", test_publish_async);
	store_add("/store/files/publish-async-fails", test_publish_async_fails);
	store_add("/store/files/commit-media-async", test_commit_media_async);
	store_add("/store/files/health-and-tokens", test_health_and_tokens);
	store_add("/store/files/venues-ready", test_venues_ready);
	g_test_add_func("/store/open/refuses", test_open_refuses);
	g_test_add_func("/store/venues/need-a-directory", test_venues_need_a_directory);
	return g_test_run();
}
