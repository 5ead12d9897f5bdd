/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sori-eid.h"

/* AES-128 comes from sori_aes128_encrypt(): nettle on Linux
 * (sori-aes-nettle.c), the ECB peripheral on the beacon firmware */
#define aes128_block sori_aes128_encrypt

/**
 * sori_eid_temporary_key:
 * @identity_key: the beacon's 128-bit identity key
 * @beacon_time: the beacon's 32-bit seconds counter; only its top 16 bits count
 * @temporary_key: (out): AES-128 of 11 zero bytes, 0xff, 2 zero bytes and the top
 *	16 bits of @beacon_time (big-endian), under @identity_key
 *
 * The temporary key changes every 65,536 seconds: callers cache it.
 */
void
sori_eid_temporary_key(const uint8_t identity_key[SORI_EID_KEY_SIZE], uint32_t beacon_time,
		       uint8_t temporary_key[SORI_EID_KEY_SIZE])
{
	uint8_t data[16] = { 0 };
	data[11] = 0xff;
	data[14] = (uint8_t) (beacon_time >> 24);
	data[15] = (uint8_t) (beacon_time >> 16);
	aes128_block(identity_key, data, temporary_key);
}

/**
 * sori_eid_from_temporary_key:
 * @exponent: the rotation period exponent K, 0 to 15: a new EID every 2^K seconds
 * @eid: (out): the first 8 bytes of AES-128 of 11 zero bytes, K and @beacon_time
 *	with its K low bits cleared (big-endian), under @temporary_key
 */
void
sori_eid_from_temporary_key(const uint8_t temporary_key[SORI_EID_KEY_SIZE], uint8_t exponent,
			    uint32_t beacon_time, uint8_t eid[SORI_EID_SIZE])
{
	uint8_t data[16] = { 0 };
	uint8_t out[16];
	uint32_t quantised = exponent >= 32 ? 0 : (beacon_time >> exponent) << exponent;

	data[11] = exponent;
	data[12] = (uint8_t) (quantised >> 24);
	data[13] = (uint8_t) (quantised >> 16);
	data[14] = (uint8_t) (quantised >> 8);
	data[15] = (uint8_t) quantised;
	aes128_block(temporary_key, data, out);
	for (int i = 0; i < SORI_EID_SIZE; i++)
		eid[i] = out[i];
}

/**
 * sori_eid_compute:
 * @identity_key: the beacon's identity key
 * @exponent: the rotation period exponent, 0 to 15
 * @beacon_time: the beacon's seconds counter
 * @eid: (out): the ephemeral ID the beacon broadcasts at @beacon_time
 */
void
sori_eid_compute(const uint8_t identity_key[SORI_EID_KEY_SIZE], uint8_t exponent,
		 uint32_t beacon_time, uint8_t eid[SORI_EID_SIZE])
{
	uint8_t temporary_key[SORI_EID_KEY_SIZE];
	sori_eid_temporary_key(identity_key, beacon_time, temporary_key);
	sori_eid_from_temporary_key(temporary_key, exponent, beacon_time, eid);
}
