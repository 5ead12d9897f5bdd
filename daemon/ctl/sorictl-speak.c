/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl speak: hear a text, and read its captions, before publishing it.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sori-audio-encode.h"
#include "sori-captions.h"
#include "sori-language.h"
#include "sori-speech-synthesize.h"
#include "sorictl-common.h"
#include "sorictl-speak.h"

static gboolean
sorictl_speak_write_file(const gchar *path, const gchar *data, gsize len)
{
	g_autoptr(GError) error = NULL;
	if (!g_file_set_contents(path, data, (gssize) len, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return FALSE;
	}
	return TRUE;
}

/**
 * sorictl_speak_run:
 *
 * `sorictl speak --lang LANG [--rate WPM] [--pitch P] [--format mp3|opus|wav]
 *  --text TEXT|--input FILE --output FILE [--captions FILE.vtt] [--transcript FILE.json]`
 */
gint
sorictl_speak_run(gint argc, gchar **argv)
{
	g_autofree gchar *lang = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *input = NULL;
	g_autofree gchar *output = NULL;
	g_autofree gchar *captions = NULL;
	g_autofree gchar *transcript = NULL;
	g_autofree gchar *format_name = NULL;
	gint rate = SORI_SPEECH_RATE_DEFAULT;
	gint pitch = SORI_SPEECH_PITCH_DEFAULT;
	g_autoptr(GOptionContext) context = g_option_context_new("");
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriSpeechResult) result = NULL;
	g_autoptr(GBytes) audio = NULL;
	g_autofree gchar *canonical = NULL;
	SoriAudioFormat format = SORI_AUDIO_FORMAT_MP3;
	const GOptionEntry entries[] = {
		{ "lang", 'l', 0, G_OPTION_ARG_STRING, &lang, "The text's language (ko, en, …)",
		  "LANG" },
		{ "rate", 'r', 0, G_OPTION_ARG_INT, &rate,
		  "Words per minute, 80 to 449 (default 175)", "WPM" },
		{ "pitch", 'p', 0, G_OPTION_ARG_INT, &pitch, "Pitch, 0 to 99 (default 50)", "P" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "mp3 (default), opus or wav",
		  "FORMAT" },
		{ "text", 't', 0, G_OPTION_ARG_STRING, &text, "The text to speak", "TEXT" },
		{ "input", 'i', 0, G_OPTION_ARG_FILENAME, &input, "Read the text from FILE (UTF-8)",
		  "FILE" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the audio to FILE",
		  "FILE" },
		{ "captions", 'c', 0, G_OPTION_ARG_FILENAME, &captions,
		  "Write WebVTT captions, one cue per phrase, to FILE", "FILE.vtt" },
		{ "transcript", 0, 0, G_OPTION_ARG_FILENAME, &transcript,
		  "Write every word's start and end, as JSON, to FILE", "FILE.json" },
		{ NULL },
	};

	g_option_context_set_summary(
		context, "Speaks a text with espeak-ng as sorid would, so a curator can\n"
			 "hear it, and read its captions, before publishing it.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 1)
		return sorictl_usage_error("unexpected arguments");
	if (lang == NULL || (canonical = sori_language_tag_canonicalize(lang)) == NULL)
		return sorictl_usage_error("--lang must be a language tag such as ko or en");
	if ((text == NULL) == (input == NULL))
		return sorictl_usage_error("give exactly one of --text and --input");
	if (output == NULL)
		return sorictl_usage_error("--output is required");
	if (format_name != NULL && !sori_audio_format_from_string(format_name, &format))
		return sorictl_usage_error("--format must be mp3, opus or wav");
	if (rate < 0 || pitch < 0
	    || !sori_speech_check_parameters((guint) rate, (guint) pitch, &error))
		return sorictl_usage_error(error != NULL ? error->message
							 : "--rate and --pitch are positive");
	if (input != NULL && !g_file_get_contents(input, &text, NULL, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	result = sori_speech_synthesize(text, canonical, (guint) rate, (guint) pitch, &error);
	if (result == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	audio = sori_audio_encode((const gint16 *) result->samples->data, result->samples->len,
				  result->sample_rate, format, &error);
	if (audio == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return SORICTL_EXIT_PROBLEM;
	}
	if (!sorictl_speak_write_file(output, g_bytes_get_data(audio, NULL),
				      g_bytes_get_size(audio)))
		return SORICTL_EXIT_PROBLEM;
	if (captions != NULL) {
		g_autofree gchar *vtt = sori_captions_to_webvtt(result);
		if (!sorictl_speak_write_file(captions, vtt, strlen(vtt)))
			return SORICTL_EXIT_PROBLEM;
	}
	if (transcript != NULL) {
		g_autoptr(JsonNode) node = sori_captions_to_transcript(result);
		g_autofree gchar *json = json_to_string(node, TRUE);
		if (!sorictl_speak_write_file(transcript, json, strlen(json)))
			return SORICTL_EXIT_PROBLEM;
	}
	fprintf(stderr, "%s: %u words, %.1f s of speech, %" G_GSIZE_FORMAT " bytes of %s\n",
		g_get_prgname(), result->words->len,
		sori_speech_result_get_duration_ms(result) / 1000.0, g_bytes_get_size(audio),
		sori_audio_format_to_string(format));
	return EXIT_SUCCESS;
}
