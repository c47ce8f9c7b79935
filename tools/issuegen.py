"""Realistic issues nobody tuned for: a generator for tests and benchmarks.

``write_issue(folder, spec)`` writes an issue folder (issue.yaml, a
publication.yaml beside it, photos) from a :class:`IssueSpec`: articles of
given lengths in characters, photos of given aspect ratios, optional
``columns:``, ``continued_on:``, subheads, kickers.  The text is real Chinese
prose: sentences of the sample issue's bodies, drawn in a seeded order, so a
spec and a seed always give the same files.

``random_spec(seed, pages=…)`` draws a plausible issue: 1–12 articles a page
from a 100-character brief to a 4,000-character feature, 0–3 photos each of
any shape (landscape, portrait, square, panorama), filling each page to a
share of what it holds (``capacity_of``: the theme's grid).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2025-06"

ASPECTS = {"landscape": (3, 2), "portrait": (2, 3), "square": (1, 1), "panorama": (3, 1), "tall": (9, 16)}


@dataclass
class PhotoSpec:
    aspect: str = "landscape"  # a key of ASPECTS
    columns: int | None = None
    long_side_px: int = 2400
    crop: str | None = None  # None | "auto" | "none"
    focus: tuple[float, float] | None = None


@dataclass
class ArticleSpec:
    page: int
    chars: int
    photos: list[PhotoSpec] = field(default_factory=list)
    columns: int | None = None
    subheads: int = 0
    kicker: bool = False
    subtitle: bool = False
    toc: bool = False
    continued_on: int | None = None
    jump_title: str | None = None
    box: bool = False


@dataclass
class IssueSpec:
    articles: list[ArticleSpec]
    pages: int | None = None
    theme: str | None = None  # the publication's theme (built-in name or path)
    date: str = "2025-08-15"
    number: int = 8


@lru_cache(maxsize=1)
def sentences() -> tuple[str, ...]:
    """Every sentence of the sample's bodies (ends with 。！？), no subheads."""
    text = (SAMPLE / "issue.yaml").read_text(encoding="utf-8") + (SAMPLE / "rencai-gongyu.md").read_text(encoding="utf-8")
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "-", "id:", "page:", "title:", "kicker:", "byline:", "subtitle:",
                                        "caption:", "credit:", "file:", "columns:", "toc:", "body", "images:")):
            continue
        if ":" in line[:20] and not re.search(r"[\u4e00-\u9fff]", line[:2]):
            continue
        for s in re.findall(r"[^。！？]*[。！？]”?", line):
            s = s.strip()
            if len(s) >= 8 and re.search(r"[\u4e00-\u9fff]", s):
                out.append(s)
    return tuple(out)


TITLES = ("社区微更新让老小区焕新颜", "暑期托班开班啦", "垃圾分类新规来了", "家门口的便民服务站",
          "志愿者招募", "防汛防台请做好准备", "邻里节精彩回顾", "老年助餐点扩容", "停车难有了新办法",
          "非遗展示：老手艺有了新传人", "文明养宠倡议书", "夏季用电安全提示", "社区运动会圆满落幕",
          "家庭医生签约服务", "旧物改造换新生", "居民议事会议出新气象")


def body_text(rng: random.Random, chars: int, subheads: int) -> str:
    pool = sentences()
    paras: list[str] = []
    n = 0
    para = ""
    while n < chars:
        s = rng.choice(pool)
        para += s
        n += len(s)
        if len(para) > rng.randint(60, 260):
            paras.append(para)
            para = ""
    if para:
        paras.append(para)
    if subheads and len(paras) > 2:
        every = max(2, len(paras) // (subheads + 1))
        for i in range(subheads, 0, -1):
            at = min(len(paras) - 1, i * every)
            paras.insert(at, "## " + rng.choice(TITLES)[:10])
    return "\n\n".join(paras)


def _photo(path: Path, aspect: str, long_side: int, rng: random.Random) -> None:
    from PIL import Image, ImageDraw

    a, b = ASPECTS[aspect]
    if a >= b:
        w, h = long_side, max(1, long_side * b // a)
    else:
        w, h = max(1, long_side * a // b), long_side
    img = Image.new("RGB", (w, h), (rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200)))
    d = ImageDraw.Draw(img)
    for _ in range(12):
        x0, y0 = rng.randint(0, w), rng.randint(0, h)
        d.ellipse((x0, y0, x0 + w // 5, y0 + h // 5), fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    img.save(path, quality=85)


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_issue(folder: Path, spec: IssueSpec, seed: int = 0) -> Path:
    """Write the issue folder ``folder`` (its parent gets publication.yaml)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "images").mkdir(exist_ok=True)
    pub = folder.parent / "publication.yaml"
    if not pub.exists():
        pub.write_text(
            "schema: 1\ntitle: 自家门口这点事\npublisher: 新泾镇党委、政府 联合出版\n"
            "wechat:\n  account: 上海社区发布\n  url: https://example.org/wechat\n"
            "  lines: [扫描二维码, 关注“上海社区发布”, 官方微信公众号]\n"
            + (f"theme: {spec.theme}\n" if spec.theme else ""),
            encoding="utf-8",
        )
    out = [f"schema: 1\nnumber: {spec.number}\ndate: {spec.date}\n"]
    if spec.pages:
        out.append(f"pages: {spec.pages}\n")
    out.append("articles:\n")
    for i, a in enumerate(spec.articles):
        aid = f"a{i + 1:02d}-p{a.page}"
        out.append(f"  - id: {aid}\n    page: {a.page}\n")
        if a.kicker:
            out.append(f"    kicker: {_q(rng.choice(TITLES))}\n")
        out.append(f"    title: {_q(rng.choice(TITLES) + ('' if a.chars < 600 else '　' + rng.choice(TITLES)[:6]))}\n")
        if a.subtitle:
            out.append(f"    subtitle: {_q(rng.choice(TITLES))}\n")
        if a.columns is not None:
            out.append(f"    columns: {a.columns}\n")
        if a.toc:
            out.append("    toc: true\n")
        if a.continued_on is not None:
            out.append(f"    continued_on: {a.continued_on}\n")
        if a.jump_title:
            out.append(f"    jump_title: {_q(a.jump_title)}\n")
        if a.box:
            out.append("    box: true\n")
        if a.photos:
            out.append("    images:\n")
            for j, p in enumerate(a.photos):
                name = f"images/{aid}-{j + 1}.jpg"
                _photo(folder / name, p.aspect, p.long_side_px, rng)
                out.append(f"      - file: {name}\n        caption: {_q('示意图' + str(j + 1))}\n")
                if p.columns is not None:
                    out.append(f"        columns: {p.columns}\n")
                if p.crop is not None:
                    out.append(f"        crop: {p.crop}\n")
                if p.focus is not None:
                    out.append(f"        focus: [{p.focus[0]}, {p.focus[1]}]\n")
        text = body_text(rng, a.chars, a.subheads)
        out.append("    body: |\n")
        for line in text.split("\n"):
            out.append(f"      {line}\n" if line else "\n")
    (folder / "issue.yaml").write_text("".join(out), encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Capacity:
    """What a page of a theme holds, in body characters: its grid cells
    (columns × lines of the type area) × the characters of a column line."""

    page: int  # an inside page
    front: int  # page 1, less its masthead (and the 导读 box beside or under it)


TEXT_LOSS = 1.06  # paragraph indents and short last lines: set text takes ~6 % more cells than its characters
HEAD_COST = 160  # an article's headline and the blank line above the next module, in characters
PHOTO_COST = 500  # a photo with its caption, in characters (a 2–3 column photo)
FRONT_HORIZONTAL = 0.75  # page 1 under a horizontal masthead band with the 导读 box beneath it


@lru_cache(maxsize=8)
def capacity_of(theme: str | None = None) -> Capacity:
    """The capacity of a built-in theme's pages, from its resolved grid."""
    from layout.load.resolve import builtin_theme

    t = builtin_theme(theme or "tabloid")
    g = t.grid
    page = g.columns * g.lines * g.column_chars
    m = t.masthead
    share = (g.columns - m.columns) / g.columns if m.orientation == "vertical" else FRONT_HORIZONTAL
    return Capacity(page, int(page * share))


def article_cost(chars: int, photos: int) -> int:
    """Grid cells an article of ``chars`` characters and ``photos`` photos
    takes on a page, in characters."""
    return int(chars * TEXT_LOSS) + HEAD_COST + PHOTO_COST * photos


def random_spec(seed: int, pages: int = 4, theme: str | None = None, capacity: int | None = None,
                fill: tuple[float, float] = (0.8, 1.0)) -> IssueSpec:
    """A plausible issue: each page gets articles (and photos) whose
    :func:`article_cost` adds up to ``fill`` × what the page holds
    (``capacity`` characters an inside page; default the theme's
    :func:`capacity_of`, page 1 less its furniture)."""
    rng = random.Random(seed)
    cap = capacity_of(theme)
    inside = cap.page if capacity is None else capacity
    front = cap.front if capacity is None else int(capacity * cap.front / cap.page)
    arts: list[ArticleSpec] = []
    for page in range(1, pages + 1):
        budget = rng.uniform(*fill) * (front if page == 1 else inside)
        n = 0
        while budget > article_cost(100, 0) and n < 12:
            chars = min(int((budget - HEAD_COST) / TEXT_LOSS), rng.choice([100, 250, 500, 800, 1200, 1800, 2500, 4000]))
            chars = max(chars, 100)
            k = min(rng.choice([0, 0, 1, 1, 2, 3]) if chars > 300 else 0,
                    max(0, int((budget - article_cost(chars, 0)) // PHOTO_COST)))
            rest = budget - article_cost(chars, k)
            if rest < article_cost(100, 0):  # too little left for another article: this one takes it
                chars += max(0, int(rest / TEXT_LOSS))
            photos = [PhotoSpec(rng.choice(list(ASPECTS))) for _ in range(k)]
            budget -= article_cost(chars, k)
            arts.append(ArticleSpec(page, chars, photos, subheads=chars // 1200, kicker=rng.random() < 0.4,
                                    toc=page > 1 and n == 0))
            n += 1
    return IssueSpec(arts, pages=pages, theme=theme)
