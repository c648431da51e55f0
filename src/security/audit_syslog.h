/* audit_syslog.h: the syslog copy of committed audit records. */
#ifndef CRM_AUDIT_SYSLOG_H
#define CRM_AUDIT_SYSLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "audit.h"
#include "db.h"

/* on: send copies to the unix datagram socket path (syslog's /dev/log). */
void audit_syslog_configure(bool on, const char *path);
/* Queues the line of a record written in the open transaction. */
void audit_syslog_queue(const struct audit_record *r);
/* The transaction hook (db_set_transaction_hook): a commit sends the
 * queued lines, a begin or rollback drops them. */
void audit_syslog_tx(enum db_tx_event ev);
/* The message of r: key="value" pairs, values escaped (quotes,
 * backslashes, controls as \xNN), never the detail. Returns out. */
char *audit_syslog_format(const struct audit_record *r, char *out, size_t outsz);
/* Lines that could not be sent since start (socket missing, full). */
unsigned long audit_syslog_dropped(void);

#endif
