"""``layout watch`` end to end: a real process on a small issue, edits
saved as an editor saves them, the proof read back, and the preview page in
a real headless browser (chromium), refreshed without a reload."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from browser import Browser, chromium
from conftest import PARAGRAPH

TIMEOUT = 120.0  # generous: the machine may be busy; speed is measured by make bench


class WatchProcess:
    def __init__(self, issue: Path, out: Path, *, sigint_ignored: bool = False):
        """``sigint_ignored``: started as a background job of a script is (SIGINT
        ignored from the start)."""
        cmd = [sys.executable, "-m", "layout", "watch", str(issue), "--out", str(out)]
        if sigint_ignored:  # the shell sets SIGINT ignored, the watch inherits it across exec
            cmd = ["sh", "-c", 'trap "" INT; exec "$@"', "sh", *cmd]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            m = re.search(pattern, line)
            if m:
                return m
        pytest.fail(f"no line matching {pattern!r} in {TIMEOUT} s; the output:\n" + "\n".join(self.seen))

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return -9


def proof_text(out: Path) -> str:
    import pypdfium2 as pdfium

    [proof] = out.glob("*/*-proof.pdf")
    pdf = pdfium.PdfDocument(str(proof))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return re.sub(r"\s+", "", text)  # lines are broken anywhere in Chinese


def save(path: Path, old: str, new: str) -> None:
    """As an editor saves: the whole file written again."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITED = "街坊邻居在新春游园会上交换了自家包的饺子"


@pytest.fixture
def watching(small_issue, tmp_path):
    issue = small_issue(pages=2)
    out = tmp_path / "out"
    w = WatchProcess(issue, out)
    try:
        url = w.expect(r"preview on (http://127\.0\.0\.1:\d+/)").group(1)
        w.expect(r"^proof \d+\.\d+ s, print\+preflight \d+\.\d+ s$")
        yield w, issue, out, url
    finally:
        w.stop()


def test_an_edit_reaches_the_proof_and_a_broken_edit_keeps_the_last_good_one(watching):
    w, issue, out, url = watching
    assert EDITED not in proof_text(out)
    save(issue / "issue.yaml", PARAGRAPH[:10], EDITED)
    w.expect(r"^proof \d+\.\d+ s, print\+preflight \d+\.\d+ s$")
    assert EDITED in proof_text(out)
    [proof] = out.glob("*/*-proof.pdf")
    good = proof.read_bytes()
    # a broken edit: its FILE:LINE:COL problem, the watch goes on, the proof stays
    save(issue / "issue.yaml", "pages: 2", "pages: two")
    w.expect(r"issue\.yaml:\d+:\d+: pages: .*two")
    w.expect(r"the last good output stays")
    assert proof.read_bytes() == good
    state = json.loads(urllib.request.urlopen(url + "state", timeout=30).read())
    assert state["errors"] and "two" in state["errors"][0] and state["pages"] == 2
    # mended: built again
    save(issue / "issue.yaml", "pages: two", "pages: 2")
    w.expect(r"^proof \d+\.\d+ s, print\+preflight \d+\.\d+ s$")
    w.proc.send_signal(signal.SIGINT)  # Ctrl-C
    w.expect(r"^stopped$")
    assert w.proc.wait(timeout=30) == 0


def test_ctrl_c_stops_a_watch_started_with_sigint_ignored(small_issue, tmp_path):
    """A watch started from a background job (SIGINT ignored, as a
    non-interactive shell starts one) still stops on Ctrl-C."""
    w = WatchProcess(small_issue(pages=2), tmp_path / "out", sigint_ignored=True)
    try:
        w.expect(r"^proof \d+\.\d+ s, print\+preflight \d+\.\d+ s$")
        w.proc.send_signal(signal.SIGINT)
        w.expect(r"^stopped$", timeout=60)
        assert w.proc.wait(timeout=30) == 0
    finally:
        w.stop()


def test_only_127_0_0_1_serves_the_preview(watching):
    _, _, _, url = watching
    assert url.startswith("http://127.0.0.1:")
    page = urllib.request.urlopen(url, timeout=30).read().decode()
    assert "EventSource" in page
    png = urllib.request.urlopen(url + "page/1.png", timeout=30).read()
    assert png.startswith(b"\x89PNG")


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (CI installs it: .ci/run)")
def test_the_preview_page_shows_the_edit_without_a_reload(watching, tmp_path):
    w, issue, _, url = watching
    exe = chromium()
    assert exe is not None
    browser = Browser(tmp_path / "profile", exe)
    try:
        browser.open(url)
        text = "(document.getElementById('pages')?.textContent || '').replace(/\\s+/g, '')"
        assert PARAGRAPH[:10] in browser.wait_for(f"({text}).includes({json.dumps(PARAGRAPH[:10])}) && {text}", 60)
        assert browser.wait_for("document.querySelectorAll('#pages img').length", 30) == 2
        browser.eval("window.loadedOnce = 'yes'")  # gone if the page were reloaded
        save(issue / "issue.yaml", PARAGRAPH[:10], EDITED)
        w.expect(r"^proof \d+\.\d+ s, print\+preflight \d+\.\d+ s$")
        shown = browser.wait_for(f"({text}).includes({json.dumps(EDITED)})", 30)
        assert shown is True, browser.eval(text)
        assert browser.eval("window.loadedOnce") == "yes"
        # the pictures are loaded and drawn
        assert browser.wait_for("Array.from(document.querySelectorAll('#pages img')).every(i => i.complete && i.naturalWidth > 0)", 30)
        # a broken edit: the page names the problem, still without a reload
        save(issue / "issue.yaml", "pages: 2", "pages: two")
        w.expect(r"the last good output stays")
        problem = browser.wait_for("document.getElementById('errors').textContent", 30)
        assert "issue.yaml:" in problem and "two" in problem
        assert browser.eval(f"({text}).includes({json.dumps(EDITED)})") is True
        assert browser.eval("window.loadedOnce") == "yes"
    finally:
        browser.close()


def test_page_texts_reads_a_page_once_per_drawing(tmp_path):
    """The watch keeps each page's text by its page hash: a page drawn as
    before is not read again, and the texts are those a fresh read gives."""
    from reportlab.pdfgen.canvas import Canvas

    from layout.watch import page_texts
    from pdfmakers import register_font

    def pdf(path: Path, lines: list[str]) -> Path:
        c = Canvas(str(path), pagesize=(300, 300), invariant=1)
        for line in lines:
            c.setFont(register_font(), 12)
            c.drawString(20, 250, line)
            c.showPage()
        c.save()
        return path

    a = pdf(tmp_path / "a.pdf", ["社区新闻", "邻里互助"])
    b = pdf(tmp_path / "b.pdf", ["社区新闻", "睦邻中心"])
    known: dict[str, str] = {}
    assert page_texts(a, known) == page_texts(a) and len(known) == 2
    assert page_texts(b, known) == page_texts(b) and len(known) == 3
    assert "睦邻中心" in page_texts(b, known)[1]
