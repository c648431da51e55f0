"""test_08_pages_i18n.py: pages come from the template engine in English
and Simplified Chinese; forms validate, keep input, carry CSRF tokens and
redirect after POST with a flash message; markup is accessible and free of
inline script and style."""
import html.parser
import re
import uuid

from harness import get, no_internals, request

PAGES = ["/", "/login", "/account/language", "/no-such-page", "/healthz?q=%c3%28"]
ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}


class Markup(html.parser.HTMLParser):
    """Collects visible text, labels, form controls and forbidden markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.labels, self.controls, self.bad = [], set(), [], []
        self.lang, self.landmarks, self.skip = None, set(), 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("script", "style") or "style" in a or any(k.startswith("on") for k in a):
            self.bad.append(tag)
        if tag in ("main", "header", "footer", "nav"):
            self.landmarks.add(tag)
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append(a.get("id"))
        if tag in ("title", "code"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("title", "code"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def parse(text):
    m = Markup()
    m.feed(text)
    return m


def english_words(text):
    """Words of 3+ ASCII letters that a Chinese page should not show."""
    allowed = {"CRM", "English", "YYYY", "MM", "DD"}
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in allowed]


def test_every_page_in_both_languages():
    """each page renders in en and zh-CN, with lang set and no untranslated text"""
    for path in PAGES:
        en = get(path)
        zh = get(path, headers=ZH)
        assert en.status == zh.status, (path, en.status, zh.status)
        pe, pz = parse(en.text), parse(zh.text)
        assert pe.lang == "en" and pz.lang == "zh-CN", (path, pe.lang, pz.lang)
        leftovers = english_words(" ".join(pz.text))
        assert not leftovers, (path, leftovers)
        assert re.search(r"[\u4e00-\u9fff]", " ".join(pz.text)), path
        assert en.text != zh.text


def test_markup_accessible_and_strict():
    """landmarks, a label for every input, no inline script, style or handlers"""
    for path in PAGES:
        m = parse(get(path).text)
        assert {"main", "header", "footer"} <= m.landmarks, (path, m.landmarks)
        for cid in m.controls:
            assert cid and cid in m.labels, (path, cid, m.labels)
        assert not m.bad, (path, m.bad)


def test_error_pages_house_style():
    """400, 404 and 405 pages are the house page with the request id, no internals"""
    for method, path, status in (("GET", "/healthz?q=%ff", 400), ("GET", "/nope", 404), ("PUT", "/", 405)):
        r = request(method, path)
        assert r.status == status, (path, r.status)
        assert 'class="error-page"' in r.text and r.headers["x-request-id"] in r.text
        assert no_internals(r.text)


def _token(cookies):
    r = get("/account/language", headers={"Cookie": cookies} if cookies else {})
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text)
    assert m, "no CSRF field in the form"
    set_cookie = r.headers.get("set-cookie", "")
    c = re.search(r"__Host-csrf=([0-9a-f]{64})", set_cookie)
    return m.group(1), (c.group(1) if c else None), set_cookie


def test_csrf_cookie_attributes():
    """the CSRF cookie is __Host-, Secure, HttpOnly, SameSite=Strict and matches the form"""
    field, cookie, raw = _token(None)
    assert cookie == field
    for attr in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/"):
        assert attr in raw, raw


def _post_language(lang, token, cookie, extra_cookie=""):
    body = "csrf=%s&lang=%s" % (token, lang)
    cookies = "__Host-csrf=%s%s" % (cookie, extra_cookie)
    return request("POST", "/account/language", body=body.encode(),
                   headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies})


def test_post_redirect_get_with_flash():
    """a valid POST sets the language, redirects, and the next page shows the flash once"""
    token, cookie, _ = _token(None)
    r = _post_language("zh-CN", token, cookie)
    assert r.status == 303 and r.headers.get("location") == "/account/language", r.status
    setc = r.headers.get("set-cookie", "")
    assert "__Host-lang=zh-CN" in setc and "__Host-flash=" in setc, setc
    flash = re.search(r"__Host-flash=(\d+)", setc).group(1)
    jar = "__Host-csrf=%s; __Host-lang=zh-CN; __Host-flash=%s" % (cookie, flash)
    page = get("/account/language", headers={"Cookie": jar})
    assert 'class="flash"' in page.text and "您的语言设置已保存" in page.text
    assert 'lang="zh-CN"' in page.text and 'value="zh-CN" selected="selected"' in page.text
    assert "__Host-flash=; " in page.headers.get("set-cookie", ""), "flash not cleared"
    again = get("/account/language", headers={"Cookie": "__Host-csrf=%s; __Host-lang=zh-CN" % cookie})
    assert 'class="flash"' not in again.text


def test_csrf_missing_or_wrong_refused():
    """a POST without the right token gets 403 and changes nothing"""
    token, cookie, _ = _token(None)
    for t, c in (("", cookie), ("0" * 64, cookie), (token, "f" * 64), (token.upper(), cookie)):
        r = _post_language("zh-CN", t, c)
        assert r.status == 403, (t[:8], r.status)
        assert "__Host-lang" not in r.headers.get("set-cookie", "")


def test_invalid_choice_comes_back_with_message():
    """an invalid value returns the form with a message beside the field"""
    token, cookie, _ = _token(None)
    for bad in ("fr", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", ""):
        r = _post_language(bad, token, cookie)
        assert r.status == 400, (bad, r.status)
        assert 'class="field-error"' in r.text and 'id="lang-error"' in r.text
        assert "<script>" not in r.text
        assert "__Host-lang" not in r.headers.get("set-cookie", "")


def test_multipart_form_accepted():
    """the same form posted as multipart/form-data is decoded and accepted"""
    token, cookie, _ = _token(None)
    b = "----crm" + uuid.uuid4().hex
    body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nen\r\n--%s--\r\n") % (b, token, b, b)
    r = request("POST", "/account/language", body=body.encode(),
                headers={"Content-Type": "multipart/form-data; boundary=" + b,
                         "Cookie": "__Host-csrf=" + cookie})
    assert r.status == 303, r.status
    bad = request("POST", "/account/language", body=b"--x\r\nbroken",
                  headers={"Content-Type": "multipart/form-data; boundary=x", "Cookie": "__Host-csrf=" + cookie})
    assert bad.status == 400 and no_internals(bad.text)


def test_unsupported_media_type():
    """a JSON body gets 415"""
    r = request("POST", "/account/language", body=b'{"lang":"en"}', headers={"Content-Type": "application/json"})
    assert r.status == 415, r.status


def test_language_cookie_beats_accept_language():
    """the user's setting wins over the browser's Accept-Language"""
    r = get("/", headers={"Accept-Language": "zh-CN", "Cookie": "__Host-lang=en"})
    assert 'lang="en"' in r.text
    r = get("/", headers={"Accept-Language": "en", "Cookie": "__Host-lang=zh-CN"})
    assert 'lang="zh-CN"' in r.text
    r = get("/", headers={"Cookie": "__Host-lang=<script>"})
    assert r.status == 200 and 'lang="en"' in r.text
