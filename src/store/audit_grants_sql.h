/* audit_grants_sql.h: the statement that reads the application database
 * account's own privileges, which audit_grants.c checks leave the audit
 * trail append-only (declared as stmt.h says). */
#ifndef CRM_AUDIT_GRANTS_SQL_H
#define CRM_AUDIT_GRANTS_SQL_H

#define audit_grants_show_SQL "SHOW GRANTS FOR CURRENT_USER()"
#define audit_grants_show_IN(X)
#define audit_grants_show_OUT(X) X(TEXT, line)

#define AUDIT_GRANTS_SHAPES(T) T(audit_grants_show)
#define AUDIT_GRANTS_STMTS(S) S(audit_grants_show, RO, audit_grants_show)

#endif
