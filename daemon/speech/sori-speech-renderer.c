/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The media for a text, language, rate, pitch and format, rendered once:
 * whoever asks for a rendering under way joins it (captions join any
 * format's), what visitors may keep waiting is bounded (unusual variants on
 * a share of their own), and every finished rendering is kept in the media
 * cache as `<key>.<format>`, `<key>.vtt` and `<key>.json`. The HTTP routes
 * (sori-speech-service.c), a publish's pre-rendering, the console's preview
 * and `sorictl render` all render through it.
 */

#define G_LOG_DOMAIN "sori-speech"

#include "config.h"

#include <string.h>

#include "sori-metrics.h"
#include "sori-problem.h"
#include "sori-speech-renderer.h"

struct _SoriSpeechRenderer {
	GObject parent_instance;
	SoriSpeechPool *pool;
	SoriMediaCache *cache;
	SoriMediaCache *variant_cache; /* nullable: unusual variants' own budget */
	GHashTable *pending;           /* audio name → SoriSpeechRender */
	guint n_pending_variants;
	guint n_pending_background;
};

G_DEFINE_TYPE(SoriSpeechRenderer, sori_speech_renderer, G_TYPE_OBJECT)

/* one rendering under way and everyone waiting for it */
typedef struct {
	SoriSpeechRenderer *self;
	gchar *key;
	gchar *name; /* `<key>.<format>` */
	gboolean variant;
	gboolean background;
	GPtrArray *tasks; /* GTask */
} SoriSpeechRender;

static void
sori_speech_render_free(SoriSpeechRender *render)
{
	g_object_unref(render->self);
	g_free(render->key);
	g_free(render->name);
	g_ptr_array_unref(render->tasks);
	g_free(render);
}

static void
sori_speech_renderer_dispose(GObject *object)
{
	SoriSpeechRenderer *self = SORI_SPEECH_RENDERER(object);
	g_clear_object(&self->pool);
	g_clear_object(&self->cache);
	g_clear_object(&self->variant_cache);
	G_OBJECT_CLASS(sori_speech_renderer_parent_class)->dispose(object);
}

static void
sori_speech_renderer_finalize(GObject *object)
{
	SoriSpeechRenderer *self = SORI_SPEECH_RENDERER(object);
	/* every render holds a reference: none is pending by now */
	g_hash_table_unref(self->pending);
	G_OBJECT_CLASS(sori_speech_renderer_parent_class)->finalize(object);
}

static void
sori_speech_renderer_class_init(SoriSpeechRendererClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = sori_speech_renderer_dispose;
	object_class->finalize = sori_speech_renderer_finalize;
}

static void
sori_speech_renderer_init(SoriSpeechRenderer *self)
{
	self->pending = g_hash_table_new(g_str_hash, g_str_equal);
}

/**
 * sori_speech_renderer_new:
 * @pool: the speech workers
 * @cache: where renderings are kept
 */
SoriSpeechRenderer *
sori_speech_renderer_new(SoriSpeechPool *pool, SoriMediaCache *cache)
{
	SoriSpeechRenderer *self = g_object_new(SORI_TYPE_SPEECH_RENDERER, NULL);
	self->pool = g_object_ref(pool);
	self->cache = g_object_ref(cache);
	return self;
}

/**
 * sori_speech_renderer_set_variant_cache:
 * @cache: (nullable): where renderings of unusual variants are kept, so that
 *	they never evict what visitors most need; %NULL keeps them with the rest
 */
void
sori_speech_renderer_set_variant_cache(SoriSpeechRenderer *self, SoriMediaCache *cache)
{
	g_set_object(&self->variant_cache, cache);
}

/**
 * sori_speech_renderer_key:
 *
 * Returns: (transfer full): 32 hex digits naming a rendering: a hash of
 *	everything that shapes it, the renderer's version included
 */
gchar *
sori_speech_renderer_key(const gchar *text, const gchar *lang, guint rate, guint pitch)
{
	g_autofree gchar *key_text
		= g_strdup_printf("%s\x1f%s\x1f%s\x1f%u\x1f%u", SORI_SPEECH_RENDERER_VERSION, text,
				  lang, rate, pitch);
	gchar *key = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key_text, -1);
	key[32] = '\0';
	return key;
}

/**
 * sori_speech_renderer_audio_name:
 *
 * Returns: (transfer full): `<key>.<format>`, the name a rendering's audio is kept as
 */
gchar *
sori_speech_renderer_audio_name(const gchar *key, SoriAudioFormat format)
{
	return g_strdup_printf("%s.%s", key, sori_audio_format_to_string(format));
}

/**
 * sori_speech_renderer_lookup:
 * @name: a media name, `<key>.<format>`, `<key>.vtt` or `<key>.json`
 *
 * Returns: (transfer full) (nullable): the kept media, verified, from either
 *	part of the cache; %NULL for a name that is not a media name
 */
GBytes *
sori_speech_renderer_lookup(SoriSpeechRenderer *self, const gchar *name)
{
	GBytes *bytes;

	if (!sori_media_cache_name_is_valid(name))
		return NULL;
	bytes = sori_media_cache_lookup(self->cache, name);
	if (bytes == NULL && self->variant_cache != NULL)
		bytes = sori_media_cache_lookup(self->variant_cache, name);
	return bytes;
}

/* a rendering's audio and its captions, kept under its key */
static gboolean
sori_speech_renderer_keep(SoriMediaCache *cache, const gchar *key, const gchar *audio_name,
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

/* every task waiting for one rendering is answered when it is done */
static void
sori_speech_renderer_rendered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriSpeechRender *render = user_data;
	SoriSpeechRenderer *self = render->self;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriRendering) rendering
		= sori_speech_pool_render_finish(SORI_SPEECH_POOL(source), result, &error);
	gboolean kept = TRUE;

	g_hash_table_remove(self->pending, render->name);
	if (render->variant)
		self->n_pending_variants--;
	if (render->background)
		self->n_pending_background--;
	if (rendering != NULL
	    && !sori_speech_renderer_keep(render->variant && self->variant_cache != NULL
						  ? self->variant_cache
						  : self->cache,
					  render->key, render->name, rendering, &error)) {
		/* a full disk: the rendering is answered all the same, just not kept */
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
	for (guint i = 0; i < render->tasks->len; i++) {
		GTask *task = g_ptr_array_index(render->tasks, i);
		if (rendering == NULL) {
			g_task_return_error(task, g_error_copy(error));
			continue;
		}
		g_task_set_task_data(task, GINT_TO_POINTER(kept), NULL);
		g_task_return_pointer(task, sori_rendering_ref(rendering),
				      (GDestroyNotify) sori_rendering_unref);
	}
	sori_speech_render_free(render);
}

/* the audio a request joins: captions any rendering of the same text under
 * way, audio its own format */
static gchar *
sori_speech_renderer_choose_name(SoriSpeechRenderer *self, const gchar *key,
				 SoriAudioFormat *format, SoriSpeechRenderFlags flags)
{
	if ((flags & SORI_SPEECH_RENDER_FLAG_ANY_FORMAT) == 0)
		return sori_speech_renderer_audio_name(key, *format);
	for (guint f = 0; f < SORI_AUDIO_FORMAT_LAST; f++) {
		g_autofree gchar *candidate = sori_speech_renderer_audio_name(key, f);
		if (g_hash_table_contains(self->pending, candidate)) {
			*format = f;
			return g_steal_pointer(&candidate);
		}
	}
	*format = SORI_AUDIO_FORMAT_MP3;
	return sori_speech_renderer_audio_name(key, *format);
}

/* %TRUE when a new render of this lane would be one too many for visitors */
static gboolean
sori_speech_renderer_is_busy(SoriSpeechRenderer *self, gboolean variant)
{
	guint visitors = g_hash_table_size(self->pending) - self->n_pending_background;
	if (visitors >= SORI_SPEECH_RENDERER_MAX_PENDING)
		return TRUE;
	return variant && self->n_pending_variants >= SORI_SPEECH_RENDERER_MAX_PENDING_VARIANT;
}

/**
 * sori_speech_renderer_render_async:
 * @job: the text, language, rate, pitch, format, and whether it is an
 *	unusual variant
 *
 * Renders @job and keeps it in the cache, or joins the rendering of it
 * already under way. Look in the cache first (sori_speech_renderer_lookup()):
 * this renders. A new rendering that visitors could not all be kept waiting
 * for fails at once with %SORI_PROBLEM_SPEECH_BUSY, to be asked for again
 * after %SORI_SPEECH_RENDERER_RETRY_AFTER_S.
 */
void
sori_speech_renderer_render_async(SoriSpeechRenderer *self, const SoriSpeechJob *job,
				  SoriSpeechRenderFlags flags, GCancellable *cancellable,
				  GAsyncReadyCallback callback, gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	g_autofree gchar *key
		= sori_speech_renderer_key(job->text, job->lang, job->rate, job->pitch);
	SoriSpeechJob resolved = *job;
	g_autofree gchar *name
		= sori_speech_renderer_choose_name(self, key, &resolved.format, flags);
	SoriSpeechRender *render = g_hash_table_lookup(self->pending, name);
	gboolean background = (flags & SORI_SPEECH_RENDER_FLAG_BACKGROUND) != 0;

	g_task_set_source_tag(task, sori_speech_renderer_render_async);
	if (render != NULL) {
		/* a visitor now waits for what a publish queued behind everyone */
		if (!background && render->background) {
			render->background = FALSE;
			self->n_pending_background--;
			sori_speech_pool_hurry(self->pool, render);
		}
		g_ptr_array_add(render->tasks, g_steal_pointer(&task));
		return;
	}
	if (!background && sori_speech_renderer_is_busy(self, job->variant)) {
		sori_metrics_add(
			SORI_METRIC_SPEECH_REFUSALS,
			job->variant ? SORI_METRICS_SPEECH_VARIANT : SORI_METRICS_SPEECH_USUAL, 1);
		g_task_return_new_error(task, SORI_PROBLEM_ERROR, SORI_PROBLEM_SPEECH_BUSY,
					"%s speech is being rendered; try again in %u s",
					job->variant ? "too much unusual" : "too much",
					SORI_SPEECH_RENDERER_RETRY_AFTER_S);
		return;
	}
	render = g_new0(SoriSpeechRender, 1);
	render->self = g_object_ref(self);
	render->key = g_steal_pointer(&key);
	render->name = g_steal_pointer(&name);
	render->variant = job->variant;
	render->background = background;
	render->tasks = g_ptr_array_new_with_free_func(g_object_unref);
	g_ptr_array_add(render->tasks, g_steal_pointer(&task));
	g_hash_table_insert(self->pending, render->name, render);
	if (render->variant)
		self->n_pending_variants++;
	if (render->background)
		self->n_pending_background++;
	resolved.background = background;
	sori_speech_pool_render_async(self->pool, &resolved, NULL, sori_speech_renderer_rendered_cb,
				      render);
}

/**
 * sori_speech_renderer_render_finish:
 * @kept: (out) (optional): whether the rendering is in the cache under its
 *	names (a full disk keeps nothing, and the rendering is all there is)
 *
 * Returns: (transfer full): the rendering, or %NULL with @error set
 */
SoriRendering *
sori_speech_renderer_render_finish(SoriSpeechRenderer *self, GAsyncResult *result, gboolean *kept,
				   GError **error)
{
	SoriRendering *rendering;

	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	rendering = g_task_propagate_pointer(G_TASK(result), error);
	if (kept != NULL)
		*kept = rendering != NULL && GPOINTER_TO_INT(g_task_get_task_data(G_TASK(result)));
	return rendering;
}

/**
 * sori_speech_renderer_get_n_pending:
 *
 * Returns: how many renderings are under way or queued
 */
guint
sori_speech_renderer_get_n_pending(SoriSpeechRenderer *self)
{
	return g_hash_table_size(self->pending);
}

/**
 * sori_speech_renderer_foreach_text:
 * @func: called for each text visitors can hear
 *
 * Every text of every exhibit that is spoken (title, description, audio
 * description, easy read), in each language of the venue it is written in.
 */
void
sori_speech_renderer_foreach_text(SoriCatalogue *catalogue, SoriSpeechTextFunc func,
				  gpointer user_data)
{
	GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
	const gchar *const *langs = sori_catalogue_get_languages(catalogue);

	for (guint e = 0; e < exhibits->len; e++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, e);
		for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++) {
			if (!sori_exhibit_text_has_flags(f, SORI_EXHIBIT_TEXT_FLAG_SPOKEN))
				continue;
			for (guint l = 0; langs[l] != NULL; l++) {
				const gchar *t = sori_catalogue_get_exhibit_text_exact(exhibit, f,
										       langs[l]);
				if (t != NULL)
					func(exhibit, sori_exhibit_text_to_string(f), langs[l], t,
					     user_data);
			}
		}
	}
}

static void
sori_speech_renderer_prerendered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autofree gchar *what = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriRendering) rendering = sori_speech_renderer_render_finish(
		SORI_SPEECH_RENDERER(source), result, NULL, &error);
	if (rendering == NULL)
		g_message("pre-rendering %s: %s", what, error->message);
}

typedef struct {
	SoriSpeechRenderer *self;
	SoriCatalogue *catalogue;
	guint queued;
} SoriSpeechPrerender;

static void
sori_speech_renderer_prerender_text(SoriExhibit *exhibit, const gchar *field, const gchar *lang,
				    const gchar *text, gpointer user_data)
{
	SoriSpeechPrerender *run = user_data;
	SoriSpeechJob job = { (gchar *) text, (gchar *) lang, SORI_SPEECH_RATE_DEFAULT,
			      SORI_SPEECH_PITCH_DEFAULT, SORI_AUDIO_FORMAT_MP3 };
	g_autofree gchar *key = sori_speech_renderer_key(text, lang, job.rate, job.pitch);
	g_autofree gchar *name = sori_speech_renderer_audio_name(key, job.format);
	g_autoptr(GBytes) kept = sori_media_cache_lookup(run->self->cache, name);

	if (kept != NULL || g_hash_table_contains(run->self->pending, name))
		return;
	sori_speech_renderer_render_async(run->self, &job, SORI_SPEECH_RENDER_FLAG_BACKGROUND, NULL,
					  sori_speech_renderer_prerendered_cb,
					  g_strdup_printf("%s/%s %s (%s)",
							  sori_catalogue_get_id(run->catalogue),
							  exhibit->id, field, lang));
	run->queued++;
}

/**
 * sori_speech_renderer_prerender:
 * @catalogue: a catalogue that just went live
 *
 * Queues every text of every exhibit, in every language, at the default rate
 * and as MP3, behind visitors' requests, so that visitors wait for none.
 *
 * Returns: how many renderings were queued (the rest were kept already)
 */
guint
sori_speech_renderer_prerender(SoriSpeechRenderer *self, SoriCatalogue *catalogue)
{
	SoriSpeechPrerender run = { self, catalogue, 0 };
	sori_speech_renderer_foreach_text(catalogue, sori_speech_renderer_prerender_text, &run);
	return run.queued;
}
