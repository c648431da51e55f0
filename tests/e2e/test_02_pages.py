"""test_02_pages.py: the routes the skeleton serves, assets and error pages."""
from harness import get, no_internals, request


def test_healthz_ok():
    """/healthz answers 200 "ok" with the database reachable"""
    r = get("/healthz")
    assert r.status == 200 and r.text == "ok\n", (r.status, r.text)
    assert r.headers["content-type"].startswith("text/plain")


def test_head():
    """HEAD /healthz answers 200 with no body"""
    r = request("HEAD", "/healthz")
    assert r.status == 200 and r.body == b""


def test_home():
    """the start page is HTML in UTF-8"""
    r = get("/")
    assert r.status == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "<html" in r.text


def test_not_found():
    """an unknown path gets the house 404 page with a request id"""
    r = get("/contacts-nope")
    assert r.status == 404
    assert 'class="error-page"' in r.text and "<span>404</span>" in r.text
    assert r.headers["x-request-id"] in r.text
    assert no_internals(r.text)


def test_method_not_allowed():
    """POST to a GET-only route gets 405 with Allow"""
    r = request("POST", "/healthz", body=b"", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 405, r.status
    assert r.headers.get("allow") == "GET, HEAD"


def test_unknown_method():
    """an unknown method gets 405, never a crash"""
    for m in ("PUT", "DELETE", "BREW", "PATCH"):
        r = request(m, "/healthz")
        assert r.status == 405, (m, r.status)


def test_asset_served_by_nginx():
    """/assets/css/crm.css is served by nginx as text/css"""
    r = get("/assets/css/crm.css")
    assert r.status == 200
    assert r.headers["content-type"].startswith("text/css")
    assert "x-request-id" not in r.headers  # not a worker response


def test_assets_no_listing():
    """/assets/ lists no directory and nothing outside it is reachable"""
    assert get("/assets/").status in (403, 404)
    assert get("/assets/../README.md").status in (400, 403, 404)
    assert get("/assets/%2e%2e/README.md").status in (400, 403, 404)
