"""test_37_account_fields.py: an account's standard fields through nginx
(issue 16): a rep creates an account with industry, website, phone,
billing and shipping address, employees and annual revenue in a
currency; its page shows them (the industry translated under zh-CN), the
list shows the industry; an edit carries the version check; bad input (a
website that is not http(s), negative employees, an unknown industry, a
revenue without currency) answers 400 with a clear message and saves
nothing."""
import re
import time
from urllib.parse import urlencode

from harness import get, mariadb, request
from test_11_signin import FORM
from test_12_mfa import csrf_of
from test_17_access import sessions

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
TAG = "F37x%d" % int(time.time())
STATE = {}

FULL = {"industry": "manufacturing", "website": "https://example.com/about", "phone": "+41 44 123 45 67",
        "billing_address": "Bahnhofstrasse 1\n8001 Zurich", "shipping_address": "Lagerweg 9\n8404 Winterthur",
        "employees": "250", "annual_revenue": "1,234,567.89", "revenue_currency": "CHF"}


def form_post(path, session, fields, headers=None):
    h = dict(FORM, Cookie=session)
    h.update(headers or {})
    return request("POST", path, body=urlencode(fields).encode(), headers=h)


def row(aid):
    return mariadb("SELECT industry, website, phone, employees, annual_revenue, revenue_currency, version"
                   " FROM accounts WHERE id = %s" % aid).stdout.strip()


def test_create_with_all_fields():
    """the form offers every field; an account with all of them is stored and shown"""
    rep = sessions()["sales-rep"]
    form = get("/accounts/new", headers={"Cookie": rep})
    assert form.status == 200
    for name in FULL:
        assert 'name="%s"' % name in form.text, name
    assert '<option value="manufacturing">Manufacturing</option>' in form.text
    r = form_post("/accounts/new", rep, dict(FULL, csrf=csrf_of(form.text), name=TAG + " Works"))
    assert r.status == 303, (r.status, r.text[:400])
    aid = r.headers["location"].rsplit("/", 1)[1]
    assert row(aid).split("\t")[:6] == ["manufacturing", "https://example.com/about", "+41441234567", "250",
                                        "123456789", "CHF"]
    page = get("/accounts/%s" % aid, headers={"Cookie": rep})
    assert page.status == 200
    for text in ("Manufacturing", "https://example.com/about", "+41441234567", "Bahnhofstrasse 1\n8001 Zurich",
                 "Lagerweg 9", "250", "1,234,567.89 CHF", "Annual revenue", "Billing address"):
        assert text in page.text, text
    rec = mariadb("SELECT detail FROM audit_log WHERE action = 'record.create' AND object_type = 'accounts'"
                  " AND object_id = '%s'" % aid).stdout
    assert "manufacturing" in rec and "example.com" in rec
    listing = get("/accounts?q=" + TAG, headers={"Cookie": rep})
    assert listing.status == 200 and "<th scope=\"col\">Industry</th>" in listing.text
    assert "Manufacturing" in listing.text
    STATE["aid"] = aid


def test_industry_translated():
    """under zh-CN the industry and the labels are shown translated, the stored code is not"""
    rep, aid = sessions()["sales-rep"], STATE["aid"]
    page = get("/accounts/%s" % aid, headers=dict(ZH, Cookie=rep))
    assert page.status == 200 and "制造业" in page.text and "行业" in page.text and "年收入" in page.text
    assert ">Manufacturing<" not in page.text and ">manufacturing<" not in page.text
    listing = get("/accounts?q=" + TAG, headers=dict(ZH, Cookie=rep))
    assert "制造业" in listing.text


def test_edit_with_version_check():
    """an edit changes the fields with the version it opened; a second edit from the old form conflicts"""
    rep, aid = sessions()["sales-rep"], STATE["aid"]
    form = get("/accounts/%s/edit" % aid, headers={"Cookie": rep})
    assert form.status == 200
    assert '<option value="manufacturing" selected="selected">' in form.text, form.text
    assert 'value="1,234,567.89"' in form.text and "Lagerweg 9" in form.text
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    base = dict(FULL, csrf=csrf_of(form.text), version=version, name=TAG + " Works")
    r = form_post("/accounts/%s/edit" % aid, rep, dict(base, industry="energy", employees="0", website="",
                                                        annual_revenue="1,234,567.89"))
    assert r.status == 303, (r.status, r.text[:400])
    assert row(aid).split("\t") == ["energy", "NULL", "+41441234567", "0", "123456789", "CHF",
                                    str(int(version) + 1)]
    r = form_post("/accounts/%s/edit" % aid, rep, dict(base, industry="media"))
    assert r.status == 409
    assert row(aid).startswith("energy\t")


def test_bad_input_saves_nothing():
    """bad website, negative employees, unknown industry, revenue without currency: 400, clear message, nothing saved"""
    rep, aid = sessions()["sales-rep"], STATE["aid"]
    before = row(aid)
    count = mariadb("SELECT COUNT(*) FROM accounts").stdout
    form = get("/accounts/%s/edit" % aid, headers={"Cookie": rep})
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    base = dict(FULL, csrf=csrf_of(form.text), version=version, name=TAG + " Works")
    cases = [({"website": "javascript:alert(1)"}, "Enter a web address beginning with http:// or https://."),
             ({"website": "ftp://example.com"}, "Enter a web address beginning with http:// or https://."),
             ({"employees": "-5"}, None),
             ({"industry": "piracy"}, None),
             ({"revenue_currency": ""}, "Choose the currency of the annual revenue.")]
    for change, msg in cases:
        for path in ("/accounts/%s/edit" % aid, "/accounts/new"):
            r = form_post(path, rep, dict(base, **change))
            assert r.status == 400, (change, path, r.status)
            assert 'class="field-error"' in r.text, change
            if msg:
                assert msg in r.text, (change, r.text[:2000])
    r = form_post("/accounts/%s/edit" % aid, rep, dict(base, employees="-5"), headers=ZH)
    assert r.status == 400 and "field-error" in r.text
    r = form_post("/accounts/new", rep, dict(base, website="mailto:x@example.com"), headers=ZH)
    assert r.status == 400 and "请输入以 http:// 或 https:// 开头的网址。" in r.text
    assert row(aid) == before
    assert mariadb("SELECT COUNT(*) FROM accounts").stdout == count
