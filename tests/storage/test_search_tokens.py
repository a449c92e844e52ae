"""The index's tokens (storage.search_tokens): whatever holds a term is found by the term's expression.

Checked on a one-row FTS5 table made as migration 0017 makes the project's, for generated texts and terms
cut from them (case changed, Greek, Turkish, German, combining accents, emoji, ideographs, punctuation).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.search import find_term, stands_alone
from annotator.storage.schema_steps_0017 import INDEX_OPTIONS
from annotator.storage.search_tokens import index_tokens, register_search_tokens, term_expression

# Letters, digits, punctuation and symbols that make tokens interesting: case pairs whose folds differ
# (final sigma, long s, dotted capital I, sharp s), combining marks, joiners, ideographs, emoji, ASCII
# punctuation (written full-width inside tokens), white space of several kinds.
ALPHABET = [
    *"abcAIsSΣσςſİißẞé_-.,'\"%*:() \n\t\u3000",
    "e\u0301",
    "👩\u200d💻",
    "😀",
    "投",
    "資",
    "風",
    "險",
    "。",
    "，",
    "𠀀",
    "ᏸ",
    "ꮰ",
]


def found(text: str, term: str, *, whole_word: bool) -> bool:
    """Whether the index of ``text`` answers ``term``'s expression (True when it cannot narrow)."""
    expression = term_expression(term, whole_word=whole_word)
    if not expression:
        return True
    with closing(sqlite3.connect(":memory:")) as conn:
        register_search_tokens(conn)
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(v, {INDEX_OPTIONS})")
        conn.execute("INSERT INTO t (rowid, v) VALUES (1, search_tokens(?))", (text,))
        return conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()[0] == 1


texts = st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=texts, data=st.data())
def test_a_term_cut_from_a_text_is_found_in_any_case(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    term = text[start:end]
    term = data.draw(st.sampled_from([term, term.upper(), term.lower(), term.swapcase()]))
    if len(term) < 2 or not term.strip() or not find_term(text, term, limit=1):
        return  # one-character and blank terms are never looked up in the index
    assert found(text, term, whole_word=stands_alone(term)), (
        text,
        term,
        term_expression(term, whole_word=False),
    )


@settings(max_examples=200, deadline=None)
@given(text=texts, term=texts)
def test_any_term_the_text_holds_is_found(text: str, term: str) -> None:
    if len(term) < 2 or not find_term(text, term, limit=1):
        return
    assert found(text, term, whole_word=stands_alone(term))


def test_words_found_inside_words_and_short_words_on_their_own() -> None:
    text = "Ask Chen when the kitchen opens; the AI team met in Shanghai."
    assert found(text, "chen", whole_word=False)  # inside "kitchen" and on its own
    assert found(text, "itche", whole_word=False)
    assert found(text, "AI", whole_word=True)
    assert not found(text, "revenue", whole_word=False)
    assert not found("rev eve ven enu nue", "revenue", whole_word=False)  # its pieces, held apart
    assert not found("the airline said", "ai", whole_word=True)
    assert found("the airline said", "ai", whole_word=False)  # "Tag all" without whole words


def test_chinese_pairs_emoji_and_phrases() -> None:
    assert found("投資有風險，入市需謹慎。", "風險", whole_word=False)
    assert found("市場的結論是：沒有風險", "風險", whole_word=False)  # at the very end
    assert not found("這篇文章只談收益。", "風險", whole_word=False)
    assert found("a coder 👩\u200d💻 at work", "👩\u200d💻", whole_word=False)
    assert found("Huawei Ascend 910B ships", "ascend 910b", whole_word=False)
    # Without positions, a phrase's words held apart are a candidate (the caller reads the text)...
    assert found("Huawei Ascend ships the 910B", "ascend 910b ships", whole_word=False)
    assert not found("Huawei Ascend 910C ships", "ascend 910b", whole_word=False)  # ...a word missing is not
    assert found("e-mail the CFO", "e-mail", whole_word=False)
    assert found("ΟΔΟΣ", "οδος", whole_word=False)  # final sigma against capital sigma
    assert found("İstanbul", "istanbul", whole_word=False)  # as re.IGNORECASE matches them


def test_ascii_punctuation_inside_tokens_stays_one_token() -> None:
    tokens = index_tokens('snake_case "quoted" 5%*').split()
    assert all(not any(char in token for char in '_"%*') for token in tokens)
    assert found('snake_case "quoted" 5%*', "snake_case", whole_word=False)
    assert found('snake_case "quoted" 5%*', '"quoted"', whole_word=False)
    assert found('snake_case "quoted" 5%*', "5%*", whole_word=False)


def test_values_that_are_not_text_give_their_text_tokens() -> None:
    assert index_tokens(None) == index_tokens("") == ""
    assert set(index_tokens(1234).split()) == set(index_tokens("1234").split())
    assert set(index_tokens(b"chen").split()) == set(index_tokens("chen").split())
