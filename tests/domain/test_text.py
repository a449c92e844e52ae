from annotator.domain.text import canonical_text, guess_title, text_sha256


def test_canonical_text_strips_bom_and_normalises_every_newline_style() -> None:
    raw = "\ufeffone\r\ntwo\rthree\nfour".encode()
    assert canonical_text(raw) == "one\ntwo\nthree\nfour"


def test_canonical_text_changes_nothing_else() -> None:
    text = "e\u0301 and é, tabs\t, nbsp\u00a0, line sep\u2028, 👩‍💻 𠀀"
    assert canonical_text(text.encode()) == text


def test_sha256_is_of_utf8_text() -> None:
    assert text_sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_title_skips_bylines_and_menus_and_truncates() -> None:
    assert (
        guess_title("By Sherry Qin\nChina's iFlytek developed a model", "x")
        == "China's iFlytek developed a model"
    )
    assert guess_title("Home About us\n\nLarge model, a battle that iFLYTEK cannot lose", "x").startswith(
        "Large model"
    )
    long_title = guess_title("word " * 60, "x")
    assert len(long_title) == 100 and long_title.endswith("…")
    assert guess_title("   \n  ", "fallback") == "fallback"
