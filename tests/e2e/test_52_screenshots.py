"""test_52_screenshots.py: full-page screenshots of the pages a sales team
looks at most (browser_pages.SHOTS: the board, the dashboard, a record,
global search, the role editor) at 1366 and 390 px, in English and
Chinese, saved as VAR/screenshots/<page>-<width>-<lang>.png. Each must
answer 2xx, be a PNG of a sensible size, and at 390 px the page must not
scroll sideways (document scrollWidth <= 390; a table the user scrolls
inside its own box is fine). A failure names page, language and width."""
import os
import struct

from browser_pages import SHOTS, path_of, setup, visit
from cdp import Browser
from harness import URL, VAR

OUT = os.path.join(VAR, "screenshots")
WIDTHS = (1366, 390)
LANGS = ("en", "zh-CN")


def _png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


def _shoot(width):
    setup()
    os.makedirs(OUT, exist_ok=True)
    problems = []
    browser = Browser(width=1366, height=900)
    try:
        browser.viewport(width)
        for lang in LANGS:
            for name, who, path in SHOTS:
                where = "%s (%s, %s, %d px)" % (name, path_of(path), lang, width)
                png = os.path.join(OUT, "%s-%d-%s.png" % (name.replace(" ", "-"), width, lang))
                if os.path.exists(png):
                    os.unlink(png)
                try:
                    status = visit(browser, URL, who, path, lang=lang)
                    if not 200 <= status < 300:
                        problems.append("%s: answered %s" % (where, status))
                        continue
                    browser.full_screenshot(png, width)
                    scroll = browser.evaluate("document.documentElement.scrollWidth")
                except RuntimeError as e:
                    problems.append("%s: %s" % (where, e))
                    continue
                w, h = _png_size(png)
                size = os.path.getsize(png)
                if w != width or h < 300 or size < 10000:
                    problems.append("%s: screenshot %dx%d, %d bytes" % (where, w, h, size))
                if width <= 400 and scroll > width:
                    wide = browser.evaluate(
                        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > %d"
                        " && !e.closest('.table-scroll, [data-scroll], .board')).slice(0, 5)"
                        ".map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                        " + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))"
                        % width)
                    problems.append("%s: the page scrolls sideways (scrollWidth %d); wider: %s" % (
                        where, scroll, ", ".join(wide or [])))
    finally:
        browser.close()
    assert not problems, "%d screenshot problems (pictures in %s):\n%s" % (len(problems), OUT, "\n".join(problems))


def test_screenshots_wide():
    """board, dashboard, contact, search and role editor at 1366 px in en and zh-CN: 2xx, a PNG of sensible size"""
    _shoot(1366)


def test_screenshots_phone():
    """the same at 390 px: 2xx, a PNG of sensible size, and no sideways scroll of the page"""
    _shoot(390)
