"""Word boundaries for display text (titles, subheads, 导读 entries).

Chinese has no spaces between words, so a headline broken between any two
characters may split a word or a name (夏/季, 刘/平).  Body text may break
anywhere (that is the Chinese convention); display text is better broken
between words.  jieba's dictionary segmentation tells where they are.
"""

from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@lru_cache(maxsize=4096)
def word_starts(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a word begins (0 excluded)."""
    starts: set[int] = set()
    pos = 0
    for word in _tokenizer().cut(text, HMM=True):
        pos += len(word)
        starts.add(pos)
    starts.discard(len(text))
    return frozenset(starts)
