"""test_13_audit_core.py: the audit trail's core on the live instance.
Records written through the real audit_write (tests/db/audit_fixture, on
the application account) verify with crmctl audit verify; the application
account cannot UPDATE or DELETE them; a row altered by the database root
is named by seq and chain/chain_seq, and verifies again once restored; a
record deleted from the middle or the end of a chain is found; records
written by concurrent writers land in several chains and are each read
exactly once by a consumer (audit_fetch_after / audit_cursor_advance); crm-fcgi -n and crmctl
check refuse an application account holding UPDATE on audit_log; the
syslog copy arrives for a committed record and not for a rolled-back one;
purge (on a scratch database, records in several chains) keeps every
chain verifiable from its checkpoint; a retention below the legal minimum is refused. Every test
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
    n, last = mariadb("SELECT COUNT(*), MAX(seq) FROM audit_log").stdout.split()
    assert "intact: %s records in 16 chains, seq " % n in r.stdout, (r.stdout, n)
    assert r.stdout.strip().endswith("..%s" % last), (r.stdout, last)
    heads = mariadb("SELECT COUNT(*), SUM(seq) FROM audit_head").stdout.split()
    assert heads == ["16", n], heads


def test_app_account_cannot_rewrite():
    """the application account gets error 1142 for UPDATE and DELETE on audit_log"""
    for sql in ("UPDATE audit_log SET detail = '{}' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 1",
                "DROP TABLE audit_log", "DELETE FROM audit_head", "DELETE FROM audit_cursors",
                "INSERT INTO audit_head VALUES (16, 0, REPEAT(X'00', 32))"):
        r = app_sql(sql)
        assert r.returncode != 0 and "1142" in r.stderr, (sql, r.stderr)
    r = app_sql("SELECT COUNT(*) FROM audit_log")
    assert r.returncode == 0, r.stderr


def test_tampering_named_by_seq():
    """a row altered by the database root breaks verify at that seq and chain #; restoring it repairs"""
    fixture("write", "3")
    seq, chain, cseq = mariadb("SELECT seq, chain, chain_seq FROM audit_log WHERE chain_seq > 1 "
                               "ORDER BY seq DESC LIMIT 1").stdout.split()
    orig = mariadb("SELECT HEX(detail) FROM audit_log WHERE seq = %s" % seq).stdout.strip()
    assert orig, "no record to alter"
    r = mariadb("UPDATE audit_log SET detail = '{\"reason\":\"forged\"}' WHERE seq = %s" % seq)
    assert r.returncode == 0, r.stderr
    try:
        v = verify()
        assert v.returncode == 1, v.stdout + v.stderr
        want = "audit chain broken at seq %s (chain %s #%s, " % (seq, chain, cseq)
        assert want in v.stdout and "mac mismatch" in v.stdout, (want, v.stdout)
    finally:
        mariadb("UPDATE audit_log SET detail = UNHEX('%s') WHERE seq = %s" % (orig, seq))
    v = verify()
    assert v.returncode == 0, v.stdout + v.stderr


COLS = ("seq, chain, chain_seq, HEX(at), actor_id, actor, roles, ip, user_agent, request_id, action, "
        "object_type, object_id, outcome, items, HEX(detail), HEX(prev_mac), HEX(mac)")


def _take(where):
    """Deletes the audit_log row matching where as root; returns what reinserts it."""
    row = mariadb("SELECT %s FROM audit_log WHERE %s" % (COLS, where)).stdout.rstrip("\n").split("\t")
    assert len(row) == 18, row
    vals = row[0:3] + ["UNHEX('%s')" % row[3], row[4] if row[4] != "NULL" else "NULL"] + \
        ["'%s'" % x.replace("'", "''") for x in row[5:14]] + [row[14]] + \
        ["UNHEX('%s')" % x for x in row[15:18]]
    r = mariadb("DELETE FROM audit_log WHERE seq = %s" % row[0])
    assert r.returncode == 0, r.stderr
    return row, "INSERT INTO audit_log VALUES (%s)" % ", ".join(vals)


def test_deleted_last_record_of_chain_found():
    """the last record of a chain removed by the database root is found through its head"""
    fixture("write", "2")
    row, restore = _take("seq = (SELECT MAX(seq) FROM audit_log)")
    try:
        v = verify()
        assert v.returncode == 1 and ("audit chain broken at chain %s after #%d: audit_head says #%s"
                                      % (row[1], int(row[2]) - 1, row[2])) in v.stdout, v.stdout
    finally:
        r = mariadb(restore)
        assert r.returncode == 0, r.stderr
    assert verify().returncode == 0


def test_deleted_middle_record_found():
    """a record removed from the middle of a chain is named by the next one"""
    fixture("write", "3")
    chain, cseq = mariadb("SELECT chain, chain_seq FROM audit_log WHERE chain_seq > 2 "
                          "ORDER BY seq DESC LIMIT 1").stdout.split()
    nxt = mariadb("SELECT seq FROM audit_log WHERE chain = %s AND chain_seq = %s" % (chain, cseq)).stdout.strip()
    row, restore = _take("chain = %s AND chain_seq = %d" % (chain, int(cseq) - 1))
    try:
        v = verify()
        want = "audit chain broken at seq %s (chain %s #%s, " % (nxt, chain, cseq)
        assert v.returncode == 1 and want in v.stdout and "records missing before it" in v.stdout, \
            (want, v.stdout)
    finally:
        r = mariadb(restore)
        assert r.returncode == 0, r.stderr
    assert verify().returncode == 0


def _fetched(out, prefix):
    recs = []
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 5 and f[0] == "fetched" and f[4].startswith(prefix + "-"):
            recs.append((int(f[1]), int(f[2]), int(f[3]), f[4]))
    return recs


def test_concurrent_writers_fetched_exactly_once():
    """records of 2 concurrent writers (several chains, commits out of seq order) are each fetched once"""
    consumer = "e2e-" + uuid.uuid4().hex[:12]
    try:
        r = fixture("race", consumer, "2", "40", "7")
        recs = _fetched(r.stdout, consumer)
        ids = [x[3] for x in recs]
        want = sorted("%s-%d-%d" % (consumer, w, i) for w in range(2) for i in range(40))
        assert sorted(ids) == want, (len(ids), len(set(ids)))
        stored = mariadb("SELECT COUNT(*), COUNT(DISTINCT chain) FROM audit_log WHERE object_id LIKE '%s-%%'"
                         % consumer).stdout.split()
        assert stored[0] == "80" and int(stored[1]) >= 2, stored
        for c in set(x[1] for x in recs):
            seqs = [x[2] for x in recs if x[1] == c]
            assert seqs == sorted(seqs), (c, seqs)
        cur = mariadb("SELECT chain, chain_seq FROM audit_cursors WHERE consumer = '%s' ORDER BY chain"
                      % consumer).stdout.split("\n")
        heads = mariadb("SELECT chain, seq FROM audit_head WHERE seq > 0 ORDER BY chain").stdout.split("\n")
        assert cur == heads, (cur, heads)
        again = fixture("race", consumer, "0", "0", "7")
        assert "fetched" not in again.stdout, again.stdout
        assert verify().returncode == 0
    finally:
        mariadb("DELETE FROM audit_cursors WHERE consumer = '%s'" % consumer)


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
        assert re.search(r'seq="\d+" chain="\d+" chain_seq="\d+" at="', msg), msg
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
        r = fixture("race", "old", "2", "10", "5", "40", conf=conf)
        sql = lambda q: run("mariadb", "--defaults-file=" + os.path.join(VAR, "mariadb", "my.cnf"), "-N", "-B",
                            SCRATCH_DB, "-e", q).stdout.split()
        chains = sql("SELECT COUNT(DISTINCT chain) FROM audit_log")[0]
        assert int(chains) >= 2, chains
        fixture("backdate", "3", "2", conf=conf)
        fixture("write", "2", conf=conf)
        p = crmctl("audit", "purge", conf=conf)
        assert p.returncode == 0 and "purged 20 audit records from %s chains (" % chains in p.stdout, \
            p.stdout + p.stderr
        v = verify(conf)
        assert v.returncode == 0 and "5 records in 16 chains" in v.stdout, v.stdout + v.stderr
        assert sql("SELECT COUNT(*) FROM audit_checkpoint") == [chains]
        last = sql("SELECT actor, action, items FROM audit_log ORDER BY seq DESC LIMIT 1")
        assert last == ["crmctl", "audit.purge", "20"], last
        again = crmctl("audit", "purge", conf=conf)
        assert again.returncode == 0 and "no audit record is older" in again.stdout, again.stdout
        sql("UPDATE audit_checkpoint SET first_chain_seq = first_chain_seq + 1 WHERE chain = 1")
        v = verify(conf)
        assert v.returncode == 1 and "purge checkpoint of chain 1" in v.stdout, v.stdout
    finally:
        _drop_scratch()
        shutil.rmtree(tmp)
