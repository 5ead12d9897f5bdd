/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sori-beacon-emitter.h"
#include "sori-fw-beacon.h"

G_BEGIN_DECLS

/* where the nRF52832 firmware reads its configuration page */
#define SORI_FW_PAGE_ADDRESS 0x0007f000u

gboolean sori_beacon_firmware_config(const SoriBeaconSlot *slots, guint n_slots,
				     const gchar *address, guint interval_ms, gint64 now,
				     SoriFwConfig *config, GError **error);
gchar *sori_beacon_intel_hex(const guint8 *data, gsize len, guint32 address);

G_END_DECLS
