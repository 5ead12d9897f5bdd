/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Advertising data as any phone or beacon nearby can send it.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sori-beacon-frame.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	SoriFrame frames[8];
	SoriFrameError error;
	int n = sori_frame_parse_advertisement(data, size, frames, 8, &error);

	if (n < 0) {
		/* a fault is always named inside the payload, with a reason */
		if (error.reason == NULL || error.offset > size)
			abort();
		return 0;
	}
	/* what was parsed builds again, and parses back to itself */
	for (int i = 0; i < n; i++) {
		uint8_t built[SORI_ADV_DATA_MAX];
		SoriFrame back[2];
		SoriLocationId id;
		char text[SORI_LOCATION_ID_TEXT_MAX];
		size_t len
			= sori_frame_build_advertisement(&frames[i], false, built, sizeof(built));
		if (sori_frame_get_location_id(&frames[i], &id)
		    && sori_location_id_format(&id, text, sizeof(text)) == 0)
			abort();
		if (len == 0)
			continue; /* an expanded URL may not encode back into one frame */
		if (sori_frame_parse_advertisement(built, len, back, 2, NULL) != 1)
			abort();
		if (back[0].kind != frames[i].kind)
			abort();
	}
	return 0;
}
