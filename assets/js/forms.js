/* forms.js: owns moving the focus to the error summary of a form sent
 * back with errors, so keyboard and screen-reader users start there. It
 * is loaded only by templates/_error_summary.xhtml (CSP script-src
 * 'self'); without it the summary is still the first thing in the form
 * and focusable (tabindex -1). */
(function () {
	"use strict";
	var summary = document.getElementById("error-summary");

	if (summary !== null) {
		summary.focus();
	}
}());
