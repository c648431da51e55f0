/* audit_grants.c: owns reading MariaDB's SHOW GRANTS lines, so crm-fcgi
 * (master, every worker connection, -n) and crmctl check refuse to run
 * with an application account that could rewrite the audit trail:
 *     GRANT priv [(cols)], ... ON object TO account [WITH GRANT OPTION]
 * object is *.*, `db`.* (db may be a LIKE pattern) or `db`.`table`, each
 * name backquoted with `` for a backquote inside it. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "audit_grants.h"
#include "conf.h"
#include "log.h"
#include "stmt.h"

#define AUDIT_TABLE "audit_log"

static const char *const forbidden[] = {
	"UPDATE", "DELETE", "DROP", "ALTER", "ALL", "ALL PRIVILEGES"
};

/* Finds word (" ON ", " TO ") in s at bracket depth 0 outside quotes;
 * returns its position or NULL. */
static const char *
find_top(const char *s, const char *word)
{
	size_t wl = strlen(word);
	int depth = 0;
	char q = 0;

	for (const char *p = s; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '`' || *p == '\'' || *p == '"')
			q = *p;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (depth == 0 && strncasecmp(p, word, wl) == 0)
			return p;
	}
	return NULL;
}

/* Reads one identifier (backquoted, or up to '.' / space, or "*") from
 * *p into out; returns 0 or -1. */
static int
read_ident(const char **p, char *out, size_t outsz)
{
	const char *s = *p;
	size_t o = 0;

	if (*s == '`') {
		for (s++; *s; s++) {
			if (*s == '`' && s[1] == '`')
				s++;
			else if (*s == '`')
				break;
			if (o + 1 < outsz)
				out[o++] = *s;
		}
		if (*s != '`')
			return -1;
		s++;
	} else
		while (*s && *s != '.' && !isspace((unsigned char)*s) && o + 1 < outsz)
			out[o++] = *s++;
	out[o] = '\0';
	*p = s;
	return o ? 0 : -1;
}

/* SQL LIKE with % _ and \ escapes, as database names in grants use. */
static bool
like(const char *pat, const char *s)
{
	for (; *pat; pat++, s++) {
		if (*pat == '%') {
			for (;; s++) {
				if (like(pat + 1, s))
					return true;
				if (!*s)
					return false;
			}
		}
		if (*pat == '\\' && pat[1])
			pat++;
		else if (*pat == '_') {
			if (!*s)
				return false;
			continue;
		}
		if (*s != *pat)
			return false;
	}
	return *s == '\0';
}

/* Whether the object text (after ON) covers audit_log of dbname. */
static bool
covers_audit(const char *obj, const char *dbname)
{
	char db[256], tbl[256];

	while (isspace((unsigned char)*obj))
		obj++;
	if (strncasecmp(obj, "PROCEDURE ", 10) == 0 || strncasecmp(obj, "FUNCTION ", 9) == 0 ||
	    strncasecmp(obj, "PACKAGE", 7) == 0)
		return false;
	if (read_ident(&obj, db, sizeof(db)) == -1)
		return false;
	if (*obj != '.')	/* "ON tbl": the current database */
		return strcmp(db, "*") == 0 || strcmp(db, AUDIT_TABLE) == 0;
	obj++;
	if (read_ident(&obj, tbl, sizeof(tbl)) == -1)
		return false;
	if (strcmp(db, "*") == 0)
		return true;
	if (strcmp(tbl, "*") == 0)
		return like(db, dbname);
	return strcmp(db, dbname) == 0 && strcmp(tbl, AUDIT_TABLE) == 0;
}

/* Normalises one privilege item (drops a column list, upper-cases,
 * single spaces) into out. */
static void
privilege_name(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	bool space = false;

	for (size_t i = 0; i < n && s[i] != '(' && o + 1 < outsz; i++) {
		if (isspace((unsigned char)s[i])) {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < outsz)
			out[o++] = ' ';
		space = false;
		out[o++] = (char)toupper((unsigned char)s[i]);
	}
	out[o] = '\0';
}

static bool
is_forbidden(const char *priv)
{
	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
		if (strcmp(priv, forbidden[i]) == 0)
			return true;
	return false;
}

bool
audit_grant_forbidden(const char *line, const char *dbname, char *why, size_t whysz)
{
	const char *on, *to, *p, *obj;
	int depth = 0;

	if (strncasecmp(line, "GRANT ", 6) != 0 || (on = find_top(line + 6, " ON ")) == NULL)
		return false;	/* not a privilege grant (a role, PROXY ...) */
	obj = on + 4;
	if (!covers_audit(obj, dbname))
		return false;
	to = find_top(obj, " TO ");
	for (p = line + 6; p <= on; p++) {
		const char *start = p;
		char priv[64];
		for (; p < on && (*p != ',' || depth > 0); p++)
			depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
		privilege_name(start, (size_t)(p - start), priv, sizeof(priv));
		if (is_forbidden(priv)) {
			snprintf(why, whysz, "%s on %.*s", priv,
			    (int)(to ? (size_t)(to - obj) : strlen(obj)), obj);
			return true;
		}
	}
	return false;
}

int
audit_grants_check(struct db *db, struct arena *a, const char *dbname, char *err,
    size_t errsz)
{
	struct audit_grants_show_out rows;
	char why[256];

	if (stmt_audit_grants_show(db, a, &(struct audit_grants_show_in){ 0 }, &rows) != DB_OK) {
		snprintf(err, errsz, "cannot read the application account's grants "
		    "(SHOW GRANTS FOR CURRENT_USER() failed)");
		return -2;
	}
	for (size_t i = 0; i < rows.n; i++) {
		const char *line = rows.rows[i].line;
		if (line != NULL && audit_grant_forbidden(line, dbname, why, sizeof(why))) {
			snprintf(err, errsz, "the application's database account holds %s: audit "
			    "records must be append-only; revoke it (REVOKE ... ON `%s`.`audit_log` "
			    "or the database-wide grant) and grant per table as sql/ does", why, dbname);
			return -1;
		}
	}
	return 0;
}

int
audit_grants_connect_hook(struct db *db, void *arg)
{
	const struct conf *c = arg;
	struct arena a;
	char err[512];
	int rc;

	arena_init(&a);
	rc = audit_grants_check(db, &a, c->db_name, err, sizeof(err));
	arena_reset(&a);
	if (rc == -1) {
		crm_err("refusing to use the database: %s", err);
		return -1;
	}
	return 0;	/* -2: the connection broke; the caller finds out itself */
}

int
audit_grants_startup(const struct conf *c, char *err, size_t errsz)
{
	struct db *db = db_new(c, false);
	struct arena a;
	int rc = -2;

	arena_init(&a);
	if (db_ensure(db) == -1)
		snprintf(err, errsz, "cannot connect to the database as %s to check its grants",
		    c->db_user);
	else
		rc = audit_grants_check(db, &a, c->db_name, err, errsz);
	arena_reset(&a);
	db_free(db);
	return rc;
}
