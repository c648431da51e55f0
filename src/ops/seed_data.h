/* seed_data.h: made-up demo values for crmctl seed (no database, no keys). */
#ifndef CRM_SEED_DATA_H
#define CRM_SEED_DATA_H

#include <stdint.h>

#include "arena.h"
#include "contact.h"

struct seed_rng {
	uint64_t s;
};

struct seed_person {
	const char *first, *last;
	const char *first_ascii, *last_ascii, *domain;	/* for the email address */
	const char *plain[CS__MAX];	/* NULL: left empty; the email once seed_person_email ran */
};

struct seed_deal {
	const char *name, *currency, *expected_close;
	long long amount_cents;
};

struct seed_activity {
	const char *kind, *subject, *body, *due_at;	/* due_at NULL unless a task */
};

void seed_rng_init(struct seed_rng *r, uint64_t seed);
uint32_t seed_rand(struct seed_rng *r);

/* A person without the email, which needs the contact's id (it keeps the
 * address unique): seed_person_email adds it. */
void seed_person(struct seed_rng *r, struct arena *a, struct seed_person *p);
void seed_person_email(struct arena *a, struct seed_person *p, long long id);
/* A company name, Swiss or Chinese. */
const char *seed_company(struct seed_rng *r, struct arena *a);
void seed_deal(struct seed_rng *r, struct arena *a, const char *company, struct seed_deal *d);
void seed_activity(struct seed_rng *r, struct arena *a, struct seed_activity *act);

#endif
