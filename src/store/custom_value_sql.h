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
#define CV_PAGE_SQL(T, SUBJECT) "SELECT" CV_COLUMNS " FROM " T " v" CV_KEY_JOIN(T, SUBJECT) \
	" WHERE v.field_id IN (?, ?, ?, ?, ?, ?, ?, ?)" \
	" AND v.record_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?," \
	" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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

#define custom_contact_values_of_SQL CV_OF_SQL("contact_custom_values", "contact")
#define custom_contact_values_page_SQL CV_PAGE_SQL("contact_custom_values", "contact")
#define custom_contact_value_insert_SQL CV_INSERT_SQL("contact_custom_values")
#define custom_contact_value_update_SQL CV_UPDATE_SQL("contact_custom_values")
#define custom_contact_value_delete_SQL CV_DELETE_SQL("contact_custom_values")
#define custom_account_values_of_SQL CV_OF_SQL("account_custom_values", "account")
#define custom_account_values_page_SQL CV_PAGE_SQL("account_custom_values", "account")
#define custom_account_value_insert_SQL CV_INSERT_SQL("account_custom_values")
#define custom_account_value_update_SQL CV_UPDATE_SQL("account_custom_values")
#define custom_account_value_delete_SQL CV_DELETE_SQL("account_custom_values")
#define custom_lead_values_of_SQL CV_OF_SQL("lead_custom_values", "lead")
#define custom_lead_values_page_SQL CV_PAGE_SQL("lead_custom_values", "lead")
#define custom_lead_value_insert_SQL CV_INSERT_SQL("lead_custom_values")
#define custom_lead_value_update_SQL CV_UPDATE_SQL("lead_custom_values")
#define custom_lead_value_delete_SQL CV_DELETE_SQL("lead_custom_values")
#define custom_deal_values_of_SQL CV_OF_SQL("deal_custom_values", "deal")
#define custom_deal_values_page_SQL CV_PAGE_SQL("deal_custom_values", "deal")
#define custom_deal_value_insert_SQL CV_INSERT_SQL("deal_custom_values")
#define custom_deal_value_update_SQL CV_UPDATE_SQL("deal_custom_values")
#define custom_deal_value_delete_SQL CV_DELETE_SQL("deal_custom_values")
/* The users a user field may name: the enabled ones. */
#define custom_users_SQL "SELECT id, username FROM users WHERE disabled = 0 ORDER BY username LIMIT 1000"
#define custom_users_IN(X)
#define custom_users_OUT(X) X(INT, id) X(TEXT, username)

#define CUSTOM_VALUE_SHAPES(T) T(custom_users) T(custom_values_of) T(custom_values_page) T(custom_value_insert) \
	T(custom_value_update) T(custom_value_delete)
#define CV_FAMILY_STMTS(S, s) \
	S(custom_##s##_values_of, RO, custom_values_of) \
	S(custom_##s##_values_page, RO, custom_values_page) \
	S(custom_##s##_value_insert, RW, custom_value_insert) \
	S(custom_##s##_value_update, RW, custom_value_update) \
	S(custom_##s##_value_delete, RW, custom_value_delete)
#define CUSTOM_VALUE_STMTS(S) S(custom_users, RO, custom_users) CV_FAMILY_STMTS(S, contact) CV_FAMILY_STMTS(S, account) \
	CV_FAMILY_STMTS(S, lead) CV_FAMILY_STMTS(S, deal)

#endif
