/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Eddystone-EID ephemeral identifiers, as the Eddystone EID specification
 * computes them. No GLib, no malloc; AES-128 comes from nettle.
 */
#pragma once

#include <stdint.h>

#define SORI_EID_KEY_SIZE     16
#define SORI_EID_SIZE         8
#define SORI_EID_EXPONENT_MAX 15

/* AES-128 of one block: provided by sori-aes-nettle.c, or by the firmware */
void sori_aes128_encrypt(const uint8_t key[SORI_EID_KEY_SIZE], const uint8_t in[16],
			 uint8_t out[16]);
void sori_eid_temporary_key(const uint8_t identity_key[SORI_EID_KEY_SIZE], uint32_t beacon_time,
			    uint8_t temporary_key[SORI_EID_KEY_SIZE]);
void sori_eid_from_temporary_key(const uint8_t temporary_key[SORI_EID_KEY_SIZE], uint8_t exponent,
				 uint32_t beacon_time, uint8_t eid[SORI_EID_SIZE]);
void sori_eid_compute(const uint8_t identity_key[SORI_EID_KEY_SIZE], uint8_t exponent,
		      uint32_t beacon_time, uint8_t eid[SORI_EID_SIZE]);
