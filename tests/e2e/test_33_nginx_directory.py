"""test_33_nginx_directory.py: the front end answers only for the
instance's own names (a forged Host is refused, never echoed into a
redirect), its own error pages are the house pages with no product name,
over HTTP/1.1 and HTTP/2 (404, 405, 400, 413, 414, 429 with Retry-After,
502 with the workers down); and the demo directory refuses anonymous
binds and reads, answers the nslcd bind account, and lets nobody else
write. Self-contained: the sign-in rate limit it exhausts has drained
again when it ends."""
import grp
import http.client
import os
import pwd
import re
import socket
import ssl
import subprocess
import tempfile
import time

from harness import CERT, HOST, PORT, ROOT, URL, VAR, get, instance, instance_env, request, tls_context
from test_11_signin import creds, sign_in

EVIL = "evil.example"
ERRORS_DIR = os.path.join(ROOT, "assets", "errors")


# --- helpers ------------------------------------------------------------

def _raw_tls(data, sni="localhost", timeout=10):
    """Sends bytes over TLS with the given SNI name (None: none, as for an
    IP address; the certificate is checked against the instance CA, not
    the name); returns all bytes answered."""
    ctx = tls_context()
    ctx.check_hostname = False
    chunks = []
    with socket.create_connection((HOST, PORT), timeout=timeout) as s:
        with ctx.wrap_socket(s, server_hostname=sni) as t:
            t.sendall(data)
            while True:
                try:
                    c = t.recv(65536)
                except (ConnectionResetError, ssl.SSLError, socket.timeout):
                    break
                if not c:
                    break
                chunks.append(c)
    return b"".join(chunks)


def _curl(*args, timeout=60):
    """curl against the instance (CA checked); returns (exit code, stdout)."""
    r = subprocess.run(["curl", "-s", "--cacert", CERT, "--max-time", "30"] + list(args),
                       capture_output=True, timeout=timeout)
    return r.returncode, r.stdout


def _curl_response(*args):
    """(status, headers lower-cased dict, body text) of one curl request, -D to stdout."""
    rc, out = _curl("-D", "-", *args)
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/[\d.]+ (\d{3})", lines[0]) if lines and lines[0] else None
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return (int(m.group(1)) if m else 0), headers, body.decode("utf-8", "replace"), rc


def _house_page(status, text, headers, what):
    """The house error page for STATUS: our stylesheet, header and title,
    both languages, and no product name in the page or its headers."""
    assert '<link rel="stylesheet" href="/assets/css/crm.css"/>' in text, (what, text[:300])
    assert '<header class="site-header"><a class="brand" href="/">CRM</a></header>' in text, (what, text[:300])
    assert re.search(r'<main class="error-page"><h1>%d [A-Z]' % status, text), (what, status, text[:400])
    assert 'lang="zh-CN"' in text, what
    assert "nginx" not in text.lower(), (what, text)
    for k, v in headers.items():
        assert "nginx" not in ("%s: %s" % (k, v)).lower(), (what, k, v)
    assert "server" not in headers, (what, headers.get("server"))


def _error_page_codes():
    """The statuses nginx/error-pages.conf.in gives a page, with the page."""
    codes = {}
    with open(os.path.join(ROOT, "nginx", "error-pages.conf.in")) as f:
        for line in f:
            m = re.match(r"\s*error_page\s+([\d ]+?)\s+(=\d+\s+)?(/\S+);", line)
            if m:
                for c in m.group(1).split():
                    codes[int(c)] = m.group(3)
    return codes


# --- Host: only the instance's own names --------------------------------

def _refused(out, what):
    """A refusal: no answer at all (444), or, when the TLS name (SNI) was one
    of ours and the instance asks for client certificates, nginx's 421
    (Misdirected Request) as the house page; never the forged name."""
    assert EVIL.encode() not in out, (what, out[:300])
    if out:
        assert out.startswith(b"HTTP/1.1 421 "), (what, out[:300])
        _house_page(421, out.decode("utf-8", "replace"), _headers_of(out), what)


def test_forged_host_refused():
    """Host: evil.example is refused without an answer, over HTTP/1.1 and HTTP/2, for assets, pages and /login"""
    for path in ("/assets/css", "/assets/css/crm.css", "/", "/login", "/healthz"):
        req = ("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (path, EVIL)).encode()
        # By IP address (no SNI, as browsers and curl do): no answer at all.
        out = _raw_tls(req, sni=None)
        assert out == b"", (path, out[:300])
        _refused(_raw_tls(req, sni="localhost"), path + " SNI localhost")
        conn = http.client.HTTPSConnection(HOST, PORT, context=tls_context(), timeout=10)
        try:
            conn.request("GET", path, headers={"Host": EVIL})
            try:
                r = conn.getresponse()
                raise AssertionError("answered %d for Host %s on %s" % (r.status, EVIL, path))
            except (http.client.RemoteDisconnected, ConnectionResetError):
                pass
        finally:
            conn.close()
        rc, body = _curl("--http2", "-D", "-", "-H", "Host: " + EVIL, URL + path)
        assert rc != 0 and EVIL.encode() not in body and b"HTTP/" not in body, (path, rc, body[:300])


def test_forged_host_never_echoed():
    """no Location, page or header ever names the forged Host (with a port too)"""
    for host in (EVIL, EVIL + ":" + str(PORT), "localhost.evil.example", "127.0.0.1.evil.example"):
        req = ("GET /assets/css HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % host).encode()
        for sni in (None, "localhost", EVIL):
            out = _raw_tls(req, sni=sni)
            assert b"evil" not in out.lower(), (host, sni, out[:300])


def test_own_names_served():
    """127.0.0.1 and localhost (with or without the port) are the site's names"""
    for host in ("127.0.0.1", "localhost", "localhost:%d" % PORT, "127.0.0.1:%d" % PORT, "LOCALHOST"):
        sni = "localhost" if host.lower().startswith("localhost") else None
        out = _raw_tls(("GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % host).encode(),
                       sni=sni)
        assert out.startswith(b"HTTP/1.1 200"), (host, out[:200])
    rc, out = _curl("--http2", URL + "/healthz")
    assert rc == 0 and out.strip() == b"ok", (rc, out)
    rc, out = _curl("--http2", "--resolve", "localhost:%d:127.0.0.1" % PORT,
                    "https://localhost:%d/healthz" % PORT)
    assert rc == 0 and out.strip() == b"ok", (rc, out)


def test_no_host_header():
    """HTTP/1.0 without Host (and without SNI) is refused; HTTP/1.1 without Host gets the house 400"""
    assert _raw_tls(b"GET /healthz HTTP/1.0\r\n\r\n", sni=None) == b""
    out = _raw_tls(b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n", sni=None)
    assert out.startswith(b"HTTP/1.1 400"), out[:200]
    _house_page(400, out.decode("utf-8", "replace"), _headers_of(out), "no Host")


def test_unknown_sni():
    """an unknown SNI name gets the instance's certificate, which does not name it (a checking
    client stops there); what follows is decided by Host: refused, or served for our own name"""
    ctx = tls_context()
    with socket.create_connection((HOST, PORT), timeout=10) as s:
        try:
            with ctx.wrap_socket(s, server_hostname=EVIL):
                raise AssertionError("the certificate verified for " + EVIL)
        except ssl.SSLCertVerificationError:
            pass
    out = _raw_tls(("GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % EVIL).encode(), sni=EVIL)
    assert out == b"", out[:200]
    out = _raw_tls(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", sni=EVIL)
    assert out.startswith(b"HTTP/1.1 200"), out[:200]


def _headers_of(out):
    head = out.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head)}


def test_no_redirect_names_a_host():
    """/assets/css (a directory) is the house 404 with no Location; nothing nginx sends carries an absolute Location"""
    r = get("/assets/css")
    assert r.status == 404 and "location" not in r.headers, (r.status, r.headers.get("location"))
    _house_page(404, r.text, r.headers, "/assets/css")
    status, headers, text, _ = _curl_response("--http2", URL + "/assets/css")
    assert status == 404 and "location" not in headers, (status, headers)
    # The configuration itself: relative redirects in both server blocks.
    with open(os.path.join(VAR, "nginx", "crm-site.conf")) as f:
        conf = f.read()
    assert conf.count("absolute_redirect off;") == 2, "absolute_redirect off missing"


# --- nginx's own error pages --------------------------------------------

def test_error_page_files():
    """every status nginx has a page for: the house page in both languages, no product name, the right title"""
    codes = _error_page_codes()
    for c in (400, 403, 404, 405, 413, 414, 429, 500, 502, 503, 504):
        assert c in codes, ("no error_page for", c)
    for c, uri in codes.items():
        shown = 400 if c in (494, 495, 496, 497) else c
        assert uri == "/assets/errors/%d.html" % shown, (c, uri)
        with open(os.path.join(ERRORS_DIR, "%d.html" % shown), encoding="utf-8") as f:
            text = f.read()
        _house_page(shown, text, {}, uri)
        assert "<title>%d " % shown in text, uri
    for name in os.listdir(ERRORS_DIR):
        assert int(name.split(".")[0]) in codes, ("a page no error_page uses", name)


def test_error_pages_not_reachable_directly():
    """the error pages are internal: typed in, they are 404"""
    r = get("/assets/errors/503.html")
    assert r.status == 404 and "503" not in r.text.split("<title>")[1].split("</title>")[0], r.status


def test_asset_404():
    """a missing asset: the house 404, over HTTP/1.1 and HTTP/2, without Server header"""
    r = get("/assets/css/nope.css")
    assert r.status == 404
    _house_page(404, r.text, r.headers, "asset 404 h1")
    status, headers, text, _ = _curl_response("--http2", URL + "/assets/css/nope.css")
    assert status == 404, status
    _house_page(404, text, headers, "asset 404 h2")


def test_405():
    """POST to an asset and TRACE: the house 405, over HTTP/1.1 and HTTP/2"""
    r = request("POST", "/assets/css/crm.css", body=b"x",
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 405, r.status
    _house_page(405, r.text, r.headers, "POST asset")
    status, headers, text, _ = _curl_response("--http2", "-d", "x", URL + "/assets/css/crm.css")
    assert status == 405, status
    _house_page(405, text, headers, "POST asset h2")
    out = _raw_tls(b"TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 405"), out[:100]
    _house_page(405, out.decode("utf-8", "replace"), _headers_of(out), "TRACE")


def test_413_http1_and_http2():
    """a body over the limit: the house 413 over HTTP/1.1 and over HTTP/2"""
    big = b"a=" + b"x" * (2 * 1024 * 1024)
    r = request("POST", "/", body=big, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 413, r.status
    _house_page(413, r.text, r.headers, "413 h1")
    with tempfile.NamedTemporaryFile() as f:
        f.write(big)
        f.flush()
        for path in ("/", "/login", "/contacts/import"):
            status, headers, text, _ = _curl_response("--http2", "--data-binary", "@" + f.name, URL + path)
            assert status == 413, (path, status, text[:200])
            _house_page(413, text, headers, "413 h2 " + path)


def test_400_pages():
    """malformed requests, headers too large and plain HTTP on the TLS port: the house 400"""
    cases = [
        (b"\x00\x01\x02 / HTTP/1.1\r\nHost: localhost\r\n\r\n", "garbage"),
        (b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", "dots"),
        (b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"b" * 20000 + b"\r\nConnection: close\r\n\r\n",
         "header too large"),
    ]
    for data, what in cases:
        out = _raw_tls(data)
        assert out.startswith(b"HTTP/1.1 400"), (what, out[:100])
        _house_page(400, out.decode("utf-8", "replace"), _headers_of(out), what)
    with socket.create_connection((HOST, PORT), timeout=10) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        out = b""
        while True:
            c = s.recv(65536)
            if not c:
                break
            out += c
    assert out.startswith(b"HTTP/1.1 400"), out[:100]
    _house_page(400, out.decode("utf-8", "replace"), _headers_of(out), "plain HTTP")


def test_414():
    """a URI over the header buffers: the house 414"""
    r = get("/healthz?q=" + "a" * 9000)
    assert r.status == 414, r.status
    _house_page(414, r.text, r.headers, "414")


def test_no_server_header_anywhere():
    """no Server header on pages, assets, worker errors, over HTTP/1.1 and HTTP/2"""
    for path in ("/", "/healthz", "/login", "/no-such-page", "/assets/css/crm.css"):
        r = get(path)
        assert "server" not in r.headers, (path, r.headers.get("server"))
        assert not any("nginx" in v.lower() for v in r.headers.values()), (path, r.headers)
        status, headers, _, _ = _curl_response("--http2", URL + path)
        assert status and "server" not in headers, (path, headers)


def _rate():
    """(attempts per second, burst, Retry-After nginx should send) of the
    instance's sign-in limit (--login-rate, --login-burst)."""
    env = instance_env()
    n, unit = re.match(r"(\d+)r/([sm])$", env["LOGIN_RATE"]).groups()
    n = int(n)
    if unit == "m":
        return n / 60.0, int(env.get("LOGIN_BURST", "5")), -(-60 // n)
    return float(n), int(env.get("LOGIN_BURST", "5")), 1


def _login_post_status():
    """POST /login without a CSRF token: 429 while nginx limits, else the worker's 403."""
    return request("POST", "/login", body=b"", headers={"Content-Type": "application/x-www-form-urlencoded"}).status


def test_429_retry_after():
    """more sign-in attempts than the rate and burst: the house 429 with Retry-After; the limit drains before the end"""
    per_sec, burst, retry_after = _rate()
    # Enough attempts, sent at once over HTTP/2, to exceed the burst plus
    # what the rate lets through in the seconds they take; bounded.
    n = min(burst + int(per_sec * 5) + 100, 1500)
    with tempfile.TemporaryDirectory() as d:
        rc, out = _curl("--http2", "--parallel", "--parallel-max", "100", "-d", "",
                        "-w", "%{http_code} %header{retry-after}\\n", "-o", os.path.join(d, "#1"),
                        URL + "/login?n=[1-%d]" % n, timeout=120)
        lines = out.decode().split("\n")
        limited = [i for i, line in enumerate(lines) if line.startswith("429")]
        try:
            assert limited, "no 429 among %d attempts: %s" % (n, sorted(set(lines)))
            statuses = set(line.split(" ")[0] for line in lines if line)
            assert statuses <= {"403", "429"}, statuses
            for i in limited:
                assert lines[i] == "429 %d" % retry_after, ("Retry-After", lines[i], retry_after)
            texts = [open(os.path.join(d, f), encoding="utf-8").read() for f in os.listdir(d)]
            t429 = [t for t in texts if "<title>429 " in t]
            assert t429, "no 429 page saved"
            _house_page(429, t429[0], {}, "429")
        finally:
            _wait_limit_drained(per_sec, burst)


def _wait_limit_drained(per_sec, burst):
    """Waits until a sign-in attempt passes nginx again, then until the whole
    burst is available again, so that later tests start with a fresh limit."""
    end = time.time() + 120
    while time.time() < end and _login_post_status() == 429:
        time.sleep(0.2)
    time.sleep(min((burst + 2) / per_sec, 60) + 0.5)


def test_502_workers_down():
    """with the workers stopped: the house 502 over HTTP/1.1 and HTTP/2; then they come back"""
    instance("app-stop")
    # nginx logs each of these at [crit] (no upstream socket); the query
    # string marks them as deliberate for the runner's log check (tests/run).
    try:
        r = get("/?expected-upstream-down")
        assert r.status == 502, r.status
        _house_page(502, r.text, r.headers, "502 h1")
        status, headers, text, _ = _curl_response("--http2", URL + "/contacts?expected-upstream-down")
        assert status == 502, status
        _house_page(502, text, headers, "502 h2")
    finally:
        instance("app-start")
    assert get("/healthz").status == 200


# --- the demo directory: nslcd's bind account reads, nobody else ----------

def _ldap(tool, *args, stdin=None):
    """An LDAP tool against the instance's demo directory; returns (exit code, stdout)."""
    uri = "ldap://127.0.0.1:%s/" % instance_env()["LDAP_PORT"]
    r = subprocess.run([tool, "-x", "-o", "nettimeout=5", "-H", uri] + list(args),
                       input=stdin, capture_output=True, text=True, timeout=30)
    return r.returncode, r.stdout


def _bind_account():
    """(bind DN, password file) of nslcd, as the instance's nslcd.conf names them."""
    with open(os.path.join(VAR, "ldap", "nslcd.conf")) as f:
        dn = [line.split(None, 1)[1].strip() for line in f if line.startswith("binddn ")]
    assert len(dn) == 1, "nslcd.conf has no binddn"
    return dn[0], os.path.join(VAR, "ldap", "bindpw")


def test_directory_anonymous_refused():
    """an anonymous bind is refused and an anonymous client reads no uid, group or shadowExpire"""
    rc, out = _ldap("ldapsearch", "-LLL", "-b", "dc=crm,dc=test", "(|(uid=*)(cn=*)(shadowExpire=*))")
    assert rc == 48 and out.strip() == "", (rc, out[:300])
    rc, out = _ldap("ldapwhoami")
    assert rc == 48, (rc, out)


def test_directory_bind_account_reads():
    """nslcd's bind account reads users, groups and shadowExpire, but no password"""
    dn, pw = _bind_account()
    rc, out = _ldap("ldapsearch", "-LLL", "-D", dn, "-y", pw, "-b", "dc=crm,dc=test",
                    "(|(uid=dora)(cn=crm-sales))", "uid", "shadowExpire", "memberUid", "userPassword")
    assert rc == 0, (rc, out)
    assert "uid: dora" in out and "shadowExpire: 1" in out and "memberUid:" in out, out
    assert "userPassword" not in out, out


def test_directory_nobody_else_writes():
    """neither the bind account nor a user may change an entry (only the rootdn writes)"""
    dn, pw = _bind_account()
    change = "dn: uid=sam,ou=people,dc=crm,dc=test\nchangetype: modify\nreplace: mail\nmail: x@crm.test\n"
    rc, _ = _ldap("ldapmodify", "-D", dn, "-y", pw, stdin=change)
    assert rc == 50, rc
    name, password = creds()["sales-rep"]
    with tempfile.NamedTemporaryFile("w") as f:
        f.write(password)
        f.flush()
        rc, _ = _ldap("ldapmodify", "-D", "uid=%s,ou=people,dc=crm,dc=test" % name, "-y", f.name, stdin=change)
    assert rc == 50, rc


def test_directory_secret_files():
    """the bind password is root's alone; nslcd.conf, which holds it too, is root:nslcd 0640"""
    for path, owner, group, mode in (("bindpw", "root", "root", 0o600), ("nslcd.conf", "root", "nslcd", 0o640)):
        st = os.stat(os.path.join(VAR, "ldap", path))
        got = (pwd.getpwuid(st.st_uid).pw_name, grp.getgrgid(st.st_gid).gr_name, st.st_mode & 0o777)
        assert got == (owner, group, mode), (path, got)


def test_sign_in_still_works():
    """a directory user still signs in through nslcd's bind account"""
    name, password = creds()["sales-rep"]
    r, session = sign_in(name, password)
    assert r.status == 303 and session, (r.status, r.text[:300])
