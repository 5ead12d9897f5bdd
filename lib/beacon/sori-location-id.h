/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Location IDs: the canonical text form of what a beacon broadcasts.
 *
 * Freestanding: no GLib, no malloc, so the beacon firmware links it too.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	SORI_LOCATION_ID_KIND_IBEACON,
	SORI_LOCATION_ID_KIND_EDDYSTONE_UID,
	SORI_LOCATION_ID_KIND_EID,       /* a registered EID beacon, by name */
	SORI_LOCATION_ID_KIND_EPHEMERAL, /* an ephemeral ID as heard: eid:<16 hex digits> */
} SoriLocationIdKind;

#define SORI_LOCATION_ID_EID_NAME_MAX 64
/* longest text form: "eid:" + a 64-character beacon name, plus NUL */
#define SORI_LOCATION_ID_TEXT_MAX 80

typedef struct {
	SoriLocationIdKind kind;
	union {
		struct {
			uint8_t uuid[16];
			uint16_t major;
			uint16_t minor;
		} ibeacon;
		struct {
			uint8_t namespace_id[10];
			uint8_t instance_id[6];
		} eddystone_uid;
		struct {
			/* a registered EID beacon, by the name it has in the private registry */
			char name[SORI_LOCATION_ID_EID_NAME_MAX + 1];
		} eid;
		struct {
			uint8_t eid[8];
		} ephemeral;
	} u;
} SoriLocationId;

/**
 * sori_location_id_parse:
 * @text: (not nullable): a location ID, e.g. `ibeacon:<uuid>:<major>:<minor>`
 * @len: the length of @text in bytes
 * @id: (out): the parsed ID
 * @reason: (out) (optional): a static, human-readable reason when parsing fails
 *
 * Hexadecimal digits are accepted in either case; sori_location_id_format() prints
 * lowercase, so two spellings of one ID compare equal once formatted.
 *
 * Returns: true if @text is a well-formed location ID
 */
bool sori_location_id_parse(const char *text, size_t len, SoriLocationId *id, const char **reason);

/**
 * sori_location_id_format:
 * @id: (not nullable): a location ID
 * @buf: (out): where the canonical text form is written, NUL-terminated
 * @buf_size: the size of @buf; %SORI_LOCATION_ID_TEXT_MAX is always enough
 *
 * Returns: the length written, not counting the NUL, or 0 if @buf is too small
 */
size_t sori_location_id_format(const SoriLocationId *id, char *buf, size_t buf_size);

/**
 * sori_location_id_is_valid_eid_name:
 * @name: a beacon name of @len bytes
 *
 * Beacon names are 1 to 64 characters from `a-z 0-9 - _ .`, starting with a letter
 * or digit, and not 16 hexadecimal digits: `eid:` followed by 16 hexadecimal
 * digits is an ephemeral ID as a phone hears it.
 */
bool sori_location_id_is_valid_eid_name(const char *name, size_t len);
