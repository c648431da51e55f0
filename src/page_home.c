/* page_home.c: owns the start page. Until sign-in lands it is a fixed
 * page; the dashboard replaces it. */
#include "config.h"

#include "pages.h"

int
page_home(struct ctx *ctx)
{
	response_puts(ctx->resp,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
	    "<title>CRM</title>"
	    "<link rel=\"stylesheet\" href=\"/assets/css/crm.css\"/></head>"
	    "<body><header><p class=\"brand\">CRM</p></header>"
	    "<main><h1>CRM</h1><p>The service is running.</p></main>"
	    "</body></html>\n");
	return 200;
}
