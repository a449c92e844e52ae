"""What the full-text index stores of a value, and how a search term is looked up in it (migration 0017).

The index keeps, for each value, the set of its tokens (no positions, FTS5 ``detail=none``):

* every suffix of every word, cut to ``LONGEST_TOKEN`` (four) characters: every four characters of a word
  are then one token, so a term found inside a word ("chen" in "kitchen") is looked up as its pieces of
  four, each one token read exactly, where trigrams without positions answered every value that held the
  term's trigrams anywhere ("ask chen" read a quarter of the corpus to find a handful); a shorter term
  begins one of the word's tokens ("ask"*), and a short word standing on its own is its word's first;
* every two neighbouring characters of a stretch of other characters (Chinese and Japanese, written
  without spaces, punctuation, symbols, emoji): a two-character Chinese word is one token, a longer one
  all of its pairs.

Values and terms are split the same way, one character at a time, so a term that occurs in a value is
made of the same pieces: its inner words are whole words of the value, its first word ends one, its last
begins one, and its pairs are pairs of the value. What the index finds is therefore every value that
holds the term, and at most a few more (the caller checks the text). Case is folded the way the
search's own comparison folds it (``str.lower``, and ``re.IGNORECASE`` for the odd letter), or more.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache, lru_cache

# Suffixes are cut to this many characters: a longer word is looked up as all of its windows of this many
# characters, each one token looked up exactly (four characters leave few values holding them all apart).
LONGEST_TOKEN = 4
# A word's last piece is looked up as a prefix only from this length, and only when nothing else narrows
# (shorter prefixes begin too many tokens to merge quickly).
_SHORTEST_PREFIX = 3

# Ideographs and kana (as ``annotator.domain.search``): never part of a word.
_UNSPACED = "\u3040-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# A word, a stretch of other visible characters, or anything else (white space and control characters,
# which separate pieces and are never indexed).
_WORD = rf"[^\W{_UNSPACED}]+"
_PIECES = re.compile(rf"({_WORD})|(?:[^\s\w\x00-\x1f\x7f]|[{_UNSPACED}])+")
# For indexing, where only the set of pieces counts: what is left between words and white space is the
# stretches of other characters.
_WORDS = re.compile(_WORD)
_NOT_STRETCHES = re.compile(rf"{_WORD}|[\s\x00-\x1f\x7f]+")
# Most values hold no ideograph: their words and stretches are found by plainer (faster) patterns.
_ANY_UNSPACED = re.compile(f"[{_UNSPACED}]")
_PLAIN_WORDS = re.compile(r"\w+")
_PLAIN_STRETCHES = re.compile(r"[^\w\s\x00-\x1f\x7f]{2,}")
# The FTS5 "ascii" tokenizer splits at ASCII punctuation: inside tokens it is written as its full-width
# form (U+FF01-U+FF5E), which that tokenizer keeps.
_FULL_WIDTH = {code: chr(code + 0xFEE0) for code in range(0x21, 0x7F) if not chr(code).isalnum()}


@cache
def _fold_table() -> dict[int, str]:
    # Lower-case letters whose case fold is another single letter (final sigma, long s, micro sign...):
    # re.IGNORECASE takes them as equal to it, so the index does too.
    table: dict[int, str] = {}
    for code in range(0x1E950):
        char = chr(code)
        folded = char.casefold()
        if len(folded) == 1 and folded != char and char.lower() == char:
            table[code] = folded
    return table


def fold(text: str) -> str:
    """``text`` with case folded, one character for one (offsets are kept)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer (İ): folded on its own
        lowered = "".join(_fold_one(char) for char in text)
    if _needs_table().search(lowered) is None:  # nearly always: translating costs more than the search
        return lowered
    return lowered.translate(_fold_table())


@cache
def _needs_table() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(code)) for code in _fold_table()) + "]")


def _fold_one(char: str) -> str:
    lowered = char.lower()
    if len(lowered) == 1:
        return lowered
    return "i" if char == "\u0130" else char  # re.IGNORECASE matches İ with i


class Piece:
    """A word (``word`` True) or a stretch of other characters, as ``fold`` left it."""

    __slots__ = ("text", "word")

    def __init__(self, text: str, word: bool) -> None:
        self.text = text
        self.word = word


def pieces(folded: str) -> list[Piece]:
    return [Piece(match.group(), match.group(1) is not None) for match in _PIECES.finditer(folded)]


@lru_cache(maxsize=65536)
def _suffixes(word: str) -> str:
    # Words repeat across a corpus: their suffixes are made once. (FTS5 keeps a token once per value.)
    return " ".join(word[start : start + LONGEST_TOKEN] for start in range(len(word)))


def _written(token: str) -> str:
    return token.translate(_FULL_WIDTH)


def index_tokens(value: object) -> str:
    """The tokens the index keeps of ``value``, separated by spaces (the SQL function ``search_tokens``)."""
    if value is None:
        return ""
    if not isinstance(value, str):  # a number or bytes another program stored in a text column
        value = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    if not value:
        return ""
    folded = fold(value)
    if _ANY_UNSPACED.search(folded) is None:
        found_words, stretches = _PLAIN_WORDS.findall(folded), _PLAIN_STRETCHES.findall(folded)
    else:
        found_words, stretches = _WORDS.findall(folded), _NOT_STRETCHES.split(folded)
    words = " ".join(map(_suffixes, set(found_words)))
    pairs = [stretch[start : start + 2] for stretch in set(stretches) for start in range(len(stretch) - 1)]
    # Only "_" of ASCII's punctuation is part of a word.
    return (words.replace("_", "\uff3f") if "_" in words else words) + " " + _written(" ".join(pairs))


def fts_string(token: str) -> str:
    return '"' + _written(token) + '"'


def term_expression(term: str, *, whole_word: bool) -> str:
    """An FTS5 expression every indexed value holding ``term`` satisfies ("" when the index cannot narrow).

    ``whole_word``: the term is a short word that must stand on its own (``annotator.domain.search``).
    Tokens are looked up exactly wherever they can be: FTS5 reads a token's rows lazily and stops at the
    query's limit, where a prefix ("ask"*) merges every row of every token it begins first.
    """
    found = pieces(fold(term))
    parts: list[str] = []
    for position, piece in enumerate(found):
        text = piece.text
        if not piece.word:
            parts += [fts_string(text[start : start + 2]) for start in range(len(text) - 1)]
        elif len(text) >= LONGEST_TOKEN:
            parts += _windows(text)
        elif len(found) == 1:
            # Inside a word: it begins one of the word's tokens; a short word on its own is its first.
            if whole_word:
                parts.append(fts_string(text))
            elif len(text) >= 2:
                parts.append(fts_string(text) + "*")
        elif position < len(found) - 1:
            # The value's word ends with this one (the first piece) or is this one: its last token.
            parts.append(fts_string(text))
        elif len(text) >= _SHORTEST_PREFIX and not parts:
            # The value's word begins with this one: only looked up when nothing else narrows.
            parts.append(fts_string(text) + "*")
    return " AND ".join(dict.fromkeys(parts))


def _windows(text: str) -> list[str]:
    # Every LONGEST_TOKEN characters of a word are one of its tokens: all of them, or at most eight spread
    # over a long word, narrow to the values holding the word, nearly always.
    starts = range(len(text) - LONGEST_TOKEN + 1)
    if len(starts) > 8:
        starts = range(0, len(text) - LONGEST_TOKEN + 1, -(-len(starts) // 8))
    return [fts_string(text[start : start + LONGEST_TOKEN]) for start in [*starts, len(text) - LONGEST_TOKEN]]


def register_search_tokens(conn: sqlite3.Connection) -> None:
    """Make ``search_tokens(value)`` known to ``conn``: the triggers and views of the index call it."""
    conn.create_function("search_tokens", 1, index_tokens, deterministic=True)
