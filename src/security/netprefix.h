/* netprefix.h: the network a client address belongs to (IPv4 /24,
 * IPv6 /48), as a small comparable value. */
#ifndef CRM_NETPREFIX_H
#define CRM_NETPREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* family 0 means "not an address": such values never compare equal. */
struct netprefix {
	uint8_t family;		/* 0, 4 or 6 */
	uint8_t bytes[6];	/* the first 3 (IPv4) or 6 (IPv6) bytes */
};

/* Parses a textual IPv4 or IPv6 address (an IPv4-mapped IPv6 address
 * counts as IPv4) into its network. Returns false, with family 0, for
 * anything else, including NULL, an empty string and an address with a
 * port or a zone. Pure: no I/O, no allocation. */
bool netprefix_parse(const char *ip, struct netprefix *out);

bool netprefix_equal(const struct netprefix *a, const struct netprefix *b);

/* Writes the network as "192.0.2.0/24" or "2001:db8:1::/48" into out;
 * "?" when family is 0. Returns out. */
const char *netprefix_format(const struct netprefix *p, char *out, size_t outsz);

#endif
