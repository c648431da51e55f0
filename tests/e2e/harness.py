"""harness.py: what every end-to-end test uses: the test instance's
address and files, an HTTPS client that verifies the instance's own
certificate, raw request sending for malformed input, and control of the
instance's processes through script/instance."""
import http.client
import os
import socket
import ssl
import subprocess
import time

ROOT = os.environ["CRM_ROOT"]
VAR = os.environ["CRM_TEST_VAR"]
URL = os.environ["CRM_TEST_URL"]
HOST, PORT = URL.split("://")[1].split(":")
PORT = int(PORT)
CERT = os.path.join(VAR, "tls", "ca.pem")


def instance_env():
    env = {}
    with open(os.path.join(VAR, "instance.env")) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            env[k] = v
    return env


BIN = instance_env()["BIN"]


def tls_context(minimum=None, maximum=None):
    ctx = ssl.create_default_context(cafile=CERT)
    if minimum:
        ctx.minimum_version = minimum
    if maximum:
        ctx.maximum_version = maximum
    return ctx


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # lower-cased names -> value (repeats joined by \n)
        self.body = body
        self.text = body.decode("utf-8", "replace")


def request(method, path, body=None, headers=None, timeout=10):
    """One request on a new connection; returns a Response."""
    conn = http.client.HTTPSConnection(HOST, PORT, context=tls_context(), timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        headers = {}
        for k, v in r.getheaders():
            k = k.lower()
            headers[k] = headers[k] + "\n" + v if k in headers else v
        return Response(r.status, headers, data)
    finally:
        conn.close()


def get(path, **kw):
    return request("GET", path, **kw)


def raw(data, timeout=10):
    """Sends raw bytes over TLS and returns (status, whole response bytes)."""
    with socket.create_connection((HOST, PORT), timeout=timeout) as s:
        with tls_context().wrap_socket(s, server_hostname="localhost") as t:
            t.sendall(data)
            chunks = []
            while True:
                try:
                    c = t.recv(65536)
                except (ConnectionResetError, ssl.SSLError):
                    break
                if not c:
                    break
                chunks.append(c)
    out = b"".join(chunks)
    try:
        status = int(out.split(b" ", 2)[1])
    except (IndexError, ValueError):
        status = 0
    return status, out


def instance(*args, check=True):
    return subprocess.run([os.path.join(ROOT, "script", "instance"), VAR] + list(args),
                          check=check, capture_output=True, text=True)


def master_pid():
    with open(os.path.join(VAR, "run", "crm-fcgi.pid")) as f:
        return int(f.read().strip())


def worker_pids():
    """Children of the crm-fcgi master."""
    m = master_pid()
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(m)], capture_output=True, text=True)
    return sorted(int(p) for p in out.stdout.split())


def wait_until(fn, timeout=15.0, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(step)
    return fn()


def mariadb(sql):
    """Runs SQL as the database root over the instance's socket."""
    return subprocess.run(["mariadb", "--defaults-file=" + os.path.join(VAR, "mariadb", "my.cnf"),
                           "-N", "-B", "crm"], input=sql, capture_output=True, text=True)


LEAK_MARKERS = ["mysql", "mariadb", "errno", ".c:", "Traceback", "SQL", "stack", "/work", "/src/"]


def no_internals(text):
    return not any(m.lower() in text.lower() for m in LEAK_MARKERS)
