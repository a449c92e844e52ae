"""Where every token of a corpus is, in global positions (see ``columns``), found with few Python steps.

Same tokens as ``annotator.domain.tokens.tokenize`` (the argument is in tests/metrics/token_index.py): a
text without U+200D tokenises as its whitespace-separated chunks do, one by one. So the chosen texts are
joined into one string laid out exactly as the global positions are (a separator between documents,
blanks in place of the texts not wanted), split once, and each distinct chunk is tokenised once. A text
containing U+200D is tokenised on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.domain.tokens import tokenize
from annotator.metrics.columns import BoolArray, IntArray, Numbering

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
    code_points = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    kind = np.take(_KIND, code_points, mode="clip")
    space = kind == _SPACE
    begins = ~space
    begins[1:] &= space[:-1]
    finishes = ~space
    finishes[:-1] &= space[1:]
    chunk_starts = np.flatnonzero(begins)
    chunk_ends = np.flatnonzero(finishes) + 1
    # Most chunks are a run of ASCII letters and digits, perhaps with one ASCII punctuation mark before
    # or after it ("(2023", "chips,"): their tokens are the mark(s) and the run, known without looking.
    # Only the others (inner joiners, other scripts) are cut into strings and tokenised.
    lead = np.take(_IS_MARK, code_points[chunk_starts], mode="clip") & (chunk_ends - chunk_starts >= 2)
    body_start = chunk_starts + lead
    trail = np.take(_IS_MARK, code_points[chunk_ends - 1], mode="clip") & (chunk_ends - body_start >= 2)
    body_end = chunk_ends - trail
    plain_before = np.zeros(len(code_points) + 1, np.int64)
    np.cumsum(kind != _PLAIN, out=plain_before[1:])
    simple = plain_before[body_end] == plain_before[body_start]
    mixed = np.flatnonzero(~simple)
    # Each distinct mixed chunk is tokenised once; its tokens are kept in one flat table, at ``table_first``.
    distinct = Numbering()
    mixed_starts, mixed_ends = chunk_starts[mixed].tolist(), chunk_ends[mixed].tolist()
    chunk_ids = np.fromiter(
        (distinct[text[start:end]] for start, end in zip(mixed_starts, mixed_ends, strict=True)),
        np.int64,
        len(mixed),
    )
    table_starts, table_ends, table_count = _token_table(list(distinct))
    table_first = np.cumsum(table_count) - table_count
    counts = 1 + lead.astype(np.int64) + trail
    counts[mixed] = table_count[chunk_ids]
    first_token = np.cumsum(counts) - counts  # where each chunk's tokens go in the result
    total = int(counts.sum())
    starts, ends = np.empty(total, np.int64), np.empty(total, np.int64)
    # Simple chunks: the leading mark, the run, the trailing mark.
    simple_chunks = np.flatnonzero(simple & lead)
    starts[first_token[simple_chunks]] = chunk_starts[simple_chunks]
    ends[first_token[simple_chunks]] = chunk_starts[simple_chunks] + 1
    body = first_token[simple] + lead[simple]
    starts[body], ends[body] = body_start[simple], body_end[simple]
    simple_chunks = np.flatnonzero(simple & trail)
    last = first_token[simple_chunks] + counts[simple_chunks] - 1
    starts[last], ends[last] = chunk_ends[simple_chunks] - 1, chunk_ends[simple_chunks]
    # Token j of mixed chunk k is token j of k's table entry, shifted to where k begins.
    mixed_counts = counts[mixed]
    within = np.arange(int(mixed_counts.sum())) - np.repeat(
        np.cumsum(mixed_counts) - mixed_counts, mixed_counts
    )
    target = np.repeat(first_token[mixed], mixed_counts) + within
    source = np.repeat(table_first[chunk_ids], mixed_counts) + within
    shift = np.repeat(chunk_starts[mixed], mixed_counts)
    starts[target] = table_starts[source] + shift
    ends[target] = table_ends[source] + shift
    return starts, ends


def _token_table(chunks: list[str]) -> tuple[IntArray, IntArray, IntArray]:
    """The tokens of each chunk, relative to it, end to end: (starts, ends, how many per chunk). Chunks
    hold no whitespace, so tokenised all at once, joined by spaces, no token crosses into the next."""
    lengths = np.fromiter(map(len, chunks), np.int64, len(chunks))
    chunk_offsets = np.cumsum(lengths + 1) - (lengths + 1)
    tokens = tokenize(" ".join(chunks))
    token_starts = np.fromiter((token.start for token in tokens), np.int64, len(tokens))
    token_ends = np.fromiter((token.end for token in tokens), np.int64, len(tokens))
    owner = np.searchsorted(chunk_offsets, token_starts, side="right") - 1
    counts = np.bincount(owner, minlength=len(chunks)) if len(chunks) else np.zeros(0, np.int64)
    return token_starts - chunk_offsets[owner], token_ends - chunk_offsets[owner], counts


# What each code point is, for the code points up to the last whitespace (U+3000), then one "other"
# that every later code point is clipped to: whitespace (as str.isspace), an ASCII letter or digit, other.
_OTHER, _SPACE, _PLAIN = 0, 1, 2
_KIND = np.array(
    [
        _SPACE if chr(code).isspace() else _PLAIN if chr(code).isascii() and chr(code).isalnum() else _OTHER
        for code in range(0x3001)
    ]
    + [_OTHER],
    np.uint8,
)
# ASCII punctuation and symbols, each a token of its own next to a run of letters and digits.
_IS_MARK = np.array(
    [0x21 <= code <= 0x7E and not chr(code).isalnum() and chr(code) != "_" for code in range(128)] + [False],
    np.bool_,
)
