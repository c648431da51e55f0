/* page_home.c: owns the start page. Signed in, it shows the user's roles
 * and their previous sign-in (when and from where) with the failed
 * attempts since, so someone whose password is being tried, or was used,
 * notices. The dashboard of the CRM core joins it. */
#include "config.h"

#include <string.h>

#include "page.h"
#include "pages.h"
#include "session.h"

/* The sign-in before this one and the failures since; best effort. */
static void
previous_sign_in(struct ctx *ctx)
{
	const char *name = ctx->user->username;
	struct db_value p[2] = { { .type = DBV_TEXT, .s = name, .len = strlen(name) } };
	struct db_rows rows, fails;

	if (db_run(ctx->db, ctx->req->arena, STMT_LAST_SIGN_INS, p, 1, &rows) != DB_OK ||
	    rows.nrows < 2)
		return;
	tv_str(ctx->data, "previous_at", db_cell_text(&rows, 1, 0));
	tv_str(ctx->data, "previous_ip", db_cell_text(&rows, 1, 1));
	p[1] = rows.cells[1 * rows.ncols + 2];
	if (db_run(ctx->db, ctx->req->arena, STMT_FAILED_SIGN_INS_SINCE, p, 2, &fails) == DB_OK)
		tv_int(ctx->data, "failed_since", db_cell_int(&fails, 0, 0, 0));
}

int
page_home(struct ctx *ctx)
{
	if (ctx->user != NULL)
		previous_sign_in(ctx);
	return page_render(ctx, "home", 200);
}
