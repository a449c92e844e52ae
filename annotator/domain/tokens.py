"""The documented tokenizer shared by CoNLL export, spaCy export and token-level agreement.

Tokens follow Unicode's character properties (through the ``regex`` module), so every script is cut the
same way:

- A **word** is a run of letters, digits and connector punctuation (``_``) together with the combining
  marks (category M*) that follow them, so Devanagari ``में``, Arabic with harakat ``مُحَمَّد`` and Hebrew
  with niqqud ``שָׁלוֹם`` are one token each. Inner joiners keep a word whole: ``910B``, ``iFlytek's``,
  ``U.S``, ``state-owned``, ``1.2``.
- **Chinese and Japanese**: each Han ideograph is its own token (the scripts are written without spaces,
  and no dictionary is used); a run of hiragana is one token, a run of katakana (with ``ー``) is one token:
  ``東京に行きました`` is ``東``, ``京``, ``に``, ``行``, ``きました``.
- **Thai, Lao, Khmer and Myanmar** are written without spaces between words: a run of one of them is one
  token (there is no dictionary to find words inside it).
- Anything else that is not whitespace is one token per character with the marks that follow it:
  punctuation, symbols, and emoji whole with their skin tones, variation selectors, keycaps and
  zero-width-joiner sequences (``👩🏾‍💻``); a flag (two regional indicators) is one token. No token
  contains whitespace (Python's ``str.isspace``), except a character a zero-width joiner joins.

Offsets are code points into the canonical text, end exclusive.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

# Scripts written without spaces, cut by the rules above rather than as words.
_SPACELESS = r"\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_HAN = r"\p{Han}"
_KANA = r"\p{Hiragana}\p{Katakana}\u30fc"
_LETTER = rf"[[\p{{L}}\p{{N}}\p{{Pc}}]--[{_HAN}{_KANA}{_SPACELESS}]]"
# What Python's str.isspace() calls whitespace (agreement splits texts on it), which no token contains.
_SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Marks (and emoji skin tones) stay with the character before them; a zero-width joiner brings the
# character after it (👩‍💻 is one token).
_TAIL = r"(?:[\p{M}\U0001f3fb-\U0001f3ff]|\u200d.)*"
_WORD = rf"(?:{_LETTER}{_TAIL})+(?:[-'’.](?:{_LETTER}{_TAIL})+)*"
_TOKEN = regex.compile(
    rf"{_WORD}"
    rf"|[{_HAN}]{_TAIL}"
    rf"|(?:[\p{{Hiragana}}\u30fc]{_TAIL})+"
    rf"|(?:[\p{{Katakana}}\u30fc]{_TAIL})+"
    rf"|(?:[{_SPACELESS}]{_TAIL})+"
    r"|[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    rf"|[^{_SPACE}]{_TAIL}",
    regex.VERSION1,
)


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
