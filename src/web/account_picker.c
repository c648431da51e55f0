/* account_picker.c: owns the account choice of forms without script
 * (account_picker.h); pick.c checks the id that comes back. */
#include "config.h"

#include "account.h"
#include "account_picker.h"
#include "handler.h"
#include "pick.h"
#include "tval.h"

/* The chosen account first, selected, or its hidden marker. */
static int
chosen_option(struct ctx *ctx, struct tval *list, const char *prefix, long long chosen)
{
	const char *name = NULL;
	struct tval *e;

	if (chosen <= 0)
		return 0;
	if (pick_account(ctx, chosen, &name) == -1)
		return -1;
	if (name == NULL) {
		tv_strf(ctx->data, arena_printf(ctx->req->arena, "%s_hidden", prefix), "%lld", chosen);
		return 0;
	}
	e = tv_append_map(list);
	tv_strf(e, "value", "%lld", chosen);
	tv_str(e, "text", name);
	tv_bool(e, "selected", true);
	return 0;
}

int
account_picker_show(struct ctx *ctx, const char *list_key, const char *prefix, long long chosen,
    const char *q, long long except)
{
	struct arena *a = ctx->req->arena;
	struct tval *list = tv_list(ctx->data, list_key);
	struct account_choice *found = NULL;
	size_t n = 0;

	if (chosen_option(ctx, list, prefix, chosen) == -1)
		return -1;
	if (q == NULL || *q == '\0')
		return 0;
	tv_str(ctx->data, arena_printf(a, "%s_q", prefix), q);
	if (account_pick_search(ctx, q, &found, &n) == -1)
		return -1;
	tv_bool(ctx->data, arena_printf(a, "%s_searched", prefix), true);
	tv_bool(ctx->data, arena_printf(a, "%s_none_found", prefix), n == 0);
	for (size_t i = 0; i < n; i++) {
		struct tval *e;
		if (found[i].id == chosen || (except > 0 && found[i].id == except))
			continue;
		e = tv_append_map(list);
		tv_strf(e, "value", "%lld", found[i].id);
		tv_str(e, "text", found[i].name);
	}
	return 0;
}
