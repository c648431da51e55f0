/* crmctl_operator.c: owns what every crmctl command shares about the
 * operator's session: finding the service account the key ring file
 * belongs to, loading [keys] keyring, and writing the audit record of
 * crmctl's own action. crmctl_keys.c and crmctl_audit.c (and the other
 * commands) call it; it calls neither. */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "audit.h"
#include "crmctl.h"
#include "db.h"
#include "json.h"
#include "keyring.h"
#include "privdrop.h"

uid_t
crmctl_service_uid(const struct conf *c, gid_t *gid)
{
	uid_t uid = (uid_t)-1;
	char err[256];

	*gid = (gid_t)-1;
	if (c->user != NULL && geteuid() == 0 &&
	    privdrop_lookup(c->user, &uid, gid, err, sizeof(err)) == -1)
		fprintf(stderr, "crmctl: %s\n", err);
	return uid;
}

int
crmctl_need_keyring_path(const struct conf *c)
{
	if (c->keyring == NULL) {
		fprintf(stderr, "crmctl: [keys] keyring is not set in %s\n", c->path);
		return -1;
	}
	return 0;
}

int
crmctl_keyring_load(const struct conf *c)
{
	char err[512];
	gid_t gid;

	if (crmctl_need_keyring_path(c) == -1)
		return -1;
	if (keyring_load(c->keyring, c->unseal_file, crmctl_service_uid(c, &gid), err, sizeof(err)) == -1) {
		fprintf(stderr, "crmctl: %s\n", err);
		return -1;
	}
	return 0;
}

int
crmctl_audit(struct db *db, struct arena *a, const struct conf *c, const char *action,
    const char *object_type, const char *object_id, const char *outcome, long long items,
    const char *detail_json)
{
	struct audit_record r = { .actor = "crmctl", .action = action, .object_type = object_type,
	    .object_id = object_id, .outcome = outcome, .items = items, .detail = detail_json };
	const char *login = getlogin();
	struct json j;

	if (!keyring_loaded() && crmctl_keyring_load(c) == -1)
		return -1;
	if (detail_json == NULL) {
		json_begin(&j, a);
		json_str(&j, "operator", login ? login : "");
		r.detail = json_end(&j);
	}
	r.roles = "";
	r.ip = "local";
	if (db_in_transaction(db))
		return audit_write(db, a, &r);
	return audit_standalone(db, a, &r);
}
