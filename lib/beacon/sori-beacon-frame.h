/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * BLE advertising data: AD structures and the beacon frames in them.
 *
 * Freestanding: no GLib, no malloc, so the beacon firmware links it too.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sori-location-id.h"

/* a legacy advertisement carries at most 31 bytes of data */
#define SORI_ADV_DATA_MAX 31
/* the longest URL an Eddystone-URL frame can expand to */
#define SORI_FRAME_URL_MAX 128
/* Eddystone-TLM's "temperature not supported" */
#define SORI_FRAME_TLM_NO_TEMPERATURE ((int16_t) -32768)

#define SORI_COMPANY_APPLE          0x004c
#define SORI_EDDYSTONE_SERVICE_UUID 0xfeaa

typedef enum {
	SORI_FRAME_KIND_IBEACON,
	SORI_FRAME_KIND_ALTBEACON,
	SORI_FRAME_KIND_EDDYSTONE_UID,
	SORI_FRAME_KIND_EDDYSTONE_URL,
	SORI_FRAME_KIND_EDDYSTONE_TLM,
	SORI_FRAME_KIND_EDDYSTONE_EID,
} SoriFrameKind;

typedef struct {
	SoriFrameKind kind;
	/* iBeacon and AltBeacon: the RSSI measured at 1 m; Eddystone UID, URL and
	 * EID: the transmit power at 0 m (41 dB above the 1 m figure). TLM has none. */
	int8_t tx_power;
	union {
		struct {
			uint8_t uuid[16];
			uint16_t major;
			uint16_t minor;
		} ibeacon;
		struct {
			uint16_t company;
			uint8_t id[20];
			uint8_t reserved;
		} altbeacon;
		struct {
			uint8_t namespace_id[10];
			uint8_t instance_id[6];
		} uid;
		struct {
			char url[SORI_FRAME_URL_MAX + 1];
		} url;
		struct {
			uint16_t battery_mv; /* 0: not supported */
			int16_t temperature; /* signed 8.8 °C, or SORI_FRAME_TLM_NO_TEMPERATURE */
			uint32_t adv_count;  /* advertisements sent since power-up */
			uint32_t uptime_deciseconds; /* time since power-up, in 0.1 s */
		} tlm;
		struct {
			uint8_t eid[8];
		} eid;
	} u;
} SoriFrame;

typedef struct {
	size_t offset;      /* where in the payload the problem is */
	const char *reason; /* static */
} SoriFrameError;

int sori_frame_parse_advertisement(const uint8_t *data, size_t len, SoriFrame *frames,
				   size_t max_frames, SoriFrameError *error);
size_t sori_frame_build_advertisement(const SoriFrame *frame, bool include_flags, uint8_t *out,
				      size_t out_size);
bool sori_frame_get_location_id(const SoriFrame *frame, SoriLocationId *id);
int sori_frame_measured_power(const SoriFrame *frame);
bool sori_frame_url_encode(const char *url, uint8_t *out, size_t *out_len);
