/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sori-fw-beacon.h"

/* ADV_NONCONN_IND, with TxAdd set: the address is random */
#define PDU_ADV_NONCONN_IND 0x02
#define PDU_TX_ADD_RANDOM   0x40

static bool
sori_fw_beacon_frame_is_sendable(const SoriFrame *frame)
{
	switch (frame->kind) {
	case SORI_FRAME_KIND_IBEACON:
	case SORI_FRAME_KIND_ALTBEACON:
	case SORI_FRAME_KIND_EDDYSTONE_UID:
	case SORI_FRAME_KIND_EDDYSTONE_URL:
	case SORI_FRAME_KIND_EDDYSTONE_EID:
		return true;
	case SORI_FRAME_KIND_EDDYSTONE_TLM:
	default:
		return false; /* TLM is interleaved by tlm_every, not a slot */
	}
}

/**
 * sori_fw_config_check:
 * @reason: (out): why @config cannot be used, static
 *
 * Returns: whether the firmware can advertise what @config says
 */
bool
sori_fw_config_check(const SoriFwConfig *config, const char **reason)
{
	uint8_t buf[SORI_ADV_DATA_MAX];

	if (config->magic != SORI_FW_CONFIG_MAGIC) {
		*reason = "the beacon has not been provisioned";
		return false;
	}
	if (config->n_frames == 0 || config->n_frames > SORI_FW_SLOTS_MAX) {
		*reason = "one to four frames must be configured";
		return false;
	}
	for (uint8_t i = 0; i < config->n_frames; i++) {
		if (!sori_fw_beacon_frame_is_sendable(&config->frames[i])) {
			*reason = "a slot holds a frame that cannot be sent on its own";
			return false;
		}
		if (config->frames[i].kind != SORI_FRAME_KIND_EDDYSTONE_EID
		    && sori_frame_build_advertisement(&config->frames[i], true, buf, sizeof(buf))
			       == 0) {
			*reason = "a frame does not fit in 31 bytes of advertising data";
			return false;
		}
	}
	if (config->exponent > 15) {
		*reason = "the EID rotation exponent must be 0 to 15";
		return false;
	}
	if (config->interval_ms < SORI_FW_INTERVAL_MIN
	    || config->interval_ms > SORI_FW_INTERVAL_MAX) {
		*reason = "the advertising interval must be 100 to 10240 ms";
		return false;
	}
	/* a random static address has its two top bits set, and is neither all
	 * ones nor all zeros in the rest */
	if ((config->address[5] & 0xc0) != 0xc0) {
		*reason = "the address must be a random static one (top two bits set)";
		return false;
	}
	*reason = NULL;
	return true;
}

void
sori_fw_beacon_init(SoriFwBeacon *self, const SoriFwConfig *config)
{
	*self = (SoriFwBeacon){ 0 };
	self->config = config;
	self->temperature = SORI_FRAME_TLM_NO_TEMPERATURE;
}

/**
 * sori_fw_beacon_time:
 * @ticks: RTC ticks since power-up
 *
 * Returns: the beacon's EID seconds counter
 */
uint32_t
sori_fw_beacon_time(const SoriFwBeacon *self, uint64_t ticks)
{
	return self->config->beacon_time_at_boot + (uint32_t) (ticks / SORI_FW_RTC_HZ);
}

/* the current EID; AES runs only when the period rolls over */
static void
sori_fw_beacon_update_eid(SoriFwBeacon *self, uint64_t ticks)
{
	const SoriFwConfig *config = self->config;
	uint32_t now = sori_fw_beacon_time(self, ticks);
	uint16_t epoch = (uint16_t) (now >> 16);
	uint32_t window = now >> config->exponent;

	if (!self->has_temporary_key || epoch != self->temporary_key_epoch) {
		sori_eid_temporary_key(config->identity_key, now, self->temporary_key);
		self->temporary_key_epoch = epoch;
		self->has_temporary_key = true;
		self->has_eid = false;
	}
	if (!self->has_eid || window != self->eid_window) {
		sori_eid_from_temporary_key(self->temporary_key, config->exponent, now, self->eid);
		self->eid_window = window;
		self->has_eid = true;
	}
}

/**
 * sori_fw_beacon_next_pdu:
 * @ticks: RTC ticks since power-up, now
 * @pdu: (out): the PDU to send on channels 37, 38 and 39, as the RADIO's
 *	packet buffer holds it (S0 header, length, payload)
 *
 * Advances to the next advertising event: the slots in turn, every
 * tlm_every-th event the TLM frame instead.
 *
 * Returns: the PDU's length in bytes, 0 if nothing can be sent
 */
size_t
sori_fw_beacon_next_pdu(SoriFwBeacon *self, uint64_t ticks, uint8_t pdu[SORI_FW_PDU_MAX])
{
	const SoriFwConfig *config = self->config;
	SoriFrame frame;
	size_t len;

	self->events++;
	if (config->tlm_every != 0 && self->events % config->tlm_every == 0) {
		frame = (SoriFrame){ 0 };
		frame.kind = SORI_FRAME_KIND_EDDYSTONE_TLM;
		frame.u.tlm.battery_mv = self->battery_mv;
		frame.u.tlm.temperature = self->temperature;
		frame.u.tlm.adv_count = self->adv_count;
		/* 0.1 s units, from 32768 Hz ticks */
		frame.u.tlm.uptime_deciseconds = (uint32_t) (ticks * 10 / SORI_FW_RTC_HZ);
	} else {
		frame = config->frames[self->slot];
		self->slot = (uint8_t) ((self->slot + 1) % config->n_frames);
		if (frame.kind == SORI_FRAME_KIND_EDDYSTONE_EID) {
			sori_fw_beacon_update_eid(self, ticks);
			for (int i = 0; i < SORI_EID_SIZE; i++)
				frame.u.eid.eid[i] = self->eid[i];
		}
	}
	len = sori_frame_build_advertisement(&frame, true, pdu + 8, SORI_ADV_DATA_MAX);
	if (len == 0)
		return 0;
	pdu[0] = PDU_ADV_NONCONN_IND | PDU_TX_ADD_RANDOM;
	pdu[1] = (uint8_t) (6 + len);
	for (int i = 0; i < 6; i++)
		pdu[2 + i] = config->address[i];
	self->adv_count += 3;
	return 8 + len;
}

/**
 * sori_fw_beacon_delay_ticks:
 * @random: a random byte, for advDelay
 *
 * Returns: RTC ticks until the next advertising event: the interval plus 0 to
 *	10 ms, so that two beacons never collide for long
 */
uint32_t
sori_fw_beacon_delay_ticks(const SoriFwBeacon *self, uint8_t random)
{
	uint32_t interval = (uint32_t) self->config->interval_ms * SORI_FW_RTC_HZ / 1000u;
	/* random / 256 of 10 ms */
	uint32_t delay
		= (uint32_t) random * SORI_FW_ADV_DELAY_MAX_MS * SORI_FW_RTC_HZ / (256u * 1000u);
	return interval + delay;
}

/**
 * sori_fw_crc32:
 *
 * Returns: the CRC-32 of IEEE 802.3 (as zlib computes it) of @data
 */
uint32_t
sori_fw_crc32(const uint8_t *data, size_t len)
{
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < len; i++) {
		crc ^= data[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static void
sori_fw_beacon_put_le(uint8_t *out, uint32_t value, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (uint8_t) (value >> (8 * i));
}

static uint32_t
sori_fw_beacon_get_le(const uint8_t *in, int n)
{
	uint32_t value = 0;
	for (int i = n - 1; i >= 0; i--)
		value = (value << 8) | in[i];
	return value;
}

/**
 * sori_fw_page_build:
 * @out: (out caller-allocates): the page; %SORI_FW_PAGE_MAX bytes are enough
 *
 * Returns: the page's length, or 0 if @config does not pass
 *	sori_fw_config_check() or @out is too small
 */
size_t
sori_fw_page_build(const SoriFwConfig *config, uint8_t *out, size_t out_size)
{
	const char *reason;
	size_t n = 40;

	if (!sori_fw_config_check(config, &reason) || out_size < SORI_FW_PAGE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		out[i] = 0;
	out[0] = 'S';
	out[1] = 'O';
	out[2] = 'R';
	out[3] = 'I';
	out[4] = SORI_FW_PAGE_VERSION;
	out[5] = config->n_frames;
	out[6] = config->exponent;
	out[7] = config->tlm_every;
	sori_fw_beacon_put_le(out + 8, config->interval_ms, 2);
	out[10] = (uint8_t) config->tx_power_dbm;
	for (int i = 0; i < 6; i++)
		out[12 + i] = config->address[i];
	sori_fw_beacon_put_le(out + 20, config->beacon_time_at_boot, 4);
	for (int i = 0; i < SORI_EID_KEY_SIZE; i++)
		out[24 + i] = config->identity_key[i];
	for (uint8_t f = 0; f < config->n_frames; f++) {
		size_t len = sori_frame_build_advertisement(&config->frames[f], false, out + n + 1,
							    SORI_ADV_DATA_MAX);
		if (len == 0)
			return 0;
		out[n] = (uint8_t) len;
		n += 1 + len;
	}
	sori_fw_beacon_put_le(out + n, sori_fw_crc32(out, n), 4);
	return n + 4;
}

/**
 * sori_fw_page_parse:
 * @page: the configuration page, as read from flash
 * @config: (out): what it says
 * @reason: (out): why it cannot be used, static
 */
SoriFwPageStatus
sori_fw_page_parse(const uint8_t *page, size_t len, SoriFwConfig *config, const char **reason)
{
	size_t n = 40;
	bool erased = len >= 4;

	for (size_t i = 0; i < len && i < 4; i++)
		erased = erased && page[i] == 0xff;
	if (erased) {
		*reason = "the beacon has not been provisioned";
		return SORI_FW_PAGE_ERASED;
	}
	if (len < 44 || page[0] != 'S' || page[1] != 'O' || page[2] != 'R' || page[3] != 'I') {
		*reason = "the configuration page is not sori's";
		return SORI_FW_PAGE_INVALID;
	}
	if (page[4] != SORI_FW_PAGE_VERSION) {
		*reason = "the configuration page is of another version";
		return SORI_FW_PAGE_INVALID;
	}
	if (page[5] == 0 || page[5] > SORI_FW_SLOTS_MAX) {
		*reason = "one to four frames must be configured";
		return SORI_FW_PAGE_INVALID;
	}
	*config = (SoriFwConfig){ 0 };
	config->magic = SORI_FW_CONFIG_MAGIC;
	config->n_frames = page[5];
	config->exponent = page[6];
	config->tlm_every = page[7];
	config->interval_ms = (uint16_t) sori_fw_beacon_get_le(page + 8, 2);
	config->tx_power_dbm = (int8_t) page[10];
	for (int i = 0; i < 6; i++)
		config->address[i] = page[12 + i];
	config->beacon_time_at_boot = sori_fw_beacon_get_le(page + 20, 4);
	for (int i = 0; i < SORI_EID_KEY_SIZE; i++)
		config->identity_key[i] = page[24 + i];
	for (uint8_t f = 0; f < config->n_frames; f++) {
		size_t flen;
		if (n + 1 > len || page[n] == 0 || page[n] > SORI_ADV_DATA_MAX
		    || n + 1 + page[n] + 4 > len) {
			*reason = "the configuration page is truncated";
			return SORI_FW_PAGE_INVALID;
		}
		flen = page[n];
		if (sori_frame_parse_advertisement(page + n + 1, flen, &config->frames[f], 1, NULL)
		    != 1) {
			*reason = "a frame in the configuration page is malformed";
			return SORI_FW_PAGE_INVALID;
		}
		n += 1 + flen;
	}
	if (sori_fw_beacon_get_le(page + n, 4) != sori_fw_crc32(page, n)) {
		*reason = "the configuration page is corrupt (CRC mismatch)";
		return SORI_FW_PAGE_INVALID;
	}
	return sori_fw_config_check(config, reason) ? SORI_FW_PAGE_OK : SORI_FW_PAGE_INVALID;
}
