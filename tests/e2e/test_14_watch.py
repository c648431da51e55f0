"""test_14_watch.py: crmctl watch against the test instance. Ten failed
sign-ins of one username over HTTPS, which the sign-in page records in
audit_log (with valid chain macs, so crmctl audit verify still passes),
raise exactly one auth.fail_burst.user alert; running the watcher again,
even over the same records, adds none; the application account may only
acknowledge alerts."""
import os
import re
import secrets
import subprocess
import time

from harness import BIN, VAR, get, mariadb, request

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
USER = "watch" + secrets.token_hex(4)   # made up: failures are audited with the typed name


def crmctl_watch(*args):
    r = subprocess.run([os.path.join(BIN, "crmctl"), "-c", os.path.join(VAR, "crm.conf"), "watch", "--once"]
                       + list(args), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, (r.returncode, r.stdout[-500:], r.stderr[-500:])
    return r.stdout


def sql_one(q):
    r = mariadb(q)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def alerts_for(user):
    return int(sql_one("SELECT COUNT(*) FROM alerts WHERE kind = 'auth.fail_burst.user' AND actor = '%s'" % user))


def failed_sign_in(user):
    """One wrong password; waits out the throttle's back-off (429) first."""
    for _ in range(30):
        page = get("/login")
        token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text).group(1)
        body = "csrf=%s&username=%s&password=wrong-%s" % (token, user, secrets.token_hex(4))
        r = request("POST", "/login", body=body.encode(), headers=dict(FORM, Cookie="__Host-csrf=" + token))
        if r.status != 429:
            assert r.status == 401, r.status
            return
        time.sleep(min(int(r.headers.get("retry-after", "1")), 10))
    raise AssertionError("still throttled after 30 tries")


def audited_failures(user):
    return int(sql_one("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login' AND outcome = 'failure'"
                       " AND actor = '%s'" % user))


def generate_failures(user, n):
    for _ in range(n):
        failed_sign_in(user)


def test_watch_runs():
    """crmctl watch --once runs as the application account and moves its cursors"""
    out = crmctl_watch()
    assert re.search(r"watch: learned \d+ records, handled \d+ up to seq \d+", out), out
    assert sql_one("SELECT COUNT(*) FROM watch_state") == "1"
    assert int(sql_one("SELECT COUNT(*) FROM audit_cursors WHERE consumer = 'watch'")) >= 1


def test_failed_sign_ins_raise_one_alert():
    """ten failed sign-ins of one user raise exactly one burst alert, and a second run adds none"""
    generate_failures(USER, 10)
    n = audited_failures(USER)
    assert n >= 10, "audit_log holds %d auth.login failures for %s, not 10: are failed sign-ins audited?" % (n, USER)
    out = crmctl_watch()
    assert "alert auth.fail_burst.user severity=high" in out and USER in out, out
    assert alerts_for(USER) == 1, alerts_for(USER)
    out = crmctl_watch()
    assert "0 new alerts" in out, out
    assert alerts_for(USER) == 1


def test_rerun_over_same_records_adds_nothing():
    """with the cursors set back, the same records give the same alert identity: still one"""
    last = int(sql_one("SELECT last_seq FROM watch_state WHERE id = 1"))
    first = sql_one("SELECT MIN(seq) FROM audit_log WHERE actor = '%s'" % USER)
    assert first.isdigit(), "no audit record for %s (see the test before)" % USER
    sql_one("DELETE FROM audit_cursors WHERE consumer = 'watch'")
    out = crmctl_watch()
    assert "0 new alerts" in out, out
    assert alerts_for(USER) == 1
    assert int(sql_one("SELECT last_seq FROM watch_state WHERE id = 1")) >= last


def test_app_account_only_acknowledges():
    """the application account may insert alerts and set the acknowledgement columns, nothing else"""
    grants = sql_one("SHOW GRANTS FOR 'crm_app'@'localhost'")
    line = [g for g in grants.splitlines() if "`alerts`" in g]
    assert line, grants
    assert "DELETE" not in line[0] and re.search(r"UPDATE \(([^)]*)\)", line[0]), line[0]
    cols = set(c.strip(" `") for c in re.search(r"UPDATE \(([^)]*)\)", line[0]).group(1).split(","))
    assert cols == {"acknowledged_at", "acknowledged_by", "ack_note"}, cols
