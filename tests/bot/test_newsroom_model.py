"""The newsroom in the loop with the real model (issue 22), on the small demo archive:

- a German and an Arabic paraphrase of a question the archive cannot answer join one queue item (the grouping of
  /unanswered), an unrelated question does not;
- once an editor's text is stored as the newsroom's article, later paraphrases in German, English and Arabic are
  answered from it directly, with the newsroom as source;
- after /retract of that article the same question is no longer answered from it.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.newsroom import _join_target
from index.engine import Engine
from tests.conftest import REPO, ModelSettings

DEMO = REPO / "demo" / "archive"
NEWSROOM = "Redaktion Testzeitung"
FIRST = "Wann öffnet das neue Schwimmbad in Kobane?"
ARABIC = "متى سيفتح المسبح الجديد في كوباني؟"
UNRELATED = "Wer hat im Sicherheitsrat ein Veto eingelegt?"
ANSWER = "Das neue Schwimmbad in Kobane öffnet am 1. Mai, teilte die Stadtverwaltung am Montag mit."
LATER = {
    "de": "Ab wann hat das Schwimmbad in Kobane geöffnet?",
    "en": "When will the new swimming pool in Kobane open?",
    "ar": "متى يفتح حمام السباحة في كوباني؟",
}


@pytest.mark.model
def test_paraphrases_join_one_item_and_the_newsroom_answer_is_found_first_until_retracted(
    tmp_path: Path, model_settings: ModelSettings
):
    engine = Engine(model_settings(tmp_path / "data"))
    engine.ingest([DEMO])
    assert not engine.ask(FIRST).answered  # the archive cannot answer it
    state = SimpleNamespace(engine=engine)
    items = [SimpleNamespace(id=41, example=FIRST)]
    assert _join_target(state, items, ARABIC) == 41
    assert _join_target(state, items, UNRELATED) is None

    article_id = engine.newsroom.add_answer(ANSWER, outlet=NEWSROOM, title=FIRST)  # as the bot does: the question
    for lang, question in LATER.items():
        answer = engine.ask(question)
        assert answer.answered and answer.best.article.id == article_id, (lang, answer.confidence)
        assert answer.best.article.source == NEWSROOM and answer.best.quote in ANSWER

    assert engine.newsroom.retract(article_id, "Datum falsch")
    again = engine.ask(LATER["de"])
    assert not again.answered or again.best.article.id != article_id
    assert engine.newsroom.quote_hit(article_id) is None
