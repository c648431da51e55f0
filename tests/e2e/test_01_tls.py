"""test_01_tls.py: the TLS policy and the security headers nginx adds."""
import socket
import ssl

from harness import HOST, PORT, get, request, tls_context


def _handshake(minimum, maximum):
    ctx = tls_context(minimum, maximum)
    try:
        ctx.set_ciphers("ALL:@SECLEVEL=0")
    except ssl.SSLError:
        pass
    with socket.create_connection((HOST, PORT), timeout=5) as s:
        try:
            with ctx.wrap_socket(s, server_hostname="localhost") as t:
                return t.version()
        except (ssl.SSLError, ConnectionResetError):
            return None


def test_tls13():
    """TLS 1.3 is accepted and the certificate verifies"""
    assert _handshake(ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_3) == "TLSv1.3"


def test_tls12():
    """TLS 1.2 is accepted"""
    assert _handshake(ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_2) == "TLSv1.2"


def test_tls11_refused():
    """TLS 1.1 and 1.0 are refused"""
    for v in (ssl.TLSVersion.TLSv1_1, ssl.TLSVersion.TLSv1):
        try:
            got = _handshake(v, v)
        except ValueError:
            got = None  # the local OpenSSL cannot even offer it: also refused
        assert got is None, "handshake succeeded with %s" % got


def test_cbc_suite_refused():
    """a TLS 1.2 CBC suite (not in the intermediate profile) is refused"""
    ctx = tls_context(ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_2)
    ctx.set_ciphers("ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:AES128-SHA")
    with socket.create_connection((HOST, PORT), timeout=5) as s:
        try:
            with ctx.wrap_socket(s, server_hostname="localhost"):
                raise AssertionError("CBC suite negotiated")
        except (ssl.SSLError, ConnectionResetError):
            pass


HEADER_PATHS = ["/", "/healthz", "/no-such-page", "/assets/css/crm.css", "/a%zz"]


def test_security_headers_everywhere():
    """HSTS, CSP, nosniff, frame-ancestors and Referrer-Policy on pages, errors and assets"""
    for path in HEADER_PATHS:
        r = get(path)
        h = r.headers
        assert "max-age=" in h.get("strict-transport-security", ""), path
        csp = h.get("content-security-policy", "")
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, (path, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (path, csp)
        assert h.get("x-content-type-options") == "nosniff", path
        assert h.get("referrer-policy") in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), path


def test_server_version_hidden():
    """no Server header: neither product nor version is named"""
    for path in ("/healthz", "/assets/css/crm.css", "/no-such-page"):
        r = get(path)
        assert "server" not in r.headers, (path, r.headers.get("server"))


def test_dynamic_pages_not_cached():
    """worker responses carry Cache-Control: no-store and a request id"""
    r = get("/")
    assert r.headers.get("cache-control") == "no-store"
    assert len(r.headers.get("x-request-id", "")) == 32
