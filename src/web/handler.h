/* handler.h: what a page handler is given and returns. */
#ifndef CRM_HANDLER_H
#define CRM_HANDLER_H

#include "conf.h"
#include "db.h"
#include "i18n.h"
#include "request.h"
#include "response.h"
#include "tval.h"

#define ROUTE_MAX_IDS 4

struct user;
struct audit_views;
struct integrity_failures;

struct ctx {
	struct request *req;
	struct response *resp;
	struct db *db;
	const struct conf *conf;
	long long ids[ROUTE_MAX_IDS];	/* {id} segments of the path, in order */
	int nids;
	enum lang lang;			/* the language pages are shown in */
	const char *time_zone;		/* the user's IANA time zone (display.h);
					 * NULL: UTC */
	struct user *user;		/* the signed-in user, or NULL (session.h) */
	struct user *pending;		/* signed in by password, awaiting the second factor */
	struct tval *data;		/* what the page's template shows */
	/* Per-request state of the modules that keep some (new with each
	 * request: the worker makes a new ctx for each; none of it is kept in
	 * file-scope statics). */
	unsigned long long rights_generation;	/* rights_cache.h: 0 no cache */
	/* The rights generation read with this request's session, kept for
	 * the whole request (rights_generation is 0 after the rights are
	 * loaded): reference data about roles that a page only reads (the
	 * record panel) is cached under it. 0: none (no session). */
	unsigned long long session_generation;
	struct audit_views *views;	/* record.view records queued (audit_view.c):
					 * NULL until the first, then in the request arena */
	struct integrity_failures *integrity;	/* subject_key.h: failures noted; the
					 * worker's list, bound for the request */
};

/* A handler fills ctx->resp and returns the HTTP status. A status of 400
 * or above with an empty body gets the house error page from the worker;
 * a handler that wrote a body (a health probe's text) keeps it. */
typedef int (*handler_fn)(struct ctx *ctx);

#endif
