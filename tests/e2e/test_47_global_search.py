"""test_47_global_search.py: the global search (issue 17, README "Global
search"): the header's search box on every signed-in page, /search with
accounts, contacts, leads and deals grouped with counts, a Chinese full
name found by all four forms, an account name by a word inside it, the
record scope (a rep does not find another owner's contact), a masked field
that is no search key, and odd or overlong input answered with a clear
page, never a 5xx. Self-contained: it makes its own records (through the
forms, so the keys come from the triggers of sql/035_global_search.sql)."""
import re
import uuid
from urllib.parse import quote

from harness import get, mariadb
from test_17_access import sessions
from test_31_masked_search import REFUSED_EMAIL, create

TAG = "Gs" + uuid.uuid4().hex[:8]
# Each word of the account's name ends in W, so that a whole run's other
# "Trading" and "GmbH" accounts (more than a section shows) do not hide it.
W = uuid.uuid4().hex[:5]
STATE = {}


def search(session, q):
    return get("/search?q=" + quote(q, safe=""), headers={"Cookie": session})


def links(page, kind):
    return set(re.findall(r'href="/%s/(\d+)"' % kind, page.text))


def records():
    if "wang" not in STATE:
        rep = sessions()["sales-rep"]
        STATE["wang"] = create(rep, "contacts", {"first_name": "小明", "last_name": "王", "allow_duplicate": "on"})
        STATE["mail"] = create(rep, "contacts", {"first_name": "Mia", "last_name": TAG, "allow_duplicate": "on",
                                                 "email": "mia.%s@example.com" % TAG.lower()})
        STATE["acme"] = create(sessions()["administrator"], "accounts", {"name": "Acme%s Trading%s GmbH%s" % (W, W, W)})
        STATE["theirs"] = create(sessions()["sales-manager"], "contacts",
                                 {"first_name": "Otto", "last_name": TAG + "mgr", "allow_duplicate": "on"})
        STATE["lead"] = create(rep, "leads", {"first_name": "Lena", "last_name": TAG, "company": "Globex " + TAG,
                                              "status": "new"})
    return STATE


def test_header_box_on_every_signed_in_page():
    """a GET form with role=search and a label, to /search, on the pages a signed-in user opens"""
    rep = sessions()["sales-rep"]
    for path in ("/", "/contacts", "/accounts", "/leads", "/deals", "/account/sessions", "/search?q=x"):
        page = get(path, headers={"Cookie": rep})
        assert page.status == 200, (path, page.status)
        form = re.search(r'<form class="site-search wide-search" method="get" action="/search" role="search"'
                         r'.*?</form>', page.text, re.S)
        assert form, (path, page.text[:1500])
        assert '<label class="visually-hidden" for="site-search-q">' in form.group(0)
        assert 'id="menu-search-q"' in page.text              # the phone menu's own box
    assert 'action="/search"' not in get("/login").text


def test_signed_out_is_sent_to_sign_in():
    r = get("/search?q=a")
    assert r.status in (302, 303, 401, 403), r.status
    assert "/contacts/" not in r.text


def test_chinese_name_by_all_four_forms():
    """王小明 (given 小明, family 王) by full name with and without a space, family and given name"""
    r = records()
    rep = sessions()["sales-rep"]
    for q in ("王小明", "王 小明", "王", "小明", "小明王", "王\u3000小明"):
        page = search(rep, q)
        assert page.status == 200, (q, page.status)
        assert r["wang"] in links(page, "contacts"), (q, page.text[:3000])
    # Shown family name first in Chinese, given name first in English.
    zh = get("/search?q=" + quote("王小明"), headers={"Cookie": rep, "Accept-Language": "zh-CN"})
    assert "王小明" in zh.text or "王 小明" in zh.text


def test_account_name_contains_a_word():
    """"Trading" finds "Acme Trading GmbH", so do "acme", "gmbh" and "trading gmbh"; "rading" does not"""
    r = records()
    admin = sessions()["administrator"]
    for q in ("Trading", "trading", "Acme", "GmbH", "Trading%s GmbH" % W, "TRADING%sGMBH" % W.upper()):
        q = q if W in q else q + W
        page = search(admin, q)
        assert r["acme"] in links(page, "accounts"), (q, page.text[:3000])
    assert r["acme"] not in links(search(admin, "rading" + W), "accounts")


def test_results_grouped_with_counts():
    """each kind the user may view is a section with its count; a lead is found by its company"""
    r = records()
    page = search(sessions()["sales-rep"], TAG)
    assert page.status == 200
    for kind in ("Accounts", "Contacts", "Leads", "Deals"):
        assert re.search(r'<h2 id="search-%s"><span>%s</span> <span class="count">\((more than )?\d+\)</span>'
                         % (kind.lower(), kind), page.text), (kind, page.text[:3000])
    assert re.search(r'<h2 id="search-contacts"><span>Contacts</span> <span class="count">\(1\)</span>',
                     page.text), page.text[:3000]
    assert r["mail"] in links(page, "contacts")
    assert r["lead"] in links(page, "leads")
    assert r["lead"] in links(search(sessions()["sales-rep"], "globex " + TAG), "leads")
    assert "Results: <span>" in page.text


def test_rep_does_not_find_outside_scope():
    """the manager's contact is not found by the rep (own scope), but by the manager"""
    r = records()
    assert r["theirs"] not in links(search(sessions()["sales-rep"], TAG + "mgr"), "contacts")
    assert r["theirs"] in links(search(sessions()["sales-manager"], TAG + "mgr"), "contacts")
    assert r["theirs"] in links(search(sessions()["sales-manager"], "Otto " + TAG + "mgr"), "contacts")


def test_module_without_view_is_not_shown():
    """finance has no leads view: no leads section at all"""
    fin = sessions()["finance"]
    has_leads = mariadb("SELECT COUNT(*) FROM role_permissions p JOIN roles r ON r.id = p.role_id WHERE "
                        "r.name = 'finance' AND p.module = 'leads' AND p.action = 'view' AND p.scope <> 'none'"
                        ).stdout.strip()
    page = search(fin, TAG)
    assert page.status == 200
    assert ('id="search-leads"' in page.text) == (has_leads != "0"), page.text[:2000]


def test_masked_field_is_no_search_key():
    """the auditor sees contact email masked: searching it is refused and says nothing about a match"""
    r = records()
    email = "mia.%s@example.com" % TAG.lower()
    aud = search(sessions()["auditor"], email)
    assert aud.status == 200, aud.status
    assert REFUSED_EMAIL in aud.text
    assert r["mail"] not in links(aud, "contacts")
    miss = search(sessions()["auditor"], "nobody.%s@example.com" % TAG.lower())
    strip = lambda t: re.sub(r"[a-z0-9.]+(@|%40)example\.com|[0-9a-f]{32,64}", "", t)
    assert strip(aud.text) == strip(miss.text)
    # The rep sees email in clear and finds the contact by it.
    assert r["mail"] in links(search(sessions()["sales-rep"], email), "contacts")


def test_empty_overlong_and_odd_input():
    """a clear page for every input, never a 5xx; LIKE wildcards are literal"""
    records()
    rep = sessions()["sales-rep"]
    empty = get("/search", headers={"Cookie": rep})
    assert empty.status == 200 and "Type a name" in empty.text
    assert "Type a name" in search(rep, "   ").text
    long = search(rep, "a" * 201)
    assert long.status == 400 and "at most 200 characters" in long.text, long.status
    assert search(rep, "a" * 200).status == 200
    for q in ('"', "'", "%", "_", "\\", "%%", "_%", "a'--", "\x01\x02x", "\x7f", "<script>", "王%", "小_"):
        page = search(rep, q)
        assert page.status in (200, 400), (q, page.status)
        assert "<script>" not in page.text.replace('<script src', '')
        # A wildcard is a character, not "anything": it does not find 王小明.
        if q in ("%", "_", "%%", "_%", "王%", "小_"):
            assert STATE["wang"] not in links(page, "contacts"), q
    # Bytes that are not UTF-8: the request layer's house 400 page (before the handler).
    bad = get("/search?q=%ff%fe", headers={"Cookie": rep})
    assert bad.status == 400 and "Bad request" in bad.text, bad.status


def test_keys_follow_edits_and_purge():
    """a new contact has its four keys; renaming moves them in the same write (the triggers)"""
    r = records()
    n = mariadb("SELECT COUNT(*) FROM contact_search_keys WHERE record_id = %s" % r["wang"]).stdout.strip()
    assert n == "4", n
    keys = mariadb("SELECT skey FROM contact_search_keys WHERE record_id = %s ORDER BY skey"
                   % r["wang"]).stdout.split()
    assert sorted(keys) == sorted(["王小明", "小明王", "王", "小明"]), keys
    mariadb("UPDATE contacts SET last_name = '%sz' WHERE id = %s" % (TAG, r["mail"]))
    keys = mariadb("SELECT skey FROM contact_search_keys WHERE record_id = %s" % r["mail"]).stdout.split()
    assert ("%sz" % TAG).lower() in [k.lower() for k in keys] and TAG not in keys, keys
    assert r["mail"] in links(search(sessions()["sales-rep"], "Mia " + TAG + "z"), "contacts")


def test_scoped_walk_is_bounded_and_says_so():
    """a rep who sees only their own records walks at most 500 keys of a prefix and is told to type more"""
    r = records()
    prefix = "walk" + TAG.lower()
    # 600 keys with one prefix, all of the manager's contact (a key row is
    # all the search reads before it joins the record, so 600 keys are as
    # many names beginning with the prefix as far as the walk is concerned)
    rows = ",".join("('%s%03d', %s)" % (prefix, i, r["theirs"]) for i in range(600))
    done = mariadb("INSERT INTO contact_search_keys (skey, record_id) VALUES %s" % rows)
    assert done.returncode == 0, done.stderr
    try:
        rep = search(sessions()["sales-rep"], prefix)
        assert rep.status == 200 and "Type more of the name." in rep.text, rep.text[:3000]
        assert r["theirs"] not in links(rep, "contacts")
        mgr = search(sessions()["sales-manager"], prefix)     # the first keys are his record's
        assert mgr.status == 200 and r["theirs"] in links(mgr, "contacts")
        admin = search(sessions()["administrator"], prefix)   # scope all: every record counts
        assert admin.status == 200 and r["theirs"] in links(admin, "contacts")
        assert "Type more of the name." not in admin.text
        few = search(sessions()["sales-rep"], prefix + "00")  # 10 keys: the walk is not cut
        assert few.status == 200 and "Type more of the name." not in few.text
    finally:
        mariadb("DELETE FROM contact_search_keys WHERE skey LIKE '%s%%'" % prefix)
