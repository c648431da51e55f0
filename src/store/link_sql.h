/* link_sql.h: the declared links between records and their statements.
 * A link is a column of one table that points at a record of a kind
 * (contacts.account_id -> accounts). Each link is ONE entry of
 * RECORD_LINKS below; from it the preprocessor makes its statements
 * (counted, unlinked, saved, restored) and record_links.c its
 * descriptor, so deleting a record never leaves a live row pointing at it
 * and restoring it brings the links back (record_links.h says how).
 *
 * An entry: L(X, how, name, table, column, to, label, live[, other,
 * other_table, extra]) with
 *   how     SET_NULL: the column of a record table (id, version,
 *           deleted_at) is set to NULL on unlink and set back on restore;
 *           DELETE_ROW: the row of a link table (column, other, extra) is
 *           removed on unlink and inserted again on restore (other: the
 *           column of the other side, other_table its table, extra a
 *           column kept with it, a role);
 *           KEEP: history that stays pointing at the deleted record and
 *           is whole again when it is restored (only counted).
 *   name    the link's name: record_unlinks.link and the audit records.
 *   table, column  where the reference is; to  the kind it points at
 *           (record_kind.h's name: "accounts").
 *   label   msgid of what the linked rows are, shown with their count.
 *   live    the condition (alias t) for a linked row that counts as live:
 *           LINK_LIVE for record tables.
 * X is passed through (the generators' statement macro). For example
 * a link table deal_contacts (deal_id, contact_id, role) whose rows go
 * with a deleted contact, counted while their deal is live:
 *   L(X, DELETE_ROW, deal_contact_role, "deal_contacts", "contact_id",
 *     "contacts", <label>, " AND EXISTS (SELECT 1 FROM deals d"
 *     " WHERE d.id = t.deal_id AND d.deleted_at IS NULL)", "deal_id",
 *     "deals", "role")
 * (<label>: N_ of the label; a new one needs its po/ translation:
 * tests/i18n_check.py reads this file too). A DELETE_ROW link table
 * needs no columns but these three to be filled on restore. Nothing else
 * is written for a link. Statement
 * names: link_<op>_<name>. The texts are static arrays made in
 * sql_statements.c (LINK_SQL_TEXTS), one per statement. */
#ifndef CRM_LINK_SQL_H
#define CRM_LINK_SQL_H

#define LINK_LIVE " AND t.deleted_at IS NULL"

/* The links that exist. Activities (history) stay attached to a deleted
 * record and come back with it; a converted lead keeps naming its deal. */
#define RECORD_LINKS(L, X) \
	L(X, SET_NULL, contact_account, "contacts", "account_id", "accounts", N_("Contacts"), LINK_LIVE) \
	L(X, SET_NULL, deal_account, "deals", "account_id", "accounts", N_("Deals"), LINK_LIVE) \
	L(X, SET_NULL, deal_contact, "deals", "contact_id", "contacts", N_("Deals"), LINK_LIVE) \
	L(X, KEEP, lead_deal, "leads", "converted_deal_id", "deals", N_("Leads converted into it"), LINK_LIVE) \
	L(X, KEEP, lead_account, "leads", "converted_account_id", "accounts", N_("Leads converted into it"), \
	    LINK_LIVE) \
	L(X, DELETE_ROW, deal_contact_role, "deal_contacts", "contact_id", "contacts", N_("Roles on deals"), \
	    " AND EXISTS (SELECT 1 FROM deals d WHERE d.id = t.deal_id AND d.deleted_at IS NULL)", \
	    "deal_id", "deals", "role") \
	L(X, SET_NULL, account_parent, "accounts", "parent_id", "accounts", N_("Child accounts"), LINK_LIVE) \
	L(X, DELETE_ROW, account_relation, "contact_account_relations", "account_id", "accounts", \
	    N_("Related contacts"), \
	    " AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = t.contact_id AND c.deleted_at IS NULL)", \
	    "contact_id", "contacts", "role") \
	L(X, DELETE_ROW, contact_relation, "contact_account_relations", "contact_id", "contacts", \
	    N_("Further accounts"), \
	    " AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = t.account_id AND a.deleted_at IS NULL)", \
	    "account_id", "accounts", "role") \
	L(X, KEEP, activity_contact, "activities", "contact_id", "contacts", N_("Activities"), LINK_LIVE) \
	L(X, KEEP, activity_account, "activities", "account_id", "accounts", N_("Activities"), LINK_LIVE) \
	L(X, KEEP, activity_deal, "activities", "deal_id", "deals", N_("Activities"), LINK_LIVE) \
	L(X, KEEP, activity_lead, "activities", "lead_id", "leads", N_("Activities"), LINK_LIVE)

/* ---- shapes: one per operation, shared by every link ---- */

/* The live rows linked to the record id. */
#define link_count_IN(X) X(INT, id)
#define link_count_OUT(X) X(INT, n)
/* The rows an unlink takes (locked): SET_NULL their ids, DELETE_ROW
 * their other side's ids. */
#define link_rows_IN(X) X(INT, id)
#define link_rows_OUT(X) X(INT, row_id)
/* Writes what an unlink takes into record_unlinks. */
#define link_save_IN(X) X(TEXT, kind) X(INT, record_id) X(TEXT, link) X(INT, id)
#define link_save_OUT(X)
#define link_unlink_IN(X) X(INT, id)
#define link_unlink_OUT(X)
/* What a restore can put back (locked), and putting it back. */
#define link_restorable_IN(X) X(TEXT, kind) X(INT, record_id) X(TEXT, link)
#define link_restorable_OUT(X) X(INT, row_id)
#define link_restore_IN(X) X(TEXT, kind) X(INT, record_id) X(TEXT, link)
#define link_restore_OUT(X)
/* After a restore: the record's saved unlinks are done with. */
#define link_forget_IN(X) X(TEXT, kind) X(INT, record_id)
#define link_forget_OUT(X)
#define link_forget_SQL "DELETE FROM record_unlinks WHERE kind = ? AND record_id = ?"
/* crmctl purge-deleted: those of records past the restore period. */
#define link_purge_IN(X) X(INT, days)
#define link_purge_OUT(X)
#define link_purge_SQL "DELETE FROM record_unlinks WHERE unlinked_at < UTC_TIMESTAMP() - INTERVAL ? DAY"

/* ---- the statement texts per how ---- */

#define LINK_WHERE_SAVED " WHERE u.kind = ? AND u.record_id = ? AND u.link = ?"
#define LINK_COUNT_SQL(table, column, live) \
	"SELECT COUNT(*) FROM " table " t WHERE t." column " = ?" live

#define LINK_SET_NULL_ROWS_SQL(table, column) \
	"SELECT t.id FROM " table " t WHERE t." column " = ? ORDER BY t.id FOR UPDATE"
#define LINK_SET_NULL_SAVE_SQL(table, column) \
	"INSERT INTO record_unlinks (kind, record_id, link, row_id, extra, unlinked_at)" \
	" SELECT ?, ?, ?, t.id, NULL, UTC_TIMESTAMP() FROM " table " t WHERE t." column " = ?"
#define LINK_SET_NULL_UNLINK_SQL(table, column) \
	"UPDATE " table " t SET t." column " = NULL, t.version = t.version + 1 WHERE t." column " = ?"
#define LINK_SET_NULL_RESTORABLE_SQL(table, column) \
	"SELECT u.row_id FROM record_unlinks u JOIN " table " t ON t.id = u.row_id" LINK_WHERE_SAVED \
	" AND t." column " IS NULL ORDER BY u.row_id FOR UPDATE"
#define LINK_SET_NULL_RESTORE_SQL(table, column) \
	"UPDATE " table " t JOIN record_unlinks u ON u.row_id = t.id" \
	" SET t." column " = u.record_id, t.version = t.version + 1" LINK_WHERE_SAVED " AND t." column " IS NULL"

#define LINK_DELETE_ROW_ROWS_SQL(table, column, other) \
	"SELECT t." other " FROM " table " t WHERE t." column " = ? ORDER BY t." other " FOR UPDATE"
#define LINK_DELETE_ROW_SAVE_SQL(table, column, other, extra) \
	"INSERT INTO record_unlinks (kind, record_id, link, row_id, extra, unlinked_at)" \
	" SELECT ?, ?, ?, t." other ", t." extra ", UTC_TIMESTAMP() FROM " table " t WHERE t." column " = ?"
#define LINK_DELETE_ROW_UNLINK_SQL(table, column) \
	"DELETE FROM " table " WHERE " column " = ?"
#define LINK_DELETE_ROW_ABSENT(table, column, other) \
	" AND NOT EXISTS (SELECT 1 FROM " table " t WHERE t." column " = u.record_id AND t." other " = u.row_id)"
#define LINK_DELETE_ROW_RESTORABLE_SQL(table, column, other, other_table) \
	"SELECT u.row_id FROM record_unlinks u JOIN " other_table " o ON o.id = u.row_id" LINK_WHERE_SAVED \
	LINK_DELETE_ROW_ABSENT(table, column, other) " ORDER BY u.row_id FOR UPDATE"
#define LINK_DELETE_ROW_RESTORE_SQL(table, column, other, other_table, extra) \
	"INSERT INTO " table " (" column ", " other ", " extra ") SELECT u.record_id, u.row_id, u.extra" \
	" FROM record_unlinks u JOIN " other_table " o ON o.id = u.row_id" LINK_WHERE_SAVED \
	LINK_DELETE_ROW_ABSENT(table, column, other)

/* The texts as static arrays named as the generator expects them
 * (<statement>_SQL): expanded once, in sql_statements.c. */
#define LINK_TEXT(name, text) static const char name##_SQL[] = text;
#define LINK_FIRST(...) LINK_FIRST_(__VA_ARGS__, _)
#define LINK_FIRST_(a, ...) a
#define LINK_TEXTS_ENTRY(X, how, name, table, column, to, label, ...) \
	LINK_TEXT(link_count_##name, LINK_COUNT_SQL(table, column, LINK_FIRST(__VA_ARGS__))) \
	LINK_TEXTS_##how(name, table, column, __VA_ARGS__)
#define LINK_TEXTS_KEEP(name, table, column, ...)
#define LINK_TEXTS_SET_NULL(name, table, column, ...) \
	LINK_TEXT(link_rows_##name, LINK_SET_NULL_ROWS_SQL(table, column)) \
	LINK_TEXT(link_save_##name, LINK_SET_NULL_SAVE_SQL(table, column)) \
	LINK_TEXT(link_unlink_##name, LINK_SET_NULL_UNLINK_SQL(table, column)) \
	LINK_TEXT(link_restorable_##name, LINK_SET_NULL_RESTORABLE_SQL(table, column)) \
	LINK_TEXT(link_restore_##name, LINK_SET_NULL_RESTORE_SQL(table, column))
#define LINK_TEXTS_DELETE_ROW(name, table, column, live, other, other_table, extra) \
	LINK_TEXT(link_rows_##name, LINK_DELETE_ROW_ROWS_SQL(table, column, other)) \
	LINK_TEXT(link_save_##name, LINK_DELETE_ROW_SAVE_SQL(table, column, other, extra)) \
	LINK_TEXT(link_unlink_##name, LINK_DELETE_ROW_UNLINK_SQL(table, column)) \
	LINK_TEXT(link_restorable_##name, LINK_DELETE_ROW_RESTORABLE_SQL(table, column, other, other_table)) \
	LINK_TEXT(link_restore_##name, LINK_DELETE_ROW_RESTORE_SQL(table, column, other, other_table, extra))
#define LINK_SQL_TEXTS RECORD_LINKS(LINK_TEXTS_ENTRY, _)

/* The statements of a link: every how is counted; SET_NULL and
 * DELETE_ROW are also unlinked and restored. */
#define LINK_STMTS_ENTRY(S, how, name, ...) \
	S(link_count_##name, RO, link_count) \
	LINK_STMTS_##how(S, name)
#define LINK_STMTS_KEEP(S, name)
#define LINK_STMTS_UNLINKED(S, name) \
	S(link_rows_##name, RW, link_rows) \
	S(link_save_##name, RW, link_save) \
	S(link_unlink_##name, RW, link_unlink) \
	S(link_restorable_##name, RW, link_restorable) \
	S(link_restore_##name, RW, link_restore)
#define LINK_STMTS_SET_NULL LINK_STMTS_UNLINKED
#define LINK_STMTS_DELETE_ROW LINK_STMTS_UNLINKED

#define LINK_SHAPES(T) \
	T(link_count) T(link_rows) T(link_save) T(link_unlink) T(link_restorable) T(link_restore) \
	T(link_forget) T(link_purge)
#define LINK_STMTS(S) \
	RECORD_LINKS(LINK_STMTS_ENTRY, S) \
	S(link_forget, RW, link_forget) \
	S(link_purge, RW, link_purge)

#endif
