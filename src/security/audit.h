/* audit.h: the tamper-evident audit trail: writing hash-chained records
 * into audit_log (sql/008_audit.sql) in the same transaction as the change
 * they record, checking them, and reading them in order.
 *
 * Chains. Records belong to AUDIT_CHAINS independent chains (0..15), each
 * with its own head row in audit_head (newest chain_seq and mac). A writer
 * locks the first head no other transaction holds (FOR UPDATE SKIP LOCKED)
 * and keeps it until its transaction ends, so up to AUDIT_CHAINS audited
 * transactions commit in parallel (sharing group commits) instead of
 * queueing on one row through each other's fsyncs. With more at once, a
 * writer waits on head (getpid() % AUDIT_CHAINS). Within a chain, records
 * are numbered chain_seq 1, 2, ... without gaps; seq (AUTO_INCREMENT) is
 * the global order of insertion, assigned by the INSERT after the mac is
 * computed, so it is not MACed and may have gaps from rollbacks.
 *
 * The chain key K is 32 bytes from HKDF-SHA-256 (no salt) over the key
 * ring's index key with info "crm audit chain v1" (keyring_derive).
 *
 * A record's mac is HMAC-SHA-256(K, M) where M is, in this order:
 *     prev_mac                 32 bytes: the mac of the previous record of
 *                              the same chain (32 zero bytes before its
 *                              record 1)
 *     u8(chain) u64(chain_seq)
 *     str(at)                  "YYYY-MM-DD HH:MM:SS.ffffff", UTC, 26 bytes
 *     u8(actor_id present: 1, NULL: 0) u64(actor_id, 0 when NULL)
 *     str(actor) str(roles) str(ip) str(user_agent) str(request_id)
 *     str(action) str(object_type) str(object_id) str(outcome)
 *     u64(items)
 *     str(detail)
 * u64 and u32 are unsigned big-endian; str(s) is u32(byte length of s)
 * followed by its bytes (UTF-8 exactly as stored). Every field has its
 * length in front, so no two different records encode alike.
 *
 * A purge checkpoint's mac is HMAC-SHA-256(K, str("checkpoint") ||
 * u8(chain) || u64(first_chain_seq) || prev_mac): the first kept record of
 * that chain must have first_chain_seq and this prev_mac (or, when none is
 * kept, the head must hold first_chain_seq - 1 and this mac). (55 bytes:
 * never the length of a record.)
 *
 * Verification (crmctl audit verify), in one snapshot: for each chain,
 * start from its newest checkpoint (or chain_seq 1 after zero bytes), and
 * for each record in chain_seq order check that chain_seq is the next
 * number, prev_mac is the mac before, and mac is the HMAC above; at the
 * end the chain's head must hold the last chain_seq and mac (so removing
 * a chain's last records is found too). Every record must belong to a
 * walked chain (the total is compared).
 *
 * Reading every committed record exactly once (audit_fetch_after): a
 * consumer keeps, per chain, the newest chain_seq it has handled
 * (audit_cursors). This never skips a record that commits late: record
 * chain_seq k+1 of a chain can only be written once the transaction that
 * wrote k has committed (it held the head row until then), so within a
 * chain chain_seq order is commit order, and no record below a committed
 * one can still appear. seq order across chains is insertion order, not
 * commit order, which is why the cursor is per chain and not one seq. */
#ifndef CRM_AUDIT_H
#define CRM_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "conf.h"
#include "db.h"

struct ctx;

#define AUDIT_CHAIN_LABEL "crm audit chain v1"
#define AUDIT_MAC_BYTES 32
#define AUDIT_AT_LEN 26
#define AUDIT_CHAINS 16		/* audit_head rows seeded by sql/008_audit.sql */
#define AUDIT_CONSUMER_MAX 32	/* audit_cursors.consumer, characters */

/* The action vocabulary: callers use these names and nothing else. A
 * failed or refused action keeps its name, with outcome failure/denied.
 *   auth.login          sign-in (actor: the typed username when it fails)
 *   auth.logout         sign-out
 *   auth.mfa.enrol      second factor set up
 *   auth.mfa.verify     a TOTP code given at sign-in
 *   auth.mfa.recovery   a recovery code used
 *   auth.mfa.disable    two-step sign-in turned off by its owner
 *   auth.mfa.recovery_codes  new recovery codes made (the old ones void)
 *   auth.throttle       a username's sign-in delay (object_type "user") or
 *                       a second factor's lock ("mfa") engaged; object_id
 *                       the username, failures and seconds in detail
 *   session.revoke      one session ended by its owner
 *   session.evict       a user's oldest session ended by a sign-in beyond
 *                       [auth] session_limit
 *   auth.reauth         the password or a code given again to confirm a
 *                       sensitive action (failure: a wrong one)
 *   user.sessions_revoke  every session of a user ended by an admin
 *   user.disable  user.enable  user.roles
 *   role.create  role.update  role.delete  group.map
 *   record.create  record.update  record.delete
 *   record.view         a record opened
 *   record.reveal       a masked sensitive field shown
 *   record.reassign     a record given to another owner (from/to in detail;
 *                       by crmctl reassign: object_id "bulk", items = rows)
 *   export  import      items = rows
 *   keys.rotate  keys.retire  backup.create  backup.restore
 *   backup.prune        a retention run (object backup/prune; items =
 *                       backups removed, their names in detail)
 *   audit.export  audit.purge  alert.ack
 *   crypto.integrity    a ciphertext that did not authenticate
 *   local_user.add
 *   user.team           a user's team changed
 *   grant.create  grant.revoke   temporary grants
 *   settings.update     an admin setting (deal stages) changed */
#define AUDIT_AUTH_LOGIN "auth.login"
#define AUDIT_AUTH_LOGOUT "auth.logout"
#define AUDIT_AUTH_MFA_ENROL "auth.mfa.enrol"
#define AUDIT_AUTH_MFA_VERIFY "auth.mfa.verify"
#define AUDIT_AUTH_MFA_RECOVERY "auth.mfa.recovery"
#define AUDIT_AUTH_MFA_DISABLE "auth.mfa.disable"
#define AUDIT_AUTH_MFA_RECOVERY_CODES "auth.mfa.recovery_codes"
#define AUDIT_AUTH_THROTTLE "auth.throttle"
#define AUDIT_SESSION_REVOKE "session.revoke"
#define AUDIT_SESSION_EVICT "session.evict"
#define AUDIT_AUTH_REAUTH "auth.reauth"
#define AUDIT_USER_SESSIONS_REVOKE "user.sessions_revoke"
#define AUDIT_USER_DISABLE "user.disable"
#define AUDIT_USER_ENABLE "user.enable"
#define AUDIT_USER_ROLES "user.roles"
#define AUDIT_ROLE_CREATE "role.create"
#define AUDIT_ROLE_UPDATE "role.update"
#define AUDIT_ROLE_DELETE "role.delete"
#define AUDIT_GROUP_MAP "group.map"
#define AUDIT_RECORD_CREATE "record.create"
#define AUDIT_RECORD_UPDATE "record.update"
#define AUDIT_RECORD_DELETE "record.delete"
#define AUDIT_RECORD_VIEW "record.view"
#define AUDIT_RECORD_REVEAL "record.reveal"
#define AUDIT_RECORD_REASSIGN "record.reassign"
#define AUDIT_EXPORT "export"
#define AUDIT_IMPORT "import"
#define AUDIT_KEYS_ROTATE "keys.rotate"
#define AUDIT_KEYS_RETIRE "keys.retire"
#define AUDIT_BACKUP_CREATE "backup.create"
#define AUDIT_BACKUP_RESTORE "backup.restore"
#define AUDIT_BACKUP_VERIFY "backup.verify"
#define AUDIT_BACKUP_PRUNE "backup.prune"
#define AUDIT_AUDIT_EXPORT "audit.export"
#define AUDIT_AUDIT_PURGE "audit.purge"
#define AUDIT_ALERT_ACK "alert.ack"
#define AUDIT_CRYPTO_INTEGRITY "crypto.integrity"
#define AUDIT_LOCAL_USER_ADD "local_user.add"
#define AUDIT_USER_TEAM "user.team"
#define AUDIT_USER_LIST_COLUMNS "user.list_columns"
#define AUDIT_USER_LOCALE "user.locale"
#define AUDIT_GRANT_CREATE "grant.create"
#define AUDIT_GRANT_REVOKE "grant.revoke"
#define AUDIT_SETTINGS_UPDATE "settings.update"

#define AUDIT_SUCCESS "success"
#define AUDIT_FAILURE "failure"
#define AUDIT_DENIED "denied"

/* One record. Callers fill the first group (NULL strings are stored as
 * ""; detail NULL as "{}"); audit_write fills the rest. Strings longer
 * than their column are cut at a character boundary and invalid UTF-8
 * becomes U+FFFD before the mac is computed, so what is stored is what
 * was MACed. */
struct audit_record {
	long long actor_id;		/* users.id; 0 when unknown (NULL) */
	const char *actor;		/* username, "crmctl", or "" */
	const char *roles;		/* role names, comma-separated */
	const char *ip, *user_agent, *request_id;
	const char *action;		/* AUDIT_* above */
	const char *object_type, *object_id;
	const char *outcome;		/* AUDIT_SUCCESS, _FAILURE, _DENIED */
	long long items;		/* records touched; 0..4294967295 */
	const char *detail;		/* a JSON object (json.h) */

	unsigned long long seq;		/* global order; set by the INSERT */
	unsigned chain;			/* 0..AUDIT_CHAINS-1 */
	unsigned long long chain_seq;	/* 1, 2, ... within the chain */
	char at[AUDIT_AT_LEN + 1];	/* "" in a caller's record: now */
	unsigned char prev_mac[AUDIT_MAC_BYTES];
	unsigned char mac[AUDIT_MAC_BYTES];
};

/* Takes the [audit] settings (syslog copy) and installs the transaction
 * hook that sends the syslog copy of records only once they commit. Call
 * once per process before writing. */
void audit_configure(const struct conf *c);

/* Writes r as the next record of a chain, inside the transaction the
 * caller opened with db_begin (refused otherwise), ideally as its last
 * statement (the chain's head stays locked until the transaction ends):
 * locks a free audit_head row, takes chain_seq = head + 1, computes the
 * mac, inserts the row (which assigns seq) and moves the head. Returns 0,
 * or -1 (logged): the caller must then roll back, so no change stands
 * without its record. */
int audit_write(struct db *db, struct arena *a, const struct audit_record *r);

/* audit_write in a transaction of its own, for events that change no data
 * (a failed sign-in, a refused request). 0 or -1 (rolled back, logged). */
int audit_standalone(struct db *db, struct arena *a, const struct audit_record *r);

/* Fills actor, actor_id and roles from ctx->user (or ctx->pending), and
 * ip, user agent and request id from ctx->req; clears the rest. */
void audit_from_ctx(struct audit_record *r, const struct ctx *ctx);

/* For request handlers: one record of what ctx's user did. Written inside
 * the caller's open transaction when there is one (the caller commits or
 * rolls back), otherwise in its own. detail_json NULL: "{}". 0 or -1. */
int audit_ctx(struct ctx *ctx, const char *action, const char *object_type,
    const char *object_id, const char *outcome, long long items, const char *detail_json);

/* A record.view of object_type/object_id (items records read), queued
 * on the request (ctx->views, in its arena) and written by
 * audit_flush_views after the handler (audit_view.c).
 * 0, or -1 when it had to be written at once and failed. */
int audit_view(struct ctx *ctx, const char *object_type, const char *object_id, long long items);

/* Writes the view records queued on ctx in one transaction and empties
 * the queue; 0 (also when none are queued), or -1 (logged): the worker
 * then withholds the page (503). */
int audit_flush_views(struct ctx *ctx);

/* ---- reading the trail in order (the anomaly watcher) ---- */

/* The committed records beyond consumer's cursor in each chain (all of
 * them for a new consumer), at most limit, in seq order, into *out (an
 * array of *n records; it and their strings are arena memory, *out NULL
 * when *n is 0). For each chain the records returned are the oldest not
 * yet handled, so advancing past them skips nothing. Run it and
 * audit_cursor_advance in one transaction of the consumer (db_begin), so
 * that handling the records and moving the cursor commit together.
 * 0, or -1 (logged; *n is 0). */
int audit_fetch_after(struct db *db, struct arena *a, const char *consumer, size_t limit,
    struct audit_record **out, size_t *n);

/* Moves consumer's cursor of every chain present in recs to the highest
 * chain_seq among them (never backwards). Inside or outside a
 * transaction. 0, or -1 (logged). */
int audit_cursor_advance(struct db *db, struct arena *a, const char *consumer,
    const struct audit_record *recs, size_t n);

/* ---- the pieces, for verification and tests ---- */

/* The chain key into key; 0 or -1 (no key ring loaded). Wipe it after. */
int audit_chain_key(unsigned char key[AUDIT_MAC_BYTES]);
/* The current UTC time in the at format. */
void audit_now(char at[AUDIT_AT_LEN + 1]);
/* A copy of in (arena strings) cut and cleaned as described above. */
void audit_normalise(struct arena *a, const struct audit_record *in, struct audit_record *out);
/* The mac of r (already normalised; chain, chain_seq, at and prev_mac
 * set) under key.
 * 0 or -1 when OpenSSL fails. */
int audit_mac(const unsigned char key[AUDIT_MAC_BYTES], const struct audit_record *r,
    unsigned char out[AUDIT_MAC_BYTES]);
/* The mac of a purge checkpoint of chain. 0 or -1. */
int audit_checkpoint_mac(const unsigned char key[AUDIT_MAC_BYTES], unsigned chain,
    unsigned long long first_chain_seq, const unsigned char prev_mac[AUDIT_MAC_BYTES],
    unsigned char out[AUDIT_MAC_BYTES]);
/* Checks one stored record against its chain so far: chain_seq must be
 * want_chain_seq, prev_mac must be want_prev, and mac must verify
 * (constant-time compare). Returns NULL when it holds, or what is wrong. */
const char *audit_check(const unsigned char key[AUDIT_MAC_BYTES], const struct audit_record *r,
    unsigned long long want_chain_seq, const unsigned char want_prev[AUDIT_MAC_BYTES]);
/* A typed row of any statement reading AUDIT_COLUMNS (audit_sql.h:
 * AUDIT_ROW_OUT) into rec (strings point into the row). 0, or -1 when a
 * mac column is malformed (the rest is filled). */
struct audit_fetch_after_row;
int audit_record_from_row(const struct audit_fetch_after_row *row, struct audit_record *rec);

#endif
