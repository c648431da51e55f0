"""test_10_encryption.py: personal data is unreadable at rest. A marker
written into every encrypted field (the fixture table for now; later
issues add their tables to the fixture) appears neither in any file under
the MariaDB datadir (binary logs included) nor in mariadb-dump; moved
ciphertexts are refused; the blind index finds rows; key rotation under
load loses nothing and leaves nothing under the old key; bad key rings are
refused with clear messages."""
import os
import shutil
import subprocess
import tempfile
import threading
import uuid

from harness import BIN, VAR, instance, mariadb

TREE = os.path.dirname(BIN)
FIXTURE = os.path.join(TREE, "tests", "db", "crypto_fixture")
CONF = os.path.join(VAR, "crm.conf")
MARKER = "MRK" + uuid.uuid4().hex[:20]


def fixture(*args):
    return subprocess.run([FIXTURE, CONF] + list(args), capture_output=True, text=True, timeout=300)


def crmctl(*args, conf=CONF):
    return subprocess.run([os.path.join(BIN, "crmctl"), "-c", conf] + list(args),
                          capture_output=True, text=True, timeout=300)


def ok_lines(r):
    assert r.returncode == 0 and "not ok" not in r.stdout, r.stdout + r.stderr
    return r.stdout


def test_write_markers():
    """marker rows are written through the real envelope code"""
    ok_lines(fixture("write", MARKER, "20"))
    ok_lines(fixture("verify", MARKER))


def _files_containing(root, needles):
    hits = []
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            try:
                data = open(p, "rb").read()
            except OSError:
                continue
            for n in needles:
                if n in data:
                    hits.append((p, n[:12]))
    return hits


def test_marker_not_in_datadir():
    """after a clean restart no file under the datadir or binlog holds the marker or its hex"""
    instance("db-stop")
    instance("db-start")
    needles = [MARKER.encode(), MARKER.encode().hex().encode(), MARKER.encode().hex().upper().encode()]
    hits = _files_containing(os.path.join(VAR, "mariadb"), needles)
    assert not hits, hits
    binlogs = [f for f in os.listdir(os.path.join(VAR, "mariadb", "binlog")) if f.startswith("mariadb-bin.0")]
    assert binlogs, "no binary log written: the test would prove nothing about it"


def test_marker_not_in_dump():
    """mariadb-dump of the database shows no marker, in text or hex"""
    r = subprocess.run(["mariadb-dump", "--defaults-file=" + os.path.join(VAR, "mariadb", "my.cnf"),
                        "--hex-blob", "crm"], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr[-300:]
    assert b"test_crypto_fixture" in r.stdout, "the fixture table is not in the dump"
    for n in (MARKER.encode(), MARKER.encode().hex().encode(), MARKER.encode().hex().upper().encode()):
        assert n not in r.stdout, n


def test_moved_ciphertext_refused():
    """a ciphertext copied to another row or column does not decrypt, and is logged"""
    r = fixture("swap")
    ok_lines(r)
    assert "INTEGRITY ALERT" in r.stderr and "test_crypto_fixture.email of row 2" in r.stderr, r.stderr
    assert MARKER not in r.stderr


def test_blind_index_search():
    """exact search by a normalised email works through the blind index"""
    ok_lines(fixture("find", MARKER))


def _versions():
    return [int(l.split()[1]) for l in open(os.path.join(VAR, "keys", "keyring")) if l.startswith("kek ")]


def test_rotation_under_load():
    """rotating the key-encryption key while rows are written loses none and leaves none behind"""
    before = _versions()
    writer = threading.Thread(target=lambda: ok_lines(fixture("write", MARKER + "L", "120")))
    writer.start()
    rot = crmctl("keys", "rotate")
    writer.join()
    assert "added key-encryption key %d" % (before[-1] + 1) in rot.stdout, rot.stdout + rot.stderr
    resume = crmctl("keys", "rotate", "--resume")
    assert resume.returncode == 0 and "0 left under old keys" in resume.stdout, resume.stdout + resume.stderr
    status = crmctl("keys", "status")
    assert status.returncode == 0 and "0 data keys under old keys" in status.stdout, status.stdout
    ok_lines(fixture("verify", MARKER))


def test_retire():
    """an old key retires only once nothing is wrapped by it; data stays readable"""
    versions = _versions()
    assert len(versions) >= 2, versions
    refused = crmctl("keys", "retire", str(versions[-1]))
    assert refused.returncode == 1 and ("newest" in refused.stderr or "still wraps" in refused.stderr), refused.stderr
    for v in versions[:-1]:
        r = crmctl("keys", "retire", str(v))
        assert r.returncode == 0, r.stderr
    assert _versions() == versions[-1:]
    ok_lines(fixture("verify", MARKER))


def test_rotate_data():
    """rotate --data gives every subject a fresh data key and re-encrypts its fields"""
    q = "SELECT HEX(email) FROM test_crypto_fixture WHERE id = 2"
    before = mariadb(q).stdout.strip()
    wrapped_q = ("SELECT HEX(wrapped) FROM data_keys d JOIN test_crypto_fixture t "
                 "ON d.subject_type = 'fixture' AND d.subject_id = t.subject_id WHERE t.id = 2")
    wrapped_before = mariadb(wrapped_q).stdout.strip()
    r = crmctl("keys", "rotate", "--data")
    assert r.returncode == 0 and "0 failed" in r.stdout and "0 left under old keys" in r.stdout, r.stdout + r.stderr
    after = mariadb(q).stdout.strip()
    assert before and after and before != after, "the field was not re-encrypted"
    assert wrapped_before != mariadb(wrapped_q).stdout.strip(), "the data key was not replaced"
    ok_lines(fixture("verify", MARKER))


def test_shred():
    """destroying a subject's data key makes its row unreadable for good"""
    ok_lines(fixture("shred"))


def _conf_with_keyring(tmp, path):
    text = open(CONF).read().replace(os.path.join(VAR, "keys", "keyring"), path)
    conf = os.path.join(tmp, "crm.conf")
    open(conf, "w").write(text)
    return conf


def test_bad_keyrings_refused():
    """a loose, truncated, corrupted, wrong-size or missing key ring is refused with a clear message"""
    tmp = tempfile.mkdtemp()
    try:
        good = open(os.path.join(VAR, "keys", "keyring")).read()
        lines = good.splitlines()
        cases = {
            "loose": (good, 0o644, "chmod 600"),
            "truncated": ("\n".join(lines[:1]) + "\n", 0o600, "needs at least one kek"),
            "corrupt": good.replace(lines[1][-8:], "zzzzzzzz"), 
            "short": lines[0] + "\n" + lines[1][:-2] + "\n" + lines[-1] + "\n",
            "garbage": ("\x00\x01binary", 0o600, "key ring line 1"),
        }
        cases["corrupt"] = (cases["corrupt"], 0o600, "64 lower-case hex")
        cases["short"] = (cases["short"], 0o600, "64 lower-case hex")
        for name, (text, mode, why) in cases.items():
            path = os.path.join(tmp, name)
            open(path, "w").write(text)
            os.chmod(path, mode)
            conf = _conf_with_keyring(tmp, path)
            r = subprocess.run([os.path.join(BIN, "crm-fcgi"), "-n", "-c", conf], capture_output=True, text=True)
            assert r.returncode == 1 and why in r.stderr and path in r.stderr, (name, r.stderr)
            for line in lines[1:]:
                assert line.split()[-1] not in r.stderr, "key material in an error message"
        r = subprocess.run([os.path.join(BIN, "crm-fcgi"), "-n", "-c",
                            _conf_with_keyring(tmp, os.path.join(tmp, "missing"))], capture_output=True, text=True)
        assert r.returncode == 1 and "missing" in r.stderr, r.stderr
    finally:
        shutil.rmtree(tmp)


def test_sealed_keyring():
    """a ring sealed with an external key file opens with it and not without it"""
    tmp = tempfile.mkdtemp()
    try:
        ring = os.path.join(tmp, "keyring")
        shutil.copy(os.path.join(VAR, "keys", "keyring"), ring)
        os.chmod(ring, 0o600)
        key = os.path.join(tmp, "seal.key")
        open(key, "w").write(os.urandom(32).hex() + "\n")
        os.chmod(key, 0o600)
        conf = _conf_with_keyring(tmp, ring)
        r = crmctl("keys", "seal", "key", key, conf=conf)
        assert r.returncode == 0, r.stderr
        assert open(ring).read().startswith("crm-keyring-sealed 1 key")
        r = subprocess.run([os.path.join(BIN, "crm-fcgi"), "-n", "-c", conf], capture_output=True, text=True)
        assert r.returncode == 1 and "unseal_file" in r.stderr, r.stderr
        with open(conf, "a") as f:
            f.write("")
        text = open(conf).read().replace("keyring = " + ring, "keyring = %s\nunseal_file = %s" % (ring, key))
        open(conf, "w").write(text)
        r = subprocess.run([os.path.join(BIN, "crm-fcgi"), "-n", "-c", conf], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        open(key, "w").write(os.urandom(32).hex() + "\n")
        r = subprocess.run([os.path.join(BIN, "crm-fcgi"), "-n", "-c", conf], capture_output=True, text=True)
        assert r.returncode == 1 and "wrong key or passphrase" in r.stderr, r.stderr
    finally:
        shutil.rmtree(tmp)


def test_passphrase_sealed_keyring():
    """a ring sealed with a passphrase (scrypt) opens with it, not with another, and unseals"""
    tmp = tempfile.mkdtemp()
    try:
        ring = os.path.join(tmp, "keyring")
        shutil.copy(os.path.join(VAR, "keys", "keyring"), ring)
        os.chmod(ring, 0o600)
        pw = os.path.join(tmp, "pass")
        open(pw, "w").write("correct horse battery staple\n")
        os.chmod(pw, 0o600)
        conf = _conf_with_keyring(tmp, ring)
        assert crmctl("keys", "seal", "passphrase", pw, conf=conf).returncode == 0
        assert open(ring).read().startswith("crm-keyring-sealed 1 passphrase 15 8 1 ")
        text = open(conf).read().replace("keyring = " + ring, "keyring = %s\nunseal_file = %s" % (ring, pw))
        open(conf, "w").write(text)
        r = crmctl("keys", "status", conf=conf)
        assert "key-encryption key" in r.stdout, r.stderr
        open(pw, "w").write("wrong horse\n")
        r = subprocess.run([os.path.join(BIN, "crm-fcgi"), "-n", "-c", conf], capture_output=True, text=True)
        assert r.returncode == 1 and "wrong key or passphrase" in r.stderr, r.stderr
        open(pw, "w").write("correct horse battery staple\n")
        assert crmctl("keys", "unseal", conf=conf).returncode == 0
        assert open(ring).read().startswith("crm-keyring 1\n")
        assert os.stat(ring).st_mode & 0o777 == 0o600
    finally:
        shutil.rmtree(tmp)


def test_data_keys_grants():
    """the application account may not delete data keys"""
    grants = mariadb("SHOW GRANTS FOR 'crm_app'@'localhost'").stdout
    line = [l for l in grants.splitlines() if "`data_keys`" in l]
    assert len(line) == 1 and "DELETE" not in line[0], grants
