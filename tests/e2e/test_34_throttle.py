"""test_34_throttle.py: the sign-in throttle's keys through nginx (README
"### Throttling"). Wrong second-factor codes count on their own key, which
a new password sign-in does not clear, only a correct code; wrong
passwords lock the (username, address) pair but not the username from
another address; failures of one username from many addresses earn it a
delay that grows to throttle_user_delay_max (4 s on the test instance)
and never to a lock; the second factor's lock and the username's delay
each raise an alert through crmctl watch.

Every client of the test instance is on loopback: a request is sent
from another address by binding its socket to another address of
127.0.0.0/8 (all of it is loopback on Linux), so nginx passes that
address as REMOTE_ADDR. The accounts are this file's own local accounts,
and it removes their throttle rows when done."""
import http.client
import re
import time

from harness import HOST, PORT, mariadb, tls_context
from test_11_signin import FORM
from test_12_mfa import oathtool
from test_14_watch import crmctl_watch, sql_one
from test_15_local_sso_admin import crmctl, enrolled_session

PW = "Throttle-Test-Password-34"
MFA_USER, PAIR_USER, DELAY_USER = "thr34mfa", "thr34pair", "thr34delay"
DELAY_MAX = 4           # throttle_user_delay_max of the test instance (script/e2e, script/test)
USER_FAILURES = 10      # throttle_user_failures, the default


def request_from(addr, method, path, body=None, headers=None):
    """One request over HTTPS to the instance, sent from the loopback address addr."""
    conn = http.client.HTTPSConnection(HOST, PORT, context=tls_context(), timeout=10,
                                       source_address=(addr, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        r.text = r.read().decode("utf-8", "replace")
        return r
    finally:
        conn.close()


def csrf_of(text):
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', text).group(1)


def sign_in_from(addr, user, password):
    """Returns (response, session cookie or None)."""
    token = csrf_of(request_from(addr, "GET", "/login").text)
    body = "csrf=%s&username=%s&password=%s" % (token, user, password)
    r = request_from(addr, "POST", "/login", body.encode(), dict(FORM, Cookie="__Host-csrf=" + token))
    m = re.search(r"__Host-session=([0-9a-f]{64})", r.getheader("set-cookie", ""))
    return r, ("__Host-session=" + m.group(1)) if m else None


def retry_after(r):
    return int(r.getheader("retry-after", "0"))


def add_local(name):
    r = crmctl("user", "add-local", name, "--role", "sales-rep", "--password-stdin", stdin=PW + "\n")
    assert r.returncode == 0, r.stderr


def fail_until(n, attempt):
    """Makes attempt() fail n times, waiting out the 429s of the back-off."""
    for _ in range(4 * n + 10):
        r = attempt()
        if r.status == 429:
            time.sleep(retry_after(r) + 1)
            continue
        assert r.status == 401, r.status
        n -= 1
        if n == 0:
            return
    raise AssertionError("still throttled")


# --- the second factor ------------------------------------------------------

STATE = {}


def password_step(user):
    r, session = sign_in_from("127.0.0.1", user, PW)
    assert r.status == 303 and r.getheader("location") == "/login/mfa", r.status
    return session


def code(session, value):
    form = request_from("127.0.0.1", "GET", "/login/mfa", headers={"Cookie": session})
    body = "csrf=%s&code=%s" % (csrf_of(form.text), value)
    return request_from("127.0.0.1", "POST", "/login/mfa", body.encode(), dict(FORM, Cookie=session))


def wrong_code(secret):
    valid = {oathtool(secret, off) for off in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def test_code_lock_survives_password_sign_in():
    """wrong codes lock the second factor; a new password sign-in leaves the lock (and the count) in place"""
    add_local(MFA_USER)
    _, secret = enrolled_session(MFA_USER, PW)
    STATE["secret"] = secret
    session = password_step(MFA_USER)
    fail_until(5, lambda: code(session, wrong_code(secret)))   # throttle_mfa_failures
    locked = code(session, wrong_code(secret))
    assert locked.status == 429 and retry_after(locked) > 0, locked.status
    assert "Too many wrong codes" in locked.text and "Seconds until you may try again" in locked.text
    # The password still works (it is another key) ...
    session = password_step(MFA_USER)
    page = request_from("127.0.0.1", "GET", "/login/mfa", headers={"Cookie": session})
    assert page.status == 200 and "Too many wrong codes" in page.text, page.text[:400]
    # ... but even the right code is not looked at while the lock lasts.
    r = code(session, oathtool(secret, 30))
    assert r.status == 429 and retry_after(r) > 0, r.status
    time.sleep(retry_after(r) + 1)
    # The count was not reset: one more wrong code locks again at once.
    r = code(session, wrong_code(secret))
    assert r.status == 401, r.status
    again = code(session, oathtool(secret, 30))
    assert again.status == 429, "the count was reset by the password sign-in (%d)" % again.status
    STATE["session"], STATE["wait"] = session, retry_after(again)


def test_only_a_correct_code_clears():
    """after the lock, a correct code signs in and clears the count: the next wrong codes start from one"""
    time.sleep(STATE["wait"] + 1)
    r = code(STATE["session"], oathtool(STATE["secret"], 30))
    assert r.status == 303 and r.getheader("location") == "/", r.status
    session = password_step(MFA_USER)
    statuses = [code(session, wrong_code(STATE["secret"])).status for _ in range(2)]
    assert statuses == [401, 401], statuses


def test_code_lock_raises_alert():
    """the lock of the second factor is audited (auth.throttle) and crmctl watch raises auth.throttle.mfa"""
    n = int(sql_one("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.throttle' AND object_type = 'mfa'"
                    " AND object_id = '%s'" % MFA_USER))
    assert n >= 1, "no auth.throttle record"
    out = crmctl_watch()
    assert "auth.throttle.mfa" in out and MFA_USER in out, out
    assert sql_one("SELECT COUNT(*) FROM alerts WHERE kind = 'auth.throttle.mfa' AND actor = '%s'" % MFA_USER) == "1"


# --- passwords: (username, address) and username alone ----------------------

def test_pair_lock_spares_other_addresses():
    """wrong passwords lock the username on that address only; the right password from another address signs in"""
    add_local(PAIR_USER)
    fail_until(5, lambda: sign_in_from("127.0.0.1", PAIR_USER, "wrong-password")[0])
    locked, s = sign_in_from("127.0.0.1", PAIR_USER, PW)
    assert locked.status == 429 and s is None and retry_after(locked) > 0, locked.status
    assert "Too many failed sign-ins" in locked.text
    elsewhere, s = sign_in_from("127.0.0.2", PAIR_USER, PW)
    assert elsewhere.status == 303 and s, "a stranger's failures locked the user out everywhere (%d)" % elsewhere.status
    still, s = sign_in_from("127.0.0.1", PAIR_USER, PW)
    assert still.status == 429 and s is None, "a success elsewhere lifted the pair's lock"
    time.sleep(retry_after(still) + 1)
    r, s = sign_in_from("127.0.0.1", PAIR_USER, PW)
    assert r.status == 303 and s, r.status


def test_username_delay_grows_but_never_locks():
    """failures from many addresses delay the username at most throttle_user_delay_max; then the right password works"""
    add_local(DELAY_USER)
    for i in range(USER_FAILURES):
        r, _ = sign_in_from("127.0.0.%d" % (10 + i), DELAY_USER, "wrong-password")
        assert r.status == 401, (i, r.status)
    waits = []
    for i in range(4):
        r, s = sign_in_from("127.0.0.%d" % (30 + i), DELAY_USER, PW)
        assert r.status == 429 and s is None, (i, r.status)
        assert "Too many failed sign-ins" in r.text and "Seconds until you may try again" in r.text
        waits.append(retry_after(r))
        time.sleep(retry_after(r) + 1)
        r, _ = sign_in_from("127.0.0.%d" % (40 + i), DELAY_USER, "wrong-password")
        assert r.status == 401, (i, r.status)
    assert all(0 < w <= DELAY_MAX for w in waits), waits
    r, _ = sign_in_from("127.0.0.50", DELAY_USER, PW)
    assert r.status == 429 and 0 < retry_after(r) <= DELAY_MAX, (r.status, retry_after(r))
    time.sleep(retry_after(r) + 1)
    r, s = sign_in_from("127.0.0.50", DELAY_USER, PW)
    assert r.status == 303 and s, r.status


def test_username_delay_raises_alert():
    """the username's delay is audited (auth.throttle) and crmctl watch raises auth.throttle.user"""
    out = crmctl_watch()
    assert "auth.throttle.user" in out and DELAY_USER in out, out
    assert sql_one("SELECT COUNT(*) FROM alerts WHERE kind = 'auth.throttle.user' AND actor = '%s'"
                   % DELAY_USER) == "1"
    assert sql_one("SELECT COUNT(*) FROM alerts WHERE kind = 'auth.throttle.user' AND actor = '%s'"
                   % PAIR_USER) == "0", "one address's failures are the pair's business"


def test_cleanup():
    """this file's throttle rows are removed: later files meet no lock of ours"""
    users = (MFA_USER, PAIR_USER, DELAY_USER)
    cond = " OR ".join("k = '%s' OR k LIKE '%% %s'" % (u, u) for u in users)
    r = mariadb("DELETE FROM login_throttle WHERE %s;"
                " DELETE FROM login_throttle WHERE kind = 'ip' AND k LIKE '127.0.0.%%' AND k <> '127.0.0.1'" % cond)
    assert r.returncode == 0, r.stderr
    assert sql_one("SELECT COUNT(*) FROM login_throttle WHERE %s" % cond) == "0"
