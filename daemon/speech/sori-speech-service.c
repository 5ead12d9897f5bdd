/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every exhibit heard and read:
 *
 *   GET /v1/venues/{v}/exhibits/{id}/audio?lang=&field=&rate=&pitch=&format=
 *   GET /v1/venues/{v}/exhibits/{id}/captions?lang=&field=&rate=&pitch=&format=vtt|json
 *   GET /v1/venues/{v}/route/audio?from=&to=&profile=&lang=&step=&rate=&pitch=&format=
 *   GET /v1/venues/{v}/route/captions?from=&to=&profile=&lang=&step=&…
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

#include "sori-audio.h"
#include "sori-directions.h"
#include "sori-query.h"
#include "sori-speech-service.h"

struct _SoriSpeechService {
	GObject parent_instance;
	SoriVenueStore *store;
	SoriSpeechPool *pool;
	SoriMediaCache *cache;
	SoriMediaCache *variant_cache; /* nullable: unusual variants' own budget */
	GHashTable *pending;           /* render name → GPtrArray of SoriSpeechWaiter */
	guint n_pending_variants;
};

/* renders visitors may keep waiting at once, and of them unusual variants;
 * more are refused with 503 speech-busy */
#define SORI_SPEECH_SERVICE_MAX_PENDING         512
#define SORI_SPEECH_SERVICE_MAX_PENDING_VARIANT 32
#define SORI_SPEECH_SERVICE_RETRY_AFTER_S       5

G_DEFINE_TYPE(SoriSpeechService, sori_speech_service, G_TYPE_OBJECT)

typedef struct {
	SoupServerMessage *msg;
	gchar *target;  /* the media name to redirect to */
	gboolean links; /* answer the rendering's links as JSON instead (a preview) */
} SoriSpeechWaiter;

/* a rendering's audio, captions and transcript, for a curator's preview */
static void
sori_speech_service_set_links(SoriHttpResponse *response, const gchar *audio_name)
{
	g_autofree gchar *key = g_strndup(audio_name, strcspn(audio_name, "."));
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autofree gchar *audio = g_strconcat("/v1/media/", audio_name, NULL);
	g_autofree gchar *captions = g_strconcat("/v1/media/", key, ".vtt", NULL);
	g_autofree gchar *transcript = g_strconcat("/v1/media/", key, ".json", NULL);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "audio");
	json_builder_add_string_value(b, audio);
	json_builder_set_member_name(b, "captions");
	json_builder_add_string_value(b, captions);
	json_builder_set_member_name(b, "transcript");
	json_builder_add_string_value(b, transcript);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	sori_http_response_set_json(response, 200, NULL, root);
}

static void
sori_speech_waiter_free(SoriSpeechWaiter *waiter)
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
	g_clear_object(&self->variant_cache);
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
 * sori_speech_service_media_type:
 * @name: a media name
 *
 * Returns: its Content-Type
 */
const gchar *
sori_speech_service_media_type(const gchar *name)
{
	const gchar *dot = strrchr(name, '.');
	const gchar *ext = dot != NULL ? dot + 1 : "";
	SoriAudioFormat format;

	if (sori_audio_format_from_string(ext, &format))
		return sori_audio_format_get_mime_type(format);
	if (g_str_equal(ext, "vtt"))
		return "text/vtt; charset=utf-8";
	return "application/json";
}

/**
 * sori_speech_service_handle_media:
 *
 * GET /v1/media/{name}: rendered speech and captions, immutable, with Range.
 */
gboolean
sori_speech_service_handle_media(gpointer service, const SoriHttpRequest *request,
				 const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriSpeechService *self = service;
	const gchar *name = sori_route_match_get(match, "name");
	g_autoptr(GBytes) bytes = sori_speech_service_lookup_media(self, name);

	if (bytes == NULL || request->query != NULL) {
		sori_http_response_fail(
			response, request, SORI_PROBLEM_UNKNOWN_ROUTE,
			"no such media: request it through an exhibit's audio or captions link");
		return TRUE;
	}
	sori_http_response_set_stored(response, request, bytes,
				      sori_speech_service_media_type(name), name);
	return TRUE;
}

typedef struct {
	SoriSpeechService *self;
	gchar *key;
	gchar *render_name;
	gboolean variant;
} SoriSpeechRender;

/* where a rendering is kept: variants in their own part of the budget */
static SoriMediaCache *
sori_speech_service_cache_for(SoriSpeechService *self, gboolean variant)
{
	return variant && self->variant_cache != NULL ? self->variant_cache : self->cache;
}

/* a rendering in either part of the cache */
static GBytes *
sori_speech_service_lookup_cached(SoriSpeechService *self, const gchar *name)
{
	GBytes *bytes = sori_media_cache_lookup(self->cache, name);
	if (bytes == NULL && self->variant_cache != NULL)
		bytes = sori_media_cache_lookup(self->variant_cache, name);
	return bytes;
}

static void
sori_speech_render_free(SoriSpeechRender *data)
{
	g_object_unref(data->self);
	g_free(data->key);
	g_free(data->render_name);
	g_free(data);
}

/* what @target names of a rendering: its audio, or its captions as VTT or JSON */
static GBytes *
sori_speech_service_rendered_content(SoriRendering *rendering, const gchar *target)
{
	if (g_str_has_suffix(target, ".vtt"))
		return g_bytes_new(rendering->vtt, strlen(rendering->vtt));
	if (g_str_has_suffix(target, ".json"))
		return g_bytes_new(rendering->transcript, strlen(rendering->transcript));
	return g_bytes_ref(rendering->audio);
}

/* every request waiting for one rendering is answered when it is done */
static void
sori_speech_service_rendered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriSpeechRender *data = user_data;
	SoriSpeechService *self = data->self;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriRendering) rendering
		= sori_speech_pool_render_finish(SORI_SPEECH_POOL(source), result, &error);
	g_autoptr(GPtrArray) waiters = NULL;
	gpointer stolen_key = NULL;
	gboolean kept = TRUE;

	if (self->pending == NULL
	    || !g_hash_table_steal_extended(self->pending, data->render_name, &stolen_key,
					    (gpointer *) &waiters)) {
		sori_speech_render_free(data);
		return;
	}
	g_free(stolen_key);
	if (data->variant)
		self->n_pending_variants--;
	if (rendering != NULL
	    && !sori_speech_store_rendering(sori_speech_service_cache_for(self, data->variant),
					    data->key, data->render_name, rendering, &error)) {
		/* a full disk: the answer is served all the same, just not kept */
		g_message("caching speech: %s; answering without keeping it", error->message);
		g_clear_error(&error);
		kept = FALSE;
	}
	/* a language espeak-ng lacks is the request's fault; anything else (a
	 * crashed or stuck worker) is ours, and may pass */
	if (rendering == NULL
	    && !g_error_matches(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_NO_VOICE)) {
		GError *unavailable
			= g_error_new(SORI_PROBLEM_ERROR, SORI_PROBLEM_SPEECH_UNAVAILABLE,
				      "speech could not be rendered just now: %s", error->message);
		g_clear_error(&error);
		error = unavailable;
	}
	for (guint i = 0; i < waiters->len; i++) {
		SoriSpeechWaiter *waiter = g_ptr_array_index(waiters, i);
		g_auto(SoriHttpResponse) response = { 0 };
		if (rendering != NULL && kept && waiter->links) {
			sori_speech_service_set_links(&response, waiter->target);
		} else if (rendering != NULL && kept) {
			g_autofree gchar *location
				= g_strconcat("/v1/media/", waiter->target, NULL);
			sori_http_response_set_redirect(&response, location);
		} else if (rendering != NULL && waiter->links) {
			SoriHttpRequest request = { 0 };
			request.path = g_uri_get_path(soup_server_message_get_uri(waiter->msg));
			sori_http_response_fail(
				&response, &request, SORI_PROBLEM_INSUFFICIENT_STORAGE,
				"the speech was rendered but could not be kept: the "
				"server's disk is full");
		} else if (rendering != NULL) {
			g_autoptr(GBytes) content
				= sori_speech_service_rendered_content(rendering, waiter->target);
			sori_http_response_set_body(&response, 200,
						    sori_speech_service_media_type(waiter->target),
						    content);
		} else {
			SoriHttpRequest request = { 0 };
			request.path = g_uri_get_path(soup_server_message_get_uri(waiter->msg));
			sori_http_response_set_error(&response, &request, error);
		}
		sori_route_finish(waiter->msg, &response);
	}
	sori_speech_render_free(data);
}

/* the text of @field in @lang, or in the venue's default language */
static const gchar *
sori_speech_service_pick_text(SoriCatalogue *catalogue, SoriExhibit *exhibit, const gchar *field,
			      const gchar **lang)
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
sori_speech_service_parse_uint(const gchar *text, guint *out)
{
	guint64 value;
	if (text == NULL || !g_ascii_string_to_unsigned(text, 10, 0, 100000, &value, NULL))
		return FALSE;
	*out = (guint) value;
	return TRUE;
}

/* what a request for speech asks for */
typedef struct {
	gboolean captions;
	const gchar *field;
	const gchar *lang;
	guint rate;
	guint pitch;
	SoriAudioFormat format;
	const gchar *captions_format;
	gboolean format_given;
	gboolean links; /* a preview: answer with the rendering's links */
} SoriSpeechChoice;

/* the query of an audio or captions request, checked in full */
static gboolean
sori_speech_service_read_choice(GHashTable *query, SoriSpeechChoice *choice, GError **error)
{
	static const gchar *const fields[]
		= { "description", "audio_description", "easy_read", "title", NULL };
	const gchar *format = g_hash_table_lookup(query, "format");

	/* the choice outlives @query: it keeps this file's own strings */
	if (g_hash_table_contains(query, "field")) {
		const gchar *field = g_hash_table_lookup(query, "field");
		choice->field = NULL;
		for (guint i = 0; fields[i] != NULL; i++) {
			if (g_str_equal(fields[i], field))
				choice->field = fields[i];
		}
		if (choice->field == NULL) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
				    "field: '%s' is not one of description, audio_description, "
				    "easy_read and title",
				    field);
			return FALSE;
		}
	}
	/* out of range, never clamped: the speech library says why */
	if (g_hash_table_contains(query, "rate")
	    && !sori_speech_service_parse_uint(g_hash_table_lookup(query, "rate"), &choice->rate))
		choice->rate = 0;
	if (g_hash_table_contains(query, "pitch")
	    && !sori_speech_service_parse_uint(g_hash_table_lookup(query, "pitch"), &choice->pitch))
		choice->pitch = 1000;
	if (!sori_speech_check_parameters(choice->rate, choice->pitch, error))
		return FALSE;
	choice->format_given = format != NULL;
	if (format == NULL)
		return TRUE;
	if (choice->captions) {
		if (!g_str_equal(format, "vtt") && !g_str_equal(format, "json")) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
				    "format: captions come as vtt or json");
			return FALSE;
		}
		choice->captions_format = g_str_equal(format, "vtt") ? "vtt" : "json";
	} else if (!sori_audio_format_from_string(format, &choice->format)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
			    "format: audio comes as mp3, opus or wav");
		return FALSE;
	}
	return TRUE;
}

/* a recorded narration of the description speaks instead of espeak-ng */
static const gchar *
sori_speech_service_find_narration(SoriExhibit *exhibit, const SoriSpeechChoice *choice)
{
	JsonObject *narration;
	JsonObject *recording;

	if (!g_str_equal(choice->field, "description") || choice->rate != SORI_SPEECH_RATE_DEFAULT
	    || choice->pitch != SORI_SPEECH_PITCH_DEFAULT || choice->format_given
	    || !json_object_has_member(exhibit->json, "narration"))
		return NULL;
	narration = json_object_get_object_member(exhibit->json, "narration");
	if (!json_object_has_member(narration, choice->lang))
		return NULL;
	recording = json_object_get_object_member(narration, choice->lang);
	return json_object_get_string_member(recording, choice->captions ? "captions" : "audio");
}

/* the rendering a request joins: captions any render of the same text, audio its own format */
static gchar *
sori_speech_service_render_name(SoriSpeechService *self, const gchar *key, SoriSpeechChoice *choice)
{
	if (!choice->captions)
		return g_strdup_printf("%s.%s", key, sori_audio_format_to_string(choice->format));
	for (guint f = 0; f < SORI_AUDIO_FORMAT_LAST; f++) {
		g_autofree gchar *candidate
			= g_strdup_printf("%s.%s", key, sori_audio_format_to_string(f));
		if (g_hash_table_contains(self->pending, candidate)) {
			choice->format = f;
			return g_steal_pointer(&candidate);
		}
	}
	choice->format = SORI_AUDIO_FORMAT_MP3;
	return g_strdup_printf("%s.mp3", key);
}

/* waits for the rendering of @text (starting it unless one is under way) */
static void
sori_speech_service_wait_for_render(SoriSpeechService *self, SoupServerMessage *msg,
				    const gchar *text, const gchar *key, gchar *render_name,
				    gchar *target, SoriSpeechChoice *choice, gboolean variant)
{
	SoriSpeechWaiter *waiter = g_new0(SoriSpeechWaiter, 1);
	GPtrArray *waiters = g_hash_table_lookup(self->pending, render_name);
	SoriSpeechJob job = { (gchar *) text, (gchar *) choice->lang, choice->rate,
			      choice->pitch,  choice->format,         variant };
	SoriSpeechRender *data;

	waiter->msg = g_object_ref(msg);
	waiter->target = target;
	waiter->links = choice->links;
	soup_server_message_pause(msg);
	if (waiters != NULL) {
		g_ptr_array_add(waiters, waiter);
		g_free(render_name);
		return;
	}
	waiters = g_ptr_array_new_with_free_func((GDestroyNotify) sori_speech_waiter_free);
	g_ptr_array_add(waiters, waiter);
	g_hash_table_insert(self->pending, g_strdup(render_name), waiters);
	if (variant)
		self->n_pending_variants++;
	data = g_new0(SoriSpeechRender, 1);
	data->self = g_object_ref(self);
	data->key = g_strdup(key);
	data->render_name = render_name;
	data->variant = variant;
	sori_speech_pool_render_async(self->pool, &job, NULL, sori_speech_service_rendered_cb,
				      data);
}

/* %TRUE when a new render of this lane would be one too many */
static gboolean
sori_speech_service_is_busy(SoriSpeechService *self, gboolean variant)
{
	if (g_hash_table_size(self->pending) >= SORI_SPEECH_SERVICE_MAX_PENDING)
		return TRUE;
	return variant && self->n_pending_variants >= SORI_SPEECH_SERVICE_MAX_PENDING_VARIANT;
}

/* finds what a request asks to hear: the text (owned), or a recording to redirect to */
typedef gchar *(*SoriSpeechFindFunc)(SoriSpeechService *self, const SoriHttpRequest *request,
				     const SoriRouteMatch *match, SoriSpeechChoice *choice,
				     const gchar **recording, GError **error);

static SoriCatalogue *
sori_speech_service_lookup_catalogue(SoriSpeechService *self, const SoriRouteMatch *match,
				     GError **error)
{
	const gchar *venue_id = sori_route_match_get(match, "venue");
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(self->store, venue_id);

	if (snapshot == NULL) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE,
			    "there is no venue '%s'", venue_id);
		return NULL;
	}
	return snapshot->catalogue;
}

/* the query of a speech request: its own parameters, the choice and the language */
static GHashTable *
sori_speech_service_read_query(const SoriHttpRequest *request, SoriCatalogue *catalogue,
			       const gchar *const *params, SoriSpeechChoice *choice, GError **error)
{
	g_autoptr(GHashTable) query = sori_query_parse(request->query, params, error);
	if (query == NULL || !sori_speech_service_read_choice(query, choice, error)
	    || !sori_query_choose_language(
		    query, request->accept_language, sori_catalogue_get_languages(catalogue),
		    sori_catalogue_get_default_language(catalogue), &choice->lang, error))
		return NULL;
	return g_steal_pointer(&query);
}

/* an exhibit's text, or its recorded narration */
static gchar *
sori_speech_service_find_exhibit_text(SoriSpeechService *self, const SoriHttpRequest *request,
				      const SoriRouteMatch *match, SoriSpeechChoice *choice,
				      const gchar **recording, GError **error)
{
	static const gchar *const params[] = { "lang", "field", "rate", "pitch", "format", NULL };
	const gchar *exhibit_id = sori_route_match_get(match, "exhibit");
	SoriCatalogue *catalogue = sori_speech_service_lookup_catalogue(self, match, error);
	g_autoptr(GHashTable) query = NULL;
	SoriExhibit *exhibit;
	const gchar *text;

	if (catalogue == NULL)
		return NULL;
	exhibit = sori_catalogue_lookup_exhibit(catalogue, exhibit_id);
	if (exhibit == NULL) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_EXHIBIT,
			    "venue '%s' has no exhibit '%s'", sori_catalogue_get_id(catalogue),
			    exhibit_id);
		return NULL;
	}
	query = sori_speech_service_read_query(request, catalogue, params, choice, error);
	if (query == NULL)
		return NULL;
	text = sori_speech_service_pick_text(catalogue, exhibit, choice->field, &choice->lang);
	if (text == NULL) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_EXHIBIT,
			    "exhibit '%s' has no %s", exhibit_id, choice->field);
		return NULL;
	}
	*recording = sori_speech_service_find_narration(exhibit, choice);
	return g_strdup(text);
}

/* one step of a route's directions, as the route API words it */
static gchar *
sori_speech_service_find_route_text(SoriSpeechService *self, const SoriHttpRequest *request,
				    const SoriRouteMatch *match, SoriSpeechChoice *choice,
				    const gchar **recording, GError **error)
{
	static const gchar *const params[]
		= { "from", "to", "profile", "lang", "step", "rate", "pitch", "format", NULL };
	SoriCatalogue *catalogue = sori_speech_service_lookup_catalogue(self, match, error);
	g_autoptr(GHashTable) query = NULL;
	g_autoptr(SoriDirections) directions = NULL;
	SoriDirectionStep *step;
	const gchar *from;
	const gchar *to;
	const gchar *step_text;
	SoriProfile profile;
	guint64 index = 0;

	if (catalogue == NULL)
		return NULL;
	query = sori_speech_service_read_query(request, catalogue, params, choice, error);
	if (query == NULL || !sori_query_read_route(query, &from, &to, &profile, error))
		return NULL;
	step_text = g_hash_table_lookup(query, "step");
	if (step_text == NULL
	    || !g_ascii_string_to_unsigned(step_text, 10, 0, G_MAXUINT, &index, NULL)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
			    "step: say which step to speak, from 0");
		return NULL;
	}
	directions = sori_directions_find(catalogue, from, to, profile, choice->lang, NULL, error);
	if (directions == NULL)
		return NULL;
	if (index >= directions->steps->len) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
			    "step: the route has %u steps, numbered from 0",
			    directions->steps->len);
		return NULL;
	}
	/* spoken in the language it is worded in */
	choice->lang = directions->lang;
	step = g_ptr_array_index(directions->steps, index);
	return g_strdup(step->instruction);
}

static gboolean
sori_speech_service_handle(SoriSpeechService *self, const SoriHttpRequest *request,
			   const SoriRouteMatch *match, SoriHttpResponse *response,
			   gboolean captions, SoriSpeechFindFunc find)
{
	SoriSpeechChoice choice = { captions,
				    "description",
				    NULL,
				    SORI_SPEECH_RATE_DEFAULT,
				    SORI_SPEECH_PITCH_DEFAULT,
				    SORI_AUDIO_FORMAT_MP3,
				    "vtt",
				    FALSE };
	g_autoptr(GError) error = NULL;
	g_autofree gchar *key = NULL;
	g_autofree gchar *target = NULL;
	g_autofree gchar *location = NULL;
	g_autoptr(GBytes) cached = NULL;
	g_autofree gchar *render_name = NULL;
	gboolean variant;
	const gchar *recording = NULL;
	g_autofree gchar *text = find(self, request, match, &choice, &recording, &error);

	if (text == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	if (recording != NULL) {
		sori_http_response_set_redirect(response, recording);
		return TRUE;
	}
	/* the key covers everything that shapes the output */
	key = sori_speech_render_key(text, choice.lang, choice.rate, choice.pitch);
	target = captions ? g_strdup_printf("%s.%s", key, choice.captions_format)
			  : g_strdup_printf("%s.%s", key,
					    sori_audio_format_to_string(choice.format));
	cached = sori_speech_service_lookup_cached(self, target);
	if (cached != NULL) {
		location = g_strconcat("/v1/media/", target, NULL);
		sori_http_response_set_redirect(response, location);
		return TRUE;
	}
	/* what a visitor's app asks for is each text at the default rate, pitch and
	 * format: anything else is a variant, behind it and bounded apart */
	variant = choice.rate != SORI_SPEECH_RATE_DEFAULT
		  || choice.pitch != SORI_SPEECH_PITCH_DEFAULT
		  || (!captions && choice.format != SORI_AUDIO_FORMAT_MP3);
	render_name = sori_speech_service_render_name(self, key, &choice);
	if (!g_hash_table_contains(self->pending, render_name)
	    && sori_speech_service_is_busy(self, variant)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_SPEECH_BUSY,
					"%s speech is being rendered; try again in %u s",
					variant ? "too much unusual" : "too much",
					SORI_SPEECH_SERVICE_RETRY_AFTER_S);
		response->retry_after = SORI_SPEECH_SERVICE_RETRY_AFTER_S;
		return TRUE;
	}
	/* only libsoup's front end can wait; the route keeps the fast path away */
	g_return_val_if_fail(request->msg != NULL, TRUE);
	sori_speech_service_wait_for_render(self, request->msg, text, key,
					    g_steal_pointer(&render_name), g_steal_pointer(&target),
					    &choice, variant);
	return FALSE;
}

/**
 * sori_speech_service_handle_audio:
 *
 * GET /v1/venues/{venue}/exhibits/{exhibit}/audio: a redirect to the spoken
 * text, rendering it first when need be.
 */
gboolean
sori_speech_service_handle_audio(gpointer service, const SoriHttpRequest *request,
				 const SoriRouteMatch *match, SoriHttpResponse *response)
{
	return sori_speech_service_handle(service, request, match, response, FALSE,
					  sori_speech_service_find_exhibit_text);
}

/**
 * sori_speech_service_handle_captions:
 *
 * GET /v1/venues/{venue}/exhibits/{exhibit}/captions: a redirect to the
 * word-timed captions of the spoken text.
 */
gboolean
sori_speech_service_handle_captions(gpointer service, const SoriHttpRequest *request,
				    const SoriRouteMatch *match, SoriHttpResponse *response)
{
	return sori_speech_service_handle(service, request, match, response, TRUE,
					  sori_speech_service_find_exhibit_text);
}

/**
 * sori_speech_service_handle_route_audio:
 *
 * GET /v1/venues/{venue}/route/audio?from=&to=&profile=&lang=&step=: a
 * redirect to one step of the directions, spoken.
 */
gboolean
sori_speech_service_handle_route_audio(gpointer service, const SoriHttpRequest *request,
				       const SoriRouteMatch *match, SoriHttpResponse *response)
{
	return sori_speech_service_handle(service, request, match, response, FALSE,
					  sori_speech_service_find_route_text);
}

/**
 * sori_speech_service_handle_route_captions:
 *
 * GET /v1/venues/{venue}/route/captions?…&step=: its word-timed captions.
 */
gboolean
sori_speech_service_handle_route_captions(gpointer service, const SoriHttpRequest *request,
					  const SoriRouteMatch *match, SoriHttpResponse *response)
{
	return sori_speech_service_handle(service, request, match, response, TRUE,
					  sori_speech_service_find_route_text);
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
	return sori_speech_service_lookup_cached(self, name);
}

/**
 * sori_speech_service_set_variant_cache:
 * @cache: (nullable): where renderings of unusual variants are kept, so that
 *	they never evict what visitors most need; %NULL keeps them with the rest
 */
void
sori_speech_service_set_variant_cache(SoriSpeechService *self, SoriMediaCache *cache)
{
	g_set_object(&self->variant_cache, cache);
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
sori_speech_service_prerendered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriSpeechRender *data = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriRendering) rendering
		= sori_speech_pool_render_finish(SORI_SPEECH_POOL(source), result, &error);
	if (rendering == NULL
	    || !sori_speech_store_rendering(data->self->cache, data->key, data->render_name,
					    rendering, &error))
		g_message("pre-rendering %s: %s", data->render_name, error->message);
	sori_speech_render_free(data);
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
				SoriSpeechRender *data;
				if (t == NULL)
					continue;
				key = sori_speech_render_key(t, langs[l], SORI_SPEECH_RATE_DEFAULT,
							     SORI_SPEECH_PITCH_DEFAULT);
				name = g_strconcat(key, ".mp3", NULL);
				cached = sori_media_cache_lookup(self->cache, name);
				if (cached != NULL || g_hash_table_contains(self->pending, name))
					continue;
				data = g_new0(SoriSpeechRender, 1);
				data->self = g_object_ref(self);
				data->key = g_steal_pointer(&key);
				data->render_name = g_steal_pointer(&name);
				sori_speech_pool_render_async(self->pool, &job, NULL,
							      sori_speech_service_prerendered_cb,
							      data);
				queued++;
			}
		}
	}
	return queued;
}

/**
 * sori_speech_service_preview:
 * @text: a text as a curator has it in the editor, unsaved
 * @lang: a language the venue offers
 *
 * Renders @text as visitors will hear it once it is published (the same
 * rendering, so the same cache entry), in the unusual variants' lane so that
 * curators' previews never hold up visitors, and answers its links as JSON:
 * `audio`, `captions` (WebVTT) and `transcript` (the word-timed JSON).
 *
 * Returns: %FALSE when the answer comes later (the message is paused)
 */
gboolean
sori_speech_service_preview(SoriSpeechService *self, const SoriHttpRequest *request,
			    SoriHttpResponse *response, const gchar *text, const gchar *lang)
{
	SoriSpeechChoice choice = { FALSE,
				    "description",
				    lang,
				    SORI_SPEECH_RATE_DEFAULT,
				    SORI_SPEECH_PITCH_DEFAULT,
				    SORI_AUDIO_FORMAT_MP3,
				    "vtt",
				    FALSE,
				    TRUE };
	g_autofree gchar *key = sori_speech_render_key(text, lang, SORI_SPEECH_RATE_DEFAULT,
						       SORI_SPEECH_PITCH_DEFAULT);
	g_autofree gchar *audio = g_strconcat(key, ".mp3", NULL);
	g_autofree gchar *vtt = g_strconcat(key, ".vtt", NULL);
	g_autoptr(GBytes) cached_audio = sori_speech_service_lookup_cached(self, audio);
	g_autoptr(GBytes) cached_vtt = sori_speech_service_lookup_cached(self, vtt);
	g_autofree gchar *render_name = NULL;

	if (cached_audio != NULL && cached_vtt != NULL) {
		sori_speech_service_set_links(response, audio);
		return TRUE;
	}
	render_name = g_strdup(audio);
	if (!g_hash_table_contains(self->pending, render_name)
	    && sori_speech_service_is_busy(self, TRUE)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_SPEECH_BUSY,
					"too much speech is being rendered; try again in %u s",
					SORI_SPEECH_SERVICE_RETRY_AFTER_S);
		response->retry_after = SORI_SPEECH_SERVICE_RETRY_AFTER_S;
		return TRUE;
	}
	g_return_val_if_fail(request->msg != NULL, TRUE);
	sori_speech_service_wait_for_render(self, request->msg, text, key,
					    g_steal_pointer(&render_name), g_strdup(audio), &choice,
					    TRUE);
	return FALSE;
}
