#!/usr/bin/env bash
# The Debian packages, as a venue's IT person gets them: built from the
# repository's tracked files with dpkg-buildpackage, checked by lintian,
# installed with apt-get (dependencies from Debian), sorid started as its unit
# would (tests/package/run-as-unit.py), the installed units checked offline by
# systemd-analyze security, then purged, leaving nothing behind but the sori
# system user. It installs and removes packages: it needs root, as CI has. TAP.
#
#   tests/package/package-test.sh TOP_SOURCE_DIR
set -uo pipefail

top=$1
here=$(cd "$(dirname "$0")" && pwd)
n=0
failed=0
check() { # $1: what; then a command that must succeed
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		failed=$((failed + 1))
	fi
}
bail() {
	echo "Bail out! $*"
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	bail "the package test installs and purges Debian packages: run it as root (CI does)"
fi
for tool in dpkg-buildpackage:dpkg-dev dh:debhelper lintian:lintian fakeroot:fakeroot \
	systemd-analyze:systemd setpriv:util-linux git:git python3:python3 apt-get:apt; do
	command -v "${tool%%:*}" >/dev/null ||
		bail "${tool%%:*} is missing: add ${tool#*:} to .ci/test-packages"
done
if dpkg-query -W -f='${Status}' sori sori-beacon 2>/dev/null | grep -q installed; then
	bail "sori or sori-beacon is installed on this machine already; purge it first"
fi

arch=$(dpkg --print-architecture)
work=$(mktemp -d /tmp/sori-package-XXXXXX)
installed=false
cleanup() {
	if $installed; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq sori sori-beacon >/dev/null 2>&1
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# the tracked files, as they are in the working tree
mkdir "$work/sori"
git -C "$top" ls-files -z | (cd "$top" && tar --null -T - -cf -) | tar -xf - -C "$work/sori" ||
	bail "copying the tracked files of $top"

echo "# dpkg-buildpackage -b -us -uc in $work/sori"
start=$(date +%s)
if ! (cd "$work/sori" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
	dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1); then
	tail -n 40 "$work/build.log" | sed 's/^/# /'
	bail "dpkg-buildpackage failed"
fi
echo "# built in $(($(date +%s) - start)) s"
check "dpkg-buildpackage builds sori and sori-beacon" \
	test -f "$work/sori_"*_${arch}.deb -a -f "$work/sori-beacon_"*_${arch}.deb

# lintian: no error, and no warning that is not overridden with a reason
lintian --fail-on error,warning "$work"/sori_*.changes >"$work/lintian.log" 2>&1
status=$?
sed 's/^/# lintian: /' "$work/lintian.log"
check "lintian finds no error and no warning" test "$status" -eq 0 -a \
	"$(grep -c '^[EW]: ' "$work/lintian.log")" -eq 0

contents() { dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's|^\./|/|'; }
# the files only, not the directories shared with other packages
files_of() { dpkg-deb -c "$1" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|'; }
sori_files=$(contents "$work"/sori_*_${arch}.deb)
has() { grep -qx "$1" <<<"$sori_files"; }
check "sori holds sorid, sorictl and the speech worker" \
	eval 'has /usr/sbin/sorid && has /usr/bin/sorictl && has /usr/libexec/sori-speech-worker'
check "sori holds the unit, the sysusers and tmpfiles files" eval \
	'has /lib/systemd/system/sorid.service && has /usr/lib/sysusers.d/sori.conf && has /usr/lib/tmpfiles.d/sori.conf'
check "sori holds the sample venues and nginx configurations as examples" eval \
	'has /usr/share/doc/sori/examples/venues/dasol-museum.json && has /usr/share/doc/sori/examples/nginx/sori.conf && has /usr/share/doc/sori/examples/cluster/sori-cluster.conf'
check "/etc/sori/sorid.conf is a conffile of sori" \
	eval 'dpkg-deb -I "$work"/sori_*_${arch}.deb conffiles | grep -qx /etc/sori/sorid.conf'
check "sori-beacon holds sori-beacon, its unit and its configuration" eval \
	'contents "$work"/sori-beacon_*_${arch}.deb | grep -c -x -e /usr/sbin/sori-beacon -e /lib/systemd/system/sori-beacon.service -e /etc/sori/sori-beacon.conf | grep -qx 3'

echo "# apt-get install ./sori_*.deb ./sori-beacon_*.deb"
installed=true
if ! (cd "$work" && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	./sori_*_${arch}.deb ./sori-beacon_*_${arch}.deb >"$work/install.log" 2>&1); then
	tail -n 30 "$work/install.log" | sed 's/^/# /'
	bail "apt-get install failed"
fi
check "apt-get installs both packages" \
	eval '[ "$(dpkg-query -W -f="\${Status}\n" sori sori-beacon | grep -c "install ok installed")" = 2 ]'
check "the sori system user exists, with no shell" \
	eval 'getent passwd sori | grep -q ":/var/lib/sori:/usr/sbin/nologin$"'
check "/var/lib/sori/venues and /var/cache/sori are the sori user's alone" eval \
	'[ "$(stat -c "%U %a" /var/lib/sori/venues /var/cache/sori | sort -u)" = "sori 750" ]'
check "sorid.conf serves /var/lib/sori/venues with the cache in /var/cache/sori" eval \
	'grep -qx data-dir=/var/lib/sori/venues /etc/sori/sorid.conf && grep -qx cache-dir=/var/cache/sori /etc/sori/sorid.conf'
check "sorictl runs" eval 'sorictl --help | grep -q "^Usage: sorictl"'
check "sori-beacon checks its installed configuration" \
	eval 'sori-beacon --config /etc/sori/sori-beacon.conf --check >/dev/null'

# the installed units, offline: at most 2.0 ("OK") for sorid, as the issue asks
for unit in sorid sori-beacon; do
	score=$(systemd-analyze security --offline=true "/lib/systemd/system/$unit.service" 2>&1 |
		sed -n "s/.*Overall exposure level for $unit.service: \([0-9.]*\).*/\1/p")
	echo "# systemd-analyze security: $unit.service ${score:-no score}"
	check "systemd-analyze security scores $unit.service at most 2.0" \
		eval "[ -n '$score' ] && awk 'BEGIN { exit !($score <= 2.0) }'"
done
check "systemd-analyze verify finds nothing wrong in sorid.service" eval \
	'! systemd-analyze verify --man=no /lib/systemd/system/sorid.service 2>&1 | grep -v "Failed to connect\|No such file" | grep .'

# as a venue would: the sample venues copied into the data directory
cp -r /usr/share/doc/sori/examples/venues/. /var/lib/sori/venues/
chown -R sori:sori /var/lib/sori/venues
python3 "$here/run-as-unit.py" /lib/systemd/system/sorid.service $((n + 1)) >"$work/unit.log"
status=$?
cat "$work/unit.log"
last=$(sed -n 's/^# last //p' "$work/unit.log")
failed=$((failed + $(grep -c '^not ok' "$work/unit.log")))
[ "$status" -eq 0 ] || [ "$(grep -c '^not ok' "$work/unit.log")" -gt 0 ] || failed=$((failed + 1))
n=${last:-$n}

# an upgrade (the same version again): the venues and a changed conffile kept
echo "# a setting changed in /etc/sori/sorid.conf, then the package installed again"
echo "# changed by tests/package" >>/etc/sori/sorid.conf
(cd "$work" && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall \
	-o Dpkg::Options::=--force-confold ./sori_*_${arch}.deb >"$work/upgrade.log" 2>&1)
status=$?
check "installing again keeps the changed settings and the venues" eval \
	'[ $status -eq 0 ] && grep -qx "# changed by tests/package" /etc/sori/sorid.conf && [ -f /var/lib/sori/venues/dasol-museum.json ]'

echo "# apt-get remove -y sori"
DEBIAN_FRONTEND=noninteractive apt-get remove -y -q sori >"$work/remove.log" 2>&1
status=$?
check "apt-get remove removes sorid and keeps the settings and the venues" eval \
	'[ $status -eq 0 ] && [ ! -e /usr/sbin/sorid ] && [ -f /etc/sori/sorid.conf ] && [ -f /var/lib/sori/venues/dasol-museum.json ]'

echo "# apt-get purge -y sori sori-beacon"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q sori sori-beacon >"$work/purge.log" 2>&1
status=$?
installed=false
check "apt-get purge removes both" test "$status" -eq 0 -a \
	"$(dpkg-query -W -f='${db:Status-Status}\n' sori sori-beacon 2>/dev/null | grep -vc not-installed)" = 0
leftovers=$(
	for path in $(files_of "$work"/sori_*_${arch}.deb) $(files_of "$work"/sori-beacon_*_${arch}.deb) \
		/etc/sori /var/lib/sori /var/cache/sori /usr/share/doc/sori /usr/share/doc/sori-beacon \
		/etc/systemd/system/multi-user.target.wants/sorid.service \
		/var/lib/systemd/deb-systemd-helper-enabled/sorid.service.dsh-also; do
		if [ -e "$path" ] || [ -L "$path" ]; then echo "$path"; fi
	done
)
[ -z "$leftovers" ] || sed 's/^/# left behind: /' <<<"$leftovers"
check "nothing of sori is left after purge (the sori user may stay)" test -z "$leftovers"

echo "1..$n"
[ "$failed" -eq 0 ]
