"""test_06_migrate.py: crmctl migrate is idempotent, stops at a failing
file naming it, and refuses an edited applied migration."""
import os
import shutil
import subprocess
import tempfile

from harness import BIN, ROOT, VAR, mariadb


def _crmctl(conf, *args):
    return subprocess.run([os.path.join(BIN, "crmctl"), "-c", conf] + list(args),
                          capture_output=True, text=True)


def _conf_with_sql_dir(tmp, sql_dir):
    with open(os.path.join(VAR, "crm.conf")) as f:
        text = f.read()
    path = os.path.join(tmp, "crm.conf")
    with open(path, "w") as f:
        f.write(text.replace("dir = " + os.path.join(ROOT, "sql"), "dir = " + sql_dir))
    return path


def _count():
    return mariadb("SELECT COUNT(*) FROM schema_migrations").stdout.strip()


def test_second_run_changes_nothing():
    """running migrate twice applies nothing the second time"""
    conf = os.path.join(VAR, "crm.conf")
    before = _count()
    r = _crmctl(conf, "migrate")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("0 migrations applied"), r.stdout
    assert _count() == before


def test_status_lists_applied():
    """migrate --status lists every file as applied"""
    r = _crmctl(os.path.join(VAR, "crm.conf"), "migrate", "--status")
    assert r.returncode == 0
    files = sorted(f for f in os.listdir(os.path.join(ROOT, "sql")) if f.endswith(".sql"))
    for f in files:
        assert "applied  " + f in r.stdout, r.stdout


def test_failing_migration_stops():
    """a failing migration stops with the file and the error and is not recorded"""
    tmp = tempfile.mkdtemp()
    try:
        sql = os.path.join(tmp, "sql")
        shutil.copytree(os.path.join(ROOT, "sql"), sql)
        with open(os.path.join(sql, "900_broken.sql"), "w") as f:
            f.write("CREATE TABLE e2e_partial (x INT) ENGINE=InnoDB;\nSELEC broken;\n")
        with open(os.path.join(sql, "901_after.sql"), "w") as f:
            f.write("CREATE TABLE e2e_never (x INT) ENGINE=InnoDB;\n")
        conf = _conf_with_sql_dir(tmp, sql)
        before = _count()
        r = _crmctl(conf, "migrate")
        assert r.returncode == 1, r.returncode
        assert "900_broken.sql" in r.stderr and "statement 2" in r.stderr, r.stderr
        assert "SQL syntax" in r.stderr, r.stderr
        assert _count() == before
        assert "e2e_never" not in mariadb("SHOW TABLES").stdout
    finally:
        mariadb("DROP TABLE IF EXISTS e2e_partial")
        shutil.rmtree(tmp)


def test_edited_migration_refused():
    """an applied migration whose file changed is refused"""
    tmp = tempfile.mkdtemp()
    try:
        sql = os.path.join(tmp, "sql")
        shutil.copytree(os.path.join(ROOT, "sql"), sql)
        first = sorted(os.listdir(sql))[0]
        with open(os.path.join(sql, first), "a") as f:
            f.write("-- edited\n")
        r = _crmctl(_conf_with_sql_dir(tmp, sql), "migrate")
        assert r.returncode == 1
        assert "changed after it was applied" in r.stderr, r.stderr
    finally:
        shutil.rmtree(tmp)


def test_app_account_cannot_write_schema_table():
    """the application account only reads schema_migrations"""
    grants = mariadb("SHOW GRANTS FOR 'crm_app'@'localhost'").stdout
    lines = [l for l in grants.splitlines() if "`schema_migrations`" in l]
    assert len(lines) == 1 and "GRANT SELECT ON `crm`.`schema_migrations`" in lines[0], grants
    assert "ALL PRIVILEGES" not in grants and "ON `crm`.*" not in grants, grants


def test_tables_encrypted_at_rest():
    """every InnoDB tablespace is encrypted (MariaDB data-at-rest encryption)"""
    out = mariadb(
        "SELECT s.NAME, COALESCE(e.ENCRYPTION_SCHEME, 0) FROM information_schema.INNODB_SYS_TABLESPACES s "
        "LEFT JOIN information_schema.INNODB_TABLESPACES_ENCRYPTION e ON e.SPACE = s.SPACE "
        "WHERE s.NAME <> 'innodb_temporary'").stdout
    rows = [line.split("\t") for line in out.strip().splitlines()]
    assert rows, "no tablespaces listed"
    plain = [n for n, scheme in rows if scheme != "1"]
    assert not plain, plain
