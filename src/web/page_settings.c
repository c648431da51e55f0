/* page_settings.c: owns /account/language, where a person picks the
 * language of the pages. Until accounts exist the choice lives in a
 * __Host-lang cookie; with accounts it moves to the user's row. */
#include "config.h"

#include <string.h>

#include "cookie.h"
#include "csrf.h"
#include "flash.h"
#include "page.h"
#include "pages.h"

static const char *const language_codes[] = { "en", "zh-CN", NULL };

static const struct field_def language_fields[] = {
	{ .name = "lang", .label = N_("Language"), .type = FIELD_CHOICE, .required = true,
	  .choices = language_codes },
};

static const struct form_def language_form = {
	"language", language_fields, sizeof(language_fields) / sizeof(language_fields[0])
};

/* The choices with the current one selected. */
static void
language_choices(struct ctx *ctx, const char *selected)
{
	static const char *const names[] = { "English", "简体中文" };
	struct tval *list = tv_list(ctx->data, "languages");

	for (int i = 0; language_codes[i]; i++) {
		struct tval *l = tv_append_map(list);
		tv_str(l, "code", language_codes[i]);
		tv_str(l, "name", names[i]);
		tv_bool(l, "selected", strcmp(language_codes[i], selected) == 0);
	}
}

int
page_language_get(struct ctx *ctx)
{
	language_choices(ctx, lang_code(ctx->lang));
	return page_render(ctx, "language", 200);
}

int
page_language_post(struct ctx *ctx)
{
	struct form_result r;

	if (form_validate(&language_form, &ctx->req->form, ctx->req->arena, &r) > 0) {
		page_form(ctx, &r);
		language_choices(ctx, lang_code(ctx->lang));
		return page_render(ctx, "language", 400);
	}
	cookie_set(ctx->resp, "__Host-lang", form_field(&r, "lang")->value, 365L * 24 * 3600);
	ctx->lang = (enum lang)lang_from_code(form_field(&r, "lang")->value);
	flash_set(ctx, FLASH_LANGUAGE_SAVED);
	return page_redirect(ctx, "/account/language");
}
