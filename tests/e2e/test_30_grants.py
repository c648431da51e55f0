"""test_30_grants.py: the grant ceiling (README "The grant ceiling") end
to end. A temporary grant never reaches further than its granter: the
same scope or narrower, within the granter's team, admin.* only from an
administrator of all users with a fresh second factor, a record grant only
on a record the granter can open; rights apply stored grants through the
granter's current roles. A generated matrix: every (granter role, module,
action, scope) the form can be sent, from the role grants in the database
and `crmctl routes`, expecting what the rule says and checking what the
grantee can then open. And the alerts of crmctl watch: every grant names
granter, grantee, right, scope and reason; a role change by the directory
sync at sign-in names "directory", and users by username (issue 14,
items 1 and 10). Self-contained: its own accounts, teams and records."""
import datetime
import re
import subprocess
import time

from harness import BIN, VAR, get, mariadb
from test_11_signin import creds, sign_in
from test_12_mfa import csrf_of, oathtool
from test_14_watch import crmctl_watch
from test_15_local_sso_admin import crmctl, enrolled_session
from test_24_lifecycle import create, form_post

ADMIN, PROBE, SOUTH = "grants30admin", "grants30probe", "grants30south"
PW = "Grants-Thirty-Password-42"
PROBE_ROLE = "grants30-nothing"
RECORD_TYPES = ("contacts", "accounts", "leads", "deals", "activities")
SCOPES = ("own", "team", "all")
RANK = {"none": 0, "own": 1, "team": 2, "all": 3}
DENIED = "You do not have permission"
MESSAGES = {
    "not-held": "only grant access you have yourself",
    "admin-not-all": "Only administrators of all users can grant access",
    "admin-no-mfa": "needs a fresh second factor",
    "wider": "as narrow as yours, or narrower",
    "outside-team": "reaches beyond your own team",
}
STATE = {}


def sql(q):
    r = mariadb(q)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def soon(hours=2):
    return (datetime.datetime.utcnow() + datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def records(session, tag):
    """One record of each type owned by session's user: {type: id}."""
    cid = create(session, "/contacts/new", {"first_name": "Grant", "last_name": tag, "allow_duplicate": "on"})
    stage = sql("SELECT id FROM deal_stages ORDER BY position LIMIT 1")
    return {
        "contacts": cid,
        "accounts": create(session, "/accounts/new", {"name": "Ceiling %s AG" % tag}),
        "leads": create(session, "/leads/new", {"first_name": "Lead", "last_name": tag, "company": "X"}),
        "deals": create(session, "/deals/new", {"name": "Deal %s" % tag, "currency": "CHF", "stage": stage}),
        "activities": create(session, "/activities/new?related=contact&id=%s" % cid,
                             {"kind": "note", "subject": "Note %s" % tag}),
    }


def local_account(name, role, team):
    crmctl("user", "add-local", name, "--password-stdin", "--role", role, stdin=PW + "\n")
    assert sql("SELECT COUNT(*) FROM users WHERE username = '%s'" % name) == "1", name
    sql("UPDATE users SET team_id = %s, disabled = 0 WHERE username = '%s'" % (team, name))
    return sql("SELECT id FROM users WHERE username = '%s'" % name)


def setup():
    """Once: an enrolled administrator and the manager max in Sales North, a
    grantee with a role that gives nothing in Sales North, a rep in Sales
    South; one record of each type in each team."""
    if STATE:
        return STATE
    north = sql("SELECT id FROM teams WHERE name = 'Sales North'")
    south = sql("SELECT id FROM teams WHERE name = 'Sales South'")
    sql("INSERT IGNORE INTO roles (name, description) VALUES ('%s', 'test_30: no permissions')" % PROBE_ROLE)
    local_account(ADMIN, "administrator", north)
    sql("DELETE m FROM user_mfa m JOIN users u ON u.id = m.user_id WHERE u.username = '%s'" % ADMIN)
    admin, secret = enrolled_session(ADMIN, PW)
    probe_id = local_account(PROBE, PROBE_ROLE, north)
    sql("UPDATE temp_grants SET revoked_at = UTC_TIMESTAMP() WHERE user_id = %s" % probe_id)
    south_id = local_account(SOUTH, "sales-rep", south)
    mgr_name, mgr_pw = creds()["sales-manager"]
    sign_in(mgr_name, mgr_pw)
    sql("UPDATE users SET team_id = %s WHERE username = '%s'" % (north, mgr_name))
    sql("DELETE FROM user_roles WHERE source = 'manual' AND user_id = (SELECT id FROM users WHERE username = '%s')"
        % mgr_name)
    mgr = sign_in(mgr_name, mgr_pw)[1]
    south_s = sign_in(SOUTH, PW)[1]
    probe = sign_in(PROBE, PW)[1]
    assert mgr and south_s and probe
    STATE.update(north=north, south=south, admin=admin, secret=secret, mgr=mgr, mgr_name=mgr_name,
                 probe=probe, probe_id=probe_id, south_id=south_id, north_recs=records(mgr, "North"),
                 south_recs=records(south_s, "South"))
    return STATE


def grant(granter, **fields):
    s = setup()
    page = get("/admin/users/%s" % s["probe_id"], headers={"Cookie": granter})
    assert page.status == 200, page.status
    form = dict({"reason": "test 30 ceiling", "expires": soon()}, **fields)
    return form_post("/admin/users/%s/grants" % s["probe_id"], granter, dict(form, csrf=csrf_of(page.text)))


def revoke_all():
    sql("UPDATE temp_grants SET revoked_at = UTC_TIMESTAMP() WHERE user_id = %s AND revoked_at IS NULL"
        % setup()["probe_id"])


def denied(r):
    return r.status == 403 and DENIED in r.text


def probe_get(path):
    return get(path, headers={"Cookie": setup()["probe"]})


# ---- the defects as reported ----

def test_manager_cannot_grant_user_administration():
    """a sales manager's admin.users/edit grant is refused, and the member cannot enable users"""
    s = setup()
    r = grant(s["mgr"], module="admin.users", action="edit")
    assert r.status == 400 and MESSAGES["admin-not-all"] in r.text, (r.status, r.text[-600:])
    assert sql("SELECT COUNT(*) FROM temp_grants WHERE user_id = %s AND revoked_at IS NULL" % s["probe_id"]) == "0"
    page = probe_get("/account/sessions")
    r = form_post("/admin/users/%s/disable" % s["south_id"], s["probe"], {"csrf": csrf_of(page.text)})
    assert denied(r), r.status
    assert sql("SELECT disabled FROM users WHERE id = %s" % s["south_id"]) == "0"


def test_admin_grant_of_user_administration_still_needs_a_second_factor():
    """even an administrator's admin.users/edit grant does not make a member without a second factor an administrator of all users"""
    s = setup()
    r = grant(s["admin"], module="admin.users", action="edit", scope="all")
    assert r.status == 303, (r.status, r.text[-600:])
    try:
        page = probe_get("/account/sessions")
        # Refused (the refusal page needs admin.users view, which the
        # member lacks, so it answers like a user out of reach: 404).
        r = form_post("/admin/users/%s/disable" % s["south_id"], s["probe"], {"csrf": csrf_of(page.text)})
        assert r.status in (403, 404), r.status
        assert sql("SELECT disabled FROM users WHERE id = %s" % s["south_id"]) == "0"
        # The same grant does reach every user for what needs no second factor.
        r = form_post("/admin/users/%s/sessions/revoke" % s["south_id"], s["probe"], {"csrf": csrf_of(page.text)})
        assert r.status == 303, r.status
    finally:
        revoke_all()


def test_team_grant_stays_in_the_granters_team():
    """a manager's contacts/view grant opens his team's contacts, not another team's (it used to open all)"""
    s = setup()
    r = grant(s["mgr"], module="contacts", action="view")
    assert r.status == 303, (r.status, r.text[-600:])
    try:
        assert sql("SELECT scope FROM temp_grants WHERE user_id = %s AND revoked_at IS NULL" % s["probe_id"]) == "team"
        assert probe_get("/contacts/%s" % s["north_recs"]["contacts"]).status == 200
        assert probe_get("/contacts/%s" % s["south_recs"]["contacts"]).status == 404
        assert get("/contacts/%s" % s["south_recs"]["contacts"], headers={"Cookie": s["mgr"]}).status == 404
        # The "who can access this" panel lists the grant only where it reaches.
        north = get("/contacts/%s" % s["north_recs"]["contacts"], headers={"Cookie": s["admin"]}).text
        south = get("/contacts/%s" % s["south_recs"]["contacts"], headers={"Cookie": s["admin"]}).text
        listed = "<strong>%s</strong>" % PROBE
        assert listed in north and listed not in south
    finally:
        revoke_all()


def test_stored_grant_is_capped_by_its_granter():
    """a grant stored as scope all (as before the fix) by a manager gives only the manager's team"""
    s = setup()
    mgr_id = sql("SELECT id FROM users WHERE username = '%s'" % s["mgr_name"])
    sql("INSERT INTO temp_grants (user_id, module, action, record_id, scope, team_id, reason, granted_by,"
        " created_at, expires_at) VALUES (%s, 'contacts', 'view', NULL, 'all', %s, 'old style grant', %s,"
        " UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 HOUR)" % (s["probe_id"], s["north"], mgr_id))
    try:
        assert probe_get("/contacts/%s" % s["north_recs"]["contacts"]).status == 200
        assert probe_get("/contacts/%s" % s["south_recs"]["contacts"]).status == 404
        sql("UPDATE users SET team_id = %s WHERE id = %s" % (s["south"], s["probe_id"]))
        assert denied(probe_get("/contacts/%s" % s["north_recs"]["contacts"])), "moved out of the team"
    finally:
        sql("UPDATE users SET team_id = %s WHERE id = %s" % (s["north"], s["probe_id"]))
        revoke_all()


def test_record_grant_needs_a_record_the_granter_can_open():
    """a manager cannot grant one record of another team, and can grant one of his own team"""
    s = setup()
    r = grant(s["mgr"], module="deals", action="view", record=s["south_recs"]["deals"])
    assert r.status == 400 and "a record you can open yourself" in r.text, r.status
    r = grant(s["mgr"], module="deals", action="view", record="999999")
    assert r.status == 400 and "a record you can open yourself" in r.text, r.status
    r = grant(s["mgr"], module="reports", action="view", record="1")
    assert r.status == 400, r.status
    r = grant(s["mgr"], module="deals", action="view", record=s["north_recs"]["deals"])
    assert r.status == 303, r.status
    revoke_all()


def test_admin_module_grant_needs_a_fresh_second_factor():
    """an administrator whose last code is older than [auth] mfa_fresh is asked for one, and a current code lets the grant through"""
    s = setup()
    sql("UPDATE sessions s JOIN users u ON u.id = s.user_id SET s.mfa_at = UTC_TIMESTAMP() - INTERVAL 2 HOUR"
        " WHERE u.username = '%s'" % ADMIN)
    r = grant(s["admin"], module="admin.audit", action="view", scope="all")
    assert r.status == 400 and MESSAGES["admin-no-mfa"] in r.text, r.status
    r = grant(s["admin"], module="admin.audit", action="view", scope="all", code="000000")
    assert r.status == 400 and "not right" in r.text, r.status
    # A code of a time step not used yet (the enrolment used one).
    while int(time.time()) // 30 <= int(sql("SELECT m.last_step FROM user_mfa m JOIN users u ON u.id = m.user_id"
                                             " WHERE u.username = '%s'" % ADMIN)):
        time.sleep(1)
    r = grant(s["admin"], module="admin.audit", action="view", scope="all", code=oathtool(s["secret"]))
    assert r.status == 303, (r.status, r.text[-600:])
    assert probe_get("/admin/audit").status == 200
    revoke_all()
    assert denied(probe_get("/admin/audit"))


def test_bad_scope_is_a_clear_refusal():
    """an unknown scope is a 400 with a message, never a 5xx"""
    s = setup()
    for bad in ("none", "everything", "ALL"):
        r = grant(s["mgr"], module="contacts", action="view", scope=bad)
        assert r.status == 400 and "scope that does not exist" in r.text, (bad, r.status)


# ---- the generated matrix ----

def route_needs():
    out = subprocess.run([BIN + "/crmctl", "-c", VAR + "/crm.conf", "routes"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    needs = {}
    for line in out.stdout.splitlines():
        route, need = line.rsplit(" ", 1)
        method, path = route.split(" ", 1)
        if "." not in need:
            continue
        module, action = need.rsplit(".", 1)
        paths = needs.setdefault((module, action), [])
        if method == "GET" and "{id}" not in path:
            paths.append(path)
    return needs


def held_scopes(role):
    rows = sql("SELECT p.module, p.action, p.scope FROM role_permissions p JOIN roles r ON r.id = p.role_id"
               " WHERE r.name = '%s'" % role)
    return {(m, a): sc for m, a, sc in (line.split("\t") for line in rows.splitlines() if line)}


def expected(role, held, module, action, scope):
    """The rule (README "The grant ceiling"): None when accepted, else the refusal."""
    have = held.get((module, action), "none")
    if have == "none":
        return "not-held"
    if module.startswith("admin.") and role != "administrator":
        return "admin-not-all"
    if RANK[scope] > RANK[have]:
        return "wider"
    # Granter and grantee are both in Sales North: within reach unless the
    # granter holds only own scope (the grantee's records are not his).
    if have == "own":
        return "outside-team"
    return None


def check_effect(module, action, scope, paths):
    """What the grantee can open with the grant in force."""
    s = setup()
    wrong = []
    if action == "view" and module in RECORD_TYPES:
        north = probe_get("/%s/%s" % (module, s["north_recs"][module])).status
        south = probe_get("/%s/%s" % (module, s["south_recs"][module])).status
        want = {"own": (404, 404), "team": (200, 404), "all": (200, 200)}[scope]
        if (north, south) != want:
            wrong.append("%s.%s %s: north %s south %s, want %s" % (module, action, scope, north, south, want))
    for path in paths[:1]:     # the route opens (a page may still want a query, as /activities/new)
        r = probe_get(path)
        if denied(r) or r.status >= 500:
            wrong.append("%s.%s %s: GET %s gave %s" % (module, action, scope, path, r.status))
    return wrong


def test_generated_grant_matrix():
    """every (granter role, module, action, scope) the form can be sent: accepted exactly as the ceiling says, and the grantee gets no more"""
    s = setup()
    needs = route_needs()
    granters = {"sales-manager": s["mgr"], "administrator": s["admin"]}
    # The administrator's code stays fresh through the run (mfa_fresh).
    sql("UPDATE sessions s JOIN users u ON u.id = s.user_id SET s.mfa_at = UTC_TIMESTAMP()"
        " WHERE u.username = '%s'" % ADMIN)
    wrong, accepted, refused = [], 0, 0
    for role, session in granters.items():
        held = held_scopes(role)
        page = get("/admin/users/%s" % s["probe_id"], headers={"Cookie": session})
        csrf = csrf_of(page.text)
        offered = set(re.findall(r'<option value="(own|team|all)"', page.text))
        widest = max((RANK[v] for v in held.values()), default=0)
        if offered != {sc for sc in SCOPES if RANK[sc] <= widest}:
            wrong.append("%s: the form offers %s" % (role, sorted(offered)))
        for (module, action), paths in sorted(needs.items()):
            for scope in SCOPES:
                want = expected(role, held, module, action, scope)
                r = form_post("/admin/users/%s/grants" % s["probe_id"], session,
                              {"module": module, "action": action, "scope": scope, "reason": "matrix 30",
                               "expires": soon(), "csrf": csrf})
                case = "%s grants %s.%s %s" % (role, module, action, scope)
                if want is not None:
                    refused += 1
                    if r.status != 400 or MESSAGES[want] not in r.text:
                        wrong.append("%s: %s, want 400 %s" % (case, r.status, want))
                        revoke_all()
                    continue
                accepted += 1
                if r.status != 303:
                    wrong.append("%s: %s, want 303" % (case, r.status))
                    continue
                wrong += check_effect(module, action, scope, paths)
                stored = sql("SELECT scope FROM temp_grants WHERE user_id = %s AND revoked_at IS NULL; "
                             "UPDATE temp_grants SET revoked_at = UTC_TIMESTAMP() WHERE user_id = %s"
                             " AND revoked_at IS NULL" % (s["probe_id"], s["probe_id"]))
                if stored != scope:
                    wrong.append("%s: stored scope %r" % (case, stored))
    assert accepted > 20 and refused > 20, (accepted, refused)
    assert not wrong, "\n".join(wrong[:40])
    # Roles without admin.users edit cannot reach the grant form at all.
    for role in ("sales-rep", "finance", "auditor"):
        if "admin.users.edit" in {"%s.%s" % k for k in held_scopes(role)}:
            continue
        name, pw = creds()[role]
        sess = sign_in(name, pw)[1]
        page = get("/account/sessions", headers={"Cookie": sess})
        r = form_post("/admin/users/%s/grants" % s["probe_id"], sess,
                      {"module": "contacts", "action": "view", "scope": "own", "reason": "matrix 30",
                       "expires": soon(), "csrf": csrf_of(page.text)})
        assert denied(r), (role, r.status)


# ---- alerts ----

def test_every_grant_raises_an_alert_naming_who_what_and_why():
    """crmctl watch raises priv.temp_grant for a grant: granter, grantee, right, scope and reason, shown on /admin/alerts"""
    s = setup()
    crmctl_watch()
    r = grant(s["mgr"], module="deals", action="edit", scope="own", reason="cover for Jo")
    assert r.status == 303, r.status
    revoke_all()
    out = crmctl_watch()
    assert "alert priv.temp_grant severity=medium" in out, out
    want = "%s granted %s deals/edit (scope own), reason: cover for Jo" % (s["mgr_name"], PROBE)
    rows = sql("SELECT actor, summary FROM alerts WHERE kind = 'priv.temp_grant' ORDER BY id DESC LIMIT 1")
    assert rows == "%s\t%s" % (s["mgr_name"], want), rows
    page = get("/admin/alerts", headers={"Cookie": s["admin"]})
    assert page.status == 200 and "cover for Jo" in page.text and PROBE in page.text


def test_directory_sync_is_named_as_such():
    """a group mapping applied at sign-in is alerted as the directory's change, naming the user by username"""
    s = setup()
    name, pw = creds()["finance"]
    admin_role = sql("SELECT id FROM roles WHERE name = 'administrator'")
    groups = get("/admin/groups", headers={"Cookie": s["admin"]})
    crmctl_watch()
    r = form_post("/admin/groups", s["admin"], {"group": "crm-finance", "role": admin_role,
                                                "csrf": csrf_of(groups.text)})
    assert r.status == 303, r.status
    try:
        assert sign_in(name, pw)[0].status == 303
    finally:
        form_post("/admin/groups/remove", s["admin"], {"group": "crm-finance", "role": admin_role,
                                                       "csrf": csrf_of(groups.text)})
        sign_in(name, pw)   # the mapping gone, the role goes again
    crmctl_watch()     # (a second run in the same hour finds its alert already made)
    uid = sql("SELECT id FROM users WHERE username = '%s'" % name)
    rows = sql("SELECT actor, subject, summary FROM alerts WHERE kind = 'priv.admin_grant'"
               " AND first_seq IN (SELECT seq FROM audit_log WHERE action = 'user.roles' AND actor = '%s')"
               " ORDER BY id DESC LIMIT 1" % name).split("\t")
    assert rows[0] == "directory" and rows[1] == name, rows
    assert rows[2].startswith("directory gave %s the role(s) administrator" % name), rows
    assert "user %s" % uid not in rows[2] and "%s gave" % name not in rows[2], rows
