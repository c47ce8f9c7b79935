"""``make bench``: how fast the composer is, and what a sample build costs.

* composition: characters composed per second on a 100,000-character
  article (Han text with punctuation, numbers, Latin words and a URL now and
  then, in paragraphs of 80–400 characters) at the default theme's column;
* pagination: CPU time of the page make-up of the sample issue and of a
  64-page issue from ``tools/issuegen.py`` (bodies composed beforehand;
  the composition of the same bodies is given beside it);
* the sample issue: wall time and peak memory of a full ``layout build``
  (proof, print, preflight, previews) in a fresh process.

Speed targets are checked here, never in unit tests.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
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


def bench_build(issue: Path) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as out:
        code = (
            "import resource, sys, time\n"
            "from pathlib import Path\n"
            "from layout.build import build_issue\n"
            "t = time.perf_counter()\n"
            f"build_issue(Path({str(issue)!r}), Path({out!r}))\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False, text=True)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"sample build failed:\n{proc.stderr}")
        _, rss_kb = proc.stdout.split()
        return wall, int(rss_kb) / 1024.0


def main() -> None:
    chars, seconds = bench_compose()
    rate = chars / seconds
    print(f"compose: {chars} characters in {seconds:.3f} s = {rate:,.0f} characters/s (best of 3; target ≥ 100,000)")
    root = Path(__file__).resolve().parents[1]
    issues = sorted(p.parent for p in (root / "issues").glob("*/issue.yaml"))
    if issues:
        comp, make, pages = bench_pagination(issues[-1])
        print(f"pagination {issues[-1].name} ({pages} pages): make-up {make:.2f} s CPU (target < 0.5), "
              f"composing its bodies {comp:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        from tools.issuegen import random_spec, write_issue

        big = write_issue(Path(tmp) / "issues" / "big", random_spec(64, pages=64), seed=64)
        comp, make, pages = bench_pagination(big)
        print(f"pagination of a {pages}-page generated issue: make-up {make:.2f} s CPU (target < 4), "
              f"composing its bodies {comp:.2f} s")
    if issues:
        wall, peak = bench_build(issues[-1])
        print(f"build {issues[-1].name}: {wall:.1f} s wall (fresh process, cold photo cache), peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
