/* test_anomaly.c: tests the detectors of anomaly.c and netprefix.c: a
 * seeded simulation of normal activity (40 users, three weeks learned,
 * one week evaluated for false positives) followed by injected attacks,
 * each of which must raise its alert; then table-driven edge cases. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anomaly.h"
#include "netprefix.h"
#include "tap.h"

#define USERS 40
#define LEARN_DAYS 21
#define WEEK 7
#define DAY 86400
#define T0 1700438400	/* Monday 2023-11-20 00:00 UTC */
#define MAX_EVENTS 200000
#define MAX_ALERTS 4096

/* ---- a deterministic PRNG (xorshift64*) ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static int
rnd_in(int lo, int hi)	/* lo..hi inclusive */
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

static bool
chance(int per_mille)
{
	return rnd_in(0, 999) < per_mille;
}

/* ---- the event stream ---- */

struct sim_event {
	struct anomaly_event ev;
	char actor[40], ip[46], action[24], outcome[12], roles[64], object_id[24], detail[96];
};

static struct sim_event *events;
static size_t nevents;

static struct sim_event *
add(time_t at, const char *actor, const char *ip, const char *action, const char *outcome,
    unsigned long items)
{
	struct sim_event *e = &events[nevents++];

	if (nevents > MAX_EVENTS)
		abort();
	memset(e, 0, sizeof(*e));
	snprintf(e->actor, sizeof(e->actor), "%s", actor);
	snprintf(e->ip, sizeof(e->ip), "%s", ip);
	snprintf(e->action, sizeof(e->action), "%s", action);
	snprintf(e->outcome, sizeof(e->outcome), "%s", outcome);
	snprintf(e->roles, sizeof(e->roles), "sales-rep");
	e->ev.at = at;
	e->ev.items = items;
	return e;
}

static int
by_time(const void *a, const void *b)
{
	const struct sim_event *x = a, *y = b;

	return x->ev.at < y->ev.at ? -1 : x->ev.at > y->ev.at;
}

/* Sorts by time, numbers the records and points the strings home. */
static void
finish_stream(void)
{
	qsort(events, nevents, sizeof(*events), by_time);
	for (size_t i = 0; i < nevents; i++) {
		struct sim_event *e = &events[i];
		e->ev.seq = i + 1;
		e->ev.actor = e->actor;
		e->ev.ip = e->ip;
		e->ev.action = e->action;
		e->ev.outcome = e->outcome;
		e->ev.roles = e->roles;
		e->ev.object_type = strcmp(e->action, "user.roles") == 0 ? "user" : "contact";
		e->ev.object_id = e->object_id;
		e->ev.detail = e->detail;
	}
}

/* ---- normal activity ---- */

struct sim_user {
	char name[16];
	int start_min;		/* usual first sign-in, minutes after midnight UTC */
	int nnets;
	char nets[3][46];	/* home networks: office, home, second home */
	int volume;		/* records read on a usual day */
};

static struct sim_user users[USERS];

static void
make_users(void)
{
	for (int u = 0; u < USERS; u++) {
		struct sim_user *s = &users[u];
		snprintf(s->name, sizeof(s->name), "user%02d", u + 1);
		s->start_min = rnd_in(7 * 60, 9 * 60 + 30);
		s->nnets = rnd_in(1, 3);
		snprintf(s->nets[0], sizeof(s->nets[0]), "203.0.113.%d", rnd_in(2, 6));	/* office NAT */
		for (int n = 1; n < s->nnets; n++)
			if (u % 5 == 0)
				snprintf(s->nets[n], sizeof(s->nets[n]), "2001:db8:%x:%x::%x", 100 + u, n,
				    rnd_in(1, 9999));
			else
				snprintf(s->nets[n], sizeof(s->nets[n]), "100.%d.%d.%d", 64 + u, n, rnd_in(2, 250));
		s->volume = u == 3 ? 900 : rnd_in(20, 300);	/* user04 is a heavy reader */
	}
}

/* A sign-in, now and then after a mistyped password. */
static void
sign_in(const struct sim_user *s, time_t at, const char *ip)
{
	if (chance(50)) {
		int n = rnd_in(1, 2);
		for (int i = 0; i < n; i++)
			add(at - 30 * (n - i), s->name, ip, "auth.login", "failure", 1);
	}
	add(at, s->name, ip, "auth.login", "success", 1);
}

static int normal_sign_ins;

static void
simulate_day(int day, bool count)
{
	time_t base = T0 + (time_t)day * DAY;
	bool weekend = day % 7 >= 5;

	for (int u = 0; u < USERS; u++) {
		const struct sim_user *s = &users[u];
		char travel[46];
		const char *ip = s->nets[rnd_in(0, s->nnets - 1)];
		int logins = rnd_in(1, 3), reads;
		time_t first = base + (s->start_min + rnd_in(-40, 40)) * 60;

		if (weekend && !chance(80))
			continue;
		if (chance(15)) {	/* travel: a hotel or a customer's network */
			snprintf(travel, sizeof(travel), "%d.%d.%d.%d", rnd_in(11, 199), rnd_in(0, 255),
			    rnd_in(0, 255), rnd_in(1, 254));
			ip = travel;
		}
		for (int i = 0; i < logins; i++) {
			time_t at = first + (time_t)i * rnd_in(150, 270) * 60;
			sign_in(s, at, i == 0 ? ip : s->nets[rnd_in(0, s->nnets - 1)]);
			normal_sign_ins += count;
		}
		reads = s->volume / 2 + rnd_in(0, s->volume);
		for (int left = reads; left > 0;) {
			int n = rnd_in(1, 40) < left ? rnd_in(1, 40) : left;
			add(first + rnd_in(60, 8 * 3600), s->name, ip, "record.view", "success", (unsigned long)n);
			left -= n;
		}
		if (chance(50))
			add(first + rnd_in(60, 8 * 3600), s->name, ip, "export", "success",
			    (unsigned long)rnd_in(10, s->volume / 2 + 10));
	}
}

/* ---- injected attacks, on the day after the evaluated week ---- */

#define ATTACK_DAY (LEARN_DAYS + WEEK)
#define STUFFER "198.51.100.77"
#define BRUTE_USER "user07"
#define NIGHT_USER "user12"
#define READER "user20"
#define PROMOTED_ID "15"
#define PROMOTED "user15"

static void
inject_attacks(void)
{
	time_t base = T0 + (time_t)ATTACK_DAY * DAY;
	struct sim_event *e;
	char name[32];

	for (int i = 0; i < 60; i++) {		/* credential stuffing, 5 minutes */
		snprintf(name, sizeof(name), i % 3 ? "victim%02d" : "user%02d", i % 40 + 1);
		add(base + 11 * 3600 + i * 5, name, STUFFER, "auth.login", "failure", 1);
	}
	for (int i = 0; i < 15; i++)		/* password guessing on one account */
		add(base + 14 * 3600 + i * 16, BRUTE_USER, "192.0.2.50", "auth.login", "failure", 1);
	/* a day worker signs in at 3 a.m. from another country's network */
	add(base + 3 * 3600 + 7 * 60, NIGHT_USER, "2a02:6b8:0:1::77", "auth.login", "success", 1);
	for (int i = 0; i < 50; i++)		/* mass reading, then a large export */
		add(base + 15 * 3600 + i * 20, READER, users[19].nets[0], "record.view", "success", 100);
	add(base + 15 * 3600 + 1200, READER, users[19].nets[0], "export", "success", 3000);
	e = add(base + 16 * 3600, "user01", "203.0.113.2", "user.roles", "success", 1);
	snprintf(e->object_id, sizeof(e->object_id), PROMOTED_ID);
	snprintf(e->detail, sizeof(e->detail), "{\"before\":[\"sales-rep\"],\"after\":[\"sales-rep\",\"administrator\"]}");
	e = add(base + 16 * 3600 + 600, PROMOTED, users[14].nets[0], "auth.login", "success", 1);
	snprintf(e->roles, sizeof(e->roles), "administrator,sales-rep");
	e = add(base + 16 * 3600 + 900, "user01", "203.0.113.2", "role.update", "success", 1);
	snprintf(e->object_id, sizeof(e->object_id), "sales-rep");
	e = add(base + 17 * 3600, "user09", users[8].nets[0], "crypto.integrity", "failure", 1);
	snprintf(e->object_id, sizeof(e->object_id), "42");
}

/* ---- collecting alerts ---- */

struct seen {
	enum anomaly_kind kind;
	char actor[65], ip[46], subject[ANOMALY_SUBJECT_MAX + 1];
	time_t at;
};

static struct seen alerts[MAX_ALERTS];
static size_t nalerts;
static time_t feeding_at;

static void
collect(const struct anomaly_alert *al, void *arg)
{
	(void)arg;
	if (nalerts == MAX_ALERTS)
		return;
	alerts[nalerts].kind = al->kind;
	snprintf(alerts[nalerts].actor, sizeof(alerts[0].actor), "%s", al->actor);
	snprintf(alerts[nalerts].ip, sizeof(alerts[0].ip), "%s", al->ip);
	snprintf(alerts[nalerts].subject, sizeof(alerts[0].subject), "%s", al->subject);
	alerts[nalerts].at = feeding_at;
	nalerts++;
}

static size_t
count_alerts(enum anomaly_kind kind, const char *actor, const char *ip, time_t from)
{
	size_t n = 0;

	for (size_t i = 0; i < nalerts; i++)
		if (alerts[i].kind == kind && alerts[i].at >= from &&
		    (actor == NULL || strcmp(alerts[i].actor, actor) == 0) &&
		    (ip == NULL || strcmp(alerts[i].ip, ip) == 0))
			n++;
	return n;
}

/* Learns everything before learn_until, evaluates the rest. */
static void
replay(struct anomaly *an, time_t learn_until)
{
	for (size_t i = 0; i < nevents; i++) {
		feeding_at = events[i].ev.at;
		if ((events[i].ev.at < learn_until ? anomaly_learn(an, &events[i].ev) :
		    anomaly_evaluate(an, &events[i].ev)) == -1)
			abort();
	}
}

static void
test_simulation(void)
{
	struct anomaly_config cfg;
	struct anomaly *an;
	time_t week = T0 + (time_t)LEARN_DAYS * DAY, attack = T0 + (time_t)ATTACK_DAY * DAY;
	size_t fp, by_kind[ANOMALY__MAX] = { 0 };
	char kinds[512] = "";

	events = calloc(MAX_EVENTS, sizeof(*events));
	make_users();
	for (int d = 0; d <= ATTACK_DAY; d++)
		simulate_day(d, d >= LEARN_DAYS && d < ATTACK_DAY);
	inject_attacks();
	finish_stream();
	anomaly_config_defaults(&cfg);
	an = anomaly_new(&cfg, collect, NULL);
	replay(an, week);

	for (size_t i = 0; i < nalerts; i++)
		if (alerts[i].at < attack)
			by_kind[alerts[i].kind]++;
	fp = 0;
	for (int k = 0; k < ANOMALY__MAX; k++) {
		fp += by_kind[k];
		if (by_kind[k])
			snprintf(kinds + strlen(kinds), sizeof(kinds) - strlen(kinds), " %s=%zu",
			    anomaly_kind_name((enum anomaly_kind)k), by_kind[k]);
	}
	printf("# anomaly: normal week %d users %d days (%zu events, %d sign-ins, after %d days learned): "
	    "%zu alerts, false-positive rate %.2f%% of sign-ins, %.2f%% of user-days;%s\n",
	    USERS, WEEK, nevents, normal_sign_ins, LEARN_DAYS, fp, 100.0 * (double)fp / normal_sign_ins,
	    100.0 * (double)fp / (USERS * WEEK), kinds[0] ? kinds : " none");
	ok(normal_sign_ins > 300, "the normal week has %d sign-ins", normal_sign_ins);
	ok(fp * 100 < (size_t)normal_sign_ins * 2, "false positives stay under 2%% of sign-ins (%zu)", fp);
	ok(by_kind[ANOMALY_FAIL_USER] + by_kind[ANOMALY_FAIL_IP] + by_kind[ANOMALY_STUFFING] == 0,
	    "mistyped passwords (also behind a shared office address) raise no burst alert");
	ok(by_kind[ANOMALY_MASS_READ] == 0, "usual reading, heavy reader included, raises no mass-read alert");

	ok(count_alerts(ANOMALY_STUFFING, NULL, STUFFER, attack) == 1,
	    "credential stuffing: one alert naming %s", STUFFER);
	ok(count_alerts(ANOMALY_FAIL_IP, NULL, STUFFER, attack) == 1,
	    "credential stuffing: one failure-burst alert for the address");
	ok(count_alerts(ANOMALY_FAIL_USER, BRUTE_USER, NULL, attack) == 1,
	    "password guessing: one failure-burst alert naming %s", BRUTE_USER);
	ok(count_alerts(ANOMALY_NEW_NETWORK, NIGHT_USER, NULL, attack) == 1,
	    "3 a.m. sign-in abroad: new-network alert naming %s", NIGHT_USER);
	ok(count_alerts(ANOMALY_ODD_HOUR, NIGHT_USER, NULL, attack) == 1,
	    "3 a.m. sign-in abroad: odd-hour alert naming %s", NIGHT_USER);
	ok(count_alerts(ANOMALY_MASS_READ, READER, NULL, attack) == 1,
	    "mass reading and export: one alert naming %s", READER);
	ok(count_alerts(ANOMALY_ADMIN_GRANT, "user01", NULL, attack) == 1,
	    "administrator role granted: alert naming who granted it");
	ok(count_alerts(ANOMALY_ROLES_GREW, PROMOTED, NULL, attack) == 1,
	    "promoted user signs in with more roles: alert naming %s", PROMOTED);
	ok(count_alerts(ANOMALY_ROLE_UPDATE, "user01", NULL, attack) == 1, "role permissions changed: alert");
	ok(count_alerts(ANOMALY_INTEGRITY, "user09", NULL, attack) == 1, "integrity failure: alert");
	ok(count_alerts(ANOMALY_FAIL_USER, "user01", NULL, attack) == 0,
	    "a real user among the stuffed names gets no per-user burst alert for 1-2 tries");
	anomaly_free(an);

	nalerts = 0;	/* the same records without warm-up: cold start */
	normal_sign_ins = 0;
	an = anomaly_new(&cfg, collect, NULL);
	replay(an, 0);
	fp = 0;
	for (size_t i = 0; i < nalerts; i++)
		fp += alerts[i].at < attack;
	printf("# anomaly: cold start, all %d days evaluated without warm-up: %zu alerts before the attacks "
	    "(%.2f per user-day)\n", ATTACK_DAY, fp, (double)fp / (USERS * ATTACK_DAY));
	ok(count_alerts(ANOMALY_STUFFING, NULL, STUFFER, attack) == 1, "cold start still sees the stuffing");
	anomaly_free(an);
	free(events);
}

/* ---- edge cases ---- */

static struct anomaly *
fresh(struct anomaly_config *cfg)
{
	nalerts = 0;
	anomaly_config_defaults(cfg);
	return anomaly_new(cfg, collect, NULL);
}

static void
feed(struct anomaly *an, bool evaluate, time_t at, const char *actor, const char *ip,
    const char *action, const char *outcome)
{
	static uint64_t seq;
	struct anomaly_event ev = { .seq = ++seq, .at = at, .actor = actor, .ip = ip, .action = action,
	    .outcome = outcome, .items = 1, .roles = "sales-rep" };

	feeding_at = at;
	if ((evaluate ? anomaly_evaluate(an, &ev) : anomaly_learn(an, &ev)) == -1)
		abort();
}

static void
test_empty_and_single(void)
{
	struct anomaly_config cfg;
	struct anomaly *an = fresh(&cfg);

	feed(an, true, T0 + 3 * 3600, "newbie", "192.0.2.1", "auth.login", "success");
	ok(nalerts == 0, "empty history: a first sign-in, even at 3 a.m., raises nothing");
	feed(an, true, T0 + DAY + 2 * 3600, "newbie", "198.51.100.9", "auth.login", "success");
	ok(nalerts == 0, "one earlier sign-in is no baseline: a new network at night raises nothing");
	feed(an, true, T0, NULL, NULL, NULL, NULL);
	feed(an, true, T0, "", "", "auth.login", "failure");
	feed(an, true, T0, "x", "1.2.3.4", "export", "success");
	ok(nalerts == 0, "missing and empty fields are ignored");
	anomaly_free(an);
}

static void
test_baseline_and_malformed(void)
{
	struct anomaly_config cfg;
	struct anomaly *an = fresh(&cfg);
	static const char *const bad[] = { "", "999.1.1.1", "1.2.3", "abc", "1.2.3.4:80", "fe80::1%eth0",
	    "1.2.3.4 ", "::ffff:1.2.3", "2001:db8::1::2", "0x7f.1.1.1", NULL };

	for (int d = 0; d < 20; d++)
		feed(an, false, T0 + d * DAY + 9 * 3600, "carol", "2001:db8:aa:1::5", "auth.login", "success");
	feed(an, true, T0 + 20 * DAY + 9 * 3600, "carol", "2001:db8:aa:ffff::1", "auth.login", "success");
	ok(nalerts == 0, "IPv6: another address in the same /48 is a known network");
	feed(an, true, T0 + 21 * DAY + 9 * 3600, "carol", "2001:db8:ab::1", "auth.login", "success");
	ok(count_alerts(ANOMALY_NEW_NETWORK, "carol", NULL, 0) == 1, "IPv6: another /48 is a new network");
	nalerts = 0;
	for (int i = 0; bad[i]; i++)
		feed(an, true, T0 + 22 * DAY + 9 * 3600 + i * 60, "carol", bad[i], "auth.login", "success");
	ok(nalerts == 0, "malformed addresses never count as a new network");
	anomaly_free(an);
}

static void
test_netprefix(void)
{
	static const struct { const char *a, *b; bool same; } cases[] = {
		{ "192.0.2.1", "192.0.2.254", true },
		{ "192.0.2.1", "192.0.3.1", false },
		{ "::ffff:192.0.2.7", "192.0.2.9", true },
		{ "2001:db8:1:2::5", "2001:db8:1:ffff::1", true },
		{ "2001:db8:1::1", "2001:db8:2::1", false },
		{ "2001:DB8:1::1", "2001:db8:1::2", true },
		{ "192.0.2.1", "::ffff:c000:201", true },
		{ "not-an-ip", "not-an-ip", false },
		{ "", "", false },
	};
	struct netprefix a, b;
	char buf[48];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		netprefix_parse(cases[i].a, &a);
		netprefix_parse(cases[i].b, &b);
		ok(netprefix_equal(&a, &b) == cases[i].same, "netprefix: %s and %s %s", cases[i].a, cases[i].b,
		    cases[i].same ? "share a network" : "do not");
	}
	ok(!netprefix_parse(NULL, &a) && a.family == 0, "netprefix: NULL is no address");
	netprefix_parse("2001:db8:1:2::5", &a);
	ok(strcmp(netprefix_format(&a, buf, sizeof(buf)), "2001:db8:1::/48") == 0, "netprefix: /48 shown (%s)", buf);
	netprefix_parse("192.0.2.77", &a);
	ok(strcmp(netprefix_format(&a, buf, sizeof(buf)), "192.0.2.0/24") == 0, "netprefix: /24 shown (%s)", buf);
}

static void
test_dedup_and_learn(void)
{
	struct anomaly_config cfg;
	struct anomaly *an = fresh(&cfg);
	time_t t = T0 + 10 * 3600;

	for (int i = 0; i < 30; i++)
		feed(an, true, t + i * 10, "dave", "192.0.2.8", "auth.login", "failure");
	ok(count_alerts(ANOMALY_FAIL_USER, "dave", NULL, 0) == 1, "30 failures in one window: one alert");
	ok(count_alerts(ANOMALY_FAIL_IP, NULL, "192.0.2.8", 0) == 1, "... and one for the address");
	anomaly_free(an);

	an = fresh(&cfg);	/* a burst that began in the learned history */
	for (int i = 0; i < 12; i++)
		feed(an, false, t + i * 10, "erin", "192.0.2.9", "auth.login", "failure");
	for (int i = 12; i < 20; i++)
		feed(an, true, t + i * 10, "erin", "192.0.2.9", "auth.login", "failure");
	ok(count_alerts(ANOMALY_FAIL_USER, "erin", NULL, 0) == 0,
	    "a burst already alerted while learning is not reported again in its window");
	nalerts = 0;
	feed(an, true, t + 2 * 3600, "erin", "192.0.2.9", "auth.login", "failure");
	ok(nalerts == 0, "a single failure hours later raises nothing");
	anomaly_free(an);

	an = fresh(&cfg);	/* slow guessing stays under the window */
	for (int i = 0; i < 30; i++)
		feed(an, true, t + i * 120, "frank", "192.0.2.10", "auth.login", "failure");
	ok(count_alerts(ANOMALY_FAIL_USER, "frank", NULL, 0) == 0, "one failure every 2 minutes is no burst");
	anomaly_free(an);
}

static void
test_stuffing_ipv6_and_bound(void)
{
	struct anomaly_config cfg;
	struct anomaly *an = fresh(&cfg);
	char name[32];

	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "guess%d", i);
		feed(an, true, T0 + i, name, "2001:db8:bad::1", "auth.login", "failure");
	}
	ok(count_alerts(ANOMALY_STUFFING, NULL, "2001:db8:bad::1", 0) == 1, "stuffing from an IPv6 address");
	anomaly_free(an);

	an = fresh(&cfg);
	cfg.max_tracked = 100;
	anomaly_free(an);
	an = anomaly_new(&cfg, collect, NULL);
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "spray%d", i);
		feed(an, true, T0 + i, name, "192.0.2.200", "auth.login", "failure");
	}
	ok(anomaly_tracked(an) <= 2 * 100, "5000 sprayed usernames hold at most max_tracked entries (%zu)",
	    anomaly_tracked(an));
	for (int i = 0; i < 8192; i++)
		feed(an, true, T0 + 2 * DAY + i, "late", "192.0.2.201", "record.view", "success");
	ok(anomaly_tracked(an) <= 3, "stale failure-only entries are pruned (%zu left)", anomaly_tracked(an));
	anomaly_free(an);
}

static void
test_roles(void)
{
	static const struct { const char *detail; size_t alerts; } cases[] = {
		{ "{\"before\":[\"sales-rep\"],\"after\":[\"sales-rep\",\"administrator\"]}", 1 },
		{ "{\"before\": [\"administrator\"], \"after\": [\"administrator\", \"finance\"]}", 0 },
		{ "{\"after\":[\"administrator\"]}", 1 },
		{ "{\"before\":[\"sales-rep\"],\"after\":[\"finance\"]}", 0 },
		{ "{\"before\":[\"sales-rep\"],\"after\":[\"administrator", 0 },
		{ "not json", 0 },
		{ "", 0 },
		{ "{\"after\":\"administrator\"}", 0 },
		{ "{\"xafter\":[\"administrator\"]}", 0 },
	};
	struct anomaly_config cfg;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct anomaly *an = fresh(&cfg);
		struct anomaly_event ev = { .seq = 1, .at = T0, .actor = "admin", .action = "user.roles",
		    .outcome = "success", .object_type = "user", .object_id = "7", .detail = cases[i].detail };
		anomaly_evaluate(an, &ev);
		ok(count_alerts(ANOMALY_ADMIN_GRANT, "admin", NULL, 0) == cases[i].alerts,
		    "user.roles %s: %zu alert(s)", cases[i].detail, cases[i].alerts);
		anomaly_free(an);
	}
}

/* auth.throttle records: one alert per user, kind and window, the kind
 * by object_type; anything else in object_type raises nothing. */
static void
test_throttle(void)
{
	static const struct {
		const char *object_type, *user;
		enum anomaly_kind kind;
		size_t alerts;
	} cases[] = {
		{ "mfa", "gina", ANOMALY_THROTTLE_MFA, 1 },
		{ "user", "hal", ANOMALY_THROTTLE_USER, 1 },
		{ "user", "hal", ANOMALY_THROTTLE_MFA, 0 },
		{ "pair", "ida", ANOMALY_THROTTLE_USER, 0 },
		{ "", "ida", ANOMALY_THROTTLE_MFA, 0 },
	};
	struct anomaly_config cfg;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct anomaly *an = fresh(&cfg);
		for (int k = 0; k < 3; k++) {
			struct anomaly_event ev = { .seq = (uint64_t)k + 1, .at = T0 + k * 60,
			    .actor = cases[i].user, .ip = "192.0.2.30", .action = "auth.throttle",
			    .outcome = "denied", .object_type = cases[i].object_type,
			    .object_id = cases[i].user };
			feeding_at = ev.at;
			anomaly_evaluate(an, &ev);
		}
		ok(count_alerts(cases[i].kind, cases[i].user, NULL, 0) == cases[i].alerts,
		    "auth.throttle %s x3: %zu %s alert(s)", cases[i].object_type, cases[i].alerts,
		    anomaly_kind_name(cases[i].kind));
		anomaly_free(an);
	}
}

/* The last alert a single event raised, with its summary. */
static struct anomaly_alert last;
static size_t nlast;

static void
keep_last(const struct anomaly_alert *al, void *arg)
{
	(void)arg;
	last = *al;
	nlast++;
}

static const struct anomaly_alert *
one_event(const char *actor, const char *action, const char *object_id, const char *detail)
{
	struct anomaly_config cfg;
	struct anomaly *an;
	struct anomaly_event ev = { .seq = 1, .at = T0, .actor = actor, .action = action,
	    .outcome = "success", .object_type = "user", .object_id = object_id, .detail = detail };

	anomaly_config_defaults(&cfg);
	nlast = 0;
	memset(&last, 0, sizeof(last));
	an = anomaly_new(&cfg, keep_last, NULL);
	anomaly_evaluate(an, &ev);
	anomaly_free(an);
	return nlast == 1 ? &last : NULL;
}

/* Who an alert names: the directory sync is not the person signing in,
 * and users are named by username; each temporary grant alerts. */
static void
test_actors_and_grants(void)
{
	const struct anomaly_alert *al;

	al = one_event("ada", "user.roles", "2", "{\"before\":[],\"after\":[\"administrator\"],"
	    "\"source\":\"directory groups at sign-in\",\"by\":\"directory\",\"username\":\"ada\"}");
	ok(al != NULL && strcmp(al->actor, "directory") == 0 && strstr(al->summary, "directory gave ada ") &&
	    strstr(al->summary, "user 2") == NULL, "sync at sign-in: actor directory, user by name (%s)",
	    al ? al->summary : "no alert");
	al = one_event("max", "user.roles", "5", "{\"before\":[],\"after\":[\"administrator\"],"
	    "\"by\":\"person\",\"username\":\"sam\"}");
	ok(al != NULL && strcmp(al->actor, "max") == 0 && strstr(al->summary, "max gave sam the role(s) administrator"),
	    "a person's change: the person and the user by name (%s)", al ? al->summary : "no alert");
	al = one_event("max", "user.roles", "5", "{\"before\":[],\"after\":[\"administrator\"]}");
	ok(al != NULL && strstr(al->summary, "max gave user 5 ") != NULL, "an old record without a name: user ID");
	al = one_event("max", "grant.create", "5", "{\"grant\":12,\"user\":\"sam\",\"module\":\"contacts\","
	    "\"action\":\"view\",\"scope\":\"team\",\"team\":1,\"reason\":\"cover for Jo\"}");
	ok(al != NULL && al->kind == ANOMALY_TEMP_GRANT && al->severity == ANOMALY_MEDIUM &&
	    strcmp(al->subject, "grant 12") == 0 &&
	    strstr(al->summary, "max granted sam contacts/view (scope team), reason: cover for Jo") != NULL,
	    "a grant names granter, grantee, right, scope and reason (%s)", al ? al->summary : "no alert");
	al = one_event("ada", "grant.create", "5", "{\"grant\":13,\"user\":\"sam\",\"module\":\"admin.users\","
	    "\"action\":\"edit\",\"scope\":\"all\",\"reason\":\"holiday cover\"}");
	ok(al != NULL && al->severity == ANOMALY_HIGH, "an admin.* grant is high");
	al = one_event("max", "grant.create", "5", "{\"grant\":14,\"user\":\"sam\",\"module\":\"deals\","
	    "\"action\":\"edit\",\"record\":77,\"reason\":\"one deal\"}");
	ok(al != NULL && strstr(al->summary, "deals/edit (record 77)") != NULL, "a record grant names the record");
}

int
main(void)
{
	test_simulation();
	test_empty_and_single();
	test_baseline_and_malformed();
	test_netprefix();
	test_dedup_and_learn();
	test_stuffing_ipv6_and_bound();
	test_roles();
	test_throttle();
	test_actors_and_grants();
	return tap_done();
}
