"""What may be quoted (index/text/quotable.py): boilerplate marked, glued sentences split, long ones cut.

Unit tests on made-up text (no model); the article text and the offsets are never changed, only the spans.
The last tests ingest a small messy archive with the real model and ask it questions: the quote is never a
dateline, a tag line or tweet residue, and stays within the bound.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.answer.quotes import choose_quote
from index.engine import Engine
from index.text.passages import split_passages
from index.text.quotable import MAX_QUOTE_CHARS, QuoteCleaner, bounded_end
from index.text.sentences import Span, split_sentences
from tests.conftest import ModelSettings


def parts(text: str, title: str = "", cleaner: QuoteCleaner | None = None) -> list[tuple[str, str]]:
    """``(kind, text)`` per refined span: "Q" quotable, "B" boilerplate, "H" heading."""
    spans = (cleaner or QuoteCleaner()).refine(text, split_sentences(text), title=title)
    covered = "".join(text[s.start : s.end] for s in spans).replace(" ", "")
    assert covered == "".join(text.split()), "the spans must cover the text's characters, in order"
    return [("B" if s.boilerplate else "H" if s.heading else "Q", text[s.start : s.end]) for s in spans]


def quotable(text: str, title: str = "") -> list[str]:
    return [piece for kind, piece in parts(text, title) if kind == "Q"]


def boilerplate(text: str, title: str = "") -> list[str]:
    return [piece for kind, piece in parts(text, title) if kind == "B"]


# -- publication dates and datelines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stamp",
    [
        "Date of publication 4 March 2019",
        "Published March 4 2019",
        "Posted on March 4, 2019",
        "Last updated at Mar 042019",
        "Mon 04 Mar 2019 at 0915",
        "04.03.2019",
        "Monday 4 March 2019 14:20",
        "Veröffentlicht am 4. März 2019",
    ],
)
def test_a_publication_date_at_the_start_is_marked_and_the_sentence_after_it_stays(stamp):
    text = f"{stamp} The ferry to Port Solan sank in a storm. All 40 passengers were rescued."
    assert boilerplate(text) == [stamp]
    assert quotable(text) == ["The ferry to Port Solan sank in a storm.", "All 40 passengers were rescued."]


@pytest.mark.parametrize("stamp", ["04-03-2019", "AFP Monday 4 Mar 2019", "AFP"])
def test_an_agency_name_or_a_dashed_date_before_the_first_sentence_is_marked(stamp):
    text = f"{stamp} The ferry to Port Solan sank in a storm."
    assert boilerplate(text) == [stamp]


def test_a_headline_a_date_and_an_agency_dateline_in_a_row_are_all_marked():
    text = "Ferry sinks off Port Solan 4 March 2019 Solan SANA-Rescuers saved all 40 passengers on Monday night."
    assert quotable(text, title="Ferry sinks off Port Solan") == ["Rescuers saved all 40 passengers on Monday night."]


def test_a_headline_is_found_by_the_first_words_of_a_longer_title():
    text = "Ferry with 40 on board sinks off Port Solan A ferry sank on Monday night. The crew was saved."
    title = "Ferry with 40 on board sinks off Port Solan - Region - World - Varno Online"
    assert quotable(text, title=title) == ["A ferry sank on Monday night.", "The crew was saved."]


@pytest.mark.parametrize(
    "dateline",
    ["PORT SOLAN, Varnia (Reuters) –", "PORT SOLAN (AFP) -", "VARNO —", "Varno –", "Port Solan –", "Varno/Lenz –"],
)
def test_a_dateline_at_a_sentence_start_is_marked(dateline):
    text = f"The storm is over. {dateline} The harbour of Varno reopened on Monday."
    assert boilerplate(text) == [dateline]
    assert quotable(text) == ["The storm is over.", "The harbour of Varno reopened on Monday."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Merkowitz – die Sprecherin der Stadt – sagte nichts.",  # a name and a dash, then lower case: prose
        "On 4 March 2019 the ferry sank.",  # a date inside the sentence
        "2019 was a dry year for Varnia.",  # a year alone is no stamp
        "DER MANN (nickt): Ja.",  # capitals and brackets, but no agency
    ],
)
def test_sentences_that_only_look_like_a_date_or_a_dateline_stay_quotable(sentence):
    assert quotable(sentence) == [sentence]


def test_the_repeated_headline_is_marked_but_a_title_taken_from_the_text_is_not():
    text = "Ferry sinks off Port Solan 40 rescued The ferry sank on Monday night. The crew was saved."
    assert boilerplate(text, title="Ferry sinks off Port Solan, 40 rescued") == [
        "Ferry sinks off Port Solan 40 rescued"
    ]
    assert quotable(text, title="Ferry sinks off Port Solan, 40 rescued")[0] == "The ferry sank on Monday night."
    first = "The ferry sank on Monday night."
    assert quotable(first + " The crew was saved.", title=first) == [first, "The crew was saved."]
    assert quotable("Ferry sinks off the coast of Varnia near the harbour.", title="Ferry sinks off the coast")


# -- tags, tweets, prompts, credits, sign-offs ------------------------------------------------------------


def test_a_tag_list_is_marked_up_to_the_next_sentence():
    text = "Rain fell for a week. Tags Varnia Port Solan floods rescue boats The army sent 30 boats."
    assert boilerplate(text) == ["Tags Varnia Port Solan floods rescue boats"]
    assert quotable(text) == ["Rain fell for a week.", "The army sent 30 boats."]


def test_a_tag_list_at_the_end_runs_to_the_end():
    text = "Rain fell for a week in all of the valleys of Varnia and in the hills. Tags: Varnia, floods, weather"
    assert boilerplate(text) == ["Tags: Varnia, floods, weather"]


def test_tags_inside_prose_are_no_tag_list():
    sentence = "Tags darauf trat das Gesetz in Kraft."  # German "the day after": lower case follows
    assert quotable(sentence) == [sentence]


@pytest.mark.parametrize(
    "tweet",
    [
        "Boats are reaching the old town now pic.twitter.com/Ab12Cd34Ef — Varno Rescue (@varnorescue) March 4, 2019",
        "Boats are reaching the old town now https://t.co/Zx9Yw8Vu7T",
        "Boats are reaching the old town now httpst.coZx9Yw8Vu7T pic.twitter.comAb12Cd34Ef Varno Rescue (varnoresc)"
        " March 4 2019",
    ],
)
def test_an_embedded_tweet_and_its_byline_are_marked(tweet):
    text = f"The river rose by two metres. {tweet} The mayor asked for help."
    assert boilerplate(text) == [tweet]
    assert quotable(text) == ["The river rose by two metres.", "The mayor asked for help."]


def test_a_web_address_in_prose_is_no_tweet():
    sentence = "The city posts its flood maps at www.varno.example/maps every morning."
    assert quotable(sentence) == [sentence]


@pytest.mark.parametrize(
    ("prompt", "kept"),
    [
        ("Read more here Storm season starts early", "The mayor asked for help."),
        ("Follow us on Instagram.", "The mayor asked for help."),
        ("Subscribe to our channel for the latest news.", "The mayor asked for help."),
        ("Share this article on Facebook.", "The mayor asked for help."),
    ],
)
def test_read_more_share_and_subscribe_lines_are_marked(prompt, kept):
    text = f"The river rose by two metres. {prompt} {kept}"
    assert prompt.rstrip(".") in " ".join(boilerplate(text))
    assert quotable(text) == ["The river rose by two metres.", kept]


def test_a_byline_runs_to_the_end_of_its_sentence():
    text = "The river rose by two metres. Reporting by Ann Lee; Editing by Tom Ray and the Varno desk"
    assert boilerplate(text) == ["Reporting by Ann Lee; Editing by Tom Ray and the Varno desk"]


def test_a_short_url_prompt_is_only_what_it_says():
    text = "12.03.2019Get short URL 0 4 The river rose by two metres on Monday."
    assert quotable(text) == ["The river rose by two metres on Monday."]


@pytest.mark.parametrize(
    "credit", ["Photo: AFP", "(Photo: Varno Press)", "(AFP Photo)", "(Reuters)", "(Varno World and Agencies)"]
)
def test_photo_credits_are_marked(credit):
    text = f"The river rose. {credit} Schools stay closed until Friday."
    assert boilerplate(text) == [credit]
    text = f"The river rose. {credit} The schools stay closed until Friday."
    assert boilerplate(text) == [credit]
    assert quotable(text) == ["The river rose.", "The schools stay closed until Friday."]


def test_a_photo_in_prose_is_no_credit():
    sentence = "Stimmt das Bild: Politiker packen nicht mit an?"
    assert quotable(sentence) == [sentence]


@pytest.mark.parametrize("sign_off", ["--AFP", "- REUTERS", "(APA, red, 4.3.2019)", "Source VarnoWorld and agencies"])
def test_agency_sign_offs_are_marked(sign_off):
    sentence = "Schools stay closed until Friday in all the districts of Varno, the council said."
    assert boilerplate(f"{sentence} {sign_off}") == [sign_off]
    assert quotable(f"{sentence} {sign_off}") == [sentence]
    if sign_off.startswith("-"):
        assert quotable(f"{sentence}{sign_off}") == [sentence]


def test_a_short_line_of_its_own_is_a_heading_already():
    assert parts("The river rose by two metres.\n\nTags: Varnia, floods") == [
        ("Q", "The river rose by two metres."),
        ("H", "Tags: Varnia, floods"),
    ]


# -- glued sentences -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The river rose in Varno.The army sent boats.", ["The river rose in Varno.", "The army sent boats."]),
        ('"We lost everything."The mayor wept.', ['"We lost everything."', "The mayor wept."]),
        ("Das Projekt war geboren.Noch war es anders.", ["Das Projekt war geboren.", "Noch war es anders."]),
    ],
)
def test_sentences_glued_without_a_space_are_split(text, expected):
    assert quotable(text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Troops of the U.S.Army left the base.",  # dotted abbreviation
        "Sie kamen z.B.Montags und blieben lange.",  # German dotted abbreviation
        "The river rose by 1.5 metres.",  # decimal
        "Maps are at www.varno.example.Org and on paper.",  # web address
        "A letter from Dr.Smith reached the mayor.",  # abbreviation
        "The poet J.R.Tolkien wrote it.",  # initials
        "The shop sells ASP.Net books.",  # no lower-case word after the stop
        "The web page varno.Html was updated.",  # file name
        "Ask mail@varno.Example for details.",  # e-mail
    ],
)
def test_dots_without_a_space_that_end_no_sentence_are_left_alone(sentence):
    assert quotable(sentence) == [sentence]


def test_glued_splitting_can_be_switched_off():
    text = "The river rose in Varno.The army sent boats."
    assert [p for k, p in parts(text, cleaner=QuoteCleaner(split_glued=False)) if k == "Q"] == [text]


# -- the length bound ---------------------------------------------------------------------------------------


def long_letter(clauses: int = 30) -> str:
    return "Dear friends, " + ", ".join(f"we remember the {n}th day of the flood in Varno" for n in range(clauses))


def test_a_sentence_over_the_bound_is_cut_at_clause_boundaries_never_inside_a_word():
    text = long_letter() + "."
    pieces = quotable(text)
    assert len(text) > 2 * MAX_QUOTE_CHARS and len(pieces) >= 3
    assert all(len(piece) <= MAX_QUOTE_CHARS for piece in pieces)
    assert all(piece.endswith(",") for piece in pieces[:-1])  # cut after a comma
    words = set(text.replace(",", " ").replace(".", " ").split())
    assert all(piece.split()[0].strip(",.") in words and piece.split()[-1].strip(",.") in words for piece in pieces)


def test_without_a_clause_boundary_a_long_sentence_is_cut_at_a_space():
    text = " ".join(["flood"] * 300) + "."
    pieces = quotable(text)
    assert all(len(piece) <= MAX_QUOTE_CHARS for piece in pieces)
    assert all(set(piece.rstrip(".").split()) == {"flood"} for piece in pieces)


def test_the_bound_is_a_parameter():
    text = long_letter(8) + "."
    short = QuoteCleaner(max_chars=200, min_piece_chars=50)
    assert all(len(piece) <= 200 for kind, piece in parts(text, cleaner=short) if kind == "Q")
    assert bounded_end(text, 0, len(text), 10_000) == len(text)


def test_passages_keep_the_text_and_offsets_verbatim():
    text = "Date of publication 4 March 2019 The river rose.The army came. Tags Varnia floods The mayor spoke."
    (passage,) = split_passages(text, title="")
    assert passage.text == text[passage.start : passage.end]
    assert [text[s.start : s.end] for s in passage.sentences if s.quotable] == [
        "The river rose.",
        "The army came.",
        "The mayor spoke.",
    ]
    (plain,) = split_passages(text, cleaner=None)
    assert all(s.quotable for s in plain.sentences) and len(plain.sentences) == 2  # the splitter alone


def test_the_flag_round_trips_as_the_archive_stores_it():
    spans = [Span(0, 4), Span(5, 9, heading=True), Span(10, 14, boilerplate=True)]
    assert [Span.from_flag(s.start, s.end, s.flag) for s in spans] == spans
    assert [s.flag for s in spans] == [0, 1, 2]


# -- the quote chooser -------------------------------------------------------------------------------------


def test_the_quote_skips_boilerplate_even_when_it_scores_best_and_never_joins_across_it():
    text = "Date of publication 4 March 2019 The river rose by two metres. VARNO (AFP) – Boats came."
    spans = tuple(QuoteCleaner().refine(text, split_sentences(text)))
    kinds = [s.quotable for s in spans]
    assert kinds == [False, True, False, True]
    vectors = np.eye(len(spans), 4, dtype=np.float32)
    question = np.array([0.9, 0.3, 0.9, 0.29], dtype=np.float32)  # the boilerplate spans score best
    quote = choose_quote("x", "", question, text=text, spans=spans, vectors=vectors, passage_lang="en")
    assert text[quote.start : quote.end] == "The river rose by two metres."  # "Boats came." is not next to it


def test_a_passage_of_boilerplate_only_scores_below_any_answer():
    text = "Follow us on Instagram for the latest pictures from the valley of Varno. Source VarnoWorld and agencies"
    spans = tuple(QuoteCleaner().refine(text, split_sentences(text)))
    assert not any(s.quotable for s in spans)
    vectors = np.ones((len(spans), 4), dtype=np.float32) / 2
    quote = choose_quote("x", "", vectors[0], text=text, spans=spans, vectors=vectors, passage_lang="en")
    assert quote.score < 0 and quote.calibrated < 0


def test_a_long_stored_sentence_is_still_cut_to_the_bound_when_quoted():
    text = long_letter() + "."
    spans = tuple(split_sentences(text))  # as an archive made before the cleaner stored it: one long span
    vectors = np.ones((1, 4), dtype=np.float32) / 2
    quote = choose_quote("x", "", vectors[0], text=text, spans=spans, vectors=vectors, passage_lang="en")
    assert quote.end - quote.start <= MAX_QUOTE_CHARS and text[quote.end - 1] == ","


# -- a messy archive, the real model -------------------------------------------------------------------------

MESSY = [
    {
        "id": "varno-floods",
        "title": "Floods cut off the town of Varno",
        "source": "Varno Wire",
        "date": "2019-03-04",
        "text": (
            "Date of publication 4 March 2019 Floods cut off the town of Varno. VARNO, Ostland (Reuters) – Heavy "
            "floods cut off the town of Varno on Sunday and forced 4200 people from their homes the civil defence "
            "said.The river Lenne rose by two metres overnight. Tags Ostland Varno floods rescue Lenne The army sent "
            "30 boats to the old town. Rescue crews pull families from roofs in Varno pic.twitter.com/Xy12Ab34Cd — "
            "Ostland Rescue (@ostrescue) March 4, 2019 The drinking water supply of Varno was destroyed by the "
            "floods the mayor said. Read more here Storm season starts early in Ostland The mayor asked the "
            "government for tents and blankets. Photo: AFP Schools in Varno will stay closed until Friday. "
            "Source OstWorld and agencies"
        ),
    },
    {
        "id": "varno-letter",
        "title": "An open letter from the people of Varno",
        "source": "Varno Wire",
        "date": "2019-03-06",
        "text": "VARNO — "
        + long_letter(12)
        + ", and we ask the government to rebuild the Lenne bridge before winter"
        + ", "
        + ", ".join(f"we thank the {n}th volunteer who came to Varno" for n in range(14))
        + ".",
    },
]
QUESTIONS = [
    ("How many people had to leave their homes in Varno?", "4200"),
    ("Was the drinking water in Varno destroyed?", "water supply"),
    ("How many boats did the army send to Varno?", "30 boats"),
    ("How much did the river Lenne rise?", "two metres"),
    ("When will the schools in Varno open again?", "until Friday"),
    ("What do the people of Varno ask the government to rebuild?", "Lenne bridge"),
]
NEVER_QUOTED = ("Date of publication", "(Reuters)", "Tags", "pic.twitter", "@ostrescue", "Read more", "Photo: AFP",
                "Source OstWorld", "VARNO —")  # fmt: skip


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Engine:
    root = tmp_path_factory.mktemp("messy")
    feed = root / "wire.jsonl"
    feed.write_text("\n".join(json.dumps(record) for record in MESSY), encoding="utf-8")
    engine = Engine(model_settings(root / "data"))
    assert engine.ingest([Path(feed)]).added == len(MESSY)
    return engine


@pytest.mark.parametrize(("question", "answer"), QUESTIONS)
def test_the_quote_for_a_question_is_reporting_within_the_bound(messy, question, answer):
    reply = messy.ask(question)
    assert reply.best is not None
    quote = reply.best.quote
    assert answer in quote, quote
    assert len(quote) <= MAX_QUOTE_CHARS
    assert not any(mark in quote for mark in NEVER_QUOTED), quote
    assert quote != "Floods cut off the town of Varno."  # the repeated headline


def test_the_stored_text_stays_verbatim(messy):
    reply = messy.ask("How many boats did the army send to Varno?")
    hit = reply.best
    assert hit is not None
    stored = messy.archive.article_text(hit.article.id)
    assert stored == MESSY[0]["text"]
    assert stored[hit.quote_start : hit.quote_end] == hit.quote
