"""browser_pages.py: the page states the browser checks visit (test_51
runs axe-core on every row of PAGES; test_52 screenshots the rows of
SHOTS), the users they visit them as, and the records the paths name.
To check a new page, add a row: the test files need no change.

A row of PAGES is (name, who, path, submit):
- who: "anon" (signed out), "ada" (an administrator with a second factor),
  "sam" (sales rep), "max" (sales manager), or "mfa" (password given,
  second factor not yet: the /login/mfa step).
- path: may name a record made by setup(): {contact} {account} {lead}
  {deal} {activity} {user} {role} {field}, and sam's own {sam_contact}
  {sam_deal}. "static:FILE" is a static page of the checkout that nginx
  sends itself (its error pages, reached only internally): the browser
  opens nginx's 404 page, then the document is replaced with FILE's text.
- submit: None, or {field name: value} to fill into the page's form
  before submitting it from the browser (form.submit(), so the browser's
  own required-field checks do not stop it): the page state checked is
  the answer, typically the form again with its validation errors. The
  key "_form" (optional) is a CSS selector of the form to fill, when the
  first form holding a field of that name is not the one meant."""
import os
import re

from harness import ROOT, get, mariadb
from test_11_signin import creds, sign_in
from test_12_mfa import csrf_of
from test_15_local_sso_admin import crmctl, enrolled_session
from test_24_lifecycle import create, form_post, version_of

PAGES = [
    # Signed out.
    ("login", "anon", "/login", None),
    ("login, wrong password", "anon", "/login", {"username": "nobody-axe", "password": "wrong-password"}),
    ("language", "anon", "/account/language", None),
    ("not found (app)", "anon", "/no-such-page", None),
    ("login, second factor", "mfa", "/login/mfa", None),
    ("login, wrong second factor", "mfa", "/login/mfa", {"code": "000000"}),
    ("not found (nginx)", "anon", "/assets/no-such-file.css", None),
] + [("error page %s (nginx)" % n, "anon", "static:assets/errors/%s.html" % n, None)
     for n in (400, 403, 405, 408, 413, 414, 421, 429, 500, 502, 503, 504)] + [
    # Every signed-in user's own pages.
    ("home", "ada", "/", None),
    ("home", "sam", "/", None),
    ("home", "max", "/", None),
    ("sessions", "sam", "/account/sessions", None),
    ("language", "sam", "/account/language", None),
    ("second factor", "ada", "/account/mfa", None),
    ("second factor", "sam", "/account/mfa", None),
    # Lists.
    ("contacts", "max", "/contacts", None),
    ("contacts", "sam", "/contacts", None),
    ("accounts", "max", "/accounts", None),
    ("leads", "max", "/leads", None),
    ("deals", "max", "/deals", None),
    ("activities", "max", "/activities", None),
    ("contacts deleted", "ada", "/contacts/deleted", None),
    ("accounts deleted", "ada", "/accounts/deleted", None),
    ("leads deleted", "ada", "/leads/deleted", None),
    ("deals deleted", "ada", "/deals/deleted", None),
    ("activities deleted", "ada", "/activities/deleted", None),
    ("list columns", "max", "/contacts/columns", None),
    ("pipeline", "max", "/deals/pipeline", None),
    ("pipeline", "sam", "/deals/pipeline", None),
    # Records and their forms.
    ("contact", "max", "/contacts/{contact}", None),
    ("contact", "sam", "/contacts/{sam_contact}", None),
    ("contact edit", "max", "/contacts/{contact}/edit", None),
    ("contact new", "max", "/contacts/new", None),
    ("contact new, errors", "max", "/contacts/new", {"first_name": "", "last_name": "", "email": "not-an-email"}),
    ("account", "max", "/accounts/{account}", None),
    ("account edit", "max", "/accounts/{account}/edit", None),
    ("account new", "max", "/accounts/new", None),
    ("account new, errors", "max", "/accounts/new", {"name": ""}),
    ("lead", "max", "/leads/{lead}", None),
    ("lead edit", "max", "/leads/{lead}/edit", None),
    ("lead new", "max", "/leads/new", None),
    ("lead new, errors", "max", "/leads/new", {"first_name": "", "last_name": "", "email": "x@"}),
    ("deal", "max", "/deals/{deal}", None),
    ("deal", "sam", "/deals/{sam_deal}", None),
    ("deal edit", "max", "/deals/{deal}/edit", None),
    ("deal new", "max", "/deals/new", None),
    ("deal new, errors", "max", "/deals/new", {"name": ""}),
    ("deal new", "ada", "/deals/new", None),
    ("deal new, errors", "ada", "/deals/new", {"name": "", "amount": "lots"}),
    ("activity", "max", "/activities/{activity}", None),
    ("activity edit", "max", "/activities/{activity}/edit", None),
    ("activity new", "max", "/activities/new?related=contact&id={contact}", None),
    ("activity new, errors", "max", "/activities/new?related=contact&id={contact}", {"subject": ""}),
    # Import and export.
    ("contacts import", "ada", "/contacts/import", None),
    ("accounts import", "ada", "/accounts/import", None),
    ("leads import", "ada", "/leads/import", None),
    ("contacts export", "ada", "/contacts/export", None),
    ("accounts export", "ada", "/accounts/export", None),
    ("leads export", "ada", "/leads/export", None),
    ("deals export", "ada", "/deals/export", None),
    ("activities export", "ada", "/activities/export", None),
    # Administration.
    ("admin users", "ada", "/admin/users", None),
    ("admin user", "ada", "/admin/users/{user}", None),
    ("admin roles", "ada", "/admin/roles", None),
    ("admin role", "ada", "/admin/roles/{role}", None),
    ("admin groups", "ada", "/admin/groups", None),
    ("admin stages", "ada", "/admin/stages", None),
    ("admin fields", "ada", "/admin/fields", None),
    ("admin fields, errors", "ada", "/admin/fields", {"label_en": ""}),
    ("admin field", "ada", "/admin/fields/{field}", None),
    ("admin audit", "ada", "/admin/audit", None),
    ("admin backups", "ada", "/admin/backups", None),
    ("admin alerts", "ada", "/admin/alerts", None),
    # Issue 17: the board with a refused filter, global search, the role
    # editor's review step and its form with an error.
    ("pipeline, errors", "max", "/deals/pipeline", {"close_from": "2027-01-10", "close_to": "2026-01-01"}),
    ("search", "max", "/search?q=Axe", None),
    ("search", "sam", "/search?q=Axe", None),
    ("search, nothing found", "max", "/search?q=zzqqxx", None),
    ("search, empty", "max", "/search?q=", None),
    ("admin role, review", "ada", "/admin/roles/{role}", {"description": "Reviewed by the browser check"}),
    ("admin role, errors", "ada", "/admin/roles/{role}", {"name": ""}),
    # Issue 17 forms17b: the other forms' error states (test_55 checks
    # their summaries; here axe checks the pages).
    ("admin user, errors", "ada", "/admin/users/{user}", {"reason": "no"}),
    ("admin groups, errors", "ada", "/admin/groups", {"_form": "form[action='/admin/groups']", "group": "bad/name!"}),
    ("admin field, errors", "ada", "/admin/fields/{field}", {"label_en": ""}),
    ("admin stages, errors", "ada", "/admin/stages", {"name": "", "position": "x", "probability": "250"}),
    ("owner change, errors", "max", "/contacts/{contact}", {"owner": "999999"}),
]

# test_52: (name, who, path). A page answering 4xx/5xx fails its row.
SHOTS = [
    ("pipeline", "max", "/deals/pipeline"),
    ("dashboard", "max", "/"),
    ("contact", "max", "/contacts/{contact}"),
    ("search", "max", "/search?q=Axe"),
    ("role editor", "ada", "/admin/roles/{role}"),
]

ADMIN, ADMIN_PW = "axeada", "Axe-Ada-Password-51-MFA"
STATE = {}


def _one(sql):
    return mariadb(sql).stdout.strip()


def setup():
    """Once per test file: the users' session cookie values ({who: value})
    and the record ids ({name: id}) the paths name."""
    if STATE:
        return STATE
    crmctl("user", "add-local", ADMIN, "--role", "administrator", "--password-stdin", stdin=ADMIN_PW + "\n")
    mariadb("DELETE m FROM user_mfa m JOIN users u ON u.id = m.user_id WHERE u.username = '%s'" % ADMIN)
    ada, _ = enrolled_session(ADMIN, ADMIN_PW)
    r, partial = sign_in(ADMIN, ADMIN_PW)
    assert r.status == 303 and r.headers.get("location") == "/login/mfa", r.status
    who = {"ada": ada, "mfa": partial}
    for name, role in (("sam", "sales-rep"), ("max", "sales-manager")):
        r, who[name] = sign_in(*creds()[role])
        assert who[name], (name, r.status)
    mx = who["max"]
    stage = _one("SELECT id FROM deal_stages ORDER BY position LIMIT 1")
    ids = {"account": create(mx, "/accounts/new", {"name": "Axe Check Trading AG", "industry": "retail"})}
    ids["contact"] = create(mx, "/contacts/new", {"first_name": "Axel", "last_name": "Checker", "allow_duplicate": "on",
                                                  "account": ids["account"], "email": "axel@axe-check.example.com",
                                                  "phone": "+41 44 000 51 51"})
    ids["lead"] = create(mx, "/leads/new", {"first_name": "Lena", "last_name": "Axe", "company": "Axe Leads GmbH"})
    ids["deal"] = create(mx, "/deals/new", {"name": "Axe rollout", "currency": "CHF",
                                            "stage": stage, "account": ids["account"]})
    ids["activity"] = create(mx, "/activities/new?related=contact&id=%s" % ids["contact"],
                             {"kind": "note", "subject": "Axe follow-up call"})
    sm = who["sam"]
    ids["sam_contact"] = create(sm, "/contacts/new", {"first_name": "Sami", "last_name": "Axe", "allow_duplicate": "on"})
    ids["sam_deal"] = create(sm, "/deals/new", {"name": "Sam's axe deal", "currency": "EUR", "stage": stage})
    # Something in each deleted list.
    for kind, path in (("contacts", "/contacts/new"), ("leads", "/leads/new")):
        rid = create(mx, path, {"first_name": "Gone", "last_name": "Axe", "allow_duplicate": "on", "company": "Y"})
        page = get("/%s/%s" % (kind, rid), headers={"Cookie": mx})
        form_post("/%s/%s/delete" % (kind, rid), mx, {"csrf": csrf_of(page.text), "version": version_of(page)})
    ids["user"] = _one("SELECT id FROM users WHERE username = '%s'" % creds()["sales-rep"][0])
    ids["role"] = _one("SELECT id FROM roles WHERE name = 'sales-rep'")
    ids["field"] = _one("SELECT MIN(id) FROM custom_fields")
    if not ids["field"] or ids["field"] == "NULL":
        page = get("/admin/fields?family=contacts", headers={"Cookie": ada})
        form_post("/admin/fields", ada, {"csrf": csrf_of(page.text), "family": "contacts", "label_en": "Axe segment",
                                         "label_zh": "细分", "type": "text", "protect": "plain", "personal": "none"})
        ids["field"] = _one("SELECT MIN(id) FROM custom_fields")
    STATE.update(who={k: v.split("=", 1)[1] for k, v in who.items()}, ids=ids)
    return STATE


def path_of(path):
    return re.sub(r"\{(\w+)\}", lambda m: setup()["ids"][m.group(1)], path)


def visit(browser, url_base, who, path, lang="en", submit=None):
    """Loads path as who in language lang (and submits its form with the
    values of submit); returns the HTTP status of the page shown."""
    s = setup()
    browser.call("Network.deleteCookies", name="__Host-session", url=url_base + "/")
    cookies = [("__Host-lang", lang)]
    if who != "anon":
        cookies.append(("__Host-session", s["who"][who]))
    for name, value in cookies:
        browser.call("Network.setCookie", name=name, value=value, url=url_base + "/", secure=True,
                     httpOnly=True, sameSite="Strict")
    if path.startswith("static:"):
        browser.go(url_base + "/assets/no-such-file.css")
        with open(os.path.join(ROOT, path[len("static:"):])) as f:
            text = f.read()
        browser.evaluate("document.open(); document.write(%s); document.close(); 0" % _json(text))
        browser.evaluate("new Promise(r => document.readyState === 'complete' ? r(0) : addEventListener('load', () => r(0)))",
                         await_promise=True)
        return 200
    browser.go(url_base + path_of(path))
    if submit:
        fill = ("(() => { const v = %s; let form = null; const sel = v._form || 'form'; delete v._form;"
                " for (const [k, x] of Object.entries(v)) { const e = document.querySelector(sel + ' [name=\"' + k + '\"]');"
                "  if (!e) throw new Error('no field ' + k); e.value = x; form = form || e.form; }"
                " setTimeout(() => HTMLFormElement.prototype.submit.call(form), 0); })()") % _json(submit)
        browser.go(script=fill)
    return browser.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")


def _json(v):
    import json
    return json.dumps(v)
