/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A frame as a binary PGM, frames as a YUV4MPEG2 video (what Chromium's
 * fake camera reads).
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene-private.h"

#include <errno.h>
#include <string.h>

gboolean
sori_scene_frame_write_pgm(const SoriSceneFrame *self, const char *path, GError **error)
{
	g_autofree char *header = g_strdup_printf("P5\n%d %d\n255\n", self->width, self->height);
	gsize header_len = strlen(header);
	g_autofree guint8 *bytes = g_malloc(header_len + (gsize) self->width * self->height);
	g_autoptr(GError) local = NULL;

	memcpy(bytes, header, header_len);
	memcpy(bytes + header_len, self->pixels, (gsize) self->width * self->height);
	if (!g_file_set_contents(path, (const char *) bytes,
				 header_len + (gsize) self->width * self->height, &local)) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED, "writing %s: %s",
			    path, local->message);
		return FALSE;
	}
	return TRUE;
}

gboolean
sori_scene_y4m_write_header(FILE *out, int width, int height, int fps, GError **error)
{
	if (width % 2 != 0 || height % 2 != 0 || fps <= 0) {
		g_set_error(
			error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID,
			"a 4:2:0 video needs an even size and a positive rate, not %d × %d at %d",
			width, height, fps);
		return FALSE;
	}
	if (fprintf(out, "YUV4MPEG2 W%d H%d F%d:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED\n", width,
		    height, fps)
	    < 0) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED,
			    "writing the video: %s", g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

gboolean
sori_scene_y4m_write_frame(FILE *out, const SoriSceneFrame *frame, GError **error)
{
	gsize chroma = (gsize) (frame->width / 2) * (frame->height / 2);
	g_autofree guint8 *flat = g_malloc(chroma);
	g_autofree guint8 *luma = NULL;

	if (frame->width % 2 != 0 || frame->height % 2 != 0) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID,
			    "a 4:2:0 video needs an even size, not %d × %d", frame->width,
			    frame->height);
		return FALSE;
	}
	memset(flat, 128, chroma);
	/* video range, as players (Chromium's fake camera too) take YUV4MPEG2's
	 * luma: 16..235 for black..white, so that a page sees the frame's greys */
	luma = g_malloc((gsize) frame->width * frame->height);
	for (gsize i = 0; i < (gsize) frame->width * frame->height; i++)
		luma[i] = 16 + (frame->pixels[i] * 219 + 127) / 255;
	if (fputs("FRAME\n", out) < 0
	    || fwrite(luma, 1, (gsize) frame->width * frame->height, out)
		       != (gsize) frame->width * frame->height
	    || fwrite(flat, 1, chroma, out) != chroma || fwrite(flat, 1, chroma, out) != chroma) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED,
			    "writing the video: %s", g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}
