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
#include "sori-metrics.h"
#include "sori-speech-renderer.h"
#include "sori-speech-service.h"

struct _SoriSpeechService {
	GObject parent_instance;
	SoriVenueStore *store;
	SoriSpeechRenderer *renderer;
};

G_DEFINE_TYPE(SoriSpeechService, sori_speech_service, G_TYPE_OBJECT)

/* a request waiting for a rendering */
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
	g_clear_object(&self->renderer);
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
}

SoriSpeechService *
sori_speech_service_new(SoriVenueStore *store, SoriSpeechPool *pool, SoriMediaCache *cache)
{
	SoriSpeechService *self = g_object_new(SORI_TYPE_SPEECH_SERVICE, NULL);
	self->store = g_object_ref(store);
	self->renderer = sori_speech_renderer_new(pool, cache);
	return self;
}

/**
 * sori_speech_service_get_renderer:
 *
 * Returns: (transfer none): what renders for these routes
 */
SoriSpeechRenderer *
sori_speech_service_get_renderer(SoriSpeechService *self)
{
	return self->renderer;
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

/* the answer to a request that waited for a rendering */
static void
sori_speech_service_rendered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriSpeechWaiter *waiter = user_data;
	g_autoptr(GError) error = NULL;
	gboolean kept = FALSE;
	g_autoptr(SoriRendering) rendering = sori_speech_renderer_render_finish(
		SORI_SPEECH_RENDERER(source), result, &kept, &error);
	g_auto(SoriHttpResponse) response = { 0 };
	SoriHttpRequest request = { 0 };

	request.path = g_uri_get_path(soup_server_message_get_uri(waiter->msg));
	if (rendering != NULL && kept && waiter->links) {
		sori_speech_service_set_links(&response, waiter->target);
	} else if (rendering != NULL && kept) {
		g_autofree gchar *location = g_strconcat("/v1/media/", waiter->target, NULL);
		sori_http_response_set_redirect(&response, location);
	} else if (rendering != NULL && waiter->links) {
		sori_http_response_fail(&response, &request, SORI_PROBLEM_INSUFFICIENT_STORAGE,
					"the speech was rendered but could not be kept: the "
					"server's disk is full");
	} else if (rendering != NULL) {
		g_autoptr(GBytes) content
			= sori_speech_service_rendered_content(rendering, waiter->target);
		sori_http_response_set_body(
			&response, 200, sori_speech_service_media_type(waiter->target), content);
	} else {
		sori_http_response_set_error(&response, &request, error);
		if (g_error_matches(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_SPEECH_BUSY))
			response.retry_after = SORI_SPEECH_RENDERER_RETRY_AFTER_S;
	}
	sori_route_finish(waiter->msg, &response);
	sori_speech_waiter_free(waiter);
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
	gboolean links;        /* a preview: answer with the rendering's links */
	SoriExhibitText which; /* @field's */
} SoriSpeechChoice;

/* the exhibit's texts a visitor may hear, as a sentence lists them */
static gchar *
sori_speech_service_spoken_fields(void)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	GString *out = g_string_new(NULL);

	for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++) {
		if (sori_exhibit_text_has_flags(f, SORI_EXHIBIT_TEXT_FLAG_SPOKEN))
			g_ptr_array_add(names, (gpointer) sori_exhibit_text_to_string(f));
	}
	for (guint i = 0; i < names->len; i++) {
		if (i > 0)
			g_string_append(out, i + 1 == names->len ? " and " : ", ");
		g_string_append(out, g_ptr_array_index(names, i));
	}
	return g_string_free(out, FALSE);
}

/* the query of an audio or captions request, checked in full */
static gboolean
sori_speech_service_read_choice(GHashTable *query, SoriSpeechChoice *choice, GError **error)
{
	const gchar *format = g_hash_table_lookup(query, "format");

	/* the choice outlives @query: it keeps the catalogue's table's strings */
	if (g_hash_table_contains(query, "field")) {
		const gchar *field = g_hash_table_lookup(query, "field");
		SoriExhibitText which;
		if (sori_exhibit_text_from_string(field, &which)
		    && sori_exhibit_text_has_flags(which, SORI_EXHIBIT_TEXT_FLAG_SPOKEN)) {
			choice->which = which;
			choice->field = sori_exhibit_text_to_string(which);
		} else {
			g_autofree gchar *spoken = sori_speech_service_spoken_fields();
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
				    "field: '%s' is not one of %s", field, spoken);
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
	const gchar *audio = NULL;
	const gchar *captions = NULL;

	if (choice->which != SORI_EXHIBIT_TEXT_DESCRIPTION
	    || choice->rate != SORI_SPEECH_RATE_DEFAULT
	    || choice->pitch != SORI_SPEECH_PITCH_DEFAULT || choice->format_given
	    || !sori_catalogue_get_exhibit_narration(exhibit, choice->lang, &audio, &captions))
		return NULL;
	return choice->captions ? captions : audio;
}

/* pauses @msg until the rendering of @job is done, then answers it */
static void
sori_speech_service_wait_for_render(SoriSpeechService *self, SoupServerMessage *msg,
				    const SoriSpeechJob *job, SoriSpeechRenderFlags flags,
				    gchar *target, gboolean links)
{
	SoriSpeechWaiter *waiter = g_new0(SoriSpeechWaiter, 1);

	waiter->msg = g_object_ref(msg);
	waiter->target = target;
	waiter->links = links;
	soup_server_message_pause(msg);
	sori_speech_renderer_render_async(self->renderer, job, flags, NULL,
					  sori_speech_service_rendered_cb, waiter);
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
	gboolean reading = FALSE;
	/* an idle venue is read in a worker thread, never on the main loop: the
	 * server pauses the request meanwhile and asks again (sori-venue-store-wait.c) */
	SoriVenueSnapshot *snapshot
		= sori_venue_store_lookup_nowait(self->store, venue_id, &reading);

	if (snapshot == NULL && reading) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_VENUE_LOADING,
			    "venue '%s' is being read; try again in a moment", venue_id);
		return NULL;
	}
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
	/* the catalogue's language fallback; spoken in the language it is written in */
	text = sori_catalogue_get_exhibit_text(catalogue, exhibit, choice->which, choice->lang,
					       &choice->lang);
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
	SoriSpeechChoice choice = {
		.captions = captions,
		.field = sori_exhibit_text_to_string(SORI_EXHIBIT_TEXT_DESCRIPTION),
		.which = SORI_EXHIBIT_TEXT_DESCRIPTION,
		.rate = SORI_SPEECH_RATE_DEFAULT,
		.pitch = SORI_SPEECH_PITCH_DEFAULT,
		.format = SORI_AUDIO_FORMAT_MP3,
		.captions_format = "vtt",
	};
	g_autoptr(GError) error = NULL;
	g_autofree gchar *key = NULL;
	g_autofree gchar *target = NULL;
	g_autofree gchar *location = NULL;
	g_autoptr(GBytes) cached = NULL;
	SoriSpeechJob job = { 0 };
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
	key = sori_speech_renderer_key(text, choice.lang, choice.rate, choice.pitch);
	target = captions ? g_strdup_printf("%s.%s", key, choice.captions_format)
			  : sori_speech_renderer_audio_name(key, choice.format);
	cached = sori_speech_renderer_lookup(self->renderer, target);
	sori_metrics_add(SORI_METRIC_SPEECH_CACHE,
			 cached != NULL ? SORI_METRICS_CACHE_HIT : SORI_METRICS_CACHE_MISS, 1);
	if (cached != NULL) {
		location = g_strconcat("/v1/media/", target, NULL);
		sori_http_response_set_redirect(response, location);
		return TRUE;
	}
	/* what a visitor's app asks for is each text at the default rate, pitch and
	 * format: anything else is a variant, behind it and bounded apart */
	job.text = text;
	job.lang = (gchar *) choice.lang;
	job.rate = choice.rate;
	job.pitch = choice.pitch;
	job.format = choice.format;
	job.variant = choice.rate != SORI_SPEECH_RATE_DEFAULT
		      || choice.pitch != SORI_SPEECH_PITCH_DEFAULT
		      || (!captions && choice.format != SORI_AUDIO_FORMAT_MP3);
	/* only libsoup's front end can wait; the route keeps the fast path away */
	g_return_val_if_fail(request->msg != NULL, TRUE);
	sori_speech_service_wait_for_render(self, request->msg, &job,
					    captions ? SORI_SPEECH_RENDER_FLAG_ANY_FORMAT
						     : SORI_SPEECH_RENDER_FLAG_NONE,
					    g_steal_pointer(&target), FALSE);
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
	return sori_speech_renderer_lookup(self->renderer, name);
}

/**
 * sori_speech_service_set_variant_cache:
 * @cache: (nullable): where renderings of unusual variants are kept, so that
 *	they never evict what visitors most need; %NULL keeps them with the rest
 */
void
sori_speech_service_set_variant_cache(SoriSpeechService *self, SoriMediaCache *cache)
{
	sori_speech_renderer_set_variant_cache(self->renderer, cache);
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

/**
 * sori_speech_service_prerender:
 * @catalogue: a catalogue that just went live
 *
 * Queues every text of every exhibit for rendering into the cache
 * (sori_speech_renderer_prerender()).
 *
 * Returns: how many renderings were queued (the rest were cached already)
 */
guint
sori_speech_service_prerender(SoriSpeechService *self, SoriCatalogue *catalogue)
{
	return sori_speech_renderer_prerender(self->renderer, catalogue);
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
	SoriSpeechJob job = { (gchar *) text,           (gchar *) lang,
			      SORI_SPEECH_RATE_DEFAULT, SORI_SPEECH_PITCH_DEFAULT,
			      SORI_AUDIO_FORMAT_MP3,    TRUE };
	g_autofree gchar *key = sori_speech_renderer_key(text, lang, job.rate, job.pitch);
	g_autofree gchar *audio = sori_speech_renderer_audio_name(key, job.format);
	g_autofree gchar *vtt = g_strconcat(key, ".vtt", NULL);
	g_autoptr(GBytes) cached_audio = sori_speech_renderer_lookup(self->renderer, audio);
	g_autoptr(GBytes) cached_vtt = sori_speech_renderer_lookup(self->renderer, vtt);

	if (cached_audio != NULL && cached_vtt != NULL) {
		sori_speech_service_set_links(response, audio);
		return TRUE;
	}
	g_return_val_if_fail(request->msg != NULL, TRUE);
	sori_speech_service_wait_for_render(self, request->msg, &job, SORI_SPEECH_RENDER_FLAG_NONE,
					    g_steal_pointer(&audio), TRUE);
	return FALSE;
}
