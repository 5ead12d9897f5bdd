#!/usr/bin/env python3
# Starts the installed sorid as its unit would, without systemd as PID 1: the
# unit's ExecStart, User and Group (setpriv, no capabilities, no new
# privileges), UMask, LimitNOFILE, its directories made and owned as
# StateDirectory= and CacheDirectory= make them, MemoryDenyWriteExecute= as the
# kernel's PR_SET_MDWE, and systemd's side of Type=notify played by a Unix
# datagram socket in $NOTIFY_SOCKET with a watchdog. Then reads /healthz, the
# sample venues, the web app, an exhibit's speech and the metrics (on a port of
# their own, --metrics-address), and stops sorid with
# SIGTERM. TAP lines on stdout, numbered from FIRST; exit status 1 on a failure.
#
#   run-as-unit.py UNIT FIRST
import ctypes
import json
import os
import pwd
import grp
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request

unit_path, first = sys.argv[1], int(sys.argv[2])
number = first - 1
failed = 0


def check(what, ok, detail=""):
    global number, failed
    number += 1
    print(f"{'ok' if ok else 'not ok'} {number} - {what}", flush=True)
    if not ok:
        failed += 1
        for line in str(detail).splitlines():
            print(f"# {line}", flush=True)
    return ok


def unit_settings(path):
    """The [Service] section's settings: name -> list of values, in order."""
    settings, section = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                section = line
            elif section == "[Service]":
                key, value = line.split("=", 1)
                settings.setdefault(key, []).append(value)
    return settings


service = unit_settings(unit_path)
user = service["User"][-1]
group = service["Group"][-1]
account = pwd.getpwnam(user)
gid = grp.getgrnam(group).gr_gid

# StateDirectory=, CacheDirectory=: made, and given to the service's user
managed = set()
for key, base in (("StateDirectory", "/var/lib"), ("CacheDirectory", "/var/cache")):
    mode = int(service.get(key + "Mode", ["0755"])[-1], 8)
    for name in " ".join(service[key]).split():
        path = os.path.join(base, name)
        os.makedirs(path, exist_ok=True)
        os.chown(path, account.pw_uid, gid)
        os.chmod(path, mode)
        managed.add(path)

# systemd's end of Type=notify, where the service's user may write
notify_dir = tempfile.mkdtemp(prefix="sori-notify-")
os.chmod(notify_dir, 0o755)
notify_path = os.path.join(notify_dir, "notify")
notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
notify.bind(notify_path)
os.chmod(notify_path, 0o777)
watchdog_usec = 1000000


def receive(timeout):
    notify.settimeout(timeout)
    try:
        return notify.recv(4096).decode()
    except socket.timeout:
        return None


def wait_for(line, timeout):
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        message = receive(max(deadline - time.monotonic(), 0.01))
        if message is None:
            break
        seen.append(message)
        if line in message.split("\n"):
            return message, seen
    return None, seen


exec_start = shlex.split(service["ExecStart"][-1])
# port 0, not the configuration's 8080, which this machine may be using; the
# metrics on a port of their own, free just now
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    metrics_port = probe.getsockname()[1]
command = exec_start + ["--port", "0", "--metrics-address", str(metrics_port)]
nofile = int(service["LimitNOFILE"][-1])
import resource
hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
if hard != resource.RLIM_INFINITY and hard < nofile:
    # a container may cap it below what systemd would give; sorid sizes its
    # connections to what it gets
    print(f"# LimitNOFILE={nofile} is above this machine's hard limit, {hard}: {hard}")
    nofile = hard
umask = int(service["UMask"][-1], 8)
mdwe = service.get("MemoryDenyWriteExecute", ["no"])[-1] == "yes"


def as_the_unit():
    os.umask(umask)
    resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
    if mdwe:
        # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN: inherited by the speech workers
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(65, 1, 0, 0, 0) != 0:
            os.write(2, b"run-as-unit.py: PR_SET_MDWE failed\n")
            os._exit(127)


environment = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C.UTF-8",
    "HOME": account.pw_dir,
    "USER": user,
    "LOGNAME": user,
    "NOTIFY_SOCKET": notify_path,
    "WATCHDOG_USEC": str(watchdog_usec),
}
setpriv = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={gid}", "--init-groups",
           "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all"]
started = time.time()
sorid = subprocess.Popen(setpriv + command, env=environment, preexec_fn=as_the_unit,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = sorid.stdout.readline()
match = re.match(r"sorid: listening on http://127\.0\.0\.1:(\d+)/", line)
if not check("sorid starts as the unit would and listens", match is not None,
             line + sorid.stderr.read() if sorid.poll() is not None else line):
    sorid.kill()
    sys.exit(1)
base = f"http://127.0.0.1:{match.group(1)}"

ready, seen = wait_for("READY=1", 20)
check("sorid says READY=1 to systemd once it serves", ready is not None, seen)
check("its status says how many venues it serves",
      ready is not None and re.search(r"^STATUS=serving \d+ venues", ready, re.M), ready)


def get(path, timeout=60):
    with urllib.request.urlopen(base + path, timeout=timeout) as answer:
        return answer.status, answer.headers.get("Content-Type", ""), answer.read()


status, _, body = get("/healthz")
health = json.loads(body)
check("/healthz answers ok with both sample venues",
      status == 200 and health.get("status") == "ok" and health.get("venues_served") == 2, body)
status, _, body = get("/v1/venues")
ids = sorted(v["id"] for v in json.loads(body)["venues"])
check("the sample venues are served", ids == ["dasol-museum", "haneul-wetland"], ids)
status, kind, body = get("/")
check("the web app is served", status == 200 and kind.startswith("text/html"), kind)
status, _, body = get("/v1/venues/dasol-museum/exhibits")
exhibit = json.loads(body)["exhibits"][0]["id"]
status, kind, body = get(f"/v1/venues/dasol-museum/exhibits/{exhibit}/audio?lang=en")
check("an exhibit is spoken by the speech worker (under no write-and-execute memory)",
      status == 200 and kind.startswith("audio/") and len(body) > 1000, f"{status} {kind}")

# the metrics, on their own port: what was just asked is counted, and
# Prometheus's own parser takes them
with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as answer:
    metrics_type = answer.headers.get("Content-Type", "")
    metrics = answer.read().decode()
check("the metrics are served on a port of their own, in Prometheus's text format",
      metrics_type == "text/plain; version=0.0.4; charset=utf-8", metrics_type)
check("they count what was asked: /healthz once, two venues loaded",
      re.search(r'^sori_http_requests_total\{route="/healthz",status_class="2xx"\} 1$',
                metrics, re.M) is not None
      and re.search(r'^sori_venues\{state="loaded"\} 2$', metrics, re.M) is not None,
      metrics[:4000])
promtool = shutil.which("promtool")
if promtool is None:
    check("promtool check metrics takes them", False,
          "no promtool: install Debian's prometheus (.ci/test-packages)")
else:
    checked = subprocess.run([promtool, "check", "metrics"], input=metrics, text=True,
                             capture_output=True)
    check("promtool check metrics takes them", checked.returncode == 0,
          checked.stdout + checked.stderr)

# the watchdog, fed from the main loop at half its period
pings = []
deadline = time.monotonic() + 2.2
while time.monotonic() < deadline:
    message = receive(deadline - time.monotonic())
    if message == "WATCHDOG=1":
        pings.append(time.monotonic())
check("the watchdog is fed every half WATCHDOG_USEC (4 to 5 pings in 2.2 s)",
      4 <= len(pings) <= 6, pings)

sorid.send_signal(signal.SIGTERM)
stopping, seen = wait_for("STOPPING=1", 10)
check("SIGTERM: sorid says STOPPING=1", stopping is not None, seen)
timeout = float(service["TimeoutStopSec"][-1].rstrip("s"))
try:
    code = sorid.wait(timeout)
except subprocess.TimeoutExpired:
    sorid.kill()
    code = "still running"
errors = sorid.stderr.read()
check(f"and exits with 0 within TimeoutStopSec ({timeout:g} s)", code == 0, f"{code}\n{errors}")
check("nothing in its log is a warning or a critical",
      not re.search(r"level=(warning|critical|error)", errors), errors)

# what it wrote is its own, and no one else's to read (UMask=0077)
written = []
for base_dir in ("/var/lib/sori", "/var/cache/sori"):
    for root, dirs, files in os.walk(base_dir):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            if info.st_mtime >= started:
                # a symbolic link's own mode is always 0777
                mode = 0 if stat.S_ISLNK(info.st_mode) else info.st_mode & 0o777
                written.append((path, info.st_uid, mode))
check("sorid wrote its state and cache", any("/var/cache/sori/" in w[0] for w in written),
      written)
# (the directories systemd makes have the unit's StateDirectoryMode= and the like)
strays = [w for w in written if w[1] != account.pw_uid or (w[2] & 0o077 and w[0] not in managed)]
check("everything it wrote is the sori user's, for it alone (UMask=0077)", not strays, strays)
notify.close()
os.unlink(notify_path)
os.rmdir(notify_dir)
print(f"# last {number}")
sys.exit(1 if failed else 0)
