/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * PGM images, as anyone can hand sorictl marker detect: its own parser
 * (daemon/ctl/sorictl-image.c). What it accepts is a frame the detector takes.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "sori-marker.h"
#include "sorictl-image.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	gint width = -1, height = -1;
	g_autofree guint8 *grey = sorictl_image_parse_pgm(data, size, &width, &height, &error);

	if (grey == NULL) {
		/* refused, saying why, nothing set */
		if (error == NULL || error->message[0] == '\0' || width != -1 || height != -1)
			abort();
		return 0;
	}
	if (error != NULL || width < SORI_MARKER_FRAME_MIN || height < SORI_MARKER_FRAME_MIN
	    || width > SORI_MARKER_FRAME_MAX || height > SORI_MARKER_FRAME_MAX
	    || (gint64) width * height > SORICTL_IMAGE_PIXELS_MAX
	    || sori_marker_workspace_size(width, height) == 0)
		abort();
	/* every byte of the frame is there to read (the sanitizers watch) */
	{
		guint sum = 0;
		for (gsize i = 0; i < (gsize) width * height; i++)
			sum += grey[i];
		(void) sum;
	}
	return 0;
}
