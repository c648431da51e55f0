/* page_home.c: owns the start page. Until sign-in lands it says the
 * service runs; the dashboard replaces it. */
#include "config.h"

#include "page.h"
#include "pages.h"

int
page_home(struct ctx *ctx)
{
	return page_render(ctx, "home", 200);
}
