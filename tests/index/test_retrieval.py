"""Retrieval (``index.answer.retrieval``) with the real model over three short articles in two languages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.answer.retrieval import ANCHOR_WEIGHT, SENTENCE_RERANK, SENTENCE_WEIGHT, Candidate, Retriever
from index.engine import Engine
from index.text.language import detect_language
from tests.conftest import ModelSettings

ARTICLES = {
    "talks.de.md": (
        "title: USA brechen Gespräche ab\ndate: 2016-10-03\n\n"
        "Die USA haben die Gespräche mit Russland über eine Waffenruhe in Syrien abgebrochen. "
        "Washington wirft Moskau vor, seine Zusagen nicht eingehalten zu haben."
    ),
    "food.en.md": (
        "title: Food running out in Aleppo\ndate: 2016-10-07\n\n"
        "The United Nations warned that the last food rations in eastern Aleppo will run out by the end of October. "
        "About 275,000 people are trapped in the besieged districts."
    ),
    "veto.de.md": (
        "title: Veto im Sicherheitsrat\ndate: 2016-10-09\n\n"
        "Russland hat im UN-Sicherheitsrat sein Veto gegen den französischen Resolutionsentwurf eingelegt. "
        "Zwölf der fünfzehn Mitglieder hatten für den Text gestimmt."
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Engine:
    root = tmp_path_factory.mktemp("retrieval")
    (root / "articles").mkdir()
    for name, text in ARTICLES.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    engine = Engine(model_settings(root / "data"))
    assert engine.ingest([root / "articles"]).added == 3
    return engine


def search(engine: Engine, question: str, retriever: Retriever | None = None) -> list[Candidate]:
    vector = engine.embedder.encode_queries([question])[0]
    return (retriever or engine.answerer.retriever).search(question, detect_language(question), vector)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Wer hat die Gespräche über eine Waffenruhe abgebrochen?", "USA brechen Gespräche ab"),
        ("Who broke off the ceasefire talks?", "USA brechen Gespräche ab"),  # English question, German text
        ("Wann gehen in Aleppo die Lebensmittel aus?", "Food running out in Aleppo"),  # and the other way round
        ("How many council members voted for the French draft?", "Veto im Sicherheitsrat"),
    ],
)
def test_the_passage_that_answers_ranks_first(engine: Engine, question: str, title: str):
    candidates = search(engine, question)
    assert candidates[0].article.title == title, [(c.article.title, round(c.rank_score, 3)) for c in candidates]


def test_candidates_are_ranked_by_rank_score_which_only_adds_to_the_similarity(engine: Engine):
    candidates = search(engine, "Wie viele Menschen sind in Aleppo eingeschlossen?")
    assert len(candidates) == 3  # every passage of a small archive
    scores = [c.rank_score for c in candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(c.rank_score >= c.similarity - 1e-6 for c in candidates)
    assert all(-1.0 <= c.similarity <= 1.0 for c in candidates)
    for candidate in candidates[:SENTENCE_RERANK]:  # their sentence vectors are kept for the quote
        assert candidate.sentence_vectors is not None and len(candidate.sentence_vectors) >= 1


def test_the_lexical_bonus_counts_only_in_the_question_language(engine: Engine):
    question = "Wer hat ein Veto gegen den Resolutionsentwurf eingelegt?"
    dense_only = Retriever(engine.archive, engine.builder.current, lexical_weight=0.0)
    with_lexical = {c.passage.id: c for c in search(engine, question)}
    without = {c.passage.id: c for c in search(engine, question, dense_only)}
    for pid, candidate in with_lexical.items():
        gain = candidate.rank_score - without[pid].rank_score
        if candidate.article.lang == "de":
            assert gain >= 0.0
        else:  # another language: BM25 over other-language stems means nothing, so it adds nothing
            assert gain == pytest.approx(0.0, abs=1e-6)
    veto = next(c for c in with_lexical.values() if c.article.title == "Veto im Sicherheitsrat")
    assert veto.rank_score - without[veto.passage.id].rank_score > 0.0  # its stems match: it gains


@pytest.mark.parametrize("question", ["Когда в Алеппо закончится еда?", "अलेप्पो में खाना कब खत्म होगा?"])
def test_a_name_in_another_script_earns_the_name_bonus_on_its_latin_spelling(engine: Engine, question: str):
    def bonus(candidate: Candidate) -> float:  # rank score = cosine + name bonus + the best sentence's share
        assert candidate.sentence_vectors is not None
        vector = engine.embedder.encode_queries([question])[0]
        return (
            candidate.rank_score
            - candidate.similarity
            - SENTENCE_WEIGHT * float((candidate.sentence_vectors @ vector).max())
        )

    candidates = {c.article.title: c for c in search(engine, question)}
    # one of the question's two keys is found (Алеппо / अलेप्पो = Aleppo; the other: Когда / खत्म)
    assert bonus(candidates["Food running out in Aleppo"]) == pytest.approx(ANCHOR_WEIGHT / 2, abs=1e-4)
    assert bonus(candidates["Veto im Sicherheitsrat"]) == pytest.approx(0.0, abs=1e-4)


def test_an_archive_without_an_index_finds_nothing(tmp_path: Path, model_settings: ModelSettings):
    engine = Engine(model_settings(tmp_path / "data"))
    assert engine.answerer.retriever.search("Aleppo?", "de", np.zeros(8, dtype=np.float32)) == []
