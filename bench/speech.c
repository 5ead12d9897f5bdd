/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bench/speech (the C half): real-time factors of synthesis and encoding,
 * cache-miss latency through the worker pool, the speed-up of two workers on
 * a whole-venue render, and the size of a minute of speech.
 */

#include "config.h"

#include "sori-bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sori-audio.h"
#include "sori-catalogue.h"
#include "sori-speech-pool.h"
#include "sori-speech.h"

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
	g_autoptr(SoriRendering) rendering
		= sori_speech_pool_render_finish(SORI_SPEECH_POOL(source), result, &error);
	if (rendering == NULL)
		g_error("rendering: %s", error->message);
	if (w->latencies != NULL)
		w->latencies[w->index] = (g_get_monotonic_time() - w->started) / 1000.0;
	if (--w->pending == 0)
		g_main_loop_quit(w->loop);
}

static gdouble
render_venue(const gchar *worker, guint n_workers, GPtrArray *jobs)
{
	g_autoptr(SoriSpeechPool) pool = sori_speech_pool_new(worker, n_workers, 60);
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	Waiting w = { loop, jobs->len, 0, NULL, 0 };
	gint64 start;

	/* let the workers start before the clock does */
	g_usleep(200000);
	start = g_get_monotonic_time();
	for (guint i = 0; i < jobs->len; i++)
		sori_speech_pool_render_async(pool, g_ptr_array_index(jobs, i), NULL, rendered_cb,
					      &w);
	g_main_loop_run(loop);
	return (g_get_monotonic_time() - start) / 1e6;
}

static void
job_free(SoriSpeechJob *job)
{
	g_free(job->text);
	g_free(job->lang);
	g_free(job);
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

	/* cache misses through the pool, one at a time, as a visitor's request meets them */
	{
		g_autoptr(SoriSpeechPool) pool = sori_speech_pool_new(worker, 2, 60);
		g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
		gdouble latencies[40];
		g_usleep(200000);
		for (guint i = 0; i < G_N_ELEMENTS(latencies); i++) {
			g_autofree gchar *text = text_150(100 + i);
			SoriSpeechJob job
				= { text, (gchar *) "en", 175, 50, SORI_AUDIO_FORMAT_MP3 };
			Waiting w = { loop, 1, g_get_monotonic_time(), latencies, i };
			sori_speech_pool_render_async(pool, &job, NULL, rendered_cb, &w);
			g_main_loop_run(loop);
		}
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
		GPtrArray *exhibits;
		const gchar *fields[] = { "description", "audio_description", "easy_read" };
		gdouble one[3];
		gdouble two[3];

		g_assert_no_error(error);
		exhibits = sori_catalogue_get_exhibits(catalogue);
		for (guint i = 0; i < exhibits->len; i++) {
			SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
			for (guint f = 0; f < G_N_ELEMENTS(fields); f++) {
				JsonObject *text
					= json_object_get_object_member(exhibit->json, fields[f]);
				const gchar *const *langs = sori_catalogue_get_languages(catalogue);
				for (guint l = 0; langs[l] != NULL; l++) {
					SoriSpeechJob *job = g_new0(SoriSpeechJob, 1);
					job->text = g_strdup(
						json_object_get_string_member(text, langs[l]));
					job->lang = g_strdup(langs[l]);
					job->rate = 175;
					job->pitch = 50;
					job->format = SORI_AUDIO_FORMAT_MP3;
					g_ptr_array_add(jobs, job);
				}
			}
		}
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
