/* test_conf.c: tests conf_parse, conf_validate and conf_load with its secret-file checks. */
#include "config.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "tap.h"

static char err[512];

/* A heap conf with defaults, parsed from text[0..len) as "test.conf". */
static struct conf *
parse_n(const char *text, size_t len, const char *basedir, int *rc)
{
	struct conf *c = calloc(1, sizeof(*c));

	if (c == NULL)
		abort();
	conf_defaults(c);
	err[0] = '\0';
	*rc = conf_parse(c, text, len, "test.conf", basedir, err, sizeof(err));
	return c;
}

static struct conf *
parse(const char *text, int *rc)
{
	return parse_n(text, strlen(text), "/etc/crm", rc);
}

static bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Shows text on one TAP line: newlines as '|', other controls as '?'. */
static const char *
oneline(const char *s)
{
	static char buf[80];
	size_t o = 0;

	for (; *s && o < 60; s++)
		buf[o++] = *s == '\n' ? '|' : (*s < 0x20 ? '?' : *s);
	buf[o] = '\0';
	return buf;
}

static void
test_full_file(void)
{
	static const char text[] =
	    "# crm.conf used by the unit tests\n"
	    "[server]\n"
	    "socket = /run/crm/crm.sock\n"
	    "socket_group = www-data\n"
	    "socket_mode = 0640\n"
	    "backlog = 64\n"
	    "workers = 8\n"
	    "user = crm\n"
	    "pid_file = /run/crm/crm.pid\n"
	    "max_body = 2097152\n"
	    "drain_timeout = 15\n"
	    "export_row_cap = 500\n"
	    "templates = /usr/share/crm/templates\n"
	    "\n"
	    "[database]\n"
	    "socket = /run/mysqld/mysqld.sock\n"
	    "host = db.example\n"
	    "port = 3307\n"
	    "tls_ca = /etc/ssl/ca.pem\n"
	    "name = crmdb\n"
	    "user = crm_app\n"
	    "password_file = /etc/crm/db.pw\n"
	    "admin_user = crm_admin\n"
	    "admin_password_file = /etc/crm/admin.pw\n"
	    "account_host = 10.0.0.%\n"
	    "connect_timeout = 5\n"
	    "\n"
	    "[keys]\n"
	    "keyring = /etc/crm/keyring\n"
	    "\n"
	    "[log]\n"
	    "level = debug\n"
	    "syslog = yes\n"
	    "\n"
	    "[migrate]\n"
	    "dir = /usr/share/crm/sql\n";
	int rc;
	struct conf *c = parse(text, &rc);

	ok(rc == 0, "full valid file parses (%s)", err);
	ok(streq(c->socket_path, "/run/crm/crm.sock") && streq(c->socket_group, "www-data") &&
	    c->socket_mode == 0640 && c->backlog == 64 && c->workers == 8,
	    "[server] socket, group, mode, backlog, workers");
	ok(streq(c->user, "crm") && streq(c->pid_file, "/run/crm/crm.pid") &&
	    c->max_body == 2097152 && c->drain_timeout == 15 && c->export_row_cap == 500 &&
	    streq(c->templates_dir, "/usr/share/crm/templates"),
	    "[server] user, pid_file, max_body, drain_timeout, export_row_cap, templates");
	ok(streq(c->db_socket, "/run/mysqld/mysqld.sock") && streq(c->db_host, "db.example") &&
	    c->db_port == 3307 && streq(c->db_tls_ca, "/etc/ssl/ca.pem") &&
	    streq(c->db_name, "crmdb") && streq(c->db_user, "crm_app"),
	    "[database] socket, host, port, tls_ca, name, user");
	ok(streq(c->db_password_file, "/etc/crm/db.pw") && streq(c->db_admin_user, "crm_admin") &&
	    streq(c->db_admin_password_file, "/etc/crm/admin.pw") &&
	    streq(c->db_account_host, "10.0.0.%") && c->db_connect_timeout == 5,
	    "[database] password files, admin user, account_host, connect_timeout");
	ok(streq(c->keyring, "/etc/crm/keyring") && c->log_level == LOG_LEVEL_DEBUG &&
	    c->log_syslog && streq(c->sql_dir, "/usr/share/crm/sql"),
	    "[keys], [log], [migrate]");
	ok(c->db_password == NULL && c->db_admin_password == NULL,
	    "conf_parse does not read secret files");
	ok(conf_validate(c, err, sizeof(err)) == 0, "full file validates (%s)", err);
	conf_free(c);

	c = parse("", &rc);
	ok(rc == 0 && c->socket_mode == 0660 && c->backlog == 128 && c->workers == 4 &&
	    c->max_body == 1048576 && c->drain_timeout == 30 && c->export_row_cap == 10000 && c->db_port == 3306 &&
	    streq(c->db_name, "crm") && streq(c->db_account_host, "localhost") &&
	    c->db_connect_timeout == 3 && c->log_level == LOG_LEVEL_INFO && !c->log_syslog &&
	    c->socket_path == NULL && c->user == NULL,
	    "empty text keeps the defaults");
	conf_free(c);
}

/* Texts that parse, with one check each. */
static void
test_good_lines(void)
{
	static const struct {
		const char *text;
		int field;	/* which check below */
		long want;
		const char *swant;
	} cases[] = {
		/* 0: workers, 1: socket_mode, 2: log_syslog, 3: log_level,
		 * 4: socket_path, 5: user, 6: db_host, 7: pid_file, 8: backlog */
		{ "[server]\nworkers = 1\n", 0, 1, NULL },
		{ "[server]\nworkers = 256\n", 0, 256, NULL },
		{ "[server]\nworkers=12\n", 0, 12, NULL },
		{ "[server]\n\tworkers\t=\t3\t\n", 0, 3, NULL },
		{ "[server]\r\nworkers = 5\r\n", 0, 5, NULL },	/* CRLF */
		{ "[server]\nworkers = 6", 0, 6, NULL },	/* no final newline */
		{ "# comment\n; another\n\n   \n[server]\n  # indented\nworkers = 7\n", 0, 7, NULL },
		{ "[server]\nworkers = 2\nworkers = 9\n", 0, 9, NULL },	/* last wins */
		{ "[log]\n[server]\nworkers = 10\n", 0, 10, NULL },
		{ "[server]\nsocket_mode = 0660\n", 1, 0660, NULL },
		{ "[server]\nsocket_mode = 0600\n", 1, 0600, NULL },
		{ "[server]\nsocket_mode = 0666\n", 1, 0666, NULL },
		{ "[server]\nsocket_mode = 660\n", 1, 0660, NULL },
		{ "[log]\nsyslog = yes\n", 2, 1, NULL },
		{ "[log]\nsyslog = true\n", 2, 1, NULL },
		{ "[log]\nsyslog = 1\n", 2, 1, NULL },
		{ "[log]\nsyslog = yes\nsyslog = no\n", 2, 0, NULL },
		{ "[log]\nsyslog = true\nsyslog = false\n", 2, 0, NULL },
		{ "[log]\nsyslog = 1\nsyslog = 0\n", 2, 0, NULL },
		{ "[log]\nlevel = error\n", 3, LOG_LEVEL_ERROR, NULL },
		{ "[log]\nlevel = warning\n", 3, LOG_LEVEL_WARNING, NULL },
		{ "[log]\nlevel = notice\n", 3, LOG_LEVEL_NOTICE, NULL },
		{ "[log]\nlevel = info\n", 3, LOG_LEVEL_INFO, NULL },
		{ "[log]\nlevel = debug\n", 3, LOG_LEVEL_DEBUG, NULL },
		{ "[server]\nsocket = sock\n", 4, 0, "/etc/crm/sock" },
		{ "[server]\nsocket = run/crm.sock\n", 4, 0, "/etc/crm/run/crm.sock" },
		{ "[server]\nsocket = /run/crm.sock\n", 4, 0, "/run/crm.sock" },
		{ "[server]\nsocket = /x\nsocket =\n", 4, 0, NULL },	/* empty unsets */
		{ "[server]\nsocket = a = b\n", 4, 0, "/etc/crm/a = b" },
		{ "[server]\nuser = crm\n", 5, 0, "crm" },		/* not a path */
		{ "[server]\nuser = crm # not a comment\n", 5, 0, "crm # not a comment" },
		{ "[database]\nhost = db\n", 6, 0, "db" },
		{ "[server]\npid_file = crm.pid\n", 7, 0, "/etc/crm/crm.pid" },
		{ "[server]\nbacklog = 65535\n", 8, 65535, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		struct conf *c = parse(cases[i].text, &rc);
		bool good = rc == 0;
		if (good) {
			switch (cases[i].field) {
			case 0: good = c->workers == cases[i].want; break;
			case 1: good = c->socket_mode == (unsigned)cases[i].want; break;
			case 2: good = c->log_syslog == (cases[i].want != 0); break;
			case 3: good = c->log_level == cases[i].want; break;
			case 4: good = cases[i].swant ? streq(c->socket_path, cases[i].swant) :
			    c->socket_path == NULL; break;
			case 5: good = streq(c->user, cases[i].swant); break;
			case 6: good = streq(c->db_host, cases[i].swant); break;
			case 7: good = streq(c->pid_file, cases[i].swant); break;
			case 8: good = c->backlog == cases[i].want; break;
			default: good = false;
			}
		}
		ok(good, "accepts \"%s\" (%s)", oneline(cases[i].text), rc ? err : "ok");
		conf_free(c);
	}

	/* basedir is used as given. */
	{
		int rc;
		struct conf *c = parse_n("[migrate]\ndir = sql\n", 19, "/opt/crm/etc", &rc);
		ok(rc == 0 && streq(c->sql_dir, "/opt/crm/etc/sql"), "relative dir resolved against another basedir");
		conf_free(c);
	}
}

/* Texts that must fail, and what the message must say. */
static void
test_bad_lines(void)
{
	static const struct {
		const char *text;
		const char *msg;	/* substring of err */
	} cases[] = {
		{ "[server]\nsocket = /x\n[nosuch]\n", "test.conf:3: unknown section" },
		{ "[Server]\n", "test.conf:1: unknown section" },
		{ "[]\n", "test.conf:1: unknown section" },
		{ "[server]\n\nbogus = 1\n", "test.conf:3: unknown key" },
		{ "[server]\nSocket = /x\n", "test.conf:2: unknown key" },
		{ "[log]\nsocket = /x\n", "test.conf:2: unknown key" },	/* key of another section */
		{ "[server]\nworkers = 4\n[keys]\nworkers = 4\n", "test.conf:4: unknown key" },
		{ "socket = /x\n", "test.conf:1: key outside any [section]" },
		{ "# c\n\nworkers = 4\n[server]\n", "test.conf:3: key outside" },
		{ "# c\n[server\n", "test.conf:2: malformed section header" },
		{ "[server] extra\n", "test.conf:1: malformed section header" },
		{ "[server]]\n", "test.conf:1: malformed section header" },
		{ "[server] # comment\n", "test.conf:1: malformed section header" },
		{ "[server]\njust words\n", "test.conf:2: expected key = value" },
		{ "[server]\nworkers = 0\n", "test.conf:2: not a number in the allowed range" },
		{ "[server]\nworkers = 257\n", "test.conf:2: not a number" },
		{ "[server]\nworkers = abc\n", "test.conf:2: not a number" },
		{ "[server]\nworkers =\n", "test.conf:2: not a number" },
		{ "[server]\nworkers = 4x\n", "test.conf:2: not a number" },
		{ "[server]\nworkers = -1\n", "test.conf:2: not a number" },
		{ "[server]\nworkers = 0x10\n", "test.conf:2: not a number" },
		{ "[server]\nworkers = 99999999999999999999\n", "test.conf:2: not a number" },
		{ "[server]\nworkers = 4 4\n", "test.conf:2: not a number" },
		{ "[server]\nbacklog = 0\n", "test.conf:2: not a number" },
		{ "[server]\nbacklog = 65536\n", "test.conf:2: not a number" },
		{ "[server]\nmax_body = 1023\n", "test.conf:2: not a number" },
		{ "[server]\nmax_body = 1073741825\n", "test.conf:2: not a number" },
		{ "[server]\ndrain_timeout = 3601\n", "test.conf:2: not a number" },
		{ "[server]\nexport_row_cap = 0\n", "test.conf:2: not a number" },
		{ "[server]\nexport_row_cap = 1000001\n", "test.conf:2: not a number" },
		{ "[database]\nport = 0\n", "test.conf:2: not a number" },
		{ "[database]\nport = 65536\n", "test.conf:2: not a number" },
		{ "[database]\nconnect_timeout = 301\n", "test.conf:2: not a number" },
		{ "[server]\nsocket_mode = 0777\n", "test.conf:2: not an octal mode" },
		{ "[server]\nsocket_mode = 9\n", "test.conf:2: not an octal mode" },
		{ "[server]\nsocket_mode = 0\n", "test.conf:2: not an octal mode" },
		{ "[server]\nsocket_mode = 0700\n", "test.conf:2: not an octal mode" },
		{ "[server]\nsocket_mode = 0668\n", "test.conf:2: not an octal mode" },
		{ "[server]\nsocket_mode = rw-rw----\n", "test.conf:2: not an octal mode" },
		{ "[server]\nsocket_mode = 0x1b0\n", "test.conf:2: not an octal mode" },
		{ "[log]\nsyslog = maybe\n", "test.conf:2: expected yes or no" },
		{ "[log]\nsyslog =\n", "test.conf:2: expected yes or no" },
		{ "[log]\nsyslog = 2\n", "test.conf:2: expected yes or no" },
		{ "[log]\nsyslog = yess\n", "test.conf:2: expected yes or no" },
		{ "[log]\nlevel = verbose\n", "test.conf:2: expected error, warning" },
		{ "[log]\nlevel = warn\n", "test.conf:2: expected error, warning" },
		{ "[log]\nlevel =\n", "test.conf:2: expected error, warning" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		struct conf *c = parse(cases[i].text, &rc);
		ok(rc == -1 && strstr(err, cases[i].msg) != NULL, "rejects \"%s\": %s (got \"%s\")",
		    oneline(cases[i].text), cases[i].msg, err);
		conf_free(c);
	}

	/* NUL bytes and line lengths. */
	{
		static const char nul[] = "[server]\nwork\0ers = 4\n";
		int rc;
		struct conf *c = parse_n(nul, sizeof(nul) - 1, "/etc/crm", &rc);
		ok(rc == -1 && strstr(err, "test.conf:2: NUL byte") != NULL,
		    "NUL byte in the text -> error on its line (got \"%s\")", err);
		conf_free(c);
	}
	{
		static const char nul[] = "[server]\nworkers = 4\n# trailing\0";
		int rc;
		struct conf *c = parse_n(nul, sizeof(nul) - 1, "/etc/crm", &rc);
		ok(rc == -1 && strstr(err, "test.conf:3: NUL byte") != NULL,
		    "NUL byte at the very end -> error (got \"%s\")", err);
		conf_free(c);
	}
	{
		char *text = malloc(4096);
		int rc;
		struct conf *c;

		if (text == NULL)
			abort();
		/* A 1023-byte comment line is fine. */
		strcpy(text, "[server]\n#");
		memset(text + 10, 'x', 1022);
		strcpy(text + 1032, "\nworkers = 5\n");
		c = parse(text, &rc);
		ok(rc == 0 && c->workers == 5, "1023-byte line accepted (%s)", err);
		conf_free(c);
		/* A 1023-byte value line sets the value whole. */
		strcpy(text, "[server]\nuser = ");
		memset(text + 16, 'u', 1016);
		strcpy(text + 1032, "\n");
		c = parse(text, &rc);
		ok(rc == 0 && c->user != NULL && strlen(c->user) == 1016,
		    "1023-byte key = value line keeps the whole value");
		conf_free(c);
		/* 1024 bytes is one too many. */
		strcpy(text, "[server]\n#");
		memset(text + 10, 'x', 1023);
		strcpy(text + 1033, "\nworkers = 5\n");
		c = parse(text, &rc);
		ok(rc == -1 && strstr(err, "test.conf:2: line too long") != NULL,
		    "1024-byte line -> error (got \"%s\")", err);
		conf_free(c);
		/* Same with no newline at the end of the file. */
		text[1033] = '\0';
		c = parse(text, &rc);
		ok(rc == -1 && strstr(err, "test.conf:2: line too long") != NULL,
		    "1024-byte last line without newline -> error (got \"%s\")", err);
		conf_free(c);
		free(text);
	}
	{
		int rc;
		struct conf *c = calloc(1, sizeof(*c));
		if (c == NULL)
			abort();
		conf_defaults(c);
		rc = conf_parse(c, "[nosuch]\n", 9, "/etc/crm/crm.conf", "/etc/crm", err, sizeof(err));
		ok(rc == -1 && strncmp(err, "/etc/crm/crm.conf:1: ", 21) == 0,
		    "message starts with the given file name and line (got \"%s\")", err);
		conf_free(c);
	}
}

static void
test_validate(void)
{
	static const struct {
		const char *text;
		const char *msg;	/* NULL: valid */
	} cases[] = {
		{ "", "[server] socket is required" },
		{ "[server]\nsocket = /run/crm.sock\n", "[database] name and user are required" },
		{ "[server]\nsocket = /run/crm.sock\n[database]\nuser = crm\n",
		  "[database] needs socket or host" },
		{ "[server]\nsocket = /run/crm.sock\n[database]\nuser = crm\nhost = db.example\n[migrate]\ndir = /sql\n",
		  "requires tls_ca" },
		{ "[server]\nsocket = /run/crm.sock\n[database]\nuser = crm\nsocket = /run/db.sock\n",
		  "[migrate] dir is required" },
		{ "[server]\nsocket = /run/crm.sock\n[database]\nuser = crm\nname =\nsocket = /run/db.sock\n[migrate]\ndir = /sql\n",
		  "name and user are required" },
		{ "[server]\nsocket = /run/crm.sock\n[database]\nuser = crm\nsocket = /run/db.sock\n[migrate]\ndir = /sql\n",
		  NULL },
		{ "[server]\nsocket = /run/crm.sock\n[database]\nuser = crm\nhost = db.example\ntls_ca = /etc/ssl/ca.pem\n[migrate]\ndir = /sql\n",
		  NULL },
		{ "[server]\nsocket = /run/crm.sock\nsocket_mode = 0607\n[database]\nuser = crm\nsocket = /run/db.sock\n[migrate]\ndir = /sql\n",
		  "no execute bits" },
		{ "[server]\nsocket = /run/crm.sock\n[database]\nuser = crm\naccount_host =\nsocket = /run/db.sock\n[migrate]\ndir = /sql\n",
		  "account_host must not be empty" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc, v;
		struct conf *c = parse(cases[i].text, &rc);
		err[0] = '\0';
		v = conf_validate(c, err, sizeof(err));
		if (cases[i].msg == NULL)
			ok(rc == 0 && v == 0, "validate case %zu: valid (%s)", i, err);
		else
			ok(rc == 0 && v == -1 && strstr(err, cases[i].msg) != NULL,
			    "validate case %zu: %s (got \"%s\")", i, cases[i].msg, err);
		conf_free(c);
	}

	/* Unix socket path length: 107 bytes fit sun_path, 108 do not. */
	{
		char text[512];
		char path[200];
		int rc, v;
		struct conf *c;

		path[0] = '/';
		memset(path + 1, 's', 106);
		path[107] = '\0';
		snprintf(text, sizeof(text), "[server]\nsocket = %s\n[database]\nuser = u\n"
		    "socket = /db.sock\n[migrate]\ndir = /sql\n", path);
		c = parse(text, &rc);
		v = conf_validate(c, err, sizeof(err));
		ok(rc == 0 && v == 0, "107-byte socket path valid (%s)", err);
		conf_free(c);
		path[107] = 's';
		path[108] = '\0';
		snprintf(text, sizeof(text), "[server]\nsocket = %s\n[database]\nuser = u\n"
		    "socket = /db.sock\n[migrate]\ndir = /sql\n", path);
		c = parse(text, &rc);
		v = conf_validate(c, err, sizeof(err));
		ok(rc == 0 && v == -1 && strstr(err, "socket path") != NULL,
		    "108-byte socket path refused (got \"%s\")", err);
		conf_free(c);
	}
}

/* Temporary directory for conf_load tests. */
static char tmpdir[] = "/tmp/crm-test-conf.XXXXXX";

static char *
tmppath(const char *name)
{
	static char buf[4][256];
	static int which;
	char *b = buf[which++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return b;
}

/* Writes content to tmpdir/name with mode; 0 or -1. */
static int
write_file(const char *name, const char *content, mode_t mode)
{
	const char *path = tmppath(name);
	size_t len = strlen(content);
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1)
		return -1;
	if (write(fd, content, len) != (ssize_t)len || fchmod(fd, mode) == -1) {
		close(fd);
		return -1;
	}
	return close(fd);
}

#define BASE_CONF \
	"[server]\nsocket = crm.sock\n" \
	"[database]\nsocket = /run/mysqld/mysqld.sock\nuser = crm\n" \
	"[migrate]\ndir = sql\n"

/* Writes crm.conf = BASE_CONF + extra and loads it. */
static struct conf *
load(const char *extra)
{
	char text[1024];

	snprintf(text, sizeof(text), "%s%s", BASE_CONF, extra);
	if (write_file("crm.conf", text, 0644) == -1) {
		snprintf(err, sizeof(err), "cannot write %s", tmppath("crm.conf"));
		return NULL;
	}
	err[0] = '\0';
	return conf_load(tmppath("crm.conf"), err, sizeof(err));
}

static void
test_load(void)
{
	struct conf *c;
	char want[300];

	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp %s", tmpdir);
		return;
	}

	/* A good secret file. */
	ok(write_file("db.pw", "s3cret-pw\nsecond line\n", 0600) == 0, "write 0600 db.pw");
	c = load("[database]\npassword_file = db.pw\n");
	ok(c != NULL, "config with a 0600 password file loads (%s)", err);
	ok(c != NULL && streq(c->db_password, "s3cret-pw"), "db_password is the first line");
	ok(c != NULL && streq(c->db_password_file, tmppath("db.pw")),
	    "relative password_file resolved against the config's directory");
	ok(c != NULL && streq(c->socket_path, tmppath("crm.sock")) &&
	    streq(c->sql_dir, tmppath("sql")), "relative socket and dir resolved too");
	ok(c != NULL && streq(c->path, tmppath("crm.conf")), "c->path is the file loaded");
	conf_free(c);

	/* Group or other access refused, with the fix in the message. */
	{
		static const mode_t modes[] = { 0640, 0604, 0620, 0602, 0610, 0660, 0644 };
		for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
			ok(write_file("db.pw", "s3cret-pw\n", modes[i]) == 0, "write db.pw mode %04o",
			    (unsigned)modes[i]);
			c = load("[database]\npassword_file = db.pw\n");
			snprintf(want, sizeof(want), "chmod 600 %s", tmppath("db.pw"));
			ok(c == NULL && strstr(err, want) != NULL,
			    "password file mode %04o refused, message says chmod 600 (got \"%s\")",
			    (unsigned)modes[i], err);
			conf_free(c);
		}
	}
	ok(write_file("db.pw", "s3cret-pw\n", 0400) == 0, "write db.pw mode 0400");
	c = load("[database]\npassword_file = db.pw\n");
	ok(c != NULL && streq(c->db_password, "s3cret-pw"), "0400 password file accepted (%s)", err);
	conf_free(c);

	/* No final newline, CRLF. */
	ok(write_file("db.pw", "nonewline", 0600) == 0, "write db.pw without newline");
	c = load("[database]\npassword_file = db.pw\n");
	ok(c != NULL && streq(c->db_password, "nonewline"), "secret without newline read whole");
	conf_free(c);
	ok(write_file("admin.pw", "adminpw\r\n", 0600) == 0, "write admin.pw with CRLF");
	ok(write_file("db.pw", "apppw\n", 0600) == 0, "write db.pw");
	c = load("[database]\npassword_file = db.pw\nadmin_password_file = admin.pw\n");
	ok(c != NULL && streq(c->db_admin_password, "adminpw") && streq(c->db_password, "apppw"),
	    "admin password read, CR stripped (%s)", err);
	conf_free(c);

	/* Empty and missing files. */
	ok(write_file("db.pw", "", 0600) == 0, "write empty db.pw");
	c = load("[database]\npassword_file = db.pw\n");
	ok(c == NULL && strstr(err, "empty") != NULL, "empty secret file refused (got \"%s\")", err);
	conf_free(c);
	ok(write_file("db.pw", "\nsecond line\n", 0600) == 0, "write db.pw with empty first line");
	c = load("[database]\npassword_file = db.pw\n");
	ok(c == NULL && strstr(err, "empty") != NULL, "secret file with empty first line refused");
	conf_free(c);
	c = load("[database]\npassword_file = missing.pw\n");
	ok(c == NULL && strstr(err, tmppath("missing.pw")) != NULL,
	    "missing secret file refused, named (got \"%s\")", err);
	conf_free(c);

	/* Not a regular file; a symlink. */
	ok(mkdir(tmppath("dir.pw"), 0700) == 0, "mkdir dir.pw");
	c = load("[database]\npassword_file = dir.pw\n");
	ok(c == NULL && strstr(err, "not a regular file") != NULL,
	    "directory as secret file refused (got \"%s\")", err);
	conf_free(c);
	ok(write_file("db.pw", "s3cret-pw\n", 0600) == 0 &&
	    symlink(tmppath("db.pw"), tmppath("link.pw")) == 0, "symlink link.pw -> db.pw");
	c = load("[database]\npassword_file = link.pw\n");
	ok(c == NULL, "symlinked secret file refused (got \"%s\")", err);
	conf_free(c);

	/* The keyring is checked the same way. */
	ok(write_file("keyring", "key material\n", 0644) == 0, "write 0644 keyring");
	c = load("[keys]\nkeyring = keyring\n");
	snprintf(want, sizeof(want), "chmod 600 %s", tmppath("keyring"));
	ok(c == NULL && strstr(err, want) != NULL, "0644 keyring refused (got \"%s\")", err);
	conf_free(c);
	ok(write_file("keyring", "key material\n", 0600) == 0, "write 0600 keyring");
	c = load("[keys]\nkeyring = keyring\n");
	ok(c != NULL && streq(c->keyring, tmppath("keyring")), "0600 keyring accepted (%s)", err);
	conf_free(c);
	c = load("[keys]\nkeyring = nokeyring\n");
	ok(c != NULL, "a keyring not created yet is left to crmctl keys init (%s)", err);
	conf_free(c);

	/* The config itself: missing, unparsable, incomplete. */
	err[0] = '\0';
	c = conf_load(tmppath("nosuch.conf"), err, sizeof(err));
	ok(c == NULL && strstr(err, "nosuch.conf") != NULL, "missing config file refused (got \"%s\")", err);
	conf_free(c);
	c = load("[database]\nbogus = 1\n");
	snprintf(want, sizeof(want), "%s:9: unknown key", tmppath("crm.conf"));
	ok(c == NULL && strstr(err, want) != NULL, "config error names path and line (got \"%s\")", err);
	conf_free(c);
	ok(write_file("crm.conf", "[server]\nsocket = crm.sock\n", 0644) == 0, "write incomplete crm.conf");
	err[0] = '\0';
	c = conf_load(tmppath("crm.conf"), err, sizeof(err));
	ok(c == NULL && strstr(err, "name and user are required") != NULL,
	    "incomplete config refused by validation (got \"%s\")", err);
	conf_free(c);

	unlink(tmppath("crm.conf"));
	unlink(tmppath("db.pw"));
	unlink(tmppath("admin.pw"));
	unlink(tmppath("link.pw"));
	unlink(tmppath("keyring"));
	rmdir(tmppath("dir.pw"));
	ok(rmdir(tmpdir) == 0, "temporary directory cleaned up");
}

int
main(void)
{
	test_full_file();
	test_good_lines();
	test_bad_lines();
	test_validate();
	test_load();
	return tap_done();
}
