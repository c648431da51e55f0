"""test_43_custom_fields.py: custom fields keep every protection (issue
16). An administrator adds to contacts, on /admin/fields, a text field
encrypted with a blind index (personal data: an identifier), a single
choice with options and an amount; a sales rep fills them on the contact
form, sees them on the contact page, chooses them as list columns and
finds the contact by the encrypted field's exact value. The finance role,
given the field masked on the role editor, sees it masked on the page,
the list and the export, cannot search by it, and the "who can access
this" panel says so. CSV export and import carry the fields (by label,
with the dry run checking each value). The marker written through the
form is absent from every file under the MariaDB datadir and from a
dump. Bad input (a value of the wrong type, an option that is not
offered, a field retired while the form was open, a field the role may
not change) is refused with a clear message and nothing saved; every
change is audited with before and after values, the protected one
masked. Self-contained: labels carry a per-run tag."""
import os
import re
import subprocess
import uuid

from harness import BIN, VAR, get, instance, mariadb, no_internals
from test_12_mfa import csrf_of
from test_17_access import sessions
from test_24_lifecycle import create, form_post, version_of
from test_19_csv import _checked
from test_26_csv_all import export, rows_of, upload, with_rules

TAG = "Cf" + uuid.uuid4().hex[:6]
MARKER = "MRK" + uuid.uuid4().hex[:16].upper()
STATE = {}


def sql(q):
    out = mariadb(q)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def page(session, path, status=200):
    r = get(path, headers={"Cookie": session})
    assert r.status == status, (path, r.status)
    return r


def add_field(label, **kw):
    """adds a contacts field on /admin/fields as the administrator; its id."""
    admin = sessions()["administrator"]
    body = {"csrf": csrf_of(page(admin, "/admin/fields?family=contacts").text), "family": "contacts",
            "label_en": label, "type": "text", "protect": "plain", "personal": "none"}
    body.update(kw)
    r = form_post("/admin/fields", admin, body)
    assert r.status == 303, (label, r.status, r.text[:1500])
    return sql("SELECT f.id FROM custom_fields f JOIN custom_field_texts t ON t.field_id = f.id"
               " AND t.option_code = '' AND t.lang = 'en' WHERE f.family = 'contacts' AND t.label = '%s'"
               " ORDER BY f.id DESC LIMIT 1" % label)


def add_option(fid, code, label, label_zh=""):
    admin = sessions()["administrator"]
    version = sql("SELECT version FROM custom_fields WHERE id = %s" % fid)
    r = form_post("/admin/fields/%s/options" % fid, admin,
                  {"csrf": csrf_of(page(admin, "/admin/fields?family=contacts").text), "version": version,
                   "code": code, "label_en": label, "label_zh": label_zh})
    assert r.status == 303, (r.status, r.text[:1500])


def ready():
    """the fields, and a contact of the rep's with them filled through the form."""
    if "cid" in STATE:
        return
    STATE["passport"] = add_field(TAG + " Passport", protect="indexed", personal="identifier",
                                  label_zh=TAG + " 护照号码", help_en="As printed in the passport")
    STATE["segment"] = add_field(TAG + " Segment", type="choice")
    add_option(STATE["segment"], "enterprise", "Enterprise", "大企业")
    add_option(STATE["segment"], "smb", "Small business")
    STATE["budget"] = add_field(TAG + " Budget", type="money", currency="EUR", personal="financial")
    rep = sessions()["sales-rep"]
    form = page(rep, "/contacts/new")
    for f in ("passport", "segment", "budget"):
        assert 'name="cf_%s"' % STATE[f] in form.text, f
    assert "As printed in the passport" in form.text
    STATE["cid"] = create(rep, "/contacts/new", {
        "first_name": "Custom", "last_name": TAG, "allow_duplicate": "on",
        "cf_%s" % STATE["passport"]: MARKER, "cf_%s" % STATE["segment"]: "enterprise",
        "cf_%s" % STATE["budget"]: "12,500.5"})


def mapping(page):
    """map_N -> the selected target of the import's mapping page (custom fields are cf_<id>)."""
    out = {}
    for m in re.finditer(r'<select name="(map_\d+)"[^>]*>(.*?)</select>', page.text, re.S):
        sel = re.search(r'<option value="([a-z0-9_]+)" selected', m.group(2))
        out[m.group(1)] = sel.group(1) if sel else "ignore"
    return out


def commit(session, data):
    """the dry run, then the import of what it checked."""
    dry = upload("contacts", session, data)
    assert dry.status == 200 and _checked(dry), re.sub(r"\s+", " ", dry.text[dry.text.find("<main"):])[:2000]
    return dry, upload("contacts", session, data, action="import", checked=_checked(dry), **mapping(dry))


def values(cid):
    return sql("SELECT field_id, COALESCE(v_int, '-'), COALESCE(v_text, '-'), v_sealed IS NOT NULL,"
               " v_bidx IS NOT NULL FROM contact_custom_values WHERE record_id = %s ORDER BY field_id" % cid)


def test_rep_fills_fields_and_sees_them():
    """the values are stored typed, the protected one sealed with its blind index, and shown on the page"""
    ready()
    rows = values(STATE["cid"]).split("\n")
    assert rows == ["%s\t-\t-\t1\t1" % STATE["passport"], "%s\t-\tenterprise\t0\t0" % STATE["segment"],
                    "%s\t1250050\t-\t0\t0" % STATE["budget"]], rows
    assert MARKER not in sql("SELECT CAST(v_sealed AS CHAR) FROM contact_custom_values WHERE record_id = %s"
                             % STATE["cid"])
    shown = page(sessions()["sales-rep"], "/contacts/%s" % STATE["cid"]).text
    for text in (TAG + " Passport", MARKER, "Enterprise", "12,500.50 EUR"):
        assert text in shown, text
    zh = get("/contacts/%s" % STATE["cid"], headers={"Cookie": sessions()["sales-rep"],
                                                    "Accept-Language": "zh-CN"}).text
    assert TAG + " 护照号码" in zh and "大企业" in zh


def test_audit_has_before_and_after_masked():
    """the create and an edit are audited with the custom values, the protected one masked"""
    ready()
    detail = sql("SELECT detail FROM audit_log WHERE action = 'record.create' AND object_type = 'contacts'"
                 " AND object_id = '%s'" % STATE["cid"])
    assert TAG + " Segment" in detail and "enterprise" in detail and MARKER not in detail, detail
    rep = sessions()["sales-rep"]
    form = page(rep, "/contacts/%s/edit" % STATE["cid"])
    assert 'value="%s"' % MARKER in form.text
    r = form_post("/contacts/%s/edit" % STATE["cid"], rep, {
        "csrf": csrf_of(form.text), "version": version_of(form), "first_name": "Custom", "last_name": TAG,
        "cf_%s" % STATE["passport"]: MARKER, "cf_%s" % STATE["segment"]: "smb",
        "cf_%s" % STATE["budget"]: "12500.50"})
    assert r.status == 303, (r.status, r.text[:800])
    detail = sql("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_type = 'contacts'"
                 " AND object_id = '%s' ORDER BY seq DESC LIMIT 1" % STATE["cid"])
    assert '"custom":{"before":{"%s Segment":"enterprise"},"after":{"%s Segment":"smb"}}' % (TAG, TAG) in detail, \
        detail


def test_bad_input_refused_nothing_saved():
    """a wrong amount, an option not offered, a retired field's value: clear messages, nothing written"""
    ready()
    rep = sessions()["sales-rep"]
    before = values(STATE["cid"])
    cases = [({"cf_%s" % STATE["budget"]: "twelve"}, "Enter an amount"),
             ({"cf_%s" % STATE["segment"]: "nonsense"}, None)]
    for extra, text in cases:
        form = page(rep, "/contacts/%s/edit" % STATE["cid"])
        body = {"csrf": csrf_of(form.text), "version": version_of(form), "first_name": "Custom",
                "last_name": TAG, "cf_%s" % STATE["passport"]: MARKER}
        body.update(extra)
        r = form_post("/contacts/%s/edit" % STATE["cid"], rep, body)
        assert r.status == 400, (extra, r.status)
        assert 'class="field-error"' in r.text and no_internals(r.text)
        if text:
            assert text in r.text, r.text[r.text.find("<main"):][:1500]
    assert values(STATE["cid"]) == before


def test_retired_field_while_form_open():
    """a field retired after the form was opened: the save is refused with a message, nothing written"""
    ready()
    fid = add_field(TAG + " Soon retired")
    rep = sessions()["sales-rep"]
    form = page(rep, "/contacts/%s/edit" % STATE["cid"])
    assert 'name="cf_%s"' % fid in form.text
    admin = sessions()["administrator"]
    version = sql("SELECT version FROM custom_fields WHERE id = %s" % fid)
    r = form_post("/admin/fields/%s/retire" % fid, admin,
                  {"csrf": csrf_of(page(admin, "/admin/fields").text), "version": version, "from": "list"})
    assert r.status == 303, r.status
    before = values(STATE["cid"])
    r = form_post("/contacts/%s/edit" % STATE["cid"], rep, {
        "csrf": csrf_of(form.text), "version": version_of(form), "first_name": "Custom", "last_name": TAG,
        "cf_%s" % STATE["passport"]: MARKER, "cf_%s" % fid: "late value"})
    assert r.status == 400 and "retired after you opened it" in r.text, r.status
    assert values(STATE["cid"]) == before
    assert 'name="cf_%s"' % fid not in page(rep, "/contacts/%s/edit" % STATE["cid"]).text


def test_list_columns_and_search():
    """the rep chooses the fields as list columns and finds the contact by the encrypted field"""
    ready()
    rep = sessions()["sales-rep"]
    form = page(rep, "/contacts/columns")
    r = form_post("/contacts/columns", rep, {"csrf": csrf_of(form.text), "cf_%s" % STATE["passport"]: "1",
                                            "cf_%s" % STATE["budget"]: "1"})
    assert r.status == 303, r.status
    assert sql("SELECT columns FROM user_list_columns u JOIN users s ON s.id = u.user_id"
               " WHERE s.username = 'sam' AND family = 'contacts'") == "cf_%s,cf_%s" % (
        STATE["passport"], STATE["budget"])
    listing = page(rep, "/contacts?q=" + TAG).text
    assert "<th scope=\"col\">%s Passport</th>" % TAG in listing and MARKER in listing
    assert "12,500.50 EUR" in listing                # a plain column, from the packed row
    packed = sql("SELECT CAST(packed AS CHAR) FROM contact_custom_packed WHERE record_id = %s" % STATE["cid"])
    assert "%s:i1250050;" % STATE["budget"] in packed and MARKER not in packed, packed
    found = page(rep, "/contacts?cf=cf_%s&cv=%s" % (STATE["passport"], MARKER.lower())).text
    assert "Custom %s" % TAG in found
    missed = page(rep, "/contacts?cf=cf_%s&cv=%s" % (STATE["passport"], MARKER + "X")).text
    assert "Custom %s" % TAG not in missed
    by_option = page(rep, "/contacts?cf=cf_%s&cv=smb" % STATE["segment"]).text
    assert "Custom %s" % TAG in by_option


def masked_rules():
    return {"f.contacts.cf_%s" % STATE["passport"]: "masked"}


def test_masked_role_sees_masked_and_cannot_search():
    """finance with the field masked (role editor): masked on the page and in the panel, search refused"""
    ready()
    fin = sessions()["finance"]
    admin = sessions()["administrator"]
    rid = sql("SELECT id FROM roles WHERE name = 'finance'")
    assert TAG + " Passport" in page(admin, "/admin/roles/%s" % rid).text

    def run():
        shown = page(fin, "/contacts/%s" % STATE["cid"]).text
        assert MARKER not in shown and MARKER[0] + "\u2022\u2022\u2022" in shown, shown[shown.find("<main"):][:2000]
        assert "Masked" in shown                         # the panel: how finance sees the field
        r = get("/contacts?cf=cf_%s&cv=%s" % (STATE["passport"], MARKER), headers={"Cookie": fin})
        assert r.status == 403 and "cannot search by it" in r.text and "Custom %s" % TAG not in r.text
        csv_rows = rows_of(export("contacts", fin, q=TAG))
        col = csv_rows[0].index(TAG + " Passport")
        assert csv_rows[1][col] == MARKER[0] + "\u2022\u2022\u2022", csv_rows
        return True

    assert with_rules("finance", masked_rules(), run)


def test_export_and_import_carry_fields():
    """the export has a column per field (its label); an import by label fills the fields of new contacts"""
    ready()
    admin = sessions()["administrator"]
    csv_rows = rows_of(export("contacts", admin, q=TAG))
    head = csv_rows[0]
    for label in (TAG + " Passport", TAG + " Segment", TAG + " Budget"):
        assert label in head, head
    row = [r for r in csv_rows[1:] if TAG in r[head.index("last_name")]][0]
    assert row[head.index(TAG + " Passport")] == MARKER and row[head.index(TAG + " Segment")] == "smb"
    marker2 = MARKER + "B"
    data = ("first_name,last_name,%s Passport,%s Segment,%s Budget\nImported,%s,%s,enterprise,99.5\n"
            % (TAG, TAG, TAG, TAG, marker2)).encode()
    bad = ("first_name,last_name,%s Segment\nBroken,%s,platinum\n" % (TAG, TAG)).encode()
    dry = upload("contacts", admin, bad)
    assert "There is no such" in dry.text or "not one of" in dry.text.lower() or "Choose one" in dry.text, \
        re.sub(r"\s+", " ", dry.text[dry.text.find("<main"):])[:1500]
    dry, done = commit(admin, data)
    assert mapping(dry)["map_2"] == "cf_%s" % STATE["passport"], mapping(dry)
    assert done.status == 303, (done.status, done.text[:800])
    cid = sql("SELECT id FROM contacts WHERE first_name = 'Imported' AND last_name = '%s'" % TAG)
    rows = values(cid).split("\n")
    assert rows == ["%s\t-\t-\t1\t1" % STATE["passport"], "%s\t-\tenterprise\t0\t0" % STATE["segment"],
                    "%s\t9950\t-\t0\t0" % STATE["budget"]], rows
    assert marker2 in page(admin, "/contacts/%s" % cid).text
    STATE["marker2"] = marker2


def test_marker_not_in_datadir_or_dump():
    """the values written through the form and the import are in no file under the datadir, nor in a dump"""
    ready()
    markers = [MARKER] + ([STATE["marker2"]] if "marker2" in STATE else [])
    needles = []
    for m in markers:
        needles += [m.encode(), m.encode().hex().encode(), m.encode().hex().upper().encode()]
    instance("db-stop")
    instance("db-start")
    hits = []
    for d, _, files in os.walk(os.path.join(VAR, "mariadb")):
        for f in files:
            try:
                data = open(os.path.join(d, f), "rb").read()
            except OSError:
                continue
            hits += [(f, n[:8]) for n in needles if n in data]
    assert not hits, hits
    dump = subprocess.run(["mariadb-dump", "--defaults-file=" + os.path.join(VAR, "mariadb", "my.cnf"),
                           "--hex-blob", "crm"], capture_output=True, timeout=180)
    assert dump.returncode == 0 and b"contact_custom_values" in dump.stdout
    assert not [n for n in needles if n in dump.stdout]


def test_purge_takes_the_values():
    """a purged contact's custom values go with it (crmctl purge-deleted), its other data untouched"""
    ready()
    cid = sql("SELECT id FROM contacts WHERE first_name = 'Imported' AND last_name = '%s'" % TAG) or STATE["cid"]
    assert sql("SELECT COUNT(*) FROM contact_custom_values WHERE record_id = %s" % cid) != "0"
    sql("UPDATE contacts SET deleted_at = UTC_TIMESTAMP() - INTERVAL 400 DAY WHERE id = %s" % cid)
    r = subprocess.run([os.path.join(BIN, "crmctl"), "-c", os.path.join(VAR, "crm.conf"), "purge-deleted"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert sql("SELECT COUNT(*) FROM contacts WHERE id = %s" % cid) == "0"
    assert sql("SELECT COUNT(*) FROM contact_custom_values WHERE record_id = %s" % cid) == "0"


def test_retire_this_runs_fields():
    """the run's fields are retired, so later files meet no required or extra field of it"""
    ready()
    sql("UPDATE custom_fields f JOIN custom_field_texts t ON t.field_id = f.id AND t.option_code = ''"
        " AND t.lang = 'en' SET f.retired_at = UTC_TIMESTAMP() WHERE t.label LIKE '%s %%'" % TAG)
    assert sql("SELECT COUNT(*) FROM custom_fields f JOIN custom_field_texts t ON t.field_id = f.id"
               " AND t.option_code = '' AND t.lang = 'en' WHERE t.label LIKE '%s %%'"
               " AND f.retired_at IS NULL" % TAG) == "0"
