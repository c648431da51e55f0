"""test_09_browser.py: real headless Chromium loads the pages through nginx
under the strict CSP: screenshots (test artefacts under the instance's
screenshots/ directory) and no CSP violation in the browser's console."""
import os
import shutil
import subprocess
import tempfile

from harness import URL, VAR

SHOTS = os.path.join(VAR, "screenshots")
PAGES = [("home", "/", "en"), ("language", "/account/language", "en"),
         ("language-zh", "/account/language", "zh-CN"), ("not-found", "/no-such-page", "en")]


def _chromium(args):
    profile = tempfile.mkdtemp()
    try:
        return subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + profile, "--ignore-certificate-errors",
             "--enable-logging=stderr", "--v=0", "--window-size=1200,800"] + args,
            capture_output=True, text=True, timeout=90)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def test_screenshots_and_csp():
    """each page renders in Chromium with its stylesheet and no CSP violation"""
    os.makedirs(SHOTS, exist_ok=True)
    for name, path, lang in PAGES:
        png = os.path.join(SHOTS, name + ".png")
        if os.path.exists(png):
            os.unlink(png)
        r = _chromium(["--lang=" + lang, "--accept-lang=" + lang, "--screenshot=" + png, URL + path])
        assert os.path.exists(png), (name, r.stderr[-500:])
        with open(png, "rb") as f:
            head = f.read(8)
        assert head == b"\x89PNG\r\n\x1a\n" and os.path.getsize(png) > 8000, name
        assert "Content Security Policy" not in r.stderr, (name, r.stderr[-800:])


def test_dom_styled():
    """the stylesheet is applied: the DOM Chromium builds has the layout's landmarks"""
    r = _chromium(["--dump-dom", URL + "/"])
    assert "<main" in r.stdout and 'class="site-header"' in r.stdout, r.stdout[:300]
