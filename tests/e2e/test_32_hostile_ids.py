"""test_32_hostile_ids.py: every id that arrives in a form or a path is
checked against what the user may pick before it reaches SQL. Generated
from the route table (crmctl routes): for every POST route, every id-like
field of its form (found on the GET page that holds the form: the route's
own path or a page above it) and the {id} of its path get hostile values
(missing, 0, -1, 99999, 999999999999999999, 99999999999999999999999, letters,
another owner's record) as an administrator and as a sales rep. The
answer is never 5xx, and no hostile value writes anything (record counts
and versions, stages, teams, roles, grants, mappings and the audit trail's
changes are compared around each route). Also: a deal edit naming a stage
that does not exist keeps the form and the user's input, and the status
chosen on /leads/new is stored. The file makes its own records, stage,
role and users to aim at and removes them afterwards."""
import datetime
import html
import os
import re

from harness import VAR, get, mariadb
from test_11_signin import creds, sign_in
from test_12_mfa import csrf_of
from test_24_lifecycle import create, form_post
from test_15_local_sso_admin import crmctl, enrolled_session
from test_17_access import table

ADMIN, ADMIN_PW = "idsadmin", "Ids-Admin-Password-32"
TYPES = ("contacts", "accounts", "leads", "deals", "activities")
HOSTILE = ("0", "-1", "99999", "999999999999999999", "99999999999999999999999", "abc")
# Names of fields that carry an id (a select whose options are all numbers
# counts too, and role.N checkboxes carry theirs in the key).
ID_WORDS = {"id", "stage", "account", "contact", "owner", "lead", "deal", "related", "role", "team",
            "user", "grant", "alert", "record", "session"}
STATE = {}


def snapshot():
    """What a write would change: per table counts, versions and live rows, and successful audited changes."""
    parts = ["(SELECT COUNT(*) FROM audit_log WHERE outcome = 'success' AND action NOT IN"
             " ('record.view', 'record.reveal', 'auth.login', 'auth.logout', 'export'))"]
    for t in TYPES:
        parts.append("(SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(version), 0), ':', COALESCE(SUM(deleted_at IS NULL), 0),"
                     " ':', COALESCE(SUM(owner_id), 0)) FROM %s)" % t)
    parts += ["(SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(position + probability), 0)) FROM deal_stages)",
              "(SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(team_id), 0), ':', SUM(disabled)) FROM users)",
              "(SELECT COUNT(*) FROM user_roles)", "(SELECT COUNT(*) FROM group_roles)",
              "(SELECT CONCAT(COUNT(*), ':', SUM(revoked_at IS NULL)) FROM temp_grants)",
              "(SELECT CONCAT(COUNT(*), ':', SUM(mfa_required)) FROM roles)",
              "(SELECT COUNT(*) FROM role_permissions)",
              "(SELECT COUNT(*) FROM alerts WHERE acknowledged_at IS NOT NULL)",
              "(SELECT COUNT(*) FROM sessions)"]
    out = mariadb("SELECT CONCAT_WS(' ', %s)" % ", ".join(parts))
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def statement_failures(since=0):
    """The worker log's failed statements after byte offset since, and the log's size."""
    path = os.path.join(VAR, "log", "crm-fcgi.log")
    with open(path, "rb") as f:
        f.seek(since)
        text = f.read().decode("utf-8", "replace")
    return [l for l in text.splitlines() if re.search(r"statement \S+ (failed|wants)", l)], since + len(text.encode())


def uid(name):
    return mariadb("SELECT id FROM users WHERE username = '%s'" % name).stdout.strip()


def records(session, tag, stage):
    cid = create(session, "/contacts/new", {"first_name": "Ids", "last_name": tag, "allow_duplicate": "on"})
    return {
        "contacts": cid,
        "accounts": create(session, "/accounts/new", {"name": "Ids32 %s AG" % tag}),
        "leads": create(session, "/leads/new", {"first_name": "Ids", "last_name": tag, "company": "Ids32"}),
        "deals": create(session, "/deals/new", {"name": "Ids32 %s" % tag, "currency": "CHF", "stage": stage}),
        "activities": create(session, "/activities/new?related=contact&id=%s" % cid,
                             {"kind": "note", "subject": "Ids32 %s" % tag}),
    }


def setup():
    """Once: an enrolled local administrator, a rep, and records, a stage, a role and users of our own."""
    if STATE:
        return STATE
    crmctl("user", "add-local", ADMIN, "--password-stdin", stdin=ADMIN_PW + "\n")
    mariadb("DELETE m FROM user_mfa m JOIN users u ON u.id = m.user_id WHERE u.username = '%s'" % ADMIN)
    admin, _ = enrolled_session(ADMIN, ADMIN_PW)
    rep_name, rep_pw = creds()["sales-rep"]
    rep = sign_in(rep_name, rep_pw)[1]
    mariadb("INSERT IGNORE INTO deal_stages (name, position, probability, outcome) VALUES ('Ids32 stage', 99032, 10, 'open')")
    stage = mariadb("SELECT id FROM deal_stages WHERE name = 'Ids32 stage'").stdout.strip()
    mariadb("INSERT IGNORE INTO roles (name, description) VALUES ('ids32-role', 'test_32')")
    role = mariadb("SELECT id FROM roles WHERE name = 'ids32-role'").stdout.strip()
    for name, disabled in (("ids32target", 0), ("ids32gone", 1)):
        mariadb("INSERT IGNORE INTO users (username, source, created_at) VALUES ('%s', 'directory', UTC_TIMESTAMP())" % name)
        mariadb("UPDATE users SET disabled = %d, team_id = NULL WHERE username = '%s'" % (disabled, name))
    STATE.update(admin=admin, rep=rep, stage=stage, role=role, target=uid("ids32target"), gone=uid("ids32gone"),
                 own={"administrator": records(admin, "Admin", stage), "sales-rep": records(rep, "Rep", stage)})
    return STATE


def target(pattern, who):
    """The route's path with ids the session's user may act on, or None when there is none to aim at."""
    s = STATE
    first = pattern.split("/")[1]
    if first in TYPES:
        return pattern.replace("{id}", s["own"][who][first], 1)
    if pattern.startswith("/admin/users/{id}") and "grants/{id}" not in pattern:
        return pattern.replace("{id}", s["target"])
    if pattern.startswith("/admin/roles/{id}"):
        return pattern.replace("{id}", s["role"])
    if pattern.startswith("/admin/stages/{id}"):
        return pattern.replace("{id}", s["stage"])
    if pattern == "/activities/new":
        return "/activities/new?related=contact&id=%s" % s["own"][who]["contacts"]
    return None if "{id}" in pattern else pattern


def forms_on(page_text):
    """{action: [(kind, name, value, checked)]} of the page's POST forms (the first form per action)."""
    out = {}
    for m in re.finditer(r'<form\b([^>]*)>(.*?)</form>', page_text, re.S):
        a = re.search(r'action="([^"]*)"', m.group(1))
        if not a or html.unescape(a.group(1)) in out:
            continue
        fields = []
        body = m.group(2)
        for tag in re.finditer(r'<input\b([^>]*)/?>', body):
            attrs = dict((k, html.unescape(v)) for k, v in re.findall(r'([a-z-]+)="([^"]*)"', tag.group(1)))
            if "name" in attrs:
                fields.append((attrs.get("type", "text"), attrs["name"], attrs.get("value", ""), "checked" in attrs))
        for sel in re.finditer(r'<select\b([^>]*)>(.*?)</select>', body, re.S):
            name = re.search(r'name="([^"]*)"', sel.group(1))
            opts = re.findall(r'<option\b([^>]*)>', sel.group(2))
            values = [html.unescape(re.search(r'value="([^"]*)"', o).group(1)) for o in opts if 'value="' in o]
            chosen = [html.unescape(re.search(r'value="([^"]*)"', o).group(1)) for o in opts
                      if 'selected' in o and 'value="' in o]
            if name:
                numeric = bool(values) and all(v.isdigit() for v in values if v)
                fields.append(("select-id" if numeric else "select", name.group(1),
                               (chosen or values or [""])[0], True))
        for ta in re.finditer(r'<textarea\b([^>]*)>([^<]*)</textarea>', body):
            name = re.search(r'name="([^"]*)"', ta.group(1))
            if name:
                fields.append(("textarea", name.group(1), html.unescape(ta.group(2)), True))
        out[html.unescape(a.group(1))] = fields
    return out


def discover(path, session):
    """The fields of the form that posts to path, from the first page above it (or at it) that has one."""
    segs = path.split("?")[0].split("/")
    pages = [path] + ["/".join(segs[:n]) for n in range(len(segs) - 1, 1, -1)]
    if segs[1] in TYPES:
        pages.append("/%s/deleted" % segs[1])
    for page in pages:
        r = get(page, headers={"Cookie": session})
        if r.status != 200:
            continue
        found = forms_on(r.text).get(path)
        if found is not None:
            return found, csrf_of(r.text)
    return None, None


def is_id(kind, name):
    return kind == "select-id" or name in ID_WORDS or re.match(r"^role\.\d+$", name)


def base_fields(fields):
    """The form as a browser would send it, with the free text a valid request needs filled in."""
    soon = (datetime.datetime.utcnow() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    fill = {"name": "Ids32 hostile", "group": "ids32-group", "reason": "hostile ids test", "expires": soon,
            "subject": "Ids32 hostile", "note": "hostile ids test", "first_name": "Ids", "last_name": "Hostile"}
    out = {}
    for kind, name, value, checked in fields:
        if kind in ("checkbox", "radio") and not checked:
            continue
        out[name] = value if value or name not in fill else fill[name]
    if "module" in out and "record" in out:
        out["module"] = "contacts"      # a record grant is about one of the CRM's record types
    return out


def variants(path, fields, who):
    """(label, path, body) of every hostile request for one route: ids in the path, then in each id field."""
    s = STATE
    body = base_fields(fields) if fields is not None else {"note": "hostile ids test"}
    out, keys_done = [], False
    if re.search(r"/\d+(/|$)", path.split("?")[0]):
        other = None
        first = path.split("/")[1]
        if who == "sales-rep" and first in TYPES:
            other = s["own"]["administrator"][first]
        for bad in HOSTILE + ((other,) if other else ()):
            p = re.sub(r"^(/[a-z]+(?:/[a-z]+)?)/\d+", lambda m: m.group(1) + "/" + bad, path, count=1)
            out.append(("path " + bad, p, body))
    for kind, name, value, checked in fields or []:
        if not is_id(kind, name):
            continue
        if re.match(r"^role\.\d+$", name):
            if keys_done:
                continue
            keys_done = True
            for bad in HOSTILE:
                b = {k: v for k, v in body.items() if not k.startswith("role.")}
                b["role." + bad] = "on"
                out.append(("key role.%s" % bad, path, b))
            continue
        others = []
        if name == "owner":
            others = [s["gone"]] + ([uid(ADMIN)] if who == "sales-rep" else [])
        for bad in HOSTILE + tuple(others):
            out.append(("%s=%s" % (name, bad), path, dict(body, **{name: bad})))
    if path.startswith("/activities/new?"):
        for bad in HOSTILE + ((s["own"]["administrator"]["contacts"],) if who == "sales-rep" else ()):
            out.append(("query id=%s" % bad, re.sub(r"id=\d+", "id=" + bad, path), body))
    return out


def missing(path, fields):
    """(label, body) with each id field left out: refused or a legitimate empty choice, never a 5xx."""
    body = base_fields(fields or [])
    return [("%s missing" % name, {k: v for k, v in body.items() if k != name})
            for kind, name, value, checked in fields or [] if is_id(kind, name)]


def sweep(who):
    s = setup()
    session = s["admin"] if who == "administrator" else s["rep"]
    wrong, tried = [], 0
    _, log_at = statement_failures()
    for key, _need in table():
        method, pattern = key.split(" ", 1)
        if method != "POST" or pattern in ("/logout", "/login", "/login/sso", "/login/mfa", "/account/mfa"):
            continue
        path = target(pattern, who)
        fields, csrf = discover(path, s["admin"]) if path else (None, None)
        if path and who == "sales-rep":
            mine, mine_csrf = discover(path, session)
            fields = mine if mine is not None else fields
        if path is None:
            path = pattern.replace("{id}", "1")     # only its ids in the path are tried
        csrf = csrf_of(get("/account/sessions", headers={"Cookie": session}).text)
        todo = variants(path, fields, who)
        if not todo:
            continue
        before = snapshot()
        for label, p, body in todo:
            r = form_post(p, session, dict(body, csrf=csrf))
            tried += 1
            if r.status >= 500:
                wrong.append("%s %s %s: %d" % (who, key, label, r.status))
        after = snapshot()
        if after != before:
            wrong.append("%s %s: a hostile id wrote something: %s -> %s" % (who, key, before, after))
        for label, body in missing(path, fields):
            r = form_post(path, session, dict(body, csrf=csrf))
            tried += 1
            if r.status >= 500:
                wrong.append("%s %s %s: %d" % (who, key, label, r.status))
    wrong += ["%s: the database refused input: %s" % (who, l) for l in statement_failures(log_at)[0]]
    return wrong, tried


def test_hostile_ids_as_administrator():
    """as an administrator, every POST route's ids (path and form) with hostile values: never a 5xx, nothing written"""
    wrong, tried = sweep("administrator")
    assert tried > 150, tried
    assert not wrong, "\n".join(wrong)


def test_hostile_ids_as_sales_rep():
    """as a sales rep, the same, plus another owner's records and users the rep may not pick"""
    wrong, tried = sweep("sales-rep")
    assert tried > 150, tried
    assert not wrong, "\n".join(wrong)


def test_deal_edit_with_a_stage_that_does_not_exist():
    """a deal edit naming no stage of the pipeline shows the form again with the message and the input kept"""
    s = setup()
    did = s["own"]["administrator"]["deals"]
    page = get("/deals/%s/edit" % did, headers={"Cookie": s["admin"]})
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    for bad, msg in (("99999", "There is no such stage."), ("999999999999999999", "This reference is not valid."),
                     ("4294967296", "This reference is not valid.")):
        before = mariadb("SELECT stage_id, version FROM deals WHERE id = %s" % did).stdout
        r = form_post("/deals/%s/edit" % did, s["admin"], {"csrf": csrf_of(page.text), "version": version,
                      "name": "Kept Name 32", "currency": "EUR", "stage": bad, "probability": "40"})
        assert r.status == 400, (bad, r.status)
        assert msg in r.text and 'value="Kept Name 32"' in r.text, bad
        assert mariadb("SELECT stage_id, version FROM deals WHERE id = %s" % did).stdout == before, bad
    r = form_post("/deals/%s/stage" % did, s["admin"], {"csrf": csrf_of(page.text), "version": version,
                  "stage": "99999"})
    assert r.status == 400 and "There is no such stage." in r.text, r.status


def test_lead_status_chosen_on_new_is_kept():
    """the status chosen on /leads/new is stored and shown, not replaced by new"""
    s = setup()
    for status in ("contacted", "qualified"):
        lid = create(s["rep"], "/leads/new", {"first_name": "Status", "last_name": status, "company": "Ids32",
                                               "status": status})
        STATE.setdefault("leads", []).append(lid)
        assert mariadb("SELECT status FROM leads WHERE id = %s" % lid).stdout.strip() == status
        page = get("/leads/%s" % lid, headers={"Cookie": s["rep"]})
        assert page.status == 200 and re.search(r"<dd[^>]*>%s</dd>" % status, page.text, re.I), status
    lid = create(s["rep"], "/leads/new", {"first_name": "Status", "last_name": "Default", "company": "Ids32"})
    STATE["leads"].append(lid)
    assert mariadb("SELECT status FROM leads WHERE id = %s" % lid).stdout.strip() == "new"
    page = get("/leads/new", headers={"Cookie": s["rep"]})
    r = form_post("/leads/new", s["rep"], {"csrf": csrf_of(page.text), "first_name": "Status", "last_name": "Bad",
                                           "status": "converted"})
    assert r.status == 400, r.status


def test_zz_cleanup():
    """the records, stage, role and users this file made are gone again"""
    s = setup()
    ids = {t: [s["own"][w][t] for w in s["own"]] for t in TYPES}
    ids["leads"] += STATE.get("leads", [])
    mariadb("DELETE FROM activities WHERE id IN (%s) OR (related_type = 'contact' AND related_id IN (%s))"
            % (",".join(ids["activities"]), ",".join(ids["contacts"])))
    for t in ("deals", "leads", "contacts", "accounts"):
        out = mariadb("DELETE FROM %s WHERE id IN (%s)" % (t, ",".join(ids[t])))
        assert out.returncode == 0, out.stderr
    out = mariadb("DELETE FROM deal_stages WHERE name = 'Ids32 stage';"
                  " DELETE FROM group_roles WHERE group_name = 'ids32-group';"
                  " DELETE FROM role_permissions WHERE role_id = %s; DELETE FROM role_field_rules WHERE role_id = %s;"
                  " DELETE FROM user_roles WHERE role_id = %s; DELETE FROM roles WHERE id = %s;"
                  " DELETE FROM temp_grants WHERE user_id IN (%s, %s);"
                  " DELETE FROM user_roles WHERE user_id IN (%s, %s); DELETE FROM users WHERE id IN (%s, %s)"
                  % ((s["role"],) * 4 + (s["target"], s["gone"]) * 3))
    assert out.returncode == 0, out.stderr
    assert mariadb("SELECT COUNT(*) FROM deal_stages WHERE name = 'Ids32 stage'").stdout.strip() == "0"
