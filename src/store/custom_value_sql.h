/* custom_value_sql.h: the statements about custom field values
 * (custom_value.c), one set per family value table
 * (<family>_custom_values, sql/033_custom_fields.sql) with shared
 * shapes: a record's values, adding, changing and removing one, and the
 * values of a page of records for chosen fields (lists and exports),
 * each row with the record's data key and, for a user field, the user's
 * name. */
#ifndef CRM_CUSTOM_VALUE_SQL_H
#define CRM_CUSTOM_VALUE_SQL_H

/* Up to CUSTOM_PAGE_FIELDS fields of up to CUSTOM_PAGE_IDS records. */
#define CUSTOM_PAGE_FIELDS 8
#define CUSTOM_PAGE_IDS 50

#define CV_KEY_JOIN(T, SUBJECT) \
	" LEFT JOIN data_keys k ON k.subject_type = '" SUBJECT "' AND k.subject_id = v.record_id" \
	" LEFT JOIN custom_fields f ON f.id = v.field_id AND f.type = 'user'" \
	" LEFT JOIN users u ON f.id IS NOT NULL AND u.id = v.v_int"
#define CV_COLUMNS " v.id, v.record_id, v.field_id, v.v_int, v.v_text, v.v_sealed, k.id, k.kek_version," \
	" k.wrapped, u.username"
#define CV_OF_SQL(T, SUBJECT) "SELECT" CV_COLUMNS " FROM " T " v" CV_KEY_JOIN(T, SUBJECT) \
	" WHERE v.record_id = ? ORDER BY v.field_id"
#define CV_PAGE_SQL(T, SUBJECT) "SELECT" CV_COLUMNS " FROM " T " v" \
	" LEFT JOIN data_keys k ON v.v_sealed IS NOT NULL AND k.subject_type = '" SUBJECT "'" \
	" AND k.subject_id = v.record_id" \
	" LEFT JOIN custom_fields f ON v.v_int IS NOT NULL AND f.id = v.field_id AND f.type = 'user'" \
	" LEFT JOIN users u ON f.id IS NOT NULL AND u.id = v.v_int" \
	" WHERE v.field_id IN (?, ?, ?, ?, ?, ?, ?, ?)" \
	" AND v.record_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?," \
	" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
/* The plain values of a page of records, packed one row per record
 * (sql/034_custom_packed.sql: <family>_custom_packed). */
#define CV_PACKED_SQL(P) "SELECT record_id, packed FROM " P " WHERE record_id IN" \
	" (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?," \
	" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
/* Packs a record's plain values again: "<field>:i<number>;" or
 * "<field>:t<bytes>:<text>;" each, by field. The same text builds them
 * for a whole table (bench/crm-custom). A record without plain values
 * has no row: the second statement removes one left behind. */
#define CV_PACK_VALUE \
	"CONCAT(v.field_id, ':', IF(v.v_int IS NOT NULL, CONCAT('i', v.v_int)," \
	" CONCAT('t', LENGTH(v.v_text), ':', v.v_text)), ';')"
#define CV_PACK_SQL(P, T) "REPLACE INTO " P " (record_id, packed) SELECT v.record_id," \
	" GROUP_CONCAT(" CV_PACK_VALUE " ORDER BY v.field_id SEPARATOR '') FROM " T " v" \
	" WHERE v.record_id = ? AND v.v_sealed IS NULL AND (v.v_int IS NOT NULL OR v.v_text IS NOT NULL)" \
	" GROUP BY v.record_id"
#define CV_UNPACK_SQL(P, T) "DELETE FROM " P " WHERE record_id = ? AND NOT EXISTS (SELECT 1 FROM " T " v" \
	" WHERE v.record_id = ? AND v.v_sealed IS NULL AND (v.v_int IS NOT NULL OR v.v_text IS NOT NULL))"

#define CV_INSERT_SQL(T) "INSERT INTO " T " (record_id, field_id, v_int, v_text) VALUES (?, ?, ?, ?)"
#define CV_UPDATE_SQL(T) "UPDATE " T " SET v_int = ?, v_text = ?, v_sealed = ?, v_bidx = ? WHERE id = ?"
#define CV_DELETE_SQL(T) "DELETE FROM " T " WHERE id = ?"

#define custom_values_of_IN(X) X(INT, record_id)
#define custom_values_of_OUT(X) X(INT, id) X(INT, record_id) X(INT, field_id) X(VAL, v_int) \
	X(TEXT, v_text) X(VAL, v_sealed) X(VAL, key_id) X(VAL, kek_version) X(VAL, wrapped) \
	X(TEXT, username)
#define F8(X) X(INT, f0) X(INT, f1) X(INT, f2) X(INT, f3) X(INT, f4) X(INT, f5) X(INT, f6) X(INT, f7)
#define I10(X, p) X(INT, p##0) X(INT, p##1) X(INT, p##2) X(INT, p##3) X(INT, p##4) X(INT, p##5) \
	X(INT, p##6) X(INT, p##7) X(INT, p##8) X(INT, p##9)
#define custom_values_page_IN(X) F8(X) I10(X, a) I10(X, b) I10(X, c) I10(X, d) I10(X, e)
#define custom_values_page_OUT(X) custom_values_of_OUT(X)
#define custom_value_insert_IN(X) X(INT, record_id) X(INT, field_id) X(VAL, v_int) X(TEXT, v_text)
#define custom_value_insert_OUT(X)
#define custom_value_update_IN(X) X(VAL, v_int) X(TEXT, v_text) X(VAL, v_sealed) X(VAL, v_bidx) X(INT, id)
#define custom_value_update_OUT(X)
#define custom_value_delete_IN(X) X(INT, id)
#define custom_value_delete_OUT(X)
#define custom_values_packed_IN(X) I10(X, a) I10(X, b) I10(X, c) I10(X, d) I10(X, e)
#define custom_values_packed_OUT(X) X(INT, record_id) X(VAL, packed)
#define custom_values_pack_IN(X) X(INT, record_id)
#define custom_values_pack_OUT(X)
#define custom_values_unpack_IN(X) X(INT, record_id) X(INT, record_id_again)
#define custom_values_unpack_OUT(X)

#define custom_contact_values_of_SQL CV_OF_SQL("contact_custom_values", "contact")
#define custom_contact_values_page_SQL CV_PAGE_SQL("contact_custom_values", "contact")
#define custom_contact_value_insert_SQL CV_INSERT_SQL("contact_custom_values")
#define custom_contact_value_update_SQL CV_UPDATE_SQL("contact_custom_values")
#define custom_contact_value_delete_SQL CV_DELETE_SQL("contact_custom_values")
#define custom_contact_values_packed_SQL CV_PACKED_SQL("contact_custom_packed")
#define custom_contact_values_pack_SQL CV_PACK_SQL("contact_custom_packed", "contact_custom_values")
#define custom_contact_values_unpack_SQL CV_UNPACK_SQL("contact_custom_packed", "contact_custom_values")
#define custom_account_values_of_SQL CV_OF_SQL("account_custom_values", "account")
#define custom_account_values_page_SQL CV_PAGE_SQL("account_custom_values", "account")
#define custom_account_value_insert_SQL CV_INSERT_SQL("account_custom_values")
#define custom_account_value_update_SQL CV_UPDATE_SQL("account_custom_values")
#define custom_account_value_delete_SQL CV_DELETE_SQL("account_custom_values")
#define custom_account_values_packed_SQL CV_PACKED_SQL("account_custom_packed")
#define custom_account_values_pack_SQL CV_PACK_SQL("account_custom_packed", "account_custom_values")
#define custom_account_values_unpack_SQL CV_UNPACK_SQL("account_custom_packed", "account_custom_values")
#define custom_lead_values_of_SQL CV_OF_SQL("lead_custom_values", "lead")
#define custom_lead_values_page_SQL CV_PAGE_SQL("lead_custom_values", "lead")
#define custom_lead_value_insert_SQL CV_INSERT_SQL("lead_custom_values")
#define custom_lead_value_update_SQL CV_UPDATE_SQL("lead_custom_values")
#define custom_lead_value_delete_SQL CV_DELETE_SQL("lead_custom_values")
#define custom_lead_values_packed_SQL CV_PACKED_SQL("lead_custom_packed")
#define custom_lead_values_pack_SQL CV_PACK_SQL("lead_custom_packed", "lead_custom_values")
#define custom_lead_values_unpack_SQL CV_UNPACK_SQL("lead_custom_packed", "lead_custom_values")
#define custom_deal_values_of_SQL CV_OF_SQL("deal_custom_values", "deal")
#define custom_deal_values_page_SQL CV_PAGE_SQL("deal_custom_values", "deal")
#define custom_deal_value_insert_SQL CV_INSERT_SQL("deal_custom_values")
#define custom_deal_value_update_SQL CV_UPDATE_SQL("deal_custom_values")
#define custom_deal_value_delete_SQL CV_DELETE_SQL("deal_custom_values")
#define custom_deal_values_packed_SQL CV_PACKED_SQL("deal_custom_packed")
#define custom_deal_values_pack_SQL CV_PACK_SQL("deal_custom_packed", "deal_custom_values")
#define custom_deal_values_unpack_SQL CV_UNPACK_SQL("deal_custom_packed", "deal_custom_values")
/* The users a user field may name: the enabled ones. */
#define custom_users_SQL "SELECT id, username FROM users WHERE disabled = 0 ORDER BY username LIMIT 1000"
#define custom_users_IN(X)
#define custom_users_OUT(X) X(INT, id) X(TEXT, username)

#define CUSTOM_VALUE_SHAPES(T) T(custom_users) T(custom_values_of) T(custom_values_page) T(custom_value_insert) \
	T(custom_value_update) T(custom_value_delete) T(custom_values_packed) T(custom_values_pack) \
	T(custom_values_unpack)
#define CV_FAMILY_STMTS(S, s) \
	S(custom_##s##_values_of, RO, custom_values_of) \
	S(custom_##s##_values_page, RO, custom_values_page) \
	S(custom_##s##_value_insert, RW, custom_value_insert) \
	S(custom_##s##_value_update, RW, custom_value_update) \
	S(custom_##s##_value_delete, RW, custom_value_delete) \
	S(custom_##s##_values_packed, RO, custom_values_packed) \
	S(custom_##s##_values_pack, RW, custom_values_pack) \
	S(custom_##s##_values_unpack, RW, custom_values_unpack)
#define CUSTOM_VALUE_STMTS(S) S(custom_users, RO, custom_users) CV_FAMILY_STMTS(S, contact) CV_FAMILY_STMTS(S, account) \
	CV_FAMILY_STMTS(S, lead) CV_FAMILY_STMTS(S, deal)

#endif
