/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Layouts, from the public specifications:
 *  - AD structure: length (of type + data), type, data (Bluetooth Core, vol 3 part C §11)
 *  - iBeacon: manufacturer data, company 0x004c, 0x02 0x15, UUID, major, minor (big-endian),
 *    measured power
 *  - AltBeacon: manufacturer data, any company, 0xbe 0xac, 20-byte beacon id, reference RSSI,
 *    manufacturer reserved byte
 *  - Eddystone: service data for UUID 0xfeaa; frame type 0x00 UID, 0x10 URL, 0x20 TLM,
 *    0x30 EID; multi-byte values big-endian
 */

#include "sori-beacon-frame.h"

#define AD_TYPE_FLAGS             0x01
#define AD_TYPE_UUID16_COMPLETE   0x03
#define AD_TYPE_SERVICE_DATA16    0x16
#define AD_TYPE_MANUFACTURER_DATA 0xff

#define EDDYSTONE_UID 0x00
#define EDDYSTONE_URL 0x10
#define EDDYSTONE_TLM 0x20
#define EDDYSTONE_EID 0x30

static const char *const url_schemes[] = { "http://www.", "https://www.", "http://", "https://" };
static const char *const url_expansions[] = {
	".com/", ".org/", ".edu/", ".net/", ".info/", ".biz/", ".gov/",
	".com",  ".org",  ".edu",  ".net",  ".info",  ".biz",  ".gov",
};
#define N_SCHEMES    (sizeof(url_schemes) / sizeof(url_schemes[0]))
#define N_EXPANSIONS (sizeof(url_expansions) / sizeof(url_expansions[0]))

static uint16_t
sori_frame_read_be16(const uint8_t *p)
{
	return (uint16_t) ((p[0] << 8) | p[1]);
}

static uint32_t
sori_frame_read_be32(const uint8_t *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static void
sori_frame_write_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t) (v >> 8);
	p[1] = (uint8_t) v;
}

static void
sori_frame_write_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
}

static void
sori_frame_copy_bytes(uint8_t *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
}

static size_t
sori_frame_string_length(const char *s)
{
	size_t n = 0;
	while (s[n] != '\0')
		n++;
	return n;
}

static int
sori_frame_fail(SoriFrameError *error, size_t offset, const char *reason)
{
	if (error != NULL) {
		error->offset = offset;
		error->reason = reason;
	}
	return -1;
}

/* @data: the frame after the 0xfeaa UUID; @base: its offset in the payload */
static int
sori_frame_parse_eddystone(const uint8_t *data, size_t len, size_t base, SoriFrame *frame,
			   SoriFrameError *error)
{
	if (len < 1)
		return sori_frame_fail(error, base, "Eddystone service data without a frame type");
	switch (data[0]) {
	case EDDYSTONE_UID:
		/* the two reserved bytes at the end are often left out */
		if (len != 18 && len != 20)
			return sori_frame_fail(error, base,
					       "an Eddystone-UID frame is 18 or 20 bytes long");
		frame->kind = SORI_FRAME_KIND_EDDYSTONE_UID;
		frame->tx_power = (int8_t) data[1];
		sori_frame_copy_bytes(frame->u.uid.namespace_id, data + 2, 10);
		sori_frame_copy_bytes(frame->u.uid.instance_id, data + 12, 6);
		return 1;
	case EDDYSTONE_URL: {
		size_t pos = 0;
		const char *scheme;
		if (len < 3)
			return sori_frame_fail(error, base,
					       "an Eddystone-URL frame needs a scheme and a URL");
		if (len > 20)
			return sori_frame_fail(error, base,
					       "an Eddystone-URL frame is at most 20 bytes long");
		if (data[2] >= N_SCHEMES)
			return sori_frame_fail(error, base + 2,
					       "unknown Eddystone-URL scheme prefix");
		frame->kind = SORI_FRAME_KIND_EDDYSTONE_URL;
		frame->tx_power = (int8_t) data[1];
		for (scheme = url_schemes[data[2]]; *scheme != '\0'; scheme++)
			frame->u.url.url[pos++] = *scheme;
		for (size_t i = 3; i < len; i++) {
			uint8_t c = data[i];
			if (c < N_EXPANSIONS) {
				for (const char *e = url_expansions[c]; *e != '\0'; e++)
					frame->u.url.url[pos++] = *e;
			} else if (c > 0x20 && c < 0x7f) {
				frame->u.url.url[pos++] = (char) c;
			} else {
				return sori_frame_fail(error, base + i,
						       "reserved byte in an Eddystone-URL frame");
			}
		}
		/* 12 (scheme) + 17 × 6 (expansions) < SORI_FRAME_URL_MAX */
		frame->u.url.url[pos] = '\0';
		return 1;
	}
	case EDDYSTONE_TLM:
		if (len != 14)
			return sori_frame_fail(error, base,
					       "an Eddystone-TLM frame is 14 bytes long");
		if (data[1] != 0x00)
			return sori_frame_fail(
				error, base + 1,
				"only plain (version 0) Eddystone-TLM frames are understood");
		frame->kind = SORI_FRAME_KIND_EDDYSTONE_TLM;
		frame->tx_power = 0;
		frame->u.tlm.battery_mv = sori_frame_read_be16(data + 2);
		frame->u.tlm.temperature = (int16_t) sori_frame_read_be16(data + 4);
		frame->u.tlm.adv_count = sori_frame_read_be32(data + 6);
		frame->u.tlm.uptime_deciseconds = sori_frame_read_be32(data + 10);
		return 1;
	case EDDYSTONE_EID:
		if (len != 10)
			return sori_frame_fail(error, base,
					       "an Eddystone-EID frame is 10 bytes long");
		frame->kind = SORI_FRAME_KIND_EDDYSTONE_EID;
		frame->tx_power = (int8_t) data[1];
		sori_frame_copy_bytes(frame->u.eid.eid, data + 2, 8);
		return 1;
	default:
		/* an Eddystone frame type this version does not know: not an error */
		return 0;
	}
}

/* @data: manufacturer data after the AD type; 0 when it is no beacon frame */
static int
sori_frame_parse_manufacturer(const uint8_t *data, size_t len, size_t base, SoriFrame *frame,
			      SoriFrameError *error)
{
	uint16_t company;
	if (len < 4)
		return 0;
	company = (uint16_t) (data[0] | (data[1] << 8));
	if (company == SORI_COMPANY_APPLE && data[2] == 0x02) {
		if (data[3] != 0x15 || len != 25)
			return sori_frame_fail(error, base,
					       "an iBeacon frame is 25 bytes long (0x02 0x15 …)");
		frame->kind = SORI_FRAME_KIND_IBEACON;
		sori_frame_copy_bytes(frame->u.ibeacon.uuid, data + 4, 16);
		frame->u.ibeacon.major = sori_frame_read_be16(data + 20);
		frame->u.ibeacon.minor = sori_frame_read_be16(data + 22);
		frame->tx_power = (int8_t) data[24];
		return 1;
	}
	if (data[2] == 0xbe && data[3] == 0xac) {
		if (len != 26)
			return sori_frame_fail(error, base, "an AltBeacon frame is 26 bytes long");
		frame->kind = SORI_FRAME_KIND_ALTBEACON;
		frame->u.altbeacon.company = company;
		sori_frame_copy_bytes(frame->u.altbeacon.id, data + 4, 20);
		frame->tx_power = (int8_t) data[24];
		frame->u.altbeacon.reserved = data[25];
		return 1;
	}
	return 0;
}

/**
 * sori_frame_parse_advertisement:
 * @data: the advertising data (or scan response) as received
 * @len: its length, at most %SORI_ADV_DATA_MAX for a legacy advertisement (longer
 *	extended advertisements are accepted up to 255 bytes)
 * @frames: (out caller-allocates): where the beacon frames found are written
 * @max_frames: the room in @frames
 * @error: (out) (optional): the offset and reason of a malformed payload
 *
 * AD structures that are not beacon frames (flags, service lists, names…)
 * are walked over; every length is checked against what remains.
 *
 * Returns: the number of frames found (0 or more), or -1 with @error set
 */
int
sori_frame_parse_advertisement(const uint8_t *data, size_t len, SoriFrame *frames,
			       size_t max_frames, SoriFrameError *error)
{
	size_t pos = 0;
	int n = 0;

	if (len > 255)
		return sori_frame_fail(error, 255, "advertising data is at most 255 bytes long");
	while (pos < len) {
		size_t ad_len = data[pos];
		const uint8_t *value;
		size_t value_len;
		int found = 0;
		/* zeroed: no stale stack bytes in the parts of the union a kind leaves unused */
		SoriFrame frame = { 0 };

		if (ad_len == 0) {
			/* the rest is padding, and padding is zeros */
			for (size_t i = pos; i < len; i++) {
				if (data[i] != 0)
					return sori_frame_fail(
						error, i, "data after a zero-length AD structure");
			}
			break;
		}
		if (ad_len > len - pos - 1)
			return sori_frame_fail(error, pos,
					       "an AD structure is longer than the data left");
		value = data + pos + 2;
		value_len = ad_len - 1;
		switch (data[pos + 1]) {
		case AD_TYPE_MANUFACTURER_DATA:
			found = sori_frame_parse_manufacturer(value, value_len, pos + 2, &frame,
							      error);
			break;
		case AD_TYPE_SERVICE_DATA16:
			if (value_len >= 2
			    && (value[0] | (value[1] << 8)) == SORI_EDDYSTONE_SERVICE_UUID)
				found = sori_frame_parse_eddystone(value + 2, value_len - 2,
								   pos + 4, &frame, error);
			break;
		default:
			break;
		}
		if (found < 0)
			return -1;
		if (found > 0) {
			if ((size_t) n >= max_frames)
				return sori_frame_fail(error, pos,
						       "more beacon frames than room for them");
			frames[n++] = frame;
		}
		pos += ad_len + 1;
	}
	return n;
}

/**
 * sori_frame_url_encode:
 * @url: a URL starting with http:// or https://
 * @out: (out caller-allocates): at least 18 bytes: the scheme prefix and the encoded URL
 * @out_len: (out): bytes written
 *
 * Returns: false when @url cannot be written in an Eddystone-URL frame
 */
bool
sori_frame_url_encode(const char *url, uint8_t *out, size_t *out_len)
{
	size_t pos = 0;
	size_t n = 1;
	int scheme = -1;

	/* the longest matching scheme prefix */
	for (size_t s = 0; s < N_SCHEMES; s++) {
		size_t l = sori_frame_string_length(url_schemes[s]);
		size_t i = 0;
		while (i < l && url[i] == url_schemes[s][i])
			i++;
		if (i == l && (scheme < 0 || l > sori_frame_string_length(url_schemes[scheme])))
			scheme = (int) s;
	}
	if (scheme < 0)
		return false;
	out[0] = (uint8_t) scheme;
	pos = sori_frame_string_length(url_schemes[scheme]);
	while (url[pos] != '\0') {
		int best = -1;
		size_t best_len = 0;
		for (size_t e = 0; e < N_EXPANSIONS; e++) {
			size_t l = sori_frame_string_length(url_expansions[e]);
			size_t i = 0;
			while (i < l && url[pos + i] == url_expansions[e][i])
				i++;
			if (i == l && l > best_len) {
				best = (int) e;
				best_len = l;
			}
		}
		if (n >= 18)
			return false;
		if (best >= 0) {
			out[n++] = (uint8_t) best;
			pos += best_len;
		} else if ((uint8_t) url[pos] > 0x20 && (uint8_t) url[pos] < 0x7f) {
			out[n++] = (uint8_t) url[pos++];
		} else {
			return false;
		}
	}
	*out_len = n;
	return true;
}

/**
 * sori_frame_build_advertisement:
 * @frame: the frame to send
 * @include_flags: start with the Flags AD structure (LE General Discoverable,
 *	BR/EDR not supported); BlueZ's "broadcast" advertisements carry none
 * @out: (out caller-allocates): the advertising data
 * @out_size: room in @out; %SORI_ADV_DATA_MAX is enough
 *
 * Returns: the length of the advertising data, or 0 if it does not fit or @frame is invalid
 */
size_t
sori_frame_build_advertisement(const SoriFrame *frame, bool include_flags, uint8_t *out,
			       size_t out_size)
{
	uint8_t buf[SORI_ADV_DATA_MAX + 8];
	size_t n = 0;
	size_t start;

	if (include_flags) {
		buf[n++] = 2;
		buf[n++] = AD_TYPE_FLAGS;
		buf[n++] = 0x06;
	}
	switch (frame->kind) {
	case SORI_FRAME_KIND_IBEACON:
		buf[n++] = 26;
		buf[n++] = AD_TYPE_MANUFACTURER_DATA;
		buf[n++] = SORI_COMPANY_APPLE & 0xff;
		buf[n++] = SORI_COMPANY_APPLE >> 8;
		buf[n++] = 0x02;
		buf[n++] = 0x15;
		sori_frame_copy_bytes(buf + n, frame->u.ibeacon.uuid, 16);
		n += 16;
		sori_frame_write_be16(buf + n, frame->u.ibeacon.major);
		sori_frame_write_be16(buf + n + 2, frame->u.ibeacon.minor);
		n += 4;
		buf[n++] = (uint8_t) frame->tx_power;
		break;
	case SORI_FRAME_KIND_ALTBEACON:
		buf[n++] = 27;
		buf[n++] = AD_TYPE_MANUFACTURER_DATA;
		buf[n++] = frame->u.altbeacon.company & 0xff;
		buf[n++] = frame->u.altbeacon.company >> 8;
		buf[n++] = 0xbe;
		buf[n++] = 0xac;
		sori_frame_copy_bytes(buf + n, frame->u.altbeacon.id, 20);
		n += 20;
		buf[n++] = (uint8_t) frame->tx_power;
		buf[n++] = frame->u.altbeacon.reserved;
		break;
	case SORI_FRAME_KIND_EDDYSTONE_UID:
	case SORI_FRAME_KIND_EDDYSTONE_URL:
	case SORI_FRAME_KIND_EDDYSTONE_TLM:
	case SORI_FRAME_KIND_EDDYSTONE_EID:
		buf[n++] = 3;
		buf[n++] = AD_TYPE_UUID16_COMPLETE;
		buf[n++] = SORI_EDDYSTONE_SERVICE_UUID & 0xff;
		buf[n++] = SORI_EDDYSTONE_SERVICE_UUID >> 8;
		start = n;
		buf[n++] = 0; /* length, below */
		buf[n++] = AD_TYPE_SERVICE_DATA16;
		buf[n++] = SORI_EDDYSTONE_SERVICE_UUID & 0xff;
		buf[n++] = SORI_EDDYSTONE_SERVICE_UUID >> 8;
		if (frame->kind == SORI_FRAME_KIND_EDDYSTONE_UID) {
			buf[n++] = EDDYSTONE_UID;
			buf[n++] = (uint8_t) frame->tx_power;
			sori_frame_copy_bytes(buf + n, frame->u.uid.namespace_id, 10);
			sori_frame_copy_bytes(buf + n + 10, frame->u.uid.instance_id, 6);
			n += 16;
			buf[n++] = 0;
			buf[n++] = 0;
		} else if (frame->kind == SORI_FRAME_KIND_EDDYSTONE_URL) {
			size_t url_len = 0;
			buf[n++] = EDDYSTONE_URL;
			buf[n++] = (uint8_t) frame->tx_power;
			if (!sori_frame_url_encode(frame->u.url.url, buf + n, &url_len))
				return 0;
			n += url_len;
		} else if (frame->kind == SORI_FRAME_KIND_EDDYSTONE_TLM) {
			buf[n++] = EDDYSTONE_TLM;
			buf[n++] = 0x00;
			sori_frame_write_be16(buf + n, frame->u.tlm.battery_mv);
			sori_frame_write_be16(buf + n + 2, (uint16_t) frame->u.tlm.temperature);
			sori_frame_write_be32(buf + n + 4, frame->u.tlm.adv_count);
			sori_frame_write_be32(buf + n + 8, frame->u.tlm.uptime_deciseconds);
			n += 12;
		} else {
			buf[n++] = EDDYSTONE_EID;
			buf[n++] = (uint8_t) frame->tx_power;
			sori_frame_copy_bytes(buf + n, frame->u.eid.eid, 8);
			n += 8;
		}
		buf[start] = (uint8_t) (n - start - 1);
		break;
	default:
		return 0;
	}
	if (n > SORI_ADV_DATA_MAX || n > out_size)
		return 0;
	sori_frame_copy_bytes(out, buf, n);
	return n;
}

/**
 * sori_frame_get_location_id:
 * @frame: a frame
 * @id: (out): the location ID it carries
 *
 * Returns: false for frames that carry no location (URL, TLM, AltBeacon)
 */
bool
sori_frame_get_location_id(const SoriFrame *frame, SoriLocationId *id)
{
	switch (frame->kind) {
	case SORI_FRAME_KIND_IBEACON:
		id->kind = SORI_LOCATION_ID_KIND_IBEACON;
		sori_frame_copy_bytes(id->u.ibeacon.uuid, frame->u.ibeacon.uuid, 16);
		id->u.ibeacon.major = frame->u.ibeacon.major;
		id->u.ibeacon.minor = frame->u.ibeacon.minor;
		return true;
	case SORI_FRAME_KIND_EDDYSTONE_UID:
		id->kind = SORI_LOCATION_ID_KIND_EDDYSTONE_UID;
		sori_frame_copy_bytes(id->u.eddystone_uid.namespace_id, frame->u.uid.namespace_id,
				      10);
		sori_frame_copy_bytes(id->u.eddystone_uid.instance_id, frame->u.uid.instance_id, 6);
		return true;
	case SORI_FRAME_KIND_EDDYSTONE_EID:
		id->kind = SORI_LOCATION_ID_KIND_EPHEMERAL;
		sori_frame_copy_bytes(id->u.ephemeral.eid, frame->u.eid.eid, 8);
		return true;
	case SORI_FRAME_KIND_ALTBEACON:
	case SORI_FRAME_KIND_EDDYSTONE_URL:
	case SORI_FRAME_KIND_EDDYSTONE_TLM:
	default:
		return false;
	}
}

/**
 * sori_frame_measured_power:
 *
 * Returns: the RSSI to expect at 1 m, in dBm, or 0 for a frame that says nothing of it
 */
int
sori_frame_measured_power(const SoriFrame *frame)
{
	switch (frame->kind) {
	case SORI_FRAME_KIND_IBEACON:
	case SORI_FRAME_KIND_ALTBEACON:
		return frame->tx_power;
	case SORI_FRAME_KIND_EDDYSTONE_UID:
	case SORI_FRAME_KIND_EDDYSTONE_URL:
	case SORI_FRAME_KIND_EDDYSTONE_EID:
		/* Eddystone states the power at 0 m; free-space loss to 1 m is 41 dB */
		return frame->tx_power - 41;
	case SORI_FRAME_KIND_EDDYSTONE_TLM:
	default:
		return 0;
	}
}
