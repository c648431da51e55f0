"""test_03_bad_input.py: malformed requests get a precise 4xx, no crash,
no internals; the service keeps answering afterwards."""
from harness import get, no_internals, raw, request


def _bad(path, expect=400):
    r = get(path)
    assert r.status == expect, (path, r.status)
    assert no_internals(r.text), r.text
    return r


def test_bad_percent_escapes():
    """bad percent-escapes in path and query: 400"""
    for p in ("/a%zz", "/%", "/%4", "/healthz?a=%zz", "/healthz?a=%", "/healthz?%g1=2"):
        _bad(p)


def test_invalid_utf8():
    """invalid UTF-8 (bad byte, overlong, surrogate) in path or query: 400"""
    for p in ("/%ff", "/%c0%af", "/%ed%a0%80", "/healthz?q=%c3%28", "/healthz?q=%f5%80%80%80"):
        _bad(p)


def test_nul_byte():
    """an encoded NUL byte: 400"""
    _bad("/healthz?q=a%00b")
    _bad("/a%00")


def test_valid_utf8_query_accepted():
    """a valid UTF-8 (Chinese) query value is accepted"""
    r = get("/healthz?name=%E5%BC%A0%E4%BC%9F")
    assert r.status == 200


def test_too_many_params():
    """a query with more fields than allowed: 400"""
    q = "&".join("k%d=v" % i for i in range(300))
    _bad("/healthz?" + q)


def test_uri_too_long():
    """a very long URI is refused with 414 (nginx or worker)"""
    r = get("/healthz?q=" + "a" * 9000)
    assert r.status == 414, r.status


def test_header_too_large():
    """an oversized header is refused with a 4xx"""
    r = get("/healthz", headers={"X-Big": "b" * 20000})
    assert 400 <= r.status < 500 and r.status != 404, r.status


def test_body_too_large():
    """a body over the limit gets 413"""
    r = request("POST", "/", body=b"a=" + b"x" * (2 * 1024 * 1024),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 413, r.status


def test_bad_content_length():
    """a malformed Content-Length is refused"""
    status, _ = raw(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n"
                    b"Connection: close\r\n\r\n")
    assert status == 400, status


def test_garbage_request_line():
    """a garbage request line gets 400, not a hang or a crash"""
    status, _ = raw(b"\x00\x01\x02 / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 400, status


def test_dot_segments():
    """encoded dot segments are refused or normalised, never served from outside"""
    status, body = raw(b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status in (400, 404), status
    assert b"root:" not in body


def test_still_healthy():
    """after all the above the service still answers"""
    assert get("/healthz").status == 200
