/* record_links.c: owns the descriptors of the declared links (made from
 * link_sql.h's RECORD_LINKS, one entry per link) and running their
 * statements: counting what is linked to a record, unlinking it with the
 * record's deletion and putting it back with its restore (record_links.h).
 * The transactions and audit records are the caller's (record_kind.c). */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "json.h"
#include "record_links.h"
#include "stmt.h"

#define LINK_IDS_KEEP(name) STMT__MAX, STMT__MAX, STMT__MAX, STMT__MAX, STMT__MAX
#define LINK_IDS_UNLINKED(name) \
	STMT_link_rows_##name, STMT_link_save_##name, STMT_link_unlink_##name, \
	STMT_link_restorable_##name, STMT_link_restore_##name
#define LINK_IDS_SET_NULL LINK_IDS_UNLINKED
#define LINK_IDS_DELETE_ROW LINK_IDS_UNLINKED
#define LINK_DESC(X, how, name, table, column, to, label, ...) \
	{ #name, table, column, to, label, LINK_##how, STMT_link_count_##name, LINK_IDS_##how(name) },

const struct record_link record_links[RECORD_LINKS_N] = { RECORD_LINKS(LINK_DESC, _) };

/* At most this many ids per link in an audit record (the count is all). */
#define LINK_AUDIT_IDS 100

/* Binds in (of shape) to statement st as the caller's call and runs it
 * into *rows: 0 or -1. */
#define LINK_RUN(db, a, st, shape, in, rows) \
	(call.id = (st), call.n = shape##_bind((in), call.p), run((db), (a), &call, (rows)))

static int
run(struct db *db, struct arena *a, const struct stmt_call *call, struct db_rows *rows)
{
	return stmt_exec(db, a, call, rows) == DB_OK ? 0 : -1;
}

int
record_links_count(struct db *db, struct arena *a, const char *kind, long long id, struct link_count *out,
    long long *unlinked)
{
	struct stmt_call call;
	int n = 0;

	*unlinked = 0;
	for (size_t i = 0; i < RECORD_LINKS_N; i++) {
		const struct record_link *l = &record_links[i];
		struct link_count_in in = { .id = id };
		struct link_count_out o;
		struct db_rows rows;

		if (strcmp(l->to, kind) != 0)
			continue;
		if (LINK_RUN(db, a, l->count, link_count, &in, &rows) == -1)
			return -1;
		link_count_read(&rows, a, &o);
		if (o.n != 1 || o.rows[0].n == 0)
			continue;
		out[n++] = (struct link_count){ l, o.rows[0].n };
		if (l->how != LINK_KEEP)
			*unlinked += o.rows[0].n;
	}
	return n;
}

/* Adds "name":{"n":count,"ids":[...]} for rows of shape link_rows or
 * link_restorable (the same OUT) to j. */
static void
detail_add(struct json *j, struct arena *a, const char *name, const struct db_rows *rows)
{
	struct link_rows_out o;
	struct json e;
	char *ids = "[";

	link_rows_read(rows, a, &o);
	for (size_t i = 0; i < o.n && i < LINK_AUDIT_IDS; i++)
		ids = arena_printf(a, "%s%s%lld", ids, i ? "," : "", o.rows[i].row_id);
	json_begin(&e, a);
	json_int(&e, "n", (long long)o.n);
	json_raw(&e, "ids", arena_printf(a, "%s]", ids));
	json_raw(j, name, json_end(&e));
}

int
record_links_unlink(struct db *db, struct arena *a, const char *kind, long long id, const char **detail)
{
	struct stmt_call call;
	struct json j;
	bool any = false;

	json_begin(&j, a);
	for (size_t i = 0; i < RECORD_LINKS_N; i++) {
		const struct record_link *l = &record_links[i];
		struct link_rows_in rin = { .id = id };
		struct link_save_in sin = { .kind = kind, .record_id = id, .link = l->name, .id = id };
		struct link_unlink_in uin = { .id = id };
		struct db_rows rows, done;

		if (l->how == LINK_KEEP || strcmp(l->to, kind) != 0)
			continue;
		if (LINK_RUN(db, a, l->rows, link_rows, &rin, &rows) == -1)
			return -1;
		if (rows.nrows == 0)
			continue;
		if (LINK_RUN(db, a, l->save, link_save, &sin, &done) == -1 ||
		    LINK_RUN(db, a, l->unlink, link_unlink, &uin, &done) == -1)
			return -1;
		detail_add(&j, a, l->name, &rows);
		any = true;
	}
	*detail = any ? json_end(&j) : NULL;
	return 0;
}

int
record_links_restore(struct db *db, struct arena *a, const char *kind, long long id, const char **detail)
{
	struct link_forget_in fin = { .kind = kind, .record_id = id };
	struct stmt_call call;
	struct json j;
	struct db_rows done;
	bool any = false;

	json_begin(&j, a);
	for (size_t i = 0; i < RECORD_LINKS_N; i++) {
		const struct record_link *l = &record_links[i];
		struct link_restorable_in in = { .kind = kind, .record_id = id, .link = l->name };
		struct link_restore_in rin = { .kind = kind, .record_id = id, .link = l->name };
		struct db_rows rows;

		if (l->how == LINK_KEEP || strcmp(l->to, kind) != 0)
			continue;
		if (LINK_RUN(db, a, l->restorable, link_restorable, &in, &rows) == -1)
			return -1;
		if (rows.nrows == 0)
			continue;
		if (LINK_RUN(db, a, l->restore, link_restore, &rin, &done) == -1)
			return -1;
		detail_add(&j, a, l->name, &rows);
		any = true;
	}
	if (LINK_RUN(db, a, STMT_link_forget, link_forget, &fin, &done) == -1)
		return -1;
	*detail = any ? json_end(&j) : NULL;
	return 0;
}
