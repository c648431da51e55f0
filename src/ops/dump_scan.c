/* dump_scan.c: owns measuring a mariadb-dump stream (dump_scan.h). It
 * keeps the first bytes of each line to classify it (a data section's
 * header, an INSERT of the current table, the binary log comment) and
 * streams INSERT lines into the table's SHA-256 without holding them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "dump_scan.h"

#define HEAD_MAX 256		/* bytes of a line kept to classify it */

struct dump_scan {
	struct dump_table tables[DUMP_TABLES_MAX];
	size_t ntables;
	EVP_MD_CTX *md;			/* the current table's hash */
	long current;			/* index in tables, -1 before the first */
	char head[HEAD_MAX + 1];	/* the current line's first bytes */
	size_t head_len;
	int line_kind;			/* 0 unknown yet, 1 INSERT (hashing), 2 other */
	char insert_prefix[DUMP_NAME_MAX + 32];
	char binlog_file[DUMP_NAME_MAX + 1];
	unsigned long long binlog_pos;
	bool completed, failed;
	char error[160];
};

static int
fail(struct dump_scan *s, const char *msg)
{
	if (!s->failed)
		snprintf(s->error, sizeof(s->error), "%s", msg);
	s->failed = true;
	return -1;
}

struct dump_scan *
dump_scan_new(void)
{
	struct dump_scan *s = calloc(1, sizeof(*s));

	if (s == NULL || (s->md = EVP_MD_CTX_new()) == NULL) {
		free(s);
		return NULL;
	}
	s->current = -1;
	return s;
}

void
dump_scan_free(struct dump_scan *s)
{
	if (s != NULL)
		EVP_MD_CTX_free(s->md);
	free(s);
}

/* Closes the current table's hash into its entry. */
static void
close_table(struct dump_scan *s)
{
	unsigned len = 0;

	if (s->current >= 0)
		EVP_DigestFinal_ex(s->md, s->tables[s->current].sha256, &len);
	s->current = -1;
}

/* "-- Dumping data for table `name`": a new table's data section. */
static int
start_table(struct dump_scan *s, const char *line)
{
	static const char tag[] = "-- Dumping data for table `";
	const char *name = line + sizeof(tag) - 1, *end = strchr(name, '`');
	struct dump_table *t;

	if (end == NULL || end == name || (size_t)(end - name) > DUMP_NAME_MAX || end[1] != '\0')
		return fail(s, "a table name in the dump is malformed or too long");
	if (s->ntables == DUMP_TABLES_MAX)
		return fail(s, "the dump has more tables than a backup can list");
	close_table(s);
	t = &s->tables[s->ntables];
	memset(t, 0, sizeof(*t));
	memcpy(t->name, name, (size_t)(end - name));
	s->current = (long)s->ntables++;
	snprintf(s->insert_prefix, sizeof(s->insert_prefix), "INSERT INTO `%s` VALUES ", t->name);
	return EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) == 1 ? 0 : fail(s, "SHA-256 unavailable");
}

/* "-- CHANGE MASTER TO MASTER_LOG_FILE='f', MASTER_LOG_POS=n;" */
static void
binlog_comment(struct dump_scan *s, const char *line)
{
	const char *f = strstr(line, "MASTER_LOG_FILE='"), *p = strstr(line, "MASTER_LOG_POS=");
	const char *fe;

	if (f == NULL || p == NULL || (fe = strchr(f + 17, '\'')) == NULL ||
	    (size_t)(fe - (f + 17)) > DUMP_NAME_MAX)
		return;
	memcpy(s->binlog_file, f + 17, (size_t)(fe - (f + 17)));
	s->binlog_file[fe - (f + 17)] = '\0';
	s->binlog_pos = strtoull(p + 15, NULL, 10);
}

/* Decides what the line is once its head is known (or the line ended). */
static int
classify(struct dump_scan *s)
{
	size_t plen = strlen(s->insert_prefix);

	s->head[s->head_len] = '\0';
	if (s->current >= 0 && s->head_len >= plen && memcmp(s->head, s->insert_prefix, plen) == 0) {
		s->line_kind = 1;
		s->tables[s->current].rows++;
		return EVP_DigestUpdate(s->md, s->head, s->head_len) == 1 ? 0 : fail(s, "SHA-256 failed");
	}
	if (strncmp(s->head, "INSERT INTO `", 13) == 0)
		return fail(s, "an INSERT outside its table's data section");
	s->line_kind = 2;
	return 0;
}

/* The end of a line: finish classifying short lines and the comments.
 * "completed" holds only while the "-- Dump completed" line is the last
 * line that is not blank: a dump that goes on after one (a trigger or
 * routine body can hold any line) did not end with it. */
static int
end_line(struct dump_scan *s)
{
	if (s->head_len > 0 || s->line_kind != 0)
		s->completed = false;
	if (s->line_kind == 0) {
		s->head[s->head_len] = '\0';
		if (strncmp(s->head, "-- Dumping data for table `", 27) == 0) {
			if (start_table(s, s->head) == -1)
				return -1;
		} else if (strncmp(s->head, "-- CHANGE MASTER TO MASTER_LOG_FILE=", 36) == 0)
			binlog_comment(s, s->head);
		else if (strncmp(s->head, "-- Dump completed", 17) == 0)
			s->completed = true;
		else if (classify(s) == -1)
			return -1;
	}
	if (s->line_kind == 1 && EVP_DigestUpdate(s->md, "\n", 1) != 1)
		return fail(s, "SHA-256 failed");
	s->head_len = 0;
	s->line_kind = 0;
	return 0;
}

int
dump_scan_feed(struct dump_scan *s, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && !s->failed; i++) {
		if (buf[i] == '\n') {
			if (end_line(s) == -1)
				return -1;
			continue;
		}
		if (s->line_kind == 1) {	/* stream the rest of an INSERT */
			size_t j = i;
			while (j < n && buf[j] != '\n')
				j++;
			if (EVP_DigestUpdate(s->md, buf + i, j - i) != 1)
				return fail(s, "SHA-256 failed");
			i = j - 1;
			continue;
		}
		if (s->line_kind == 0 && s->head_len < HEAD_MAX)
			s->head[s->head_len++] = buf[i];
		if (s->line_kind == 0 && s->head_len == HEAD_MAX && classify(s) == -1)
			return -1;
	}
	return s->failed ? -1 : 0;
}

int
dump_scan_finish(struct dump_scan *s)
{
	if (!s->failed && (s->head_len > 0 || s->line_kind != 0) && end_line(s) == -1)
		return -1;
	close_table(s);
	return s->failed ? -1 : 0;
}

const char *dump_scan_error(const struct dump_scan *s) { return s->error; }
const char *dump_scan_binlog_file(const struct dump_scan *s) { return s->binlog_file; }
unsigned long long dump_scan_binlog_pos(const struct dump_scan *s) { return s->binlog_pos; }
bool dump_scan_completed(const struct dump_scan *s) { return s->completed; }

const struct dump_table *
dump_scan_tables(const struct dump_scan *s, size_t *n)
{
	*n = s->ntables;
	return s->tables;
}
