"""Where the tokens of a text are, exactly as ``annotator.domain.tokens.tokenize`` finds them, but fast.

Tokenising every document is most of the time agreement takes, because the tokenizer builds an object per
token. Agreement only needs how many tokens a text has and which of them a span covers whole, so:

* No token contains whitespace, except that the tokenizer keeps a zero-width joiner (U+200D) together
  with the character after it, whatever that is. So a text without U+200D tokenises exactly as its
  whitespace-separated chunks do, one by one, and its token offsets are the chunks' offsets plus theirs.
* Chunks are mostly words, and words repeat: each distinct chunk is tokenised once per ``Tokenizer``
  (one per agreement computation), and a document costs a ``str.split``, a few C-level running sums
  and two bisections per span.

A text containing U+200D takes the plain path through ``tokenize``. ``tests/metrics/test_token_index.py``
holds both paths equal to ``tokenize`` on arbitrary text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, chain
from operator import add, itemgetter

from annotator.domain.tokens import Token, tokenize

_SPACES = re.compile(r"\s+")
_ZWJ = "\u200d"
_start_of = itemgetter(0)
_end_of = itemgetter(1)
_count_of = itemgetter(0)

# A chunk's tokens: (how many, their starts, their ends), offsets relative to the chunk.
ChunkTokens = tuple[int, tuple[int, ...], tuple[int, ...]]


class TokenIndex:
    """The tokens of one text: how many there are and which ones a character range covers whole."""

    count: int

    def covered(self, start: int, end: int) -> tuple[int, int]:
        """``(first, stop)``: the tokens ``first <= i < stop`` lie wholly inside ``[start, end)``."""
        raise NotImplementedError


class _TokenList(TokenIndex):
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.count = len(tokens)

    def covered(self, start: int, end: int) -> tuple[int, int]:
        return bisect_left(self.tokens, start, key=_start_of), bisect_right(self.tokens, end, key=_end_of)


class _ChunkedTokens(TokenIndex):
    def __init__(self, starts: list[int], before: list[int], chunks: list[ChunkTokens]) -> None:
        self.starts = starts  # where each chunk begins
        self.before = before  # tokens in the chunks before each chunk
        self.chunks = chunks
        self.count = before[-1] + chunks[-1][0] if chunks else 0

    def _locate(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1  # the chunk that begins at or before position

    def covered(self, start: int, end: int) -> tuple[int, int]:
        first = stop = 0
        chunk = self._locate(start)
        if chunk >= 0:  # tokens that begin before ``start`` come before the first covered one
            first = self.before[chunk] + bisect_left(self.chunks[chunk][1], start - self.starts[chunk])
        chunk = self._locate(end)
        if chunk >= 0:  # tokens that end by ``end``
            stop = self.before[chunk] + bisect_right(self.chunks[chunk][2], end - self.starts[chunk])
        return first, stop


class _ChunkCache(dict[str, ChunkTokens]):
    def __missing__(self, chunk: str) -> ChunkTokens:
        tokens = tokenize(chunk)
        found = (len(tokens), tuple(t.start for t in tokens), tuple(t.end for t in tokens))
        self[chunk] = found
        return found


class Tokenizer:
    """Builds ``TokenIndex``es, remembering how each distinct chunk tokenises."""

    def __init__(self) -> None:
        self._chunks = _ChunkCache()

    def index(self, text: str) -> TokenIndex:
        if _ZWJ in text:
            return _TokenList(tokenize(text))
        chunks = text.split()
        if not chunks:
            return _ChunkedTokens([], [], [])
        spaces = _SPACES.findall(text)
        leading = 0
        if text[0].isspace():
            leading = len(spaces[0])
            spaces = spaces[1:]
        # Chunk i + 1 begins where chunk i began, plus its length, plus the whitespace after it.
        steps = map(add, map(len, chunks), map(len, spaces))
        starts = list(accumulate(chain([leading], steps)))[: len(chunks)]
        tokens = list(map(self._chunks.__getitem__, chunks))
        before = list(accumulate(chain([0], map(_count_of, tokens))))[: len(chunks)]
        return _ChunkedTokens(starts, before, tokens)
