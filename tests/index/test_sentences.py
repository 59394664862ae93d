"""Tests for the rule-based paragraph/sentence splitter in ``index.text.sentences``."""

from __future__ import annotations

import re

import pytest

from index.text.sentences import Span, split_paragraphs, split_sentences, word_count
from tests.conftest import SAMPLE_ARTICLE, require_shared


def texts(text: str, spans: list[Span]) -> list[str]:
    return [text[s.start : s.end] for s in spans]


def sentences(text: str) -> list[str]:
    return texts(text, split_sentences(text))


def assert_well_formed(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> None:
    """Stripped, non-empty, ordered, non-overlapping, inside the range, covering all non-space text."""
    end = len(text) if end is None else end
    previous_end = start
    for span in spans:
        piece = text[span.start : span.end]
        assert piece and piece == piece.strip(), span
        assert previous_end <= span.start < span.end <= end, span
        assert text[previous_end : span.start].strip("# \t\r\n") == "", (previous_end, span)
        previous_end = span.end
    assert text[previous_end:end].strip() == ""


CASES = [
    pytest.param(
        "Die Außenminister trafen sich am 22. September in New York. Das Treffen dauerte z. B. drei Stunden.",
        ["Die Außenminister trafen sich am 22. September in New York.", "Das Treffen dauerte z. B. drei Stunden."],
        id="german-ordinal-date-and-z-B",
    ),
    pytest.param(
        "Nach UN-Schätzungen sind etwa 275.000 Zivilisten eingeschlossen. Die Lage ist katastrophal.",
        ["Nach UN-Schätzungen sind etwa 275.000 Zivilisten eingeschlossen.", "Die Lage ist katastrophal."],
        id="thousands-separator",
    ),
    pytest.param(
        '"Das ist alles, was wir noch haben", verlautete aus Kreisen. "Wir sind keine Idioten. '
        'Die Russen werden nicht anfangen." Danach folgte nichts.',
        [
            '"Das ist alles, was wir noch haben", verlautete aus Kreisen.',
            '"Wir sind keine Idioten.',
            'Die Russen werden nicht anfangen."',
            "Danach folgte nichts.",
        ],
        id="straight-quotes",
    ),
    pytest.param(
        "Er sagte: „Das ist alles.“ Dann ging er. „Warum?“ fragte sie. Sie meinte, man müsse „handeln“. Ende.",
        [
            "Er sagte: „Das ist alles.“",
            "Dann ging er.",
            "„Warum?“ fragte sie.",
            "Sie meinte, man müsse „handeln“.",
            "Ende.",
        ],
        id="german-low-high-quotes",
    ),
    pytest.param(
        "Sie fragte: «Wirklich?» Er nickte. »Ja.« Mehr sagte er nicht.",
        ["Sie fragte: «Wirklich?»", "Er nickte.", "»Ja.«", "Mehr sagte er nicht."],
        id="guillemets",
    ),
    pytest.param(
        "U.S. Secretary of State John F. Kerry met Mr. Lavrov on Sept. 22. The talks failed.",
        ["U.S. Secretary of State John F. Kerry met Mr. Lavrov on Sept. 22.", "The talks failed."],
        id="english-abbreviations-and-initials",
    ),
    pytest.param(
        "Dr. Smith arrived at 5 p.m. on Monday.",
        ["Dr. Smith arrived at 5 p.m. on Monday."],
        id="p.m.-before-lowercase",
    ),
    pytest.param(
        "He left at 5 p.m. The others stayed, e.g. Gen. Miller and Sen. Jones of Acme Inc. They waited.",
        ["He left at 5 p.m.", "The others stayed, e.g. Gen. Miller and Sen. Jones of Acme Inc. They waited."],
        id="p.m.-may-end-a-sentence",
    ),
    pytest.param(
        "J. R. R. Tolkien schrieb viel. Prof. Dr. Müller, Nr. 5 der Liste, kam ca. 20 Min. später.",
        ["J. R. R. Tolkien schrieb viel.", "Prof. Dr. Müller, Nr. 5 der Liste, kam ca. 20 Min. später."],
        id="initials-titles",
    ),
    pytest.param(
        "Das regelt Art. 5 Abs. 1 GG. Auf diese Art. Das ist bzw. war u. a. so, d. h. sog. Eliten inkl. Co. bleiben.",
        [
            "Das regelt Art. 5 Abs. 1 GG.",
            "Auf diese Art.",
            "Das ist bzw. war u. a. so, d. h. sog. Eliten inkl. Co. bleiben.",
        ],
        id="numeric-abbreviations",
    ),
    pytest.param(
        "Sie kosten 3 Mio. Euro usw. Das ist viel. Der Bau dauerte bis 44 v. Chr. Dann kamen die Römer.",
        ["Sie kosten 3 Mio. Euro usw.", "Das ist viel.", "Der Bau dauerte bis 44 v. Chr.", "Dann kamen die Römer."],
        id="final-abbreviations",
    ),
    pytest.param(
        "Am 3. Oktober 2016 begann es. Im 19. Jahrhundert war das anders. "
        "Der 2. Weltkrieg endete 1945. Er kam zum 3. Mal.",
        [
            "Am 3. Oktober 2016 begann es.",
            "Im 19. Jahrhundert war das anders.",
            "Der 2. Weltkrieg endete 1945.",
            "Er kam zum 3. Mal.",
        ],
        id="ordinals",
    ),
    pytest.param(
        "Es waren 450. Danach kamen mehr. Das geschah im Jahr 2016. 300 Menschen flohen.",
        ["Es waren 450.", "Danach kamen mehr.", "Das geschah im Jahr 2016.", "300 Menschen flohen."],
        id="number-ends-sentence",
    ),
    pytest.param(
        "Stichtag war der 22.09.2016 bzw. der 22. 9. 2016 um 14.30 Uhr. Gezählt wurden 1.000.000 Stimmen.",
        ["Stichtag war der 22.09.2016 bzw. der 22. 9. 2016 um 14.30 Uhr.", "Gezählt wurden 1.000.000 Stimmen."],
        id="dates-times-large-numbers",
    ),
    pytest.param(
        "Etwa 3,5 Millionen Menschen sind betroffen. Die Zahl stieg um 2,7 Prozent.",
        ["Etwa 3,5 Millionen Menschen sind betroffen.", "Die Zahl stieg um 2,7 Prozent."],
        id="decimal-comma",
    ),
    pytest.param(
        "Das berichtete derStandard.at am Montag. Mehr unter www.allinrechner.at. Dann folgt der Rest.",
        ["Das berichtete derStandard.at am Montag.", "Mehr unter www.allinrechner.at.", "Dann folgt der Rest."],
        id="domains",
    ),
    pytest.param(
        "Der Krieg – so die UN – geht weiter. Das Assad-Regime - und Russland — bombardieren Aleppo.",
        ["Der Krieg – so die UN – geht weiter.", "Das Assad-Regime - und Russland — bombardieren Aleppo."],
        id="dashes",
    ),
    pytest.param(
        "Er zögerte … und ging. Wir haben … Hilfe geleistet. Das war [...] Unsinn. Er wartete... Dann kam sie.",
        [
            "Er zögerte … und ging.",
            "Wir haben … Hilfe geleistet.",
            "Das war [...] Unsinn.",
            "Er wartete...",
            "Dann kam sie.",
        ],
        id="ellipsis",
    ),
    pytest.param(
        "Wirklich?! Ja! Die Kinder (alle unter zehn Jahren.) Sie spielten. 1. FC Köln gewann.",
        ["Wirklich?!", "Ja!", "Die Kinder (alle unter zehn Jahren.)", "Sie spielten.", "1. FC Köln gewann."],
        id="exclamation-brackets-club-name",
    ),
    pytest.param(
        "Ein Satz, der umbrochen wurde und\nweitergeht. Noch ein Satz, der am\n22. September endet.",
        ["Ein Satz, der umbrochen wurde und\nweitergeht.", "Noch ein Satz, der am\n22. September endet."],
        id="hard-wrapped-lines",
    ),
    pytest.param(
        "Die Forderungen:\n- sofortige Waffenruhe\n- Hilfe für Aleppo. Sofort\n1. Erstens das\n2. Zweitens jenes",
        [
            "Die Forderungen:",
            "- sofortige Waffenruhe",
            "- Hilfe für Aleppo.",
            "Sofort",
            "1. Erstens das",
            "2. Zweitens jenes",
        ],
        id="bullets",
    ),
    pytest.param(
        "- Obama will mit den Demokraten\nsprechen. Danach mehr\n- Zweiter Punkt\n* Dritter Punkt",
        ["- Obama will mit den Demokraten\nsprechen.", "Danach mehr", "- Zweiter Punkt", "* Dritter Punkt"],
        id="bullet-with-continuation-line",
    ),
    pytest.param(
        "Die Lage in Aleppo ist nach Angaben der Vereinten Nationen\n- so ein Sprecher - katastrophal. Sie starb am\n"
        "29.\n8. 2005 in Wien.",
        [
            "Die Lage in Aleppo ist nach Angaben der Vereinten Nationen\n- so ein Sprecher - katastrophal.",
            "Sie starb am\n29.\n8. 2005 in Wien.",
        ],
        id="wrapped-dash-and-date-are-not-bullets",
    ),
    pytest.param(
        "Erster Absatz ohne Punkt am Ende, aber mit mehr als zwölf Wörtern darin und so weiter\n\nZweiter. Absatz.",
        [
            "Erster Absatz ohne Punkt am Ende, aber mit mehr als zwölf Wörtern darin und so weiter",
            "Zweiter.",
            "Absatz.",
        ],
        id="paragraph-without-final-period",
    ),
    pytest.param(
        "Eins endet hier\r\n\r\nZwei beginnt.\r\nUnd geht weiter.",
        ["Eins endet hier", "Zwei beginnt.", "Und geht weiter."],
        id="crlf",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert texts(text, spans) == expected
    assert_well_formed(text, spans)


HEADING_CASES = [
    pytest.param(
        'Erster Absatz endet hier.\n\nDiplomaten: "Das ist alles, was wir noch haben"\n\n'
        "Frankreich kündigte an, dass es vermitteln werde. Mehr nicht.",
        [
            ("Erster Absatz endet hier.", False),
            ('Diplomaten: "Das ist alles, was wir noch haben"', True),
            ("Frankreich kündigte an, dass es vermitteln werde.", False),
            ("Mehr nicht.", False),
        ],
        id="heading-paragraph-with-colon-and-quotes",
    ),
    pytest.param(
        "Text davor.\n\nSteinmeier: Dieser Wahnsinn darf nicht weitergehen\n\n"
        "Diplomatische Initiative Berlins\n\nAuch in Berlin.",
        [
            ("Text davor.", False),
            ("Steinmeier: Dieser Wahnsinn darf nicht weitergehen", True),
            ("Diplomatische Initiative Berlins", True),
            ("Auch in Berlin.", False),
        ],
        id="heading-paragraphs",
    ),
    pytest.param(
        "Der erste Absatz endet mit einem ganz normalen Satz.\nDiplomatische Initiative Berlins\n"
        "Auch in Berlin gibt es Anstrengungen, die Lage in Syrien mit diplomatischen Mitteln zu beruhigen.",
        [
            ("Der erste Absatz endet mit einem ganz normalen Satz.", False),
            ("Diplomatische Initiative Berlins", True),
            (
                "Auch in Berlin gibt es Anstrengungen, die Lage in Syrien mit diplomatischen Mitteln zu beruhigen.",
                False,
            ),
        ],
        id="heading-line-inside-block",
    ),
    pytest.param(
        "# Lage in Aleppo\n\n## Hilfe  \nDie UN warnen. Es fehlt an Wasser.",
        [("Lage in Aleppo", True), ("Hilfe", True), ("Die UN warnen.", False), ("Es fehlt an Wasser.", False)],
        id="markdown-headings",
    ),
    pytest.param(
        "Das ist der erste Satz, der hart umbrochen wurde, und zwar\nDeutschland und Frankreich betreffend. "
        "Der zweite Satz folgt\nhier.",
        [
            (
                "Das ist der erste Satz, der hart umbrochen wurde, und zwar\nDeutschland und Frankreich betreffend.",
                False,
            ),
            ("Der zweite Satz folgt\nhier.", False),
        ],
        id="wrapped-line-is-not-a-heading",
    ),
]


@pytest.mark.parametrize(("text", "expected"), HEADING_CASES)
def test_headings(text: str, expected: list[tuple[str, bool]]) -> None:
    spans = split_sentences(text)
    assert [(text[s.start : s.end], s.heading) for s in spans] == expected


def test_markdown_heading_span_excludes_hashes() -> None:
    text = "## Hilfe für Aleppo\nText."
    spans = split_sentences(text)
    assert spans[0] == Span(3, len("## Hilfe für Aleppo"), heading=True)
    assert_well_formed(text, spans)


def test_offsets_with_start_and_end_are_absolute() -> None:
    text = "Vorspann. Am 22. September trafen sie sich. Dann gingen sie. Nachspann hier."
    start = text.index("Am 22.")
    end = text.index(" Nachspann")
    spans = split_sentences(text, start, end)
    assert texts(text, spans) == ["Am 22. September trafen sie sich.", "Dann gingen sie."]
    assert spans[0].start == start
    assert spans[-1].end == end
    assert_well_formed(text, spans, start, end)


def test_range_never_crosses_blank_line() -> None:
    text = "  Ein Satz ohne Punkt\n \n\t  und ein zweiter Teil.  \n\n\n"
    spans = split_sentences(text, 1)
    assert texts(text, spans) == ["Ein Satz ohne Punkt", "und ein zweiter Teil."]
    assert all("\n\n" not in text[s.start : s.end] for s in spans)
    assert_well_formed(text, spans, 1)


def test_split_paragraphs() -> None:
    text = "\n  Erster Absatz\nmit Zeilenumbruch.  \n\n \n\r\nZweiter Absatz.\r\n\r\nDritter.\n"
    spans = split_paragraphs(text)
    assert texts(text, spans) == ["Erster Absatz\nmit Zeilenumbruch.", "Zweiter Absatz.", "Dritter."]
    assert not any(s.heading for s in spans)
    assert split_paragraphs("") == [] and split_paragraphs(" \n\n ") == []
    assert split_sentences("") == [] and split_sentences("   \n\n  ") == []


def test_word_count() -> None:
    assert word_count("Die USA und Russland: 275.000 Zivilisten, z. B. in Ost-Aleppo!") == 12
    assert word_count("") == 0


def test_corpus_article() -> None:
    text = re.sub(r"^\s*date \d{4}-\d{2}\s+", "", require_shared(SAMPLE_ARTICLE).read_text(encoding="utf-8"))
    spans = split_sentences(text)
    assert_well_formed(text, spans)
    pieces = texts(text, spans)
    headings = [p for p, s in zip(pieces, spans, strict=True) if s.heading]
    assert len(headings) == 3
    assert headings[0].startswith("Diplomaten: ")
    assert headings[1] == "Diplomatische Initiative Berlins"
    assert headings[2].startswith("Steinmeier: Dieser Wahnsinn")
    assert not any("\n\n" in p for p in pieces)
    assert any("am 22. September beim Treffen" in p for p in pieces)
    assert any("etwa 275.000 Zivilisten eingeschlossen" in p for p in pieces)
    assert '"Wir sind keine Idioten.' in pieces
    assert len(pieces) > 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قتل 27 شخصاً في حلب. وقال المرصد إن العدد قد يرتفع؟ نعم.",
            ["قتل 27 شخصاً في حلب.", "وقال المرصد إن العدد قد يرتفع؟", "نعم."],
        ),
        (
            "В Алеппо погибли 27 человек. По данным ООН, число может вырасти.",
            ["В Алеппо погибли 27 человек.", "По данным ООН, число может вырасти."],
        ),
        ("阿勒颇有27人死亡。联合国说人数可能上升！是的。", ["阿勒颇有27人死亡。", "联合国说人数可能上升！", "是的。"]),
        ("Le 3 oct. 2016, M. Ayrault a parlé. Il a dit non.", ["Le 3 oct. 2016, M. Ayrault a parlé.", "Il a dit non."]),
        (
            "Halep'te 27 kişi öldü. BM, sayının artabileceğini söyledi.",
            ["Halep'te 27 kişi öldü.", "BM, sayının artabileceğini söyledi."],
        ),
    ],
)
def test_sentences_of_other_languages_and_scripts(text: str, expected: list[str]):
    assert [text[s.start : s.end] for s in split_sentences(text)] == expected
