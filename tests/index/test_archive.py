"""The SQLite archive (``index.store``): articles, origins, passages with FTS5, the vector cache, usage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.store.archive import Archive, article_id_for
from index.text.lexical import index_terms, match_expression
from index.text.passages import split_passages

TEXT = (
    "Die USA haben die Gespräche mit Russland über eine Waffenruhe in Syrien abgebrochen. "
    "Washington wirft Moskau vor, seine Zusagen nicht eingehalten zu haben.\n\n"
    "In Ost-Aleppo sind nach Angaben der Vereinten Nationen etwa 275.000 Menschen eingeschlossen. "
    "Die Lebensmittel reichen nur noch bis Ende Oktober."
)


def store(archive: Archive, text: str = TEXT, *, origin: str = "/src/a.md", source: str = "Testzeitung") -> str:
    article_id = article_id_for(text)
    with archive.transaction():
        archive.upsert_article(
            {
                "id": article_id,
                "title": "Gespräche abgebrochen",
                "text": text,
                "lang": "de",
                "source": source,
                "url": "https://example.org/a",
                "date": "2016-10-03",
            }
        )
        passages = split_passages(text)
        archive.add_passages(article_id, passages, [index_terms(p.text, "de") for p in passages])
        archive.set_origin(
            origin,
            article_id=article_id,
            root="/src",
            record_hash="h1",
            meta={"title": "Gespräche abgebrochen", "source": source, "url": "https://example.org/a"},
        )
    return article_id


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return Archive(tmp_path / "archive.db")


def test_passages_keep_their_offsets_and_sentences(archive: Archive):
    article_id = store(archive)
    rows = list(archive.iter_passages_for_embedding())
    assert rows and all(title == "Gespräche abgebrochen" for _, title in rows)
    stored = archive.passages([passage.id for passage, _ in rows])
    for passage in stored.values():
        assert passage.article_id == article_id
        assert TEXT[passage.start : passage.end] == passage.text
        assert all(passage.start <= s.start < s.end <= passage.end for s in passage.sentences)


def test_lexical_search_finds_the_passage_by_its_stems(archive: Archive):
    store(archive)
    expression = match_expression("Wie viele Menschen sind eingeschlossen?", "de")
    hits = archive.lexical_search(expression, limit=5)
    assert hits, expression
    best = archive.passages([hits[0][0]])[hits[0][0]]
    assert "275.000 Menschen eingeschlossen" in best.text
    assert archive.lexical_search('"', limit=5) == []  # a malformed expression finds nothing instead of failing


def test_passage_ids_are_never_reused(archive: Archive):
    article_id = store(archive)
    first = max(archive.passages([p.id for p, _ in archive.iter_passages_for_embedding()]))
    with archive.transaction():
        archive.delete_articles([article_id])
    assert list(archive.iter_passages_for_embedding()) == []
    assert archive.lexical_search('"abgebroch"', limit=5) == []  # the FTS rows went with the passages
    store(archive)
    assert min(p.id for p, _ in archive.iter_passages_for_embedding()) > first


def test_a_failed_transaction_leaves_nothing_behind(archive: Archive):
    with pytest.raises(RuntimeError), archive.transaction():
        archive.add_source("/somewhere", kind="path")
        archive.upsert_article({"id": "a1", "title": "T", "text": "Ein Text."})
        archive.set_origin("/x.md", article_id="a1", root="/x")
        raise RuntimeError("crash in the middle")
    assert archive.added_sources() == [] and archive.origins() == {} and archive.article("a1") is None


def test_article_refs_list_the_outlets_of_merged_near_duplicates(archive: Archive):
    article_id = store(archive)
    with archive.transaction():
        archive.set_origin(
            "/wire/b.md",
            article_id=article_id,
            root="/wire",
            record_hash="h2",
            meta={"title": "Talks off", "source": "Wire", "url": "https://wire.example/b"},
        )
    ref, text = archive.article_refs([article_id])[article_id]
    assert text == TEXT and ref.source == "Testzeitung"
    assert [(o.source, o.url) for o in ref.also] == [("Wire", "https://wire.example/b")]
    assert archive.roots() == {"/src": 1, "/wire": 1}


def test_the_vector_cache_keeps_passage_vectors_exact_and_sentence_vectors_as_float16(archive: Archive):
    passage = np.linspace(-1, 1, 8, dtype=np.float32)
    sentences = np.arange(16, dtype=np.float32).reshape(2, 8) / 16
    with archive.transaction():
        archive.vectors.store([("k1", "model@8", passage, sentences)])
    assert archive.vectors.cached_keys(["k1", "k2"]) == {"k1"}
    assert np.array_equal(archive.vectors.passage_vectors(["k1"])["k1"], passage)
    found = archive.vectors.sentence_vectors(["k1"])["k1"]
    assert found.shape == (2, 8) and np.allclose(found, sentences, atol=1e-3)


def test_articles_are_numbered_in_write_order_and_a_number_is_never_given_twice(archive: Archive):
    """The alert runs' order (issue 23, finding 10): a counter, not the ingestion time, and it never goes back."""

    def article(n: int, ingested_at: str) -> dict:
        return {"id": f"a{n}", "title": "t", "text": f"text {n}", "content_hash": f"h{n}", "ingested_at": ingested_at}

    with archive.transaction():
        archive.upsert_article(article(1, "2026-01-02T00:00:00+00:00"))
        archive.upsert_article(article(2, "2001-01-01T00:00:00+00:00"))  # a process whose clock is behind
        archive.upsert_article(article(1, "2026-01-03T00:00:00+00:00"))  # stored again: keeps its number
    assert archive.articles_after(0) == [("a1", 1), ("a2", 2)] and archive.articles_after(1) == [("a2", 2)]
    with archive.transaction():
        archive.delete_articles(["a2"])
        archive.upsert_article(article(3, "2001-01-01T00:00:00+00:00"))
    assert archive.articles_after(1) == [("a3", 3)] and archive.newest_sequence() == 3


def test_a_second_archive_on_the_same_file_sees_the_same_data(archive: Archive):
    article_id = store(archive)
    archive.close()
    again = Archive(archive.path)
    assert again.article_text(article_id) == TEXT
    assert again.counts()["articles"] == 1 and again.counts()["languages"] == {"de": 1}


ARABIC_TEXT = (
    "علّقت الولايات المتحدة المحادثات مع روسيا بشأن وقف إطلاق النار في سوريا.\n\n"
    "وقال المرصد إن 450 مدنياً قتلوا في حلب منذ بداية الهجوم."
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("كم مدنياً قتلوا في حلب؟", "450 مدنياً"),  # stems: "مدنياً" and "قتلوا" as the passage has them
        ("٤٥٠؟", "450 مدنياً"),  # Arabic-Indic digits alone find the number written 0-9
        ("لماذا علقت المحادثات؟", "علّقت الولايات المتحدة المحادثات"),
    ],
)
def test_lexical_search_works_for_an_arabic_article(archive: Archive, question: str, expected: str):
    article_id = article_id_for(ARABIC_TEXT)
    with archive.transaction():
        archive.upsert_article({"id": article_id, "title": "سوريا", "text": ARABIC_TEXT, "lang": "ar"})
        passages = split_passages(ARABIC_TEXT)
        archive.add_passages(article_id, passages, [index_terms(p.text, "ar") for p in passages])
    store(archive)  # a German article beside it
    hits = archive.lexical_search(match_expression(question, "ar"), limit=5)
    assert hits
    best = archive.passages([hits[0][0]])[hits[0][0]]
    assert best.article_id == article_id and expected in best.text


def test_a_cached_row_counts_only_for_a_passage_cut_into_as_many_sentences(archive: Archive):
    """The cache key covers the passage text, not where its sentences are cut: after a re-split (the quotable-text
    cleaner splits a glued sentence) the old row with fewer sentence vectors must be embedded again."""
    passage = np.ones(8, dtype=np.float32)
    with archive.transaction():
        archive.vectors.store([("k1", "model@8", passage, np.ones((2, 8), dtype=np.float32))])
    assert archive.vectors.cached_keys(["k1"], [2]) == {"k1"}
    assert archive.vectors.cached_keys(["k1"], [3]) == set()
