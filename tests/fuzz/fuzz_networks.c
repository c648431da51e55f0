/* fuzz_networks.c: fuzzes restriction_parse_networks on arbitrary text:
 * no crash; an accepted text's canonical form parses back to the same
 * rules; every rule allows its own network address; and
 * restriction_ip_allowed takes the input itself as a client address. */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "arena.h"
#include "restriction.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
same(const struct net_rule *a, size_t na, const struct net_rule *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].family != b[i].family || a[i].prefix != b[i].prefix ||
		    memcmp(a[i].addr, b[i].addr, sizeof(a[i].addr)) != 0)
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const clients[] = { "10.1.2.3", "192.168.1.7", "::1",
	    "2001:db8::1", "::ffff:10.0.0.1", "0.0.0.0", "255.255.255.255", "bogus", "" };
	struct net_rule *r = NULL, *r2 = NULL;
	size_t n = 0, n2 = 0;
	struct arena a;
	char err[200], *text;
	const char *canon;

	text = malloc(size + 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	arena_init(&a);
	if (restriction_parse_networks(text, &a, &r, &n, err, sizeof(err)) == 0) {
		if (n > RESTRICTION_NETS_MAX || (n == 0) != (r == NULL))
			abort();
		canon = restriction_networks_text(&a, r, n);
		if (restriction_parse_networks(canon, &a, &r2, &n2, err, sizeof(err)) != 0 ||
		    !same(r, n, r2, n2))
			abort();
		for (size_t i = 0; i < n; i++) {
			char ip[INET6_ADDRSTRLEN];

			if (inet_ntop(r[i].family, r[i].addr, ip, sizeof(ip)) == NULL ||
			    !restriction_ip_allowed(r + i, 1, ip))
				abort();
		}
		for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]); i++)
			(void)restriction_ip_allowed(r, n, clients[i]);
	} else if (err[0] == '\0' || strlen(err) >= sizeof(err))
		abort();	/* a refusal always says why */
	(void)restriction_ip_allowed(r, n, text);
	arena_reset(&a);
	free(text);
	return 0;
}
