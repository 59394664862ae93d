"""Reading articles from text and jsonl files: headers, titles, errors that name their place."""

from __future__ import annotations

import json
import time
from pathlib import Path

from index.ingest.records import SourceError, record_language
from index.ingest.sources import parse_text_file, read_sources
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
    # Latin-1 files are read now (see below); what cannot be read is a file whose first bytes announce UTF-16
    # (a byte order mark) and whose length is odd, so that it is not UTF-16 either.
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa kaputt!")
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


TEXT = "Die Waffenruhe in Syrien ist gescheitert, sagte ein Sprecher am Montag in Genf."


def test_a_bad_metadata_field_never_costs_the_record(tmp_path: Path):
    path = tmp_path / "export.jsonl"
    lines = [
        {"id": "a", "text": TEXT, "source": 5},
        {"id": "b", "text": TEXT, "url": ["https://a.example/1", "https://b.example/2"], "lang": {"code": "de"}},
        {"id": "c", "text": TEXT, "title": True, "date": 20161003, "outlet": None},
        {"id": {"nested": 1}, "text": TEXT},
        {"id": 7, "text": TEXT, "source": "AFP\u0000\n  Genf", "lang": "DE"},
        {"id": "d", "text": 42},
        {"id": "e", "text": "\u0000\u0001 \u0007"},
        ["not", "an", "object"],
        {"id": "f", "text": TEXT, "title": float("nan")},
    ]
    raw = "\n".join(json.dumps(line) for line in lines) + "\n" + "[" * 100_000 + "\n"
    path.write_text(raw + json.dumps({"id": "last", "text": TEXT}) + "\n", encoding="utf-8")
    errors: list[SourceError] = []
    records = {record.origin: record for record in read_sources([path], errors)}
    assert list(records) == [f"{path}#{key}" for key in ("a", "b", "c")] + [
        f"{path}#L4",
        f"{path}#7",
        f"{path}#f",
        f"{path}#last",
    ]
    assert records[f"{path}#a"].source == "5"
    assert records[f"{path}#b"].url == "https://a.example/1, https://b.example/2"
    assert records[f"{path}#b"].lang is None and records[f"{path}#c"].date is None
    assert records[f"{path}#c"].title == TEXT, "a bad title gives way to the first sentence"
    assert records[f"{path}#7"].source == "AFP Genf" and records[f"{path}#7"].lang == "DE"
    assert all(isinstance(record_language(record), str) for record in records.values())
    failures = [(error.where, error.message) for error in errors if not error.warning]
    assert failures == [
        (f"{path}:6", 'the record has no "text"'),
        (f"{path}:7", 'the record has no "text"'),
        (f"{path}:8", "expected a JSON object"),
        (f"{path}:10", "the record nests too deeply to be read"),
    ]
    warnings = {(error.where, error.message) for error in errors if error.warning}
    assert (f"{path}:1", '"source" is a number (5): stored as the text "5"') in warnings
    assert (f"{path}:2", '"lang" is an object ({"code": "de"}): dropped') in warnings
    assert (f"{path}:3", '"title" is a true/false value (true): dropped') in warnings
    assert (f"{path}:4", '"id" is an object ({"nested": 1}): dropped') in warnings
    assert (f"{path}:5", 'control characters removed from "source"') in warnings
    assert {where for where, _ in warnings} == {f"{path}:{line}" for line in (1, 2, 3, 4, 5, 9)}
    assert "warning: " in str(next(error for error in errors if error.warning))


def test_latin1_and_nul_bytes_are_read_with_a_warning(tmp_path: Path):
    (tmp_path / "cp1252.txt").write_bytes(
        "# Lage in Aleppo\n\nÜber 275.000 Menschen – so die UNO – sind eingeschlossen.\x00\x00".encode("cp1252")
    )
    mixed = json.dumps({"id": "u", "text": "Grüße aus Genf."}, ensure_ascii=False).encode("utf-8")
    latin = '{"id": "l", "text": "Gespräche in Genf.", "source": "Süddeutsche"}'.encode("latin-1")
    (tmp_path / "mixed.jsonl").write_bytes(mixed + b"\n" + latin + b"\n")
    (tmp_path / "wire.csv").write_bytes(
        'headline,body\r\nStädte,"Die Städte im Norden\x00 melden Schäden."\r\n'.encode("cp1252")
    )
    errors: list[SourceError] = []
    records = {record.origin.rsplit("/", 1)[-1]: record for record in read_sources([tmp_path], errors)}
    assert records["cp1252.txt"].title == "Lage in Aleppo"
    assert records["cp1252.txt"].text == "Über 275.000 Menschen – so die UNO – sind eingeschlossen."
    assert records["mixed.jsonl#u"].text == "Grüße aus Genf.", "the UTF-8 line stays UTF-8"
    assert (records["mixed.jsonl#l"].text, records["mixed.jsonl#l"].source) == ("Gespräche in Genf.", "Süddeutsche")
    assert (records["wire.csv#L2"].title, records["wire.csv#L2"].text) == (
        "Städte",
        "Die Städte im Norden melden Schäden.",
    )
    assert all(error.warning for error in errors), errors
    messages = {error.where.rsplit("/", 1)[-1]: error.message for error in errors}
    assert messages["cp1252.txt"] == "not UTF-8: line 3 read as Windows-1252/Latin-1 (1 lines); 2 NUL bytes removed"
    assert messages["mixed.jsonl"].startswith("not UTF-8: line 2 ")
    assert "NUL" in messages["wire.csv"]


def test_a_long_first_line_is_parsed_in_linear_time():
    started = time.perf_counter()
    heading = parse_text_file("# a" + " " * 1_500 + "b ##\n\nDer Text.", origin="x")
    header = parse_text_file("title: a" + " " * 1_500 + "b\n\nDer Text.", origin="x")
    took = time.perf_counter() - started
    assert heading.title == "a" + " " * 1_500 + "b" and heading.text == "Der Text."
    assert header.title == "a" + " " * 1_500 + "b" and header.text == "Der Text."
    assert took < 1.0, f"{took:.2f} s: the heading regex backtracks"


def test_header_lines_are_scanned_only_at_the_top():
    raw = "source: Demo\n" * 40 + "\nDer Text."
    record = parse_text_file(raw, origin="x")
    assert record.source == "Demo"
    assert record.text.startswith("source: Demo"), "after the first header lines, the rest is the article"
