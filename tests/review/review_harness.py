"""Shared helpers for the `grader review` tests: grade a folder, run the
server (on a free port, read from its first line), HTTP requests, waiting
on conditions, and a minimal Chrome DevTools Protocol client over
--remote-debugging-pipe (Python standard library only: no npm, no network).

Everything started here is stopped by the pid this module got when it
started it; nothing is killed by name.
"""
import base64
import json
import os
import select
import signal
import socket
import subprocess
import tempfile
import threading
import time


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


# What the DevTools protocol answers to an evaluation during a navigation.
NAVIGATING = ("Inspected target navigated or closed", "Execution context was destroyed",
              "Cannot find context with specified id")


def wait_for(predicate, what, timeout=60.0, interval=0.1):
    """Polls `predicate` until it returns a truthy value; fails naming `what`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
        except Failure as e:
            # A page that is being replaced (a navigation started by a click
            # or Page.navigate) cannot evaluate yet: not an answer, ask again.
            if not any(m in str(e) for m in NAVIGATING):
                raise
            last = None
        if last:
            return last
        time.sleep(interval)
    raise Failure("timed out after %.0fs waiting for %s (last: %r)" % (timeout, what, last))


def grade(grader, rubric, inputs, out):
    r = subprocess.run([grader, "grade", "--rubric", rubric] + inputs + ["--out", out, "--quiet"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=300)
    check(r.returncode == 0, "grader grade failed (%d): %s" % (r.returncode, r.stdout.decode(errors="replace")))
    return r.stdout.decode()


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class ReviewServer:
    """`grader review DIR --port 0`; .url once it listens."""

    def __init__(self, grader, folder, extra=()):
        self.proc = subprocess.Popen([grader, "review", folder, "--port", "0"] + list(extra),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.output = b""
        deadline = time.monotonic() + 60
        while b"\n" not in self.output:
            left = deadline - time.monotonic()
            check(left > 0 and self.proc.poll() is None,
                  "grader review did not start: %s" % self.output.decode(errors="replace"))
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                check(chunk, "grader review exited: %s" % self.output.decode(errors="replace"))
                self.output += chunk
        lines = self.output.decode().splitlines()
        url_line = [l for l in lines if l.startswith("review: http://")]
        check(url_line, "no URL in: %r" % lines)
        self.url = url_line[0].split()[1]
        host_port = self.url[len("http://"):].rstrip("/")
        self.host, port = host_port.rsplit(":", 1)
        self.port = int(port)

    def stop(self):
        """SIGTERM, then the exit code (SIGKILL after 30 s)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rest = self.proc.stdout.read() if self.proc.stdout else b""
        self.output += rest or b""
        self.proc.stdout.close()
        return self.proc.returncode

    def raw(self, data, timeout=10.0):
        """Sends raw bytes; returns (status or None, headers text, body bytes)."""
        s = socket.create_connection((self.host, self.port), timeout=timeout)
        try:
            try:
                s.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass
            got = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    break
                if not chunk:
                    break
                got += chunk
                head, sep, body = got.partition(b"\r\n\r\n")
                if sep:
                    length = None
                    for line in head.split(b"\r\n")[1:]:
                        k, _, v = line.partition(b":")
                        if k.strip().lower() == b"content-length":
                            length = int(v.strip())
                    if length is not None and len(body) >= length:
                        break
        finally:
            s.close()
        head, _, body = got.partition(b"\r\n\r\n")
        first = head.split(b"\r\n", 1)[0].split()
        status = int(first[1]) if len(first) >= 2 and first[1].isdigit() else None
        return status, head.decode(errors="replace"), body

    def request(self, method, path, body=None, headers=None):
        h = {"Host": "%s:%d" % (self.host, self.port), "Connection": "close"}
        h.update(headers or {})
        data = b"" if body is None else (body if isinstance(body, bytes) else body.encode())
        if body is not None:
            h.setdefault("Content-Type", "application/json")
            h["Content-Length"] = str(len(data))
        req = "%s %s HTTP/1.1\r\n" % (method, path) + "".join("%s: %s\r\n" % kv for kv in h.items()) + "\r\n"
        return self.raw(req.encode() + data)

    def get_json(self, path):
        status, _, body = self.request("GET", path)
        check(status == 200, "GET %s: %r" % (path, status))
        return json.loads(body)

    def decide(self, items, credit, comment="", who=""):
        body = json.dumps({"items": [{"submission": s, "item": i} for s, i in items], "credit": credit,
                           "comment": comment, "who": who})
        status, _, reply = self.request("POST", "/api/decide", body)
        return status, json.loads(reply) if reply else None


class Chromium:
    """Headless chromium driven over --remote-debugging-pipe (fds 3 and 4)."""

    FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio"]

    def __init__(self, binary="chromium"):
        self.profile = tempfile.mkdtemp(prefix="grader-review-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def child_fds():
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen([binary] + self.FLAGS + ["--user-data-dir=" + self.profile,
                                                              "--remote-debugging-pipe", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=child_fds, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self._next = 0
        self._replies = {}
        self._events = []
        self._cv = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session = None

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cv:
                    self._replies[None] = "closed"
                    self._cv.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                m = json.loads(msg)
                with self._cv:
                    if "id" in m:
                        self._replies[m["id"]] = m
                    else:
                        self._events.append(m)
                    self._cv.notify_all()

    def send(self, method, params=None, session=True, timeout=60.0):
        with self._cv:
            self._next += 1
            mid = self._next
        msg = {"id": mid, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self._to_child, data)
            data = data[n:]
        deadline = time.monotonic() + timeout
        with self._cv:
            while mid not in self._replies:
                check(None not in self._replies, "chromium closed the pipe during %s" % method)
                left = deadline - time.monotonic()
                check(left > 0, "no reply to %s" % method)
                self._cv.wait(left)
            reply = self._replies.pop(mid)
        check("error" not in reply, "%s failed: %s" % (method, reply.get("error")))
        return reply.get("result", {})

    def open_page(self, width=1280, height=900):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def js(self, expression):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        check("exceptionDetails" not in r, "script failed: %s: %s" % (expression[:200], r.get("exceptionDetails")))
        return r.get("result", {}).get("value")

    def navigate(self, url):
        self.send("Page.navigate", {"url": url})
        wait_for(lambda: self.js("document.readyState === 'complete' && document.body && document.body.dataset.ready === '1' "
                                 "&& location.href === %s" % json.dumps(url)),
                 "%s to load" % url)

    def click(self, selector_js):
        """Clicks the centre of the element `selector_js` evaluates to, with real mouse events."""
        pos = self.js("(() => { const el = %s; if (!el) return null; el.scrollIntoView({block: 'center'});"
                      " const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
                      % selector_js)
        check(pos, "nothing to click: %s" % selector_js)
        x, y = pos
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        self.send("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left", "clickCount": 1})
        self.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y, "button": "left", "clickCount": 1})

    def type_text(self, text):
        self.send("Input.insertText", {"text": text})

    def key(self, key):
        code = "Key" + key.upper()
        vk = ord(key.upper())
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": key, "code": code, "text": key,
                                             "windowsVirtualKeyCode": vk})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk})

    def screenshot(self, path, element_js=None):
        params = {"format": "png"}
        if element_js:
            rect = self.js("(() => { const el = %s; el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
                           " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()" % element_js)
            params["clip"] = {"x": rect[0] - 4, "y": rect[1] - 4, "width": rect[2] + 8, "height": rect[3] + 8, "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close", session=False, timeout=10)
                except Failure:
                    pass
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()  # the process this object started
                    self.proc.wait()
        finally:
            for fd in (self._to_child, self._from_child):
                try:
                    os.close(fd)
                except OSError:
                    pass
            subprocess.run(["rm", "-rf", self.profile])
