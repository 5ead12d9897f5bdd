/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sori's nRF52832 beacon: non-connectable advertisements on channels 37, 38
 * and 39 at the configured interval, the frames in turn, Eddystone-EID rotated
 * on the RTC's clock, Eddystone-TLM with the supply voltage, die temperature
 * and counters. Between events the CPU sleeps and only the 32.768 kHz crystal
 * and RTC1 run. No vendor SDK: the registers are in nrf52.h.
 */

#include "nrf52.h"
#include "sori-fw-beacon.h"

/* The configuration page at 0x7f000, outside the firmware image so that
 * flashing new firmware keeps it: `sori-beacon --config FILE --firmware-page
 * OUT.hex` makes one. A beacon never provisioned (the page erased) sends the
 * sample venue's iBeacon 1:101 and an Eddystone-UID; no identity key is ever
 * compiled in. */
extern const uint8_t __sori_config_page[];
#define CONFIG_PAGE_SIZE 4096u

static SoriFwConfig config;

static const SoriFwConfig sample_config = {
	.magic = SORI_FW_CONFIG_MAGIC,
	.frames = {
		{ .kind = SORI_FRAME_KIND_IBEACON,
		  .tx_power = -59,
		  .u.ibeacon = { .uuid = { 0x5a, 0x4b, 0xcf, 0xce, 0x17, 0x4e, 0x4b, 0xac, 0xa8,
					   0x14, 0x09, 0x2e, 0x77, 0xf6, 0xb7, 0xe5 },
				 .major = 1,
				 .minor = 101 } },
		{ .kind = SORI_FRAME_KIND_EDDYSTONE_UID,
		  .tx_power = -18,
		  .u.uid = { .namespace_id = { 0xf1, 0xe2, 0xd3, 0xc4, 0xb5, 0xa6, 0x97, 0x88, 0x77,
					       0x66 },
			     .instance_id = { 0, 0, 0, 0, 0, 1 } } },
	},
	.n_frames = 2,
	.exponent = 10,
	.interval_ms = 350,
	.tlm_every = 10,
	.tx_power_dbm = 0,
	.address = { 0x01, 0x01, 0x53, 0x4f, 0x52, 0xc9 },
};

/* EasyDMA reads and writes RAM only */
static uint8_t pdu[SORI_FW_PDU_MAX] __attribute__((aligned(4)));
static struct {
	uint8_t key[16];
	uint8_t cleartext[16];
	uint8_t ciphertext[16];
} ecb __attribute__((aligned(4)));
static volatile int16_t saadc_sample;

static uint64_t ticks;
static uint32_t last_counter;

/* AES-128 for sori-eid.c, on the ECB peripheral */
void
sori_aes128_encrypt(const uint8_t key[SORI_EID_KEY_SIZE], const uint8_t in[16], uint8_t out[16])
{
	for (int i = 0; i < 16; i++) {
		ecb.key[i] = key[i];
		ecb.cleartext[i] = in[i];
	}
	ECB_ECBDATAPTR = (uint32_t) &ecb;
	ECB_EVENTS_ENDECB = 0;
	ECB_EVENTS_ERRORECB = 0;
	ECB_TASKS_STARTECB = 1;
	while (ECB_EVENTS_ENDECB == 0 && ECB_EVENTS_ERRORECB == 0)
		;
	for (int i = 0; i < 16; i++)
		out[i] = ecb.ciphertext[i];
}

/* RTC1 is 24 bits wide and wraps every 512 s; the events come far more often */
static uint64_t
sori_fw_now_ticks(void)
{
	uint32_t counter = RTC1_COUNTER;
	ticks += (counter - last_counter) & RTC_COUNTER_MASK;
	last_counter = counter;
	return ticks;
}

static void
sori_fw_clocks_init(void)
{
	CLOCK_LFCLKSRC = CLOCK_LFCLKSRC_XTAL;
	CLOCK_EVENTS_LFCLKSTARTED = 0;
	CLOCK_TASKS_LFCLKSTART = 1;
	while (CLOCK_EVENTS_LFCLKSTARTED == 0)
		;
	RTC1_PRESCALER = 0;
	RTC1_INTENSET = 1u << 16; /* COMPARE0, to wake the CPU; no handler runs */
	RTC1_TASKS_START = 1;
	SCB_SCR |= SCB_SCR_SEVONPEND;
}

static void
sori_fw_radio_init(void)
{
	RADIO_MODE = RADIO_MODE_BLE_1MBIT;
	RADIO_MODECNF0 = 1; /* fast ramp-up */
	RADIO_TXPOWER = (uint32_t) (int32_t) config.tx_power_dbm;
	/* S0: 1 byte (the PDU header), LENGTH: 8 bits, no S1 */
	RADIO_PCNF0 = (8u << 0) | (1u << 8);
	/* MAXLEN 37, STATLEN 0, BALEN 3, little-endian, whitening on */
	RADIO_PCNF1 = 37u | (0u << 8) | (3u << 16) | (0u << 24) | (1u << 25);
	/* the advertising access address 0x8E89BED6 */
	RADIO_BASE0 = 0x89bed600u;
	RADIO_PREFIX0 = 0x8eu;
	RADIO_TXADDRESS = 0;
	/* CRC-24 over the PDU only, polynomial x^24 + x^10 + x^9 + x^6 + x^4 + x^3 + x + 1 */
	RADIO_CRCCNF = 3u | (1u << 8);
	RADIO_CRCPOLY = 0x00065bu;
	RADIO_CRCINIT = 0x555555u;
	RADIO_SHORTS = RADIO_SHORTS_READY_START | RADIO_SHORTS_END_DISABLE;
	RADIO_PACKETPTR = (uint32_t) pdu;
}

static void
sori_fw_send_on_advertising_channels(void)
{
	/* channel index, and its frequency as MHz above 2400 */
	static const uint8_t channels[3][2] = { { 37, 2 }, { 38, 26 }, { 39, 80 } };

	CLOCK_EVENTS_HFCLKSTARTED = 0;
	CLOCK_TASKS_HFCLKSTART = 1;
	while (CLOCK_EVENTS_HFCLKSTARTED == 0)
		;
	for (int i = 0; i < 3; i++) {
		RADIO_FREQUENCY = channels[i][1];
		RADIO_DATAWHITEIV = channels[i][0];
		RADIO_EVENTS_DISABLED = 0;
		RADIO_TASKS_TXEN = 1;
		while (RADIO_EVENTS_DISABLED == 0)
			;
	}
	CLOCK_TASKS_HFCLKSTOP = 1;
}

static uint8_t
sori_fw_random_byte(void)
{
	uint8_t value;
	RNG_EVENTS_VALRDY = 0;
	RNG_TASKS_START = 1;
	while (RNG_EVENTS_VALRDY == 0)
		;
	value = (uint8_t) RNG_VALUE;
	RNG_TASKS_STOP = 1;
	return value;
}

/* the die temperature, as TLM's signed 8.8 °C */
static int16_t
sori_fw_read_temperature(void)
{
	TEMP_EVENTS_DATARDY = 0;
	TEMP_TASKS_START = 1;
	while (TEMP_EVENTS_DATARDY == 0)
		;
	return (int16_t) ((int32_t) TEMP_TEMP * 64); /* 0.25 °C steps → 1/256 °C */
}

/* the supply voltage in mV: VDD through gain 1/6 against the 0.6 V reference */
static uint16_t
sori_fw_read_battery_mv(void)
{
	int32_t sample;

	SAADC_RESOLUTION = 2; /* 12 bits */
	SAADC_CH0_PSELP = SAADC_PSEL_VDD;
	SAADC_CH0_PSELN = 0;
	SAADC_CH0_CONFIG = (0u << 8) | (0u << 12) | (2u << 16); /* gain 1/6, internal ref, 10 µs */
	SAADC_RESULT_PTR = (uint32_t) &saadc_sample;
	SAADC_RESULT_MAXCNT = 1;
	SAADC_ENABLE = 1;
	SAADC_EVENTS_STARTED = 0;
	SAADC_TASKS_START = 1;
	while (SAADC_EVENTS_STARTED == 0)
		;
	SAADC_EVENTS_END = 0;
	SAADC_TASKS_SAMPLE = 1;
	while (SAADC_EVENTS_END == 0)
		;
	SAADC_EVENTS_STOPPED = 0;
	SAADC_TASKS_STOP = 1;
	while (SAADC_EVENTS_STOPPED == 0)
		;
	SAADC_ENABLE = 0;
	sample = saadc_sample < 0 ? 0 : saadc_sample;
	return (uint16_t) (sample * 3600 / 4096);
}

static void
sori_fw_sleep_until(uint32_t counter)
{
	RTC1_CC0 = counter & RTC_COUNTER_MASK;
	RTC1_EVENTS_COMPARE0 = 0;
	while (RTC1_EVENTS_COMPARE0 == 0)
		__asm__ volatile("wfe");
	RTC1_EVENTS_COMPARE0 = 0;
	NVIC_ICPR0 = 1u << RTC1_IRQN;
}

int
main(void)
{
	SoriFwBeacon beacon;
	const char *reason;
	uint64_t measured = 0;

	sori_fw_clocks_init();
	switch (sori_fw_page_parse(__sori_config_page, CONFIG_PAGE_SIZE, &config, &reason)) {
	case SORI_FW_PAGE_OK:
		break;
	case SORI_FW_PAGE_ERASED:
		config = sample_config;
		break;
	case SORI_FW_PAGE_INVALID:
	default:
		/* a corrupt page: stay off the air rather than send nonsense */
		for (;;)
			__asm__ volatile("wfi");
	}
	sori_fw_radio_init();
	sori_fw_beacon_init(&beacon, &config);
	for (;;) {
		uint64_t now = sori_fw_now_ticks();
		size_t len;

		if (config.tlm_every != 0
		    && (measured == 0 || now - measured > 10 * SORI_FW_RTC_HZ)) {
			beacon.temperature = sori_fw_read_temperature();
			beacon.battery_mv = sori_fw_read_battery_mv();
			measured = now == 0 ? 1 : now;
		}
		len = sori_fw_beacon_next_pdu(&beacon, now, pdu);
		if (len != 0)
			sori_fw_send_on_advertising_channels();
		sori_fw_sleep_until(last_counter
				    + sori_fw_beacon_delay_ticks(&beacon, sori_fw_random_byte()));
	}
}
