"""The fast token index must find exactly the tokens ``tokenize`` finds, on any text."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.tokens import tokenize
from tests.conftest import ADVERSARIAL_TEXT
from tests.metrics.token_index import Tokenizer

# Letters, digits, joiners, punctuation, every kind of whitespace, CJK, emoji, marks, flags, ZWJ.
_SINGLES = "aZ9_-'’.,;%( )\t\n\r\x0b\x0c\x1c\u00a0\u2028\u3000"
ALPHABET = [
    *_SINGLES,
    "讯",
    "𠀀",
    "👩",
    "💻",
    "\u200d",
    "\u0301",
    "\ufe0f",
    "\U0001f3fb",
    "\U0001f1e8",
    "\U0001f1f3",
]


def reference(text: str, start: int, end: int) -> tuple[int, int]:
    tokens = tokenize(text)
    return (
        bisect_left([t.start for t in tokens], start),
        bisect_right([t.end for t in tokens], end),
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40), st.data())
def test_counts_and_covered_tokens_equal_tokenize(text: str, data: st.DataObject) -> None:
    tokenizer = Tokenizer()
    index = tokenizer.index(text)
    assert index.count == len(tokenize(text))
    for _ in range(5):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        assert index.covered(start, end) == reference(text, start, end)
    again = tokenizer.index(text)  # now from the chunk cache
    assert again.count == index.count


def test_real_text_and_the_adversarial_sample() -> None:
    tokenizer = Tokenizer()
    for text in (ADVERSARIAL_TEXT, ADVERSARIAL_TEXT.replace("\u200d", ""), "  leading and trailing  "):
        index = tokenizer.index(text)
        assert index.count == len(tokenize(text))
        for start in range(len(text) + 1):
            for end in range(start, min(len(text), start + 15) + 1):
                assert index.covered(start, end) == reference(text, start, end)


def test_empty_and_blank_texts_have_no_tokens() -> None:
    for text in ("", "   \n\t"):
        index = Tokenizer().index(text)
        assert index.count == 0
        assert index.covered(0, len(text)) == (0, 0)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_unicode_text(text: str) -> None:
    index = Tokenizer().index(text)
    assert index.count == len(tokenize(text))
    assert index.covered(0, len(text)) == reference(text, 0, len(text))
    assert index.covered(len(text) // 3, len(text)) == reference(text, len(text) // 3, len(text))
