"""test_13_audit_core.py: the audit trail's core on the live instance.
Records written through the real audit_write (tests/db/audit_fixture, on
the application account) verify with crmctl audit verify; the application
account cannot UPDATE or DELETE them; a row altered by the database root
is named by seq, and verifies again once restored; crm-fcgi -n and crmctl
check refuse an application account holding UPDATE on audit_log; the
syslog copy arrives for a committed record and not for a rolled-back one;
purge (on a scratch database) keeps verification passing from its
checkpoint; a retention below the legal minimum is refused. Every test
leaves the instance as it found it."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid

from harness import BIN, VAR, mariadb

TREE = os.path.dirname(BIN)
FIXTURE = os.path.join(TREE, "tests", "db", "audit_fixture")
CONF = os.path.join(VAR, "crm.conf")
SCRATCH_DB = "crm_audit_t"


def run(*cmd, env=None):
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=300, env=env)


def crmctl(*args, conf=CONF):
    return run(os.path.join(BIN, "crmctl"), "-c", conf, *args)


def fixture(*args, conf=CONF):
    r = run(FIXTURE, conf, *args)
    assert r.returncode == 0 and "not ok" not in r.stdout, r.stdout + r.stderr
    return r


def verify(conf=CONF):
    return crmctl("audit", "verify", conf=conf)


def conf_with(tmp, extra, replace=None):
    text = open(CONF).read()
    if replace:
        text = re.sub(replace[0], replace[1], text, flags=re.M)
    path = os.path.join(tmp, "crm.conf")
    with open(path, "w") as f:
        f.write(text + "\n" + extra)
    return path


def app_sql(sql):
    """Runs sql as the application account, over the instance's socket."""
    pw = open(os.path.join(VAR, "secrets", "db-app-password")).read().strip()
    env = dict(os.environ, MYSQL_PWD=pw)
    return subprocess.run(["mariadb", "--no-defaults", "--socket=" + os.path.join(VAR, "mariadb", "run", "mariadb.sock"),
                           "-u", "crm_app", "-N", "-B", "crm"], input=sql, capture_output=True, text=True, env=env)


def test_verify_after_writes():
    """records written by the application account verify end to end"""
    fixture("write", "20")
    r = verify()
    assert r.returncode == 0 and "audit chain intact:" in r.stdout, r.stdout + r.stderr
    head = mariadb("SELECT seq FROM audit_head").stdout.strip()
    assert r.stdout.strip().endswith("..%s" % head), (r.stdout, head)


def test_app_account_cannot_rewrite():
    """the application account gets error 1142 for UPDATE and DELETE on audit_log"""
    for sql in ("UPDATE audit_log SET detail = '{}' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 1",
                "DROP TABLE audit_log", "DELETE FROM audit_head"):
        r = app_sql(sql)
        assert r.returncode != 0 and "1142" in r.stderr, (sql, r.stderr)
    r = app_sql("SELECT COUNT(*) FROM audit_log")
    assert r.returncode == 0, r.stderr


def test_tampering_named_by_seq():
    """a row altered by the database root breaks verify at that seq; restoring it repairs"""
    fixture("write", "3")
    seq = mariadb("SELECT MAX(seq) - 1 FROM audit_log").stdout.strip()
    orig = mariadb("SELECT HEX(detail) FROM audit_log WHERE seq = %s" % seq).stdout.strip()
    assert orig, "no record to alter"
    r = mariadb("UPDATE audit_log SET detail = '{\"reason\":\"forged\"}' WHERE seq = %s" % seq)
    assert r.returncode == 0, r.stderr
    try:
        v = verify()
        assert v.returncode == 1, v.stdout + v.stderr
        assert ("audit chain broken at seq %s (" % seq) in v.stdout and "mac mismatch" in v.stdout, v.stdout
    finally:
        mariadb("UPDATE audit_log SET detail = UNHEX('%s') WHERE seq = %s" % (orig, seq))
    v = verify()
    assert v.returncode == 0, v.stdout + v.stderr


def test_deleted_record_found():
    """a record removed by the database root is found (gap or head mismatch)"""
    fixture("write", "2")
    row = mariadb("SELECT seq, HEX(at), actor_id, actor, roles, ip, user_agent, request_id, action, "
                  "object_type, object_id, outcome, items, HEX(detail), HEX(prev_mac), HEX(mac) "
                  "FROM audit_log ORDER BY seq DESC LIMIT 1").stdout.strip().split("\t")
    mariadb("DELETE FROM audit_log WHERE seq = %s" % row[0])
    try:
        v = verify()
        assert v.returncode == 1 and "audit_head says seq %s" % row[0] in v.stdout, v.stdout
    finally:
        vals = [row[0], "UNHEX('%s')" % row[1], row[2] if row[2] != "NULL" else "NULL"] + \
            ["'%s'" % x.replace("'", "''") for x in row[3:12]] + [row[12]] + \
            ["UNHEX('%s')" % x for x in row[13:16]]
        r = mariadb("INSERT INTO audit_log VALUES (%s)" % ", ".join(vals))
        assert r.returncode == 0, r.stderr
    assert verify().returncode == 0


def test_startup_refuses_update_grant():
    """crm-fcgi -n and crmctl check refuse an application account holding UPDATE on audit_log"""
    r = mariadb("GRANT UPDATE ON crm.audit_log TO 'crm_app'@'localhost'")
    assert r.returncode == 0, r.stderr
    try:
        n = run(os.path.join(BIN, "crm-fcgi"), "-n", "-c", CONF)
        assert n.returncode == 1 and "UPDATE on `crm`.`audit_log`" in n.stderr, n.stdout + n.stderr
        c = crmctl("check")
        assert c.returncode == 1 and "UPDATE on `crm`.`audit_log`" in c.stderr, c.stdout + c.stderr
    finally:
        r = mariadb("REVOKE UPDATE ON crm.audit_log FROM 'crm_app'@'localhost'")
        assert r.returncode == 0, r.stderr
    n = run(os.path.join(BIN, "crm-fcgi"), "-n", "-c", CONF)
    assert n.returncode == 0, n.stderr


def test_syslog_copy():
    """a committed record reaches the syslog socket; a rolled-back one does not"""
    tmp = tempfile.mkdtemp(prefix="crm-audit-")
    path = os.path.join(tmp, "log.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    s.settimeout(5)
    try:
        conf = conf_with(tmp, "[audit]\nsyslog = yes\nsyslog_socket = %s\n" % path)
        good, bad = "C" + uuid.uuid4().hex[:12], "R" + uuid.uuid4().hex[:12]
        fixture("rollback", bad, conf=conf)
        fixture("commit", good, conf=conf)
        msg = s.recv(65536).decode()
        assert msg.startswith("<86>") and "crm-audit[" in msg, msg
        assert 'object_id="%s"' % good in msg and 'outcome="success"' in msg, msg
        assert "detail" not in msg and "\n" not in msg, msg
        s.settimeout(0.5)
        try:
            extra = s.recv(65536).decode()
        except socket.timeout:
            extra = ""
        assert bad not in extra and bad not in msg, extra
        assert mariadb("SELECT COUNT(*) FROM audit_log WHERE object_id = '%s'" % bad).stdout.strip() == "0"
        assert verify().returncode == 0
    finally:
        s.close()
        shutil.rmtree(tmp)


def test_missing_syslog_socket_does_not_block():
    """with the syslog socket missing, records are still written"""
    tmp = tempfile.mkdtemp(prefix="crm-audit-")
    try:
        conf = conf_with(tmp, "[audit]\nsyslog = yes\nsyslog_socket = %s/none.sock\n" % tmp)
        r = fixture("write", "2", conf=conf)
        assert "cannot send" in r.stderr and r.stderr.count("cannot send") == 1, r.stderr
    finally:
        shutil.rmtree(tmp)


def test_retention_below_legal_minimum_refused():
    """retention_days below legal_minimum_days is refused with file:line"""
    tmp = tempfile.mkdtemp(prefix="crm-audit-")
    try:
        conf = conf_with(tmp, "[audit]\nlegal_minimum_days = 30\nretention_days = 10\n")
        line = len(open(conf).read().splitlines())
        r = crmctl("check", conf=conf)
        assert r.returncode == 1 and "%s:%d:" % (conf, line) in r.stderr and "legal_minimum_days" in r.stderr, r.stderr
    finally:
        shutil.rmtree(tmp)


def _drop_scratch():
    mariadb("DROP DATABASE IF EXISTS %s; DELETE FROM mysql.tables_priv WHERE Db = '%s'; FLUSH PRIVILEGES"
            % (SCRATCH_DB, SCRATCH_DB))


def test_purge_keeps_chain_verifiable():
    """purge on a scratch database removes the old prefix, leaves a checkpoint and an audit.purge record"""
    tmp = tempfile.mkdtemp(prefix="crm-audit-")
    _drop_scratch()
    try:
        r = mariadb("CREATE DATABASE %s CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" % SCRATCH_DB)
        assert r.returncode == 0, r.stderr
        conf = conf_with(tmp, "[audit]\nsyslog = no\nretention_days = 30\nlegal_minimum_days = 7\n",
                         replace=(r"^name = crm$", "name = %s" % SCRATCH_DB))
        m = crmctl("migrate", conf=conf)
        assert m.returncode == 0, m.stdout + m.stderr
        fixture("backdate", "40", "5", conf=conf)
        fixture("backdate", "3", "2", conf=conf)
        fixture("write", "2", conf=conf)
        p = crmctl("audit", "purge", conf=conf)
        assert p.returncode == 0 and "purged 5 audit records (seq 1..5" in p.stdout, p.stdout + p.stderr
        v = verify(conf)
        assert v.returncode == 0 and "5 records, seq 6..10" in v.stdout, v.stdout + v.stderr
        last = run("mariadb", "--defaults-file=" + os.path.join(VAR, "mariadb", "my.cnf"), "-N", "-B", SCRATCH_DB,
                   "-e", "SELECT actor, action, items FROM audit_log ORDER BY seq DESC LIMIT 1").stdout.split()
        assert last == ["crmctl", "audit.purge", "5"], last
        again = crmctl("audit", "purge", conf=conf)
        assert again.returncode == 0 and "no audit record is older" in again.stdout, again.stdout
        run("mariadb", "--defaults-file=" + os.path.join(VAR, "mariadb", "my.cnf"), SCRATCH_DB,
            "-e", "UPDATE audit_checkpoint SET first_seq = first_seq + 1")
        v = verify(conf)
        assert v.returncode == 1 and "checkpoint" in v.stdout, v.stdout
    finally:
        _drop_scratch()
        shutil.rmtree(tmp)
