#!/bin/bash
# The real Bluetooth stack, in a virtual machine: qemu (software emulation)
# boots Debian's kernel with a small initramfs that runs the real dbus-daemon,
# bluetoothd and BlueZ's btvirt -l2 (two virtual controllers that hear each
# other). sori-beacon advertises on one; sorid's fleet monitor must hear the
# beacon on the other and report it "ok" through the admin API.
#
# Usage: run-vm.sh SORID SORI_BEACON SORICTL
# Needs (all in .ci/test-packages): qemu-system-x86, linux-image-amd64, bluez,
# bluez-test-tools (btvirt), busybox-static, cpio, kmod.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -euo pipefail

sorid=$(realpath "$1")
sori_beacon=$(realpath "$2")
sorictl=$(realpath "$3")
here=$(cd "$(dirname "$0")" && pwd)
source_root=$(cd "$here/../.." && pwd)

fail() {
	echo "realstack: $*" >&2
	exit 1
}

kernel=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1) ||
	true
[ -n "$kernel" ] || fail "no kernel in /boot: install linux-image-amd64 (.ci/test-packages)"
kver=${kernel#/boot/vmlinuz-}
[ -d "/lib/modules/$kver" ] || fail "no modules for $kver in /lib/modules"
for tool in qemu-system-x86_64 busybox cpio modprobe; do
	command -v "$tool" >/dev/null || fail "$tool is missing: install .ci/test-packages"
done
bluetoothd=/usr/libexec/bluetooth/bluetoothd
[ -x "$bluetoothd" ] || fail "bluetoothd is missing: install bluez"
btvirt=$(command -v btvirt || true)
[ -n "$btvirt" ] || fail "btvirt is missing: install bluez-test-tools"
busybox=$(command -v busybox)
ldd "$busybox" >/dev/null 2>&1 && fail "busybox must be static: install busybox-static"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,run/dbus,tmp,var/lib/bluetooth,lib/modules,venues,usr/bin}
# GLib looks for the system bus under /var/run
ln -s ../run "$root/var/run"

# binaries and every library they load
copy_with_libs() {
	local bin=$1 dest=$2
	mkdir -p "$root$(dirname "$dest")"
	cp -L "$bin" "$root$dest"
	ldd "$bin" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' | while read -r lib; do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
cp -L "$busybox" "$root/bin/busybox"
for applet in sh mount mkdir cat sleep grep wget poweroff insmod echo ls sed cut head kill \
	ip dmesg; do
	ln -sf busybox "$root/bin/$applet"
done
copy_with_libs "$(command -v dbus-daemon)" /usr/bin/dbus-daemon
copy_with_libs "$bluetoothd" /usr/bin/bluetoothd
copy_with_libs "$btvirt" /usr/bin/btvirt
copy_with_libs "$(command -v gdbus)" /usr/bin/gdbus
copy_with_libs "$sorid" /usr/bin/sorid
copy_with_libs "$sori_beacon" /usr/bin/sori-beacon

# the kernel modules, in load order, decompressed for busybox's insmod
: >"$root/modules.order"
# btvirt's controllers do their crypto through AF_ALG: ecb(aes) and cmac(aes),
# which no modprobe will load on demand in here
for module in hci_vhci af_alg algif_hash algif_skcipher ecb cmac ecdh_generic; do
	modprobe -S "$kver" --show-depends "$module" 2>/dev/null | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r ko; do
	name=$(basename "$ko")
	case "$ko" in
	*.xz) xz -dc "$ko" >"$root/lib/modules/${name%.xz}" && name=${name%.xz} ;;
	*.zst) zstd -qdc "$ko" >"$root/lib/modules/${name%.zst}" && name=${name%.zst} ;;
	*) cp "$ko" "$root/lib/modules/$name" ;;
	esac
	echo "$name" >>"$root/modules.order"
done
[ -s "$root/modules.order" ] || fail "modprobe found no hci_vhci for $kver"

# the sample venues, and an admin token for the check
cp "$source_root"/data/venues/*.json "$root/venues/"
token=$("$sorictl" token add --data-dir "$root/venues" --venue dasol-museum --name realstack |
	tail -n 1)

cat >"$root/etc/system.conf" <<'CONF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=/run/dbus/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
CONF
cp "$source_root/data/sori-beacon.conf" "$root/etc/sori-beacon.conf"
echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
echo "5a4bcfce174e4baca814092e77f6b7e5" >"$root/etc/machine-id"
mkdir -p "$root/var/lib/dbus" "$root/usr/share/zoneinfo/Asia"
cp /etc/machine-id "$root/var/lib/dbus/machine-id" 2>/dev/null || cp "$root/etc/machine-id" "$root/var/lib/dbus/machine-id"
# the sample venues' time zone
cp -L /usr/share/zoneinfo/Asia/Seoul "$root/usr/share/zoneinfo/Asia/Seoul"
cp -L /usr/share/zoneinfo/UTC "$root/usr/share/zoneinfo/UTC"
cat >"$root/etc/sorid.conf" <<'CONF'
[sorid]
data-dir=/venues
address=127.0.0.1
port=8080
fleet-monitor=true
fleet-missing-after=20
CONF

cat >"$root/init" <<INIT
#!/bin/sh
export PATH=/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
ip link set lo up
for m in \$(cat /modules.order); do insmod /lib/modules/\$m || echo "realstack: insmod \$m failed"; done
[ -e /dev/vhci ] || echo "realstack: no /dev/vhci"
echo "realstack: modules loaded"
dbus-daemon --config-file=/etc/system.conf --fork --print-address=1 || echo "realstack: dbus-daemon failed"
(bluetoothd -n -E -d > /tmp/bluetoothd.log 2>&1; echo "bluetoothd exited: \$?" > /tmp/bluetoothd.exit) &
btvirt -l2 > /tmp/btvirt.log 2>&1 &
sleep 2
for hci in hci0 hci1; do
	gdbus call --system -d org.bluez -o /org/bluez/\$hci \
		-m org.freedesktop.DBus.Properties.Set org.bluez.Adapter1 Powered '<true>' >/dev/null
done
sorid --config /etc/sorid.conf > /tmp/sorid.log 2>&1 &
sori-beacon --config /etc/sori-beacon.conf > /tmp/sori-beacon.log 2>&1 &
result=FAIL
i=0
while [ \$i -lt 40 ]; do
	i=\$((i + 1))
	sleep 1
	wget -q -O /tmp/beacons.json --header 'Authorization: Bearer $token' \
		http://127.0.0.1:8080/v1/admin/venues/dasol-museum/beacons 2>/dev/null || continue
	# sorid pretty-prints: squeeze the report onto one line first
	if tr -d ' \\n' < /tmp/beacons.json |
		grep -q '"id":"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101","status":"ok"'; then
		result=PASS
		break
	fi
done
echo "realstack: after \$i s"
# heard again, not only once: controllers drop duplicates for as long as a
# scan runs, so this needs sorid's rescans. btvirt's emulated controller
# reports only the advertisement the kernel has on air when a scan starts
# (sori-beacon's iBeacon and TLM take turns), and some scans hear nothing,
# so the check is "heard again within a minute", not "within N s"
seen() {
	tr -d ' \\n' < \$1 | sed -n 's/^[^]]*5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101",[^}]*"last_seen":"\\([^"]*\\)".*/\\1/p'
}
if [ \$result = PASS ]; then
	first=\$(seen /tmp/beacons.json)
	later=
	i=0
	while [ \$i -lt 30 ]; do
		i=\$((i + 1))
		sleep 2
		wget -q -O /tmp/later.json --header 'Authorization: Bearer $token' \
			http://127.0.0.1:8080/v1/admin/venues/dasol-museum/beacons 2>/dev/null || continue
		later=\$(seen /tmp/later.json)
		echo "\$((i * 2)) s later, last heard at \$later" >> /tmp/timeline
		[ -n "\$later" ] && [ "\$later" != "\$first" ] && break
	done
	echo "realstack: first heard at \$first, last heard at \$later"
	[ -n "\$later" ] && [ "\$later" != "\$first" ] || result=FAIL
fi
# what each did, without the fleet's long list of the venues' other beacons
# and bluetoothd's D-Bus chatter: the scans, what they found, the errors
echo "--- btvirt"; tail -n 20 /tmp/btvirt.log
echo "--- bluetoothd"
grep -E 'discover|device_found|advertis|rror|fail' /tmp/bluetoothd.log | tail -n 80
echo "--- sori-beacon"; tail -n 20 /tmp/sori-beacon.log
echo "--- sorid"
grep -v -E 'has not been heard|is missing: last heard' /tmp/sorid.log | tail -n 40
echo "--- report"; head -c 600 /tmp/later.json 2>/dev/null; echo
# last, where a CI log's tail shows it: what happened while waiting
echo "--- summary"
cat /tmp/timeline 2>/dev/null
cat /tmp/bluetoothd.exit 2>/dev/null || echo "bluetoothd is running"
echo "bluetoothd: \$(grep -c device_found_callback /tmp/bluetoothd.log) advertisements found," \
	"\$(grep -c 'discovering 1' /tmp/bluetoothd.log) scans started," \
	"\$(grep -c 'register_advertisement() RegisterAdvertisement' /tmp/bluetoothd.log) advertisements registered"
grep -E 'cannot scan|SetDiscoveryFilter|bluetoothd has gone|adapter gone|level=(warning|error|critical)' /tmp/sorid.log |
	grep -v -E 'has not been heard|is missing: last heard' | tail -n 5
echo "REALSTACK: \$result"
poweroff -f
INIT
chmod +x "$root/init"

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.gz"

start=$(date +%s)
timeout 240 qemu-system-x86_64 -m 768 -smp 2 -nographic -no-reboot \
	-kernel "$kernel" -initrd "$work/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet loglevel=3" >"$work/console.log" 2>&1 || true
echo "realstack: the virtual machine ran $(($(date +%s) - start)) s"
sed -n '/realstack: modules loaded/,$p' "$work/console.log" | tr -d '\r'
grep -q "REALSTACK: PASS" "$work/console.log" ||
	{ tail -n 60 "$work/console.log" | tr -d '\r' >&2; fail "sorid did not hear sori-beacon"; }
