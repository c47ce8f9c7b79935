"""Display text breaks between words (issue 9, item 5): titles, kickers,
subtitles, subheads, 导读 entries and captions, balanced over their lines;
the word breaks come from jieba once and from a cache file after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from layout.fonts.faces import FontSet
from layout.text import words
from layout.text.compose import ParaSpec, Run, Style, compose

EM = 10.0


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet()


def display(fonts, text, n_em, *, justify=False, face="sans-bold"):
    spec = ParaSpec(measure=n_em * EM, em=EM, justify=justify, phrase=True, fallback=("serif", "sans"))
    return compose([Run(text, Style(face, EM))], spec, fonts)


def cut_words(lines, text, word) -> list[str]:
    """The lines that end inside ``word`` (every occurrence)."""
    bad = []
    pos = 0
    for line in lines[:-1]:
        pos += len(line.text)
        for start in [i for i in range(len(text)) if text.startswith(word, i)]:
            if start < pos < start + len(word):
                bad.append(f"{line.text}|")
    return bad


# the reports: a subhead, a kicker, a 导读 entry, a title
CASES = [
    ("推进线上线下服务融合", ["线上", "线下"]),
    ("暑期爱心托班开班啦", ["托班", "爱心", "暑期"]),
    ("社区推出“夏季健康包”", ["夏季", "健康包"]),
    ("非遗展示：老手艺有了新传人", ["老手艺", "传人"]),
]
TITLE = ("区委副书记、区长刘平到新泾镇开展调研", ["刘平", "新泾镇", "调研", "书记"])  # a ragged title


@pytest.mark.parametrize("text, keep, justify", [(t, k, j) for t, k in CASES for j in (False, True)]
                         + [(*TITLE, False)])
def test_display_text_breaks_between_words(fonts, text, keep, justify):
    # (justified, from 8 em: in a narrower line a word kept whole may leave
    # a line spaced out past 0.35 em a gap, and then the word breaks)
    for width in range(8 if justify else 4, len(text)):
        lines = display(fonts, text, width, justify=justify)
        assert "".join(l.text for l in lines) == text
        for word in keep:
            assert not cut_words(lines, text, word), f"{word} broken at {width} em: {[l.text for l in lines]}"


def test_display_lines_are_balanced(fonts):
    # 14 characters in a 10-em title: 7 + 7 (or close), not 10 + 4
    lines = display(fonts, "新泾镇举办新社工启航培训班啦", 10)
    assert len(lines) == 2
    a, b = (len(l.text) for l in lines)
    assert abs(a - b) <= 3, [l.text for l in lines]


def test_the_setter_sets_captions_and_toc_entries_as_display_text(fonts, loaded_sample):
    from layout.pages.styles import Setter

    setter = Setter(loaded_sample.theme, fonts)
    caption = "暑期爱心托班开班啦，孩子们在托班里读书"
    for width in range(5, 12):
        lines = setter.text(caption, loaded_sample.theme.style("caption"), width * EM, size=EM, justify=True)
        assert not cut_words(lines, caption, "托班"), [l.text for l in lines]


def test_word_breaks_are_cached_in_the_user_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = "新泾镇社区睦邻中心开展线上线下活动"
    assert sum(words.segment(text)) == len(text)
    words.flush()
    [cache] = list((tmp_path / "layout").glob("words-*.json"))
    assert json.loads(cache.read_text(encoding="utf-8"))[text] == words.segment(text)
    assert not list((tmp_path / "layout").glob(".*tmp"))  # written atomically, nothing left behind
    # a new process finds the string there and never loads jieba
    code = textwrap.dedent(f"""
        import sys
        from layout.text.words import word_starts
        starts = word_starts({text!r})
        assert 'jieba' not in sys.modules, 'jieba loaded although the string is cached'
        print(sorted(starts))
    """)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(sorted(words.word_starts(text)))


def test_an_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert sum(words.segment("社区服务中心")) == 6
    words.flush()  # no exception: the cache is an optimisation only


def test_released_dictionary_loads_again_with_the_same_words(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = words._tokenizer().lcut("党群服务站的志愿服务")
    words.release()
    assert words._tokenizer.cache_info().currsize == 0
    assert words._tokenizer().lcut("党群服务站的志愿服务") == first
    assert words.segment("社区一网通办线上办理") == [len(w) for w in words._tokenizer().cut("社区一网通办线上办理")]
