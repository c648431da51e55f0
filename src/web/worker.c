/* worker.c: owns the life of one worker: accept a FastCGI request,
 * decode it, route it, check its permission and CSRF token, run the
 * handler, send the response, free the request's memory. SIGTERM is
 * honoured between requests only, so a request in hand always completes. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <openssl/rand.h>

#include "audit.h"
#include "audit_grants.h"
#include "csrf.h"
#include "db.h"
#include "flash.h"
#include "log.h"
#include "page.h"
#include "request.h"
#include "response.h"
#include "route.h"
#include "session.h"
#include "subject_key.h"
#include "worker.h"

/* Seconds a client is asked to wait after a 503 (a database restart or
 * failover takes a few seconds). */
#define RETRY_AFTER_503 "5"

static volatile sig_atomic_t stop_requested;

static void
on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void
install_signals(void)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;	/* no SA_RESTART: accept() must see EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* A worker outliving its master would serve a stale generation. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

static void
new_request_id(char out[33])
{
	unsigned char raw[16];

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		fatal("RAND_bytes failed");
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

/* Reads exactly the announced body; returns 0 or 400 on a short body. */
static int
read_body(FCGX_Request *fr, struct request *req, char **body, size_t *len)
{
	size_t want = (size_t)req->content_length, got = 0;

	*body = arena_alloc(req->arena, want + 1);
	while (got < want) {
		int n = FCGX_GetStr(*body + got, (int)(want - got), fr->in);
		if (n <= 0)
			return 400;
		got += (size_t)n;
	}
	*len = got;
	return 0;
}

/* A session that is not fully signed in reaches only the routes marked
 * before_mfa (sign-in, sign-out, language, health), public or not:
 * with the code still pending, everything else goes to the code form;
 * while a role's required second factor is not enrolled, to the
 * enrolment page (PERM_MFA_SETUP). Returns 0 to go on, or the status. */
static int
session_state_gate(struct ctx *ctx, const struct route *route)
{
	if (route->need.before_mfa)
		return 0;
	if (ctx->user == NULL && ctx->pending != NULL)
		return page_redirect(ctx, "/login/mfa");
	if (ctx->user != NULL && ctx->user->mfa_due && route->need.kind != PERM_MFA_SETUP) {
		flash_set(ctx, FLASH_MFA_REQUIRED);
		return page_redirect(ctx, "/account/mfa");
	}
	return 0;
}

/* Decodes, routes, authorises and runs the handler; returns the status. */
static int
dispatch(FCGX_Request *fr, struct ctx *ctx, const struct request_limits *lim)
{
	const struct route *route = NULL;
	char allow[64];
	char *body;
	size_t len = 0;
	int st;

	switch (route_find(ctx, &route, allow, sizeof(allow))) {
	case ROUTE_NO_PATH:
		return 404;
	case ROUTE_NO_METHOD:
		response_header(ctx->resp, "Allow", arena_strdup(ctx->req->arena, allow));
		return 405;
	case ROUTE_FOUND:
		break;
	}
	if ((st = session_state_gate(ctx, route)) != 0)
		return st;
	if (route->need.kind != PERM_PUBLIC && ctx->user == NULL)
		return page_redirect(ctx, "/login");
	/* Every role of the user is restricted to other networks or hours:
	 * nothing but public pages (and signing out) until that changes. */
	if (ctx->user != NULL && route->need.kind != PERM_PUBLIC &&
	    ctx->user->rights.nroles_applying == 0 && ctx->user->rights.nroles_refused > 0)
		return 403;
	if (!permission_allows(ctx, &route->need))
		return 403;
	if (ctx->req->content_length > 0) {
		if ((st = read_body(fr, ctx->req, &body, &len)) != 0 ||
		    (st = request_set_body(ctx->req, body, len, lim)) != 0)
			return st;
	}
	/* The token is in the form, so after the body; before the handler. */
	if (route->csrf == CSRF_TOKEN && !csrf_valid(ctx))
		return 403;
	return route->handler(ctx);
}

/* Ciphertexts that failed authentication during the request become
 * crypto.integrity audit records, each in its own transaction: the
 * request's own transaction (if it failed because of them) is gone. */
static void
audit_integrity_failures(struct ctx *ctx)
{
	const struct integrity_failures *l = ctx->integrity;

	if (l->n == 0)
		return;
	if (db_in_transaction(ctx->db))
		db_rollback(ctx->db);	/* a handler that left one open changes nothing */
	for (size_t i = 0; i < l->n; i++)
		audit_ctx(ctx, AUDIT_CRYPTO_INTEGRITY, l->f[i].object_type, l->f[i].object_id,
		    AUDIT_FAILURE, 1, l->lost ? arena_printf(ctx->req->arena,
		    "{\"not_recorded\":%zu}", l->lost) : NULL);
}

/* response_flush's writer: the bytes, flushed to nginx at once. */
static int
send_now(void *arg, const char *data, size_t len)
{
	FCGX_Request *fr = arg;

	if (len > 0 && FCGX_PutStr(data, (int)len, fr->out) < 0)
		return -1;
	return FCGX_FFlush(fr->out) == 0 ? 0 : -1;
}

static void
send_response(FCGX_Request *fr, struct response *resp, int head_only)
{
	size_t len;
	char *out;

	if (resp->streamed) {	/* status and headers are gone: the rest of the body */
		if (resp->len > resp->sent && FCGX_PutStr(resp->body + resp->sent,
		    (int)(resp->len - resp->sent), fr->out) < 0)
			crm_info("client went away before the response was sent");
		return;
	}
	out = response_serialise(resp, head_only, &len);
	if (FCGX_PutStr(out, (int)len, fr->out) < 0)
		crm_info("client went away before the response was sent");
}

static void
handle(FCGX_Request *fr, struct arena *a, struct db *db, const struct conf *c,
    const struct request_limits *lim)
{
	struct request req;
	struct response resp;
	struct integrity_failures integrity = { 0 };
	struct ctx ctx = { .req = &req, .resp = &resp, .db = db, .conf = c,
	    .integrity = &integrity };
	struct timespec t0, t1;
	char path[256];
	int st;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	subject_key_bind_failures(&integrity);	/* this request's, until the end */
	response_init(&resp, a);
	resp.send = send_now;
	resp.send_arg = fr;
	st = request_from_params(&req, a, (const char *const *)fr->envp, lim);
	new_request_id(req.id);
	log_set_context(req.id, req.remote_addr, NULL);
	ctx.lang = page_language(&ctx);
	ctx.data = tv_map(a);
	/* A session that cannot be read is not an anonymous visitor: the
	 * answer is 503 and the session stays (no sign-in page, no lost
	 * CSRF token), and a POST is not run without its user. */
	if (st == 0 && session_load(&ctx) == -1)
		st = 503;
	else if (ctx.user != NULL)
		log_set_context(req.id, req.remote_addr, ctx.user->username);
	/* Before the handler: a page that streams sends its headers early. */
	response_header(&resp, "Cache-Control", "no-store");
	response_header(&resp, "X-Request-Id", req.id);
	if (st == 0)
		st = dispatch(fr, &ctx, lim);
	if (audit_flush_views(&ctx) == -1 && st < 500) {
		response_init(&resp, a);	/* the page is withheld */
		st = 503;
	}
	subject_key_bind_failures(NULL);	/* the audit below reads no keys */
	audit_integrity_failures(&ctx);
	if (!resp.streamed && st >= 400 && resp.len == 0)
		st = page_error(&ctx, st);
	if (!resp.streamed && st == 503 && response_header_get(&resp, "Retry-After") == NULL)
		response_header(&resp, "Retry-After", RETRY_AFTER_503);
	if (!resp.streamed)
		resp.status = st;
	send_response(fr, &resp, req.method == METHOD_HEAD);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_msg(st >= 500 ? LOG_LEVEL_ERROR : LOG_LEVEL_DEBUG, __func__,
	    "%s %s -> %d (%ld us)", req.method_name,
	    log_escape(path, sizeof(path), req.path), st,
	    (long)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000));
	log_clear_context();
}

void
worker_main(const struct conf *c, int listen_fd)
{
	struct request_limits lim;
	FCGX_Request fr;
	struct arena a;
	struct db *db;
	sigset_t term;

	install_signals();
	request_limits_default(&lim);
	lim.max_body = c->max_body;
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		fatal("cannot initialise libfcgi");
	arena_init(&a);
	audit_configure(c);
	db = db_new(c, false);
	/* Every new connection first proves the account cannot rewrite the
	 * audit trail; a worker whose account can serves nothing from it. */
	db_set_connect_hook(db, audit_grants_connect_hook, (void *)(uintptr_t)c);
	(void)db_ensure(db);	/* failure is retried per request */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	crm_info("worker ready");
	while (!stop_requested) {
		/* SIGTERM may interrupt accept() only; while a request is in
		 * hand it stays pending, so no read or write sees EINTR. */
		int rc = FCGX_Accept_r(&fr);
		sigprocmask(SIG_BLOCK, &term, NULL);
		if (rc < 0) {
			if (!stop_requested && errno != EINTR) {
				crm_warn("FCGX_Accept_r");
				sleep(1);	/* do not spin on a broken socket */
			}
		} else {
			handle(&fr, &a, db, c, &lim);
			FCGX_Finish_r(&fr);
			arena_reset(&a);
		}
		sigprocmask(SIG_UNBLOCK, &term, NULL);
	}
	crm_info("worker exiting");
	db_free(db);
	FCGX_Free(&fr, 1);
	exit(0);
}
