"""cdp.py: drives headless Chromium through the DevTools protocol with the
standard library only (a minimal WebSocket client), so a test can set a
session cookie, open a page and take a screenshot of what a signed-in
user sees; and, for the browser checks (test_51, test_52), set the
viewport width, run axe-core on the loaded page, and take full-page
screenshots."""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request


class Browser:
    def __init__(self, width=1200, height=800):
        self.profile = tempfile.mkdtemp()
        self.port = _free_port()
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--ignore-certificate-errors", "--user-data-dir=" + self.profile,
             "--remote-debugging-port=%d" % self.port, "--window-size=%d,%d" % (width, height),
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.sock, self.next_id = None, 0
        for _ in range(100):
            try:
                tabs = json.load(urllib.request.urlopen("http://127.0.0.1:%d/json" % self.port, timeout=1))
                page = [t for t in tabs if t.get("type") == "page"][0]
                self._connect(page["webSocketDebuggerUrl"])
                break
            except (OSError, IndexError, ValueError):
                time.sleep(0.1)
        else:
            self.close()
            raise RuntimeError("chromium did not start")
        self.call("Page.enable")
        self.call("Network.enable")

    def _connect(self, url):
        host_port, path = url[len("ws://"):].split("/", 1)
        host, port = host_port.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, host_port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("websocket upgrade refused")

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        header = b"\x81" + (bytes([0x80 | n]) if n < 126 else
                            b"\xfe" + struct.pack(">H", n) if n < 65536 else b"\xff" + struct.pack(">Q", n))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise RuntimeError("devtools connection closed")
            buf += chunk
        return buf

    def _recv(self):
        message = b""
        while True:
            b1, b2 = self._recv_exact(2)
            n = b2 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._recv_exact(8))[0]
            message += self._recv_exact(n)
            if b1 & 0x80:
                return json.loads(message)

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = self._recv()
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})

    def open(self, url, cookies=(), timeout=20):
        """Sets cookies (name, value) for url's host and loads url."""
        for name, value in cookies:
            self.call("Network.setCookie", name=name, value=value, url=url, secure=True,
                      httpOnly=True, sameSite="Strict")
        self.call("Page.navigate", url=url)
        end = time.time() + timeout
        while time.time() < end:
            state = self.call("Runtime.evaluate", expression="document.readyState")
            if state.get("result", {}).get("value") == "complete":
                return
            time.sleep(0.1)

    def evaluate(self, expression, await_promise=False):
        """The value of a JavaScript expression in the page (JSON-able)."""
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                      awaitPromise=await_promise)
        if "exceptionDetails" in r:
            raise RuntimeError("script failed: %s" % r["exceptionDetails"].get("exception", {}).get(
                "description", r["exceptionDetails"].get("text")))
        return r.get("result", {}).get("value")

    def viewport(self, width, height=None):
        """Emulates a window width in CSS pixels (a phone below 500 px)."""
        self.call("Emulation.setDeviceMetricsOverride", width=width,
                  height=height or (844 if width < 500 else 900), deviceScaleFactor=1, mobile=width < 500)

    def go(self, url=None, script=None, timeout=20):
        """Loads url (or runs script, which navigates: a form submission)
        and waits until the NEW document has loaded: the old one is marked
        first, so its "complete" state is not taken for the new one's."""
        self.evaluate("window.__crmOld = true")
        if url:
            self.call("Page.navigate", url=url)
        else:
            self.evaluate(script)
        end = time.time() + timeout
        while time.time() < end:
            try:
                if self.evaluate("!window.__crmOld && document.readyState === 'complete'"):
                    return
            except RuntimeError:
                pass   # the old document went away during navigation
            time.sleep(0.05)
        raise RuntimeError("page did not finish loading: %s" % (url or script))

    def axe(self, source, tags, incomplete=False):
        """Injects axe-core (the text of axe.min.js) and runs it on the
        page for the given rule tags; returns the violations (and with
        incomplete, what axe could not decide, impact "needs review") as
        a list of {id, impact, help, targets}."""
        self.evaluate(source + "\n;0")
        script = ("axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: %s})"
                  ".then(r => r.violations.concat(%s).map(v => ({id: v.id, help: v.help,"
                  " impact: r.violations.includes(v) ? v.impact : 'needs review',"
                  " targets: v.nodes.map(n => n.target.join(' '))})))"
                  % (json.dumps(list(tags)), json.dumps(["violations", "incomplete"] if incomplete else ["violations"]),
                     "r.incomplete" if incomplete else "[]"))
        return self.evaluate(script, await_promise=True)

    def full_screenshot(self, path, width, max_height=8000):
        """The whole page (up to max_height px) at the emulated width, as PNG."""
        height = min(max(self.evaluate("document.documentElement.scrollHeight") or 1, 1), max_height)
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def text(self):
        return self.call("Runtime.evaluate", expression="document.body.innerText")["result"]["value"]

    def close(self):
        try:
            if self.sock:
                self.sock.close()
        finally:
            self.proc.kill()
            self.proc.wait()
            shutil.rmtree(self.profile, ignore_errors=True)


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
