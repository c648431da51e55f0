/* declarations.h: the start-up check of everything the code declares
 * rather than writes out: the typed statements (stmt.h) and the record
 * families (record_decl.h). crm-fcgi -n and crm-fcgi itself refuse to
 * start when one does not hold; the reasons go to the log (stderr). */
#ifndef CRM_DECLARATIONS_H
#define CRM_DECLARATIONS_H

/* 0 when every declaration holds, -1 (each problem logged) when not. */
int declarations_check(void);

#endif
