# bench/soak's hostile network: bench/hostile's attacks, a few connections at
# a time, each outcome checked against what sorid must do (tests/hostile's
# expectations): heads that never end closed at head-timeout, a head over the
# limit 431, bodies before tokens 401 read whole by a client that sends all,
# a body too large 413, readers that take nothing let go at send-timeout,
# a stalled body closed, speech at odd rates 302 or 503 with Retry-After.
#
# Python 3 standard library only, like every bench script.
import socket
import threading
import time


def receive_all(sock, timeout):
    """(bytes, closed): what came until the server closed the connection (a
    close or a reset), or until @timeout seconds passed (closed False)"""
    sock.settimeout(timeout)
    deadline = time.monotonic() + timeout
    got = bytearray()
    try:
        while True:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            data = sock.recv(65536)
            if not data:
                return bytes(got), True
            got += data
    except socket.timeout:
        return bytes(got), False
    except (ConnectionResetError, BrokenPipeError):
        return bytes(got), True


def connect(port, rcvbuf=None):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    return sock


class Attacks:
    """the attacks, one round of one at a time, in turn (next()); each in a
    thread of its own, so that the long ones overlap the next"""

    def __init__(self, port, record, settings):
        self.port, self.record, self.s = port, record, settings
        self.turn = 0
        self.threads = []
        self.lock = threading.Lock()
        self.names = ["slowloris", "head_too_large", "bigbody_whole", "bigbody_half",
                      "wrong_token", "too_large", "slowread", "slow_body", "speech_odd_rate",
                      "many_connections"]

    def next(self):
        name = self.names[self.turn % len(self.names)]
        self.turn += 1
        thread = threading.Thread(target=self.run, args=(name,), daemon=True)
        thread.start()
        with self.lock:
            self.threads = [t for t in self.threads if t.is_alive()] + [thread]

    def all(self):
        """every attack once, at once"""
        for _ in self.names:
            self.next()

    def join(self, timeout):
        deadline = time.monotonic() + timeout
        with self.lock:
            threads = list(self.threads)
        for thread in threads:
            thread.join(max(0, deadline - time.monotonic()))
        return all(not t.is_alive() for t in threads)

    def run(self, name):
        try:
            getattr(self, name)()
        except OSError as e:
            self.record.error(f"attack {name}", "to be carried out", f"{type(e).__name__}: {e}")

    def error(self, name, expected, got):
        self.record.error(f"attack {name}", expected, got)

    def slowloris(self):
        """heads that never end, a byte a second: each closed at head-timeout"""
        socks = []
        for _ in range(self.s["attack_connections"]):
            sock = connect(self.port)
            sock.sendall(b"GET /v1/venues HTTP/1.1\r\nHost: a\r\n")
            socks.append(sock)
            self.record.count("attack")
        start = time.monotonic()
        limit = self.s["head_timeout"] + 5
        open_socks = list(socks)
        while open_socks and time.monotonic() - start < limit:
            time.sleep(1)
            still = []
            for sock in open_socks:
                try:
                    sock.send(b"X")
                    got, closed = receive_all(sock, 0.01)
                except OSError:
                    got, closed = b"", True
                if got and not got.startswith(b"HTTP/1.1 408 "):
                    self.error("slowloris", "no answer or 408", got[:60])
                if not closed:
                    still.append(sock)
                elif time.monotonic() - start < self.s["head_timeout"] - 1:
                    self.error("slowloris", f"open until head-timeout "
                               f"({self.s['head_timeout']} s)",
                               f"closed after {time.monotonic() - start:.1f} s")
            open_socks = still
        if open_socks:
            self.error("slowloris", f"every head closed within {limit} s",
                       f"{len(open_socks)} of {len(socks)} open")
        for sock in socks:
            sock.close()

    def head_too_large(self):
        sock = connect(self.port)
        self.record.count("attack")
        head = b"GET /v1/venues HTTP/1.1\r\nHost: a\r\n" + \
            b"X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n" * 200
        try:
            sock.sendall(head)
        except (ConnectionResetError, BrokenPipeError):
            pass
        got, closed = receive_all(sock, 5)
        if not (got.startswith(b"HTTP/1.1 431 ") and b"urn:sori:problem:head-too-large" in got
                and closed):
            self.error("head_too_large", "431 head-too-large, then the close",
                       f"{got[:60]!r}, closed {closed}")
        sock.close()

    def refused(self, name, head, body_bytes, status):
        """a request refused from its head: @body_bytes of its body sent (or
        as much as sorid takes), then its answer read; @status and the close"""
        sock = connect(self.port)
        self.record.count("attack")
        # the throttle of failed attempts holds a refusal back up to 30 s
        sock.settimeout(60)
        chunk = b"\0" * 65536
        sent = 0
        try:
            sock.sendall(head)
            while sent < body_bytes:
                n = sock.send(chunk[:min(len(chunk), body_bytes - sent)])
                sent += n
        except (ConnectionResetError, BrokenPipeError, socket.timeout):
            pass
        got, closed = receive_all(sock, 60)
        want = b"HTTP/1.1 %d " % status
        if not (got.startswith(want) and b"\r\nConnection: close\r\n" in got and closed):
            self.error(name, f"{status} with Connection: close, then the close (sent "
                       f"{sent} of {body_bytes} bytes)", f"{got[:60]!r}, closed {closed}")
        sock.close()

    def bigbody_whole(self):
        """an upload without a token sent whole: the client reads its 401"""
        size = self.s["attack_body_bytes"]
        self.refused("bigbody_whole",
                     b"PUT /v1/admin/venues/%s/media/x.mp4 HTTP/1.1\r\nHost: a\r\n"
                     b"Content-Type: video/mp4\r\nContent-Length: %d\r\n\r\n"
                     % (self.s["venue"].encode(), size), size, 401)

    def bigbody_half(self):
        """256 MiB announced without a token, some sent, then nothing"""
        self.refused("bigbody_half",
                     b"PUT /v1/admin/venues/%s/media/x.mp4 HTTP/1.1\r\nHost: a\r\n"
                     b"Content-Type: video/mp4\r\nContent-Length: 268435456\r\n\r\n"
                     % self.s["venue"].encode(), self.s["attack_body_bytes"] // 2, 401)

    def wrong_token(self):
        self.refused("wrong_token",
                     b"PUT /v1/admin/venues/%s/catalogue HTTP/1.1\r\nHost: a\r\n"
                     b"Authorization: Bearer sori_wrong\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 16000000\r\n\r\n" % self.s["venue"].encode(), 0, 401)

    def too_large(self):
        """a curator's upload over the limit: 413 from the head"""
        self.refused("too_large",
                     b"PUT /v1/admin/venues/%s/media/x.mp4 HTTP/1.1\r\nHost: a\r\n"
                     b"Authorization: Bearer %s\r\nContent-Type: video/mp4\r\n"
                     b"Content-Length: 300000000\r\n\r\n"
                     % (self.s["venue"].encode(), self.s["token"].encode()), 0, 413)

    def slowread(self):
        """readers of a large video that take nothing: let go at send-timeout"""
        path, size = self.s["video_path"], self.s["video_bytes"]
        socks = []
        for _ in range(self.s["attack_readers"]):
            sock = connect(self.port, rcvbuf=4096)
            sock.sendall(b"GET %s HTTP/1.1\r\nHost: a\r\n\r\n" % path.encode())
            socks.append(sock)
            self.record.count("attack")
        time.sleep(self.s["send_timeout"] + 3)
        for sock in socks:
            got, closed = receive_all(sock, 5)
            if not (closed and got.startswith(b"HTTP/1.1 200 ") and len(got) < size):
                self.error("slowread", "the start of a 200, then the close at send-timeout",
                           f"{got[:30]!r}, {len(got)} bytes, closed {closed}")
            sock.close()

    def slow_body(self):
        """a body that stalls: closed once it falls below body-min-rate"""
        sock = connect(self.port)
        self.record.count("attack")
        start = time.monotonic()
        sock.sendall(b"POST /v1/venues/%s/locate HTTP/1.1\r\nHost: a\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 16000\r\n\r\n"
                     b"{\"sightings\": [" % self.s["venue"].encode())
        got, closed = receive_all(sock, 20)
        took = time.monotonic() - start
        if not (closed and 9 <= took < 16 and (not got or got.startswith(b"HTTP/1.1 408 "))):
            self.error("slow_body", "the close between 9 and 16 s",
                       f"{got[:60]!r}, closed {closed} after {took:.1f} s")
        sock.close()

    def speech_odd_rate(self):
        """speech at a rate no app asks for: rendered (302), or 503 and
        Retry-After when the workers are busy"""
        for _ in range(3):
            rate = 80 + (self.turn * 7919 + int(time.monotonic() * 1000)) % 369
            sock = connect(self.port)
            self.record.count("attack")
            sock.sendall(b"GET /v1/venues/%s/exhibits/%s/audio?lang=ko&field=description"
                         b"&rate=%d HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                         % (self.s["venue"].encode(), self.s["exhibit"].encode(), rate))
            got, closed = receive_all(sock, 60)
            if not (closed and (got.startswith(b"HTTP/1.1 302 ") or
                                (got.startswith(b"HTTP/1.1 503 ") and
                                 b"\r\nRetry-After: " in got))):
                self.error("speech_odd_rate", "302, or 503 with Retry-After",
                           f"{got[:60]!r}, closed {closed}")
            sock.close()

    def many_connections(self):
        """many connections at once that say nothing, then go"""
        socks = []
        try:
            for _ in range(self.s["attack_connections"] * 4):
                socks.append(connect(self.port))
                self.record.count("attack")
            time.sleep(2)
            # each still taken: a request on the last is answered
            socks[-1].sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            got, closed = receive_all(socks[-1], 10)
            if not got.startswith(b"HTTP/1.1 200 "):
                self.error("many_connections", "200 on the last connection", got[:60])
        finally:
            for sock in socks:
                sock.close()
