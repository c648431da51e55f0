"""test_12_mfa.py: TOTP two-step sign-in end to end: enrolment with a QR
code and key, confirmation by a first code, recovery codes shown once,
sign-in with a code, refusal of a replayed code, sign-in with a recovery
code and refusal of its reuse. Codes come from oathtool, an independent
RFC 6238 implementation."""
import os
import re
import subprocess
import time

from harness import VAR, get, mariadb, request
from test_11_signin import FORM, creds, sign_in


def oathtool(secret, offset=0):
    args = ["oathtool", "--totp", "-b", secret]
    if offset:
        args += ["-N", "now + %d seconds" % offset]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()


def csrf_of(text):
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', text).group(1)


def post(path, session, **fields):
    body = "&".join("%s=%s" % kv for kv in fields.items()).encode()
    return request("POST", path, body=body, headers=dict(FORM, Cookie=session))


STATE = {}


def test_enrol():
    """enrolment shows a QR code (inline SVG) and a key; a first code turns MFA on and shows ten recovery codes"""
    name, pw = creds()["administrator"]
    _, session = sign_in(name, pw)
    page = get("/account/mfa", headers={"Cookie": session})
    assert page.status == 200 and '<svg' in page.text and 'class="qr"' in page.text
    assert re.search(r'<path fill="#000" d="M[0-9 hvzM-]+"', page.text), "no QR path"
    secret = re.search(r'<code class="secret">([A-Z2-7]{32})</code>', page.text).group(1)
    stored = mariadb("SELECT HEX(secret) FROM user_mfa u JOIN users s ON s.id = u.user_id WHERE s.username = '%s'" % name).stdout
    assert secret not in stored and secret.encode().hex().upper() not in stored, "secret stored in clear"
    wrong = post("/account/mfa", session, csrf=csrf_of(page.text), code="000000")
    assert wrong.status == 400 and "not right" in wrong.text
    page = get("/account/mfa", headers={"Cookie": session})
    secret = re.search(r'<code class="secret">([A-Z2-7]{32})</code>', page.text).group(1)
    ok = post("/account/mfa", session, csrf=csrf_of(page.text), code=oathtool(secret))
    assert ok.status == 200 and "is on for your account" in ok.text, ok.status
    codes = re.findall(r"<code>([2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4})</code>", ok.text)
    assert len(codes) == 10 and len(set(codes)) == 10, codes
    again = get("/account/mfa", headers={"Cookie": session})
    assert codes[0] not in again.text, "recovery codes shown twice"
    hashes = mariadb("SELECT code_hash FROM mfa_recovery_codes").stdout
    assert codes[0] not in hashes
    STATE.update(name=name, pw=pw, secret=secret, codes=codes)


def _password_step():
    r, session = sign_in(STATE["name"], STATE["pw"])
    assert r.status == 303 and r.headers["location"] == "/login/mfa", r.status
    return session


def test_password_alone_is_not_enough():
    """after the password, nothing opens until the code is given"""
    session = _password_step()
    assert STATE["name"] not in get("/", headers={"Cookie": session}).text
    assert get("/account/sessions", headers={"Cookie": session}).status == 303


def test_replayed_code_refused_then_next_code_works():
    """the code used at enrolment is refused (replay); the next period's code signs in"""
    session = _password_step()
    form = get("/login/mfa", headers={"Cookie": session})
    r = post("/login/mfa", session, csrf=csrf_of(form.text), code=oathtool(STATE["secret"]))
    if r.status == 303:
        # The enrolment code's period had ended: this was a fresh code. Replay it now.
        session = _password_step()
        form = get("/login/mfa", headers={"Cookie": session})
        r = post("/login/mfa", session, csrf=csrf_of(form.text), code=oathtool(STATE["secret"]))
    assert r.status == 401 and "already used" in r.text, r.status
    r = post("/login/mfa", session, csrf=csrf_of(form.text), code=oathtool(STATE["secret"], 30))
    assert r.status == 303 and r.headers["location"] == "/", r.status
    signed = re.search(r"__Host-session=([0-9a-f]{64})", r.headers.get("set-cookie", ""))
    assert signed and "__Host-session=" + signed.group(1) != session, "no new token after the second factor"
    assert STATE["name"] in get("/", headers={"Cookie": "__Host-session=" + signed.group(1)}).text


def test_recovery_code_once():
    """a recovery code signs in once and is refused the second time"""
    code = STATE["codes"][3]
    session = _password_step()
    form = get("/login/mfa", headers={"Cookie": session})
    r = post("/login/mfa", session, csrf=csrf_of(form.text), code=code.upper())
    assert r.status == 303, r.status
    session = _password_step()
    form = get("/login/mfa", headers={"Cookie": session})
    r = post("/login/mfa", session, csrf=csrf_of(form.text), code=code)
    assert r.status == 401, r.status


def test_mfa_post_without_csrf_refused():
    """the code form without its CSRF token is refused"""
    session = _password_step()
    r = post("/login/mfa", session, code="123456")
    assert r.status == 403
