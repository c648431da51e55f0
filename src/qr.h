/* qr.h: QR codes as inline SVG markup, for the MFA enrolment page. */
#ifndef CRM_QR_H
#define CRM_QR_H

#include "arena.h"

#define QR_MAX_TEXT 1024	/* bytes of text qr_svg accepts */

/* SVG for text (at most QR_MAX_TEXT bytes, encoded as case-sensitive
 * 8-bit data at error-correction level M): one <svg> element with a
 * viewBox, a white background rect and one <path> holding the dark
 * modules as "M x y hN v1 h-N z" runs, a 4-module quiet zone, role="img"
 * and aria-label from label (escaped like escape_attr; NULL is ""). No
 * script, style or event attributes, so it passes the page's CSP inline.
 * Returns an arena string, or NULL when text is NULL, too long or cannot
 * be encoded (errno from libqrencode is left as it was set). */
const char *qr_svg(struct arena *a, const char *text, const char *label);

/* The same symbol as bare SVG path data (the d attribute qr_svg writes,
 * only "Mhvz-", digits and spaces), for templates that write the <svg>
 * themselves; *size gets the side of the square viewBox in modules,
 * quiet zone included. Returns an arena string, or NULL (*size 0) on the
 * same errors as qr_svg or when size is NULL. */
const char *qr_path(struct arena *a, const char *text, int *size);

#endif
