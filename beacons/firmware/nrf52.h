/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The few nRF52832 registers the beacon uses, from the nRF52832 Product
 * Specification v1.4; no vendor SDK.
 */

#pragma once

#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *) (addr))

/* CLOCK */
#define CLOCK_BASE                0x40000000u
#define CLOCK_TASKS_HFCLKSTART    REG(CLOCK_BASE + 0x000)
#define CLOCK_TASKS_HFCLKSTOP     REG(CLOCK_BASE + 0x004)
#define CLOCK_TASKS_LFCLKSTART    REG(CLOCK_BASE + 0x008)
#define CLOCK_EVENTS_HFCLKSTARTED REG(CLOCK_BASE + 0x100)
#define CLOCK_EVENTS_LFCLKSTARTED REG(CLOCK_BASE + 0x104)
#define CLOCK_LFCLKSRC            REG(CLOCK_BASE + 0x518)
#define CLOCK_LFCLKSRC_XTAL       1u

/* RADIO */
#define RADIO_BASE               0x40001000u
#define RADIO_TASKS_TXEN         REG(RADIO_BASE + 0x000)
#define RADIO_TASKS_DISABLE      REG(RADIO_BASE + 0x010)
#define RADIO_EVENTS_DISABLED    REG(RADIO_BASE + 0x110)
#define RADIO_SHORTS             REG(RADIO_BASE + 0x200)
#define RADIO_PACKETPTR          REG(RADIO_BASE + 0x504)
#define RADIO_FREQUENCY          REG(RADIO_BASE + 0x508)
#define RADIO_TXPOWER            REG(RADIO_BASE + 0x50c)
#define RADIO_MODE               REG(RADIO_BASE + 0x510)
#define RADIO_PCNF0              REG(RADIO_BASE + 0x514)
#define RADIO_PCNF1              REG(RADIO_BASE + 0x518)
#define RADIO_BASE0              REG(RADIO_BASE + 0x51c)
#define RADIO_PREFIX0            REG(RADIO_BASE + 0x524)
#define RADIO_TXADDRESS          REG(RADIO_BASE + 0x52c)
#define RADIO_CRCCNF             REG(RADIO_BASE + 0x534)
#define RADIO_CRCPOLY            REG(RADIO_BASE + 0x538)
#define RADIO_CRCINIT            REG(RADIO_BASE + 0x53c)
#define RADIO_DATAWHITEIV        REG(RADIO_BASE + 0x554)
#define RADIO_MODECNF0           REG(RADIO_BASE + 0x650)
#define RADIO_MODE_BLE_1MBIT     3u
#define RADIO_SHORTS_READY_START (1u << 0)
#define RADIO_SHORTS_END_DISABLE (1u << 1)

/* TEMP: the die temperature, in 0.25 °C */
#define TEMP_BASE           0x4000c000u
#define TEMP_TASKS_START    REG(TEMP_BASE + 0x000)
#define TEMP_EVENTS_DATARDY REG(TEMP_BASE + 0x100)
#define TEMP_TEMP           REG(TEMP_BASE + 0x508)

/* RNG */
#define RNG_BASE          0x4000d000u
#define RNG_TASKS_START   REG(RNG_BASE + 0x000)
#define RNG_TASKS_STOP    REG(RNG_BASE + 0x004)
#define RNG_EVENTS_VALRDY REG(RNG_BASE + 0x100)
#define RNG_VALUE         REG(RNG_BASE + 0x508)

/* ECB: AES-128 in hardware */
#define ECB_BASE            0x4000e000u
#define ECB_TASKS_STARTECB  REG(ECB_BASE + 0x000)
#define ECB_EVENTS_ENDECB   REG(ECB_BASE + 0x100)
#define ECB_EVENTS_ERRORECB REG(ECB_BASE + 0x104)
#define ECB_ECBDATAPTR      REG(ECB_BASE + 0x504)

/* SAADC: the supply voltage, for TLM's battery figure */
#define SAADC_BASE           0x40007000u
#define SAADC_TASKS_START    REG(SAADC_BASE + 0x000)
#define SAADC_TASKS_SAMPLE   REG(SAADC_BASE + 0x004)
#define SAADC_TASKS_STOP     REG(SAADC_BASE + 0x008)
#define SAADC_EVENTS_STARTED REG(SAADC_BASE + 0x100)
#define SAADC_EVENTS_END     REG(SAADC_BASE + 0x104)
#define SAADC_EVENTS_STOPPED REG(SAADC_BASE + 0x114)
#define SAADC_ENABLE         REG(SAADC_BASE + 0x500)
#define SAADC_CH0_PSELP      REG(SAADC_BASE + 0x510)
#define SAADC_CH0_PSELN      REG(SAADC_BASE + 0x514)
#define SAADC_CH0_CONFIG     REG(SAADC_BASE + 0x518)
#define SAADC_RESOLUTION     REG(SAADC_BASE + 0x5f0)
#define SAADC_RESULT_PTR     REG(SAADC_BASE + 0x62c)
#define SAADC_RESULT_MAXCNT  REG(SAADC_BASE + 0x630)
#define SAADC_PSEL_VDD       9u

/* RTC1: the advertising schedule and the EID clock */
#define RTC1_BASE            0x40011000u
#define RTC1_TASKS_START     REG(RTC1_BASE + 0x000)
#define RTC1_EVENTS_COMPARE0 REG(RTC1_BASE + 0x140)
#define RTC1_INTENSET        REG(RTC1_BASE + 0x304)
#define RTC1_COUNTER         REG(RTC1_BASE + 0x504)
#define RTC1_PRESCALER       REG(RTC1_BASE + 0x508)
#define RTC1_CC0             REG(RTC1_BASE + 0x540)
#define RTC1_IRQN            17u
#define RTC_COUNTER_MASK     0x00ffffffu

/* Cortex-M4 */
#define NVIC_ICPR0        REG(0xe000e280u)
#define SCB_SCR           REG(0xe000ed10u)
#define SCB_SCR_SEVONPEND (1u << 4)
