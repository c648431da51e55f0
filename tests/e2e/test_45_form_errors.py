"""test_45_form_errors.py: a record form sent with errors starts with an
error summary (id error-summary, reachable first, tabindex -1) linking
to each field in error (custom fields too), and each such field carries
aria-invalid="true" and aria-describedby naming its error paragraph,
which exists. The same form without errors has neither. Self-contained:
signs in the sales rep, and the administrator to add a custom field."""
import uuid
from html.parser import HTMLParser
from urllib.parse import urlencode

from harness import get, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of
from test_17_access import sessions
from test_43_custom_fields import add_field


class Elements(HTMLParser):
    """Every element's tag and attributes, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(text):
    p = Elements()
    p.feed(text)
    return p.elements


def by_id(els, ident):
    found = [a for _, a in els if a.get("id") == ident]
    assert len(found) <= 1, (ident, found)
    return found[0] if found else None


def send_bad_contact(session, **extra):
    page = get("/contacts/new", headers={"Cookie": session})
    assert page.status == 200
    fields = {"csrf": csrf_of(page.text), "first_name": "", "last_name": "Errors", "email": "not an email"}
    fields.update(extra)
    body = urlencode(fields).encode()
    return page, request("POST", "/contacts/new", body=body, headers=dict(FORM, Cookie=session))


def test_contact_form_error_summary_and_aria():
    """an invalid contact form links its errors from a summary and marks the fields"""
    name, pw = creds()["sales-rep"]
    _, sam = sign_in(name, pw)
    blank, r = send_bad_contact(sam)
    assert r.status in (200, 400, 422), (r.status, r.text[:300])
    els = elements(r.text)
    summary = by_id(els, "error-summary")
    assert summary is not None and summary.get("tabindex") == "-1", r.text[:2000]
    assert "There is a problem" in r.text
    # the summary comes before the first field of the form
    ids = [a.get("id") for _, a in els]
    assert ids.index("error-summary") < ids.index("first_name")
    links = [a["href"] for t, a in els if t == "a" and a.get("href", "").startswith("#")]
    for field in ("first_name", "email"):
        assert "#" + field in links, (field, links)
        control = by_id(els, field)
        assert control is not None and control.get("aria-invalid") == "true", (field, control)
        described = control.get("aria-describedby")
        assert described == field + "-error", (field, control)
        para = by_id(els, described)
        assert para is not None and "field-error" in para.get("class", ""), (field, para)
    # a field without an error is not marked
    assert "aria-invalid" not in by_id(els, "last_name")
    # the blank form has no summary and no field in error
    blank_els = elements(blank.text)
    assert by_id(blank_els, "error-summary") is None
    assert not [a for _, a in blank_els if "aria-invalid" in a]


def test_custom_field_error_in_summary():
    """a custom field in error is listed in the summary with its label and linked to its control"""
    label = "Budget " + uuid.uuid4().hex[:6]
    fid = add_field(label, type="money", currency="EUR")
    _, r = send_bad_contact(sessions()["sales-rep"], **{"cf_%s" % fid: "twelve"})
    els = elements(r.text)
    assert by_id(els, "error-summary") is not None, r.text[:2000]
    links = [a["href"] for t, a in els if t == "a" and a.get("href", "").startswith("#")]
    assert "#cf_%s" % fid in links and "#first_name" in links, links
    summary = r.text[r.text.index('id="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert label in summary and "Enter an amount" in summary, summary
    control = by_id(els, "cf_%s" % fid)
    assert control.get("aria-invalid") == "true" and by_id(els, "cf_%s-error" % fid) is not None, control
