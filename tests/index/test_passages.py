"""Passages: whole sentences, about 60–150 words, exact offsets, headings open a passage."""

from __future__ import annotations

from index.ingest.records import normalize_text
from index.ingest.sources import parse_text_file
from index.text.passages import MAX_WORDS, split_passages
from index.text.sentences import word_count
from tests.conftest import SAMPLE_ARTICLE, require_shared


def _sentence(n: int) -> str:
    return f"Satz {n} berichtet über die Lage in Aleppo und die Gespräche in Genf am Montag."


def test_offsets_and_sizes_on_synthetic_text():
    paragraphs = [" ".join(_sentence(10 * p + i) for i in range(4)) for p in range(8)]
    text = "\n\n".join(paragraphs)
    passages = split_passages(text)
    assert len(passages) > 1
    for passage in passages:
        assert text[passage.start : passage.end] == passage.text
        assert 60 <= passage.words <= MAX_WORDS
    assert [p.position for p in passages] == list(range(len(passages)))


def test_a_heading_opens_the_next_passage_and_never_ends_one():
    body = " ".join(_sentence(i) for i in range(5))
    text = f"{body}\n\nZwischentitel ohne Punkt\n\n{body}"
    passages = split_passages(text)
    assert len(passages) == 2
    assert passages[1].text.startswith("Zwischentitel ohne Punkt")
    assert not passages[0].sentences[-1].heading


def test_the_sample_article_cuts_into_coherent_passages():
    record = parse_text_file(require_shared(SAMPLE_ARTICLE).read_text(encoding="utf-8"), origin="sample")
    text = normalize_text(record.text)
    passages = split_passages(text)
    sizes = [p.words for p in passages]
    assert all(40 <= size <= MAX_WORDS for size in sizes), sizes
    assert sum(sizes) == word_count(text)
    assert any("275.000 Zivilisten eingeschlossen" in p.text for p in passages)
    headings = [text[s.start : s.end] for p in passages for s in p.sentences if s.heading]
    assert "Diplomatische Initiative Berlins" in headings
    assert all(not p.sentences[-1].heading for p in passages)


def test_a_short_tail_joins_the_passage_before_it():
    text = " ".join(_sentence(i) for i in range(8)) + "\n\nKurzer Schluss."
    passages = split_passages(text)
    assert len(passages) == 1 and passages[0].text.endswith("Kurzer Schluss.")
