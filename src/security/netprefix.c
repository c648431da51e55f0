/* netprefix.c: owns the mapping from a client address to its network
 * (IPv4 /24, IPv6 /48), which is what "a network never seen for this
 * user" compares. inet_pton does the parsing: it accepts exactly the
 * standard textual forms and nothing else. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "netprefix.h"

static const uint8_t v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

bool
netprefix_parse(const char *ip, struct netprefix *out)
{
	unsigned char a[16];

	memset(out, 0, sizeof(*out));
	if (ip == NULL || ip[0] == '\0' || strlen(ip) > 45)
		return false;
	if (inet_pton(AF_INET, ip, a) == 1) {
		out->family = 4;
		memcpy(out->bytes, a, 3);
		return true;
	}
	if (inet_pton(AF_INET6, ip, a) != 1)
		return false;
	if (memcmp(a, v4_mapped, sizeof(v4_mapped)) == 0) {
		out->family = 4;
		memcpy(out->bytes, a + 12, 3);
	} else {
		out->family = 6;
		memcpy(out->bytes, a, 6);
	}
	return true;
}

bool
netprefix_equal(const struct netprefix *a, const struct netprefix *b)
{
	return a->family != 0 && a->family == b->family &&
	    memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

const char *
netprefix_format(const struct netprefix *p, char *out, size_t outsz)
{
	const uint8_t *b = p->bytes;

	if (p->family == 4)
		snprintf(out, outsz, "%u.%u.%u.0/24", b[0], b[1], b[2]);
	else if (p->family == 6)
		snprintf(out, outsz, "%x:%x:%x::/48", (unsigned)(b[0] << 8 | b[1]),
		    (unsigned)(b[2] << 8 | b[3]), (unsigned)(b[4] << 8 | b[5]));
	else
		snprintf(out, outsz, "?");
	return out;
}
