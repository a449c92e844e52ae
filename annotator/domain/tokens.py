"""The documented tokenizer shared by CoNLL export and token-level agreement.

A token is either a run of word characters that may contain inner joiners (``910B``, ``iFlytek's``,
``U.S``, ``state-owned``, ``1.2``), or a single character that is neither a word character nor whitespace
(punctuation, symbols, emoji code points). Each CJK ideograph is its own token, since Chinese is written
without spaces. Combining marks, variation selectors and zero-width-joiner sequences stay with the
character they modify; a pair of regional indicators (a flag) is one token. Offsets are code points into
the canonical text, end exclusive.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_IDEOGRAPH = "\u3040-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_WORD = rf"[^\W{_IDEOGRAPH}]"
# Marks that belong to the character before them: combining accents, variation selectors, skin tones,
# and a zero-width joiner with the character it joins (👩‍💻 is one token).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\ufe0e\ufe0f\U0001f3fb-\U0001f3ff"
_TAIL = f"(?:[{_MARKS}]|\u200d.)*"
_FLAG = "[\U0001f1e6-\U0001f1ff]{2}"
_TOKEN = re.compile(
    rf"(?:{_WORD}{_TAIL})+(?:[-'’.](?:{_WORD}{_TAIL})+)*|{_FLAG}|[{_IDEOGRAPH}]{_TAIL}|[^\w\s]{_TAIL}|_",
    re.UNICODE,
)


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
