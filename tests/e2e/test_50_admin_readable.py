"""test_50_admin_readable.py: admin pages people can read (issue 17).
The role editor is a grid with translated module and action names whose
cells offer only the scopes that mean something (no own/team for the
administration modules other than Users), field rules named by their
labels (never an internal "f.accounts.tax_id" in the text or an
accessible name); saving first shows what would change and writes
nothing until confirmed. The audit trail names users and records,
shows a record update as "field: before -> after" lines with a link to
the record, not raw JSON. The contacts list has a company column (only
for an account the user may view) and its sorted column carries
aria-sort. Self-contained: signs in the administrator and the sales rep
(test_17's sessions)."""
import html
import json
import re
import uuid

from harness import get, mariadb, request
from test_12_mfa import csrf_of
from test_17_access import FORM, _role_form, _role_id, _save_role, sessions
from test_24_lifecycle import create, form_post, version_of

TAG = "Adm" + uuid.uuid4().hex[:8]
STATE = {}


def page(session, path, lang=None):
    headers = {"Cookie": session}
    if lang:
        headers["Accept-Language"] = lang
    r = get(path, headers=headers)
    assert r.status == 200, (path, r.status)
    return r


def visible_text(markup):
    """The page's text and its attribute values a screen reader may read."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", markup, flags=re.S)
    attrs = " ".join(re.findall(r'(?:aria-label|title|alt)="([^"]*)"', body))
    return html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + attrs)


def selects(markup):
    """{name: [option values]} of the page's selects."""
    out = {}
    for m in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', markup, re.S):
        out[m.group(1)] = re.findall(r'<option value="([^"]*)"', m.group(2))
    return out


def role_updates(rid):
    return mariadb("SELECT COUNT(*) FROM audit_log WHERE action = 'role.update' AND object_id = '%s'" % rid).stdout.strip()


def test_role_grid_translated_and_labelled():
    """the grid's rows are translated module names with th scope=row; no internal field code anywhere a person or a screen reader meets it"""
    admin = sessions()["administrator"]
    rid = _role_id("sales-rep")
    for lang, module, action in ((None, "Accounts", "View"), ("zh-CN", "客户", "查看")):
        r = page(admin, "/admin/roles/%s" % rid, lang)
        assert re.search(r'<th scope="row">%s</th>' % module, r.text), (lang, module)
        assert re.search(r'<th scope="col">%s</th>' % action, r.text), (lang, action)
        text = visible_text(r.text)
        assert not re.search(r"\b[pf]\.(accounts|contacts|deals|leads|admin)\.", text), re.findall(r"\b[pf]\.\w+\.\w+", text)
        assert "tax_id" not in text and "bank_account" not in text
    en = page(admin, "/admin/roles/%s" % rid)
    assert 'aria-label="Accounts: Tax number"' in en.text, \
        re.findall(r'aria-label="Accounts:[^"]*"', en.text)
    assert 'aria-label="Deals: View"' in en.text
    assert 'role="region"' in en.text and 'aria-labelledby="matrix-title"' in en.text


def test_admin_modules_offer_no_own_or_team():
    """records and Users keep own/team; roles, groups, audit, alerts and settings offer none and all only"""
    admin = sessions()["administrator"]
    sel = selects(page(admin, "/admin/roles/%s" % _role_id("sales-rep")).text)
    assert sel["p.deals.view"] == ["none", "own", "team", "all"], sel["p.deals.view"]
    assert sel["p.admin.users.edit"] == ["none", "own", "team", "all"]
    for mod in ("admin.roles", "admin.groups", "admin.audit", "admin.alerts", "admin.settings"):
        for act in ("view", "edit"):
            assert sel["p.%s.%s" % (mod, act)] == ["none", "all"], (mod, act, sel["p.%s.%s" % (mod, act)])
    # a forged own there is refused, nothing saved
    fields, csrf = _role_form(admin, _role_id("sales-rep"))
    before = role_updates(_role_id("sales-rep"))
    r = _save_role(admin, _role_id("sales-rep"), dict(fields, **{"p.admin.audit.view": "own"}), csrf)
    assert r.status == 400 and "none or all" in r.text, (r.status, r.text[:300])
    assert 'id="error-summary"' in r.text and 'href="#matrix"' in r.text
    assert role_updates(_role_id("sales-rep")) == before


def test_save_shows_summary_then_confirm_writes():
    """the first POST lists the changes and writes nothing; Back keeps them; Confirm writes and audits them"""
    admin = sessions()["administrator"]
    rid = _role_id("sales-rep")
    fields, csrf = _role_form(admin, rid)
    assert fields["p.deals.view"] == "own" and fields.get("f.deals.amount") == "hidden", fields
    changed = dict(fields, **{"p.deals.view": "team", "f.deals.amount": "masked"})
    before = role_updates(rid)
    r = _save_role(admin, rid, changed, csrf, step=None)
    assert r.status == 200, (r.status, r.text[:300])
    text = re.sub(r"\s+", " ", visible_text(r.text))
    assert "You are about to change" in text, text
    assert re.search(r"Setting Now After saving Deals: View Own Team", text), text
    assert re.search(r"Deals: Amount \(field rule\) Hidden Masked", text), text
    assert role_updates(rid) == before
    assert mariadb("SELECT scope FROM role_permissions p JOIN roles r ON r.id = p.role_id"
                   " WHERE r.name = 'sales-rep' AND module = 'deals' AND action = 'view'").stdout.strip() == "own"
    # the confirmation carries the same values and the CSRF token
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', r.text))
    assert hidden["p.deals.view"] == "team" and hidden["f.deals.amount"] == "masked" and hidden["csrf"] == csrf
    assert 'name="step" value="confirm"' in r.text and 'name="step" value="edit"' in r.text
    back = _save_role(admin, rid, hidden, csrf, step="edit")
    assert back.status == 200 and role_updates(rid) == before
    assert re.search(r'<select name="p.deals.view"[^>]*>.*?<option value="team" selected', back.text, re.S)
    zh = request("POST", "/admin/roles/%s" % rid, body=__import__("urllib.parse").parse.urlencode(
        dict(changed, csrf=csrf)).encode(), headers=dict(FORM, Cookie=admin, **{"Accept-Language": "zh-CN"}))
    assert zh.status == 200 and "商机: 查看" in zh.text, zh.text[:500]
    ok = _save_role(admin, rid, hidden, csrf, step="confirm")
    assert ok.status == 303, ok.status
    assert role_updates(rid) == str(int(before) + 1)
    rec = json.loads(mariadb("SELECT detail FROM audit_log WHERE action = 'role.update' ORDER BY seq DESC LIMIT 1").stdout)
    assert rec["permissions"] == {"deals.view": ["own", "team"]} and rec["fields"] == {"deals.amount": ["hidden", "masked"]}, rec
    # put it back (confirmed at once, as the other tests do)
    assert _save_role(admin, rid, fields, csrf).status == 303
    STATE["role_seq"] = mariadb("SELECT MAX(seq) FROM audit_log WHERE action = 'role.update'").stdout.strip()


def test_unchanged_form_says_nothing_changes():
    admin = sessions()["administrator"]
    rid = _role_id("finance")
    fields, csrf = _role_form(admin, rid)
    r = _save_role(admin, rid, fields, csrf, step=None)
    assert r.status == 200 and "Nothing would change" in r.text and 'value="confirm"' not in r.text


def test_audit_trail_names_and_readable_changes():
    """a record update shows "Field: before -> after" lines, the actor's and the record's names with a link; no JSON braces"""
    s = sessions()
    admin, rep = s["administrator"], s["sales-rep"]
    cid = create(rep, "/contacts/new", {"first_name": "Rea", "last_name": TAG, "allow_duplicate": "on"})
    form = page(rep, "/contacts/%s/edit" % cid)
    r = form_post("/contacts/%s/edit" % cid, rep, {"csrf": csrf_of(form.text), "version": version_of(form),
                                                   "first_name": "Reader", "last_name": TAG,
                                                   "title": "Buyer"})
    assert r.status == 303, (r.status, r.text[:400])
    trail = page(admin, "/admin/audit?action=record.update&object=contacts:%s" % cid)
    row = re.search(r"<tbody>(.*?)</tbody>", trail.text, re.S).group(1)
    text = re.sub(r"\s+", " ", visible_text(row))
    assert "sam" in text, text
    assert "First name Rea changed to Reader" in text, text
    assert "Title \u2014 changed to Buyer" in text, text
    assert "{" not in text and "}" not in text, text
    assert '<a href="/contacts/%s">Reader %s</a>' % (cid, TAG) in row, row
    when = re.search(r'<td class="when card-title"><span>([^<]*)</span>', row).group(1)
    assert not re.match(r"\d{4}-\d\d-\d\dT", when), when
    STATE["cid"] = cid
    # the role update of the test above reads as grants, not JSON
    roles = re.sub(r"\s+", " ", visible_text(page(admin, "/admin/audit?action=role.update").text))
    assert "Deals: View Own changed to Team" in roles, roles[:3000]
    assert "Deals: Amount (field rule) Hidden changed to Masked" in roles
    # in Chinese the field names are translated
    zh = re.sub(r"\s+", " ", visible_text(page(admin, "/admin/audit?action=record.update&object=contacts:%s" % cid, "zh-CN").text))
    assert "联系人" in zh and "名" in zh, zh[:2000]


def test_audit_trail_names_only_records_in_scope():
    """an auditor-like viewer with own scope sees the kind and id of a record it may not view, never its name"""
    s = sessions()
    admin = s["administrator"]
    secret = create(admin, "/accounts/new", {"name": "Hidden %s Ltd" % TAG})
    # give the sales rep the audit trail for a moment (confirmed at once)
    rid = _role_id("sales-rep")
    fields, csrf = _role_form(admin, rid)
    assert _save_role(admin, rid, dict(fields, **{"p.admin.audit.view": "all"}), csrf).status == 303
    try:
        trail = page(s["sales-rep"], "/admin/audit?action=record.create&object=accounts:%s" % secret)
        row = re.search(r"<tbody>(.*?)</tbody>", trail.text, re.S).group(1)
        obj = re.findall(r"<td>(.*?)</td>", row, re.S)[2]
        assert "Hidden %s" % TAG not in obj and ">%s<" % secret in obj and "Account" in obj, obj
        assert '/accounts/%s"' % secret not in row
        mine = page(s["sales-rep"], "/admin/audit?action=record.update&object=contacts:%s" % STATE["cid"])
        assert '<a href="/contacts/%s">Reader %s</a>' % (STATE["cid"], TAG) in mine.text
    finally:
        assert _save_role(admin, rid, fields, csrf).status == 303


def test_contacts_company_column_within_scope():
    """the list names the linked account the user may view, and nothing for one out of scope; the sorted column has aria-sort"""
    s = sessions()
    rep, admin = s["sales-rep"], s["administrator"]
    mine = create(rep, "/accounts/new", {"name": "Mine %s AG" % TAG})
    theirs = create(admin, "/accounts/new", {"name": "Theirs %s GmbH" % TAG})
    a = create(rep, "/contacts/new", {"first_name": "Ina", "last_name": TAG + "a", "allow_duplicate": "on"})
    b = create(rep, "/contacts/new", {"first_name": "Ole", "last_name": TAG + "b", "allow_duplicate": "on"})
    mariadb("UPDATE contacts SET account_id = %s WHERE id = %s" % (mine, a))
    mariadb("UPDATE contacts SET account_id = %s WHERE id = %s" % (theirs, b))
    lst = page(rep, "/contacts?q=" + TAG)
    assert re.search(r'<th scope="col">Company</th>', lst.text)
    assert '<a href="/accounts/%s">Mine %s AG</a>' % (mine, TAG) in lst.text, lst.text
    assert "Theirs %s" % TAG not in lst.text and "/accounts/%s\"" % theirs not in lst.text
    assert "Theirs %s GmbH" % TAG in page(admin, "/contacts?q=" + TAG).text
    # the sorted column says so, and only it
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="[^"]*sort=name[^"]*">Name</a>', lst.text), lst.text[:3000]
    assert lst.text.count("aria-sort=") == 1
    upd = page(rep, "/contacts?sort=updated")
    assert re.search(r'aria-sort="descending"><a href="[^"]*sort=updated[^"]*">Updated', upd.text)
    assert 'aria-sort="ascending"' not in upd.text
    assert "aria-sort=" not in page(rep, "/contacts?sort=newest").text
