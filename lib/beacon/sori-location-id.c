/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sori-location-id.h"

static int
sori_location_id_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
sori_location_id_has_prefix(const char *text, size_t len, const char *prefix, size_t *prefix_len)
{
	size_t i;
	for (i = 0; prefix[i] != '\0'; i++) {
		if (i >= len || text[i] != prefix[i])
			return false;
	}
	*prefix_len = i;
	return true;
}

/* exactly @n_bytes bytes written as 2 * @n_bytes hex digits */
static bool
sori_location_id_parse_hex_bytes(const char *text, size_t len, uint8_t *out, size_t n_bytes)
{
	if (len != n_bytes * 2)
		return false;
	for (size_t i = 0; i < n_bytes; i++) {
		int hi = sori_location_id_hex_value(text[2 * i]);
		int lo = sori_location_id_hex_value(text[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t) ((hi << 4) | lo);
	}
	return true;
}

/* a decimal 0–65535 without sign, leading zeros or spaces */
static bool
sori_location_id_parse_u16(const char *text, size_t len, uint16_t *out)
{
	uint32_t value = 0;
	if (len == 0 || len > 5)
		return false;
	if (len > 1 && text[0] == '0')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		value = value * 10 + (uint32_t) (text[i] - '0');
	}
	if (value > 0xffff)
		return false;
	*out = (uint16_t) value;
	return true;
}

static bool
sori_location_id_parse_uuid(const char *text, size_t len, uint8_t uuid[16])
{
	/* 8-4-4-4-12 */
	static const size_t groups[] = { 8, 4, 4, 4, 12 };
	size_t pos = 0;
	size_t n = 0;
	if (len != 36)
		return false;
	for (size_t g = 0; g < 5; g++) {
		if (g > 0) {
			if (text[pos] != '-')
				return false;
			pos++;
		}
		if (!sori_location_id_parse_hex_bytes(text + pos, groups[g], uuid + n,
						      groups[g] / 2))
			return false;
		pos += groups[g];
		n += groups[g] / 2;
	}
	return true;
}

static size_t
sori_location_id_find_char(const char *text, size_t len, char c)
{
	for (size_t i = 0; i < len; i++) {
		if (text[i] == c)
			return i;
	}
	return len;
}

static bool
sori_location_id_fail(const char **reason, const char *why)
{
	if (reason != NULL)
		*reason = why;
	return false;
}

static bool
sori_location_id_is_ephemeral_text(const char *text, size_t len)
{
	if (len != 16)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (sori_location_id_hex_value(text[i]) < 0)
			return false;
	}
	return true;
}

bool
sori_location_id_is_valid_eid_name(const char *name, size_t len)
{
	if (len == 0 || len > SORI_LOCATION_ID_EID_NAME_MAX
	    || sori_location_id_is_ephemeral_text(name, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.')))
			return false;
	}
	return true;
}

bool
sori_location_id_parse(const char *text, size_t len, SoriLocationId *id, const char **reason)
{
	size_t skip = 0;

	if (sori_location_id_has_prefix(text, len, "ibeacon:", &skip)) {
		const char *rest = text + skip;
		size_t rest_len = len - skip;
		size_t colon1 = sori_location_id_find_char(rest, rest_len, ':');
		size_t colon2;
		if (colon1 == rest_len)
			return sori_location_id_fail(reason,
						     "expected ibeacon:<uuid>:<major>:<minor>");
		colon2 = colon1 + 1
			 + sori_location_id_find_char(rest + colon1 + 1, rest_len - colon1 - 1,
						      ':');
		if (colon2 >= rest_len)
			return sori_location_id_fail(reason,
						     "expected ibeacon:<uuid>:<major>:<minor>");
		id->kind = SORI_LOCATION_ID_KIND_IBEACON;
		if (!sori_location_id_parse_uuid(rest, colon1, id->u.ibeacon.uuid))
			return sori_location_id_fail(
				reason, "the UUID must be 8-4-4-4-12 hexadecimal digits");
		if (!sori_location_id_parse_u16(rest + colon1 + 1, colon2 - colon1 - 1,
						&id->u.ibeacon.major))
			return sori_location_id_fail(
				reason, "major must be a decimal number from 0 to 65535");
		if (!sori_location_id_parse_u16(rest + colon2 + 1, rest_len - colon2 - 1,
						&id->u.ibeacon.minor))
			return sori_location_id_fail(
				reason, "minor must be a decimal number from 0 to 65535");
		return true;
	}
	if (sori_location_id_has_prefix(text, len, "eddystone-uid:", &skip)) {
		const char *rest = text + skip;
		size_t rest_len = len - skip;
		size_t colon = sori_location_id_find_char(rest, rest_len, ':');
		if (colon == rest_len)
			return sori_location_id_fail(
				reason, "expected eddystone-uid:<namespace>:<instance>");
		id->kind = SORI_LOCATION_ID_KIND_EDDYSTONE_UID;
		if (!sori_location_id_parse_hex_bytes(rest, colon, id->u.eddystone_uid.namespace_id,
						      10))
			return sori_location_id_fail(reason,
						     "the namespace must be 20 hexadecimal digits");
		if (!sori_location_id_parse_hex_bytes(rest + colon + 1, rest_len - colon - 1,
						      id->u.eddystone_uid.instance_id, 6))
			return sori_location_id_fail(reason,
						     "the instance must be 12 hexadecimal digits");
		return true;
	}
	if (sori_location_id_has_prefix(text, len, "eid:", &skip)) {
		if (sori_location_id_is_ephemeral_text(text + skip, len - skip)) {
			id->kind = SORI_LOCATION_ID_KIND_EPHEMERAL;
			sori_location_id_parse_hex_bytes(text + skip, 16, id->u.ephemeral.eid, 8);
			return true;
		}
		if (!sori_location_id_is_valid_eid_name(text + skip, len - skip))
			return sori_location_id_fail(
				reason,
				"an EID beacon name is 1 to 64 characters from a-z, 0-9, '-', '_' "
				"and '.', starting with a letter or digit");
		id->kind = SORI_LOCATION_ID_KIND_EID;
		for (size_t i = 0; i < len - skip; i++)
			id->u.eid.name[i] = text[skip + i];
		id->u.eid.name[len - skip] = '\0';
		return true;
	}
	return sori_location_id_fail(reason, "expected ibeacon:, eddystone-uid: or eid:");
}

/* a tiny bounded writer: no snprintf in freestanding code */
typedef struct {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
} Writer;

static void
sori_location_id_put_char(Writer *w, char c)
{
	if (w->len + 1 >= w->size) {
		w->overflow = true;
		return;
	}
	w->buf[w->len++] = c;
}

static void
sori_location_id_put_str(Writer *w, const char *s)
{
	for (; *s != '\0'; s++)
		sori_location_id_put_char(w, *s);
}

static void
sori_location_id_put_hex(Writer *w, const uint8_t *bytes, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		sori_location_id_put_char(w, digits[bytes[i] >> 4]);
		sori_location_id_put_char(w, digits[bytes[i] & 0xf]);
	}
}

static void
sori_location_id_put_u16(Writer *w, uint16_t value)
{
	char tmp[5];
	size_t n = 0;
	do {
		tmp[n++] = (char) ('0' + value % 10);
		value /= 10;
	} while (value > 0);
	while (n > 0)
		sori_location_id_put_char(w, tmp[--n]);
}

size_t
sori_location_id_format(const SoriLocationId *id, char *buf, size_t buf_size)
{
	Writer w = { buf, buf_size, 0, false };

	if (buf_size == 0)
		return 0;
	switch (id->kind) {
	case SORI_LOCATION_ID_KIND_IBEACON:
		sori_location_id_put_str(&w, "ibeacon:");
		sori_location_id_put_hex(&w, id->u.ibeacon.uuid, 4);
		sori_location_id_put_char(&w, '-');
		sori_location_id_put_hex(&w, id->u.ibeacon.uuid + 4, 2);
		sori_location_id_put_char(&w, '-');
		sori_location_id_put_hex(&w, id->u.ibeacon.uuid + 6, 2);
		sori_location_id_put_char(&w, '-');
		sori_location_id_put_hex(&w, id->u.ibeacon.uuid + 8, 2);
		sori_location_id_put_char(&w, '-');
		sori_location_id_put_hex(&w, id->u.ibeacon.uuid + 10, 6);
		sori_location_id_put_char(&w, ':');
		sori_location_id_put_u16(&w, id->u.ibeacon.major);
		sori_location_id_put_char(&w, ':');
		sori_location_id_put_u16(&w, id->u.ibeacon.minor);
		break;
	case SORI_LOCATION_ID_KIND_EDDYSTONE_UID:
		sori_location_id_put_str(&w, "eddystone-uid:");
		sori_location_id_put_hex(&w, id->u.eddystone_uid.namespace_id, 10);
		sori_location_id_put_char(&w, ':');
		sori_location_id_put_hex(&w, id->u.eddystone_uid.instance_id, 6);
		break;
	case SORI_LOCATION_ID_KIND_EID:
		sori_location_id_put_str(&w, "eid:");
		sori_location_id_put_str(&w, id->u.eid.name);
		break;
	case SORI_LOCATION_ID_KIND_EPHEMERAL:
		sori_location_id_put_str(&w, "eid:");
		sori_location_id_put_hex(&w, id->u.ephemeral.eid, 8);
		break;
	default:
		w.overflow = true;
		break;
	}
	if (w.overflow) {
		buf[0] = '\0';
		return 0;
	}
	buf[w.len] = '\0';
	return w.len;
}
