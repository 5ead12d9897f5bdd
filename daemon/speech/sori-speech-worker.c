/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sori-speech-worker: one espeak-ng per process, because espeak-ng keeps
 * global state. sorid runs one per core and talks to each over its stdin and
 * stdout; a worker that crashes or hangs is replaced, and sorid goes on.
 *
 * Each message is a 4-byte big-endian length and that many bytes. A request
 * is JSON: {"text", "lang", "rate", "pitch", "format"}. The answer is JSON
 * ({"ok": true, "duration_ms", "transcript", "vtt"} or {"ok": false, "code",
 * "message"}), followed, when ok, by one more message: the encoded audio.
 */

#define G_LOG_DOMAIN "sori-speech-worker"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>

#include "sori-audio-encode.h"
#include "sori-captions.h"
#include "sori-speech-synthesize.h"

#define MESSAGE_MAX (1024 * 1024)
/* the kernel's weight for nice 10 is about a tenth of nice 0's */
#define SPEECH_WORKER_NICE 10

/* sorid reads the answers from our stdout, the requests come on stdin */
static GOutputStream *answers;

static gboolean
sori_speech_worker_write_message(const guint8 *data, gsize len)
{
	guint8 header[4] = { len >> 24, len >> 16, len >> 8, len };
	return g_output_stream_write_all(answers, header, 4, NULL, NULL, NULL)
	       && g_output_stream_write_all(answers, data, len, NULL, NULL, NULL);
}

/* reads exactly @len bytes; FALSE at the end of the pipe or on an error */
static gboolean
sori_speech_worker_read_exact(GInputStream *stream, guint8 *buf, gsize len)
{
	gsize n = 0;
	return g_input_stream_read_all(stream, buf, len, &n, NULL, NULL) && n == len;
}

static gboolean
sori_speech_worker_write_json(JsonBuilder *builder)
{
	g_autoptr(JsonNode) root = json_builder_get_root(builder);
	g_autofree gchar *text = json_to_string(root, FALSE);
	return sori_speech_worker_write_message((const guint8 *) text, strlen(text));
}

static gboolean
sori_speech_worker_write_error(gint code, const gchar *message)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, FALSE);
	json_builder_set_member_name(b, "code");
	json_builder_add_int_value(b, code);
	json_builder_set_member_name(b, "message");
	json_builder_add_string_value(b, message);
	json_builder_end_object(b);
	return sori_speech_worker_write_json(b);
}

static gboolean
sori_speech_worker_handle(const gchar *request, gsize len)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriSpeechResult) result = NULL;
	g_autoptr(GBytes) audio = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autofree gchar *vtt = NULL;
	JsonObject *obj;
	SoriAudioFormat format;

	if (!json_parser_load_from_data(parser, request, len, &error)
	    || !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)))
		return sori_speech_worker_write_error(SORI_SPEECH_ERROR_INVALID,
						      "the request is not a JSON object");
	obj = json_node_get_object(json_parser_get_root(parser));
	if (!sori_audio_format_from_string(
		    json_object_get_string_member_with_default(obj, "format", ""), &format))
		return sori_speech_worker_write_error(SORI_SPEECH_ERROR_INVALID, "unknown format");
	/* a test hook: a worker that dies in the middle of a job, as a crash would */
	if (g_getenv("SORI_SPEECH_WORKER_CRASH_ON") != NULL
	    && g_strcmp0(json_object_get_string_member_with_default(obj, "text", ""),
			 g_getenv("SORI_SPEECH_WORKER_CRASH_ON"))
		       == 0)
		abort();
	result = sori_speech_synthesize(
		json_object_get_string_member_with_default(obj, "text", ""),
		json_object_get_string_member_with_default(obj, "lang", ""),
		(guint) json_object_get_int_member_with_default(obj, "rate", 0),
		(guint) json_object_get_int_member_with_default(obj, "pitch", 0), &error);
	if (result == NULL)
		return sori_speech_worker_write_error(error->code, error->message);
	audio = sori_audio_encode((const gint16 *) result->samples->data, result->samples->len,
				  result->sample_rate, format, &error);
	if (audio == NULL)
		return sori_speech_worker_write_error(error->code, error->message);
	vtt = sori_captions_to_webvtt(result);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, TRUE);
	json_builder_set_member_name(b, "duration_ms");
	json_builder_add_int_value(b, sori_speech_result_get_duration_ms(result));
	json_builder_set_member_name(b, "vtt");
	json_builder_add_string_value(b, vtt);
	json_builder_set_member_name(b, "transcript");
	json_builder_add_value(b, sori_captions_to_transcript(result));
	json_builder_end_object(b);
	return sori_speech_worker_write_json(b)
	       && sori_speech_worker_write_message(g_bytes_get_data(audio, NULL),
						   g_bytes_get_size(audio));
}

int
main(int argc, char **argv)
{
	g_autoptr(GInputStream) requests = g_unix_input_stream_new(STDIN_FILENO, FALSE);

	answers = g_unix_output_stream_new(STDOUT_FILENO, FALSE);
	/* sorid's main loop, which answers every visitor, goes first: rendering
	 * takes a whole core for a while, and the workers are one per core */
	if (setpriority(PRIO_PROCESS, 0, SPEECH_WORKER_NICE) != 0)
		g_debug("lowering the worker's priority: %s", g_strerror(errno));
	for (;;) {
		guint8 header[4];
		g_autofree gchar *request = NULL;
		gsize len;

		if (!sori_speech_worker_read_exact(requests, header, 4))
			return EXIT_SUCCESS; /* sorid closed the pipe: done */
		len = (gsize) header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3];
		if (len > MESSAGE_MAX)
			return EXIT_FAILURE;
		request = g_malloc(len + 1);
		if (!sori_speech_worker_read_exact(requests, (guint8 *) request, len))
			return EXIT_FAILURE;
		request[len] = '\0';
		if (!sori_speech_worker_handle(request, len))
			return EXIT_FAILURE;
	}
}
