"""Reading articles from text and jsonl files: headers, titles, errors that name their place."""

from __future__ import annotations

import json
from pathlib import Path

from index.sources import SourceError, parse_text_file, read_sources
from tests.conftest import SAMPLE_ARTICLE, SHARED, require_shared


def test_inline_date_header_as_in_the_sample_article():
    record = parse_text_file(" date 2016-10 Zwei Tage nach dem Abbruch. Mehr folgt.\n\nZweiter Absatz.", origin="x")
    assert record.date == "2016-10"
    assert record.text.startswith("Zwei Tage nach dem Abbruch.")
    assert record.title == "Zwei Tage nach dem Abbruch."


def test_header_lines_and_markdown_heading_title():
    raw = "date: 2016-10-05\nsource: Demo\nurl: https://example.org/a\n\n# Die Überschrift\n\nDer Text. Noch ein Satz."
    record = parse_text_file(raw, origin="x")
    assert (record.date, record.source, record.url, record.title) == (
        "2016-10-05",
        "Demo",
        "https://example.org/a",
        "Die Überschrift",
    )
    assert record.text == "Der Text. Noch ein Satz."


def test_short_first_line_is_a_title_and_the_file_name_never_is(tmp_path: Path):
    path = tmp_path / "meldung_0042.txt"
    path.write_text("Kerry und Lawrow telefonieren\n\nDie Minister sprachen am Mittwoch.", encoding="utf-8")
    errors: list[SourceError] = []
    [record] = list(read_sources([tmp_path], errors))
    assert record.title == "Kerry und Lawrow telefonieren"
    assert "meldung" not in record.title and not errors


def test_malformed_jsonl_line_names_file_and_line_and_keeps_the_good_lines(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    good = {"id": "a1", "title": "T", "text": "Ein Text über Aleppo."}
    path.write_text(
        json.dumps(good) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n" + json.dumps({**good, "id": "a2"}),
        encoding="utf-8",
    )
    errors: list[SourceError] = []
    records = list(read_sources([path], errors))
    assert [r.origin for r in records] == [f"{path}#a1", f"{path}#a2"]
    assert [e.where for e in errors] == [f"{path}:2", f"{path}:3"]
    assert "not valid JSON" in errors[0].message and '"text"' in errors[1].message


def test_a_repeated_id_keeps_both_records(tmp_path: Path):
    path = tmp_path / "export.jsonl"
    texts = ["Erste Fassung.", "Zweite Fassung.", "Dritte."]
    rows = [{"id": "x", "text": text} for text in texts]
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    records = list(read_sources([path], []))
    assert [(r.origin, r.text) for r in records] == [
        (f"{path}#x", "Erste Fassung."),
        (f"{path}#x~2", "Zweite Fassung."),
        (f"{path}#x~3", "Dritte."),
    ]


def test_undecodable_file_is_reported_not_fatal(tmp_path: Path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa kaputt")
    (tmp_path / "ok.md").write_text("Ein guter Text.", encoding="utf-8")
    errors: list[SourceError] = []
    records = list(read_sources([tmp_path], errors))
    assert [r.text for r in records] == ["Ein guter Text."]
    assert len(errors) == 1 and "UTF-8" in str(errors[0]) and "bad.txt" in str(errors[0])


def test_the_shared_corpora_read_as_they_are():
    corpus = require_shared(SHARED / "corpus")
    errors: list[SourceError] = []
    fakes = list(read_sources([corpus / "fakes-syria.en.jsonl"], errors))
    gnad = list(read_sources([corpus / "gnad-test.de.jsonl"], errors))
    assert not errors
    assert len(fakes) == 804 and len(gnad) == 1028
    assert len({r.origin for r in fakes}) == 804, "FA-KES repeats some ids: every record keeps its own origin"
    assert all(r.title and r.source and r.date for r in fakes)
    assert all(r.title and r.lang == "de" for r in gnad)
    [sample] = list(read_sources([SAMPLE_ARTICLE], errors))
    assert sample.date == "2016-10" and not sample.text.startswith("date")
