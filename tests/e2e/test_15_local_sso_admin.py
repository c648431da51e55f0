"""test_15_local_sso_admin.py: the rest of sign-in: a break-glass account
(crmctl user add-local, PAM service crm-local with pam_pwdfile) that
signs in while the directory is down; two-step sign-in required per role
from /admin/roles, taking effect on a signed-in user's next request;
an administrator ending all sessions of a user on /admin/users; single
sign-on by TLS client certificate through nginx; the per-address lock."""
import atexit
import http.client
import os
import re
import ssl
import shutil
import subprocess
import tempfile
import time

from harness import BIN, HOST, PORT, VAR, get, instance, mariadb, request, tls_context, wait_until
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of, oathtool, post

LOCAL = "breakglass"
LOCAL_PW = "Correct-Horse-Battery-Staple-7"
STATE = {}


def crmctl(*args, stdin=None):
    return subprocess.run([os.path.join(BIN, "crmctl"), "-c", os.path.join(VAR, "crm.conf")] + list(args),
                          input=stdin, capture_output=True, text=True)


def enrolled_session(name, pw):
    """Signs in and enrols a second factor; returns (session cookie, secret)."""
    r, session = sign_in(name, pw)
    assert r.status == 303 and session, (r.status, r.text[:200])
    page = get("/account/mfa", headers={"Cookie": session})
    secret = re.search(r'<code class="secret">([A-Z2-7]{32})</code>', page.text).group(1)
    ok = post("/account/mfa", session, csrf=csrf_of(page.text), code=oathtool(secret))
    assert ok.status == 200 and "is on for your account" in ok.text, ok.status
    # Enrolling rotates the session token: the old cookie no longer works.
    m = re.search(r"__Host-session=([0-9a-f]{64})", ok.headers.get("set-cookie", ""))
    assert m, "no new session token after enrolment"
    assert get("/account/sessions", headers={"Cookie": session}).status == 303
    return "__Host-session=" + m.group(1), secret


def test_add_local_refuses_bad_names():
    """crmctl user add-local refuses system accounts, directory users and malformed names"""
    sam, pw = creds()["sales-rep"]
    sign_in(sam, pw)       # sam now has a users row from the directory
    for name in ("root", sam, "Bad*Name", ""):
        r = crmctl("user", "add-local", name, "--password-stdin", stdin=LOCAL_PW + "\n")
        assert r.returncode != 0, (name, r.stdout)
    short = crmctl("user", "add-local", LOCAL, "--password-stdin", stdin="short\n")
    assert short.returncode != 0 and "16" in short.stderr


def test_break_glass_signs_in_while_directory_is_down():
    """a local account signs in through its own PAM service while the directory is stopped"""
    r = crmctl("user", "add-local", LOCAL, "--password-stdin", stdin=LOCAL_PW + "\n")
    assert r.returncode == 0, r.stderr
    text = open(os.path.join(VAR, "local-auth", "passwd")).read()
    line = [l for l in text.splitlines() if l.startswith(LOCAL + ":")]
    assert len(line) == 1 and line[0].startswith(LOCAL + ":$y$") and LOCAL_PW not in text, "not a yescrypt hash"
    st = os.stat(os.path.join(VAR, "local-auth", "passwd"))
    assert st.st_mode & 0o077 == 0, oct(st.st_mode)
    instance("directory-stop")
    try:
        name, pw = creds()["sales-rep"]
        down, _ = sign_in(name, pw)
        assert down.status == 503, down.status
        wrong, s = sign_in(LOCAL, LOCAL_PW + "x")
        assert wrong.status == 401 and s is None
        STATE["admin"], STATE["secret"] = enrolled_session(LOCAL, LOCAL_PW)
        users = get("/admin/users", headers={"Cookie": STATE["admin"]})
        assert users.status == 200 and LOCAL in users.text and "local account" in users.text
    finally:
        instance("directory-start")
        # nslcd reconnects with a back-off: wait until a directory user
        # signs in again, so later tests meet a directory that answers.
        name, pw = creds()["sales-rep"]
        assert wait_until(lambda: sign_in(name, pw)[0].status == 303, timeout=60, step=1), \
            "the directory did not come back"


def test_key_rotation_keeps_second_factors():
    """crmctl keys rotate --data re-encrypts TOTP secrets (user_mfa is keyed by user_id) and they still work"""
    r = crmctl("keys", "rotate", "--data")
    assert r.returncode == 0 and re.search(r"\d+ subjects? re-encrypted under fresh data keys, 0 failed",
                                           r.stdout), r.stdout + r.stderr
    r, session = sign_in(LOCAL, LOCAL_PW)
    assert r.status == 303 and r.headers["location"] == "/login/mfa", r.status
    form = get("/login/mfa", headers={"Cookie": session})
    done = post("/login/mfa", session, csrf=csrf_of(form.text), code=oathtool(STATE["secret"], 30))
    assert done.status == 303 and done.headers["location"] == "/", done.status


def test_admin_pages_need_the_administrator_role():
    """a sales rep gets 403 on the admin pages and cannot end others' sessions"""
    name, pw = creds()["sales-rep"]
    _, rep = sign_in(name, pw)
    assert get("/admin/users", headers={"Cookie": rep}).status == 403
    assert get("/admin/roles", headers={"Cookie": rep}).status == 403
    csrf = csrf_of(get("/account/sessions", headers={"Cookie": rep}).text)
    assert post("/admin/users/1/sessions/revoke", rep, csrf=csrf).status == 403
    assert "Users" not in re.sub(r"<main.*", "", get("/", headers={"Cookie": rep}).text, flags=re.S)


def _role_id(role):
    return mariadb("SELECT id FROM roles WHERE name = '%s'" % role).stdout.strip()


def test_role_requires_mfa_on_next_request():
    """requiring two-step sign-in for a role sends a signed-in member to enrol on their next request"""
    admin = STATE["admin"]
    name, pw = creds()["finance"]
    _, fin = sign_in(name, pw)
    assert get("/account/sessions", headers={"Cookie": fin}).status == 200
    roles = get("/admin/roles", headers={"Cookie": admin})
    assert roles.status == 200 and "finance" in roles.text
    rid = _role_id("finance")
    no_csrf = post("/admin/roles/%s/mfa" % rid, admin, mfa_required="on")
    assert no_csrf.status == 403
    r = post("/admin/roles/%s/mfa" % rid, admin, csrf=csrf_of(roles.text), mfa_required="on")
    assert r.status == 303, r.status
    nxt = get("/account/sessions", headers={"Cookie": fin})
    assert nxt.status == 303 and nxt.headers["location"] == "/account/mfa", nxt.status
    assert get("/account/mfa", headers={"Cookie": fin}).status == 200
    assert post("/admin/roles/999999/mfa", admin, csrf=csrf_of(roles.text)).status == 404
    assert post("/admin/roles/%s/mfa" % rid, admin, csrf=csrf_of(roles.text), mfa_required="maybe").status == 400
    r = post("/admin/roles/%s/mfa" % rid, admin, csrf=csrf_of(roles.text))
    assert r.status == 303
    assert get("/account/sessions", headers={"Cookie": fin}).status == 200


def test_admin_ends_all_sessions_of_a_user():
    """an administrator ends every session of a user; each stops working on its next request"""
    admin = STATE["admin"]
    name, pw = creds()["sales-manager"]
    sessions = [sign_in(name, pw)[1] for _ in range(2)]
    for s in sessions:
        assert get("/account/sessions", headers={"Cookie": s}).status == 200
    uid = mariadb("SELECT id FROM users WHERE username = '%s'" % name).stdout.strip()
    page = get("/admin/users", headers={"Cookie": admin})
    assert "/admin/users/%s/sessions/revoke" % uid in page.text
    r = post("/admin/users/%s/sessions/revoke" % uid, admin, csrf=csrf_of(page.text))
    assert r.status == 303, r.status
    for s in sessions:
        assert get("/account/sessions", headers={"Cookie": s}).status == 303
    assert post("/admin/users/999999/sessions/revoke", admin, csrf=csrf_of(page.text)).status == 404


def test_removed_local_account_cannot_sign_in():
    """crmctl user remove-local ends the account's sessions and its password"""
    r = crmctl("user", "remove-local", LOCAL)
    assert r.returncode == 0, r.stderr
    assert get("/admin/users", headers={"Cookie": STATE["admin"]}).status == 303
    again, s = sign_in(LOCAL, LOCAL_PW)
    assert again.status in (401, 403) and s is None, again.status


# --- single sign-on by client certificate --------------------------------

def client_cert(cn, ca="client-ca"):
    """Issues a client certificate for cn from the instance's user CA (or
    a throwaway foreign CA); returns (cert path, key path)."""
    d = tempfile.mkdtemp(prefix="crm-sso-")
    atexit.register(shutil.rmtree, d, True)     # test keys do not outlive the run
    key, csr, crt = (os.path.join(d, n) for n in ("key.pem", "req.csr", "cert.pem"))
    if ca == "foreign":
        cakey, cacrt = os.path.join(d, "ca-key.pem"), os.path.join(d, "ca.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "2", "-subj", "/CN=Foreign CA", "-keyout", cakey, "-out", cacrt],
                       check=True, capture_output=True)
    else:
        cakey, cacrt = (os.path.join(VAR, "tls", n) for n in ("client-ca-key.pem", "client-ca.pem"))
    subprocess.run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-subj", "/O=Example Corp/CN=%s" % cn, "-keyout", key, "-out", csr], check=True, capture_output=True)
    subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA", cacrt, "-CAkey", cakey, "-CAcreateserial",
                    "-days", "2", "-out", crt], check=True, capture_output=True)
    return crt, key


def cert_request(method, path, cert, body=None, headers=None):
    ctx = tls_context()
    if cert:
        ctx.load_cert_chain(*cert)
    conn = http.client.HTTPSConnection(HOST, PORT, context=ctx, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def sso_sign_in(cert):
    st, h, text = cert_request("GET", "/login", cert)
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', text)
    token = m.group(1) if m else ""
    jar = "__Host-csrf=" + token
    return (text,) + cert_request("POST", "/login/sso", cert, body=("csrf=" + token).encode(),
                                  headers=dict(FORM, Cookie=jar))


def test_sso_client_certificate_signs_in():
    """a verified client certificate of a directory user offers and performs sign-in with their roles"""
    name, _ = creds()["sales-rep"]
    page, st, h, _ = sso_sign_in(client_cert(name))
    assert "Continue as this user" in page and name in page
    assert st == 303 and h.get("location") == "/", st
    session = re.search(r"__Host-session=([0-9a-f]{64})", h.get("set-cookie", "")).group(0)
    home = get("/", headers={"Cookie": session})
    assert name in home.text and "sales-rep" in home.text


def test_sso_refused_without_a_trusted_identity():
    """no certificate, a header pretending to be the identity, a foreign CA, an unknown or disabled user: no sign-in"""
    name, _ = creds()["sales-rep"]
    page, st, _, _ = sso_sign_in(None)
    assert "Continue as this user" not in page and st == 403
    st, _, text = cert_request("GET", "/login", None, headers={"CRM-SSO-User": name, "Remote-User": name})
    assert "Continue as this user" not in text
    try:
        page, st, _, _ = sso_sign_in(client_cert(name, ca="foreign"))
        assert "Continue as this user" not in page and st in (400, 403), st
    except (ssl.SSLError, ConnectionError):
        pass   # refusing the handshake is refusing too
    for who in ("ghost", creds()["disabled"][0]):
        page, st, h, _ = sso_sign_in(client_cert(who))
        assert st in (401, 403) and "__Host-session=" not in h.get("set-cookie", ""), (who, st)


# --- per-address lock -------------------------------------------------------

def _set_ip_limit(n):
    conf = os.path.join(VAR, "crm.conf")
    text = re.sub(r"^throttle_ip_failures = \d+$", "throttle_ip_failures = %d" % n,
                  open(conf).read(), flags=re.M)
    open(conf, "w").write(text)
    instance("app-reload")
    time.sleep(1.5)   # the new generation of workers takes over


def test_per_address_lock_engages_and_expires():
    """failures from one address under many usernames lock that address, then the lock expires"""
    mariadb("DELETE FROM login_throttle")
    _set_ip_limit(8)
    try:
        for i in range(8):
            r, _ = sign_in("nobody%d" % i, "wrong-password")
            assert r.status == 401, (i, r.status)
        name, pw = creds()["sales-rep"]
        locked, s = sign_in(name, pw)
        assert locked.status == 429 and s is None and locked.headers.get("retry-after"), locked.status
        assert wait_until(lambda: sign_in(name, pw)[0].status == 303, timeout=15, step=1)
    finally:
        _set_ip_limit(100000)
        mariadb("DELETE FROM login_throttle")
