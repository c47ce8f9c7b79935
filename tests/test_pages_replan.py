"""The make-up reused after an edit that keeps every measured shape
(layout/pages/replan.py, what ``layout watch`` does on a one-word edit):
the same pages as a fresh make-up, and the same bytes as a fresh build."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.errors import BuildError
from layout.fonts.faces import FontSet
from layout.load.loader import load_issue
from layout.model.document import Issue, Span, TextBlock
from layout.pages import paginate as paginate_module
from layout.pages import replan
from layout.pages.paginate import Layout, paginate
from layout.usercache import stores_off
from tools.issuegen import random_spec, write_issue

HAN = "社区居民活动交流经验邻里互助生活温暖街坊志愿服务"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    spec = random_spec(11, pages=3)
    return write_issue(tmp_path_factory.mktemp("replan") / "issues" / "gen", spec, seed=11)


@pytest.fixture
def fresh_counter(monkeypatch) -> list[int]:
    """How many make-ups ran afresh (not reused)."""
    calls = [0]
    real = paginate_module.make_up

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(paginate_module, "make_up", counted)
    replan.forget()
    yield calls
    replan.forget()


def _paragraphs(issue: Issue) -> list[tuple[int, int]]:
    return [(a, b) for a, art in enumerate(issue.articles) for b, block in enumerate(art.body)
            if isinstance(block, TextBlock) and block.kind == "para"]


def _edited(issue: Issue, at: tuple[int, int], pos: float, cut: int, put: str) -> Issue:
    """The issue with characters ``cut`` of paragraph ``at`` from ``pos``
    (a share of its length) replaced by ``put``."""
    a, b = at
    art = issue.articles[a]
    block = art.body[b]
    assert isinstance(block, TextBlock)
    text = "".join(s.text for s in block.spans)
    i = int(pos * len(text))
    new = dataclasses.replace(block, spans=(Span(text[:i] + put + text[i + cut:] or put or "字"),))
    body = art.body[:b] + (new,) + art.body[b + 1:]
    articles = issue.articles[:a] + (dataclasses.replace(art, body=body),) + issue.articles[a + 1:]
    return dataclasses.replace(issue, articles=articles)


def _lay_out(issue: Issue, theme, fonts) -> Layout | str:
    try:
        return paginate(issue, theme, fonts)
    except BuildError as exc:
        return "; ".join(str(d) for d in exc.diagnostics)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 10_000), pos=st.floats(0, 1), cut=st.integers(0, 3),
       put=st.text(st.sampled_from(HAN + "，。"), max_size=4))
def test_a_make_up_after_an_edit_is_the_fresh_make_up(generated, fresh_counter, which, pos, cut, put):
    """Any edit of a paragraph (a character replaced, some cut or added): the
    make-up within ``reusing`` (the last one kept) equals a fresh one; it
    was reused exactly when no line count or last-line width changed."""
    fonts = FontSet()
    loaded = load_issue(generated, fonts.keys)
    paras = _paragraphs(loaded.issue)
    edited = _edited(loaded.issue, paras[which % len(paras)], pos, cut, put)
    with stores_off(), replan.reusing():  # the plan kept in the process (not one stored by an earlier example)
        before = _lay_out(loaded.issue, loaded.theme, fonts)
        assert isinstance(before, Layout)
        shapes = replan.key(loaded.issue, loaded.theme, replan._last[0].composed, True)
        runs = fresh_counter[0]
        after = _lay_out(edited, loaded.theme, fonts)
        reused = fresh_counter[0] == runs
    assert after == _lay_out(edited, loaded.theme, fonts)  # outside reusing(): made afresh
    if isinstance(after, Layout):
        same_shapes = replan.key(edited, loaded.theme, replan._last[0].composed, True) == shapes
        assert reused == same_shapes


def test_a_line_count_changed_makes_up_the_pages_again(generated, fresh_counter):
    fonts = FontSet()
    loaded = load_issue(generated, fonts.keys)
    at = _paragraphs(loaded.issue)[0]
    with replan.reusing():
        first = paginate(loaded.issue, loaded.theme, fonts)
        same = paginate(_edited(loaded.issue, at, 0.5, 1, "邻"), loaded.theme, fonts)
        assert fresh_counter[0] == 1  # one character for another: the plan kept
        longer = _edited(loaded.issue, at, 0.5, 0, HAN * 3)  # a line or two more
        grown = paginate(longer, loaded.theme, fonts)
        assert fresh_counter[0] == 2
    assert first != same and grown == paginate(longer, loaded.theme, fonts)


def test_a_paragraph_shared_by_two_articles_edited_in_one_is_set_right(generated, fresh_counter):
    """The same paragraph in two articles is one set of lines (the
    composer's memo): an edit of one of them cannot swap lines by identity,
    so the pages are made up afresh — and the other keeps its text."""
    fonts = FontSet()
    loaded = load_issue(generated, fonts.keys)
    paras = _paragraphs(loaded.issue)
    (a, b), (c, d) = paras[0], next(p for p in paras if p[0] != paras[0][0])
    art = loaded.issue.articles[c]
    body = art.body[:d] + (loaded.issue.articles[a].body[b],) + art.body[d + 1:]
    articles = list(loaded.issue.articles)
    articles[c] = dataclasses.replace(art, body=body)
    twice = dataclasses.replace(loaded.issue, articles=tuple(articles))
    edited = _edited(twice, (a, b), 0.5, 1, "邻")
    with replan.reusing():
        paginate(twice, loaded.theme, fonts)
        got = paginate(edited, loaded.theme, fonts)
    assert fresh_counter[0] == 2
    assert got == paginate(edited, loaded.theme, fonts)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.pdf"))}


def test_a_watch_rebuild_after_a_one_character_edit_gives_a_fresh_builds_bytes(small_issue, tmp_path,
                                                                               fresh_counter):
    from layout.build import build_issue

    issue = small_issue(pages=2, articles="".join(
        f"  - id: a{n}\n    page: {1 + n // 2}\n    title: 第{n}篇文章\n    body: |\n      "
        + "".join(HAN[(n * 7 + i * i) % len(HAN)] for i in range(300)) + "。\n" for n in range(4)))
    fonts = FontSet()
    with replan.reusing():
        build_issue(issue, tmp_path / "watch", fonts=fonts, previews=False, env={}, on_proof=lambda *_: None)
        path = issue / "issue.yaml"
        text = path.read_text(encoding="utf-8")
        at = text.index("body: |") + 40
        path.write_text(text[:at] + ("邻" if text[at] != "邻" else "里") + text[at + 1:], encoding="utf-8")
        runs = fresh_counter[0]
        watched = build_issue(issue, tmp_path / "watch", fonts=fonts, previews=False, env={},
                              on_proof=lambda *_: None)
        assert fresh_counter[0] == runs  # the plan kept
    path.write_text(text, encoding="utf-8")  # and back: a new process reads the plan from the cache folder
    replan.forget()
    rebuilt = build_issue(issue, tmp_path / "again", previews=False, env={})
    assert fresh_counter[0] == runs
    fresh = build_issue(issue, tmp_path / "fresh", previews=False, env={}, cache=False)
    assert fresh_counter[0] == runs + 1
    assert _digests(rebuilt.out_dir) == _digests(fresh.out_dir)
    path.write_text(text[:at] + ("邻" if text[at] != "邻" else "里") + text[at + 1:], encoding="utf-8")
    fresh = build_issue(issue, tmp_path / "fresh", previews=False, env={}, cache=False)
    assert _digests(watched.out_dir) == _digests(fresh.out_dir)


def test_a_new_process_reads_the_plan_kept_in_the_cache_folder(generated, fresh_counter, tmp_path, monkeypatch):
    """The plan kept between processes: a new font set (a new process) and
    an edited paragraph get the stored pages with their own lines; a
    paragraph shared by two articles and edited in one is made up afresh."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fonts = FontSet()
    loaded = load_issue(generated, fonts.keys)
    paras = _paragraphs(loaded.issue)
    with replan.reusing():
        paginate(loaded.issue, loaded.theme, fonts)
    assert fresh_counter[0] == 1 and list((tmp_path / "cache" / "layout" / "plans").glob("plan-*"))
    edited = _edited(loaded.issue, paras[1], 0.5, 1, "邻")
    replan.forget()
    again = FontSet()
    with replan.reusing():
        got = paginate(edited, loaded.theme, again)
    assert fresh_counter[0] == 1
    assert got == paginate(edited, loaded.theme, again)
    (a, b), (c, d) = paras[0], next(p for p in paras if p[0] != paras[0][0])
    art = loaded.issue.articles[c]
    articles = list(loaded.issue.articles)
    articles[c] = dataclasses.replace(art, body=art.body[:d] + (loaded.issue.articles[a].body[b],) + art.body[d + 1:])
    twice = dataclasses.replace(loaded.issue, articles=tuple(articles))
    with replan.reusing():
        paginate(twice, loaded.theme, fonts)
    replan.forget()
    one = _edited(twice, (a, b), 0.5, 1, "邻")
    runs = fresh_counter[0]
    with replan.reusing():
        got = paginate(one, loaded.theme, FontSet())
    assert fresh_counter[0] == runs + 1  # the stored plan cannot say which article's line changed
    assert got == paginate(one, loaded.theme, fonts)
