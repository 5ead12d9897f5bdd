/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The beacon firmware's logic, free of hardware so that the host tests it:
 * what goes on the air at each advertising event, and when the next one is.
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sori-beacon-frame.h"
#include "sori-eid.h"

#define SORI_FW_SLOTS_MAX 4
/* the RTC runs from the 32.768 kHz crystal, unprescaled */
#define SORI_FW_RTC_HZ 32768u
/* an advertising channel PDU as the RADIO sends it: header, length, AdvA, AdvData */
#define SORI_FW_PDU_MAX (2 + 6 + SORI_ADV_DATA_MAX)
/* the Core spec's limits on the advertising interval of a non-connectable
 * legacy advertisement (Vol 6, Part B, 4.4.2.2.1), in milliseconds */
#define SORI_FW_INTERVAL_MIN 100u
#define SORI_FW_INTERVAL_MAX 10240u
/* advDelay: 0 to 10 ms of pseudo-random delay added to every interval */
#define SORI_FW_ADV_DELAY_MAX_MS 10u

/* what a beacon is provisioned with; lives in its own flash page */
typedef struct {
	uint32_t magic; /* SORI_FW_CONFIG_MAGIC */
	/* the frames sent in turn; an EDDYSTONE_EID slot is computed from the
	 * identity key below, its u.eid ignored */
	SoriFrame frames[SORI_FW_SLOTS_MAX];
	uint8_t n_frames;
	uint8_t identity_key[SORI_EID_KEY_SIZE];
	uint8_t exponent;             /* EID rotation: every 2^exponent seconds */
	uint32_t beacon_time_at_boot; /* the EID seconds counter at power-up */
	uint16_t interval_ms;
	uint8_t tlm_every; /* every Nth event sends TLM instead; 0: never */
	int8_t tx_power_dbm;
	uint8_t address[6]; /* random static address, least significant byte first */
} SoriFwConfig;

#define SORI_FW_CONFIG_MAGIC 0x49524f53u /* "SORI" */

typedef struct {
	const SoriFwConfig *config;
	uint32_t events;    /* advertising events since power-up */
	uint32_t adv_count; /* PDUs sent since power-up: three per event */
	uint8_t slot;
	bool has_temporary_key;
	uint16_t temporary_key_epoch; /* top 16 bits of the beacon time */
	uint8_t temporary_key[SORI_EID_KEY_SIZE];
	bool has_eid;
	uint32_t eid_window; /* beacon time >> exponent */
	uint8_t eid[SORI_EID_SIZE];
	uint16_t battery_mv; /* 0: not measured */
	int16_t temperature; /* signed 8.8 °C */
} SoriFwBeacon;

/* The configuration page as provisioning writes it at 0x7f000: an explicit
 * little-endian format, not the C struct (whose layout differs between the
 * host and the beacon: arm-none-eabi-gcc uses short enums).
 *   0 "SORI", 4 version (1), 5 frames, 6 exponent, 7 tlm_every,
 *   8 interval_ms (u16), 10 tx_power_dbm (s8), 11 0, 12 address (6), 18 0 0,
 *   20 beacon_time_at_boot (u32), 24 identity key (16),
 *   40 each frame as a length byte and its advertising data (no flags),
 *   then the CRC-32 (IEEE) of all that comes before it. */
#define SORI_FW_PAGE_VERSION 1
#define SORI_FW_PAGE_MAX     (40 + SORI_FW_SLOTS_MAX * (1 + SORI_ADV_DATA_MAX) + 4)

typedef enum {
	SORI_FW_PAGE_OK,
	SORI_FW_PAGE_ERASED, /* never provisioned: all 0xff */
	SORI_FW_PAGE_INVALID,
} SoriFwPageStatus;

size_t sori_fw_page_build(const SoriFwConfig *config, uint8_t *out, size_t out_size);
SoriFwPageStatus sori_fw_page_parse(const uint8_t *page, size_t len, SoriFwConfig *config,
				    const char **reason);
uint32_t sori_fw_crc32(const uint8_t *data, size_t len);
bool sori_fw_config_check(const SoriFwConfig *config, const char **reason);
void sori_fw_beacon_init(SoriFwBeacon *self, const SoriFwConfig *config);
size_t sori_fw_beacon_next_pdu(SoriFwBeacon *self, uint64_t ticks, uint8_t pdu[SORI_FW_PDU_MAX]);
uint32_t sori_fw_beacon_delay_ticks(const SoriFwBeacon *self, uint8_t random);
uint32_t sori_fw_beacon_time(const SoriFwBeacon *self, uint64_t ticks);
