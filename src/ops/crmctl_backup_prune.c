/* crmctl_backup_prune.c: owns "crmctl backup prune [--dry-run]":
 * retention of the backups in [backup] dir. backup_retention.c decides
 * which directories go (the rule is in backup_retention.h); this file
 * checks that each holds only what a backup holds (regular files named
 * manifest.txt, manifest.sig or *.crmbk: anything else means someone
 * put it there, so the directory is refused and left whole), removes
 * them, and marks their rows of backups pruned with one audit record of
 * the run (backup.prune), in one transaction on the admin account that
 * is opened before the first file goes: when the database cannot be
 * reached, nothing is removed. Names that are not backup names are never
 * touched; only directories are considered. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "backup_retention.h"
#include "crmctl.h"
#include "db.h"
#include "json.h"
#include "keyring.h"
#include "log.h"
#include "stmt.h"

#define MAX_FILES 64		/* files in one backup directory we accept */
#define DETAIL_NAMES 100	/* names listed in the audit detail, per list */

enum fate { KEEP, REMOVE, REFUSED, REMOVED, FAILED };

struct entry {
	char *name;
	struct backup_verdict v;
	enum fate fate;
	char why[200];		/* for REFUSED and FAILED */
	char *files[MAX_FILES];
	size_t nfiles;
};

struct prune {
	const struct conf *c;
	struct arena *a;
	int dfd;		/* [backup] dir */
	struct entry *e;
	size_t n;
	bool dry_run;
};

/* A file a backup directory may hold (backup-interface: manifest.txt,
 * manifest.sig, crm.sql.crmbk, keyring.crmbk; any *.crmbk for later
 * parts). */
static bool
backup_file_name(const char *name)
{
	size_t len = strlen(name);

	return strcmp(name, "manifest.txt") == 0 || strcmp(name, "manifest.sig") == 0 ||
	    (len > 6 && name[0] != '.' && strcmp(name + len - 6, ".crmbk") == 0);
}

/* The directories of [backup] dir into p->e (arena memory). 0 or -1
 * (printed). */
static int
list_dirs(struct prune *p)
{
	size_t cap = 0;
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int fd = dup(p->dfd);

	if (fd == -1 || (dir = fdopendir(fd)) == NULL) {
		fprintf(stderr, "crmctl: cannot read %s: %s\n", p->c->backup_dir, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (fstatat(p->dfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(st.st_mode)) {
			if (backup_name_time(d->d_name, &(time_t){ 0 }) == 0)
				printf("%-12s %s  not a directory: left alone\n", "skip", d->d_name);
			continue;
		}
		if (p->n == cap) {
			struct entry *grown = arena_alloc(p->a, (cap = cap ? cap * 2 : 64) * sizeof(*grown));
			if (p->n)
				memcpy(grown, p->e, p->n * sizeof(*grown));
			p->e = grown;
		}
		memset(&p->e[p->n], 0, sizeof(p->e[p->n]));
		p->e[p->n++].name = arena_strdup(p->a, d->d_name);
	}
	closedir(dir);
	return 0;
}

/* Newest first (names sort by time); other names after, alphabetically. */
static int
by_name_desc(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	bool ba = !(a->v.keep & BACKUP_KEEP_NOT_A_BACKUP), bb = !(b->v.keep & BACKUP_KEEP_NOT_A_BACKUP);

	if (ba != bb)
		return ba ? -1 : 1;
	return ba ? strcmp(b->name, a->name) : strcmp(a->name, b->name);
}

/* Reads what e's directory holds into e->files; refuses it (e->fate,
 * e->why) when anything there is not a backup file. */
static void
check_contents(struct prune *p, struct entry *e)
{
	int fd = openat(p->dfd, e->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct dirent *d;
	struct stat st;
	char esc[80];
	DIR *dir;

	if (fd == -1 || (dir = fdopendir(fd)) == NULL) {
		snprintf(e->why, sizeof(e->why), "cannot read it: %s", strerror(errno));
		e->fate = REFUSED;
		if (fd != -1)
			close(fd);
		return;
	}
	while (e->fate == REMOVE && (d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		log_escape(esc, sizeof(esc), d->d_name);
		if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(st.st_mode))
			snprintf(e->why, sizeof(e->why), "holds \"%s\", which is not a regular file", esc);
		else if (!backup_file_name(d->d_name))
			snprintf(e->why, sizeof(e->why), "holds \"%s\", which a backup never holds", esc);
		else if (e->nfiles == MAX_FILES)
			snprintf(e->why, sizeof(e->why), "holds more than %d files", MAX_FILES);
		else {
			e->files[e->nfiles++] = arena_strdup(p->a, d->d_name);
			continue;
		}
		e->fate = REFUSED;
	}
	closedir(dir);
}

/* Removes e's files, then the directory. 0, or -1 with e->why set. */
static int
remove_dir(struct prune *p, struct entry *e)
{
	int fd = openat(p->dfd, e->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd == -1) {
		snprintf(e->why, sizeof(e->why), "cannot open it: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < e->nfiles; i++)
		if (unlinkat(fd, e->files[i], 0) == -1) {
			snprintf(e->why, sizeof(e->why), "cannot remove %s: %s; %s", e->files[i],
			    strerror(errno), i ? "partly removed: remove the rest by hand" : "left whole");
			close(fd);
			return -1;
		}
	close(fd);
	if (unlinkat(p->dfd, e->name, AT_REMOVEDIR) == -1) {
		snprintf(e->why, sizeof(e->why), "its files are removed but not the directory: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* A JSON array of the names of entries whose fate is f (at most
 * DETAIL_NAMES), in the arena. */
static const char *
names_json(struct prune *p, enum fate f)
{
	const char *out = "[";
	size_t k = 0;

	for (size_t i = 0; i < p->n && k < DETAIL_NAMES; i++)
		if (p->e[i].fate == f)
			out = arena_printf(p->a, "%s%s%s", out, k++ ? "," : "", json_quote(p->a, p->e[i].name));
	return arena_printf(p->a, "%s]", out);
}

static size_t
count(const struct prune *p, enum fate f)
{
	size_t k = 0;

	for (size_t i = 0; i < p->n; i++)
		k += p->e[i].fate == f;
	return k;
}

/* The run's audit record (backup.prune, object backup/prune). */
static int
audit_run(struct prune *p, struct db *db)
{
	const char *login = getlogin();
	size_t removed = count(p, REMOVED);
	struct json j;

	json_begin(&j, p->a);
	json_raw(&j, "removed", names_json(p, REMOVED));
	json_raw(&j, "refused", names_json(p, REFUSED));
	json_raw(&j, "failed", names_json(p, FAILED));
	json_int(&j, "kept", (long long)count(p, KEEP));
	json_int(&j, "keep_daily", p->c->backup_keep_daily);
	json_int(&j, "keep_weekly", p->c->backup_keep_weekly);
	json_int(&j, "keep_monthly", p->c->backup_keep_monthly);
	json_str(&j, "operator", login ? login : "");
	return crmctl_audit(db, p->a, p->c, AUDIT_BACKUP_PRUNE, "backup", "prune",
	    count(p, FAILED) || count(p, REFUSED) ? AUDIT_FAILURE : AUDIT_SUCCESS,
	    (long long)removed, json_end(&j));
}

/* Removes what was decided, marking each removed backup's row, and
 * audits the run, in one transaction. 0, or -1 when the database failed
 * (printed; once files went, the names to mark by hand are printed). */
static int
remove_all(struct prune *p)
{
	struct db *db;
	int rc = -1;

	/* The audit record needs the key ring: load it before anything goes. */
	if (!keyring_loaded() && crmctl_keyring_load(p->c) == -1) {
		fprintf(stderr, "crmctl: cannot write the audit record without the key ring: nothing removed\n");
		return -1;
	}
	db = db_new(p->c, true);
	if (db_begin(db) != DB_OK) {
		fprintf(stderr, "crmctl: cannot reach the database as the admin account: nothing removed\n");
		goto out;
	}
	for (size_t i = 0; i < p->n; i++) {
		struct entry *e = &p->e[i];
		if (e->fate != REMOVE)
			continue;
		e->fate = remove_dir(p, e) == 0 ? REMOVED : FAILED;
		if (e->fate == REMOVED && stmt_backup_pruned(db, p->a,
		    &(struct backup_pruned_in){ .name = e->name }, NULL) != DB_OK)
			goto fail;
	}
	if (audit_run(p, db) == -1 || db_commit(db) != DB_OK)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
	fprintf(stderr, "crmctl: database error (see the log line above): the backups marked \"removed\" below are"
	    " gone, but backups.pruned_at was not set for them: set it by hand\n");
out:
	db_free(db);
	return rc;
}

static void
report(const struct prune *p, int db_rc)
{
	const char *verb = p->dry_run ? "would remove" : "removed";
	char words[128];

	for (size_t i = 0; i < p->n; i++) {
		const struct entry *e = &p->e[i];
		switch (e->fate) {
		case KEEP:
			printf("%-12s %s  %s%s\n", "keep", e->name, backup_keep_words(e->v.keep, words, sizeof(words)),
			    e->v.keep & BACKUP_KEEP_NOT_A_BACKUP ? ": left alone" : "");
			break;
		case REMOVE:
		case REMOVED:
			printf("%-12s %s\n", e->fate == REMOVE && !p->dry_run ? "not removed" : verb, e->name);
			break;
		case REFUSED:
			printf("%-12s %s  %s: left alone\n", "refuse", e->name, e->why);
			break;
		case FAILED:
			printf("%-12s %s  %s\n", "failed", e->name, e->why);
			break;
		}
	}
	printf("backup prune%s: kept %zu, %s %zu, refused %zu, failed %zu (keep_daily %d, keep_weekly %d,"
	    " keep_monthly %d)\n", p->dry_run ? " --dry-run" : "", count(p, KEEP), verb,
	    count(p, p->dry_run ? REMOVE : REMOVED), count(p, REFUSED), count(p, FAILED),
	    p->c->backup_keep_daily, p->c->backup_keep_weekly, p->c->backup_keep_monthly);
	if (p->dry_run)
		printf("nothing was changed\n");
	else if (db_rc == -1)
		printf("the database was not changed\n");
}

/* Decides, checks and (unless dry_run) removes. Exit status. */
static int
prune(struct prune *p)
{
	const char **names = arena_alloc(p->a, (p->n + 1) * sizeof(*names));
	struct backup_verdict *v = arena_alloc(p->a, (p->n + 1) * sizeof(*v));
	struct backup_retention r = { p->c->backup_keep_daily, p->c->backup_keep_weekly,
	    p->c->backup_keep_monthly };
	int db_rc = 0;

	for (size_t i = 0; i < p->n; i++)
		names[i] = p->e[i].name;
	if (backup_retention_decide(&r, time(NULL), names, p->n, v) == -1) {
		fprintf(stderr, "crmctl: out of memory: nothing removed\n");
		return 1;
	}
	for (size_t i = 0; i < p->n; i++) {
		p->e[i].v = v[i];
		p->e[i].fate = v[i].keep ? KEEP : REMOVE;
	}
	qsort(p->e, p->n, sizeof(*p->e), by_name_desc);
	for (size_t i = 0; i < p->n; i++)
		if (p->e[i].fate == REMOVE)
			check_contents(p, &p->e[i]);
	if (!p->dry_run)
		db_rc = remove_all(p);
	report(p, db_rc);
	return db_rc == -1 || count(p, REFUSED) || count(p, FAILED) ? 1 : 0;
}

int
cmd_backup_prune(struct conf *c, int argc, char *argv[])
{
	struct arena a;
	struct prune p = { .c = c, .a = &a, .dfd = -1 };
	int rc = 1;

	if (argc == 3 && strcmp(argv[2], "--dry-run") == 0)
		p.dry_run = true;
	else if (argc != 2) {
		fprintf(stderr, "usage: crmctl backup prune [--dry-run]\n");
		return 2;
	}
	if (c->backup_dir == NULL) {
		fprintf(stderr, "crmctl: [backup] dir is not set in %s\n", c->path);
		return 1;
	}
	if ((p.dfd = open(c->backup_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "crmctl: cannot open [backup] dir %s: %s\n", c->backup_dir, strerror(errno));
		return 1;
	}
	arena_init(&a);
	if (list_dirs(&p) == 0)
		rc = prune(&p);
	close(p.dfd);
	arena_reset(&a);
	return rc;
}
