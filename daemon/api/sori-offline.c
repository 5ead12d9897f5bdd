/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>

#include "sori-api.h"
#include "sori-json.h"
#include "sori-offline.h"
#include "sori-views.h"

/*
 * What a phone keeps to use a venue without the network (GET
 * /v1/venues/{venue}/offline?lang=): every page a visitor opens from the
 * venue's home (its galleries, exhibits, access, keypad, settings and the
 * directions pages they link to), every picture of sorid's own, and each
 * exhibit's speech at the default rate and pitch (MP3) with its captions, in
 * the language asked for: the URLs exactly as the pages write them, so that
 * the service worker finds them again by URL. The app (app/offline.js)
 * fetches them a few at a time into one cache per venue.
 *
 * Nothing here is rendered: a page's or a recording's size is not known
 * before it is, so each item gives an estimate, from the catalogue alone,
 * rounded up rather than down (a phone must not run out of room half way).
 */

#define JSON_CONTENT_TYPE "application/json"

/* a page as sorid draws it, with its head and navigation: the sample's are 5 to 10 KB */
#define PAGE_ESTIMATE 16 * 1024
/* a picture whose size the catalogue does not say */
#define PICTURE_ESTIMATE 256 * 1024
/* the speech's MP3 at 24 kbit/s (lib/speech/sori-audio-encode.c): 3,000 bytes a second */
#define AUDIO_BYTES_PER_S 3000
/* espeak-ng's default 175 words a minute, counting a word as 6 characters of any script */
#define CHARS_PER_S (175.0 * 6.0 / 60.0)

/* exhibit.js's texts of an exhibit, each with its recording */
static const gchar *const spoken[] = { "description", "audio_description", "easy_read" };

typedef struct {
	JsonBuilder *builder;
	GHashTable *listed; /* the URLs listed already */
	gint64 estimate;
	guint count;
} SoriOfflineList;

static void
sori_offline_add(SoriOfflineList *list, const gchar *kind, const gchar *url, gint64 estimate)
{
	/* once each: a picture shown on several pages is kept, and counted, once */
	if (!g_hash_table_add(list->listed, g_strdup(url)))
		return;
	json_builder_begin_object(list->builder);
	json_builder_set_member_name(list->builder, "url");
	json_builder_add_string_value(list->builder, url);
	json_builder_set_member_name(list->builder, "kind");
	json_builder_add_string_value(list->builder, kind);
	json_builder_set_member_name(list->builder, "estimate");
	json_builder_add_int_value(list->builder, estimate);
	json_builder_end_object(list->builder);
	list->estimate += estimate;
	list->count++;
}

/* a venue's page: /v/{venue}[/{part}[/{id}]][?to={to}], as sori_page_href() writes it */
static void
sori_offline_add_page(SoriOfflineList *list, const gchar *venue, const gchar *part, const gchar *id,
		      const gchar *to)
{
	g_autoptr(GString) url = g_string_new("/v/");
	g_autofree gchar *v = g_uri_escape_string(venue, NULL, FALSE);

	g_string_append(url, v);
	if (part != NULL)
		g_string_append_printf(url, "/%s", part);
	if (id != NULL) {
		g_autofree gchar *escaped = g_uri_escape_string(id, NULL, FALSE);
		g_string_append_printf(url, "/%s", escaped);
	}
	if (to != NULL) {
		g_autofree gchar *escaped = g_uri_escape_string(to, NULL, FALSE);
		g_string_append_printf(url, "?to=%s", escaped);
	}
	sori_offline_add(list, "page", url->str, PAGE_ESTIMATE);
}

/* the pictures sorid serves itself (a venue's upload); another site's stay the browser's */
static void
sori_offline_add_pictures(SoriOfflineList *list, JsonObject *obj)
{
	JsonArray *images = sori_json_object_get_array(obj, "images");

	for (guint i = 0; images != NULL && i < json_array_get_length(images); i++) {
		JsonObject *image = json_array_get_object_element(images, i);
		const gchar *url = sori_json_object_get_string(image, "url");
		gint64 width = 0;
		gint64 height = 0;
		gint64 estimate = PICTURE_ESTIMATE;

		if (url == NULL || url[0] != '/' || url[1] == '/')
			continue;
		/* a compressed picture is seldom more than a byte for 4 pixels */
		if (sori_json_object_get_int(image, "width", &width)
		    && sori_json_object_get_int(image, "height", &height) && width > 0 && height > 0
		    && width <= 10000 && height <= 10000)
			estimate = width * height / 4;
		sori_offline_add(list, "picture", url, estimate);
	}
}

/* each text's recording and captions, as the exhibit page's players link them */
static void
sori_offline_add_speech(SoriOfflineList *list, JsonObject *exhibit)
{
	JsonObject *media = sori_json_object_get_object(exhibit, "media");

	for (guint i = 0; i < G_N_ELEMENTS(spoken); i++) {
		JsonObject *links = sori_json_object_get_object(media, spoken[i]);
		const gchar *text = sori_json_object_get_string(
			sori_json_object_get_object(exhibit, spoken[i]), "text");
		const gchar *audio = sori_json_object_get_string(links, "audio");
		const gchar *captions = sori_json_object_get_string(links, "captions");
		gdouble seconds;

		if (text == NULL || audio == NULL || captions == NULL)
			continue;
		seconds = g_utf8_strlen(text, -1) / CHARS_PER_S + 1.0;
		sori_offline_add(list, "audio", audio, (gint64) (seconds * AUDIO_BYTES_PER_S));
		/* the text again, with a timestamp before each word and a cue every line */
		sori_offline_add(list, "captions", captions, (gint64) strlen(text) * 3 + 512);
	}
}

/* the directions page to each place a page links it from */
static void
sori_offline_add_directions(SoriOfflineList *list, const gchar *venue, JsonObject *v)
{
	static const gchar *const linked[] = { "entrances", "toilets" };
	JsonObject *access = sori_json_object_get_object(v, "access");

	sori_offline_add_page(list, venue, "directions", NULL, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(linked); i++) {
		JsonArray *items = sori_json_object_get_array(access, linked[i]);
		for (guint j = 0; items != NULL && j < json_array_get_length(items); j++) {
			JsonObject *item = json_array_get_object_element(items, j);
			const gchar *id = sori_json_object_get_string(item, "id");
			if (id != NULL)
				sori_offline_add_page(list, venue, "directions", NULL, id);
		}
	}
}

static SoriRepresentation *
sori_offline_build_cb(SoriVenueSnapshot *snapshot, gpointer user_data)
{
	const gchar *lang = user_data;
	SoriCatalogue *catalogue = snapshot->catalogue;
	const gchar *venue = sori_catalogue_get_id(catalogue);
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	g_autoptr(JsonNode) venue_node = sori_view_venue(catalogue, lang);
	JsonObject *v = json_node_get_object(venue_node);
	GPtrArray *galleries = sori_catalogue_get_galleries(catalogue);
	GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
	gboolean map = sori_catalogue_has_map(catalogue);
	g_autoptr(GHashTable) listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	SoriOfflineList list = { .builder = builder, .listed = listed };
	g_autofree gchar *cache = g_strconcat("sori-offline-", venue, NULL);
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "venue");
	json_builder_add_string_value(builder, venue);
	json_builder_set_member_name(builder, "lang");
	json_builder_add_string_value(builder, lang);
	json_builder_set_member_name(builder, "cache");
	json_builder_add_string_value(builder, cache);
	json_builder_set_member_name(builder, "items");
	json_builder_begin_array(builder);
	sori_offline_add_page(&list, venue, NULL, NULL, NULL);
	sori_offline_add_page(&list, venue, "access", NULL, NULL);
	sori_offline_add_page(&list, venue, "keypad", NULL, NULL);
	sori_offline_add_page(&list, venue, "settings", NULL, NULL);
	if (map)
		sori_offline_add_directions(&list, venue, v);
	sori_offline_add_pictures(&list, v);
	for (guint i = 0; galleries != NULL && i < galleries->len; i++) {
		SoriGallery *gallery = g_ptr_array_index(galleries, i);
		sori_offline_add_page(&list, venue, "g", gallery->id, NULL);
		if (map)
			sori_offline_add_page(&list, venue, "directions", NULL, gallery->id);
	}
	for (guint i = 0; exhibits != NULL && i < exhibits->len; i++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
		g_autoptr(JsonNode) node = sori_view_exhibit(catalogue, exhibit, lang);
		JsonObject *e = json_node_get_object(node);

		sori_offline_add_page(&list, venue, "e", exhibit->id, NULL);
		if (map)
			sori_offline_add_page(&list, venue, "directions", NULL, exhibit->id);
		sori_offline_add_pictures(&list, e);
		sori_offline_add_speech(&list, e);
	}
	json_builder_end_array(builder);
	json_builder_set_member_name(builder, "count");
	json_builder_add_int_value(builder, list.count);
	json_builder_set_member_name(builder, "estimate");
	json_builder_add_int_value(builder, list.estimate);
	json_builder_end_object(builder);
	root = json_builder_get_root(builder);
	return sori_representation_new_json(200, JSON_CONTENT_TYPE, lang, root);
}

/**
 * sori_offline_handle:
 *
 * GET /v1/venues/{venue}/offline[?lang=]: every URL a phone keeps to use the
 * venue without the network, each with an estimate of its size in bytes, and
 * their total; built once per catalogue version and language.
 */
gboolean
sori_offline_handle(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		    SoriHttpResponse *response)
{
	return sori_api_handle_localized(store, request, match, response, "offline",
					 sori_offline_build_cb);
}
