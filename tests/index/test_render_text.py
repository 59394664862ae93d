"""The terminal answer and the `ask --json` shape of further sources (no model)."""

from __future__ import annotations

from index.answer.answers import Answer, ArticleRef, Hit
from index.render_text import render_plain


def hit(quote: str, source: str, *, agrees: bool | None = None, compared=((), ())) -> Hit:
    article = ArticleRef(id=source, title=f"Report by {source}", date="2016-09-15", source=source, lang="en")
    return Hit(
        article=article, passage_id=1, passage_start=0, passage_end=len(quote), passage_text=quote, quote=quote,
        quote_start=0, quote_end=len(quote), similarity=0.7, source_confidence=0.8, agrees=agrees,
        compared=compared,
    )  # fmt: skip


def answer() -> Answer:
    return Answer(
        question="How many civilians were killed?",
        lang="en",
        answered=True,
        best=hit("Air strikes killed 25 civilians.", "North Desk"),
        sources=[
            hit("31 civilians were killed.", "Valley Post", agrees=False, compared=((25.0,), (31.0,))),
            hit("The strikes killed 25 civilians.", "Hill Times", agrees=True, compared=((25.0,), (25.0,))),
            hit("The market was hit.", "Farm Weekly"),
        ],
    )


def test_json_carries_agreement_and_the_compared_values():
    sources = answer().to_dict()["sources"]
    assert [s["agrees"] for s in sources] == [False, True, None]
    assert sources[0]["values"] == {"main": [25], "source": [31]}
    assert sources[2]["values"] == {"main": [], "source": []}
    assert sources[0]["confidence"] == 0.8


def test_terminal_answer_marks_each_further_source():
    text = render_plain(answer())
    assert "[differing figure] Report by Valley Post" in text
    assert "[same figure] Report by Hill Times" in text
    assert "  • Report by Farm Weekly" in text
