"""test_44_standard_fields_csv.py: the standard fields of issue 16 in
CSV export and import, through nginx. Export: contacts carry title,
department, mobile, preferred language and the two flags after their
older columns (the mobile opened for the administrator, masked for the
auditor, whose mobile rule is masked); leads carry title, source and
rating; accounts their company fields, the revenue as an amount, and the
parent's name (empty when the exporter may not view the parent). Import:
the new columns guessed from the header, a dry run that writes nothing,
the values stored (the mobile sealed with its blind index, never in
clear), bad codes and a revenue without its currency listed with nothing
written, a mobile column refused to a role that may not change it, and a
round trip export -> import keeping the values. Self-contained: its own
records, names starting with a tag of this run."""
import re
import uuid

from harness import get, mariadb
from test_17_access import sessions
from test_19_csv import _checked, _mapping
from test_24_lifecycle import create
from test_26_csv_all import commit, export, last_audit, rows_of, upload, with_rules

TAG = "Sc" + uuid.uuid4().hex[:8]
MOBILE = "+41 79 444 12 34"
MOBILE_DIGITS = "41794441234"
CONTACT_HEAD = ["first_name", "last_name", "email", "phone", "address", "birth_date", "title", "department",
                "mobile", "preferred_language", "do_not_call", "email_opt_out"]
LEAD_HEAD = ["first_name", "last_name", "company", "email", "phone", "status", "title", "source", "rating"]
ACCOUNT_HEAD = ["name", "tax_id", "bank_account", "industry", "website", "phone", "billing_address",
                "shipping_address", "employees", "annual_revenue", "revenue_currency", "parent"]
STATE = {}


def text_of(r):
    return re.sub(r"\s+", " ", r.text[r.text.find("<main"):])


def ready():
    """A contact, a lead and two accounts (a parent and its child) with every new field, by the administrator."""
    if "cid" in STATE:
        return
    admin = sessions()["administrator"]
    STATE["cid"] = create(admin, "/contacts/new", {
        "first_name": "Nora", "last_name": TAG + "a", "allow_duplicate": "on", "title": "Head of IT",
        "department": "Informatik", "mobile": MOBILE, "preferred_language": "de", "do_not_call": "1"})
    STATE["lid"] = create(admin, "/leads/new", {
        "first_name": "Olaf", "last_name": TAG + "lead", "company": "Olaf AG", "status": "new",
        "title": "CTO", "source": "referral", "rating": "hot"})
    STATE["parent"] = create(admin, "/accounts/new", {"name": TAG + " Group"})
    STATE["child"] = create(admin, "/accounts/new", {
        "name": TAG + " Child AG", "industry": "technology", "website": "https://child.example.com/",
        "phone": "+41 44 123 45 67", "billing_address": "Bahnhofstrasse 1\n8001 Zürich",
        "shipping_address": "Lager 2", "employees": "250", "annual_revenue": "1234567.89",
        "revenue_currency": "EUR", "parent": STATE["parent"]})


def by(rows, col, value):
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:] if r[head.index(col)] == value]


def test_export_contacts_new_columns():
    """the new contact columns follow the older ones; the mobile opened for the administrator"""
    ready()
    r = export("contacts", sessions()["administrator"], q=TAG)
    assert r.status == 200, (r.status, r.text[:300])
    rows = rows_of(r)
    assert rows[0] == CONTACT_HEAD, rows[0]
    nora = by(rows, "last_name", TAG + "a")
    assert len(nora) == 1, rows
    nora = nora[0]
    assert nora["title"] == "Head of IT" and nora["department"] == "Informatik", nora
    assert nora["mobile"] == "'+" + MOBILE_DIGITS, nora                 # opened, guarded for spreadsheets
    assert nora["preferred_language"] == "de" and nora["do_not_call"] == "1" and nora["email_opt_out"] == "0"
    assert last_audit("export", "contacts")[2]["columns"] == CONTACT_HEAD


def test_export_mobile_masked_for_the_auditor():
    """the auditor (given the export grant for the test) gets the mobile masked, never its digits"""
    ready()
    auditor = sessions()["auditor"]

    def run():
        r = export("contacts", auditor, q=TAG)
        assert r.status == 200, (r.status, r.text[:300])
        rows = rows_of(r)
        assert "mobile" in rows[0] and rows[0][6:] == CONTACT_HEAD[6:], rows[0]
        nora = by(rows, "last_name", TAG + "a")[0]
        assert "\u2022" in nora["mobile"] and MOBILE_DIGITS[2:] not in r.text, nora
        assert nora["title"] == "Head of IT"
        return True
    assert with_rules("auditor", {"p.contacts.export": "all"}, run)


def test_export_leads_and_accounts_new_columns():
    """leads: title, source, rating as codes; accounts: the company fields, the revenue, the parent's name"""
    ready()
    admin = sessions()["administrator"]
    rows = rows_of(export("leads", admin, q=TAG))
    assert rows[0] == LEAD_HEAD, rows[0]
    olaf = by(rows, "last_name", TAG + "lead")[0]
    assert (olaf["title"], olaf["source"], olaf["rating"]) == ("CTO", "referral", "hot"), olaf
    rows = rows_of(export("accounts", admin, q=TAG))
    assert rows[0] == ACCOUNT_HEAD, rows[0]
    child = by(rows, "name", TAG + " Child AG")[0]
    assert child["industry"] == "technology" and child["website"] == "https://child.example.com/", child
    assert child["phone"] == "'+41441234567" and child["billing_address"] == "Bahnhofstrasse 1\n8001 Zürich"
    assert child["shipping_address"] == "Lager 2" and child["employees"] == "250"
    assert child["annual_revenue"] == "1234567.89" and child["revenue_currency"] == "EUR"
    assert child["parent"] == TAG + " Group"
    assert by(rows, "name", TAG + " Group")[0]["parent"] == ""


def test_export_parent_out_of_scope_is_empty():
    """a parent the exporter may not view: the column is empty, never its name"""
    s = sessions()
    rep, admin = s["sales-rep"], s["administrator"]
    mine = create(rep, "/accounts/new", {"name": TAG + " Rep Sub"})
    hidden = create(admin, "/accounts/new", {"name": TAG + " Hidden Parent"})
    mariadb("UPDATE accounts SET parent_id = %s WHERE id = %s" % (hidden, mine))

    def run():
        r = export("accounts", rep, q=TAG)
        assert r.status == 200, (r.status, r.text[:300])
        rows = rows_of(r)
        assert by(rows, "name", TAG + " Rep Sub")[0]["parent"] == "", rows
        assert "Hidden Parent" not in r.text
        return True
    try:
        assert with_rules("sales-rep", {"p.accounts.export": "own"}, run)
    finally:
        mariadb("UPDATE accounts SET deleted_at = UTC_TIMESTAMP() WHERE id IN (%s, %s)" % (mine, hidden))


CONTACTS = ("First name,Last name,Job title,Department,Mobile,Language,Do not call,Email opt-out\r\n"
            "Ida,{t}imp,CFO,Finance,+41 79 333 44 55,fr,yes,0\r\n"
            "Jon,{t}imq,,,,,no,1\r\n")


def test_import_contacts_new_columns():
    """the header guessed onto the new fields; the dry run writes nothing; the values stored, the mobile sealed"""
    admin = sessions()["administrator"]
    data = CONTACTS.format(t=TAG).encode()
    before = mariadb("SELECT COUNT(*) FROM contacts WHERE last_name LIKE '%sim%%'" % TAG).stdout.strip()
    dry = upload("contacts", admin, data)
    assert dry.status == 200 and _checked(dry), text_of(dry)[:2000]
    assert _mapping(dry) == {"map_0": "first_name", "map_1": "last_name", "map_2": "title", "map_3": "department",
                             "map_4": "mobile", "map_5": "preferred_language", "map_6": "do_not_call",
                             "map_7": "email_opt_out"}, _mapping(dry)
    assert mariadb("SELECT COUNT(*) FROM contacts WHERE last_name LIKE '%sim%%'" % TAG).stdout.strip() == before
    r = upload("contacts", admin, data, action="import", checked=_checked(dry), **_mapping(dry))
    assert r.status == 303, (r.status, text_of(r)[:1000])
    row = mariadb("SELECT CONCAT_WS('|', title, department, preferred_language, do_not_call, email_opt_out,"
                  " mobile_bidx IS NOT NULL, HEX(mobile)) FROM contacts WHERE last_name = '%simp'"
                  % TAG).stdout.strip().split("|")
    assert row[:6] == ["CFO", "Finance", "fr", "1", "0", "1"], row
    assert MOBILE_DIGITS not in row[6] and "41793334455".encode().hex().upper() not in row[6] and row[6], row
    clear = mariadb("SELECT COUNT(*) FROM contacts WHERE last_name = '%simp' AND LOCATE('793334455', mobile) > 0"
                    % TAG).stdout.strip()
    assert clear == "0"
    jon = mariadb("SELECT CONCAT_WS('|', IFNULL(title, '-'), IFNULL(preferred_language, '-'), do_not_call,"
                  " email_opt_out, mobile IS NULL, mobile_bidx IS NULL) FROM contacts WHERE last_name = '%simq'"
                  % TAG).stdout.strip()
    assert jon == "-|-|0|1|1|1", jon
    cid = mariadb("SELECT id FROM contacts WHERE last_name = '%simp'" % TAG).stdout.strip()
    shown = get("/contacts/%s" % cid, headers={"Cookie": admin}).text
    assert "41793334455" in shown and "CFO" in shown and "French" in shown
    detail = last_audit("import", "contacts")[2]
    assert detail["columns"] == ["first_name", "last_name", "title", "department", "mobile", "preferred_language",
                                 "do_not_call", "email_opt_out"], detail


def test_import_leads_and_accounts_new_columns():
    """a lead's title, source and rating; an account's company fields and revenue in cents"""
    admin = sessions()["administrator"]
    leads = ("First name,Last name,Title,Lead source,Rating\nPia,{t}lmp,COO,event,warm\n").format(t=TAG).encode()
    _, r = commit("leads", admin, leads)
    assert r.status == 303, (r.status, text_of(r)[:1000])
    row = mariadb("SELECT CONCAT_WS('|', title, source, rating) FROM leads WHERE last_name = '%slmp'" % TAG)
    assert row.stdout.strip() == "COO|event|warm", row.stdout
    accounts = ("Name,Industry,Website,Phone,Billing address,Shipping address,Employees,Annual revenue,Currency\n"
                "{t} Imported SA,retail,https://imp.example.com,+41 22 000 11 22,\"Rue 1\n1201 Genève\",,12,"
                "2500.5,CHF\n").format(t=TAG).encode()
    dry, r = commit("accounts", admin, accounts)
    assert r.status == 303, (r.status, text_of(r)[:1000])
    assert _mapping(dry)["map_8"] == "revenue_currency" and _mapping(dry)["map_6"] == "employees", _mapping(dry)
    row = mariadb("SELECT CONCAT_WS('|', industry, website, phone, billing_address, IFNULL(shipping_address, '-'),"
                  " employees, annual_revenue, revenue_currency) FROM accounts WHERE name = '%s Imported SA'" % TAG)
    assert row.stdout.strip() == "retail|https://imp.example.com|+41220001122|Rue 1\\n1201 Genève|-|12|250050|CHF", \
        row.stdout
    aid = mariadb("SELECT id FROM accounts WHERE name = '%s Imported SA'" % TAG).stdout.strip()
    shown = get("/accounts/%s" % aid, headers={"Cookie": admin}).text
    assert "Retail" in shown and "2,500.50 CHF" in shown, text_of(get("/accounts/%s" % aid,
                                                                      headers={"Cookie": admin}))[:2000]


def test_import_bad_codes_listed_nothing_written():
    """bad codes, flags, numbers, a revenue without its currency: each listed by line and field; nothing written"""
    admin = sessions()["administrator"]
    cases = (
        ("leads", "leads", "last_name LIKE '%sbad%%'" % TAG,
         "first_name,last_name,source,rating\nA,{t}bad1,web,hot\nB,{t}bad2,platinum,warm\nC,{t}bad3,web,lukewarm\n",
         [(3, "Source"), (4, "Rating")]),
        ("contacts", "contacts", "last_name LIKE '%sbad%%'" % TAG,
         "first_name,last_name,preferred_language,do_not_call,email_opt_out\nA,{t}bad1,xx,,\nB,{t}bad2,en,maybe,\n",
         [(2, "Preferred language"), (3, "Do not call")]),
        ("accounts", "accounts", "name LIKE '%sbad%%'" % TAG,
         "name,industry,employees,annual_revenue,revenue_currency\n{t}bad1,mining,,,\n{t}bad2,,-5,,\n"
         "{t}bad3,,,100,\n{t}bad4,,,100,XYZ\n{t}bad5,retail,3,100,USD\n",
         [(2, "Industry"), (3, "Employees"), (4, "Currency"), (5, "Currency")]),
    )
    for kind, table, where, data, problems in cases:
        data = data.format(t=TAG).encode()
        dry = upload(kind, admin, data)
        text = text_of(dry)
        assert dry.status == 200 and _checked(dry) is None and 'value="import"' not in dry.text, (kind, text[:2000])
        for line, label in problems:
            assert re.search(r"<td>%d</td> <td><span>%s</span></td>" % (line, label), text), (kind, line, label,
                                                                                           text[:3000])
        assert "Problems: <span>%d</span>" % len(problems) in text, (kind, text[:3000])
        forced = upload(kind, admin, data, action="import", checked="0" * 64, **_mapping(dry))
        assert forced.status in (400, 409), (kind, forced.status)
        n = mariadb("SELECT COUNT(*) FROM %s WHERE %s" % (table, where)).stdout.strip()
        assert n == "0", (kind, n)
    assert "Choose the currency of the annual revenue." in text


def test_import_mobile_refused_to_a_role_that_cannot_change_it():
    """a role that sees the mobile masked may import contacts, but not map a mobile column"""
    rep = sessions()["sales-rep"]
    data = ("first_name,last_name,mobile\nQ,%smob,+41 79 000 00 01\n" % TAG).encode()

    def run():
        r = upload("contacts", rep, data)
        assert r.status in (400, 403) and "Your role cannot change one of these fields." in r.text, \
            (r.status, text_of(r)[:1500])
        assert mariadb("SELECT COUNT(*) FROM contacts WHERE last_name = '%smob'" % TAG).stdout.strip() == "0"
        return True
    assert with_rules("sales-rep", {"p.contacts.import": "own", "f.contacts.mobile": "masked"}, run)


def test_round_trip_keeps_new_fields():
    """contacts, leads, accounts exported, originals deleted, files imported: the same values (parent: empty)"""
    ready()
    admin = sessions()["administrator"]
    for kind, table, like in (("contacts", "contacts", "last_name LIKE '%s%%'" % TAG),
                              ("leads", "leads", "last_name LIKE '%s%%'" % TAG),
                              ("accounts", "accounts", "name LIKE '%s%%'" % TAG)):
        first = export(kind, admin, q=TAG, bom=True)
        rows = rows_of(first)
        assert first.status == 200 and len(rows) >= 2, (kind, rows)
        mariadb("UPDATE %s SET deleted_at = UTC_TIMESTAMP() WHERE %s" % (table, like))
        _, r = commit(kind, admin, first.body)
        assert r.status == 303, (kind, r.status, text_of(r)[:1000])
        again = rows_of(export(kind, admin, q=TAG))
        assert again[0] == rows[0], (kind, again[0])
        if kind == "accounts":
            p = rows[0].index("parent")
            assert all(row[p] == "" for row in again[1:]), again
            rows = [row[:p] + row[p + 1:] for row in rows]
            again = [row[:p] + row[p + 1:] for row in again]
        assert sorted(again[1:]) == sorted(rows[1:]), (kind, rows, again)
    row = mariadb("SELECT mobile_bidx IS NOT NULL, LOCATE('%s', mobile) FROM contacts WHERE last_name = '%sa'"
                  " AND deleted_at IS NULL" % (MOBILE_DIGITS, TAG)).stdout.split()
    assert row == ["1", "0"], row
