"""test_28_backup_admin.py: the parts around crmctl backup. /admin/backups
for administrators and auditors (admin.audit view) and a refusal for the
other roles; the backup alerts of crmctl watch raised from rows put into
backups and backup_drills (overdue backup, overdue drill, failed drill,
each once, none when fresh, and none for a new instance); and crmctl
backup prune on backup directories made up by the test under the
instance's [backup] dir: it keeps and removes the right ones, marks their
rows pruned, audits the run, and refuses a directory holding a file a
backup never holds."""
import datetime
import os
import re
import shutil
import subprocess

from harness import BIN, VAR, get, mariadb
from test_11_signin import creds, sign_in
from test_14_watch import crmctl_watch, sql_one
from test_15_local_sso_admin import crmctl, enrolled_session

ADMIN, ADMIN_PW = "backupadmin", "Backup-Admin-Password-28"
DENIED = "You do not have permission"
STATE = {}
TAG = "T28"          # marks the test's own backup_drills rows (backup_name)


def sessions():
    if "admin" not in STATE:
        r = crmctl("user", "add-local", ADMIN, "--password-stdin", stdin=ADMIN_PW + "\n")
        assert r.returncode == 0, r.stderr
        mariadb("DELETE m FROM user_mfa m JOIN users u ON u.id = m.user_id WHERE u.username = '%s'" % ADMIN)
        STATE["admin"] = enrolled_session(ADMIN, ADMIN_PW)[0]
        for role in ("auditor", "sales-rep", "sales-manager"):
            name, pw = creds()[role]
            STATE[role] = sign_in(name, pw)[1]
    return STATE


def name_at(t):
    return t.strftime("%Y%m%dT%H%M%SZ")


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def add_backup(name, hours_ago, pruned=False):
    mariadb("INSERT INTO backups (name, created_at, finished_at, schema_version, tables_count, rows_count, bytes,"
            " with_keyring, pruned_at) VALUES ('%s', UTC_TIMESTAMP() - INTERVAL %d HOUR, UTC_TIMESTAMP()"
            " - INTERVAL %d HOUR, 21, 30, 1234, 3670016, 1, %s)"
            % (name, hours_ago, hours_ago, "UTC_TIMESTAMP()" if pruned else "NULL"))


def add_drill(outcome, hours_ago, detail="{}"):
    r = mariadb("INSERT INTO backup_drills (started_at, finished_at, backup_name, backup_created_at, outcome,"
                " restore_seconds, backup_age_seconds, detail) VALUES (UTC_TIMESTAMP() - INTERVAL %d HOUR,"
                " UTC_TIMESTAMP() - INTERVAL %d HOUR, '%s', NULL, '%s', 12.5, 7200, '%s');"
                " SELECT LAST_INSERT_ID()" % (hours_ago, hours_ago, TAG + outcome, outcome, detail))
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def backup_alerts(kind):
    return int(sql_one("SELECT COUNT(*) FROM alerts WHERE kind = '%s'" % kind))


def reset(drills=True):
    """No backups, no drills, no backup alerts (this test's and any before)."""
    mariadb("DELETE FROM alerts WHERE kind LIKE 'backup.%'; DELETE FROM backups;"
            + (" DELETE FROM backup_drills;" if drills else ""))


def test_page_for_administrators_and_auditors_only():
    """/admin/backups answers administrators and auditors, in the navigation too; other roles get 403"""
    s = sessions()
    for role in ("admin", "auditor"):
        r = get("/admin/backups", headers={"Cookie": s[role]})
        assert r.status == 200 and "<h1>Backups</h1>" in r.text, (role, r.status)
        assert 'href="/admin/backups"' in r.text, "%s: no Backups link in the navigation" % role
    for role in ("sales-rep", "sales-manager"):
        r = get("/admin/backups", headers={"Cookie": s[role]})
        assert r.status == 403 and DENIED in r.text, (role, r.status)
        home = get("/contacts", headers={"Cookie": s[role]})
        assert 'href="/admin/backups"' not in home.text, "%s sees the Backups link" % role
    assert get("/admin/backups").status == 303


def test_new_instance_raises_no_backup_alert():
    """a new instance with neither backup nor drill alerts nothing within the limits"""
    reset()
    age = int(sql_one("SELECT TIMESTAMPDIFF(HOUR, MIN(applied_at), UTC_TIMESTAMP()) FROM schema_migrations"))
    assert age < 26, "the test instance is %d hours old: these tests need a fresh one" % age
    out = crmctl_watch()
    assert "backup." not in out, out
    page = get("/admin/backups", headers={"Cookie": sessions()["admin"]}).text
    assert "No backup has been made yet." in page and "No restore drill has passed yet." in page
    assert "overdue" not in page and "No backup yet." in page and "No restore drill yet." in page


def test_stale_backup_and_drills_alert_once():
    """a 30-hour-old backup, a 200-hour-old passing drill and a failed drill: three alerts, once each"""
    reset()
    add_backup(name_at(now() - datetime.timedelta(hours=30)), 30)
    add_backup(name_at(now() - datetime.timedelta(hours=20)), 20, pruned=True)   # pruned: does not count
    add_drill("pass", 200)
    failed = add_drill("fail", 3, '{"reason":"rows of contacts differ: 10 in the dump, 9 restored"}')
    out = crmctl_watch()
    assert "alert backup.overdue severity=high: the newest backup (" in out and "30 hours old" in out, out
    assert "alert backup.drill_overdue severity=high" in out and "200 hours old" in out, out
    assert "alert backup.drill_failed severity=critical: restore drill %s of backup %sfail failed: rows of" \
        " contacts differ" % (failed, TAG) in out, out
    assert "3 new alerts" in out, out
    for kind in ("backup.overdue", "backup.drill_overdue", "backup.drill_failed"):
        assert backup_alerts(kind) == 1, kind
    assert sql_one("SELECT subject FROM alerts WHERE kind = 'backup.drill_failed'") == "drill " + failed
    out = crmctl_watch()
    assert "backup." not in out and "0 new alerts" in out, out
    assert int(sql_one("SELECT COUNT(*) FROM alerts WHERE kind LIKE 'backup.%'")) == 3

    page = get("/admin/backups", headers={"Cookie": sessions()["admin"]}).text
    assert "Backups are overdue." in page and "Restore drills are overdue." in page, page
    assert "The last restore drill failed." in page
    assert 'class="outcome-fail">Failed<' in page and 'class="outcome-pass">Passed<' in page
    assert "rows of contacts differ: 10 in the dump, 9 restored" in page
    assert "Open backup alerts" in page and page.count("backup.drill_") >= 2
    assert "3.5 MiB" in page, "size shown in binary units"
    auditor = get("/admin/backups", headers={"Cookie": sessions()["auditor"]}).text
    assert "Backups are overdue." in auditor and "Open backup alerts" in auditor


def test_fresh_backup_and_drill_alert_nothing():
    """a backup made an hour ago and a drill passed yesterday: no overdue alert, status in green"""
    reset()
    name = name_at(now() - datetime.timedelta(hours=1))
    add_backup(name, 1)
    add_drill("pass", 24)
    out = crmctl_watch()
    assert "backup." not in out, out
    page = get("/admin/backups", headers={"Cookie": sessions()["admin"]}).text
    assert re.search(r'class="status-ok">Last backup <strong>1</strong> hours ago <code>%s</code>' % name, page), page
    assert re.search(r'class="status-ok">Last passing restore drill <strong>24</strong> hours ago', page)
    assert "overdue" not in page and "No open backup alerts." in page


def test_old_instance_without_backups_alerts():
    """an instance older than max_age_hours with no backup at all raises backup.overdue (no backup yet)"""
    reset()
    mariadb("UPDATE schema_migrations SET applied_at = applied_at - INTERVAL 400 HOUR")
    try:
        out = crmctl_watch()
    finally:
        mariadb("UPDATE schema_migrations SET applied_at = applied_at + INTERVAL 400 HOUR")
    assert "alert backup.overdue severity=high: no backup yet" in out, out
    assert "alert backup.drill_overdue severity=high: no restore drill yet" in out, out
    reset()


# ---- crmctl backup prune ----

def backup_dir():
    m = re.search(r"^\[backup\][^\[]*?^dir = (\S+)", open(os.path.join(VAR, "crm.conf")).read(), re.M | re.S)
    assert m, "crm.conf has no [backup] dir (script/instance init writes it)"
    return m.group(1)


def prune_conf(daily, weekly, monthly):
    """A copy of the instance's crm.conf with other retention limits."""
    text = open(os.path.join(VAR, "crm.conf")).read()
    text = re.sub(r"^\[backup\]$", "[backup]\nkeep_daily = %d\nkeep_weekly = %d\nkeep_monthly = %d"
                  % (daily, weekly, monthly), text, flags=re.M)
    path = os.path.join(VAR, "crm-prune-test.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def prune(conf, *args):
    return subprocess.run([os.path.join(BIN, "crmctl"), "-c", conf, "backup", "prune"] + list(args),
                          capture_output=True, text=True, timeout=60)


def make_backup(root, name, extra=None):
    d = os.path.join(root, name)
    os.makedirs(d)
    for f in ["manifest.txt", "manifest.sig", "crm.sql.crmbk", "keyring.crmbk"] + ([extra] if extra else []):
        with open(os.path.join(d, f), "w") as fh:
            fh.write("dummy\n")
    return d


def test_prune_keeps_and_removes_the_right_backups():
    """with keep_daily 3: the newest of today and the two days before stay, the rest go, rows marked, run audited"""
    reset(drills=False)
    root, t = backup_dir(), now()
    today = t.replace(hour=0, minute=0, second=0)
    keep = [name_at(today), name_at(today - datetime.timedelta(hours=12)),
            name_at(today - datetime.timedelta(days=2) + datetime.timedelta(hours=3))]
    gone = [name_at(today - datetime.timedelta(hours=18)), name_at(today - datetime.timedelta(days=3)),
            name_at(today - datetime.timedelta(days=40))]
    refused = name_at(today - datetime.timedelta(days=45))
    for n in keep + gone:
        make_backup(root, n)
        add_backup(n, 1)
    make_backup(root, refused, extra="notes.txt")
    add_backup(refused, 1)
    for odd in ("lost+found", "20250230T000000Z"):
        os.makedirs(os.path.join(root, odd), exist_ok=True)
    open(os.path.join(root, "README"), "w").close()
    conf = prune_conf(3, 0, 0)
    audits = int(sql_one("SELECT COUNT(*) FROM audit_log WHERE action = 'backup.prune'"))
    try:
        dry = prune(conf, "--dry-run")
        assert dry.returncode == 1, (dry.returncode, dry.stdout, dry.stderr)   # a refusal is a failure
        for n in gone:
            assert re.search(r"would remove +%s\n" % n, dry.stdout), dry.stdout
            assert os.path.isdir(os.path.join(root, n)), "--dry-run removed %s" % n
        assert "nothing was changed" in dry.stdout
        assert int(sql_one("SELECT COUNT(*) FROM audit_log WHERE action = 'backup.prune'")) == audits

        run = prune(conf)
        assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
        out = run.stdout
        assert re.search(r"keep +%s +newest, daily\n" % keep[0], out), out
        assert re.search(r"keep +%s +daily\n" % keep[2], out), out
        for n in gone:
            assert re.search(r"removed +%s\n" % n, out) and not os.path.exists(os.path.join(root, n)), (n, out)
        for n in keep:
            assert sorted(os.listdir(os.path.join(root, n))) == ["crm.sql.crmbk", "keyring.crmbk", "manifest.sig",
                                                                 "manifest.txt"], n
        assert re.search(r'refuse +%s +holds "notes.txt", which a backup never holds: left alone' % refused, out), out
        assert len(os.listdir(os.path.join(root, refused))) == 5, "the refused backup was touched"
        assert re.search(r"keep +lost\+found +not a backup name: left alone", out), out
        assert re.search(r"keep +20250230T000000Z +not a backup name", out), out
        assert os.path.isdir(os.path.join(root, "lost+found")) and os.path.exists(os.path.join(root, "README"))
        assert "kept 5, removed 3, refused 1, failed 0" in out, out

        pruned = sql_one("SELECT name FROM backups WHERE pruned_at IS NOT NULL ORDER BY name").split()
        assert pruned == sorted(gone), pruned
        assert sql_one("SELECT COUNT(*) FROM backups WHERE pruned_at IS NULL") == str(len(keep) + 1)
        rec = sql_one("SELECT CONCAT_WS('|', actor, object_type, object_id, outcome, items, detail)"
                      " FROM audit_log WHERE action = 'backup.prune' ORDER BY seq DESC LIMIT 1").split("|")
        assert rec[:5] == ["crmctl", "backup", "prune", "failure", "3"], rec
        assert all(n in rec[5] for n in gone) and refused in rec[5] and '"keep_daily":3' in rec[5], rec[5]
        assert verify_audit()

        again = prune(conf)
        assert "removed 0, refused 1" in again.stdout, again.stdout
        page = get("/admin/backups", headers={"Cookie": sessions()["admin"]}).text
        for n in gone:
            # the removal time, in the viewer's zone and language ("8 Dec 2026, 01:41")
            assert re.search(r"<code>%s</code></td>(.|\n)*?<td>\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d</td>" % n, page), n
    finally:
        os.remove(conf)
        for n in keep + gone + [refused, "lost+found", "20250230T000000Z", "README"]:
            p = os.path.join(root, n)
            shutil.rmtree(p) if os.path.isdir(p) else os.path.exists(p) and os.remove(p)
        reset(drills=False)


def test_prune_keeps_the_newest_whatever_the_limits():
    """with every limit 0, a year-old newest backup stays; a clean run exits 0 and says so"""
    root = backup_dir()
    old = now() - datetime.timedelta(days=365)
    names = [name_at(old), name_at(old - datetime.timedelta(days=1))]
    for n in names:
        make_backup(root, n)
    conf = prune_conf(0, 0, 0)
    try:
        r = prune(conf)
        assert r.returncode == 0, (r.stdout, r.stderr)
        assert re.search(r"keep +%s +newest\n" % names[0], r.stdout), r.stdout
        assert re.search(r"removed +%s\n" % names[1], r.stdout), r.stdout
        assert os.path.isdir(os.path.join(root, names[0])) and not os.path.exists(os.path.join(root, names[1]))
        rec = sql_one("SELECT CONCAT_WS('|', outcome, items) FROM audit_log WHERE action = 'backup.prune'"
                      " ORDER BY seq DESC LIMIT 1")
        assert rec == "success|1", rec
    finally:
        os.remove(conf)
        shutil.rmtree(os.path.join(root, names[0]), ignore_errors=True)


def test_prune_usage_and_missing_dir():
    """a bad argument is a usage error (2); a config without [backup] dir says so"""
    r = prune(os.path.join(VAR, "crm.conf"), "--force")
    assert r.returncode == 2 and "usage: crmctl backup prune [--dry-run]" in r.stderr, r.stderr
    text = re.sub(r"^dir = .*backups$", "", open(os.path.join(VAR, "crm.conf")).read(), flags=re.M)
    path = os.path.join(VAR, "crm-nodir-test.conf")
    with open(path, "w") as f:
        f.write(text)
    try:
        r = prune(path)
        assert r.returncode == 1 and "[backup] dir is not set" in r.stderr, r.stderr
    finally:
        os.remove(path)


def verify_audit():
    r = crmctl("audit", "verify")
    assert r.returncode == 0 and "audit chain intact" in r.stdout, (r.stdout, r.stderr)
    return True
