/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * AES-128 for the EID code on Linux. The beacon firmware has its own, on the
 * nRF52's AES-ECB peripheral.
 */

#include <nettle/aes.h>

#include "sori-eid.h"

void
sori_aes128_encrypt(const uint8_t key[SORI_EID_KEY_SIZE], const uint8_t in[16], uint8_t out[16])
{
	struct aes128_ctx ctx;
	aes128_set_encrypt_key(&ctx, key);
	aes128_encrypt(&ctx, 16, out, in);
}
