/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bench/speech (the C half): real-time factors of synthesis and encoding,
 * cache-miss latency through the renderer sorid uses (the worker pool, then
 * the media cache), the speed-up of two workers on a whole-venue render,
 * and the size of a minute of speech.
 */

#include "config.h"

#include "sori-bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sori-audio-encode.h"
#include "sori-catalogue.h"
#include "sori-speech-renderer.h"
#include "sori-speech-synthesize.h"

#define ROUNDS 5

/* a 150-word text, a different one for each @seed */
static gchar *
text_150(guint seed)
{
	static const gchar *const words[] = {
		"the",     "moon",    "jar",   "stands", "alone",   "in",     "a",      "glass",
		"case",    "on",      "low",   "round",  "plinth",  "at",     "waist",  "height",
		"its",     "surface", "is",    "milky",  "white",   "with",   "faint",  "grey",
		"patches", "and",     "mouth", "short",  "upright", "potter", "joined", "halves",
	};
	GRand *rand = g_rand_new_with_seed(seed);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < 150; i++)
		g_string_append_printf(s, "%s%s%s", i > 0 ? " " : "",
				       words[g_rand_int_range(rand, 0, G_N_ELEMENTS(words))],
				       i % 15 == 14 ? "." : "");
	g_rand_free(rand);
	return g_string_free(s, FALSE);
}

typedef struct {
	GMainLoop *loop;
	guint pending;
	gint64 started;
	gdouble *latencies;
	guint index;
} Waiting;

static void
rendered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Waiting *w = user_data;
	g_autoptr(GError) error = NULL;
	gboolean kept = FALSE;
	g_autoptr(SoriRendering) rendering = sori_speech_renderer_render_finish(
		SORI_SPEECH_RENDERER(source), result, &kept, &error);
	if (rendering == NULL)
		g_error("rendering: %s", error->message);
	if (!kept)
		g_error("rendering: not kept in the cache");
	if (w->latencies != NULL)
		w->latencies[w->index] = (g_get_monotonic_time() - w->started) / 1000.0;
	if (--w->pending == 0)
		g_main_loop_quit(w->loop);
}

/* a renderer as sorid makes one, on a cache of its own in a temporary directory */
static SoriSpeechRenderer *
renderer_new(const gchar *worker, guint n_workers, gchar **cache_dir)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriSpeechPool) pool = sori_speech_pool_new(worker, n_workers, 60);
	g_autoptr(SoriMediaCache) cache = NULL;

	*cache_dir = g_dir_make_tmp("sori-speech-bench-XXXXXX", &error);
	g_assert_no_error(error);
	cache = sori_media_cache_new(*cache_dir, 1024 * 1024 * 1024, &error);
	g_assert_no_error(error);
	return sori_speech_renderer_new(pool, cache);
}

static void
remove_dir(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR))
			remove_dir(child);
		else
			g_unlink(child);
	}
	g_rmdir(path);
}

static gdouble
render_venue(const gchar *worker, guint n_workers, GPtrArray *jobs)
{
	g_autofree gchar *cache_dir = NULL;
	g_autoptr(SoriSpeechRenderer) renderer = renderer_new(worker, n_workers, &cache_dir);
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	Waiting w = { loop, jobs->len, 0, NULL, 0 };
	gint64 start;

	/* let the workers start before the clock does */
	g_usleep(200000);
	start = g_get_monotonic_time();
	for (guint i = 0; i < jobs->len; i++)
		sori_speech_renderer_render_async(renderer, g_ptr_array_index(jobs, i),
						  SORI_SPEECH_RENDER_FLAG_BACKGROUND, NULL,
						  rendered_cb, &w);
	g_main_loop_run(loop);
	start = g_get_monotonic_time() - start;
	remove_dir(cache_dir);
	return start / 1e6;
}

static void
job_free(SoriSpeechJob *job)
{
	g_free(job->text);
	g_free(job->lang);
	g_free(job);
}

/* every text of a venue as a publish pre-renders it */
static void
add_job(SoriExhibit *exhibit, const gchar *field, const gchar *lang, const gchar *text,
	gpointer user_data)
{
	GPtrArray *jobs = user_data;
	SoriSpeechJob *job = g_new0(SoriSpeechJob, 1);
	job->text = g_strdup(text);
	job->lang = g_strdup(lang);
	job->rate = SORI_SPEECH_RATE_DEFAULT;
	job->pitch = SORI_SPEECH_PITCH_DEFAULT;
	job->format = SORI_AUDIO_FORMAT_MP3;
	g_ptr_array_add(jobs, job);
}

int
main(int argc, char **argv)
{
	const gchar *worker = argc > 1 ? argv[1] : NULL;
	const gchar *venue = argc > 2 ? argv[2] : NULL;
	gdouble rtf_synth[ROUNDS];
	gdouble rtf_mp3[ROUNDS];
	gdouble rtf_opus[ROUNDS];
	gdouble kb_mp3 = 0;
	gdouble kb_opus = 0;

	if (worker == NULL || venue == NULL) {
		fprintf(stderr, "usage: %s SORI-SPEECH-WORKER VENUE.json\n", argv[0]);
		return 2;
	}
	for (guint r = 0; r < ROUNDS; r++) {
		g_autofree gchar *text = text_150(r);
		g_autoptr(GError) error = NULL;
		gint64 t0 = g_get_monotonic_time();
		g_autoptr(SoriSpeechResult) result
			= sori_speech_synthesize(text, "en", 175, 50, &error);
		gint64 t1 = g_get_monotonic_time();
		gdouble seconds;
		g_autoptr(GBytes) mp3 = NULL;
		g_autoptr(GBytes) opus = NULL;
		gint64 t2;
		gint64 t3;

		g_assert_no_error(error);
		seconds = sori_speech_result_get_duration_ms(result) / 1000.0;
		mp3 = sori_audio_encode((gint16 *) result->samples->data, result->samples->len,
					result->sample_rate, SORI_AUDIO_FORMAT_MP3, NULL);
		t2 = g_get_monotonic_time();
		opus = sori_audio_encode((gint16 *) result->samples->data, result->samples->len,
					 result->sample_rate, SORI_AUDIO_FORMAT_OPUS, NULL);
		t3 = g_get_monotonic_time();
		rtf_synth[r] = (t1 - t0) / 1e6 / seconds;
		rtf_mp3[r] = ((t1 - t0) + (t2 - t1)) / 1e6 / seconds;
		rtf_opus[r] = ((t1 - t0) + (t3 - t2)) / 1e6 / seconds;
		kb_mp3 = g_bytes_get_size(mp3) / 1024.0 / (seconds / 60);
		kb_opus = g_bytes_get_size(opus) / 1024.0 / (seconds / 60);
	}
	printf("rtf_synth: %.4f\n", sori_bench_percentile(rtf_synth, ROUNDS, 50));
	printf("rtf_mp3: %.4f\n", sori_bench_percentile(rtf_mp3, ROUNDS, 50));
	printf("rtf_opus: %.4f\n", sori_bench_percentile(rtf_opus, ROUNDS, 50));
	fflush(stdout);

	/* cache misses through the renderer, one at a time, as a visitor's request
	 * meets them: rendered, then kept */
	{
		g_autofree gchar *cache_dir = NULL;
		g_autoptr(SoriSpeechRenderer) renderer = renderer_new(worker, 2, &cache_dir);
		g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
		gdouble latencies[40];
		g_usleep(200000);
		for (guint i = 0; i < G_N_ELEMENTS(latencies); i++) {
			g_autofree gchar *text = text_150(100 + i);
			SoriSpeechJob job
				= { text, (gchar *) "en", 175, 50, SORI_AUDIO_FORMAT_MP3 };
			Waiting w = { loop, 1, g_get_monotonic_time(), latencies, i };
			sori_speech_renderer_render_async(renderer, &job,
							  SORI_SPEECH_RENDER_FLAG_NONE, NULL,
							  rendered_cb, &w);
			g_main_loop_run(loop);
		}
		remove_dir(cache_dir);
		printf("miss_p50_ms: %.0f\n",
		       sori_bench_percentile(latencies, G_N_ELEMENTS(latencies), 50));
		printf("miss_p95_ms: %.0f\n",
		       sori_bench_percentile(latencies, G_N_ELEMENTS(latencies), 95));
		fflush(stdout);
	}

	/* a whole venue: every exhibit, field and language */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(SoriCatalogue) catalogue
			= sori_catalogue_new_from_file(venue, NULL, &error);
		g_autoptr(GPtrArray) jobs
			= g_ptr_array_new_with_free_func((GDestroyNotify) job_free);
		gdouble one[3];
		gdouble two[3];

		g_assert_no_error(error);
		sori_speech_renderer_foreach_text(catalogue, add_job, jobs);
		for (guint r = 0; r < 3; r++) {
			one[r] = render_venue(worker, 1, jobs);
			two[r] = render_venue(worker, 2, jobs);
		}
		printf("venue_renderings: %u\n", jobs->len);
		printf("speedup_2_workers: %.2f\n",
		       sori_bench_percentile(one, 3, 50) / sori_bench_percentile(two, 3, 50));
	}
	printf("mp3_kb_per_min: %.0f\n", kb_mp3);
	printf("opus_kb_per_min: %.0f\n", kb_opus);
	return 0;
}
