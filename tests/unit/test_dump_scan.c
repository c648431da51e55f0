/* test_dump_scan.c: tests the dump scanner (dump_scan.h) on a dump shaped
 * like mariadb-dump's output with the backup's options: rows and SHA-256
 * per table against an independent SHA-256 of the INSERT lines, the same
 * figures in every chunking (whole, byte by byte, fixed sizes around the
 * scanner's line head, random cuts), a line over 1 MB hashed whole, an
 * empty table, the binary log position, the completed flag, and each
 * refusal (INSERT outside its data section, too many tables, a table name
 * too long). */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "dump_scan.h"
#include "tap.h"

/* A growing text. */
struct text {
	char *p;
	size_t len, cap;
};

static void
add_n(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		if ((t->p = realloc(t->p, t->cap)) == NULL)
			abort();
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void
add(struct text *t, const char *s)
{
	add_n(t, s, strlen(s));
}

/* What a scan found, copied out of the scanner. */
struct result {
	int rc;
	char error[160];
	size_t ntables;
	struct dump_table tables[DUMP_TABLES_MAX];
	char binlog_file[DUMP_NAME_MAX + 1];
	unsigned long long binlog_pos;
	bool completed;
};

/* Scans p[0..len) fed in pieces: cuts[] are the sizes of the pieces in
 * turn (the last one repeats; 0 means the rest at once). */
static void
scan(const char *p, size_t len, const size_t *cuts, size_t ncuts, struct result *r)
{
	struct dump_scan *s = dump_scan_new();
	const struct dump_table *t;
	size_t off = 0, k = 0;

	if (s == NULL)
		abort();
	memset(r, 0, sizeof(*r));
	r->rc = 0;
	while (off < len && r->rc == 0) {
		size_t step = cuts[k < ncuts ? k : ncuts - 1];
		if (step == 0 || step > len - off)
			step = len - off;
		r->rc = dump_scan_feed(s, p + off, step);
		off += step;
		k++;
	}
	if (r->rc == 0)
		r->rc = dump_scan_finish(s);
	snprintf(r->error, sizeof(r->error), "%s", dump_scan_error(s));
	t = dump_scan_tables(s, &r->ntables);
	memcpy(r->tables, t, r->ntables * sizeof(*t));
	snprintf(r->binlog_file, sizeof(r->binlog_file), "%s", dump_scan_binlog_file(s));
	r->binlog_pos = dump_scan_binlog_pos(s);
	r->completed = dump_scan_completed(s);
	dump_scan_free(s);
}

static void
scan_whole(const char *p, size_t len, struct result *r)
{
	static const size_t whole[] = { 0 };

	scan(p, len, whole, 1, r);
}

static bool
same_result(const struct result *a, const struct result *b)
{
	if (a->rc != b->rc || strcmp(a->error, b->error) != 0 || a->ntables != b->ntables ||
	    strcmp(a->binlog_file, b->binlog_file) != 0 || a->binlog_pos != b->binlog_pos ||
	    a->completed != b->completed)
		return false;
	for (size_t i = 0; i < a->ntables; i++)
		if (strcmp(a->tables[i].name, b->tables[i].name) != 0 || a->tables[i].rows != b->tables[i].rows ||
		    memcmp(a->tables[i].sha256, b->tables[i].sha256, 32) != 0)
			return false;
	return true;
}

/* SHA-256 of the lines, each followed by "\n", computed here. */
static void
sha_lines(const char *const *lines, unsigned char out[32])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned len = 0;

	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		abort();
	for (size_t i = 0; lines[i] != NULL; i++)
		if (EVP_DigestUpdate(md, lines[i], strlen(lines[i])) != 1 || EVP_DigestUpdate(md, "\n", 1) != 1)
			abort();
	if (EVP_DigestFinal_ex(md, out, &len) != 1)
		abort();
	EVP_MD_CTX_free(md);
}

/* The sample database: each table's rows as mariadb-dump writes them
 * with --skip-extended-insert --hex-blob --order-by-primary. */
static const char *const rows_contacts[] = {
	"INSERT INTO `contacts` VALUES (1,1,0x0a1b2c3d4e5f,'2026-11-29 10:00:00',NULL);",
	"INSERT INTO `contacts` VALUES (2,1,0x00ff00ff,'2026-11-29 10:05:00','2026-11-29 11:00:00');",
	"INSERT INTO `contacts` VALUES (3,2,0x,'2026-11-29 10:06:00',NULL);",
	NULL,
};
static const char *const rows_rbac_generation[] = {
	"INSERT INTO `rbac_generation` VALUES (1,42);",
	NULL,
};
static const char *const rows_roles[] = {
	"INSERT INTO `roles` VALUES (1,'admin','Administrator');",
	"INSERT INTO `roles` VALUES (2,'sales','Sales \\'team\\'\\nsecond line');",
	NULL,
};
static const char *const rows_temp_grants[] = { NULL };

struct sample_table {
	const char *name;
	const char *const *rows;
	bool trigger;
};

static const struct sample_table sample[] = {
	{ "contacts", rows_contacts, false },
	{ "rbac_generation", rows_rbac_generation, false },
	{ "roles", rows_roles, true },
	{ "temp_grants", rows_temp_grants, false },
};
#define NSAMPLE (sizeof(sample) / sizeof(sample[0]))

static const char dump_head[] =
	"/*M!999999\\- enable the sandbox mode */ \n"
	"-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)\n"
	"--\n"
	"-- Host: localhost    Database: crm\n"
	"-- ------------------------------------------------------\n"
	"-- Server version\t10.11.6-MariaDB-0+deb12u1-log\n"
	"\n"
	"/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
	"/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;\n"
	"/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;\n"
	"/*!40101 SET NAMES utf8mb4 */;\n"
	"/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n"
	"/*!40103 SET TIME_ZONE='+00:00' */;\n"
	"/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n"
	"/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
	"/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
	"/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n"
	"\n"
	"--\n"
	"-- Position to start replication or point-in-time recovery from\n"
	"--\n"
	"\n"
	"-- CHANGE MASTER TO MASTER_LOG_FILE='mariadb-bin.000003', MASTER_LOG_POS=5247852;\n"
	"\n";

static const char dump_tail[] =
	"/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n"
	"\n"
	"/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n"
	"/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n"
	"/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n"
	"/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n"
	"/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;\n"
	"/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;\n"
	"/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n"
	"\n";

/* One table's structure, data section and triggers, as mariadb-dump. */
static void
add_table(struct text *d, const char *name, const char *const *rows, bool trigger)
{
	char line[2048];

	snprintf(line, sizeof(line), "--\n-- Table structure for table `%s`\n--\n\n"
	    "DROP TABLE IF EXISTS `%s`;\n"
	    "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n"
	    "/*!40101 SET character_set_client = utf8 */;\n"
	    "CREATE TABLE `%s` (\n"
	    "  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n"
	    "  `body` varbinary(512) DEFAULT NULL,\n"
	    "  PRIMARY KEY (`id`)\n"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci `ENCRYPTED`=YES;\n"
	    "/*!40101 SET character_set_client = @saved_cs_client */;\n\n", name, name, name);
	add(d, line);
	snprintf(line, sizeof(line), "--\n-- Dumping data for table `%s`\n--\n-- ORDER BY:  `id`\n\n"
	    "LOCK TABLES `%s` WRITE;\n/*!40000 ALTER TABLE `%s` DISABLE KEYS */;\n"
	    "set autocommit=0;\n", name, name, name);
	add(d, line);
	for (size_t i = 0; rows[i] != NULL; i++) {
		add(d, rows[i]);
		add(d, "\n");
	}
	snprintf(line, sizeof(line), "/*!40000 ALTER TABLE `%s` ENABLE KEYS */;\nUNLOCK TABLES;\ncommit;\n", name);
	add(d, line);
	if (!trigger)
		return;
	snprintf(line, sizeof(line),
	    "/*!50003 SET @saved_cs_client      = @@character_set_client */ ;\n"
	    "/*!50003 SET character_set_client  = utf8mb4 */ ;\n"
	    "/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;\n"
	    "/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,"
	    "NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION' */ ;\n"
	    "DELIMITER ;;\n"
	    "/*!50003 CREATE*/ /*!50017 DEFINER=`crm_migrate`@`localhost`*/ /*!50003 TRIGGER "
	    "%s_insert_rbac AFTER INSERT ON %s FOR EACH ROW\n"
	    "  UPDATE rbac_generation SET n = n + 1 WHERE id = 1 */;;\n"
	    "DELIMITER ;\n"
	    "/*!50003 SET sql_mode              = @saved_sql_mode */ ;\n"
	    "/*!50003 SET character_set_client  = @saved_cs_client */ ;\n", name, name);
	add(d, line);
}

static void
sample_dump(struct text *d, bool completed)
{
	add(d, dump_head);
	for (size_t i = 0; i < NSAMPLE; i++)
		add_table(d, sample[i].name, sample[i].rows, sample[i].trigger);
	add(d, dump_tail);
	if (completed)
		add(d, "-- Dump completed on 2026-11-29 15:45:03\n");
}

static bool
matches_sample(const struct result *r)
{
	unsigned char want[32];
	size_t n;

	if (r->rc != 0 || r->ntables != NSAMPLE || strcmp(r->binlog_file, "mariadb-bin.000003") != 0 ||
	    r->binlog_pos != 5247852 || !r->completed)
		return false;
	for (size_t i = 0; i < NSAMPLE; i++) {
		for (n = 0; sample[i].rows[n] != NULL; n++)
			;
		sha_lines(sample[i].rows, want);
		if (strcmp(r->tables[i].name, sample[i].name) != 0 || r->tables[i].rows != n ||
		    memcmp(r->tables[i].sha256, want, 32) != 0)
			return false;
	}
	return true;
}

static void
test_sample(void)
{
	static const size_t one[] = { 1 }, sizes[] = { 2, 3, 7, 64, 255, 256, 257, 4096 };
	static const unsigned char empty_sha[32] = {
		0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
		0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
	};
	struct text d = { 0 };
	struct result *whole = malloc(sizeof(*whole)), *r = malloc(sizeof(*r));
	bool all = true;
	size_t cuts[64];

	if (whole == NULL || r == NULL)
		abort();
	sample_dump(&d, true);
	scan_whole(d.p, d.len, whole);
	ok(matches_sample(whole), "whole: 4 tables, rows and SHA-256 of their INSERT lines, binlog "
	    "mariadb-bin.000003:5247852, completed (%s)", whole->error);
	ok(whole->tables[3].rows == 0 && memcmp(whole->tables[3].sha256, empty_sha, 32) == 0,
	    "an empty table: 0 rows, the SHA-256 of nothing");
	scan(d.p, d.len, one, 1, r);
	ok(same_result(whole, r), "byte by byte: the same figures");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		scan(d.p, d.len, &sizes[i], 1, r);
		all = all && same_result(whole, r);
	}
	ok(all, "pieces of 2, 3, 7, 64, 255, 256, 257 and 4096 bytes: the same figures");
	srand(20261129);
	all = true;
	for (int round = 0; round < 200; round++) {
		size_t n = 1 + (size_t)rand() % 63;
		for (size_t k = 0; k < n; k++)
			cuts[k] = 1 + (size_t)rand() % (round % 2 ? 40 : 700);
		scan(d.p, d.len, cuts, n, r);
		all = all && same_result(whole, r);
	}
	ok(all, "200 random cuttings: the same figures");
	free(d.p);
	free(whole);
	free(r);
}

/* One INSERT line of about len bytes for table t. */
static char *
insert_of(const char *t, size_t len, char fill)
{
	char *s = malloc(len + 64);
	int o;

	if (s == NULL)
		abort();
	o = snprintf(s, len + 64, "INSERT INTO `%s` VALUES (1,0x", t);
	memset(s + o, fill, len > (size_t)o + 2 ? len - (size_t)o - 2 : 0);
	strcpy(s + (len > (size_t)o + 2 ? len - 2 : (size_t)o), ");");
	return s;
}

static void
test_long_lines(void)
{
	static const size_t one[] = { 1 }, big[] = { 65536 }, odd[] = { 7777 };
	static const size_t lens[] = { 254, 255, 256, 257, 258, 511, 3 * 1024 * 1024 + 17 };
	struct result *w = malloc(sizeof(*w)), *r = malloc(sizeof(*r));

	if (w == NULL || r == NULL)
		abort();
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct text d = { 0 };
		char *row = insert_of("notes", lens[i], 'a');
		const char *rows[] = { row, "INSERT INTO `notes` VALUES (2,0x00);", NULL };
		unsigned char want[32];
		bool same;

		add(&d, "-- Dumping data for table `notes`\n");
		add(&d, row);
		add(&d, "\nINSERT INTO `notes` VALUES (2,0x00);\n-- Dump completed\n");
		sha_lines(rows, want);
		scan_whole(d.p, d.len, w);
		ok(w->rc == 0 && w->ntables == 1 && w->tables[0].rows == 2 &&
		    memcmp(w->tables[0].sha256, want, 32) == 0 && w->completed,
		    "a %zu-byte INSERT line is counted and hashed whole", strlen(row));
		scan(d.p, d.len, lens[i] > 100000 ? big : one, 1, r);
		same = same_result(w, r);
		scan(d.p, d.len, odd, 1, r);
		ok(same && same_result(w, r), "... the same figures fed in pieces");
		free(row);
		free(d.p);
	}
	free(w);
	free(r);
}

/* A table section with one row, for the limits below. */
static void
add_section(struct text *d, const char *name)
{
	char line[256];

	snprintf(line, sizeof(line), "-- Dumping data for table `%s`\nINSERT INTO `%s` VALUES (1);\n", name, name);
	add(d, line);
}

static void
test_limits(void)
{
	struct result *r = malloc(sizeof(*r));
	struct text d = { 0 };
	char name[DUMP_NAME_MAX + 2];

	if (r == NULL)
		abort();
	for (int i = 0; i < DUMP_TABLES_MAX; i++) {
		snprintf(name, sizeof(name), "t%03d", i);
		add_section(&d, name);
	}
	scan_whole(d.p, d.len, r);
	ok(r->rc == 0 && r->ntables == DUMP_TABLES_MAX && r->tables[DUMP_TABLES_MAX - 1].rows == 1,
	    "%d tables are measured", DUMP_TABLES_MAX);
	add_section(&d, "one_more");
	scan_whole(d.p, d.len, r);
	ok(r->rc == -1 && strstr(r->error, "more tables") != NULL, "%d tables are refused: %s",
	    DUMP_TABLES_MAX + 1, r->error);
	free(d.p);

	memset(name, 'n', DUMP_NAME_MAX);
	name[DUMP_NAME_MAX] = '\0';
	d = (struct text){ 0 };
	add_section(&d, name);
	scan_whole(d.p, d.len, r);
	ok(r->rc == 0 && r->ntables == 1 && strcmp(r->tables[0].name, name) == 0 && r->tables[0].rows == 1,
	    "a table name of %d bytes is measured", DUMP_NAME_MAX);
	free(d.p);
	name[DUMP_NAME_MAX] = 'n';
	name[DUMP_NAME_MAX + 1] = '\0';
	d = (struct text){ 0 };
	add_section(&d, name);
	scan_whole(d.p, d.len, r);
	ok(r->rc == -1 && strstr(r->error, "too long") != NULL, "a table name of %d bytes is refused: %s",
	    DUMP_NAME_MAX + 1, r->error);
	free(d.p);
	free(r);
}

struct case_ {
	const char *name;
	const char *in;
	int rc;
	const char *error;	/* a part of the error, or NULL */
	bool completed;
	unsigned long long rows;	/* of the first table */
};

static const struct case_ cases[] = {
	{ "no \"-- Dump completed\": not completed",
	  "-- Dumping data for table `t`\nINSERT INTO `t` VALUES (1);\n", 0, NULL, false, 1 },
	{ "\"-- Dump completed\" then blank lines: completed",
	  "-- Dumping data for table `t`\n-- Dump completed\n\n\n", 0, NULL, true, 0 },
	{ "\"-- Dump completed\" not at the end: not completed",
	  "-- Dumping data for table `t`\n-- Dump completed\nINSERT INTO `t` VALUES (1);\n", 0, NULL, false, 1 },
	{ "an INSERT before any data section is refused",
	  "INSERT INTO `t` VALUES (1);\n-- Dumping data for table `t`\n", -1, "outside", false, 0 },
	{ "an INSERT of another table in a data section is refused",
	  "-- Dumping data for table `t`\nINSERT INTO `u` VALUES (1);\n", -1, "outside", false, 0 },
	{ "an INSERT of an earlier table is refused",
	  "-- Dumping data for table `t`\n-- Dumping data for table `u`\nINSERT INTO `t` VALUES (1);\n",
	  -1, "outside", false, 0 },
	{ "an unterminated INSERT outside is refused at the end",
	  "-- Dumping data for table `t`\nINSERT INTO `u` VALUES (1);", -1, "outside", false, 0 },
	{ "an empty table name is refused",
	  "-- Dumping data for table ``\n", -1, "malformed", false, 0 },
	{ "a table name with a backtick is refused",
	  "-- Dumping data for table `a``b`\n", -1, "malformed", false, 0 },
	{ "an unterminated table name is refused",
	  "-- Dumping data for table `t\n", -1, "malformed", false, 0 },
	{ "an unterminated last INSERT counts",
	  "-- Dumping data for table `t`\nINSERT INTO `t` VALUES (1);", 0, NULL, false, 1 },
	{ "an unterminated \"-- Dump completed\" counts",
	  "-- Dumping data for table `t`\n-- Dump completed", 0, NULL, true, 0 },
	{ "other statements of a data section are not rows",
	  "-- Dumping data for table `t`\nLOCK TABLES `t` WRITE;\nINSERT IGNORE INTO `t` VALUES (1);\n"
	  "REPLACE INTO `t` VALUES (1);\n", 0, NULL, false, 0 },
};

static void
test_cases(void)
{
	struct result *r = malloc(sizeof(*r)), *b = malloc(sizeof(*b));
	static const size_t one[] = { 1 };

	if (r == NULL || b == NULL)
		abort();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct case_ *c = &cases[i];
		scan_whole(c->in, strlen(c->in), r);
		scan(c->in, strlen(c->in), one, 1, b);
		ok(r->rc == c->rc && (c->error == NULL ? r->error[0] == '\0' : strstr(r->error, c->error) != NULL) &&
		    r->completed == c->completed && (c->rc == -1 || (r->ntables >= 1 && r->tables[0].rows == c->rows)) &&
		    same_result(r, b), "%s%s%s", c->name, r->error[0] ? ": " : "", r->error);
	}
	free(r);
	free(b);
}

/* A failed scanner stays failed, and the unterminated row's hash ends
 * with the "\n" a terminated one has. */
static void
test_state(void)
{
	struct dump_scan *s = dump_scan_new(), *u = dump_scan_new();
	const struct dump_table *a, *b;
	size_t n, m;
	static const char bad[] = "INSERT INTO `x` VALUES (1);\n";
	static const char good[] = "-- Dumping data for table `x`\n";
	static const char row[] = "INSERT INTO `x` VALUES (1);";

	if (s == NULL || u == NULL)
		abort();
	ok(dump_scan_feed(s, bad, sizeof(bad) - 1) == -1 && dump_scan_feed(s, good, sizeof(good) - 1) == -1 &&
	    dump_scan_finish(s) == -1 && strstr(dump_scan_error(s), "outside") != NULL,
	    "after an error, feed and finish keep failing with the first reason");
	dump_scan_free(s);
	s = dump_scan_new();
	ok(dump_scan_feed(s, good, sizeof(good) - 1) == 0 && dump_scan_feed(s, row, sizeof(row) - 1) == 0 &&
	    dump_scan_finish(s) == 0 && dump_scan_feed(u, good, sizeof(good) - 1) == 0 &&
	    dump_scan_feed(u, row, sizeof(row) - 1) == 0 && dump_scan_feed(u, "\n", 1) == 0 &&
	    dump_scan_finish(u) == 0, "the same row, unterminated and terminated");
	a = dump_scan_tables(s, &n);
	b = dump_scan_tables(u, &m);
	ok(n == 1 && m == 1 && a[0].rows == 1 && memcmp(a[0].sha256, b[0].sha256, 32) == 0,
	    "... give the same rows and SHA-256");
	ok(dump_scan_binlog_file(s)[0] == '\0' && dump_scan_binlog_pos(s) == 0,
	    "a dump without the binary log comment: no file, position 0");
	dump_scan_free(s);
	dump_scan_free(u);
	dump_scan_free(NULL);
}

int
main(void)
{
	test_sample();
	test_long_lines();
	test_limits();
	test_cases();
	test_state();
	return tap_done();
}
