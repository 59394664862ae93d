"""The bot answers Arabic, Turkish and Russian questions about a German article: its texts in the question's
language, the quote verbatim in German (Arabic replies set it apart with Unicode isolates).

The article is the shared corpus's October 2016 report on the suspended Syria talks (read from ``../shared``,
skipped without it); the questions are written for this test. Real bot process, real model, fake Bot API.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.i18n import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE
from tests.bot.fake_bot_api import parse_telegram_html
from tests.bot.test_e2e import RunningBot, blockquote, polling_bot

pytestmark = pytest.mark.model

ARTICLE = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "000_b8b2fd228b1e548c.txt"


@pytest.fixture(scope="module")
def article_text() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"{ARTICLE} is not there (the shared corpus is not checked out)")
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bot(tmp_path_factory, article_text: str) -> Iterator[RunningBot]:
    with polling_bot(tmp_path_factory.mktemp("bot-languages"), {ARTICLE.name: article_text}) as running:
        _, done = running.reindex()
        assert "1 added" in done.text, done.text
        yield running
        running.assert_clean_shutdown()


@pytest.mark.parametrize(
    ("chat_id", "question", "label", "words"),
    [
        (301, "مع من تحدث لافروف هاتفياً؟", "<b>المصدر:</b>", ("Kerry", "telefoniert")),
        (302, "Fransa Dışişleri Bakanı hangi başkentlere gidecek?", "<b>Kaynak:</b>", ("Moskau", "Washington")),
        (303, "Почему США прервали переговоры с Россией?", "<b>Источник:</b>", ("abgebrochen",)),
    ],
)
def test_a_question_in_another_language_gets_its_labels_and_the_german_quote(
    bot, article_text, chat_id, question, label, words
):
    reply = bot.say(chat_id, chat_id, question, language_code="de")  # the question's language wins over the client's
    assert label in reply.text, reply.text
    quote = blockquote(reply.text).removeprefix(FIRST_STRONG_ISOLATE).removesuffix(POP_DIRECTIONAL_ISOLATE)
    assert all(word in quote for word in words), quote
    assert quote in article_text  # verbatim, in German
    parse_telegram_html(reply.text)


def test_an_arabic_reply_isolates_the_german_quote_and_source(bot):
    reply = bot.say(304, 304, "لماذا علّقت الولايات المتحدة محادثاتها مع روسيا؟", language_code="en")
    assert "<b>المصدر:</b>" in reply.text
    assert blockquote(reply.text).startswith(FIRST_STRONG_ISOLATE)
    assert blockquote(reply.text).endswith(POP_DIRECTIONAL_ISOLATE)
    assert reply.text.count(FIRST_STRONG_ISOLATE) == reply.text.count(POP_DIRECTIONAL_ISOLATE) >= 2
    assert {"مصادر أخرى", "المقطع كاملاً"} & {label.split(" (")[0] for label in reply.buttons()}


def test_a_turkish_client_gets_turkish_help(bot):
    reply = bot.say(305, 305, "/help", language_code="tr")
    assert "<b>Nasıl çalışır?</b>" in reply.text and "<b>Arşiv</b>: 1 makale" in reply.text
