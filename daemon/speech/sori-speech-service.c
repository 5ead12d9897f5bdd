/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every exhibit heard and read:
 *
 *   GET /v1/venues/{v}/exhibits/{id}/audio?lang=&field=&rate=&pitch=&format=
 *   GET /v1/venues/{v}/exhibits/{id}/captions?lang=&field=&rate=&pitch=&format=vtt|json
 *
 * answer with a redirect (302) to an immutable, content-addressed URL,
 * /v1/media/{hash}.{ext}, rendering first when the cache does not have it
 * (concurrent requests for the same rendering wait for one render). Media
 * URLs are served with Range (libsoup answers it with 206), a strong ETag and
 * a year's immutable caching. A recorded narration, where the catalogue has
 * one, is redirected to instead of synthetic speech.
 */

#define G_LOG_DOMAIN "sori-speech"

#include "config.h"

#include <string.h>

#include "sori-language.h"
#include "sori-problem.h"
#include "sori-speech-service.h"

struct _SoriSpeechService {
	GObject parent_instance;
	SoriVenueStore *store;
	SoriSpeechPool *pool;
	SoriMediaCache *cache;
	GHashTable *pending; /* render name → GPtrArray of Waiter */
};

G_DEFINE_TYPE(SoriSpeechService, sori_speech_service, G_TYPE_OBJECT)

typedef struct {
	SoupServerMessage *msg;
	gchar *target; /* the media name to redirect to */
} Waiter;

static void
waiter_free(Waiter *waiter)
{
	g_object_unref(waiter->msg);
	g_free(waiter->target);
	g_free(waiter);
}

static void
sori_speech_service_dispose(GObject *object)
{
	SoriSpeechService *self = SORI_SPEECH_SERVICE(object);
	g_clear_object(&self->store);
	g_clear_object(&self->pool);
	g_clear_object(&self->cache);
	g_clear_pointer(&self->pending, g_hash_table_unref);
	G_OBJECT_CLASS(sori_speech_service_parent_class)->dispose(object);
}

static void
sori_speech_service_class_init(SoriSpeechServiceClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = sori_speech_service_dispose;
}

static void
sori_speech_service_init(SoriSpeechService *self)
{
	self->pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					      (GDestroyNotify) g_ptr_array_unref);
}

SoriSpeechService *
sori_speech_service_new(SoriVenueStore *store, SoriSpeechPool *pool, SoriMediaCache *cache)
{
	SoriSpeechService *self = g_object_new(SORI_TYPE_SPEECH_SERVICE, NULL);
	self->store = g_object_ref(store);
	self->pool = g_object_ref(pool);
	self->cache = g_object_ref(cache);
	return self;
}

static gboolean
is_speech_route(gchar **segments)
{
	return g_strv_length(segments) == 6 && g_str_equal(segments[0], "v1")
	       && g_str_equal(segments[1], "venues") && g_str_equal(segments[3], "exhibits")
	       && (g_str_equal(segments[5], "audio") || g_str_equal(segments[5], "captions"));
}

/**
 * sori_speech_render_key:
 *
 * Returns: (transfer full): 32 hex digits naming a rendering: a hash of
 *	everything that shapes it, the renderer's version included
 */
gchar *
sori_speech_render_key(const gchar *text, const gchar *lang, guint rate, guint pitch)
{
	g_autofree gchar *key_text
		= g_strdup_printf("%s\x1f%s\x1f%s\x1f%u\x1f%u", SORI_SPEECH_RENDERER_VERSION, text,
				  lang, rate, pitch);
	gchar *key = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key_text, -1);
	key[32] = '\0';
	return key;
}

/**
 * sori_speech_store_rendering:
 * @key: from sori_speech_render_key()
 * @audio_name: `<key>.<format>`
 *
 * Caches the audio of a rendering and its captions, `<key>.vtt` and `<key>.json`.
 */
gboolean
sori_speech_store_rendering(SoriMediaCache *cache, const gchar *key, const gchar *audio_name,
			    SoriRendering *rendering, GError **error)
{
	g_autofree gchar *vtt_name = g_strconcat(key, ".vtt", NULL);
	g_autofree gchar *json_name = g_strconcat(key, ".json", NULL);
	g_autoptr(GBytes) vtt = g_bytes_new(rendering->vtt, strlen(rendering->vtt));
	g_autoptr(GBytes) json = g_bytes_new(rendering->transcript, strlen(rendering->transcript));
	return sori_media_cache_store(cache, audio_name, rendering->audio, error)
	       && sori_media_cache_store(cache, vtt_name, vtt, error)
	       && sori_media_cache_store(cache, json_name, json, error);
}

/**
 * sori_speech_service_owns_path:
 * @path: a request's path
 *
 * Returns: %TRUE for the routes this service answers
 */
gboolean
sori_speech_service_owns_path(const gchar *path)
{
	g_auto(GStrv) segments = NULL;
	if (g_str_has_prefix(path, "/v1/media/"))
		return TRUE;
	if (!g_str_has_prefix(path, "/v1/venues/"))
		return FALSE;
	segments = g_strsplit(path + 1, "/", 8);
	return is_speech_route(segments);
}

static void
answer_problem(SoupServerMessage *msg, SoriRepresentation *problem)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	soup_server_message_set_status(msg, problem->status, NULL);
	soup_message_headers_replace(headers, "Content-Type", problem->content_type);
	soup_message_headers_replace(headers, "Cache-Control", "no-store");
	soup_message_headers_replace(headers, "Access-Control-Allow-Origin", "*");
	soup_message_body_append_bytes(soup_server_message_get_response_body(msg), problem->body);
	sori_representation_unref(problem);
}

#define PROBLEM(msg, kind, ...)                                                                    \
	answer_problem(msg,                                                                        \
		       sori_problem_new(kind, g_uri_get_path(soup_server_message_get_uri(msg)),    \
					__VA_ARGS__))

static void
answer_redirect(SoupServerMessage *msg, const gchar *location)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	soup_server_message_set_redirect(msg, SOUP_STATUS_FOUND, location);
	/* which media an exhibit's text leads to changes when the catalogue does */
	soup_message_headers_replace(headers, "Cache-Control", "public, max-age=60");
	soup_message_headers_replace(headers, "Vary", "Accept-Language");
	soup_message_headers_replace(headers, "Access-Control-Allow-Origin", "*");
}

/**
 * sori_speech_service_media_type:
 * @name: a media name
 *
 * Returns: its Content-Type
 */
const gchar *
sori_speech_service_media_type(const gchar *name)
{
	const gchar *ext = strrchr(name, '.') + 1;
	if (g_str_equal(ext, "mp3"))
		return "audio/mpeg";
	if (g_str_equal(ext, "opus"))
		return "audio/ogg; codecs=opus";
	if (g_str_equal(ext, "wav"))
		return "audio/wav";
	if (g_str_equal(ext, "vtt"))
		return "text/vtt; charset=utf-8";
	return "application/json";
}

static void
serve_media(SoriSpeechService *self, SoupServerMessage *msg, const gchar *name)
{
	SoupMessageHeaders *request = soup_server_message_get_request_headers(msg);
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	g_autoptr(GBytes) bytes = NULL;
	g_autofree gchar *etag = NULL;
	const gchar *if_none_match;

	if (!sori_media_cache_name_is_valid(name)
	    || (bytes = sori_media_cache_lookup(self->cache, name)) == NULL) {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_ROUTE,
			"no such media: request it through an exhibit's audio or captions link");
		return;
	}
	etag = g_strdup_printf("\"%s\"", name);
	soup_message_headers_replace(headers, "ETag", etag);
	soup_message_headers_replace(headers, "Cache-Control",
				     "public, max-age=31536000, immutable");
	soup_message_headers_replace(headers, "Access-Control-Allow-Origin", "*");
	soup_message_headers_replace(headers, "Access-Control-Expose-Headers",
				     "Content-Range, Content-Length, ETag");
	soup_message_headers_replace(headers, "Accept-Ranges", "bytes");
	soup_message_headers_replace(headers, "X-Content-Type-Options", "nosniff");
	if_none_match = soup_message_headers_get_list(request, "If-None-Match");
	if (if_none_match != NULL
	    && (strstr(if_none_match, etag) != NULL || g_str_equal(if_none_match, "*"))) {
		soup_server_message_set_status(msg, SOUP_STATUS_NOT_MODIFIED, NULL);
		return;
	}
	soup_message_headers_replace(headers, "Content-Type", sori_speech_service_media_type(name));
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	/* a complete body: libsoup answers Range requests from it with 206 */
	soup_message_body_append_bytes(soup_server_message_get_response_body(msg), bytes);
}

typedef struct {
	SoriSpeechService *self;
	gchar *key;
	gchar *render_name;
} RenderData;

static void
render_data_free(RenderData *data)
{
	g_object_unref(data->self);
	g_free(data->key);
	g_free(data->render_name);
	g_free(data);
}

static void
render_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	RenderData *data = user_data;
	SoriSpeechService *self = data->self;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriRendering) rendering
		= sori_speech_pool_render_finish(SORI_SPEECH_POOL(source), result, &error);
	g_autoptr(GPtrArray) waiters = NULL;
	gpointer stolen_key = NULL;

	if (self->pending == NULL
	    || !g_hash_table_steal_extended(self->pending, data->render_name, &stolen_key,
					    (gpointer *) &waiters)) {
		render_data_free(data);
		return;
	}
	g_free(stolen_key);
	if (rendering != NULL
	    && !sori_speech_store_rendering(self->cache, data->key, data->render_name, rendering,
					    &error))
		g_message("caching speech: %s", error->message);
	for (guint i = 0; i < waiters->len; i++) {
		Waiter *waiter = g_ptr_array_index(waiters, i);
		if (rendering != NULL) {
			g_autofree gchar *location
				= g_strconcat("/v1/media/", waiter->target, NULL);
			answer_redirect(waiter->msg, location);
		} else if (g_error_matches(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_NO_VOICE)) {
			PROBLEM(waiter->msg, SORI_PROBLEM_INVALID_PARAMETER, "%s", error->message);
		} else {
			PROBLEM(waiter->msg, SORI_PROBLEM_SPEECH_UNAVAILABLE,
				"speech could not be rendered just now: %s", error->message);
		}
		soup_server_message_unpause(waiter->msg);
	}
	render_data_free(data);
}

/* the text of @field in @lang, or in the venue's default language */
static const gchar *
pick_text(SoriCatalogue *catalogue, SoriExhibit *exhibit, const gchar *field, const gchar **lang)
{
	JsonObject *text;
	if (!json_object_has_member(exhibit->json, field))
		return NULL;
	text = json_object_get_object_member(exhibit->json, field);
	if (!json_object_has_member(text, *lang))
		*lang = sori_catalogue_get_default_language(catalogue);
	return json_object_get_string_member_with_default(text, *lang, NULL);
}

static gboolean
parse_uint(const gchar *text, guint *out)
{
	guint64 value;
	if (text == NULL || !g_ascii_string_to_unsigned(text, 10, 0, 100000, &value, NULL))
		return FALSE;
	*out = (guint) value;
	return TRUE;
}

static void
serve_speech(SoriSpeechService *self, SoupServerMessage *msg, gchar **segments)
{
	static const gchar *const fields[]
		= { "description", "audio_description", "easy_read", "title", NULL };
	static const gchar *const params[] = { "lang", "field", "rate", "pitch", "format", NULL };
	GUri *uri = soup_server_message_get_uri(msg);
	gboolean captions = g_str_equal(segments[5], "captions");
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(self->store, segments[2]);
	g_autoptr(GHashTable) query = NULL;
	g_autofree gchar *key = NULL;
	g_autofree gchar *target = NULL;
	g_autofree gchar *render_name = NULL;
	g_autoptr(GError) error = NULL;
	SoriCatalogue *catalogue;
	SoriExhibit *exhibit;
	SoriAudioFormat format = SORI_AUDIO_FORMAT_MP3;
	const gchar *field = "description";
	const gchar *lang;
	const gchar *text;
	const gchar *captions_format = "vtt";
	guint rate = SORI_SPEECH_RATE_DEFAULT;
	guint pitch = SORI_SPEECH_PITCH_DEFAULT;
	GHashTableIter iter;
	gpointer name;
	gpointer value;
	GPtrArray *waiters;
	Waiter *waiter;

	if (snapshot == NULL) {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_VENUE, "there is no venue '%s'", segments[2]);
		return;
	}
	catalogue = snapshot->catalogue;
	exhibit = sori_catalogue_lookup_exhibit(catalogue, segments[4]);
	if (exhibit == NULL) {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_EXHIBIT, "venue '%s' has no exhibit '%s'",
			segments[2], segments[4]);
		return;
	}
	query = g_uri_get_query(uri) != NULL ? soup_form_decode(g_uri_get_query(uri))
					     : g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_iter_init(&iter, query);
	while (g_hash_table_iter_next(&iter, &name, &value)) {
		if (!g_strv_contains(params, name)) {
			PROBLEM(msg, SORI_PROBLEM_INVALID_PARAMETER,
				"unknown parameter '%s': this resource takes lang, field, rate, "
				"pitch and format",
				(const gchar *) name);
			return;
		}
	}
	if (g_hash_table_contains(query, "field")) {
		field = g_hash_table_lookup(query, "field");
		if (!g_strv_contains(fields, field)) {
			PROBLEM(msg, SORI_PROBLEM_INVALID_PARAMETER,
				"field: '%s' is not one of description, audio_description, "
				"easy_read and title",
				field);
			return;
		}
	}
	if (g_hash_table_contains(query, "rate")
	    && !parse_uint(g_hash_table_lookup(query, "rate"), &rate))
		rate = 0;
	if (g_hash_table_contains(query, "pitch")
	    && !parse_uint(g_hash_table_lookup(query, "pitch"), &pitch))
		pitch = 1000;
	if (!sori_speech_check_parameters(rate, pitch, &error)) {
		PROBLEM(msg, SORI_PROBLEM_INVALID_PARAMETER, "%s", error->message);
		return;
	}
	if (g_hash_table_contains(query, "format")) {
		const gchar *f = g_hash_table_lookup(query, "format");
		if (captions) {
			if (!g_str_equal(f, "vtt") && !g_str_equal(f, "json")) {
				PROBLEM(msg, SORI_PROBLEM_INVALID_PARAMETER,
					"format: captions come as vtt or json");
				return;
			}
			captions_format = f;
		} else if (!sori_audio_format_from_string(f, &format)) {
			PROBLEM(msg, SORI_PROBLEM_INVALID_PARAMETER,
				"format: audio comes as mp3, opus or wav");
			return;
		}
	}
	if (g_hash_table_contains(query, "lang")) {
		g_autofree gchar *canonical
			= sori_language_tag_canonicalize(g_hash_table_lookup(query, "lang"));
		if (canonical == NULL) {
			PROBLEM(msg, SORI_PROBLEM_INVALID_PARAMETER,
				"lang: not a BCP 47 language tag such as 'ko' or 'en'");
			return;
		}
		lang = sori_language_match(sori_catalogue_get_languages(catalogue), canonical);
		if (lang == NULL)
			lang = sori_catalogue_get_default_language(catalogue);
	} else {
		lang = sori_language_negotiate(
			sori_catalogue_get_languages(catalogue),
			soup_message_headers_get_list(soup_server_message_get_request_headers(msg),
						      "Accept-Language"),
			sori_catalogue_get_default_language(catalogue));
	}
	text = pick_text(catalogue, exhibit, field, &lang);
	if (text == NULL) {
		PROBLEM(msg, SORI_PROBLEM_UNKNOWN_EXHIBIT, "exhibit '%s' has no %s", exhibit->id,
			field);
		return;
	}

	/* a recorded narration of the description speaks instead of espeak-ng */
	if (g_str_equal(field, "description") && rate == SORI_SPEECH_RATE_DEFAULT
	    && pitch == SORI_SPEECH_PITCH_DEFAULT && !g_hash_table_contains(query, "format")
	    && json_object_has_member(exhibit->json, "narration")) {
		JsonObject *narration = json_object_get_object_member(exhibit->json, "narration");
		if (json_object_has_member(narration, lang)) {
			JsonObject *recording = json_object_get_object_member(narration, lang);
			answer_redirect(msg, json_object_get_string_member(
						     recording, captions ? "captions" : "audio"));
			return;
		}
	}

	/* the key covers everything that shapes the output */
	key = sori_speech_render_key(text, lang, rate, pitch);
	target = captions ? g_strdup_printf("%s.%s", key, captions_format)
			  : g_strdup_printf("%s.%s", key, sori_audio_format_to_string(format));
	{
		g_autoptr(GBytes) cached = sori_media_cache_lookup(self->cache, target);
		if (cached != NULL) {
			g_autofree gchar *location = g_strconcat("/v1/media/", target, NULL);
			answer_redirect(msg, location);
			return;
		}
	}
	/* captions join any render of the same text; audio waits for its own format */
	render_name = captions ? NULL : g_strdup(target);
	if (captions) {
		for (guint f = 0; f < SORI_AUDIO_FORMAT_LAST && render_name == NULL; f++) {
			g_autofree gchar *candidate
				= g_strdup_printf("%s.%s", key, sori_audio_format_to_string(f));
			if (g_hash_table_contains(self->pending, candidate))
				render_name = g_steal_pointer(&candidate);
		}
		if (render_name == NULL)
			render_name = g_strdup_printf("%s.mp3", key);
		format = SORI_AUDIO_FORMAT_MP3;
		sori_audio_format_from_string(strrchr(render_name, '.') + 1, &format);
	}
	waiter = g_new0(Waiter, 1);
	waiter->msg = g_object_ref(msg);
	waiter->target = g_steal_pointer(&target);
	soup_server_message_pause(msg);
	waiters = g_hash_table_lookup(self->pending, render_name);
	if (waiters != NULL) {
		g_ptr_array_add(waiters, waiter);
		return;
	}
	waiters = g_ptr_array_new_with_free_func((GDestroyNotify) waiter_free);
	g_ptr_array_add(waiters, waiter);
	g_hash_table_insert(self->pending, g_strdup(render_name), waiters);
	{
		SoriSpeechJob job = { (gchar *) text, (gchar *) lang, rate, pitch, format };
		RenderData *data = g_new0(RenderData, 1);
		data->self = g_object_ref(self);
		data->key = g_steal_pointer(&key);
		data->render_name = g_steal_pointer(&render_name);
		sori_speech_pool_render_async(self->pool, &job, NULL, render_done_cb, data);
	}
}

/**
 * sori_speech_service_handle:
 *
 * Answers a request for which sori_speech_service_owns_path() is %TRUE.
 */
void
sori_speech_service_handle(SoriSpeechService *self, SoupServerMessage *msg)
{
	const gchar *method = soup_server_message_get_method(msg);
	const gchar *path = g_uri_get_path(soup_server_message_get_uri(msg));
	g_auto(GStrv) segments = NULL;

	if (g_str_equal(method, "OPTIONS")) {
		SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
		soup_server_message_set_status(msg, SOUP_STATUS_NO_CONTENT, NULL);
		soup_message_headers_replace(headers, "Access-Control-Allow-Origin", "*");
		soup_message_headers_replace(headers, "Access-Control-Allow-Methods", "GET, HEAD");
		soup_message_headers_replace(headers, "Access-Control-Allow-Headers",
					     "Range, If-None-Match, Accept-Language");
		soup_message_headers_replace(headers, "Access-Control-Max-Age", "86400");
		return;
	}
	if (!g_str_equal(method, "GET") && !g_str_equal(method, "HEAD")) {
		PROBLEM(msg, SORI_PROBLEM_METHOD_NOT_ALLOWED, "%s is not allowed here", method);
		soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Allow",
					     "GET, HEAD, OPTIONS");
		return;
	}
	if (g_str_has_prefix(path, "/v1/media/")) {
		serve_media(self, msg, path + strlen("/v1/media/"));
		return;
	}
	segments = g_strsplit(path + 1, "/", 8);
	serve_speech(self, msg, segments);
}

/**
 * sori_speech_service_lookup_media:
 * @name: what follows /v1/media/
 *
 * Returns: (transfer full) (nullable): the cached media, verified
 */
GBytes *
sori_speech_service_lookup_media(SoriSpeechService *self, const gchar *name)
{
	if (!sori_media_cache_name_is_valid(name))
		return NULL;
	return sori_media_cache_lookup(self->cache, name);
}

/**
 * sori_speech_default_worker_path:
 *
 * Returns: (transfer full): sori-speech-worker beside the running program when
 *	it runs from its build directory, else the installed one
 */
gchar *
sori_speech_default_worker_path(void)
{
	g_autofree gchar *self = g_file_read_link("/proc/self/exe", NULL);
	if (self != NULL) {
		g_autofree gchar *dir = g_path_get_dirname(self);
		g_autofree gchar *beside = g_build_filename(dir, "sori-speech-worker", NULL);
		if (g_file_test(beside, G_FILE_TEST_IS_EXECUTABLE))
			return g_steal_pointer(&beside);
	}
	return g_strdup(SORI_LIBEXECDIR "/sori-speech-worker");
}

static void
prerendered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	RenderData *data = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriRendering) rendering
		= sori_speech_pool_render_finish(SORI_SPEECH_POOL(source), result, &error);
	if (rendering == NULL
	    || !sori_speech_store_rendering(data->self->cache, data->key, data->render_name,
					    rendering, &error))
		g_message("pre-rendering %s: %s", data->render_name, error->message);
	render_data_free(data);
}

/**
 * sori_speech_service_prerender:
 * @catalogue: a catalogue that just went live
 *
 * Queues every text of every exhibit, in every language, at the default rate
 * and as MP3, for rendering into the cache, so that visitors wait for none.
 *
 * Returns: how many renderings were queued (the rest were cached already)
 */
guint
sori_speech_service_prerender(SoriSpeechService *self, SoriCatalogue *catalogue)
{
	static const gchar *const fields[]
		= { "title", "description", "audio_description", "easy_read" };
	GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
	const gchar *const *langs = sori_catalogue_get_languages(catalogue);
	guint queued = 0;

	for (guint e = 0; e < exhibits->len; e++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, e);
		for (guint f = 0; f < G_N_ELEMENTS(fields); f++) {
			JsonObject *text = json_object_get_object_member(exhibit->json, fields[f]);
			for (guint l = 0; langs[l] != NULL; l++) {
				const gchar *t = json_object_get_string_member_with_default(
					text, langs[l], NULL);
				g_autofree gchar *key = NULL;
				g_autofree gchar *name = NULL;
				g_autoptr(GBytes) cached = NULL;
				SoriSpeechJob job
					= { (gchar *) t, (gchar *) langs[l],
					    SORI_SPEECH_RATE_DEFAULT, SORI_SPEECH_PITCH_DEFAULT,
					    SORI_AUDIO_FORMAT_MP3 };
				RenderData *data;
				if (t == NULL)
					continue;
				key = sori_speech_render_key(t, langs[l], SORI_SPEECH_RATE_DEFAULT,
							     SORI_SPEECH_PITCH_DEFAULT);
				name = g_strconcat(key, ".mp3", NULL);
				cached = sori_media_cache_lookup(self->cache, name);
				if (cached != NULL || g_hash_table_contains(self->pending, name))
					continue;
				data = g_new0(RenderData, 1);
				data->self = g_object_ref(self);
				data->key = g_steal_pointer(&key);
				data->render_name = g_steal_pointer(&name);
				sori_speech_pool_render_async(self->pool, &job, NULL,
							      prerendered_cb, data);
				queued++;
			}
		}
	}
	return queued;
}
