"""test_40_standard_fields.py: the standard fields of contacts and leads,
the account hierarchy and a contact's further account relations, through
nginx (issue 16). A rep fills a contact's title, department, mobile,
preferred language and the do-not-call and email opt-out flags: the page
shows them (the flags as badges, the labels and the language translated
under zh-CN), the mobile is sealed in MariaDB (not in clear in the row,
with its blind index) and masked in the audit record. A lead's title,
source and rating are saved, shown, listed and filtered; converting it
copies the title to the contact. Bad input (an unknown list code, a text
too long) answers 400 with a clear message and saves nothing. An account
picks its parent: a cycle is refused with a clear message, the account
page shows the hierarchy as a tree (ancestors above, children below, each
a link), and an ancestor the rep may not view is "a record you cannot
open", never its name. A contact's further account relation with a role
shows on the contact page and on the account page, and is audited.
Self-contained: it makes its own records (the rep's scope is their own)."""
import json
import re
import uuid

from harness import get, mariadb
from test_12_mfa import csrf_of
from test_17_access import sessions
from test_24_lifecycle import create, form_post, version_of

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
TAG = "Sf" + uuid.uuid4().hex[:8]
MOBILE = "+41 79 555 12 34"
MOBILE_DIGITS = "41795551234"
STATE = {}


def page(session, path, headers=None):
    h = {"Cookie": session}
    h.update(headers or {})
    r = get(path, headers=h)
    assert r.status == 200, (path, r.status)
    return r


def main_of(r):
    return re.sub(r"\s+", " ", r.text[r.text.find("<main"):])


def words_of(r):
    """The main part's text without its tags: a message with its number reads as one sentence."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text[r.text.find("<main"):]))


def post_form(session, form_path, path, fields):
    """POSTs fields to path with the CSRF token (and version) of the form at form_path."""
    form = page(session, form_path)
    data = dict(fields, csrf=csrf_of(form.text))
    if 'name="version"' in form.text:
        data.setdefault("version", version_of(form))
    return form_post(path, session, data)


def contact_row(cid):
    return mariadb("SELECT CONCAT_WS('|', title, department, preferred_language, do_not_call, email_opt_out,"
                   " version) FROM contacts WHERE id = %s" % cid).stdout.strip()


def ready():
    """The rep's contact with every new field, and the accounts of the hierarchy."""
    if "cid" in STATE:
        return
    s = sessions()
    STATE["cid"] = create(s["sales-rep"], "/contacts/new", {
        "first_name": "Mia", "last_name": TAG, "allow_duplicate": "on", "title": "Head of Purchasing",
        "department": "Procurement", "mobile": MOBILE, "preferred_language": "de", "do_not_call": "1"})
    rep = s["sales-rep"]
    STATE["top"] = create(rep, "/accounts/new", {"name": "Top %s Holding" % TAG})
    STATE["mid"] = create(rep, "/accounts/new", {"name": "Mid %s AG" % TAG, "parent": STATE["top"]})
    STATE["leaf"] = create(rep, "/accounts/new", {"name": "Leaf %s GmbH" % TAG, "parent": STATE["mid"]})
    STATE["secret"] = create(s["administrator"], "/accounts/new", {"name": "Secret %s SA" % TAG})


def test_contact_fields_saved_and_shown():
    """title, department, mobile, language and do-not-call: stored, shown, the flag as a badge"""
    ready()
    rep = sessions()["sales-rep"]
    cid = STATE["cid"]
    assert contact_row(cid).split("|")[:5] == ["Head of Purchasing", "Procurement", "de", "1", "0"]
    text = main_of(page(rep, "/contacts/%s" % cid))
    for want in ("Head of Purchasing", "Procurement", "German", "Mobile", MOBILE_DIGITS, "Preferred language"):
        assert want in text, (want, text[:3000])
    assert re.search(r'<span class="badge badge-warn">Do not call</span>', text), text[:1500]
    assert "Email opt-out" not in text
    form = page(rep, "/contacts/%s/edit" % cid).text
    assert re.search(r'<option value="de" selected="selected">German</option>', form)
    assert re.search(r'id="do_not_call" name="do_not_call" value="1" checked="checked"', form)
    assert not re.search(r'id="email_opt_out"[^>]*checked', form)


def test_contact_fields_in_chinese():
    """under zh-CN the labels, the language and the badge are translated"""
    ready()
    text = main_of(page(sessions()["sales-rep"], "/contacts/%s" % STATE["cid"], ZH))
    for want in ("职位", "部门", "手机", "首选语言", "德语", "请勿致电"):
        assert want in text, (want, text[:3000])
    assert "German" not in text and "Do not call" not in text
    form = main_of(page(sessions()["sales-rep"], "/contacts/%s/edit" % STATE["cid"], ZH))
    assert "联系偏好" in form and "简体中文" in form


def test_mobile_sealed_in_mariadb():
    """the mobile is an envelope with a blind index, never in clear in the row or the audit record"""
    ready()
    cid = STATE["cid"]
    row = mariadb("SELECT HEX(mobile), mobile_bidx IS NOT NULL, LENGTH(mobile) FROM contacts WHERE id = %s"
                  % cid).stdout.split()
    assert len(row) == 3 and row[1] == "1" and int(row[2]) > len(MOBILE_DIGITS), row
    clear = mariadb("SELECT COUNT(*) FROM contacts WHERE id = %s AND (LOCATE('%s', mobile) > 0"
                    " OR LOCATE('795551234', mobile) > 0)" % (cid, MOBILE_DIGITS)).stdout.strip()
    assert clear == "0"
    assert MOBILE_DIGITS.encode().hex().upper() not in row[0]
    detail = mariadb("SELECT detail FROM audit_log WHERE action = 'record.create' AND object_type = 'contacts'"
                     " AND object_id = '%s'" % cid).stdout
    assert "mobile" in detail and MOBILE_DIGITS not in detail and "795551234" not in detail, detail


def test_contact_edit_clears_flag_and_audits():
    """unticking do-not-call and ticking email opt-out is saved and audited as a change"""
    ready()
    rep = sessions()["sales-rep"]
    cid = STATE["cid"]
    r = post_form(rep, "/contacts/%s/edit" % cid, "/contacts/%s/edit" % cid, {
        "first_name": "Mia", "last_name": TAG, "title": "Head of Purchasing", "department": "Procurement",
        "mobile": MOBILE, "preferred_language": "de", "email_opt_out": "1", "account": ""})
    assert r.status == 303, (r.status, main_of(r)[:1500])
    assert contact_row(cid).split("|")[3:5] == ["0", "1"]
    text = main_of(page(rep, "/contacts/%s" % cid))
    assert ">Email opt-out</span>" in text and ">Do not call</span>" not in text
    detail = mariadb("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_type = 'contacts'"
                     " AND object_id = '%s' ORDER BY seq DESC LIMIT 1" % cid).stdout.strip()
    d = json.loads(detail)
    assert d["before"].get("do_not_call") == "1" and d["after"].get("do_not_call") == "0", d
    assert d["after"].get("email_opt_out") == "1", d


def test_bad_contact_input_refused():
    """an unknown language, a title too long, a bad mobile, a forged flag: 400, clear message, nothing saved"""
    ready()
    rep = sessions()["sales-rep"]
    cid = STATE["cid"]
    before = contact_row(cid)
    base = {"first_name": "Mia", "last_name": TAG, "account": ""}
    for bad, message in (({"preferred_language": "xx"}, "Choose one of the options offered."),
                         ({"title": "x" * 101}, "Too long. Maximum number of characters: 100"),
                         ({"department": "d" * 101}, "Too long. Maximum number of characters: 100"),
                         ({"mobile": "call me"}, "Enter a valid phone number."),
                         ({"do_not_call": "maybe"}, "This checkbox sent an unexpected value.")):
        r = post_form(rep, "/contacts/%s/edit" % cid, "/contacts/%s/edit" % cid, dict(base, **bad))
        assert r.status == 400, (bad, r.status)
        assert message in words_of(r), (bad, words_of(r)[:2500])
    assert contact_row(cid) == before
    n = mariadb("SELECT COUNT(*) FROM contacts").stdout.strip()
    r = post_form(rep, "/contacts/new", "/contacts/new", {"first_name": "No", "last_name": TAG,
                                                          "preferred_language": "klingon", "allow_duplicate": "on"})
    assert r.status == 400 and "Choose one of the options offered." in r.text
    assert mariadb("SELECT COUNT(*) FROM contacts").stdout.strip() == n


def test_lead_fields_and_conversion_copies_title():
    """a lead's title, source and rating: saved, shown translated, listed, filtered; bad codes refused; conversion copies the title"""
    rep = sessions()["sales-rep"]
    lid = create(rep, "/leads/new", {"first_name": "Lou", "last_name": TAG, "company": "Lead %s Ltd" % TAG,
                                     "title": "CTO", "source": "cold_call", "rating": "hot", "status": "new"})
    row = mariadb("SELECT CONCAT_WS('|', title, source, rating) FROM leads WHERE id = %s" % lid).stdout.strip()
    assert row == "CTO|cold_call|hot"
    text = main_of(page(rep, "/leads/%s" % lid))
    assert "CTO" in text and "Cold call" in text and "Hot" in text and "cold_call" not in text
    zh = main_of(page(rep, "/leads/%s" % lid, ZH))
    assert "陌生电话" in zh and "评级" in zh and "来源" in zh and "职位" in zh
    listed = main_of(page(rep, "/leads?rating=hot&source=cold_call&q=" + TAG))
    assert "/leads/%s" % lid in listed and "Rating</span> <span>Hot</span></td>" in listed, listed[-3000:]
    assert "/leads/%s" % lid not in main_of(page(rep, "/leads?rating=cold&q=" + TAG))
    assert get("/leads?rating=lukewarm", headers={"Cookie": rep}).status == 400
    for bad, message in (({"source": "carrier-pigeon"}, "Choose one of the options offered."),
                         ({"rating": "boiling"}, "Choose one of the options offered."),
                         ({"title": "t" * 101}, "Too long. Maximum number of characters: 100")):
        fields = dict({"first_name": "Lou", "last_name": TAG, "company": "Lead %s Ltd" % TAG, "status": "new"}, **bad)
        r = post_form(rep, "/leads/%s/edit" % lid, "/leads/%s/edit" % lid, fields)
        assert r.status == 400 and message in words_of(r), (bad, r.status, words_of(r)[:2000])
    assert mariadb("SELECT CONCAT_WS('|', title, source, rating) FROM leads WHERE id = %s"
                   % lid).stdout.strip() == row
    r = post_form(rep, "/leads/%s" % lid, "/leads/%s/convert" % lid, {})
    assert r.status == 303, (r.status, main_of(r)[:1000])
    title = mariadb("SELECT c.title FROM contacts c JOIN deals d ON d.contact_id = c.id"
                    " JOIN leads l ON l.converted_deal_id = d.id WHERE l.id = %s" % lid).stdout.strip()
    assert title == "CTO"


def test_hierarchy_tree_shown():
    """the middle account shows its parent above and its child below, each a link, itself not a link"""
    ready()
    rep = sessions()["sales-rep"]
    text = main_of(page(rep, "/accounts/%s" % STATE["mid"]))
    assert "Account hierarchy" in text
    top = text.find('<a href="/accounts/%s">Top %s Holding</a>' % (STATE["top"], TAG))
    me = text.find('<strong aria-current="page">Mid %s AG</strong>' % TAG)
    leaf = text.find('<a href="/accounts/%s">Leaf %s GmbH</a>' % (STATE["leaf"], TAG))
    assert 0 < top < me < leaf, (top, me, leaf, text[:3000])
    assert re.search(r'<li class="level-0">\s*<a href="/accounts/%s">' % STATE["top"], text)
    assert re.search(r'<li class="level-2">\s*<a href="/accounts/%s">' % STATE["leaf"], text)
    # the top shows two levels below it
    text = main_of(page(rep, "/accounts/%s" % STATE["top"]))
    assert re.search(r'<li class="level-2">\s*<a href="/accounts/%s">' % STATE["leaf"], text), text[:3000]
    zh = main_of(page(rep, "/accounts/%s" % STATE["mid"], ZH))
    assert "客户层级" in zh
    form = main_of(page(rep, "/accounts/%s/edit" % STATE["mid"]))
    assert re.search(r'<option value="%s" selected="selected">Top %s Holding</option>' % (STATE["top"], TAG), form)


def test_parent_cycle_refused():
    """the top under its grandchild, an account its own parent: 400 with the cycle message, nothing saved"""
    ready()
    rep = sessions()["sales-rep"]
    for aid, parent, name in ((STATE["top"], STATE["leaf"], "Top %s Holding" % TAG),
                              (STATE["mid"], STATE["mid"], "Mid %s AG" % TAG)):
        before = mariadb("SELECT CONCAT(COALESCE(parent_id, 0), ':', version) FROM accounts WHERE id = %s"
                         % aid).stdout.strip()
        r = post_form(rep, "/accounts/%s/edit" % aid, "/accounts/%s/edit" % aid, {"name": name, "parent": parent})
        assert r.status == 400, (aid, parent, r.status)
        assert "An account cannot be its own parent account, directly or through other accounts." in main_of(r)
        assert mariadb("SELECT CONCAT(COALESCE(parent_id, 0), ':', version) FROM accounts WHERE id = %s"
                       % aid).stdout.strip() == before
    zh = post_form(rep, "/accounts/%s/edit" % STATE["top"], "/accounts/%s/edit" % STATE["top"],
                   {"name": "Top %s Holding" % TAG, "parent": STATE["leaf"]})
    assert zh.status == 400


def test_out_of_scope_parent_refused_and_hidden():
    """picking an account the rep may not view is refused; one set by others shows as a record you cannot open"""
    ready()
    rep = sessions()["sales-rep"]
    r = post_form(rep, "/accounts/%s/edit" % STATE["top"], "/accounts/%s/edit" % STATE["top"],
                  {"name": "Top %s Holding" % TAG, "parent": STATE["secret"]})
    assert r.status == 400 and "There is no such account." in main_of(r)
    assert "Secret %s" % TAG not in r.text
    assert mariadb("SELECT COALESCE(parent_id, 0) FROM accounts WHERE id = %s" % STATE["top"]).stdout.strip() == "0"
    mariadb("UPDATE accounts SET parent_id = %s WHERE id = %s" % (STATE["secret"], STATE["top"]))
    try:
        text = main_of(page(rep, "/accounts/%s" % STATE["mid"]))
        assert "A record you cannot open" in text and "Secret %s" % TAG not in text, text[:3000]
        assert "/accounts/%s\"" % STATE["secret"] not in text
        assert re.search(r'<li class="level-0">\s*<span class="hidden-record">A record you cannot open</span>', text)
        form = main_of(page(rep, "/accounts/%s/edit" % STATE["top"]))
        assert "A record you cannot open" in form and "Secret %s" % TAG not in form
        # keeping it while renaming is allowed
        r = post_form(rep, "/accounts/%s/edit" % STATE["top"], "/accounts/%s/edit" % STATE["top"],
                      {"name": "Top %s Holding" % TAG, "parent": STATE["secret"]})
        assert r.status == 303, (r.status, main_of(r)[:1500])
        admin = main_of(page(sessions()["administrator"], "/accounts/%s" % STATE["mid"]))
        assert "Secret %s SA" % TAG in admin
    finally:
        mariadb("UPDATE accounts SET parent_id = NULL WHERE id = %s" % STATE["top"])


def test_relation_with_role_on_both_pages():
    """a further account with a role: on the contact page and the account page, audited, removable"""
    ready()
    rep = sessions()["sales-rep"]
    cid = STATE["cid"]
    found = main_of(page(rep, "/contacts/%s?rel_q=Leaf+%s" % (cid, TAG)))
    assert '<option value="%s">Leaf %s GmbH</option>' % (STATE["leaf"], TAG) in found, found[-3000:]
    r = post_form(rep, "/contacts/%s" % cid, "/contacts/%s/relations" % cid,
                  {"account": STATE["leaf"], "role": "consultant"})
    assert r.status == 303, (r.status, main_of(r)[-1500:])
    text = main_of(page(rep, "/contacts/%s" % cid))
    assert re.search(r'<a href="/accounts/%s">Leaf %s GmbH</a></td>\s*<td>Consultant</td>' % (STATE["leaf"], TAG),
                     text), text[-3000:]
    account = main_of(page(rep, "/accounts/%s" % STATE["leaf"]))
    assert re.search(r'Related contacts.*<a href="/contacts/%s">Mia %s</a></td>\s*<td>Consultant</td>' % (cid, TAG),
                     account), account[-3000:]
    zh = main_of(page(rep, "/accounts/%s" % STATE["leaf"], ZH))
    assert "相关联系人" in zh and "顾问" in zh
    detail = mariadb("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_type = 'contacts'"
                     " AND object_id = '%s' AND detail LIKE '%%relation_added%%'" % cid).stdout.strip()
    assert json.loads(detail) == {"relation_added": {"account": int(STATE["leaf"]), "role": "consultant"}}, detail
    # the same pair again, an unknown role, an account out of scope: 400, nothing written
    n = mariadb("SELECT COUNT(*) FROM contact_account_relations WHERE contact_id = %s" % cid).stdout.strip()
    for fields, message in (({"account": STATE["leaf"], "role": "advisor"}, "related to this account already"),
                            ({"account": STATE["mid"], "role": "spy"}, "Choose one of the options offered."),
                            ({"account": STATE["secret"], "role": "advisor"}, "There is no such account.")):
        r = post_form(rep, "/contacts/%s" % cid, "/contacts/%s/relations" % cid, fields)
        assert r.status == 400 and message in main_of(r), (fields, r.status)
        assert "Secret %s" % TAG not in r.text
    assert mariadb("SELECT COUNT(*) FROM contact_account_relations WHERE contact_id = %s"
                   % cid).stdout.strip() == n


def test_relation_out_of_scope_and_removal():
    """a relation to an account the rep may not view shows without its name; removing one is audited"""
    ready()
    rep = sessions()["sales-rep"]
    cid = STATE["cid"]
    uid = mariadb("SELECT id FROM users WHERE username = 'admin'").stdout.strip() or "1"
    mariadb("INSERT INTO contact_account_relations (contact_id, account_id, role, created_by, created_at)"
            " VALUES (%s, %s, 'investor', %s, UTC_TIMESTAMP())" % (cid, STATE["secret"], uid))
    text = main_of(page(rep, "/contacts/%s" % cid))
    assert re.search(r'<span class="hidden-record">A record you cannot open</span></td>\s*<td>Investor</td>', text)
    assert "Secret %s" % TAG not in text and "/accounts/%s\"" % STATE["secret"] not in text
    admin = main_of(page(sessions()["administrator"], "/accounts/%s" % STATE["secret"]))
    assert "Mia %s" % TAG in admin and "Investor" in admin
    rid = mariadb("SELECT id FROM contact_account_relations WHERE contact_id = %s AND account_id = %s"
                  % (cid, STATE["leaf"])).stdout.strip()
    r = post_form(rep, "/contacts/%s" % cid, "/contacts/%s/relations/%s/delete" % (cid, rid), {})
    assert r.status == 303
    assert '/accounts/%s">Leaf' % STATE["leaf"] not in main_of(page(rep, "/contacts/%s" % cid))
    assert "Mia %s" % TAG not in main_of(page(rep, "/accounts/%s" % STATE["leaf"]))
    assert mariadb("SELECT COUNT(*) FROM audit_log WHERE object_type = 'contacts' AND object_id = '%s'"
                   " AND detail LIKE '%%relation_removed%%'" % cid).stdout.strip() == "1"
    # a relation id of another contact, or removed already: 404
    r = post_form(rep, "/contacts/%s" % cid, "/contacts/%s/relations/%s/delete" % (cid, rid), {})
    assert r.status == 404
