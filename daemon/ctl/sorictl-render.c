/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl render: every text of a venue spoken ahead of time, so the first
 * visitor to press play waits for nothing.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sori-config.h"
#include "sori-speech-service.h"
#include "sori-venue-store.h"
#include "sorictl-common.h"
#include "sorictl-render.h"

typedef struct {
	GMainLoop *loop;
	guint total;
	guint done;
	guint cached;
	guint failed;
	guint in_flight;
	gboolean tty;
	guint last_tenth;
} Progress;

typedef struct {
	Progress *progress;
	gchar *what;
} Job;

static void
sorictl_render_job_free(Job *job)
{
	g_free(job->what);
	g_free(job);
}

static void
sorictl_render_show_progress(Progress *p)
{
	guint width = 30;
	guint filled = p->total > 0 ? p->done * width / p->total : width;
	if (p->tty) {
		g_autofree gchar *bar = g_strnfill(filled, '#');
		g_autofree gchar *rest = g_strnfill(width - filled, '.');
		fprintf(stderr, "\r[%s%s] %u/%u  (%u already cached, %u failed)", bar, rest,
			p->done, p->total, p->cached, p->failed);
		if (p->done == p->total)
			fputc('\n', stderr);
	} else if (p->total > 0
		   && (p->done * 10 / p->total > p->last_tenth || p->done == p->total)) {
		p->last_tenth = p->done * 10 / p->total;
		fprintf(stderr, "%u/%u rendered (%u already cached, %u failed)\n", p->done,
			p->total, p->cached, p->failed);
	}
	fflush(stderr);
}

static void
sorictl_render_rendered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Job *job = user_data;
	Progress *p = job->progress;
	g_autoptr(GError) error = NULL;
	gboolean kept = FALSE;
	g_autoptr(SoriRendering) rendering = sori_speech_renderer_render_finish(
		SORI_SPEECH_RENDERER(source), result, &kept, &error);

	if (rendering == NULL || !kept) {
		if (p->tty)
			fputc('\n', stderr);
		fprintf(stderr, "%s: %s: %s\n", g_get_prgname(), job->what,
			error != NULL
				? error->message
				: "rendered, but the cache could not keep it (is its disk full?)");
		p->failed++;
	}
	p->done++;
	sorictl_render_show_progress(p);
	if (--p->in_flight == 0)
		g_main_loop_quit(p->loop);
	sorictl_render_job_free(job);
}

/* what a run renders, and into what */
typedef struct {
	Progress *progress;
	SoriSpeechRenderer *renderer;
	SoriCatalogue *catalogue; /* the venue being rendered */
	GPtrArray *formats;       /* SoriAudioFormat */
	guint rate;
	gint counting; /* 1: only count; 0: render */
} SorictlRenderPlan;

/* one text in every format: counted, found in the cache, or queued */
static void
sorictl_render_text(SoriExhibit *exhibit, const gchar *field, const gchar *lang, const gchar *text,
		    gpointer user_data)
{
	SorictlRenderPlan *plan = user_data;
	g_autofree gchar *key
		= sori_speech_renderer_key(text, lang, plan->rate, SORI_SPEECH_PITCH_DEFAULT);

	for (guint k = 0; k < plan->formats->len; k++) {
		SoriAudioFormat format = GPOINTER_TO_UINT(g_ptr_array_index(plan->formats, k));
		g_autofree gchar *name = sori_speech_renderer_audio_name(key, format);
		g_autoptr(GBytes) hit = NULL;
		SoriSpeechJob sjob = { (gchar *) text, (gchar *) lang, plan->rate,
				       SORI_SPEECH_PITCH_DEFAULT, format };
		Job *job;
		if (plan->counting) {
			plan->progress->total++;
			continue;
		}
		hit = sori_speech_renderer_lookup(plan->renderer, name);
		if (hit != NULL) {
			plan->progress->cached++;
			plan->progress->done++;
			continue;
		}
		job = g_new0(Job, 1);
		job->progress = plan->progress;
		job->what = g_strdup_printf("%s/%s %s (%s)", sori_catalogue_get_id(plan->catalogue),
					    exhibit->id, field, lang);
		plan->progress->in_flight++;
		sori_speech_renderer_render_async(plan->renderer, &sjob,
						  SORI_SPEECH_RENDER_FLAG_BACKGROUND, NULL,
						  sorictl_render_rendered_cb, job);
	}
}

/**
 * sorictl_render_run:
 *
 * `sorictl render [--config FILE] [--data-dir DIR] [--cache-dir DIR] [--venue ID]
 *  [--format mp3,opus,wav] [--rate WPM] [--workers N]`
 */
gint
sorictl_render_run(gint argc, gchar **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *data_dir = NULL;
	g_autofree gchar *cache_dir = NULL;
	g_autofree gchar *venue = NULL;
	g_autofree gchar *formats_text = NULL;
	gint rate = SORI_SPEECH_RATE_DEFAULT;
	gint workers = 0;
	g_autoptr(GOptionContext) context = g_option_context_new("");
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriConfig) config = sori_config_new();
	g_autoptr(SoriVenueStore) store = NULL;
	g_autoptr(SoriMediaCache) cache = NULL;
	g_autoptr(SoriSpeechPool) pool = NULL;
	g_autoptr(SoriSpeechRenderer) renderer = NULL;
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	g_autoptr(GPtrArray) formats = g_ptr_array_new();
	g_auto(GStrv) format_names = NULL;
	g_autofree gchar *worker = NULL;
	Progress progress = { 0 };
	SorictlRenderPlan plan = { 0 };
	GPtrArray *snapshots;
	const GOptionEntry entries[] = {
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
		  "Take data-dir, cache-dir and the speech settings from sorid's FILE", "FILE" },
		{ "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "The venue catalogues",
		  "DIR" },
		{ "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &cache_dir,
		  "The speech cache sorid serves from", "DIR" },
		{ "venue", 'v', 0, G_OPTION_ARG_STRING, &venue, "Only this venue", "ID" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &formats_text,
		  "Audio formats, comma-separated (default mp3)", "mp3,opus,wav" },
		{ "rate", 'r', 0, G_OPTION_ARG_INT, &rate, "Words per minute (default 175)",
		  "WPM" },
		{ "workers", 'w', 0, G_OPTION_ARG_INT, &workers,
		  "Speech workers (default: sorid's setting, else one per core)", "N" },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"Speaks every text of every exhibit — title, description, audio description,\n"
		"easy read — in every language of the venue, in parallel over the speech\n"
		"workers, into the cache sorid serves from. What is cached already is\n"
		"skipped, so an interrupted run resumes where it stopped.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_USAGE;
	}
	if (argc != 1) {
		fprintf(stderr, "%s: unexpected arguments\n", g_get_prgname());
		return SORICTL_EXIT_USAGE;
	}
	if (config_path != NULL && !sori_config_load_file(config, config_path, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_USAGE;
	}
	if (data_dir == NULL)
		data_dir = g_strdup(config->data_dir);
	if (cache_dir == NULL)
		cache_dir = g_strdup(config->cache_dir);
	if (cache_dir == NULL) {
		fprintf(stderr, "%s: name the cache with --cache-dir or --config\n",
			g_get_prgname());
		return SORICTL_EXIT_USAGE;
	}
	if (!sori_speech_check_parameters(rate < 0 ? 0 : (guint) rate, SORI_SPEECH_PITCH_DEFAULT,
					  &error)) {
		fprintf(stderr, "%s: --rate: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_USAGE;
	}
	format_names = g_strsplit(formats_text != NULL ? formats_text : "mp3", ",", -1);
	for (guint i = 0; format_names[i] != NULL; i++) {
		SoriAudioFormat format;
		if (!sori_audio_format_from_string(g_strstrip(format_names[i]), &format)) {
			fprintf(stderr, "%s: --format: '%s' is not mp3, opus or wav\n",
				g_get_prgname(), format_names[i]);
			return SORICTL_EXIT_USAGE;
		}
		g_ptr_array_add(formats, GUINT_TO_POINTER(format));
	}

	store = sori_venue_store_new(data_dir);
	if (!sori_venue_store_load(store, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	cache = sori_media_cache_new(cache_dir, (guint64) config->cache_max_mb * 1024 * 1024,
				     &error);
	if (cache == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	worker = config->speech_worker != NULL ? g_strdup(config->speech_worker)
					       : sori_speech_default_worker_path();
	pool = sori_speech_pool_new(worker, workers > 0 ? (guint) workers : config->speech_workers,
				    60);
	renderer = sori_speech_renderer_new(pool, cache);

	progress.loop = loop;
	progress.tty = isatty(STDERR_FILENO);
	snapshots = sori_venue_store_get_snapshots(store);
	if (venue != NULL && sori_venue_store_lookup(store, venue) == NULL) {
		fprintf(stderr, "%s: there is no venue '%s' in %s\n", g_get_prgname(), venue,
			data_dir);
		return SORICTL_EXIT_PROBLEM;
	}
	/* first count, then render: the progress bar knows its end from the start */
	plan.progress = &progress;
	plan.renderer = renderer;
	plan.formats = formats;
	plan.rate = (guint) rate;
	for (plan.counting = 1; plan.counting >= 0; plan.counting--) {
		for (guint v = 0; v < snapshots->len; v++) {
			SoriCatalogue *catalogue
				= ((SoriVenueSnapshot *) g_ptr_array_index(snapshots, v))
					  ->catalogue;
			if (venue != NULL
			    && g_strcmp0(sori_catalogue_get_id(catalogue), venue) != 0)
				continue;
			plan.catalogue = catalogue;
			sori_speech_renderer_foreach_text(catalogue, sorictl_render_text, &plan);
		}
	}
	sorictl_render_show_progress(&progress);
	if (progress.in_flight > 0)
		g_main_loop_run(loop);
	fprintf(stderr, "%s: %u renderings: %u new, %u already cached, %u failed\n",
		g_get_prgname(), progress.total, progress.total - progress.cached - progress.failed,
		progress.cached, progress.failed);
	return progress.failed > 0 ? SORICTL_EXIT_PROBLEM : EXIT_SUCCESS;
}
