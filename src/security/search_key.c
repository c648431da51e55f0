/* search_key.c: owns the classification of a list's search term and the
 * refusal of a search by a field the user may not use as a key
 * (search_key.h). The normalisers are envelope.c's, the same ones the
 * blind indexes are computed with, so what is refused here is exactly
 * what the lists would have looked up; a phone number without a country
 * code is read in [server] phone_region. */
#include "config.h"

#include <string.h>

#include "conf.h"
#include "envelope.h"
#include "i18n.h"
#include "search_key.h"

#define MSG_NO_EMAIL N_("Your role does not see email addresses in clear here, so it cannot search by them. Search by name instead.")
#define MSG_NO_PHONE N_("Your role does not see phone numbers in clear here, so it cannot search by them. Search by name instead.")

enum search_field
search_field_of(struct arena *a, const char *q, const char **norm)
{
	const char *n = NULL;
	enum search_field f = SEARCH_NAME;

	if (q != NULL && q[0] != '\0') {
		if (strchr(q, '@') != NULL && (n = normalise_email(a, q)) != NULL)
			f = SEARCH_EMAIL;
		else if ((n = normalise_phone(a, q, conf_phone_region())) != NULL)
			f = SEARCH_PHONE;
	}
	if (norm != NULL)
		*norm = f == SEARCH_NAME ? NULL : n;
	return f;
}

const char *
search_field_name(enum search_field f)
{
	return f == SEARCH_EMAIL ? "email" : f == SEARCH_PHONE ? "phone" : NULL;
}

const char *
search_refusal(const struct rights *r, struct arena *a, enum rbac_module m, const char *q)
{
	enum search_field f = search_field_of(a, q, NULL);

	if (f == SEARCH_NAME || rbac_field_keyable(r, m, search_field_name(f)))
		return NULL;
	return f == SEARCH_EMAIL ? MSG_NO_EMAIL : MSG_NO_PHONE;
}
