"""test_55_admin_forms.py: the administration forms and the other forms
that can refuse a field (issue 17, "Forms"), sent with bad input, start
with the error summary (id error-summary) linking to the inputs in
error; each such input carries aria-invalid="true" and an
aria-describedby naming an element that exists. The same pages without
errors have no summary. Self-contained: the administrator and the sales
manager of test_17's sessions."""
import uuid
from urllib.parse import urlencode

from harness import get, mariadb, request
from test_12_mfa import csrf_of
from test_17_access import FORM, sessions
from test_24_lifecycle import create
from test_45_form_errors import by_id, elements

TAG = "F55" + uuid.uuid4().hex[:6]


def one(sql):
    return mariadb(sql).stdout.strip()


def post(session, page_path, action, fields):
    page = get(page_path, headers={"Cookie": session})
    assert page.status == 200, (page_path, page.status)
    body = dict(fields, csrf=csrf_of(page.text))
    return request("POST", action, body=urlencode(body).encode(), headers=dict(FORM, Cookie=session))


def check_summary(r, inputs):
    """r shows the summary, linking to every id of inputs, each marked
    invalid and described by an element of the page."""
    assert r.status in (400, 403, 409), (r.status, r.text[:300])
    els = elements(r.text)
    assert by_id(els, "error-summary") is not None, r.text[:3000]
    links = [a["href"] for t, a in els if t == "a" and a.get("href", "").startswith("#")]
    for ident in inputs:
        assert "#" + ident in links, (ident, links)
        control = by_id(els, ident)
        assert control is not None and control.get("aria-invalid") == "true", (ident, control)
        for target in control.get("aria-describedby", "").split():
            assert by_id(els, target) is not None, (ident, target)
        assert control.get("aria-describedby"), (ident, control)
    # every marked input is described by an element that exists
    for _, a in els:
        if a.get("aria-invalid") == "true":
            for target in a.get("aria-describedby", "").split():
                assert by_id(els, target) is not None, (a, target)
    return els


def no_summary(session, path):
    r = get(path, headers={"Cookie": session})
    assert r.status == 200, (path, r.status)
    els = elements(r.text)
    assert by_id(els, "error-summary") is None, path
    assert not [a for _, a in els if a.get("aria-invalid") == "true"], path


def user_id(name):
    return one("SELECT id FROM users WHERE username = '%s'" % name)


def rep_path():
    from test_11_signin import creds
    return "/admin/users/%s" % user_id(creds()["sales-rep"][0])


def test_admin_user_grant_errors_summarised():
    """a grant without a reason links the reason input, keeps what was typed"""
    admin = sessions()["administrator"]
    path = rep_path()
    no_summary(admin, path)
    r = post(admin, path, path + "/grants", {"module": "contacts", "action": "view", "scope": "all",
                                             "record": "", "reason": "no", "expires": "2020-01-01T10:00"})
    els = check_summary(r, ["g-reason"])
    assert by_id(els, "g-reason").get("value") == "no"
    r = post(admin, path, path + "/grants", {"module": "contacts", "action": "view", "scope": "all",
                                             "record": "x1", "reason": "a good reason", "expires": ""})
    check_summary(r, ["g-record"])


def test_admin_user_team_and_roles_errors_summarised():
    """a team or role that does not exist links the team list / the role boxes"""
    admin = sessions()["administrator"]
    path = rep_path()
    r = post(admin, path, path + "/team", {"team": "999999"})
    check_summary(r, ["team"])
    r = post(admin, path, path + "/roles", {"role.999999": "on"})
    check_summary(r, ["roles"])


def test_groups_errors_summarised():
    """a bad group name links the group input; a mapping already there too"""
    admin = sessions()["administrator"]
    no_summary(admin, "/admin/groups")
    role = one("SELECT id FROM roles WHERE name = 'sales-rep'")
    r = post(admin, "/admin/groups", "/admin/groups", {"group": "bad/name!", "role": role})
    check_summary(r, ["group"])
    r = post(admin, "/admin/groups", "/admin/groups", {"group": "ok", "role": "999999"})
    check_summary(r, ["role"])


def test_custom_field_forms_errors_summarised():
    """the add-field form, a field's edit form and its option form"""
    admin = sessions()["administrator"]
    r = post(admin, "/admin/fields?family=contacts", "/admin/fields",
             {"family": "contacts", "label_en": "", "type": "text", "protect": "plain", "personal": "none"})
    check_summary(r, ["label_en"])
    r = post(admin, "/admin/fields?family=contacts", "/admin/fields",
             {"family": "contacts", "label_en": TAG + " choice", "type": "choice", "protect": "plain",
              "personal": "none"})
    assert r.status == 303, r.status
    fid = one("SELECT MAX(id) FROM custom_fields WHERE family = 'contacts' AND type = 'choice'")
    path = "/admin/fields/%s" % fid
    no_summary(admin, path)
    version = one("SELECT version FROM custom_fields WHERE id = %s" % fid)
    r = post(admin, path, path, {"version": version, "label_en": "", "personal": "none"})
    check_summary(r, ["label_en"])
    r = post(admin, path, path + "/options", {"version": version, "code": "Bad Code", "label_en": ""})
    check_summary(r, ["opt-code", "opt-label_en"])


def test_stages_errors_link_the_right_row():
    """a row's bad probability links that row's input; the new-stage form too"""
    admin = sessions()["administrator"]
    no_summary(admin, "/admin/stages")
    sid, name, pos = mariadb("SELECT id, name, position FROM deal_stages ORDER BY position LIMIT 1 OFFSET 1"
                             ).stdout.strip().split("\t")
    r = post(admin, "/admin/stages", "/admin/stages/%s" % sid,
             {"name": name, "position": pos, "probability": "250", "outcome": "open"})
    els = check_summary(r, ["s%s-probability" % sid])
    assert name in r.text
    assert by_id(els, "s%s-probability" % sid).get("value") == "250"
    other = [a for _, a in els if a.get("aria-invalid") == "true"]
    assert len(other) == 1, other
    r = post(admin, "/admin/stages", "/admin/stages", {"name": "", "position": "x", "probability": "5",
                                                       "outcome": "open"})
    check_summary(r, ["n-name", "n-position"])
    r = post(admin, "/admin/stages", "/admin/stages/%s" % sid,
             {"name": one("SELECT name FROM deal_stages WHERE id <> %s LIMIT 1" % sid), "position": pos,
              "probability": "10", "outcome": "open"})
    check_summary(r, ["s%s-name" % sid])


def test_owner_change_refused_summarised():
    """an owner that cannot be chosen: the owner list again, marked"""
    mgr = sessions()["sales-manager"]
    cid = create(mgr, "/contacts/new", {"first_name": "Own", "last_name": TAG, "allow_duplicate": "on"})
    path = "/contacts/%s" % cid
    version = one("SELECT version FROM contacts WHERE id = %s" % cid)
    r = post(mgr, path, path + "/owner", {"owner": "999999", "version": version})
    check_summary(r, ["new-owner"])


def test_list_columns_too_many_summarised():
    """more than eight columns: the boxes marked, the first linked"""
    admin = sessions()["administrator"]
    mgr = sessions()["sales-manager"]
    page = get("/admin/fields?family=contacts", headers={"Cookie": admin})
    for i in range(9):
        r = request("POST", "/admin/fields", body=urlencode({
            "csrf": csrf_of(page.text), "family": "contacts", "label_en": "%s col %d" % (TAG, i),
            "type": "text", "protect": "plain", "personal": "none"}).encode(), headers=dict(FORM, Cookie=admin))
        assert r.status in (303, 400), r.status
    names = ["cf_" + n for n in mariadb("SELECT id FROM custom_fields WHERE family = 'contacts'"
                                        " AND retired_at IS NULL ORDER BY position, id").stdout.split()]
    assert len(names) >= 9, names
    r = post(mgr, "/contacts/columns", "/contacts/columns", {n: "1" for n in names[:9]})
    els = elements(r.text)
    first = [a for t, a in els if t == "input" and a.get("type") == "checkbox"][0]["id"]
    check_summary(r, [first])


def test_import_mapping_error_summarised():
    """a column mapped to a field twice: that column's list linked"""
    admin = sessions()["administrator"]
    page = get("/contacts/import", headers={"Cookie": admin})
    boundary = "----f55" + uuid.uuid4().hex
    csv = "Last name,Last name\r\nA,B\r\n"
    parts = [("csrf", csrf_of(page.text)), ("map_0", "last_name"), ("map_1", "last_name"), ("action", "check")]
    body = "".join('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, k, v)
                   for k, v in parts)
    body += ('--%s\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\n'
             'Content-Type: text/csv\r\n\r\n%s\r\n--%s--\r\n' % (boundary, csv, boundary))
    r = request("POST", "/contacts/import", body=body.encode(),
                headers={"Content-Type": "multipart/form-data; boundary=" + boundary, "Cookie": admin})
    check_summary(r, ["map_1"])
