from annotator.domain.tokens import tokenize


def test_tokens_cover_words_numbers_and_punctuation() -> None:
    text = "Huawei's Ascend 910B, state-owned (U.S.) 1.2bn"
    assert [t.text for t in tokenize(text)] == [
        "Huawei's",
        "Ascend",
        "910B",
        ",",
        "state-owned",
        "(",
        "U.S",
        ".",
        ")",
        "1.2bn",
    ]


def test_token_offsets_slice_the_text() -> None:
    text = "讯飞 👩‍💻 e\u0301t 🇨🇳 𠀀x"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
    assert [t.text for t in tokenize(text)] == ["讯", "飞", "👩‍💻", "e\u0301t", "🇨🇳", "𠀀", "x"]
