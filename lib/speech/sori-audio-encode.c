/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Speech, encoded for phones: MP3 for every browser (Safari included), Ogg
 * Opus for those that take it, WAV for tools. Both lossy encoders are set for
 * speech: mono, narrow band, low constant bit rates, well under 200 KB a minute.
 *
 * lib/speech/: the one part of lib/ that links the codecs (and espeak-ng),
 * for the processes that render speech: the speech worker, sorictl and the
 * speech benchmark. The formats' names are lib/sori-audio.c.
 */

#define G_LOG_DOMAIN "sori-speech"

#include "config.h"

#include <lame/lame.h>
#include <opus/opusenc.h>
#include <string.h>

#include "sori-audio-encode.h"
#include "sori-error.h"

/* 24 kbit/s CBR MP3 (MPEG-2 layer III at 22.05 kHz): 176 KB a minute, and a
 * constant rate keeps seeking exact in browsers that estimate it */
#define MP3_KBPS     24
#define OPUS_BITRATE 16000

static void
sori_audio_encode_put_le32(GByteArray *out, guint32 v)
{
	guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
	g_byte_array_append(out, b, 4);
}

static void
sori_audio_encode_put_le16(GByteArray *out, guint16 v)
{
	guint8 b[2] = { v & 0xff, v >> 8 };
	g_byte_array_append(out, b, 2);
}

static GBytes *
sori_audio_encode_wav(const gint16 *samples, gsize n, guint rate)
{
	GByteArray *out = g_byte_array_sized_new(44 + n * 2);
	guint32 data_len = (guint32) (n * 2);

	g_byte_array_append(out, (const guint8 *) "RIFF", 4);
	sori_audio_encode_put_le32(out, 36 + data_len);
	g_byte_array_append(out, (const guint8 *) "WAVEfmt ", 8);
	sori_audio_encode_put_le32(out, 16);
	sori_audio_encode_put_le16(out, 1); /* PCM */
	sori_audio_encode_put_le16(out, 1); /* mono */
	sori_audio_encode_put_le32(out, rate);
	sori_audio_encode_put_le32(out, rate * 2);
	sori_audio_encode_put_le16(out, 2);
	sori_audio_encode_put_le16(out, 16);
	g_byte_array_append(out, (const guint8 *) "data", 4);
	sori_audio_encode_put_le32(out, data_len);
	for (gsize i = 0; i < n; i++)
		sori_audio_encode_put_le16(out, (guint16) samples[i]);
	return g_byte_array_free_to_bytes(out);
}

static GBytes *
sori_audio_encode_mp3(const gint16 *samples, gsize n, guint rate, GError **error)
{
	lame_global_flags *lame = lame_init();
	GByteArray *out;
	gsize chunk = 8192;
	guint8 *buf;
	gsize buf_size = (gsize) (1.25 * chunk) + 7200;
	int written;

	if (lame == NULL) {
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_ENCODING,
			    "lame_init failed");
		return NULL;
	}
	lame_set_num_channels(lame, 1);
	lame_set_mode(lame, MONO);
	lame_set_in_samplerate(lame, (int) rate);
	lame_set_out_samplerate(lame, (int) rate);
	lame_set_brate(lame, MP3_KBPS);
	lame_set_VBR(lame, vbr_off);
	/* speech needs nothing above 7 kHz */
	lame_set_lowpassfreq(lame, 7000);
	/* 7: fast, and speech at 24 kbit/s gains nothing audible from slower searches */
	lame_set_quality(lame, 7);
	lame_set_bWriteVbrTag(lame, 0);
	if (lame_init_params(lame) < 0) {
		lame_close(lame);
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_ENCODING,
			    "lame refused its parameters");
		return NULL;
	}
	out = g_byte_array_sized_new(n / 8 + 1024);
	buf = g_malloc(buf_size);
	for (gsize pos = 0; pos < n; pos += chunk) {
		gsize len = MIN(chunk, n - pos);
		written = lame_encode_buffer(lame, (short *) samples + pos, NULL, (int) len, buf,
					     (int) buf_size);
		if (written < 0)
			break;
		g_byte_array_append(out, buf, written);
	}
	written = lame_encode_flush(lame, buf, (int) buf_size);
	if (written > 0)
		g_byte_array_append(out, buf, written);
	g_free(buf);
	lame_close(lame);
	if (written < 0) {
		g_byte_array_unref(out);
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_ENCODING,
			    "lame failed (%d)", written);
		return NULL;
	}
	return g_byte_array_free_to_bytes(out);
}

static int
sori_audio_opus_write_cb(void *user_data, const unsigned char *ptr, opus_int32 len)
{
	g_byte_array_append(user_data, ptr, len);
	return 0;
}

static int
sori_audio_opus_close_cb(void *user_data)
{
	return 0;
}

static GBytes *
sori_audio_encode_opus(const gint16 *samples, gsize n, guint rate, GError **error)
{
	OpusEncCallbacks callbacks = { sori_audio_opus_write_cb, sori_audio_opus_close_cb };
	OggOpusComments *comments = ope_comments_create();
	GByteArray *out = g_byte_array_sized_new(n / 10 + 1024);
	OggOpusEnc *enc;
	int rc = OPE_OK;

	ope_comments_add(comments, "ENCODER", "sori");
	enc = ope_encoder_create_callbacks(&callbacks, out, comments, (opus_int32) rate, 1, 0, &rc);
	ope_comments_destroy(comments);
	if (enc == NULL) {
		g_byte_array_unref(out);
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_ENCODING,
			    "the Opus encoder did not start: %s", ope_strerror(rc));
		return NULL;
	}
	ope_encoder_ctl(enc, OPUS_SET_BITRATE(OPUS_BITRATE));
	ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
	/* complexity 10 takes three times as long for no audible gain in speech */
	ope_encoder_ctl(enc, OPUS_SET_COMPLEXITY(4));
	rc = ope_encoder_write(enc, samples, (int) n);
	if (rc == OPE_OK)
		rc = ope_encoder_drain(enc);
	ope_encoder_destroy(enc);
	if (rc != OPE_OK) {
		g_byte_array_unref(out);
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_ENCODING,
			    "Opus encoding failed: %s", ope_strerror(rc));
		return NULL;
	}
	return g_byte_array_free_to_bytes(out);
}

/**
 * sori_audio_encode:
 * @samples: (array length=n_samples): 16-bit mono samples
 *
 * Returns: (transfer full) (nullable): the encoded audio
 */
GBytes *
sori_audio_encode(const gint16 *samples, gsize n_samples, guint sample_rate, SoriAudioFormat format,
		  GError **error)
{
	switch (format) {
	case SORI_AUDIO_FORMAT_MP3:
		return sori_audio_encode_mp3(samples, n_samples, sample_rate, error);
	case SORI_AUDIO_FORMAT_OPUS:
		return sori_audio_encode_opus(samples, n_samples, sample_rate, error);
	case SORI_AUDIO_FORMAT_WAV:
		return sori_audio_encode_wav(samples, n_samples, sample_rate);
	case SORI_AUDIO_FORMAT_LAST:
	default:
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_INVALID, "no such format");
		return NULL;
	}
}
