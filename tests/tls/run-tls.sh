#!/usr/bin/env bash
# The TLS front the README tells venues to use: data/nginx/sori.conf as it
# ships, with a test certificate, in front of a real sorid. TAP output.
#
#   tests/tls/run-tls.sh SORID TOP_SOURCE_DIR
set -euo pipefail

sorid=$1
top=$2
work=$(mktemp -d)
chmod 755 "$work" # nginx's workers run as an unprivileged user
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

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

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost -keyout "$work/key.pem" -out "$work/cert.pem" \
	2>/dev/null

mkdir -p "$work/venues" "$work/cache"
cp "$top"/data/venues/*.json "$work/venues/"
printf '[sorid]\ntrust-proxy=true\ncache-dir=%s\n' "$work/cache" >"$work/sorid.conf"
"$sorid" --config "$work/sorid.conf" --data-dir "$work/venues" --port 0 >"$work/sorid.out" \
	2>"$work/sorid.err" &
pids+=($!)
for _ in $(seq 50); do
	grep -q listening "$work/sorid.out" 2>/dev/null && break
	sleep 0.1
done
sorid_port=$(grep -o '[0-9]*/$' "$work/sorid.out" | tr -d /)

# two free ports for nginx
read -r http_port https_port < <(python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')

# the shipped configuration, with this machine's ports and the test certificate
sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$sorid_port;|" \
	-e "/listen \[::\]/d" \
	-e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
	-e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
	-e "s|/etc/letsencrypt/live/guide.example.org/fullchain.pem|$work/cert.pem|" \
	-e "s|/etc/letsencrypt/live/guide.example.org/privkey.pem|$work/key.pem|" \
	-e "s|server_name guide.example.org;|server_name localhost;|" \
	"$top/data/nginx/sori.conf" >"$work/sori.conf"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 256; }
http {
	include /etc/nginx/mime.types;
	client_body_temp_path $work/body;
	proxy_temp_path $work/proxy;
	fastcgi_temp_path $work/fastcgi;
	uwsgi_temp_path $work/uwsgi;
	scgi_temp_path $work/scgi;
	include $work/sori.conf;
}
NGINX
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx_bin" -c "$work/nginx.conf" &
pids+=($!)
for _ in $(seq 50); do
	curl -s -o /dev/null --cacert "$work/cert.pem" \
		--resolve "localhost:$https_port:127.0.0.1" "https://localhost:$https_port/healthz" && break
	sleep 0.1
done

https() { # a curl over the front's https
	curl -s --cacert "$work/cert.pem" --resolve "localhost:$https_port:127.0.0.1" "$@"
}
base="https://localhost:$https_port"

check "the API over TLS and HTTP/2" \
	test "$(https -o /dev/null -w '%{http_code} %{http_version}' "$base/v1/venues")" = "200 2"
check "the web app with its Content-Security-Policy and HSTS" \
	bash -c "curl -s -D - -o /dev/null --cacert '$work/cert.pem' \
		--resolve 'localhost:$https_port:127.0.0.1' '$base/v/dasol-museum' |
		grep -qi '^content-security-policy: default-src' &&
		curl -s -D - -o /dev/null --cacert '$work/cert.pem' \
		--resolve 'localhost:$https_port:127.0.0.1' '$base/v/dasol-museum' |
		grep -qi '^strict-transport-security:'"
check "plain http is sent to https" \
	test "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
		"http://127.0.0.1:$http_port/v/dasol-museum/c/101")" = \
	"301 https://127.0.0.1/v/dasol-museum/c/101"
head -c 20000 /dev/zero | tr '\0' ' ' >"$work/big"
check "a locate body over 16 KiB is refused at the door" \
	test "$(https -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
		--data-binary @"$work/big" "$base/v1/venues/dasol-museum/locate")" = "413"
check "a body where no route takes one is refused at the door" \
	test "$(https -o /dev/null -w '%{http_code}' -X POST --data-binary @"$work/big" \
		"$base/v1/venues")" = "413"
head -c 1048576 /dev/zero >"$work/upload"
check "an upload without a token: 401 from sorid, through the streaming proxy" \
	test "$(https -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: video/mp4' \
		--data-binary @"$work/upload" "$base/v1/admin/venues/dasol-museum/media/x.mp4")" = "401"
location=$(https -o /dev/null -w '%{redirect_url}' \
	"$base/v1/venues/dasol-museum/exhibits/moon-jar/audio?lang=en")
check "speech through the front, and a Range answered 206" \
	test "$(https -o /dev/null -w '%{http_code}' -H 'Range: bytes=0-1' "$location")" = "206"

echo "1..$n"
[ "$failed" -eq 0 ]
