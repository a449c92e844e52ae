from annotator.ui.fonts import has_cjk_font, missing_font_hint


def test_hint_matches_the_installed_fonts(qapp: object) -> None:
    hint = missing_font_hint()
    assert (hint is None) == has_cjk_font()
    if hint is not None:
        assert "fonts-noto-cjk" in hint
