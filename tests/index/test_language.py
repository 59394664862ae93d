import pytest

from index.text.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?", "de"),
        ("Wer hat die Gespräche abgebrochen?", "de"),
        ("Who broke off the talks?", "en"),
        ("How many civilians are trapped in eastern Aleppo?", "en"),
        ("Aleppo", "und"),
    ],
)
def test_detect_language(text: str, lang: str):
    assert detect_language(text) == lang
