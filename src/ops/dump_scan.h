/* dump_scan.h: reads mariadb-dump output as it streams by and measures
 * it: for every table, the number of rows and a SHA-256 over its INSERT
 * statements (the dump runs with --skip-extended-insert, --order-by-
 * primary and --hex-blob, so each row is one line, in key order, and the
 * same data always gives the same bytes), and the binary log position
 * the dump's snapshot corresponds to (--master-data=2 writes it as a
 * comment). A backup's manifest keeps these figures; dumping a restored
 * copy and comparing them proves the copy holds exactly the backed-up
 * data, table by table. Lines may be of any length; memory is bounded. */
#ifndef CRM_DUMP_SCAN_H
#define CRM_DUMP_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#define DUMP_TABLES_MAX 256
#define DUMP_NAME_MAX 64

struct dump_table {
	char name[DUMP_NAME_MAX + 1];
	unsigned long long rows;
	unsigned char sha256[32];
};

struct dump_scan;

struct dump_scan *dump_scan_new(void);
void dump_scan_free(struct dump_scan *s);

/* Feeds the next n bytes of the dump. 0, or -1 when the dump is not one
 * this scanner can measure (a table name too long, too many tables, an
 * INSERT for a table whose data section did not start): the reason is in
 * dump_scan_error. */
int dump_scan_feed(struct dump_scan *s, const char *buf, size_t n);

/* Ends the scan (an unterminated last line counts). 0 or -1. */
int dump_scan_finish(struct dump_scan *s);

const char *dump_scan_error(const struct dump_scan *s);

/* After dump_scan_finish: the tables in dump order, their count; and the
 * binary log coordinates (file "" when the dump had none). */
const struct dump_table *dump_scan_tables(const struct dump_scan *s, size_t *n);
const char *dump_scan_binlog_file(const struct dump_scan *s);
unsigned long long dump_scan_binlog_pos(const struct dump_scan *s);
/* Whether the dump ended with mariadb-dump's "-- Dump completed" line. */
bool dump_scan_completed(const struct dump_scan *s);

#endif
