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


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("مع من تحدث لافروف هاتفياً؟", "ar"),
        ("Lavrov telefonda kiminle görüştü?", "tr"),  # umlauts alone do not make it German
        ("С кем Лавров разговаривал по телефону?", "ru"),
        ("З ким Лавров розмовляв телефоном?", "uk"),
        ("Avec qui Lavrov s'est-il entretenu au téléphone ?", "fr"),
        ("¿Con quién habló Lavrov por teléfono?", "es"),
        ("چەند کەس لە حەلەب کوژران؟", "ckb"),
        ("Who bombed Aleppo?", "en"),  # fastText is unsure (Italian), the function words are not
        ("Opferzahl Idlib", "de"),
    ],
)
def test_detect_language_knows_the_readers_languages(text: str, lang: str):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "???", "12 345", "Homs"])
def test_no_letters_or_a_lone_name_is_undetermined(text: str):
    assert detect_language(text) == "und"
