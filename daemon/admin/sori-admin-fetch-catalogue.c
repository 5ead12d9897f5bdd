/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A catalogue's remote media: found, then, once fetched, pointed at sorid's
 * own copies (`/v1/venues/{venue}/media/{sha256}.{ext}`), the remote URL kept
 * beside as `source_<field>`; a medium that could not be fetched is dropped,
 * so that the page draws what it draws without it (an image's alt text in
 * words, no video, synthetic speech).
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include <string.h>

#include "sori-admin-fetch.h"
#include "sori-admin-private.h"

static gboolean
sori_admin_fetch_is_remote(const gchar *url)
{
	return url != NULL && g_ascii_strncasecmp(url, "https://", 8) == 0;
}

/* the remote URL of @obj's @field: itself, or, once dropped, its source */
static const gchar *
sori_admin_fetch_remote(JsonObject *obj, const gchar *field)
{
	g_autofree gchar *source = g_strconcat("source_", field, NULL);
	const gchar *url = json_object_get_string_member_with_default(obj, field, NULL);

	if (sori_admin_fetch_is_remote(url))
		return url;
	if (url == NULL)
		url = json_object_get_string_member_with_default(obj, source, NULL);
	return sori_admin_fetch_is_remote(url) ? url : NULL;
}

static void
sori_admin_fetch_want(GPtrArray *wanted, GHashTable *seen, JsonObject *obj, const gchar *field,
		      SoriAdminFetchKind kind)
{
	const gchar *url = obj != NULL ? sori_admin_fetch_remote(obj, field) : NULL;
	gchar *key;

	if (url == NULL)
		return;
	key = g_strdup_printf("%d %s", kind, url);
	if (!g_hash_table_add(seen, key))
		return;
	g_ptr_array_add(wanted, g_strdup(key));
}

static JsonObject *
sori_admin_fetch_member_object(JsonObject *obj, const gchar *name)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, name) : NULL;
	return node != NULL && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

static JsonArray *
sori_admin_fetch_member_array(JsonObject *obj, const gchar *name)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, name) : NULL;
	return node != NULL && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}

static JsonObject *
sori_admin_fetch_element_object(JsonArray *array, guint i)
{
	JsonNode *node = json_array_get_element(array, i);
	return JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

typedef void (*SoriAdminFetchMediumFunc)(JsonObject *obj, const gchar *field,
					 SoriAdminFetchKind kind, gpointer user_data);

/* every medium a catalogue's exhibits name: the object holding it, its field, its kind */
static void
sori_admin_fetch_foreach_medium(JsonNode *root, SoriAdminFetchMediumFunc func, gpointer user_data)
{
	JsonObject *catalogue = JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
	JsonArray *exhibits = sori_admin_fetch_member_array(catalogue, "exhibits");

	for (guint i = 0; exhibits != NULL && i < json_array_get_length(exhibits); i++) {
		JsonObject *e = sori_admin_fetch_element_object(exhibits, i);
		JsonArray *images = sori_admin_fetch_member_array(e, "images");
		JsonObject *sign = sori_admin_fetch_member_object(e, "sign_language");
		JsonObject *narration = sori_admin_fetch_member_object(e, "narration");
		JsonObjectIter iter;
		const gchar *lang;
		JsonNode *node;

		for (guint j = 0; images != NULL && j < json_array_get_length(images); j++)
			func(sori_admin_fetch_element_object(images, j), "url",
			     SORI_ADMIN_FETCH_IMAGE, user_data);
		func(sign, "video", SORI_ADMIN_FETCH_VIDEO, user_data);
		func(sign, "captions", SORI_ADMIN_FETCH_CAPTIONS, user_data);
		if (narration == NULL)
			continue;
		json_object_iter_init(&iter, narration);
		while (json_object_iter_next(&iter, &lang, &node)) {
			JsonObject *entry
				= JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
			func(entry, "audio", SORI_ADMIN_FETCH_AUDIO, user_data);
			func(entry, "captions", SORI_ADMIN_FETCH_CAPTIONS, user_data);
		}
	}
}

typedef struct {
	GPtrArray *wanted;
	GHashTable *seen;
} SoriAdminFetchWanted;

static void
sori_admin_fetch_want_cb(JsonObject *obj, const gchar *field, SoriAdminFetchKind kind,
			 gpointer user_data)
{
	SoriAdminFetchWanted *w = user_data;
	sori_admin_fetch_want(w->wanted, w->seen, obj, field, kind);
}

/**
 * sori_admin_fetch_collect:
 * @root: a valid catalogue
 *
 * Returns: (transfer full): "<kind> <url>" of each remote medium, once each
 */
GPtrArray *
sori_admin_fetch_collect(JsonNode *root)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	SoriAdminFetchWanted w = { g_ptr_array_new_with_free_func(g_free), seen };

	sori_admin_fetch_foreach_medium(root, sori_admin_fetch_want_cb, &w);
	return w.wanted;
}

/* a published medium: its source and the copy sorid has of it */
static void
sori_admin_fetch_learn_one_cb(JsonObject *obj, const gchar *field, SoriAdminFetchKind kind,
			      gpointer user_data)
{
	SoriAdminFetch *fetch = user_data;
	g_autofree gchar *source_field = g_strconcat("source_", field, NULL);
	const gchar *url
		= obj != NULL ? json_object_get_string_member_with_default(obj, field, NULL) : NULL;
	const gchar *source
		= obj != NULL ? json_object_get_string_member_with_default(obj, source_field, NULL)
			      : NULL;
	const gchar *file = url != NULL ? strstr(url, "/media/") : NULL;
	g_autofree gchar *key = NULL;

	if (file == NULL || !g_str_has_prefix(url, "/v1/venues/")
	    || !sori_admin_fetch_is_remote(source))
		return;
	key = g_strdup_printf("%d %s", kind, source);
	sori_admin_fetch_remember(fetch, key, file + strlen("/media/"));
}

/**
 * sori_admin_fetch_learn:
 * @root: a live catalogue
 *
 * Remembers the media @root names by their `source_*`, so that publishing
 * the curator's document again (with its remote URLs) fetches none of them.
 */
void
sori_admin_fetch_learn(SoriAdminFetch *self, JsonNode *root)
{
	sori_admin_fetch_foreach_medium(root, sori_admin_fetch_learn_one_cb, self);
}

/* @obj's @field pointed at sorid's copy; %FALSE when it has none */
static gboolean
sori_admin_fetch_point(JsonObject *obj, const gchar *field, SoriAdminFetchKind kind,
		       const gchar *venue, GHashTable *files)
{
	const gchar *url = sori_admin_fetch_remote(obj, field);
	g_autofree gchar *remote = NULL;
	g_autofree gchar *key = NULL;
	g_autofree gchar *source = NULL;
	const gchar *file;

	if (url == NULL)
		return TRUE;
	remote = g_strdup(url);
	key = g_strdup_printf("%d %s", kind, remote);
	source = g_strconcat("source_", field, NULL);
	file = g_hash_table_lookup(files, key);
	json_object_set_string_member(obj, source, remote);
	if (file == NULL) {
		json_object_remove_member(obj, field);
		return FALSE;
	}
	{
		g_autofree gchar *local = g_strdup_printf("/v1/venues/%s/media/%s", venue, file);
		json_object_set_string_member(obj, field, local);
	}
	return TRUE;
}

static void
sori_admin_fetch_rewrite_exhibit(JsonObject *e, const gchar *venue, GHashTable *files)
{
	JsonArray *images = sori_admin_fetch_member_array(e, "images");
	JsonObject *sign = sori_admin_fetch_member_object(e, "sign_language");
	JsonObject *narration = sori_admin_fetch_member_object(e, "narration");
	g_autoptr(GList) langs = NULL;

	/* an image not fetched keeps its alt text, said in words in its place */
	for (guint j = 0; images != NULL && j < json_array_get_length(images); j++) {
		JsonObject *image = sori_admin_fetch_element_object(images, j);
		if (image != NULL)
			sori_admin_fetch_point(image, "url", SORI_ADMIN_FETCH_IMAGE, venue, files);
	}
	/* a video, or its captions, not fetched: no video */
	if (sign != NULL
	    && (!sori_admin_fetch_point(sign, "video", SORI_ADMIN_FETCH_VIDEO, venue, files)
		| !sori_admin_fetch_point(sign, "captions", SORI_ADMIN_FETCH_CAPTIONS, venue,
					  files)))
		json_object_remove_member(e, "sign_language");
	if (narration == NULL)
		return;
	/* a recording, or its captions, not fetched: synthetic speech in that language */
	langs = json_object_get_members(narration);
	for (GList *l = langs; l != NULL; l = l->next) {
		JsonObject *entry = sori_admin_fetch_member_object(narration, l->data);
		if (entry != NULL
		    && (!sori_admin_fetch_point(entry, "audio", SORI_ADMIN_FETCH_AUDIO, venue,
						files)
			| !sori_admin_fetch_point(entry, "captions", SORI_ADMIN_FETCH_CAPTIONS,
						  venue, files)))
			json_object_remove_member(narration, l->data);
	}
	if (json_object_get_size(narration) == 0)
		json_object_remove_member(e, "narration");
}

/**
 * sori_admin_fetch_rewrite:
 * @files: "<kind> <url>" → the file it was kept as, from sori_admin_fetch_media_finish()
 *
 * Points each remote medium of @root at sorid's copy, its remote URL kept as
 * `source_<field>`; drops those not fetched.
 */
void
sori_admin_fetch_rewrite(JsonNode *root, const gchar *venue, GHashTable *files)
{
	JsonObject *catalogue = JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
	JsonArray *exhibits = sori_admin_fetch_member_array(catalogue, "exhibits");

	for (guint i = 0; exhibits != NULL && i < json_array_get_length(exhibits); i++) {
		JsonObject *e = sori_admin_fetch_element_object(exhibits, i);
		if (e != NULL)
			sori_admin_fetch_rewrite_exhibit(e, venue, files);
	}
}

/**
 * sori_admin_fetch_add_problems:
 * @msg: (nullable): a publish's message
 *
 * Adds "media_problems", the media its fetch could not keep, to a publish's answer.
 */
void
sori_admin_fetch_add_problems(JsonBuilder *b, SoupServerMessage *msg)
{
	JsonNode *problems
		= msg != NULL ? g_object_get_data(G_OBJECT(msg), "sori-media-problems") : NULL;

	json_builder_set_member_name(b, "media_problems");
	if (problems != NULL)
		json_builder_add_value(b, json_node_copy(problems));
	else {
		JsonNode *none = json_node_new(JSON_NODE_ARRAY);
		json_node_take_array(none, json_array_new());
		json_builder_add_value(b, none);
	}
}

/* sori_admin_fetch_rewrite() of a catalogue as sent; %NULL if it is not JSON */
static GBytes *
sori_admin_fetch_rewrite_bytes(GBytes *bytes, const gchar *venue, GHashTable *files)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree gchar *text = NULL;
	gsize len;

	if (!json_parser_load_from_data(parser, g_bytes_get_data(bytes, NULL),
					g_bytes_get_size(bytes), NULL))
		return NULL;
	sori_admin_fetch_rewrite(json_parser_get_root(parser), venue, files);
	text = json_to_string(json_parser_get_root(parser), TRUE);
	len = strlen(text);
	return g_bytes_new_take(g_steal_pointer(&text), len);
}

/* a publish's fetch, run on the main loop while its checking thread waits */
typedef struct {
	SoriAdmin *admin;
	const gchar *venue;
	SoupServerMessage *msg; /* nullable */
	GPtrArray *wanted;
	GMutex lock;
	GCond cond;
	GHashTable *files; /* set when done */
} SoriAdminFetchWait;

static void
sori_admin_fetch_wait_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriAdminFetchWait *w = user_data;
	JsonNode *problems = NULL;
	GHashTable *files
		= sori_admin_fetch_media_finish(SORI_ADMIN_FETCH(source), result, &problems);

	if (w->msg != NULL)
		g_object_set_data_full(G_OBJECT(w->msg), "sori-media-problems", problems,
				       (GDestroyNotify) json_node_unref);
	else
		json_node_unref(problems);
	g_mutex_lock(&w->lock);
	w->files = files;
	g_cond_signal(&w->cond);
	g_mutex_unlock(&w->lock);
}

static gboolean
sori_admin_fetch_wait_start_cb(gpointer user_data)
{
	SoriAdminFetchWait *w = user_data;
	SoriVenueSnapshot *live = sori_venue_store_peek(w->admin->venues, w->venue);

	/* what the live catalogue has fetched already is not fetched again */
	if (live != NULL && !sori_catalogue_is_summary(live->catalogue))
		sori_admin_fetch_learn(w->admin->fetch, sori_catalogue_get_root(live->catalogue));
	sori_admin_fetch_media_async(w->admin->fetch, w->admin->store, w->wanted,
				     sori_admin_fetch_wait_done_cb, w);
	return G_SOURCE_REMOVE;
}

/**
 * sori_admin_fetch_for_publish:
 * @bytes: (inout): a catalogue of @venue, as sent
 * @catalogue: (inout): @bytes, checked and valid
 * @problems: (out): when the rewritten catalogue is not valid (it should be)
 *
 * Called from a publish's checking thread: when @catalogue names remote
 * media, they are fetched (asynchronously, on the main loop, within their
 * deadlines, while this thread waits) into the media store, and @bytes and
 * @catalogue replaced with the catalogue pointing at sorid's copies, what
 * could not be fetched dropped and named on @msg for the answer.
 */
void
sori_admin_fetch_for_publish(SoriAdmin *admin, const gchar *venue, SoupServerMessage *msg,
			     GBytes **bytes, SoriCatalogue **catalogue, GPtrArray **problems,
			     GError **error)
{
	g_autoptr(GPtrArray) wanted = sori_admin_fetch_collect(sori_catalogue_get_root(*catalogue));
	g_autoptr(GHashTable) files = NULL;
	g_autoptr(GBytes) rewritten = NULL;
	SoriAdminFetchWait w = { admin, venue, msg, wanted };

	if (wanted->len == 0)
		return;
	g_mutex_init(&w.lock);
	g_cond_init(&w.cond);
	g_main_context_invoke(NULL, sori_admin_fetch_wait_start_cb, &w);
	g_mutex_lock(&w.lock);
	while (w.files == NULL)
		g_cond_wait(&w.cond, &w.lock);
	g_mutex_unlock(&w.lock);
	g_mutex_clear(&w.lock);
	g_cond_clear(&w.cond);
	files = w.files;
	rewritten = sori_admin_fetch_rewrite_bytes(*bytes, venue, files);
	if (rewritten == NULL)
		return;
	g_bytes_unref(*bytes);
	*bytes = g_steal_pointer(&rewritten);
	g_clear_pointer(catalogue, sori_catalogue_unref);
	*catalogue = sori_catalogue_new_from_bytes(*bytes, problems, error);
}
