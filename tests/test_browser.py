"""Every rendered report in a real browser: no console errors, every image loads, planted scripts do not run.

Needs Debian's ``chromium`` (``.ci/run`` installs it when missing); without it the test says why it skips.
Reports are served from a local HTTP server on 127.0.0.1 and loaded by a checker page in an iframe of the
same origin, which reports what it finds into its own DOM; Chromium's ``--dump-dom`` prints that, and its
log on stderr carries the console messages.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from lavrovkit.reports import render_all

from .conftest import SEEDS

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHECKER = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>checker</title></head><body>
<pre id="result">pending</pre>
<iframe id="report" style="width:1200px;height:900px"></iframe>
<script>
const name = new URLSearchParams(location.search).get("r");
const frame = document.getElementById("report");
frame.onload = () => setTimeout(() => {
  const doc = frame.contentDocument, win = frame.contentWindow;
  const imgs = Array.from(doc.images);
  document.getElementById("result").textContent = JSON.stringify({
    title: doc.title, images: imgs.length,
    broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => (i.src || "").slice(0, 60)),
    pwned: win.__pwned === undefined ? null : win.__pwned,
    scripts: Array.from(doc.scripts).map(s => s.src).filter(s => s),
    text: doc.body.innerText.length,
  });
}, 500);
frame.src = name;
</script></body></html>"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH: install Debian's chromium package (.ci/run does) to run the browser test")
    out = tmp_path_factory.mktemp("browser")
    results = render_all(None, out_dir=out)
    assert all(r.ok for r in results), [(r.name, r.error) for r in results]
    # a corpus whose metadata plants scripts: they must arrive as text
    corpus = out / "planted"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_f2895449ac41416b.txt", corpus / "a.txt")
    (corpus / "catalog.csv").write_text(
        "id,file,date,source,title\n"
        'a,a.txt,2019-02-24,"<img src=x onerror=""window.__pwned=2"">",'
        '"<script>window.__pwned=1;document.title=\'pwned\'</script>"\n', encoding="utf-8")
    planted = render_all(["01_corpus_overview"], {"corpus": str(corpus)}, out_dir=out)
    assert planted[0].ok, planted[0].error
    (out / "check.html").write_text(CHECKER, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", out
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


def open_in_chromium(url: str) -> tuple[dict, list[str]]:
    """Load ``url`` headless; the checker's JSON result and the console lines from Chromium's log."""
    profile = tempfile.mkdtemp(prefix="lavrovkit-chromium-")
    try:
        proc = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000",
             "--dump-dom", url],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    m = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    assert m, f"checker page did not report (exit {proc.returncode}): {proc.stderr[-2000:]}"
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line]
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                      .replace("&gt;", ">")), console


def test_every_report_opens_cleanly_in_chromium(served: tuple[str, Path]) -> None:
    base, out = served
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "check.html")
    assert {"index.html", "01_corpus_overview.html", "02_themes.html", "03_counterparts.html",
            "04_phrasing.html"} <= set(pages)
    for page in pages:
        result, console = open_in_chromium(f"{base}/check.html?r={page}")
        assert console == [], (page, console)
        assert result["broken"] == [], (page, result["broken"])
        assert result["scripts"] == [], (page, result["scripts"])  # nothing fetched from elsewhere
        assert result["text"] > (100 if page == "index.html" else 1000), page
        if page.startswith("0") and "planted" not in page and "corpus-planted" not in page:
            assert result["images"] >= 1, page


def test_planted_script_in_a_document_does_not_run(served: tuple[str, Path]) -> None:
    base, out = served
    planted = next(p.name for p in out.glob("01_corpus_overview--corpus-planted*.html"))
    result, console = open_in_chromium(f"{base}/check.html?r={planted}")
    assert result["pwned"] is None and result["title"] != "pwned"
    assert console == []
    assert "&lt;script&gt;window.__pwned=1" in (out / planted).read_text(encoding="utf-8")
