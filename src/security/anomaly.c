/* anomaly.c: owns the detectors of suspicious activity: per-user and
 * per-address state built from audit events (failure windows, sign-in
 * hours and networks, daily reading volumes, role sets), the rules that
 * compare an event with that state, and the deduplication that makes one
 * alert per kind, subject and window. Pure: no database, clock or I/O,
 * so the tests can replay a simulated week in milliseconds. Memory is
 * bounded by cfg->max_tracked and by pruning of stale entries. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anomaly.h"
#include "netprefix.h"

#define FAIL_RING_MAX 1024	/* largest fail_*_count honoured */
#define NAME_RING_MAX 128	/* usernames remembered per address */
#define NETS_MAX 16		/* networks remembered per user */
#define READ_DAYS 30		/* active days of reading volume kept */
#define PRUNE_EVERY 4096	/* events between pruning passes */
#define KEEP_IDLE (90 * 86400)	/* a user idle this long is forgotten */

static const char *const kind_names[ANOMALY__MAX] = {
	"auth.fail_burst.user", "auth.fail_burst.ip", "auth.credential_stuffing",
	"auth.new_network", "auth.odd_hour", "data.mass_read", "priv.admin_grant",
	"priv.role_update", "priv.roles_grew", "crypto.integrity",
	"auth.throttle.user", "auth.throttle.mfa", "priv.temp_grant",
	"backup.overdue", "backup.drill_overdue", "backup.drill_failed",
};
static const char *const severity_names[ANOMALY_SEVERITY__MAX] = {
	"low", "medium", "high", "critical"
};

/* ---- a small string-keyed hash map of entities ---- */

struct ent {
	struct ent *next;
	char *key;
	uint64_t hash;
	time_t last_seen;
	unsigned alerted_mask;		/* bit k: alerted[k] is set */
	time_t alerted[ANOMALY__MAX];	/* window of the last alert of kind k */
};

struct stamp {
	time_t at;
	uint64_t seq;
	uint64_t name;			/* username hash (address rings only) */
};

struct ring {
	struct stamp *s;
	unsigned cap, n, head;		/* head: next slot to write */
};

struct user {
	struct ent e;
	struct ring fails;
	unsigned logins, hours[24];
	struct { struct netprefix net; time_t seen; } nets[NETS_MAX];
	unsigned nnets;
	char *roles;			/* role list at the last sign-in */
	long day;			/* local day of day_items */
	unsigned long day_items;
	uint64_t day_first_seq;
	unsigned long days[READ_DAYS];	/* totals of earlier active days */
	unsigned ndays, dhead;
};

struct addr {
	struct ent e;
	struct ring fails, names;
};

struct map {
	struct ent **b;
	size_t nb, n;
};

struct anomaly {
	struct anomaly_config cfg;
	anomaly_alert_fn fn;
	void *arg;
	bool evaluating;
	int oom;
	time_t now;
	unsigned long events;
	struct map users, addrs, marks;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int
map_grow(struct map *m)
{
	size_t nb = m->nb ? m->nb * 2 : 64;
	struct ent **b = calloc(nb, sizeof(*b));

	if (b == NULL)
		return -1;
	for (size_t i = 0; i < m->nb; i++)
		for (struct ent *e = m->b[i], *next; e; e = next) {
			next = e->next;
			e->next = b[e->hash % nb];
			b[e->hash % nb] = e;
		}
	free(m->b);
	m->b = b;
	m->nb = nb;
	return 0;
}

/* Finds key; creates a zeroed entity of size bytes when create is set
 * and room is left. NULL when absent, full or out of memory (*oom). */
static struct ent *
map_get(struct map *m, const char *key, size_t size, bool create, size_t limit, int *oom)
{
	uint64_t h = hash_str(key);
	struct ent *e;

	for (e = m->nb ? m->b[h % m->nb] : NULL; e; e = e->next)
		if (e->hash == h && strcmp(e->key, key) == 0)
			return e;
	if (!create || m->n >= limit)
		return NULL;
	if ((m->n >= m->nb && map_grow(m) == -1) || (e = calloc(1, size)) == NULL ||
	    (e->key = strdup(key)) == NULL) {
		free(e);
		*oom = 1;
		return NULL;
	}
	e->hash = h;
	e->next = m->b[h % m->nb];
	m->b[h % m->nb] = e;
	m->n++;
	return e;
}

/* Removes the entities stale() says are of no further use. */
static void
map_prune(struct map *m, bool (*stale)(const struct ent *, const struct anomaly *),
    void (*destroy)(struct ent *), const struct anomaly *an)
{
	for (size_t i = 0; i < m->nb; i++)
		for (struct ent **pp = &m->b[i]; *pp;) {
			struct ent *e = *pp;
			if (!stale(e, an)) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			destroy(e);
			m->n--;
		}
}

static void
map_free(struct map *m, void (*destroy)(struct ent *))
{
	for (size_t i = 0; i < m->nb; i++)
		for (struct ent *e = m->b[i], *next; e; e = next) {
			next = e->next;
			destroy(e);
		}
	free(m->b);
	memset(m, 0, sizeof(*m));
}

static void
ent_destroy(struct ent *e)
{
	free(e->key);
	free(e);
}

static void
user_destroy(struct ent *e)
{
	struct user *u = (struct user *)e;

	free(u->fails.s);
	free(u->roles);
	ent_destroy(e);
}

static void
addr_destroy(struct ent *e)
{
	struct addr *a = (struct addr *)e;

	free(a->fails.s);
	free(a->names.s);
	ent_destroy(e);
}

/* ---- rings of recent events ---- */

static int
ring_push(struct ring *r, unsigned cap, const struct stamp *s)
{
	if (r->s == NULL) {
		if ((r->s = calloc(cap, sizeof(*r->s))) == NULL)
			return -1;
		r->cap = cap;
	}
	r->s[r->head] = *s;
	r->head = (r->head + 1) % r->cap;
	if (r->n < r->cap)
		r->n++;
	return 0;
}

/* The i-th newest entry (0 = newest); i < r->n. */
static const struct stamp *
ring_back(const struct ring *r, unsigned i)
{
	return &r->s[(r->head + r->cap - 1 - i) % r->cap];
}

/* True when the ring holds count entries within window seconds of the
 * newest; *first gets the oldest of them. */
static bool
ring_burst(const struct ring *r, unsigned count, time_t window, const struct stamp **first)
{
	if (count == 0 || r->n < count)
		return false;
	*first = ring_back(r, count - 1);
	return ring_back(r, 0)->at - (*first)->at <= window;
}

/* Distinct names among the entries within window of the newest. */
static unsigned
ring_distinct(const struct ring *r, time_t window, const struct stamp **first)
{
	unsigned distinct = 0;
	time_t newest = ring_back(r, 0)->at;

	for (unsigned i = 0; i < r->n; i++) {
		const struct stamp *s = ring_back(r, i);
		bool seen = false;
		if (newest - s->at > window)
			break;
		for (unsigned j = 0; j < i && !seen; j++)
			seen = ring_back(r, j)->name == s->name;
		if (!seen)
			distinct++;
		*first = s;
	}
	return distinct;
}

/* ---- small pure helpers: text, lists, JSON ---- */

static const char *
str(const char *s)
{
	return s ? s : "";
}

/* Copies src into dst, cut at a UTF-8 character boundary. */
static void
copy_utf8(char *dst, size_t dstsz, const char *src)
{
	size_t n = strlen(src);

	if (n >= dstsz) {
		n = dstsz - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* True when the comma-separated list holds tok[0..len). */
static bool
list_has(const char *list, const char *tok, size_t len)
{
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && *p == ' ')
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		if (n == len && len && memcmp(p, tok, len) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

/* Writes into out the members of list after missing from before and,
 * when only_in is set, present in it. Returns the number written. */
static unsigned
list_added(const char *before, const char *after, const char *only_in, char *out, size_t outsz)
{
	unsigned n = 0;
	size_t len = 0;

	out[0] = '\0';
	for (const char *p = after; p && *p;) {
		const char *end = strchr(p, ',');
		size_t k = end ? (size_t)(end - p) : strlen(p);
		while (k && *p == ' ')
			p++, k--;
		while (k && p[k - 1] == ' ')
			k--;
		if (k && !list_has(before, p, k) && (only_in == NULL || list_has(only_in, p, k)) &&
		    len + k + 2 < outsz) {
			len += (size_t)snprintf(out + len, outsz - len, "%s%.*s", n ? "," : "", (int)k, p);
			n++;
		}
		p = end ? end + 1 : NULL;
	}
	return n;
}

/* The value of the next "key" in json at or after *from: its first byte
 * after the colon and spaces, with *from moved past the key; NULL when
 * there is no further one. Not a JSON parser: detail texts are written by
 * the CRM itself (json.c), so keys are quoted and never inside strings. */
static const char *
json_value_of(const char *json, const char *key, const char **from)
{
	size_t klen = strlen(key);
	const char *p;

	while (*from != NULL && (p = strstr(*from, key)) != NULL) {
		const char *q = p + klen;
		bool quoted = p > json && p[-1] == '"' && *q == '"';
		*from = q;
		if (!quoted)
			continue;
		for (q++; *q == ' '; q++)
			;
		if (*q++ != ':')
			continue;
		for (; *q == ' '; q++)
			;
		return q;
	}
	return NULL;
}

/* Reads the JSON array of strings at "key" in json into a comma list.
 * Anything malformed ends the list; escapes are kept as written. */
static void
json_string_array(const char *json, const char *key, char *out, size_t outsz)
{
	const char *from = json, *q;
	size_t len = 0;

	out[0] = '\0';
	while ((q = json_value_of(json, key, &from)) != NULL) {
		if (*q != '[')
			continue;
		for (q++;;) {
			const char *s, *e;
			for (; *q == ' ' || *q == ','; q++)
				;
			if (*q != '"')
				return;
			for (s = e = q + 1; *e && *e != '"'; e++)
				if (*e == '\\' && e[1])
					e++;
			if (*e != '"' || len + (size_t)(e - s) + 2 >= outsz)
				return;
			len += (size_t)snprintf(out + len, outsz - len, "%s%.*s", len ? "," : "",
			    (int)(e - s), s);
			q = e + 1;
		}
	}
}

/* Reads the JSON string or number at top-level-ish "key" in json into
 * out (escapes kept as written); "" when absent or malformed. */
static void
json_scalar(const char *json, const char *key, char *out, size_t outsz)
{
	const char *from = json, *q, *e;

	out[0] = '\0';
	if ((q = json_value_of(json, key, &from)) == NULL)
		return;
	if (*q == '"') {
		for (e = ++q; *e && *e != '"'; e++)
			if (*e == '\\' && e[1])
				e++;
		if (*e != '"')
			return;
	} else {
		for (e = q; *e == '-' || (*e >= '0' && *e <= '9'); e++)
			;
	}
	snprintf(out, outsz, "%.*s", (int)(e - q), q);
}

/* A JSON object built field by field into a fixed buffer; a field that
 * does not fit is left out whole, so the text stays valid JSON. */
struct jbuf {
	char *p;
	size_t sz, len;
};

static void
jb_raw(struct jbuf *j, const char *key, const char *val, bool quote)
{
	char tmp[ANOMALY_DETAIL_MAX];
	size_t n = 0;

	n += (size_t)snprintf(tmp, sizeof(tmp), "%s\"%s\":%s", j->len > 1 ? "," : "", key,
	    quote ? "\"" : "");
	for (const unsigned char *s = (const unsigned char *)val; *s && n + 8 < sizeof(tmp); s++) {
		if (quote && (*s < 0x20 || *s == '"' || *s == '\\' || *s == 0x7f))
			n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "\\u%04x", *s);
		else
			tmp[n++] = (char)*s;
	}
	if (quote)
		tmp[n++] = '"';
	if (j->len + n + 2 > j->sz)
		return;
	memcpy(j->p + j->len, tmp, n);
	j->len += n;
	memcpy(j->p + j->len, "}", 2);
}

static void
jb_init(struct jbuf *j, char *buf, size_t sz)
{
	*j = (struct jbuf){ .p = buf, .sz = sz, .len = 1 };
	memcpy(buf, "{}", 3);
}

static void
jb_str(struct jbuf *j, const char *key, const char *val)
{
	jb_raw(j, key, str(val), true);
}

static void
jb_num(struct jbuf *j, const char *key, long long v)
{
	char n[24];

	snprintf(n, sizeof(n), "%lld", v);
	jb_raw(j, key, n, false);
}

/* ---- time ---- */

static time_t
floor_to(time_t t, time_t step)
{
	time_t r = t % step;

	return t - (r < 0 ? r + step : r);
}

static long
local_day(const struct anomaly *an, time_t at)
{
	return (long)(floor_to(at + an->cfg.tz_offset * 60, 86400) / 86400);
}

static int
local_hour(const struct anomaly *an, time_t at)
{
	time_t l = at + an->cfg.tz_offset * 60;

	return (int)((l - floor_to(l, 86400)) / 3600);
}

/* ---- alerts ---- */

static void
alert_init(struct anomaly_alert *al, enum anomaly_kind kind, enum anomaly_severity sev,
    const struct anomaly_event *ev, const char *subject, time_t window_start, uint64_t first_seq)
{
	memset(al, 0, sizeof(*al));
	al->kind = kind;
	al->severity = sev;
	copy_utf8(al->ip, sizeof(al->ip), str(ev->ip));
	copy_utf8(al->subject, sizeof(al->subject), subject);
	al->window_start = window_start;
	al->first_seq = first_seq;
	al->last_seq = ev->seq;
}

static time_t
dedup_window_of(const struct anomaly *an, time_t at)
{
	return floor_to(at, an->cfg.dedup_window > 0 ? an->cfg.dedup_window : 3600);
}

/* Reports al unless entity e already alerted of this kind in this window.
 * While learning nothing is reported, but the window is marked. */
static void
raise_alert(struct anomaly *an, struct ent *e, const struct anomaly_alert *al)
{
	unsigned bit = 1u << al->kind;

	if ((e->alerted_mask & bit) && e->alerted[al->kind] == al->window_start)
		return;
	e->alerted_mask |= bit;
	e->alerted[al->kind] = al->window_start;
	if (an->evaluating && an->fn != NULL)
		an->fn(al, an->arg);
}

/* An entity only used to remember alerts about an object (a row, a role). */
static struct ent *
mark(struct anomaly *an, const char *prefix, const char *name)
{
	char key[ANOMALY_SUBJECT_MAX + 8];

	snprintf(key, sizeof(key), "%s:%s", prefix, name);
	return map_get(&an->marks, key, sizeof(struct ent), true, (size_t)an->cfg.max_tracked, &an->oom);
}

static struct user *
user_get(struct anomaly *an, const char *name, bool always)
{
	size_t limit = always ? (size_t)-1 : (size_t)an->cfg.max_tracked;

	return (struct user *)map_get(&an->users, name, sizeof(struct user), true, limit, &an->oom);
}

/* ---- failed sign-ins ---- */

static void
fail_user(struct anomaly *an, const struct anomaly_event *ev, const struct stamp *s)
{
	unsigned count = (unsigned)an->cfg.fail_user_count;
	struct user *u = user_get(an, str(ev->actor), false);
	const struct stamp *first;
	struct anomaly_alert al;
	struct jbuf j;

	if (u == NULL || count == 0 || count > FAIL_RING_MAX)
		return;		/* at max_tracked, or a count the config refuses */
	if (ring_push(&u->fails, count, s) == -1) {
		an->oom = 1;
		return;
	}
	u->e.last_seen = ev->at;
	if (!ring_burst(&u->fails, count, an->cfg.fail_user_window, &first))
		return;
	alert_init(&al, ANOMALY_FAIL_USER, ANOMALY_HIGH, ev, str(ev->actor),
	    dedup_window_of(an, ev->at), first->seq);
	copy_utf8(al.actor, sizeof(al.actor), str(ev->actor));
	snprintf(al.summary, sizeof(al.summary), "%u failed sign-ins for user %s within %ld s (last from %s)",
	    count, al.actor, (long)(ev->at - first->at), al.ip);
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_num(&j, "failures", count);
	jb_num(&j, "seconds", (long long)(ev->at - first->at));
	jb_str(&j, "last_ip", ev->ip);
	raise_alert(an, &u->e, &al);
}

static void
fail_ip_burst(struct anomaly *an, const struct anomaly_event *ev, struct addr *a)
{
	const struct stamp *first;
	struct anomaly_alert al;
	struct jbuf j;

	if (!ring_burst(&a->fails, (unsigned)an->cfg.fail_ip_count, an->cfg.fail_ip_window, &first))
		return;
	alert_init(&al, ANOMALY_FAIL_IP, ANOMALY_HIGH, ev, str(ev->ip), dedup_window_of(an, ev->at),
	    first->seq);
	snprintf(al.summary, sizeof(al.summary), "%d failed sign-ins from %s within %ld s",
	    an->cfg.fail_ip_count, al.ip, (long)(ev->at - first->at));
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_num(&j, "failures", an->cfg.fail_ip_count);
	jb_num(&j, "seconds", (long long)(ev->at - first->at));
	raise_alert(an, &a->e, &al);
}

static void
fail_ip_stuffing(struct anomaly *an, const struct anomaly_event *ev, struct addr *a)
{
	const struct stamp *first = NULL;
	struct anomaly_alert al;
	struct jbuf j;
	unsigned n = ring_distinct(&a->names, an->cfg.fail_ip_window, &first);

	if (n < (unsigned)an->cfg.stuffing_users || first == NULL)
		return;
	alert_init(&al, ANOMALY_STUFFING, ANOMALY_HIGH, ev, str(ev->ip), dedup_window_of(an, ev->at),
	    first->seq);
	snprintf(al.summary, sizeof(al.summary), "credential stuffing: %u usernames failed to sign in "
	    "from %s within %ld s", n, al.ip, (long)(ev->at - first->at));
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_num(&j, "usernames", n);
	jb_num(&j, "seconds", (long long)(ev->at - first->at));
	jb_str(&j, "last_username", ev->actor);
	raise_alert(an, &a->e, &al);
}

static void
fail_ip(struct anomaly *an, const struct anomaly_event *ev, struct stamp *s)
{
	unsigned count = (unsigned)an->cfg.fail_ip_count;
	unsigned names = (unsigned)an->cfg.stuffing_users * 2;

	if (names > NAME_RING_MAX)
		names = NAME_RING_MAX;
	struct addr *a;

	if (ev->ip == NULL || ev->ip[0] == '\0')
		return;
	a = (struct addr *)map_get(&an->addrs, ev->ip, sizeof(struct addr), true,
	    (size_t)an->cfg.max_tracked, &an->oom);
	if (a == NULL)
		return;
	a->e.last_seen = ev->at;
	s->name = hash_str(str(ev->actor));
	if (count > 0 && count <= FAIL_RING_MAX) {
		if (ring_push(&a->fails, count, s) == -1)
			an->oom = 1;
		else
			fail_ip_burst(an, ev, a);
	}
	if (names > 0) {
		if (ring_push(&a->names, names, s) == -1)
			an->oom = 1;
		else
			fail_ip_stuffing(an, ev, a);
	}
}

static void
on_sign_in_failure(struct anomaly *an, const struct anomaly_event *ev)
{
	struct stamp s = { .at = ev->at, .seq = ev->seq };

	fail_user(an, ev, &s);
	if (strcmp(str(ev->action), "auth.login") == 0)
		fail_ip(an, ev, &s);
}

/* ---- successful sign-ins: networks, hours, roles ---- */

static int
net_index(const struct user *u, const struct netprefix *np)
{
	for (unsigned i = 0; i < u->nnets; i++)
		if (netprefix_equal(&u->nets[i].net, np))
			return (int)i;
	return -1;
}

static void
net_learn(struct user *u, const struct netprefix *np, time_t at)
{
	int i = net_index(u, np);

	if (i < 0 && u->nnets < NETS_MAX)
		i = (int)u->nnets++;
	else if (i < 0) {
		i = 0;
		for (unsigned k = 1; k < NETS_MAX; k++)
			if (u->nets[k].seen < u->nets[i].seen)
				i = (int)k;
	}
	u->nets[i].net = *np;
	u->nets[i].seen = at;
}

/* True when hour h and its neighbours hold at most max_percent of the
 * user's past sign-ins. */
static bool
hour_is_odd(const struct anomaly *an, const struct user *u, int h, unsigned *mass)
{
	*mass = u->hours[(h + 23) % 24] + u->hours[h] + u->hours[(h + 1) % 24];
	return u->logins >= (unsigned)an->cfg.odd_hour_min_logins &&
	    (unsigned long)*mass * 100 <= (unsigned long)u->logins * (unsigned)an->cfg.odd_hour_max_percent;
}

static void
login_alert(struct anomaly *an, const struct anomaly_event *ev, struct user *u,
    enum anomaly_kind kind, bool both, const char *what)
{
	struct anomaly_alert al;
	struct jbuf j;
	char net[48];
	struct netprefix np;

	alert_init(&al, kind, both ? ANOMALY_HIGH : ANOMALY_MEDIUM, ev, str(ev->actor),
	    dedup_window_of(an, ev->at), ev->seq);
	copy_utf8(al.actor, sizeof(al.actor), str(ev->actor));
	netprefix_parse(ev->ip, &np);
	snprintf(al.summary, sizeof(al.summary), "user %s signed in from %s %s", al.actor, al.ip, what);
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_str(&j, "network", netprefix_format(&np, net, sizeof(net)));
	jb_num(&j, "local_hour", local_hour(an, ev->at));
	jb_num(&j, "earlier_sign_ins", u->logins);
	jb_num(&j, "known_networks", u->nnets);
	if (both)
		jb_str(&j, "also", kind == ANOMALY_NEW_NETWORK ? "odd hour" : "new network");
	raise_alert(an, &u->e, &al);
}

static void
roles_grew(struct anomaly *an, const struct anomaly_event *ev, struct user *u)
{
	char added[256], admin[256];
	struct anomaly_alert al;
	struct jbuf j;
	bool is_admin;

	if (u->roles == NULL || list_added(u->roles, str(ev->roles), NULL, added, sizeof(added)) == 0)
		return;
	is_admin = list_added(u->roles, str(ev->roles), str(an->cfg.admin_roles), admin, sizeof(admin)) > 0;
	alert_init(&al, ANOMALY_ROLES_GREW, is_admin ? ANOMALY_HIGH : ANOMALY_MEDIUM, ev, str(ev->actor),
	    dedup_window_of(an, ev->at), ev->seq);
	copy_utf8(al.actor, sizeof(al.actor), str(ev->actor));
	snprintf(al.summary, sizeof(al.summary), "user %s signed in with new role(s) %.120s", al.actor, added);
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_str(&j, "before", u->roles);
	jb_str(&j, "after", ev->roles);
	jb_str(&j, "added", added);
	raise_alert(an, &u->e, &al);
}

static void
on_sign_in(struct anomaly *an, const struct anomaly_event *ev)
{
	struct user *u = user_get(an, str(ev->actor), true);
	struct netprefix np;
	bool known_net, new_net, odd;
	unsigned mass;
	int h = local_hour(an, ev->at);
	char *roles;

	if (u == NULL)
		return;
	u->e.last_seen = ev->at;
	known_net = !netprefix_parse(ev->ip, &np) || net_index(u, &np) >= 0;
	new_net = !known_net && u->logins >= (unsigned)an->cfg.new_network_min_logins;
	odd = hour_is_odd(an, u, h, &mass);
	if (new_net)
		login_alert(an, ev, u, ANOMALY_NEW_NETWORK, odd, "a network new for them");
	if (odd)
		login_alert(an, ev, u, ANOMALY_ODD_HOUR, new_net, "far outside their usual hours");
	roles_grew(an, ev, u);
	if (np.family != 0)
		net_learn(u, &np, ev->at);
	u->hours[h]++;
	u->logins++;
	if ((roles = strdup(str(ev->roles))) == NULL) {
		an->oom = 1;
		return;
	}
	free(u->roles);
	u->roles = roles;
}

/* ---- reading volume ---- */

static int
cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* The day's threshold: read_floor until the user has read_min_days
 * earlier active days, then max(read_floor, read_factor x their p95). */
static unsigned long
read_threshold(const struct anomaly *an, const struct user *u, unsigned long *p95)
{
	unsigned long v[READ_DAYS], t;

	*p95 = 0;
	if (u->ndays < (unsigned)an->cfg.read_min_days || u->ndays == 0)
		return (unsigned long)an->cfg.read_floor;
	memcpy(v, u->days, sizeof(v[0]) * u->ndays);
	qsort(v, u->ndays, sizeof(v[0]), cmp_ulong);
	*p95 = v[(u->ndays * 95 + 99) / 100 - 1];
	t = *p95 * (unsigned long)an->cfg.read_factor;
	return t > (unsigned long)an->cfg.read_floor ? t : (unsigned long)an->cfg.read_floor;
}

static void
read_roll_day(struct user *u, long day, uint64_t seq)
{
	if (u->day == day && u->day_items > 0)
		return;
	if (u->day_items > 0) {
		u->days[u->dhead] = u->day_items;
		u->dhead = (u->dhead + 1) % READ_DAYS;
		if (u->ndays < READ_DAYS)
			u->ndays++;
	}
	u->day = day;
	u->day_items = 0;
	u->day_first_seq = seq;
}

static void
on_read(struct anomaly *an, const struct anomaly_event *ev)
{
	struct user *u = user_get(an, str(ev->actor), true);
	unsigned long thr, p95;
	struct anomaly_alert al;
	struct jbuf j;
	long day = local_day(an, ev->at);

	if (u == NULL)
		return;
	u->e.last_seen = ev->at;
	if (day < u->day)	/* out of order: count it in the current day */
		day = u->day;
	read_roll_day(u, day, ev->seq);
	u->day_items += ev->items;
	if (u->day_items <= (thr = read_threshold(an, u, &p95)))
		return;
	alert_init(&al, ANOMALY_MASS_READ, ANOMALY_HIGH, ev, str(ev->actor),
	    (time_t)day * 86400 - an->cfg.tz_offset * 60, u->day_first_seq);
	copy_utf8(al.actor, sizeof(al.actor), str(ev->actor));
	snprintf(al.summary, sizeof(al.summary), "user %s read or exported %lu records today "
	    "(threshold %lu, their usual p95 %lu a day)", al.actor, u->day_items, thr, p95);
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_num(&j, "records_today", (long long)u->day_items);
	jb_num(&j, "threshold", (long long)thr);
	jb_num(&j, "p95", (long long)p95);
	jb_num(&j, "baseline_days", u->ndays);
	jb_str(&j, "last_action", ev->action);
	raise_alert(an, &u->e, &al);
}

/* ---- privileges and integrity ---- */

/* The user a record is about, by name: the detail's "username" (or
 * "user"), else "user ID" from the object id (records written before
 * they carried the name). */
static void
user_named(const struct anomaly_event *ev, const char *key, char *out, size_t outsz)
{
	json_scalar(str(ev->detail), key, out, outsz);
	if (out[0] == '\0')
		snprintf(out, outsz, "user %s", str(ev->object_id));
}

/* A role change is a person's action, or the directory sync applying
 * group-mapped roles at the user's own sign-in ("by": "directory"). */
static void
on_user_roles(struct anomaly *an, const struct anomaly_event *ev)
{
	char before[512], after[512], admin[256], subject[80], by[16];
	struct anomaly_alert al;
	struct jbuf j;
	struct ent *e;
	bool sync;

	json_string_array(str(ev->detail), "before", before, sizeof(before));
	json_string_array(str(ev->detail), "after", after, sizeof(after));
	if (list_added(before, after, str(an->cfg.admin_roles), admin, sizeof(admin)) == 0)
		return;
	json_scalar(str(ev->detail), "by", by, sizeof(by));
	sync = strcmp(by, "directory") == 0;
	user_named(ev, "username", subject, sizeof(subject));
	if ((e = mark(an, "grant", str(ev->object_id))) == NULL)
		return;
	e->last_seen = ev->at;
	alert_init(&al, ANOMALY_ADMIN_GRANT, ANOMALY_HIGH, ev, subject, dedup_window_of(an, ev->at), ev->seq);
	copy_utf8(al.actor, sizeof(al.actor), sync ? "directory" : str(ev->actor));
	if (sync)
		snprintf(al.summary, sizeof(al.summary),
		    "directory gave %.80s the role(s) %.90s (group mapping, at their sign-in)", al.subject, admin);
	else
		snprintf(al.summary, sizeof(al.summary), "%s gave %.80s the role(s) %.90s", al.actor,
		    al.subject, admin);
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_str(&j, "user_id", ev->object_id);
	jb_str(&j, "user", al.subject);
	jb_str(&j, "by", sync ? "directory" : "person");
	jb_str(&j, "added", admin);
	jb_str(&j, "after", after);
	raise_alert(an, e, &al);
}

/* Every temporary grant: who gave whom which right, how wide, and why.
 * An admin.* grant is high, any other medium. One alert per grant. */
static void
on_temp_grant(struct anomaly *an, const struct anomaly_event *ev)
{
	char grantee[80], module[40], action[24], scope[16], record[24], reason[200], id[24];
	char subject[ANOMALY_SUBJECT_MAX + 1], reach[48];
	struct anomaly_alert al;
	struct jbuf j;
	struct ent *e;

	user_named(ev, "user", grantee, sizeof(grantee));
	json_scalar(str(ev->detail), "module", module, sizeof(module));
	json_scalar(str(ev->detail), "action", action, sizeof(action));
	json_scalar(str(ev->detail), "scope", scope, sizeof(scope));
	json_scalar(str(ev->detail), "record", record, sizeof(record));
	json_scalar(str(ev->detail), "reason", reason, sizeof(reason));
	json_scalar(str(ev->detail), "grant", id, sizeof(id));
	snprintf(subject, sizeof(subject), "grant %s", id[0] ? id : str(ev->object_id));
	if (record[0])
		snprintf(reach, sizeof(reach), "record %s", record);
	else
		snprintf(reach, sizeof(reach), "scope %s", scope[0] ? scope : "all");
	if ((e = mark(an, "tg", id[0] ? id : str(ev->object_id))) == NULL)
		return;
	e->last_seen = ev->at;
	alert_init(&al, ANOMALY_TEMP_GRANT, strncmp(module, "admin.", 6) == 0 ? ANOMALY_HIGH : ANOMALY_MEDIUM,
	    ev, subject, dedup_window_of(an, ev->at), ev->seq);
	copy_utf8(al.actor, sizeof(al.actor), str(ev->actor));
	snprintf(al.summary, sizeof(al.summary), "%.40s granted %.40s %.24s/%.8s (%.30s), reason: %.60s",
	    al.actor, grantee, module, action, reach, reason);
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_str(&j, "granter", al.actor);
	jb_str(&j, "grantee", grantee);
	jb_str(&j, "module", module);
	jb_str(&j, "action", action);
	jb_str(&j, record[0] ? "record" : "scope", record[0] ? record : (scope[0] ? scope : "all"));
	jb_str(&j, "reason", reason);
	raise_alert(an, e, &al);
}

static void
on_object_alert(struct anomaly *an, const struct anomaly_event *ev, enum anomaly_kind kind,
    enum anomaly_severity sev, const char *what)
{
	char subject[ANOMALY_SUBJECT_MAX + 1];
	struct anomaly_alert al;
	struct jbuf j;
	struct ent *e;

	snprintf(subject, sizeof(subject), "%s %s", str(ev->object_type), str(ev->object_id));
	if ((e = mark(an, kind_names[kind], subject)) == NULL)
		return;
	e->last_seen = ev->at;
	alert_init(&al, kind, sev, ev, subject, dedup_window_of(an, ev->at), ev->seq);
	copy_utf8(al.actor, sizeof(al.actor), str(ev->actor));
	snprintf(al.summary, sizeof(al.summary), "%s: %s (by %s)", what, al.subject,
	    al.actor[0] ? al.actor : "-");
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_str(&j, "object_type", ev->object_type);
	jb_str(&j, "object_id", ev->object_id);
	jb_str(&j, "outcome", ev->outcome);
	raise_alert(an, e, &al);
}

static bool
is(const char *a, const char *b)
{
	return strcmp(str(a), b) == 0;
}

/* An auth.throttle record: the sign-in throttle engaged a username's
 * delay (object_type "user") or locked a second factor ("mfa"). The
 * throttle has already acted; the alert tells a person. */
static void
on_throttle(struct anomaly *an, const struct anomaly_event *ev)
{
	bool mfa = is(ev->object_type, "mfa");
	enum anomaly_kind kind = mfa ? ANOMALY_THROTTLE_MFA : ANOMALY_THROTTLE_USER;
	struct anomaly_alert al;
	struct jbuf j;
	struct ent *e;

	if (!mfa && !is(ev->object_type, "user"))
		return;
	if ((e = mark(an, kind_names[kind], str(ev->object_id))) == NULL)
		return;
	e->last_seen = ev->at;
	alert_init(&al, kind, mfa ? ANOMALY_HIGH : ANOMALY_MEDIUM, ev, str(ev->object_id),
	    dedup_window_of(an, ev->at), ev->seq);
	copy_utf8(al.actor, sizeof(al.actor), str(ev->object_id));
	snprintf(al.summary, sizeof(al.summary), mfa ?
	    "second factor of user %s locked after wrong codes (last from %s)" :
	    "sign-ins for user %s delayed after many failures (last from %s)",
	    al.actor, al.ip);
	jb_init(&j, al.detail, sizeof(al.detail));
	jb_str(&j, "throttle", ev->object_type);
	jb_str(&j, "last_ip", ev->ip);
	raise_alert(an, e, &al);
}

/* ---- dispatch, pruning, API ---- */

static void
dispatch(struct anomaly *an, const struct anomaly_event *ev)
{
	const char *act = str(ev->action);

	if (is(act, "auth.login") && is(ev->outcome, "success"))
		on_sign_in(an, ev);
	else if ((is(act, "auth.login") || is(act, "auth.mfa.verify")) && is(ev->outcome, "failure"))
		on_sign_in_failure(an, ev);
	else if ((is(act, "record.view") || is(act, "record.reveal") || is(act, "export")) &&
	    is(ev->outcome, "success"))
		on_read(an, ev);
	else if (is(act, "user.roles") && is(ev->outcome, "success"))
		on_user_roles(an, ev);
	else if (is(act, "grant.create") && is(ev->outcome, "success"))
		on_temp_grant(an, ev);
	else if (is(act, "role.update") && is(ev->outcome, "success"))
		on_object_alert(an, ev, ANOMALY_ROLE_UPDATE, ANOMALY_MEDIUM, "role permissions changed");
	else if (is(act, "auth.throttle"))
		on_throttle(an, ev);
	else if (is(act, "crypto.integrity"))
		on_object_alert(an, ev, ANOMALY_INTEGRITY, ANOMALY_CRITICAL,
		    "stored ciphertext failed authentication");
}

static time_t
longest_window(const struct anomaly *an)
{
	time_t w = an->cfg.dedup_window;

	if (an->cfg.fail_user_window > w)
		w = an->cfg.fail_user_window;
	if (an->cfg.fail_ip_window > w)
		w = an->cfg.fail_ip_window;
	return w;
}

static bool
user_stale(const struct ent *e, const struct anomaly *an)
{
	const struct user *u = (const struct user *)e;

	if (an->now - e->last_seen > KEEP_IDLE)
		return true;
	return u->logins == 0 && u->ndays == 0 && u->day_items == 0 &&
	    an->now - e->last_seen > longest_window(an);
}

static bool
ent_stale(const struct ent *e, const struct anomaly *an)
{
	return an->now - e->last_seen > longest_window(an);
}

static void
prune(struct anomaly *an)
{
	map_prune(&an->users, user_stale, user_destroy, an);
	map_prune(&an->addrs, ent_stale, addr_destroy, an);
	map_prune(&an->marks, ent_stale, ent_destroy, an);
}

static int
feed(struct anomaly *an, const struct anomaly_event *ev, bool evaluating)
{
	if (an->oom)
		return -1;
	if (ev->at > an->now)
		an->now = ev->at;
	an->evaluating = evaluating;
	dispatch(an, ev);
	if (++an->events % PRUNE_EVERY == 0)
		prune(an);
	return an->oom ? -1 : 0;
}

int
anomaly_learn(struct anomaly *an, const struct anomaly_event *ev)
{
	return feed(an, ev, false);
}

int
anomaly_evaluate(struct anomaly *an, const struct anomaly_event *ev)
{
	return feed(an, ev, true);
}

void
anomaly_config_defaults(struct anomaly_config *cfg)
{
	*cfg = (struct anomaly_config){
		.fail_user_count = 10, .fail_user_window = 600,
		.fail_ip_count = 20, .fail_ip_window = 600, .stuffing_users = 10,
		.new_network_min_logins = 5,
		.odd_hour_min_logins = 10, .odd_hour_max_percent = 1, .tz_offset = 0,
		.read_floor = 1000, .read_factor = 4, .read_min_days = 3,
		.dedup_window = 3600, .max_tracked = 200000,
		.admin_roles = "administrator",
	};
}

struct anomaly *
anomaly_new(const struct anomaly_config *cfg, anomaly_alert_fn fn, void *arg)
{
	struct anomaly *an = calloc(1, sizeof(*an));

	if (an == NULL)
		return NULL;
	an->cfg = *cfg;
	an->fn = fn;
	an->arg = arg;
	return an;
}

void
anomaly_free(struct anomaly *an)
{
	if (an == NULL)
		return;
	map_free(&an->users, user_destroy);
	map_free(&an->addrs, addr_destroy);
	map_free(&an->marks, ent_destroy);
	free(an);
}

size_t
anomaly_tracked(const struct anomaly *an)
{
	return an->users.n + an->addrs.n;
}

const char *
anomaly_kind_name(enum anomaly_kind kind)
{
	return kind < ANOMALY__MAX ? kind_names[kind] : "?";
}

const char *
anomaly_severity_name(enum anomaly_severity sev)
{
	return sev < ANOMALY_SEVERITY__MAX ? severity_names[sev] : "?";
}
