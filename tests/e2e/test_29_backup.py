"""test_29_backup.py: disaster recovery on the test instance. A backup
taken while contacts are being created through nginx is consistent and
holds no plaintext; the restore drill passes and is recorded; the database
is destroyed and restored, and every table is compared byte for byte (the
dump's INSERT lines, hashed here independently of crmctl) with the
manifest written at the backup's moment; a point-in-time restore lands
between two transactions a second apart; a flipped byte, a manifest
claiming a newer schema, another installation's key and a full disk are
refused before anything is touched. The instance ends serving again."""
import hashlib
import hmac
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time

from harness import BIN, ROOT, VAR, get, instance, mariadb
from test_11_signin import creds, sign_in
from test_18_contacts import new_contact

CONF = os.path.join(VAR, "crm.conf")
STATE = {}


def crmctl(*args, conf=CONF, preexec=None):
    return subprocess.run([os.path.join(BIN, "crmctl"), "-c", conf] + list(args), capture_output=True,
                          text=True, timeout=600, preexec_fn=preexec)


def conf_value(section, key):
    sec = None
    for line in open(CONF):
        line = line.strip()
        if line.startswith("["):
            sec = line.strip("[]")
        elif sec == section and "=" in line and line.split("=", 1)[0].strip() == key:
            return line.split("=", 1)[1].strip()
    return None


def backup_dir():
    return conf_value("backup", "dir")


def newest():
    names = sorted(n for n in os.listdir(backup_dir()) if re.fullmatch(r"\d{8}T\d{6}Z", n))
    return names[-1]


def manifest(name):
    tables, facts = {}, {}
    for line in open(os.path.join(backup_dir(), name, "manifest.txt")):
        parts = line.split()
        if parts[0] == "table":
            tables[parts[1]] = (int(parts[2]), parts[3])
        else:
            facts[parts[0]] = " ".join(parts[1:])
    return tables, facts


def dump_tables():
    """The instance database dumped and hashed per table, as the manifest does."""
    my = os.path.join(VAR, "mariadb", "my.cnf")
    out = subprocess.run(["mariadb-dump", "--defaults-file=" + my, "-uroot", "--single-transaction",
                          "--hex-blob", "--skip-extended-insert", "--order-by-primary", "--skip-dump-date",
                          "--default-character-set=utf8mb4", "crm"], capture_output=True, timeout=300).stdout
    tables, cur = {}, None
    for line in out.split(b"\n"):
        m = re.match(rb"-- Dumping data for table `([^`]+)`$", line)
        if m:
            cur = m.group(1).decode()
            tables[cur] = [0, hashlib.sha256()]
        elif cur and line.startswith(b"INSERT INTO `%s` VALUES " % cur.encode()):
            tables[cur][0] += 1
            tables[cur][1].update(line + b"\n")
    return {k: (v[0], v[1].hexdigest()) for k, v in tables.items()}


def writer(session, stop, made):
    while not stop.is_set():
        made.append(new_contact(session, "Loop", "Writer%d" % len(made)))


def test_backup_while_writing():
    """a backup taken while contacts are created through nginx completes; the writes all succeed"""
    name, pw = creds()["sales-rep"]
    _, rep = sign_in(name, pw)
    marker = "Qxmarker%d" % os.getpid()
    new_contact(rep, marker, marker, "%s@example.com" % marker.lower())
    stop, made = threading.Event(), []
    t = threading.Thread(target=writer, args=(rep, stop, made))
    t.start()
    time.sleep(0.5)
    r = crmctl("backup")
    time.sleep(0.3)
    stop.set()
    t.join()
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(made) > 0
    STATE.update(rep=rep, marker=marker, name=newest())
    tables, facts = manifest(STATE["name"])
    assert "contacts" in tables and "audit_log" in tables and facts["binlog"] != "- 0", facts
    assert mariadb("SELECT COUNT(*) FROM backups WHERE name = '%s'" % STATE["name"]).stdout.strip() == "1"


def test_backup_files_hold_no_plaintext():
    """no file of the backup contains the marker name, email or the SQL keywords of the dump"""
    d = os.path.join(backup_dir(), STATE["name"])
    for f in os.listdir(d):
        if f.endswith(".crmbk"):
            data = open(os.path.join(d, f), "rb").read()
            for needle in (STATE["marker"].encode(), b"INSERT INTO", b"example.com"):
                assert needle not in data, (f, needle)
    assert oct(os.stat(d).st_mode & 0o777) == "0o700"


def test_restore_drill_passes_and_is_recorded():
    """crmctl backup verify restores into a scratch server, checks tables, envelopes and the audit chain"""
    r = crmctl("backup", "verify")
    assert r.returncode == 0 and "drill passed" in r.stdout, r.stdout + r.stderr
    row = mariadb("SELECT outcome, backup_name FROM backup_drills ORDER BY id DESC LIMIT 1").stdout.split()
    assert row == ["pass", STATE["name"]], row
    assert not [d for d in os.listdir("/tmp") if d.startswith("crm-drill.")], "scratch server left behind"


def test_destroy_and_restore_is_byte_identical():
    """the database is dropped; the restore brings every table back exactly as the manifest recorded it"""
    tables, _ = manifest(STATE["name"])
    instance("app-stop")
    try:
        mariadb("DROP DATABASE crm")
        r = crmctl("restore")
        assert r.returncode == 0, r.stdout + r.stderr
        restored = dump_tables()
        # The restore appends its own audit record (backup.restore) after
        # it compared: the trail has exactly one more record, its chain
        # head moved; every other table is identical byte for byte.
        assert restored.pop("audit_log")[0] == tables.pop("audit_log")[0] + 1
        restored.pop("audit_head"), tables.pop("audit_head")
        assert restored == tables, sorted(k for k in tables if restored.get(k) != tables[k])
        assert "every one identical to the backup" in r.stdout
    finally:
        instance("app-start")
    assert crmctl("audit", "verify").returncode == 0
    assert get("/contacts?q=%s" % STATE["marker"], headers={"Cookie": STATE["rep"]}).status == 200


def test_restore_refuses_a_live_database():
    """with the application running, restore refuses without --force and changes nothing"""
    before = mariadb("SELECT COUNT(*) FROM audit_log").stdout
    r = crmctl("restore")
    assert r.returncode == 1 and "in use" in r.stderr and "--force" in r.stderr, r.stderr
    assert mariadb("SELECT COUNT(*) FROM audit_log").stdout >= before


def test_point_in_time_restore():
    """restore --at lands between two contacts created two seconds apart"""
    assert crmctl("backup").returncode == 0
    a = new_contact(STATE["rep"], "Before", "Pitr")
    time.sleep(1.2)
    at = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    time.sleep(1.2)
    b = new_contact(STATE["rep"], "After", "Pitr")
    instance("app-stop")
    try:
        r = crmctl("restore", "--at", at, "--force")
        assert r.returncode == 0, r.stdout + r.stderr
        ids = mariadb("SELECT id FROM contacts WHERE last_name = 'Pitr'").stdout.split()
        assert a in ids and b not in ids, (a, b, ids)
    finally:
        instance("app-start")
    assert crmctl("audit", "verify").returncode == 0


def copy_of_backup(tmp):
    src = os.path.join(backup_dir(), STATE["name"])
    name = "29991231T235959Z"
    dst = os.path.join(backup_dir(), name)
    shutil.copytree(src, dst)
    return name, dst


def refused_untouched(name, expect):
    before = mariadb("SELECT COUNT(*) FROM contacts").stdout
    r = crmctl("restore", "--backup", name, "--force")
    assert r.returncode == 1 and expect in r.stderr, r.stdout + r.stderr
    assert mariadb("SELECT COUNT(*) FROM contacts").stdout == before


def test_flipped_byte_refused_before_anything():
    """one flipped byte in the dump file, a truncated dump file, or a changed manifest is refused; the database is untouched"""
    name, dst = copy_of_backup(None)
    try:
        # the copy's name differs from its manifest: refused as another backup
        refused_untouched(name, "another backup")
        shutil.rmtree(dst)
        name = STATE["name"]
        path = os.path.join(backup_dir(), name, "crm.sql.crmbk")
        data = bytearray(open(path, "rb").read())
        keep = bytes(data)
        data[len(data) // 2] ^= 0x01
        open(path, "wb").write(data)
        try:
            refused_untouched(name, "crm.sql.crmbk")
            open(path, "wb").write(keep[:-100])    # a truncated file
            refused_untouched(name, "crm.sql.crmbk")
        finally:
            open(path, "wb").write(keep)
        mpath = os.path.join(backup_dir(), name, "manifest.txt")
        text = open(mpath).read()
        open(mpath, "w").write(text.replace("table contacts ", "table contacts 1", 1))
        try:
            refused_untouched(name, "does not verify")
        finally:
            open(mpath, "w").write(text)
    finally:
        shutil.rmtree(dst, ignore_errors=True)


def hkdf_sha256(key, info):
    prk = hmac.new(b"\0" * 32, key, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def test_newer_schema_refused():
    """a manifest (validly signed) from a newer schema is refused with the reason"""
    keyfile = conf_value("backup", "key")
    key = bytes.fromhex(re.search(r"^key ([0-9a-f]{64})$", open(keyfile).read(), re.M).group(1))
    name = STATE["name"]
    mpath = os.path.join(backup_dir(), name, "manifest.txt")
    spath = os.path.join(backup_dir(), name, "manifest.sig")
    text, sig = open(mpath).read(), open(spath).read()
    newer = re.sub(r"^schema_version \d+$", "schema_version 999", text, flags=re.M)
    open(mpath, "w").write(newer)
    mac = hmac.new(hkdf_sha256(key, b"crm backup manifest"), newer.encode(), hashlib.sha256).hexdigest()
    open(spath, "w").write(mac + "\n")
    try:
        refused_untouched(name, "newer")
    finally:
        open(mpath, "w").write(text)
        open(spath, "w").write(sig)


def test_other_installation_key_refused():
    """with another installation's backup key the backup is refused, naming the cause"""
    tmp = tempfile.mkdtemp()
    try:
        other = os.path.join(tmp, "backup.key")
        conf = os.path.join(tmp, "crm.conf")
        text = open(CONF).read().replace(conf_value("backup", "key"), other)
        open(conf, "w").write(text)
        assert crmctl("backup", "key-generate", conf=conf).returncode == 0
        before = mariadb("SELECT COUNT(*) FROM contacts").stdout
        r = crmctl("restore", "--force", conf=conf)
        assert r.returncode == 1 and "another installation" in r.stderr, r.stderr
        assert mariadb("SELECT COUNT(*) FROM contacts").stdout == before
    finally:
        shutil.rmtree(tmp)


def test_full_disk_leaves_nothing():
    """a backup that cannot write (file size limit, as a full disk) fails clearly and leaves no partial backup"""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))
    before = set(os.listdir(backup_dir()))
    time.sleep(1.1)     # a new second: a new backup name
    r = crmctl("backup", preexec=limit)
    assert r.returncode == 1 and "backup failed" in r.stderr and "nothing was kept" in r.stderr, r.stderr
    assert set(os.listdir(backup_dir())) == before, set(os.listdir(backup_dir())) ^ before
    assert get("/healthz").status == 200
