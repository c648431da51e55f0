/* page_settings.c: owns /account/language, where a person picks the
 * language of the pages and, when signed in, the time zone dates and
 * times are shown in. A signed-in user's choice is kept on their users
 * row (read with the session, session.c), audited as user.locale; the
 * __Host-lang cookie keeps the language for the pages before sign-in. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cookie.h"
#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "session.h"

static const char *const language_codes[] = { "en", "zh-CN", NULL };

static const struct field_def language_fields[] = {
	{ .name = "lang", .label = N_("Language"), .type = FIELD_CHOICE, .required = true,
	  .choices = language_codes },
	{ .name = "time_zone", .label = N_("Time zone"), .type = FIELD_TEXT, .max_len = 63 },
};

static const struct form_def language_form = {
	"language", language_fields, sizeof(language_fields) / sizeof(language_fields[0])
};

#define ZONE_LIST "/usr/share/zoneinfo/zone1970.tab"
#define ZONES_MAX 600

static int
zone_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The zones of the system's tz database (zone1970.tab: one a line, the
 * third column), sorted, after UTC; *n of them in the arena. */
static const char **
zone_names(struct arena *a, size_t *n)
{
	const char **z = arena_alloc(a, sizeof(*z) * (ZONES_MAX + 1));
	FILE *f = fopen(ZONE_LIST, "r");
	char line[512];

	*n = 0;
	z[(*n)++] = "UTC";
	while (f != NULL && *n < ZONES_MAX && fgets(line, sizeof(line), f) != NULL) {
		char *tab1, *tab2, *end;
		if (line[0] == '#' || (tab1 = strchr(line, '\t')) == NULL ||
		    (tab2 = strchr(tab1 + 1, '\t')) == NULL)
			continue;
		end = tab2 + 1 + strcspn(tab2 + 1, "\t\r\n");
		*end = '\0';
		if (display_zone_valid(tab2 + 1))
			z[(*n)++] = arena_strdup(a, tab2 + 1);
	}
	if (f != NULL)
		fclose(f);
	qsort(z + 1, *n - 1, sizeof(*z), zone_cmp);
	return z;
}

/* The choices with the current ones selected. */
static void
language_choices(struct ctx *ctx, const char *selected, const char *zone)
{
	static const char *const names[] = { "English", "简体中文" };
	struct tval *list = tv_list(ctx->data, "languages");
	const char **z;
	size_t nz;
	bool found = false;

	for (int i = 0; language_codes[i]; i++) {
		struct tval *l = tv_append_map(list);
		tv_str(l, "code", language_codes[i]);
		tv_str(l, "name", names[i]);
		tv_bool(l, "selected", strcmp(language_codes[i], selected) == 0);
	}
	if (ctx->user == NULL)
		return;
	tv_bool(ctx->data, "signed_in", true);
	list = tv_list(ctx->data, "zones");
	z = zone_names(ctx->req->arena, &nz);
	if (zone == NULL || zone[0] == '\0')
		zone = "UTC";
	for (size_t i = 0; i < nz; i++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "name", z[i]);
		tv_bool(e, "selected", strcmp(z[i], zone) == 0);
		found = found || strcmp(z[i], zone) == 0;
	}
	if (!found && display_zone_valid(zone)) {	/* a zone outside the list, kept */
		struct tval *e = tv_append_map(list);
		tv_str(e, "name", zone);
		tv_bool(e, "selected", true);
	}
}

int
page_language_get(struct ctx *ctx)
{
	language_choices(ctx, lang_code(ctx->lang), ctx->time_zone);
	return page_render(ctx, "language", 200);
}

int
page_language_post(struct ctx *ctx)
{
	struct form_result r;
	const char *lang, *zone = NULL;
	int bad = form_validate(&language_form, &ctx->req->form, ctx->req->arena, &r);

	if (ctx->user != NULL) {
		zone = form_field(&r, "time_zone")->value;
		if (zone == NULL || zone[0] == '\0')
			zone = "UTC";
		if (form_field(&r, "time_zone")->error == NULL && !display_zone_valid(zone)) {
			form_set_error(&r, "time_zone", N_("This time zone is not known. Choose one from the list."));
			bad = 1;
		}
	}
	if (bad > 0) {
		page_form(ctx, &r);
		language_choices(ctx, lang_code(ctx->lang), ctx->time_zone);
		return page_render(ctx, "language", 400);
	}
	lang = form_field(&r, "lang")->value;
	if (ctx->user != NULL && session_save_locale(ctx, lang, strcmp(zone, "UTC") == 0 ? NULL : zone) == -1)
		return 503;
	cookie_set(ctx->resp, "__Host-lang", lang, 365L * 24 * 3600);
	ctx->lang = (enum lang)lang_from_code(lang);
	flash_set(ctx, FLASH_LANGUAGE_SAVED);
	return page_redirect(ctx, "/account/language");
}
