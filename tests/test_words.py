"""jieba's dictionary read lazily (layout/text/words.py): the entries, the
total and so the word breaks are jieba's own; the index kept in the user's
cache folder is used only when it is this dictionary's."""

from __future__ import annotations

import marshal
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.text import words


@lru_cache(maxsize=1)
def _reference():
    """jieba's tokenizer with its own whole prefix dictionary (gen_pfdict) and our supplement."""
    jieba = words._import_jieba()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total = tok.gen_pfdict(tok.get_dict_file())
    tok.initialized = True
    for word, freq in words.SUPPLEMENT.items():
        tok.add_word(word, freq)
    return tok


def _lazy(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    words._tokenizer.cache_clear()
    return words._tokenizer()


def test_the_lazy_dictionary_has_every_entry_of_jiebas(tmp_path, monkeypatch):
    ref = _reference()
    tok = _lazy(tmp_path, monkeypatch)
    assert tok.total == ref.total
    assert dict.__len__(tok.FREQ) < 20_000  # only the characters of the supplement read so far
    differ = [w for w, f in ref.FREQ.items() if tok.FREQ.get(w) != f]
    assert differ == []
    assert "夏季运动会" not in ref.FREQ and "夏季运动会" not in tok.FREQ
    assert tok.FREQ.get("不在词典里的词") is None


SAMPLE = "区委副书记、区长刘平到新泾镇开展调研线上线下睦邻中心志愿服务一网通办垃圾分类社区托班老手艺健康包2025年6月"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list(SAMPLE) + ["人才公寓", "住有所居", "，", "A", "3"]), min_size=1, max_size=30))
def test_the_lazy_dictionary_cuts_as_jieba_does(pieces):
    text = "".join(pieces)
    tok = words._tokenizer()
    assert list(tok.cut(text, HMM=True)) == list(_reference().cut(text, HMM=True))


def test_the_index_is_kept_and_another_dictionarys_is_not_used(tmp_path, monkeypatch):
    tok = _lazy(tmp_path, monkeypatch)
    [kept] = (tmp_path / "layout").glob("jieba-*.cache")
    fmt, digest, total, index = marshal.loads(kept.read_bytes())
    assert fmt == words.INDEX_FORMAT and total == tok.total - sum(words.SUPPLEMENT.values())
    assert words._read_cache(kept, digest) == (total, index)
    assert words._read_cache(kept, "0" * 64) is None  # another dictionary file
    kept.write_bytes(marshal.dumps(({"旧": 1}, 1)))  # an older layout's prefix dictionary
    assert words._read_cache(kept, digest) is None
    again = _lazy(tmp_path, monkeypatch)  # rebuilt, the same
    assert again.total == tok.total
    assert list(again.cut(SAMPLE)) == list(_reference().cut(SAMPLE))
    kept.write_bytes(kept.read_bytes()[:50])  # half-written
    assert words._read_cache(kept, digest) is None
    words._tokenizer.cache_clear()


def test_lines_of_another_shape_are_read_one_by_one_with_the_same_entries():
    """The whole-chunk reading takes only ``word freq tag`` lines; a chunk
    with a line of two fields (no tag) is read line by line: both give the
    entries of jieba's own reading of the same file."""
    import io

    jieba = words._import_jieba()
    for text in ("中国 100 ns\n中国人 20 n\n中 5 zg\n国家 30 n\n", "中国 100\n中国人 20 n\n中 5 zg\n国家 30 n\n",
                 "中国人 20 n\n中国 100 ns\n中国人 7 n\n国 1 n"):
        data = text.encode("utf-8")
        want, total = jieba.Tokenizer().gen_pfdict(io.BytesIO(data))
        got_total, index = words._index(data)
        assert got_total == total
        lazy = words._Prefixes(data, index)
        assert {w: lazy.get(w) for w in want} == want
        assert dict(lazy.items()) == want
        assert words._Prefixes(data, index)._fill_whole(data) == ("中国 100\n" not in text)


def test_prime_keeps_the_index_once_and_then_builds_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    words._tokenizer.cache_clear()
    words.prime()
    [kept] = (tmp_path / "layout").glob("jieba-*.cache")
    assert words._tokenizer.cache_info().currsize == 1
    words._tokenizer.cache_clear()
    words.prime()  # kept already: no tokenizer built
    assert words._tokenizer.cache_info().currsize == 0
    assert kept.is_file()
