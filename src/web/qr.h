/* qr.h: QR codes as SVG path data, for the MFA enrolment page. */
#ifndef CRM_QR_H
#define CRM_QR_H

#include "arena.h"

#define QR_MAX_TEXT 1024	/* bytes of text qr_path accepts */

/* The QR symbol of text (at most QR_MAX_TEXT bytes, case-sensitive 8-bit
 * data, error-correction level M) as bare SVG path data: the dark modules
 * as "M x y hN v1 h-N z" runs (only "Mhvz", digits and spaces), with a
 * 4-module quiet zone. *size gets the side of the square viewBox in
 * modules. The page's template writes the <svg> around it, so the
 * drawing goes out through the template engine like any other value.
 * Returns an arena string, or NULL (*size 0) when text is NULL, empty,
 * too long or cannot be encoded. */
const char *qr_path(struct arena *a, const char *text, int *size);

#endif
