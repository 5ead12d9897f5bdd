#!/bin/sh
# Builds the nRF52832 firmware with Debian's gcc-arm-none-eabi and prints its
# flash and RAM use. Called by meson: build-firmware.sh CC OBJCOPY SIZE LDSCRIPT
# ELF HEX INCDIR... -- SOURCES...
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
cc=$1 objcopy=$2 size=$3 ld=$4 elf=$5 hex=$6
shift 6
incs=""
while [ "$1" != "--" ]; do incs="$incs -I$1"; shift; done
shift
# shellcheck disable=SC2086
"$cc" -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -std=gnu11 -Os -g \
	-ffreestanding -nostdlib -fno-common -ffunction-sections -fdata-sections \
	-Wall -Wextra -Werror=implicit-function-declaration \
	$incs -T "$ld" -Wl,--gc-sections -Wl,-Map="$elf.map" -o "$elf" "$@" -lgcc
"$objcopy" -O ihex "$elf" "$hex"
# text + data live in flash (the configuration page apart); data + bss in RAM
"$size" -A "$elf" | awk '
	$1 == ".text" { text = $2 } $1 == ".data" { data = $2 } $1 == ".bss" { bss = $2 }
	END {
		printf "firmware flash: %d of 520192 bytes (%.1f%%), and a 4096-byte configuration page\n", text + data, (text + data) * 100 / 520192
		printf "firmware ram: %d of 65536 bytes (%.1f%%), plus a 2048-byte stack\n", data + bss, (data + bss) * 100 / 65536
	}'
