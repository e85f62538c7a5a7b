"""Chinese in a text: runs of Han characters, how they split into tokens, Chinese punctuation.

Chinese has no spaces between words, so a run of Han characters is cut into words by jieba
(its dictionary is read once per process, and only when Chinese words are first asked for:
about a second) or, where single characters read better, into characters.
"""

from __future__ import annotations

import functools
import logging
import re

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
PUNCTUATION = ("，", "。", "、", "；", "：", "！", "？")
SENTENCE_END = frozenset("。！？；")
SPLITS = ("words", "chars")

HAN_RUN_RE = re.compile(f"([{HAN}]+)")
# A line that ends in Chinese (a verse of a poem, a title) ends its sentence.
LINE_END_RE = re.compile(f"(?<=[{HAN}{''.join(PUNCTUATION)}」』》）])[ \\t\\u3000]*\\r?\\n")
# Full-width forms become ASCII, except those of , ; : ! ? (they are the Chinese marks);
# half-width 。 and 、 become the usual ones.
WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in "，；：！？"} | {
    0xFF61: "。",
    0xFF64: "、",
}


def is_han(token: str) -> bool:
    """True for a Chinese token (one made of Han characters)."""
    return HAN_RUN_RE.match(token) is not None


def split(run: str, how: str = "words") -> list[str]:
    """A run of Han characters cut into words (jieba) or into single characters."""
    if how not in SPLITS:
        raise ValueError(f"how must be 'words' or 'chars', got {how!r}.")
    return list(run) if how == "chars" else _jieba().lcut(run)


@functools.cache
def _jieba():
    """jieba's segmenter with its dictionary loaded."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it reports loading its dictionary on stderr
    jieba.initialize()  # under jieba's own lock: concurrent first calls load it once
    return jieba.dt
