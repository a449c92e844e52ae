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


def _texts(text: str) -> list[str]:
    tokens = tokenize(text)
    for token in tokens:
        assert text[token.start : token.end] == token.text
    return [t.text for t in tokens]


def test_combining_marks_stay_with_their_letters_in_every_script() -> None:
    assert _texts("भारत में हिन्दी") == ["भारत", "में", "हिन्दी"]  # Devanagari vowel signs, virama
    assert _texts("مُحَمَّدٌ رَسُولُ") == ["مُحَمَّدٌ", "رَسُولُ"]  # Arabic with harakat and shadda
    assert _texts("שָׁלוֹם, עוֹלָם") == ["שָׁלוֹם", ",", "עוֹלָם"]  # Hebrew with niqqud
    assert _texts("ca\u0301fe\u0301 n\u0303") == ["ca\u0301fe\u0301", "n\u0303"]  # decomposed Latin


def test_no_token_starts_with_a_combining_mark() -> None:
    import unicodedata

    text = "भारत में مُحَمَّدٌ שָׁלוֹם ภาษาไทย 東京に 👍🏽 e\u0301\u0301 ̀x"
    for token in tokenize(text):
        assert not unicodedata.category(token.text[0]).startswith("M") or token.start == text.index("̀x")


def test_japanese_ideographs_alone_and_kana_runs_whole() -> None:
    assert _texts("東京に行きました。カタカナ語") == [
        "東",
        "京",
        "に",
        "行",
        "きました",
        "。",
        "カタカナ",
        "語",
    ]
    assert _texts("コーヒーを飲む") == ["コーヒー", "を", "飲", "む"]


def test_thai_runs_between_spaces_are_one_token() -> None:
    assert _texts("ภาษาไทยง่าย นิดเดียว") == ["ภาษาไทยง่าย", "นิดเดียว"]


def test_emoji_are_whole_grapheme_clusters() -> None:
    assert _texts("👍🏽👋🏿 👩🏾‍💻 🇫🇷🇩🇪 1️⃣ ❤️") == ["👍🏽", "👋🏿", "👩🏾\u200d💻", "🇫🇷", "🇩🇪", "1️⃣", "❤️"]
