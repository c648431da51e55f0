/* page_admin_audit.c: owns /admin/audit and /admin/audit.csv: the audit
 * trail for auditors, filtered by user, action, object, address and
 * dates, newest first, in pages; the CSV export of a filter is itself
 * audited before a byte of it is sent. The page names users and records
 * (a record only when the viewer may view it, else its kind and id),
 * links to them, and shows details as lines (audit_detail.h); the CSV
 * keeps the stored text. Nothing here writes audit_log
 * except that export record: the trail is read-only for everyone. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "audit_detail.h"
#include "audit_store.h"
#include "csv.h"
#include "display.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_scope.h"

#define AUDIT_PER_PAGE 50
#define AUDIT_EXPORT_MAX 100000
#define NCOLS 13

static const struct field_def filter_fields[] = {
	{ .name = "user", .label = N_("User"), .type = FIELD_TEXT, .max_len = 64 },
	{ .name = "action", .label = N_("Action"), .type = FIELD_TEXT, .max_len = 64,
	  .pattern = "[a-z_.]+", .pattern_msg = N_("Letters, dots and underscores only, e.g. auth.login or auth.") },
	{ .name = "object", .label = N_("Object"), .type = FIELD_TEXT, .max_len = 130,
	  .pattern = "[A-Za-z0-9_.]+(:[^:]+)?", .pattern_msg = N_("A type, or type:id, e.g. user:12.") },
	{ .name = "ip", .label = N_("Address"), .type = FIELD_TEXT, .max_len = 45,
	  .pattern = "[0-9A-Fa-f:.]+", .pattern_msg = N_("An IPv4 or IPv6 address.") },
	{ .name = "from", .label = N_("From"), .type = FIELD_DATE },
	{ .name = "to", .label = N_("To"), .type = FIELD_DATE },
	{ .name = "page", .label = N_("Page"), .type = FIELD_INT, .min = 1, .max = 100000 },
};

static const struct form_def filter_form = {
	"audit_filter", filter_fields, sizeof(filter_fields) / sizeof(filter_fields[0])
};

struct filter {
	struct audit_filter by;
	long long page;
};

static const char *
value_or(const struct form_result *r, const char *name, const char *def)
{
	const struct field_value *v = form_field(r, name);

	return v->value != NULL && v->value[0] != '\0' ? v->value : def;
}

/* Reads the query into f; > 0 when a field is wrong (r has the errors). */
static int
read_filter(struct ctx *ctx, struct form_result *r, struct filter *f)
{
	int bad = form_validate(&filter_form, &ctx->req->query, ctx->req->arena, r);
	const char *object = value_or(r, "object", "");
	const char *colon = strchr(object, ':');

	f->by.user = value_or(r, "user", "");
	f->by.action = value_or(r, "action", "");
	f->by.ip = value_or(r, "ip", "");
	f->by.from = value_or(r, "from", "1970-01-01");
	f->by.to = value_or(r, "to", "9999-12-30");
	f->by.otype = colon ? arena_printf(ctx->req->arena, "%.*s", (int)(colon - object), object) : object;
	f->by.oid = colon ? colon + 1 : "";
	f->page = form_field(r, "page")->value ? form_field(r, "page")->i : 1;
	return bad;
}

/* The columns of a row, in the order of the CSV export. */
static void
columns(struct arena *a, const struct audit_entry *e, const char *v[NCOLS])
{
	const char *all[NCOLS] = { arena_printf(a, "%lld", e->seq), e->at, e->actor, e->roles,
	    e->ip, e->agent, e->request_id, e->action, e->object_type, e->object_id, e->outcome,
	    arena_printf(a, "%lld", e->items), e->detail };

	memcpy(v, all, sizeof(all));
}

/* The kinds of object the trail names, with the page that shows one and
 * the grant that page needs. */
static const struct {
	const char *type, *label, *path;
	enum rbac_module module;
} kinds[] = {
	{ "contacts", N_("Contact"), "/contacts/", MOD_CONTACTS },
	{ "accounts", N_("Account"), "/accounts/", MOD_ACCOUNTS },
	{ "leads", N_("Lead"), "/leads/", MOD_LEADS },
	{ "deals", N_("Deal"), "/deals/", MOD_DEALS },
	{ "activities", N_("Activity"), "/activities/", MOD_ACTIVITIES },
	{ "user", N_("User"), "/admin/users/", MOD_ADMIN_USERS },
	{ "role", N_("Role"), "/admin/roles/", MOD_ADMIN_ROLES },
};

/* The object of a row: its kind (translated when known), its name when
 * the viewer may see it (names), and a link to it then. */
static void
add_object(struct ctx *ctx, struct tval *e, const struct audit_entry *row, const struct audit_name *nm)
{
	const char *name = nm->name;

	if (nm->family != NULL || nm->given != NULL)
		name = display_person(ctx, nm->given ? nm->given : "", nm->family ? nm->family : "");
	tv_str(e, "object_kind", row->object_type);
	tv_str(e, "object_id", row->object_id);
	/* A view of a list or of the board, not of one record. */
	if (strcmp(row->object_id, "list") == 0)
		tv_str(e, "object_id", i18n_get(ctx->lang, NULL, N_("list")));
	else if (strcmp(row->object_id, "pipeline") == 0)
		tv_str(e, "object_id", i18n_get(ctx->lang, NULL, N_("pipeline board")));
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (strcmp(kinds[k].type, row->object_type) != 0)
			continue;
		tv_str(e, "object_kind", i18n_get(ctx->lang, NULL, kinds[k].label));
		if (name != NULL && name[0] != '\0' && permission_can(ctx, kinds[k].module, ACT_VIEW))
			tv_strf(e, "object_href", "%s%s", kinds[k].path, row->object_id);
	}
	if (name != NULL && name[0] != '\0')
		tv_str(e, "object_name", name);
}

static void
add_row(struct ctx *ctx, struct audit_detail_refs *refs, struct tval *list, const struct audit_entry *row,
    const struct audit_name *nm)
{
	struct tval *e = tv_append_map(list);

	tv_strf(e, "seq", "%lld", row->seq);
	tv_str(e, "at", display_datetime(ctx, row->at));
	tv_str(e, "actor", row->actor);
	tv_str(e, "roles", row->roles);
	tv_str(e, "ip", row->ip);
	tv_str(e, "request_id", row->request_id);
	tv_str(e, "action", row->action);
	tv_str(e, "outcome", row->outcome);
	tv_strf(e, "items", "%lld", row->items);
	add_object(ctx, e, row, nm);
	if (!audit_detail_lines(ctx, refs, tv_list(e, "lines"), row->object_type, row->detail))
		tv_str(e, "detail", row->detail);
	tv_bool(e, "failed", strcmp(row->outcome, AUDIT_SUCCESS) != 0);
}

/* The viewer's view scope of each record module, for the names. */
static struct audit_name_scopes
name_scopes(const struct ctx *ctx)
{
	return (struct audit_name_scopes){
		.contacts = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW),
		.leads = record_scope_of(ctx, MOD_LEADS, ACT_VIEW),
		.accounts = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW),
		.deals = record_scope_of(ctx, MOD_DEALS, ACT_VIEW),
		.activities = record_scope_of(ctx, MOD_ACTIVITIES, ACT_VIEW),
	};
}

/* "?user=..&action=.." for links: the filter without the page. */
static const char *
filter_query(struct ctx *ctx)
{
	const char *q = ctx->req->raw_query, *out = "";
	struct arena *a = ctx->req->arena;

	while (q && *q) {
		const char *amp = strchr(q, '&');
		size_t n = amp ? (size_t)(amp - q) : strlen(q);
		if (strncmp(q, "page=", 5) != 0 && n > 0)
			out = arena_printf(a, "%s%s%.*s", out, out[0] ? "&" : "", (int)n, q);
		q = amp ? amp + 1 : NULL;
	}
	return out;
}

int
page_admin_audit_get(struct ctx *ctx)
{
	struct tval *list = tv_list(ctx->data, "entries");
	struct audit_entry *rows;
	struct audit_name names[AUDIT_PER_PAGE];
	struct audit_name_scopes scopes = name_scopes(ctx);
	struct audit_detail_refs *refs = arena_alloc(ctx->req->arena, sizeof(*refs));
	struct form_result r;
	struct filter f;
	const char *q;
	size_t n;

	memset(refs, 0, sizeof(*refs));
	if (read_filter(ctx, &r, &f) > 0) {
		page_form(ctx, &r);
		return page_render(ctx, "admin_audit", 400);
	}
	page_form(ctx, &r);
	if (audit_store_search(ctx->db, ctx->req->arena, &f.by, AUDIT_PER_PAGE + 1,
	    (f.page - 1) * AUDIT_PER_PAGE, &rows, &n) == -1)
		return 503;
	if (audit_store_names(ctx->db, ctx->req->arena, &scopes, rows, n < AUDIT_PER_PAGE ? n : AUDIT_PER_PAGE,
	    names) == -1)
		return 503;
	for (size_t i = 0; i < n && i < AUDIT_PER_PAGE; i++)
		add_row(ctx, refs, list, &rows[i], &names[i]);
	q = filter_query(ctx);
	tv_strf(ctx->data, "csv", "/admin/audit.csv%s%s", q[0] ? "?" : "", q);
	if (f.page > 1)
		tv_strf(ctx->data, "prev", "/admin/audit?%s%spage=%lld", q, q[0] ? "&" : "", f.page - 1);
	if (n > AUDIT_PER_PAGE)
		tv_strf(ctx->data, "next", "/admin/audit?%s%spage=%lld", q, q[0] ? "&" : "", f.page + 1);
	return page_render(ctx, "admin_audit", 200);
}

static void
write_csv(struct arena *a, struct response *out, const struct audit_entry *rows, size_t n)
{
	static const char *const head[NCOLS] = { "seq", "time_utc", "user", "roles", "ip",
	    "user_agent", "request_id", "action", "object_type", "object_id", "outcome", "items",
	    "detail" };

	for (size_t c = 0; c < NCOLS; c++)
		csv_cell(out, head[c], c == 0);
	csv_end_row(out);
	for (size_t i = 0; i < n; i++) {
		const char *v[NCOLS];
		columns(a, &rows[i], v);
		for (size_t c = 0; c < NCOLS; c++)
			csv_cell(out, v[c], c == 0);
		csv_end_row(out);
	}
}

/* The export is audited (what filter, how many rows) before it is sent;
 * when that record cannot be written, nothing is sent. */
int
page_admin_audit_csv(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	struct audit_entry *rows;
	struct form_result r;
	struct filter f;
	struct json j;
	size_t n;

	if (read_filter(ctx, &r, &f) > 0)
		return 400;
	if (audit_store_search(ctx->db, a, &f.by, AUDIT_EXPORT_MAX, 0, &rows, &n) == -1)
		return 503;
	json_begin(&j, a);
	json_str(&j, "filter", filter_query(ctx));
	json_bool(&j, "truncated", n == AUDIT_EXPORT_MAX);
	if (audit_ctx(ctx, AUDIT_AUDIT_EXPORT, "audit_log", "", AUDIT_SUCCESS, (long long)n,
	    json_end(&j)) == -1)
		return 503;
	ctx->resp->status = 200;
	ctx->resp->content_type = "text/csv; charset=utf-8";
	response_header(ctx->resp, "Content-Disposition", "attachment; filename=\"audit.csv\"");
	write_csv(a, ctx->resp, rows, n);
	return 200;
}
