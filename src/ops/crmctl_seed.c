/* crmctl_seed.c: owns "crmctl seed": demo data for trials and benchmarks.
 * Creates contacts (each sealed under its own data key exactly as the
 * contact pages do, so the application reads them), about one account
 * per ten contacts, one deal per twenty across the stages and a few
 * activities, all owned by one user who has signed in before. Works in
 * batches, one transaction each: an interrupt (^C, SIGTERM, SIGHUP) finishes the
 * current batch and stops, a second one kills it and the open batch rolls
 * back; committed batches stay. One audit record (import, detail
 * {"seed":true}) counts what the run created. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "crmctl.h"
#include "db.h"
#include "json.h"
#include "keyring.h"
#include "record_decl.h"
#include "record_secrets.h"
#include "seed_data.h"
#include "stmt.h"
#include "subject_key.h"

#define BATCH_MAX 10000
#define NSTAGES_MAX 32

struct seed_run {
	const struct conf *c;
	struct db *db;
	struct arena a;			/* one batch; reset (and wiped) after it */
	struct seed_rng rng;
	const char *owner;
	long long owner_id, team_id, want, batch;
	long long contacts, accounts, deals, activities;
	long long stage_id[NSTAGES_MAX], stage_prob[NSTAGES_MAX];
	int nstages;
	double key_secs;		/* spent in subject_key_create */
	long long account_ids[BATCH_MAX / 10 + 1], contact_ids[BATCH_MAX];
	char sample[320];		/* "ID EMAIL" of the first contact */
	char admin[128];		/* the default owner's name */
};

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Finds the owner (default: the first administrator) and refuses one who
 * has never signed in: the users row is made at the first sign-in. */
static int
resolve_owner(struct seed_run *s)
{
	struct seed_first_admin_in ain = { 0 };
	struct seed_first_admin_out admin;
	struct seed_owner_get_in in;
	struct seed_owner_get_out out;

	if (s->owner == NULL) {
		if (stmt_seed_first_admin(s->db, &s->a, &ain, &admin) != DB_OK)
			return -1;
		if (admin.n == 0) {
			fprintf(stderr, "crmctl: no administrator has signed in yet; name the owner with --owner USER\n");
			return -1;
		}
		snprintf(s->admin, sizeof(s->admin), "%s", admin.rows[0].username);
		s->owner = s->admin;
	}
	in = (struct seed_owner_get_in){ .username = s->owner };
	if (stmt_seed_owner_get(s->db, &s->a, &in, &out) != DB_OK)
		return -1;
	if (out.n == 0 || out.rows[0].signed_in == 0) {
		fprintf(stderr, "crmctl: %s has never signed in to the CRM; seed data can only be owned by a "
		    "user who has (sign in once, or choose another --owner)\n", s->owner);
		return -1;
	}
	if (out.rows[0].disabled != 0) {
		fprintf(stderr, "crmctl: %s is disabled; choose another --owner\n", s->owner);
		return -1;
	}
	s->owner_id = out.rows[0].id;
	s->team_id = out.rows[0].team_id;
	return 0;
}

static int
load_stages(struct seed_run *s)
{
	struct seed_stages_in in = { 0 };
	struct seed_stages_out out;

	if (stmt_seed_stages(s->db, &s->a, &in, &out) != DB_OK || out.n == 0)
		return -1;
	for (size_t i = 0; i < out.n && s->nstages < NSTAGES_MAX; i++, s->nstages++) {
		s->stage_id[s->nstages] = out.rows[i].id;
		s->stage_prob[s->nstages] = out.rows[i].probability;
	}
	return 0;
}

static int
insert_accounts(struct seed_run *s, int n)
{
	struct seed_account_insert_in in = { .owner_id = s->owner_id, .team_id = s->team_id };
	struct seed_account_insert_out out;

	for (int i = 0; i < n; i++) {
		in.name = seed_company(&s->rng, &s->a);
		if (stmt_seed_account_insert(s->db, &s->a, &in, &out) != DB_OK)
			return -1;
		s->account_ids[i] = (long long)out.insert_id;
	}
	return 0;
}

/* A note, call, meeting or task on contact id, its body sealed under the
 * contact's key k as the activity pages do (AAD activities/body/ID). */
static int
insert_activity(struct seed_run *s, long long contact_id, const struct subject_key *k)
{
	struct seed_activity act;
	struct activity_insert_in in;
	struct activity_insert_out out;
	struct activity_set_body_in body;
	struct activity_set_body_out done;
	const char *plain[SECRETS_MAX];
	struct db_value bidx[SECRETS_MAX];

	seed_activity(&s->rng, &s->a, &act);
	plain[0] = act.body;
	in = (struct activity_insert_in){ .kind = act.kind, .subject = act.subject,
	    .related_type = "contact", .related_id = contact_id, .due = act.due_at,
	    .owner_id = s->owner_id, .team_id = s->team_id };
	if (stmt_activity_insert(s->db, &s->a, &in, &out) != DB_OK)
		return -1;
	body.id = (long long)out.insert_id;
	if (secrets_seal_with(record_secret_kind(record_decl_of(RK_ACTIVITIES)), k, &s->a, body.id, plain,
	    &body.body, bidx) == -1 ||
	    stmt_activity_set_body(s->db, &s->a, &body, &done) != DB_OK)
		return -1;
	s->activities++;
	return 0;
}

/* One contact of the batch: row, data key, sealed fields, blind indexes. */
static int
insert_contact(struct seed_run *s, long long account_id, long long *id, struct subject_key **k)
{
	struct seed_person person;
	double t;

	seed_person(&s->rng, &s->a, &person);
	*id = contact_insert_row(s->db, &s->a, account_id, person.first, person.last, s->owner_id, s->team_id);
	if (*id == -1)
		return -1;
	seed_person_email(&s->a, &person, *id);
	t = now();
	if (subject_key_create(s->db, &s->a, "contact", *id, k) != SUBJECT_KEY_OK)
		return -1;
	s->key_secs += now() - t;
	if (contact_store_secrets(s->db, &s->a, *k, *id, person.plain) == -1)
		return -1;
	if (s->sample[0] == '\0')
		snprintf(s->sample, sizeof(s->sample), "%lld %s", *id, person.plain[CS_EMAIL]);
	return 0;
}

/* n deals on the batch's accounts and contacts, across every stage. */
static int
insert_deals(struct seed_run *s, int n, int naccounts, int ncontacts)
{
	struct seed_deal_insert_in in;
	struct seed_deal_insert_out out;
	struct seed_deal d;

	for (int i = 0; i < n; i++) {
		int st = (int)(seed_rand(&s->rng) % (unsigned)s->nstages);
		int ac = (int)(seed_rand(&s->rng) % (unsigned)naccounts);
		seed_deal(&s->rng, &s->a, seed_company(&s->rng, &s->a), &d);
		in = (struct seed_deal_insert_in){ .name = d.name, .account_id = s->account_ids[ac],
		    .contact_id = s->contact_ids[seed_rand(&s->rng) % (unsigned)ncontacts],
		    .amount_cents = d.amount_cents, .currency = d.currency, .stage_id = s->stage_id[st],
		    .probability = s->stage_prob[st], .expected_close = d.expected_close,
		    .owner_id = s->owner_id, .team_id = s->team_id };
		if (stmt_seed_deal_insert(s->db, &s->a, &in, &out) != DB_OK)
			return -1;
		s->deals++;
	}
	return 0;
}

/* One transaction of n contacts with their accounts, deals and (one
 * contact in a hundred) an activity. 0, or -1 rolled back. */
static int
seed_batch(struct seed_run *s, int n)
{
	int naccounts = n / 10 > 0 ? n / 10 : 1;
	struct subject_key *k;

	if (db_begin(s->db) != DB_OK || insert_accounts(s, naccounts) == -1)
		goto fail;
	for (int i = 0; i < n; i++) {
		if (insert_contact(s, s->account_ids[i % naccounts], &s->contact_ids[i], &k) == -1)
			goto fail;
		if (i % 100 == 0 && insert_activity(s, s->contact_ids[i], k) == -1)
			goto fail;
	}
	if (insert_deals(s, n / 20, naccounts, n) == -1 || db_commit(s->db) != DB_OK)
		goto fail;
	s->accounts += naccounts;
	s->contacts += n;
	arena_reset(&s->a);
	return 0;
fail:
	db_rollback(s->db);
	arena_reset(&s->a);
	return -1;
}

static void
progress(const struct seed_run *s, double t0, bool last)
{
	double secs = now() - t0;

	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r%lld/%lld contacts, %.0f/s, %.0f s%s", s->contacts, s->want,
	    secs > 0 ? (double)s->contacts / secs : 0.0, secs, last ? "\n" : "   ");
}

/* The run's audit record (in its own transaction) and the summary. */
static int
finish(struct seed_run *s, double secs, bool failed)
{
	long long rows = s->contacts + s->accounts + s->deals + s->activities;
	const char *detail = arena_printf(&s->a, "{\"seed\":true,\"owner\":%s,\"contacts\":%lld,"
	    "\"accounts\":%lld,\"deals\":%lld,\"activities\":%lld,\"complete\":%s}",
	    json_quote(&s->a, s->owner), s->contacts, s->accounts, s->deals, s->activities,
	    s->contacts == s->want ? "true" : "false");

	if (rows > 0 && crmctl_audit(s->db, &s->a, s->c, AUDIT_IMPORT, "contacts", "seed",
	    failed ? AUDIT_FAILURE : AUDIT_SUCCESS, rows, detail) == -1) {
		fprintf(stderr, "crmctl: the audit record of the seed run failed (see the log)\n");
		failed = true;
	}
	printf("seeded for %s: %lld contacts, %lld accounts, %lld deals, %lld activities in %.1f s"
	    " (%.0f contacts/s; data keys %.1f s of it)\n", s->owner, s->contacts, s->accounts,
	    s->deals, s->activities, secs, secs > 0 ? (double)s->contacts / secs : 0.0, s->key_secs);
	if (s->sample[0] != '\0')
		printf("sample contact: %s\n", s->sample);
	if (s->contacts < s->want)
		printf("stopped early: %lld of %lld contacts committed; run again for the rest\n",
		    s->contacts, s->want);
	return failed || s->contacts < s->want ? 1 : 0;
}

static int
run(struct seed_run *s)
{
	/* SA_RESTART: a statement in flight completes; the batch then commits. */
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESETHAND | SA_RESTART };
	double t0 = now();
	bool failed = false;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	seed_rng_init(&s->rng, (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32));
	while (s->contacts < s->want && !interrupted) {
		long long n = s->want - s->contacts < s->batch ? s->want - s->contacts : s->batch;
		if (seed_batch(s, (int)n) == -1) {
			fprintf(stderr, "\ncrmctl: a batch failed and was rolled back (see the log)\n");
			failed = true;
			break;
		}
		progress(s, t0, false);
	}
	progress(s, t0, true);
	return finish(s, now() - t0, failed);
}

/* A positive decimal count, or -1. */
static long long
count_arg(const char *v)
{
	char *end;
	long long n = strtoll(v, &end, 10);

	return end != v && *end == '\0' && n > 0 ? n : -1;
}

static int
parse_args(int argc, char *argv[], struct seed_run *s)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--contacts") == 0 && i + 1 < argc)
			s->want = count_arg(argv[++i]);
		else if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc)
			s->batch = count_arg(argv[++i]);
		else if (strcmp(argv[i], "--owner") == 0 && i + 1 < argc)
			s->owner = argv[++i];
		else
			return -1;
	}
	return s->want >= 1 && s->batch >= 1 && s->batch <= BATCH_MAX ? 0 : -1;
}

int
cmd_seed(struct conf *c, int argc, char *argv[])
{
	struct seed_run *s = calloc(1, sizeof(*s));
	int rc = 1;

	if (s == NULL)
		return 1;
	s->c = c;
	s->batch = 1000;
	if (parse_args(argc, argv, s) == -1) {
		fprintf(stderr, "usage: crmctl seed --contacts N [--owner USER] [--batch ROWS]\n");
		free(s);
		return 2;
	}
	arena_init(&s->a);
	s->db = db_new(c, true);
	if (crmctl_keyring_load(c) == 0 && resolve_owner(s) == 0) {
		if (load_stages(s) == 0)
			rc = run(s);
		else
			fprintf(stderr, "crmctl: cannot read deal_stages (is migration 012 applied?)\n");
	}
	arena_reset(&s->a);
	db_free(s->db);
	free(s);
	return rc;
}
