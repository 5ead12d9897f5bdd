#!/bin/sh
# lib/beacon/ built alone, as the firmware builds it: every file of it
# compiled with no include path but lib/beacon/ itself and the compiler's own
# freestanding headers (<stdint.h>, <stddef.h>, <stdbool.h>): no GLib, no
# libc headers, no config.h. Then every object's undefined symbols are held
# to what a freestanding program may need from outside: the AES-128 block the
# firmware or lib/sori-aes-nettle.c provides, and the four functions GCC and
# clang may emit calls to even in freestanding code (memcpy, memmove, memset,
# memcmp). A malloc, a printf or a g_*() is a failure, named.
#
# Usage: beacon-freestanding.sh LIB-BEACON-DIR CC [CC-ARGS...]
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
dir=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the compiler's own headers only: gcc's and clang's stdint.h, stddef.h and
# stdbool.h stand alone under -ffreestanding
inc=$("$@" -print-file-name=include)
if [ ! -f "$inc/stdint.h" ]; then
	echo "beacon-freestanding: $* has no freestanding <stdint.h> in '$inc'" >&2
	exit 1
fi
cflags="-std=gnu11 -ffreestanding -nostdinc -isystem $inc -I$dir -O2 -Wall
	-Werror=implicit-function-declaration -Werror=implicit-int"

allowed=" sori_aes128_encrypt memcpy memmove memset memcmp "
failed=0
n=0
for h in "$dir"/*.h; do
	# shellcheck disable=SC2086
	if ! printf '#include "%s"\n' "$(basename "$h")" | "$@" $cflags -x c -fsyntax-only -; then
		echo "not ok: $h does not stand alone without GLib or libc" >&2
		failed=1
	fi
done
for c in "$dir"/*.c; do
	o="$tmp/$(basename "$c" .c).o"
	n=$((n + 1))
	# shellcheck disable=SC2086
	if ! "$@" $cflags -c "$c" -o "$o"; then
		echo "not ok: $c does not build without GLib or libc" >&2
		failed=1
		continue
	fi
	for sym in $(nm -u "$o" | awk '{ print $NF }'); do
		case "$allowed" in
		*" $sym "*) ;;
		*)
			echo "not ok: $c calls $sym, which a freestanding beacon does not have" >&2
			failed=1
			;;
		esac
	done
done
if [ "$n" -eq 0 ]; then
	echo "beacon-freestanding: no sources in $dir" >&2
	exit 1
fi
if [ "$failed" -ne 0 ]; then
	exit 1
fi
echo "lib/beacon: $n files built freestanding, with no include path but $dir"
