/* crmctl_user.c: owns "crmctl user": the break-glass accounts that sign
 * in when the directory is down. Their passwords live as yescrypt hashes
 * in [auth] local_password_file, read by pam_pwdfile in the crm-local PAM
 * service; their users row (source 'local') carries the roles crmctl
 * gives them, which the sign-in page never recomputes. */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "auth.h"
#include "crmctl.h"
#include "db.h"
#include "json.h"
#include "local_passwd.h"
#include "privdrop.h"
#include "session.h"
#include "stmt.h"

#define GENERATED_LENGTH 24	/* 24 of 54 symbols: about 138 bits */

struct local_args {
	const char *name, *role;
	bool password_stdin;
};

/* Reads one line of at least LOCAL_PASSWORD_MIN characters. */
static int
read_password(char *out, size_t outsz)
{
	size_t n;

	if (fgets(out, (int)outsz, stdin) == NULL)
		return -1;
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	if (n < LOCAL_PASSWORD_MIN || n >= LOCAL_PASSWORD_MAX - 1) {
		fprintf(stderr, "crmctl: the password must have %d to %d characters\n",
		    LOCAL_PASSWORD_MIN, LOCAL_PASSWORD_MAX - 2);
		return -1;
	}
	return 0;
}

/* The users row of name: 0 none, 1 local, 2 directory; -1 error. */
static int
existing(struct db *db, struct arena *a, const char *name, long long *uid)
{
	struct crmctl_user_by_name_out rows;
	const char *src;

	if (stmt_crmctl_user_by_name(db, a, &(struct crmctl_user_by_name_in){ .username = name },
	    &rows) != DB_OK)
		return -1;
	if (rows.n == 0)
		return 0;
	*uid = rows.rows[0].id;
	src = rows.rows[0].source;
	return src != NULL && strcmp(src, "local") == 0 ? 1 : 2;
}

/* Creates (or re-enables) the users row with the role, with its audit
 * record; one transaction. */
static int
record_account(const struct conf *c, struct db *db, struct arena *a, const struct local_args *la)
{
	struct crmctl_user_insert_out ins;
	struct crmctl_user_role_names_out roles;
	long long uid = 0;
	int kind;

	if (db_begin(db) != DB_OK || (kind = existing(db, a, la->name, &uid)) == -1)
		goto fail;
	if (kind == 2) {
		fprintf(stderr, "crmctl: %s is a directory user; choose another name, e.g. breakglass\n", la->name);
		db_rollback(db);
		return -1;
	}
	if (kind == 0) {
		if (stmt_crmctl_user_insert(db, a, &(struct crmctl_user_insert_in){ .username = la->name },
		    &ins) != DB_OK)
			goto fail;
		uid = (long long)ins.insert_id;
	}
	if (stmt_crmctl_user_set_disabled(db, a, &(struct crmctl_user_set_disabled_in){ .disabled = 0,
	    .id = uid }, NULL) != DB_OK)
		goto fail;
	if (stmt_crmctl_user_role_grant(db, a, &(struct crmctl_user_role_grant_in){ .user_id = uid,
	    .role = la->role }, NULL) != DB_OK)
		goto fail;
	if (stmt_crmctl_user_role_names(db, a, &(struct crmctl_user_role_names_in){ .user_id = uid },
	    &roles) != DB_OK || roles.n == 0) {
		fprintf(stderr, "crmctl: there is no role named %s\n", la->role);
		db_rollback(db);
		return -1;
	}
	if (crmctl_audit(db, a, c, AUDIT_LOCAL_USER_ADD, "user", la->name, AUDIT_SUCCESS, 1,
	    arena_printf(a, "{\"role\":%s}", json_quote(a, la->role))) == -1)
		goto fail;
	return db_commit(db) == DB_OK ? 0 : -1;
fail:
	fprintf(stderr, "crmctl: the database refused the change (see the log)\n");
	db_rollback(db);
	return -1;
}

static int
write_hash(const struct conf *c, const char *name, const char *hash, bool *found)
{
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	char err[512];

	if (c->user != NULL && geteuid() == 0 &&
	    privdrop_lookup(c->user, &uid, &gid, err, sizeof(err)) == -1) {
		fprintf(stderr, "crmctl: %s\n", err);
		return -1;
	}
	if (local_passwd_update(c->local_password_file, name, hash, uid, gid, found, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "crmctl: %s\n", err);
		return -1;
	}
	return 0;
}

static int
add_local(const struct conf *c, const struct local_args *la)
{
	char password[LOCAL_PASSWORD_MAX], hash[256];
	struct db *db = db_new(c, true);
	struct arena a;
	bool found;
	int rc = 1;

	arena_init(&a);
	if ((la->password_stdin ? read_password(password, sizeof(password)) :
	    local_passwd_generate(password, sizeof(password), GENERATED_LENGTH)) == -1 ||
	    local_passwd_hash(password, hash, sizeof(hash)) == -1)
		goto out;
	/* The row first: a name clash leaves the password file untouched. */
	if (record_account(c, db, &a, la) == -1 || write_hash(c, la->name, hash, &found) == -1)
		goto out;
	printf("local account %s %s with role %s\n", la->name, found ? "updated" : "created", la->role);
	if (!la->password_stdin)
		printf("password (shown once; keep it in the safe): %s\n", password);
	rc = 0;
out:
	OPENSSL_cleanse(password, sizeof(password));
	arena_reset(&a);
	db_free(db);
	return rc;
}

/* Removes the password line, disables the row and ends its sessions. */
static int
remove_local(const struct conf *c, const char *name)
{
	struct db *db = db_new(c, true);
	struct arena a;
	long long uid = 0;
	bool found;
	int rc = 1, kind;

	arena_init(&a);
	if ((kind = existing(db, &a, name, &uid)) != 1) {
		fprintf(stderr, "crmctl: %s is not a local account\n", name);
		goto out;
	}
	if (write_hash(c, name, NULL, &found) == -1)
		goto out;
	if (db_begin(db) != DB_OK || stmt_crmctl_user_set_disabled(db, &a,
	    &(struct crmctl_user_set_disabled_in){ .disabled = 1, .id = uid }, NULL) != DB_OK ||
	    session_revoke_all(db, &a, uid, NULL) == -1 ||
	    crmctl_audit(db, &a, c, AUDIT_USER_DISABLE, "user", name, AUDIT_SUCCESS, 1,
	    "{\"reason\":\"local account removed\"}") == -1 || db_commit(db) != DB_OK) {
		db_rollback(db);
		goto out;
	}
	printf("local account %s removed: it can no longer sign in\n", name);
	rc = 0;
out:
	arena_reset(&a);
	db_free(db);
	return rc;
}

static int
parse_args(int argc, char *argv[], struct local_args *la)
{
	*la = (struct local_args){ .role = "administrator" };
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--password-stdin") == 0)
			la->password_stdin = true;
		else if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			la->role = argv[++i];
		else if (la->name == NULL && argv[i][0] != '-')
			la->name = argv[i];
		else
			return -1;
	}
	return la->name != NULL ? 0 : -1;
}

int
cmd_user(struct conf *c, int argc, char *argv[])
{
	struct local_args la;

	if (argc < 3 || parse_args(argc, argv, &la) == -1) {
		fprintf(stderr, "usage: crmctl user add-local NAME [--role ROLE] [--password-stdin]\n"
		    "       crmctl user remove-local NAME\n");
		return 2;
	}
	if (c->local_password_file == NULL) {
		fprintf(stderr, "crmctl: [auth] local_password_file is not set in %s\n", c->path);
		return 1;
	}
	if (!auth_username_ok(la.name) || getpwnam(la.name) != NULL) {
		fprintf(stderr, "crmctl: %s is not usable: 1-64 of a-z 0-9 . _ - and not a system account\n",
		    la.name);
		return 1;
	}
	if (strcmp(argv[1], "add-local") == 0)
		return add_local(c, &la);
	if (strcmp(argv[1], "remove-local") == 0 && !la.password_stdin)
		return remove_local(c, la.name);
	fprintf(stderr, "crmctl: unknown user command %s\n", argv[1]);
	return 2;
}
