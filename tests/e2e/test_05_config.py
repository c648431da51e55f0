"""test_05_config.py: crm-fcgi -n and the refusal of unsafe secret files."""
import os
import shutil
import subprocess
import tempfile

from harness import BIN, VAR


def _conf_with(tmp, **replace):
    with open(os.path.join(VAR, "crm.conf")) as f:
        lines = f.read().splitlines()
    out = []
    for line in lines:
        key = line.split("=")[0].strip()
        out.append("%s = %s" % (key, replace[key]) if key in replace and "=" in line else line)
    path = os.path.join(tmp, "crm.conf")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return path


def _run(*args):
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1")
    return subprocess.run([os.path.join(BIN, "crm-fcgi")] + list(args), capture_output=True, text=True, env=env)


def test_check_flag_accepts_instance_config():
    """crm-fcgi -n accepts the instance's config and exits 0"""
    r = _run("-n", "-c", os.path.join(VAR, "crm.conf"))
    assert r.returncode == 0, r.stderr
    assert "valid" in r.stdout


def test_group_readable_secret_refused():
    """a group- or world-readable password file is refused with a clear message"""
    tmp = tempfile.mkdtemp()
    try:
        pw = os.path.join(tmp, "pw")
        shutil.copy(os.path.join(VAR, "secrets", "db-app-password"), pw)
        for mode in (0o640, 0o604, 0o644):
            os.chmod(pw, mode)
            r = _run("-n", "-c", _conf_with(tmp, password_file=pw))
            assert r.returncode == 1, (mode, r.returncode)
            assert "chmod 600" in r.stderr and pw in r.stderr, r.stderr
            assert open(pw).read().strip() not in r.stderr + r.stdout
        os.chmod(pw, 0o600)
        r = _run("-n", "-c", _conf_with(tmp, password_file=pw))
        assert r.returncode == 0, r.stderr
    finally:
        shutil.rmtree(tmp)


def test_unknown_key_refused():
    """a typo in the config is an error naming file and line"""
    tmp = tempfile.mkdtemp()
    try:
        path = os.path.join(tmp, "crm.conf")
        with open(os.path.join(VAR, "crm.conf")) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("workers =", "wrokers ="))
        r = _run("-n", "-c", path)
        assert r.returncode == 1
        assert path + ":" in r.stderr and "unknown key" in r.stderr, r.stderr
    finally:
        shutil.rmtree(tmp)


def test_missing_config():
    """a missing config file is reported, exit 1"""
    r = _run("-n", "-c", "/nonexistent/crm.conf")
    assert r.returncode == 1 and "/nonexistent/crm.conf" in r.stderr
