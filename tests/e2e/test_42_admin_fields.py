"""test_42_admin_fields.py: the administration of custom fields on
/admin/fields through nginx (issue 16). An administrator adds fields of
several types to contacts, one encrypted with a blind index, gives a
choice field options with Chinese labels, renames, reorders, retires and
restores fields and options; the list shows the labels in the reader's
language. Bad input (an indexed multiple-choice field, an encrypted user
field, a duplicate or standard label, a money field without currency, a
default of the wrong type, the 61st live field, a bad option code, a
stale version) is refused with a clear message and writes nothing; a
sales rep gets 403; every change has its audit record in the same
transaction (object type custom_fields, the field's id). The file makes
its own fields (labels carry a per-run tag) and removes the limit test's
fillers afterwards."""
import re
import time
from urllib.parse import urlencode

from harness import get, mariadb, no_internals, request
from test_11_signin import FORM
from test_12_mfa import csrf_of
from test_17_access import sessions

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
TAG = "F42x%d" % int(time.time())
STATE = {}


def form_post(path, session, fields, headers=None):
    h = dict(FORM, Cookie=session)
    h.update(headers or {})
    return request("POST", path, body=urlencode(fields).encode(), headers=h)


def admin():
    return sessions()["administrator"]


def csrf():
    return csrf_of(get("/admin/fields", headers={"Cookie": admin()}).text)


def sql(q):
    out = mariadb(q)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def field_id(label, family="contacts"):
    return sql("SELECT f.id FROM custom_fields f JOIN custom_field_texts t ON t.field_id = f.id"
               " AND t.option_code = '' AND t.lang = 'en' WHERE f.family = '%s' AND t.label = '%s'"
               " ORDER BY f.id DESC LIMIT 1" % (family, label))


def version(fid):
    return sql("SELECT version FROM custom_fields WHERE id = %s" % fid)


def writes():
    """What any write of this page changes: fields, texts, options and their audit records."""
    return sql("SELECT CONCAT_WS(' ', (SELECT COUNT(*) FROM custom_fields),"
               " (SELECT COALESCE(SUM(version), 0) FROM custom_fields),"
               " (SELECT COUNT(*) FROM custom_field_texts), (SELECT COUNT(*) FROM custom_field_options),"
               " (SELECT COUNT(*) FROM audit_log WHERE object_type = 'custom_fields'))")


def add(label=None, **kw):
    body = {"csrf": csrf(), "family": "contacts", "label_en": label, "type": "text", "protect": "plain",
            "personal": "none"}
    body.update(kw)
    return form_post("/admin/fields", admin(), body)


def refused(r, text, status=400):
    assert r.status == status, (r.status, r.text[:300])
    assert text in r.text, (text, r.text[r.text.find("<main"):][:1500])
    assert no_internals(r.text)


def test_rep_gets_403():
    """a sales rep may neither open /admin/fields nor post to it"""
    rep = sessions()["sales-rep"]
    assert get("/admin/fields", headers={"Cookie": rep}).status == 403
    token = csrf_of(get("/account/sessions", headers={"Cookie": rep}).text)
    before = writes()
    r = form_post("/admin/fields", rep, {"csrf": token, "family": "contacts", "label_en": TAG + " rep",
                                         "type": "text", "protect": "plain", "personal": "none"})
    assert r.status == 403 and writes() == before


def test_add_fields_of_several_types():
    """text (encrypted, exact search), integer, amount in EUR, date with a default, checkbox and choices are added"""
    specs = [("Passport", {"protect": "indexed", "personal": "identifier", "label_zh": "护照号码",
                           "help_en": "As printed in the passport"}),
             ("Seats", {"type": "integer", "default_value": "007"}),
             ("Budget", {"type": "money", "currency": "EUR", "personal": "financial", "default_value": "1,500"}),
             ("Renewal", {"type": "date", "default_value": "2025-02-28", "required": "1"}),
             ("Newsletter", {"type": "checkbox", "default_value": "1"}),
             ("Tier", {"type": "choice", "label_zh": "等级"}),
             ("Interests", {"type": "multichoice"})]
    for name, kw in specs:
        r = add("%s %s" % (TAG, name), **kw)
        assert r.status == 303, (name, r.status, r.text[:2000])
        STATE[name] = field_id("%s %s" % (TAG, name))
        assert STATE[name], name
    rows = sql("SELECT type, protect, personal, required, COALESCE(default_value, '-'), COALESCE(currency, '-')"
               " FROM custom_fields WHERE id IN (%s) ORDER BY position" % ",".join(STATE[n] for n, _ in specs))
    assert rows.split("\n") == ["text\tindexed\tidentifier\t0\t-\t-", "integer\tplain\tnone\t0\t7\t-",
                                "money\tplain\tfinancial\t0\t1500.00\tEUR", "date\tplain\tnone\t1\t2025-02-28\t-",
                                "checkbox\tplain\tnone\t0\t1\t-", "choice\tplain\tnone\t0\t-\t-",
                                "multichoice\tplain\tnone\t0\t-\t-"], rows
    assert sql("SELECT label, help FROM custom_field_texts WHERE field_id = %s AND lang = 'zh-CN'"
               % STATE["Passport"]) == "护照号码\tNULL"
    page = get("/admin/fields?family=contacts", headers={"Cookie": admin()})
    assert page.status == 200
    at = [page.text.find("%s %s" % (TAG, n)) for n, _ in specs]
    assert -1 not in at and at == sorted(at), at
    for text in ("Encrypted, exact search", "Currency amount", "Multiple choice", "Identifier", "EUR"):
        assert text in page.text, text
    zh = get("/admin/fields?family=contacts", headers=dict(ZH, Cookie=admin()))
    for text in ("护照号码", "等级", "自定义字段"):
        assert text in zh.text, text
    other = get("/admin/fields?family=deals", headers={"Cookie": admin()})
    assert other.status == 200 and TAG not in other.text
    assert get("/admin/fields?family=activities", headers={"Cookie": admin()}).status == 404


def test_bad_definitions_refused_and_nothing_saved():
    """refused with a clear message and nothing written: each bad definition"""
    cases = [({"type": "multichoice", "protect": "indexed"}, "cannot be encrypted"),
             ({"type": "user", "protect": "sealed"}, "cannot be encrypted"),
             ({"type": "date", "protect": "indexed"}, "Exact search (a blind index) is only for"),
             ({"type": "money"}, "A currency amount needs one of the offered currencies."),
             ({"type": "money", "currency": "XYZ"}, "Some fields are not filled in correctly"),
             ({"type": "integer", "default_value": "12abc"}, "Default value"),
             ({"type": "datetime", "default_value": "2024-02-30T10:00"}, "Default value"),
             ({"type": "choice", "default_value": "gold"}, "live option"),
             ({"type": "user", "default_value": "1"}, "A user field has no default."),
             ({"type": "url", "default_value": "javascript:alert(1)"}, "https://"),
             ({"type": "blob"}, "Some fields are not filled in correctly"),
             ({"protect": "secret"}, "Some fields are not filled in correctly"),
             ({"label_en": ""}, "Some fields are not filled in correctly"),
             ({"label_en": "x" * 201}, "Too long"),
             ({"label_en": (TAG + " passport").upper()}, "already has this English label"),
             ({"label_en": "Email"}, "A standard field of this record family"),
             ({"family": "activities"}, "accounts, contacts, leads and deals only")]
    for kw, text in cases:
        before = writes()
        kw.setdefault("label_en", "%s bad %d" % (TAG, len(before)))
        r = add(**kw)
        refused(r, text)
        assert writes() == before, kw
    # The user's input is kept on the refused form.
    r = add(TAG + " kept", type="money", help_en="kept help")
    assert 'value="%s kept"' % TAG in r.text and 'value="kept help"' in r.text
    assert re.search(r'<option value="money" selected="selected">', r.text)
    # The same label in another family is fine.
    body = {"csrf": csrf(), "family": "leads", "label_en": TAG + " Passport", "type": "text", "protect": "sealed",
            "personal": "identifier"}
    assert form_post("/admin/fields", admin(), body).status == 303


def test_options_with_chinese_labels():
    """options are added with zh-CN labels, renamed, reordered, retired and restored; bad codes refused"""
    fid = STATE["Tier"]
    base = "/admin/fields/%s" % fid
    for code, en, zh in (("gold", "Gold", "金牌"), ("silver", "Silver", "银牌"), ("bronze", "Bronze", "")):
        r = form_post(base + "/options", admin(), {"csrf": csrf(), "version": version(fid), "code": code,
                                                   "label_en": en, "label_zh": zh})
        assert r.status == 303, (code, r.status, r.text[:2000])
    assert sql("SELECT GROUP_CONCAT(code ORDER BY position) FROM custom_field_options WHERE field_id = %s"
               % fid) == "gold,silver,bronze"
    for bad, text in (({"code": "Gold"}, "lower-case letters"), ({"code": "a b"}, "lower-case letters"),
                      ({"code": "x" * 65}, "Too long"), ({"code": "gold"}, "already has an option with this code"),
                      ({"code": "tin", "label_en": ""}, "Some fields are not filled in correctly")):
        before = writes()
        body = dict({"csrf": csrf(), "version": version(fid), "label_en": "Bad", "label_zh": ""}, **bad)
        refused(form_post(base + "/options", admin(), body), text)
        assert writes() == before, bad
    # Options only on choice fields.
    before = writes()
    refused(form_post("/admin/fields/%s/options" % STATE["Seats"], admin(),
                      {"csrf": csrf(), "version": version(STATE["Seats"]), "code": "x", "label_en": "X"}),
            "Only single-choice and multiple-choice fields have options.")
    assert writes() == before
    # Rename, reorder.
    assert form_post(base + "/options/update", admin(), {"csrf": csrf(), "version": version(fid), "code": "bronze",
                                                         "label_en": "Bronze plus", "label_zh": "铜牌"}).status == 303
    assert form_post(base + "/options/move", admin(), {"csrf": csrf(), "version": version(fid), "code": "bronze",
                                                       "dir": "up"}).status == 303
    assert sql("SELECT GROUP_CONCAT(code ORDER BY position) FROM custom_field_options WHERE field_id = %s"
               % fid) == "gold,bronze,silver"
    refused(form_post(base + "/options/move", admin(), {"csrf": csrf(), "version": version(fid), "code": "gold",
                                                        "dir": "up"}), "already at that end")
    page = get(base, headers=dict(ZH, Cookie=admin()))
    assert page.status == 200 and "金牌" in page.text and "铜牌" in page.text and "选项" in page.text
    # A default among the options; its option cannot be retired while it is the default.
    v = version(fid)
    r = form_post(base, admin(), {"csrf": csrf(), "version": v, "label_en": TAG + " Tier", "label_zh": "等级",
                                  "personal": "none", "default_value": "gold"})
    assert r.status == 303, r.text[:2000]
    refused(form_post(base + "/options/retire", admin(), {"csrf": csrf(), "version": version(fid), "code": "gold"}),
            "is the field's default")
    assert form_post(base + "/options/retire", admin(), {"csrf": csrf(), "version": version(fid),
                                                         "code": "silver"}).status == 303
    assert sql("SELECT retired_at IS NOT NULL FROM custom_field_options WHERE field_id = %s AND code = 'silver'"
               % fid) == "1"
    page = get(base, headers={"Cookie": admin()})
    assert "Retired" in page.text and "Silver" in page.text     # kept for stored values
    refused(form_post(base, admin(), {"csrf": csrf(), "version": version(fid), "label_en": TAG + " Tier",
                                      "personal": "none", "default_value": "silver"}), "live option")
    assert form_post(base + "/options/restore", admin(), {"csrf": csrf(), "version": version(fid),
                                                          "code": "silver"}).status == 303
    assert sql("SELECT retired_at IS NULL FROM custom_field_options WHERE field_id = %s AND code = 'silver'"
               % fid) == "1"
    assert form_post(base + "/options/retire", admin(), {"csrf": csrf(), "version": version(fid),
                                                         "code": "nosuch"}).status == 404


def test_rename_reorder_and_stale_version():
    """labels and help are edited per language; fields move up and down; a stale version is a 409"""
    fid = STATE["Seats"]
    base = "/admin/fields/%s" % fid
    page = get(base, headers={"Cookie": admin()})
    assert page.status == 200
    assert "The type, protection and currency are fixed" in page.text
    v = version(fid)
    r = form_post(base, admin(), {"csrf": csrf(), "version": v, "label_en": TAG + " Licences",
                                  "label_zh": "许可证数量", "help_en": "Paid seats", "help_zh": "付费席位",
                                  "personal": "none", "required": "1", "default_value": "10"})
    assert r.status == 303, r.text[:2000]
    assert sql("SELECT required, default_value, version FROM custom_fields WHERE id = %s" % fid) == \
        "1\t10\t%d" % (int(v) + 1)
    assert sql("SELECT GROUP_CONCAT(CONCAT(lang, ':', label, ':', help) ORDER BY lang) FROM custom_field_texts"
               " WHERE field_id = %s AND option_code = ''" % fid) == "en:%s Licences:Paid seats,zh-CN:许可证数量:付费席位" % TAG
    # The form opened before that save is stale now.
    before = writes()
    r = form_post(base, admin(), {"csrf": csrf(), "version": v, "label_en": TAG + " Old", "personal": "none"})
    refused(r, "changed this field after you opened", 409)
    assert writes() == before and TAG + " Licences" in r.text
    # Type and protection are not on the form: sending them changes nothing.
    form_post(base, admin(), {"csrf": csrf(), "version": version(fid), "label_en": TAG + " Licences",
                              "personal": "none", "type": "text", "protect": "sealed", "default_value": "10"})
    assert sql("SELECT type, protect FROM custom_fields WHERE id = %s" % fid) == "integer\tplain"
    # Removing the Chinese label falls back to English.
    assert form_post(base, admin(), {"csrf": csrf(), "version": version(fid), "label_en": TAG + " Licences",
                                     "personal": "none"}).status == 303
    assert sql("SELECT COUNT(*) FROM custom_field_texts WHERE field_id = %s AND lang = 'zh-CN'" % fid) == "0"
    # Reorder: Licences (2nd) moves up, then down again.
    order = lambda: sql("SELECT GROUP_CONCAT(id ORDER BY position, id) FROM custom_fields WHERE family = 'contacts'"
                        " AND id IN (%s, %s)" % (STATE["Passport"], fid))
    assert order() == "%s,%s" % (STATE["Passport"], fid)
    assert form_post(base + "/move", admin(), {"csrf": csrf(), "version": version(fid), "dir": "up"}).status == 303
    assert order() == "%s,%s" % (fid, STATE["Passport"])
    r = form_post(base + "/move", admin(), {"csrf": csrf(), "version": "1", "dir": "down"})
    refused(r, "changed this field after you opened", 409)
    assert form_post(base + "/move", admin(), {"csrf": csrf(), "version": version(fid), "dir": "down"}).status == 303
    assert order() == "%s,%s" % (STATE["Passport"], fid)
    assert form_post(base + "/move", admin(), {"csrf": csrf(), "version": version(fid), "dir": "sideways"}).status == 400
    assert form_post("/admin/fields/999999999/move", admin(), {"csrf": csrf(), "version": "1",
                                                                "dir": "up"}).status == 404


def test_retire_and_restore():
    """a retired field keeps its values and frees its label; restoring it then is refused until the label is free"""
    fid = STATE["Newsletter"]
    base = "/admin/fields/%s" % fid
    # A stored value (a deleted contact, so no list shows it), removed again at the end.
    sql("INSERT INTO contacts (first_name, last_name, owner_id, created_at, updated_at, deleted_at)"
        " SELECT 'F42', 'Holder', MIN(id), UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM users")
    cid = sql("SELECT MAX(id) FROM contacts WHERE first_name = 'F42'")
    sql("INSERT INTO contact_custom_values (record_id, field_id, v_int) VALUES (%s, %s, 1)" % (cid, fid))
    r = form_post(base + "/retire", admin(), {"csrf": csrf(), "version": version(fid), "from": "list"})
    assert r.status == 303 and r.headers["location"] == "/admin/fields?family=contacts"
    assert sql("SELECT retired_at IS NOT NULL FROM custom_fields WHERE id = %s" % fid) == "1"
    assert sql("SELECT COUNT(*) FROM contact_custom_values WHERE field_id = %s" % fid) == "1"
    page = get("/admin/fields?family=contacts", headers={"Cookie": admin()})
    row = page.text[page.text.find(TAG + " Newsletter"):][:3000]
    assert "Retired" in row and "Restore" in row
    # Its label is free for a new field; the old one cannot come back beside it.
    assert add(TAG + " Newsletter", type="checkbox").status == 303
    newer = field_id(TAG + " Newsletter")
    before = writes()
    refused(form_post(base + "/restore", admin(), {"csrf": csrf(), "version": version(fid)}),
            "already has this English label")
    assert writes() == before
    assert form_post("/admin/fields/%s/retire" % newer, admin(), {"csrf": csrf(), "version": version(newer)}).status == 303
    assert form_post(base + "/restore", admin(), {"csrf": csrf(), "version": version(fid)}).status == 303
    assert sql("SELECT retired_at IS NULL FROM custom_fields WHERE id = %s" % fid) == "1"
    # Retiring twice from an old page is a conflict, not a second change.
    v = version(fid)
    assert form_post(base + "/retire", admin(), {"csrf": csrf(), "version": v}).status == 303
    refused(form_post(base + "/retire", admin(), {"csrf": csrf(), "version": v}), "changed this field", 409)
    assert form_post(base + "/restore", admin(), {"csrf": csrf(), "version": version(fid)}).status == 303
    assert sql("SELECT COUNT(*) FROM contact_custom_values WHERE field_id = %s" % fid) == "1"
    sql("DELETE FROM contact_custom_values WHERE record_id = %s" % cid)
    sql("DELETE FROM contacts WHERE id = %s" % cid)


def test_sixty_live_fields_at_most():
    """the 61st live field of a family is refused; a retired one does not count"""
    live = int(sql("SELECT COUNT(*) FROM custom_fields WHERE family = 'contacts' AND retired_at IS NULL"))
    fillers = []
    for i in range(60 - live):
        sql("INSERT INTO custom_fields (family, type, position, created_at, updated_at)"
            " VALUES ('contacts', 'text', 1000 + %d, UTC_TIMESTAMP(), UTC_TIMESTAMP())" % i)
        fid = sql("SELECT MAX(id) FROM custom_fields")
        sql("INSERT INTO custom_field_texts (field_id, lang, label) VALUES (%s, 'en', '%s filler %d')" % (fid, TAG, i))
        fillers.append(fid)
    try:
        before = writes()
        refused(add(TAG + " sixty-first"), "at most 60 live custom fields")
        assert writes() == before
        page = get("/admin/fields?family=contacts", headers={"Cookie": admin()})
        assert page.status == 200 and "(at most 60):</span> <span>60</span>" in page.text
        # Restoring a retired field is refused the same way.
        retired = sql("SELECT id FROM custom_fields WHERE family = 'contacts' AND retired_at IS NOT NULL LIMIT 1")
        refused(form_post("/admin/fields/%s/restore" % retired, admin(), {"csrf": csrf(), "version": version(retired)}),
                "at most 60 live custom fields")
        assert writes() == before
    finally:
        if fillers:
            ids = ",".join(fillers)
            sql("DELETE FROM custom_field_texts WHERE field_id IN (%s)" % ids)
            sql("DELETE FROM custom_fields WHERE id IN (%s)" % ids)
    assert add(TAG + " sixty-first").status == 303


def test_audit_records():
    """every change is audited: object type custom_fields, the field's id, before and after"""
    rows = sql("SELECT action, JSON_VALUE(detail, '$.change') FROM audit_log WHERE object_type = 'custom_fields'"
               " AND object_id = '%s' ORDER BY seq" % STATE["Tier"]).split("\n")
    changes = [r.split("\t")[1] for r in rows]
    assert all(r.startswith("settings.update\t") for r in rows), rows
    assert changes[:4] == ["create", "option.add", "option.add", "option.add"], changes
    for c in ("option.update", "option.move", "update", "option.retire", "option.restore"):
        assert c in changes, (c, changes)
    detail = sql("SELECT detail FROM audit_log WHERE object_type = 'custom_fields' AND object_id = '%s'"
                 " AND JSON_VALUE(detail, '$.change') = 'update' ORDER BY seq LIMIT 1" % STATE["Seats"])
    assert '"before":{' in detail and '"label_en":"%s Seats"' % TAG in detail, detail
    assert '"label_en":"%s Licences"' % TAG in detail and '"family":"contacts"' in detail, detail
    for name, change in (("Newsletter", "retire"), ("Newsletter", "restore"), ("Seats", "move"),
                         ("Passport", "create")):
        assert sql("SELECT COUNT(*) FROM audit_log WHERE object_type = 'custom_fields' AND object_id = '%s'"
                   " AND JSON_VALUE(detail, '$.change') = '%s'" % (STATE[name], change)) != "0", (name, change)
    # Each audited change and its field's version move together: no version without its record.
    assert int(sql("SELECT COUNT(*) FROM audit_log WHERE object_type = 'custom_fields' AND object_id = '%s'"
                   % STATE["Tier"])) == int(version(STATE["Tier"]))


def test_retire_this_runs_fields():
    """the run's fields are retired at the end, so later files that create contacts meet none of its required fields"""
    sql("UPDATE custom_fields f JOIN custom_field_texts t ON t.field_id = f.id AND t.option_code = ''"
        " AND t.lang = 'en' SET f.retired_at = UTC_TIMESTAMP() WHERE t.label LIKE '%s %%'" % TAG)
    assert sql("SELECT COUNT(*) FROM custom_fields WHERE retired_at IS NULL AND required = 1") == "0"
