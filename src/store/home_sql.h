/* home_sql.h: the statements of the start page's own facts (declared as
 * stmt.h says; home_store.c runs them): the user's last two successful
 * sign-ins and the failed attempts since one of them. */
#ifndef CRM_HOME_SQL_H
#define CRM_HOME_SQL_H

/* The last two successful sign-ins of a user, newest first: when (shown),
 * from where, and when (as stored, for home_failed_since). */
#define home_last_sign_ins_SQL \
	"SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i UTC'), ip, at FROM audit_log" \
	" WHERE actor = ? AND action = 'auth.login' AND outcome = 'success'" \
	" ORDER BY at DESC LIMIT 2"
#define home_last_sign_ins_IN(X) X(TEXT, username)
#define home_last_sign_ins_OUT(X) X(TEXT, shown) X(TEXT, ip) X(VAL, at)

/* The failed sign-ins of a user after a time. */
#define home_failed_since_SQL \
	"SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = 'auth.login'" \
	" AND outcome = 'failure' AND at > ?"
#define home_failed_since_IN(X) X(TEXT, username) X(VAL, since)
#define home_failed_since_OUT(X) X(INT, count)

#define HOME_SHAPES(T) T(home_last_sign_ins) T(home_failed_since)
#define HOME_STMTS(S) \
	S(home_last_sign_ins, RO, home_last_sign_ins) \
	S(home_failed_since, RO, home_failed_since)

#endif
