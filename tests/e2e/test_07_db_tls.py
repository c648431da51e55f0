"""test_07_db_tls.py: over TCP the database is reached only with TLS and a
verified server certificate."""
import os
import shutil
import subprocess
import tempfile

from harness import BIN, VAR, instance_env, mariadb

PW = "e2eTlsPw4711"


def _setup(tmp, ca):
    out = mariadb(
        "CREATE USER IF NOT EXISTS 'crm_tls'@'127.0.0.1' IDENTIFIED BY '%s' REQUIRE SSL;"
        "GRANT SELECT, CREATE ON crm.schema_migrations TO 'crm_tls'@'127.0.0.1';" % PW)
    assert out.returncode == 0, out.stderr
    pw = os.path.join(tmp, "pw")
    with open(pw, "w") as f:
        f.write(PW + "\n")
    os.chmod(pw, 0o600)
    with open(os.path.join(VAR, "crm.conf")) as f:
        lines = f.read().splitlines()
    out, section = [], ""
    for line in lines:
        if line.startswith("["):
            section = line
        key = line.split("=")[0].strip()
        if section == "[database]" and key in ("socket", "admin_user"):
            continue
        out.append(line)
        if line == "[database]":
            out += ["host = 127.0.0.1", "port = %s" % instance_env()["DB_PORT"],
                    "tls_ca = " + ca, "admin_user = crm_tls", "admin_password_file = " + pw]
    conf = os.path.join(tmp, "crm.conf")
    with open(conf, "w") as f:
        f.write("\n".join(out) + "\n")
    return conf


def _status(conf):
    return subprocess.run([os.path.join(BIN, "crmctl"), "-c", conf, "migrate", "--status"],
                          capture_output=True, text=True)


def test_tls_with_verified_certificate():
    """crmctl reaches MariaDB over TCP with TLS, verifying the server against the instance CA"""
    tmp = tempfile.mkdtemp()
    try:
        r = _status(_setup(tmp, os.path.join(VAR, "tls", "ca.pem")))
        assert r.returncode == 0, r.stderr
        assert "applied  001_base.sql" in r.stdout, r.stdout
    finally:
        shutil.rmtree(tmp)


def test_wrong_ca_refused():
    """a server certificate that does not verify stops the connection"""
    tmp = tempfile.mkdtemp()
    try:
        other = os.path.join(tmp, "other.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                        "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", os.path.join(tmp, "k.pem"), "-out", other],
                       check=True, capture_output=True)
        r = _status(_setup(tmp, other))
        assert r.returncode == 1, (r.returncode, r.stdout)
        assert "cannot connect" in r.stderr, r.stderr
        assert PW not in r.stderr + r.stdout
    finally:
        shutil.rmtree(tmp)


def test_server_refuses_plain_tcp():
    """MariaDB refuses the same client and password over TCP without TLS"""
    def client(*tls):
        return subprocess.run(["mariadb", "--no-defaults"] + list(tls) +
                              ["-h", "127.0.0.1", "-P", instance_env()["DB_PORT"], "-u", "crm_tls",
                               "-p" + PW, "-N", "-e", "SELECT 1"], capture_output=True, text=True)
    tmp = tempfile.mkdtemp()
    try:
        _setup(tmp, os.path.join(VAR, "tls", "ca.pem"))
        good = client("--ssl", "--ssl-ca=" + os.path.join(VAR, "tls", "ca.pem"))
        assert good.returncode == 0 and good.stdout.strip() == "1", good.stderr
        plain = client("--skip-ssl")
        assert plain.returncode != 0, plain.stdout
    finally:
        shutil.rmtree(tmp)
