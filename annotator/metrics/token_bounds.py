"""Where every token of a corpus is, in global positions (see ``columns``), found with few Python steps.

Same tokens as ``annotator.domain.tokens.tokenize``, by the argument in ``token_index``: a text without
U+200D tokenises as its whitespace-separated chunks do, one by one. So the chosen texts are joined into
one string laid out exactly as the global positions are (a separator between documents, blanks in place
of the texts not wanted), split once, and each distinct chunk is tokenised once. A text containing
U+200D is tokenised on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.domain.tokens import tokenize
from annotator.metrics.columns import BoolArray, IntArray

_ZWJ = "\u200d"


@dataclass(frozen=True)
class TokenBounds:
    starts: IntArray  # global, sorted
    ends: IntArray
    first: IntArray  # per document: the index of its first token
    count: IntArray  # per document: how many tokens it has (0 for texts not wanted)

    def covered(self, start: IntArray, end: IntArray) -> tuple[IntArray, IntArray]:
        """Per range, ``(first, stop)``: the tokens ``first <= i < stop`` lie wholly inside it."""
        return np.searchsorted(self.starts, start, side="left"), np.searchsorted(self.ends, end, side="right")


def token_bounds(texts: list[str], offsets: IntArray, wanted: BoolArray) -> TokenBounds:
    alone = [number for number, text in enumerate(texts) if wanted[number] and _ZWJ in text]
    blank = ~wanted
    blank[alone] = True
    joined = "\n".join(" " * len(text) if blank[number] else text for number, text in enumerate(texts))
    starts, ends = _chunked(joined)
    if alone:
        extra_starts = [starts]
        extra_ends = [ends]
        for number in alone:
            tokens = tokenize(texts[number])
            offset = int(offsets[number])
            extra_starts.append(np.fromiter((t.start + offset for t in tokens), np.int64, len(tokens)))
            extra_ends.append(np.fromiter((t.end + offset for t in tokens), np.int64, len(tokens)))
        starts, ends = np.concatenate(extra_starts), np.concatenate(extra_ends)
        order = np.argsort(starts, kind="stable")
        starts, ends = starts[order], ends[order]
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    first = np.searchsorted(starts, offsets, side="left")
    count = np.searchsorted(starts, offsets + lengths, side="left") - first
    return TokenBounds(starts, ends, first, count)


def _chunked(text: str) -> tuple[IntArray, IntArray]:
    chunks = text.split()
    code_points = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    space = _IS_SPACE[np.minimum(code_points, len(_IS_SPACE) - 1)]
    begins = ~space
    begins[1:] &= space[:-1]
    chunk_starts = np.flatnonzero(begins).astype(np.int64)
    if len(chunk_starts) != len(chunks):  # the whitespace table must agree with str.split
        raise AssertionError("whitespace table out of step with str.split")
    # Each distinct chunk is tokenised once; its tokens are kept in one flat table, at ``table_first``.
    distinct = _Numbering()
    chunk_ids = np.fromiter(map(distinct.__getitem__, chunks), np.int64, len(chunks))
    # The distinct chunks hold no whitespace, so tokenised all at once, joined by spaces, no token
    # crosses from one into the next.
    lengths = np.fromiter(map(len, distinct), np.int64, len(distinct))
    chunk_offsets = np.cumsum(lengths + 1) - (lengths + 1)
    tokens = tokenize(" ".join(distinct))
    token_starts = np.fromiter((token.start for token in tokens), np.int64, len(tokens))
    token_ends = np.fromiter((token.end for token in tokens), np.int64, len(tokens))
    owner = np.searchsorted(chunk_offsets, token_starts, side="right") - 1
    table_starts, table_ends = token_starts - chunk_offsets[owner], token_ends - chunk_offsets[owner]
    table_count = np.bincount(owner, minlength=len(distinct))
    table_first = np.cumsum(table_count) - table_count
    counts = table_count[chunk_ids]
    # Token k of the corpus is token (k - first token of its chunk) of its chunk's table entry.
    before = np.cumsum(counts) - counts
    index = np.arange(int(counts.sum())) + np.repeat(table_first[chunk_ids] - before, counts)
    shift = np.repeat(chunk_starts, counts)
    return table_starts[index] + shift, table_ends[index] + shift


class _Numbering(dict[str, int]):
    """Numbers strings in the order they are first seen."""

    def __missing__(self, chunk: str) -> int:
        number = self[chunk] = len(self)
        return number


# str.isspace for every code point up to the last one that is whitespace (U+3000), then one False.
_IS_SPACE = np.array([chr(code).isspace() for code in range(0x3001)] + [False], np.bool_)
