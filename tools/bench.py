"""``make bench``: one table of what the designer's loop costs.

* cold build: the sample, all outputs, a fresh process, an empty photo cache;
* edit rebuild: the same after a one-character edit (fresh process, the
  photo cache warm: what a designer's second build costs);
* watch: ``layout watch`` on a copy of the sample, one paragraph edited and
  saved: the proof's time and the whole rebuild's, as the watch prints them,
  and the wall time from the save to the rebuild's line;
* per page: the marginal cost of a page, (64-page − 8-page) / 56 of two
  generated issues without photos (tools/issuegen.py), all outputs;
* peak memory of the cold build (the largest process), the proof's size;
* composition: characters composed per second on a 100,000-character
  article (Han text with punctuation, numbers, Latin words and a URL now and
  then, in paragraphs of 80–400 characters) at the default theme's column;
* pagination: CPU time of the page make-up of the sample issue and of a
  64-page issue from ``tools/issuegen.py`` (bodies composed beforehand;
  the composition of the same bodies is given beside it).

CPU seconds are shown beside wall seconds: on a busy machine the wall time
says more about the neighbours than about layout.  Speed targets are
checked here, never in unit tests.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from layout.fonts.faces import FontSet
from layout.text.compose import ParaSpec, Run, Style, compose

HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    "十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形"
    "相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展"
)
TARGET = 100_000


def sample_article(n: int = TARGET, seed: int = 2025) -> list[str]:
    rnd = random.Random(seed)
    paras: list[str] = []
    total = 0
    while total < n:
        length = rnd.randint(80, 400)
        out: list[str] = []
        size = 0
        while size < length:
            r = rnd.random()
            if r < 0.78:
                piece = "".join(rnd.choice(HAN) for _ in range(rnd.randint(2, 9)))
            elif r < 0.88:
                piece = rnd.choice("，，，。、；：")
            elif r < 0.92:
                piece = "“" + "".join(rnd.choice(HAN) for _ in range(rnd.randint(2, 6))) + "”"
            elif r < 0.95:
                piece = rnd.choice(["2025年", "6月20日", "12345", "50％", "1,268名", "7:30"])
            elif r < 0.98:
                piece = rnd.choice(["WeChat", "Xin", "AI", "e人", "PDF"])
            elif r < 0.99:
                piece = rnd.choice(["——", "……", "（" + rnd.choice(HAN) * 2 + "）", "《" + rnd.choice(HAN) * 3 + "》"])
            else:
                piece = "https://example.org/news/2025/06/" + str(rnd.randint(100, 999))
            out.append(piece)
            size += len(piece)
        text = "".join(out) + "。"
        paras.append(text)
        total += len(text)
    return paras


def bench_compose(rounds: int = 3) -> tuple[int, float]:
    from layout.load.resolve import builtin_theme

    fonts = FontSet()
    theme = builtin_theme("tabloid", fonts.keys)
    body = theme.style("body")
    em = body.size
    spec = ParaSpec(measure=theme.grid.col_w, em=em, indent=theme.body.indent_em, fallback=theme.fallback)
    paras = sample_article()
    chars = sum(len(p) for p in paras)
    style = Style(body.face, em)
    compose([Run(paras[0], style)], spec, fonts)  # load the fonts outside the timing
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for p in paras:
            compose([Run(p, style)], spec, fonts)
        best = min(best, time.perf_counter() - start)
    return chars, best


def bench_pagination(issue: Path) -> tuple[float, float, int]:
    """CPU seconds composing the bodies, CPU seconds of the make-up (best
    of 3), and the number of pages."""
    from layout.load.loader import load_issue
    from layout.pages.article import compose_body
    from layout.pages.paginate import make_up
    from layout.pages.styles import Setter

    fonts = FontSet()
    loaded = load_issue(issue, fonts.keys)
    setter = Setter(loaded.theme, fonts)
    best_compose = best_make_up = float("inf")
    pages = 0
    for _ in range(3):
        start = time.process_time()
        composed = {a.id: compose_body(a, loaded.theme.grid, setter) for a in loaded.issue.articles}
        middle = time.process_time()
        layout = make_up(loaded.issue, loaded.theme, setter, composed, strict=False)
        end = time.process_time()
        best_compose, best_make_up = min(best_compose, middle - start), min(best_make_up, end - middle)
        pages = len(layout.pages)
    return best_compose, best_make_up, pages


BUILD = """
import json, resource, sys, time
from pathlib import Path
from layout.build import build_issue
t, c = time.perf_counter(), time.process_time()
build_issue(Path(sys.argv[1]), Path(sys.argv[2]))
wall, cpu = time.perf_counter() - t, time.process_time() - c
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": cpu + kids.ru_utime + kids.ru_stime,
                  "rss_mb": max(me.ru_maxrss, kids.ru_maxrss) / 1024.0}))
"""


@dataclass
class Measured:
    wall: float  # s, the whole process (imports included)
    cpu: float  # s, the build's own and its worker's
    rss_mb: float


def build(issue: Path, out: Path, cache_home: Path, pycache: Path | None = None) -> Measured:
    """One build in a fresh process; ``pycache``: compiled modules kept
    there (``PYTHONPYCACHEPREFIX``), even where ``PYTHONDONTWRITEBYTECODE``
    is set (this sandbox: each process then compiles the package again)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", BUILD, str(issue), str(out)], capture_output=True, check=False,
                          text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {issue} failed:\n{proc.stderr}")
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    return Measured(wall, got["cpu"], got["rss_mb"])


def copy_sample(sample: Path, dst: Path) -> Path:
    shutil.copytree(sample.parent, dst, ignore=shutil.ignore_patterns("README.md"))
    return dst / sample.name


def edit_one_paragraph(issue: Path, n: int) -> None:
    """Change one character of the first body paragraph (the issue's own or its first .md)."""
    for path in [issue / "issue.yaml", *sorted(issue.rglob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        body = re.search(r"^ +body: \|\n", text, re.MULTILINE) if path.suffix == ".yaml" else None
        start = body.end() if body else 0
        m = re.compile(r"[的是在了和]").search(text, start)
        if m and (body or path.suffix == ".md"):
            at = m.start()
            path.write_text(text[:at] + "的是在了和"[n % 5] + text[at + 1:], encoding="utf-8")
            return
    raise SystemExit(f"no paragraph to edit in {issue}")


def bench_watch(issue: Path, out: Path, cache_home: Path, edits: int = 3) -> tuple[float, float, float]:
    """(proof s, rebuild s, save → rebuilt s), the medians of ``edits`` edits."""
    import queue
    import threading

    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "layout", "watch", str(issue), "--out", str(out)], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    done = re.compile(r"^proof (\d+\.\d+) s, print\+preflight (\d+\.\d+) s")

    def wait() -> re.Match[str]:
        while True:
            m = done.match(lines.get(timeout=300))
            if m:
                return m

    try:
        wait()
        got = []
        for n in range(edits):
            time.sleep(0.5)
            saved = time.perf_counter()
            edit_one_paragraph(issue, n)
            m = wait()
            got.append((float(m.group(1)), float(m.group(2)), time.perf_counter() - saved))
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    got.sort(key=lambda g: g[2])
    return got[len(got) // 2]


def generated(folder: Path, pages: int) -> Path:
    from tools.issuegen import random_spec, write_issue

    spec = random_spec(7, pages=pages, capacity=1600)
    for a in spec.articles:
        a.photos = []
        a.toc = a.toc and a.page <= 5  # the front page's 导读 holds a few entries, not one per page
    return write_issue(folder / f"gen-{pages}", spec, seed=7)


def say(row: tuple[str, str, str]) -> None:
    """A row as soon as it is measured (the table follows at the end)."""
    print("  …", *row, file=sys.stderr, flush=True)


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    issues = sorted(p.parent for p in (root / "issues").glob("*/issue.yaml"))
    if not issues:
        raise SystemExit("no issue to measure in issues/")
    sample = issues[-1]
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="layout-bench-") as tmpname:
        tmp = Path(tmpname)
        cold = build(sample, tmp / "cold", tmp / "cache")
        rows.append(("cold build (empty photo cache)", f"{cold.wall:.2f} s", f"{cold.cpu:.2f} s CPU, target ≤ 2.5 s"))
        say(rows[-1])
        proof = next((tmp / "cold" / sample.name).glob("*-proof.pdf"))
        copy = copy_sample(sample, tmp / "edit")
        build(copy, tmp / "edit-out", tmp / "cache")
        edit_one_paragraph(copy, 0)
        edit = build(copy, tmp / "edit-out", tmp / "cache")
        rows.append(("edit rebuild (fresh process)", f"{edit.wall:.2f} s", f"{edit.cpu:.2f} s CPU, target ≤ 1.0 s"))
        say(rows[-1])
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):  # here every process compiles the package: also with it kept
            build(copy, tmp / "edit-out", tmp / "cache", tmp / "pycache")
            edit_one_paragraph(copy, 1)
            kept = build(copy, tmp / "edit-out", tmp / "cache", tmp / "pycache")
            rows.append(("edit rebuild, compiled modules kept", f"{kept.wall:.2f} s",
                         f"{kept.cpu:.2f} s CPU (PYTHONDONTWRITEBYTECODE is set here)"))
            say(rows[-1])
        wcopy = copy_sample(sample, tmp / "watch")
        w_proof, w_all, w_wall = bench_watch(wcopy, tmp / "watch-out", tmp / "cache")
        rows.append(("watch: proof after a save", f"{w_proof:.2f} s", "target ≤ 0.25 s"))
        say(rows[-1])
        rows.append(("watch: print+preflight+previews", f"{w_all:.2f} s", f"save → done {w_wall:.2f} s, target ≤ 1.5 s"))
        say(rows[-1])
        small = build(generated(tmp / "gen", 8), tmp / "gen-out", tmp / "cache")
        large = build(generated(tmp / "gen", 64), tmp / "gen-out", tmp / "cache")
        per_page = (large.cpu - small.cpu) / 56 * 1000
        per_page_wall = (large.wall - small.wall) / 56 * 1000
        rows.append(("per page (64 vs 8 pages, no photos)", f"{per_page_wall:.0f} ms",
                     f"{per_page:.0f} ms CPU, target ≤ 40 ms"))
        say(rows[-1])
        rows.append(("peak memory (cold build)", f"{cold.rss_mb:.0f} MB", "target ≤ 250 MB"))
        say(rows[-1])
        rows.append(("proof PDF of the sample", f"{proof.stat().st_size / 1e6:.1f} MB", "target ≤ 5 MB"))
        say(rows[-1])
        comp, make, pages = bench_pagination(sample)
        rows.append((f"make-up of the sample ({pages} pages)", f"{make:.2f} s CPU", f"composing its bodies {comp:.2f} s, target < 0.5 s"))
        say(rows[-1])
        from tools.issuegen import random_spec, write_issue

        # within the loader's limits of an issue (120,000 characters, 400 megapixels of photos), the
        # front page's 导读 a few entries long
        spec = random_spec(64, pages=64, capacity=1800)
        for a in spec.articles:
            a.toc = a.toc and a.page <= 5
        big = write_issue(tmp / "issues" / "big", spec, seed=64)
        comp, make, pages = bench_pagination(big)
        rows.append((f"make-up of a {pages}-page generated issue", f"{make:.2f} s CPU", f"composing its bodies {comp:.2f} s, target < 4 s"))
        say(rows[-1])
    chars, seconds = bench_compose()
    rows.append(("composer", f"{chars / seconds:,.0f} chars/s", f"{chars} characters in {seconds:.3f} s, best of 3"))
    say(rows[-1])
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    print(f"{'what':<{width[0]}}  {'wall':>{width[1]}}  notes")
    for what, value, note in rows:
        print(f"{what:<{width[0]}}  {value:>{width[1]}}  {note}")


if __name__ == "__main__":
    main()
