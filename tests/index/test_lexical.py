"""Stemmed terms for the FTS5 index, the MATCH expressions and the anchor tokens (``index.text.lexical``)."""

from __future__ import annotations

from index.text.lexical import (
    STOPWORDS,
    anchor_tokens,
    content_stems,
    fold_digits,
    index_terms,
    match_expression,
    tokens,
)


def test_passage_terms_are_stemmed_in_the_passage_language():
    assert index_terms("Die Gespräche wurden abgebrochen", "de") == "die gesprach wurd abgebroch"
    assert index_terms("The talks were suspended", "en") == "the talk were suspend"


def test_a_question_matches_its_content_stems_only():
    assert match_expression("Wer hat die Gespräche abgebrochen?", "de") == '"gesprach" OR "abgebroch"'
    assert match_expression("Wer hat die?", "de") is None  # function words only: nothing to match


def test_quotes_in_a_question_cannot_break_the_match_expression():
    expression = match_expression('Was heißt "Feuerpause"?', "de")
    assert expression is not None and expression.count('"') % 2 == 0


def test_function_words_of_both_languages_are_stop_words():
    assert {"der", "und", "the", "which"} <= STOPWORDS
    assert content_stems("The talks were suspended by Washington", "en") == ["talk", "suspend", "washington"]


def test_anchor_tokens_are_names_and_numbers_whatever_their_separators():
    anchors = anchor_tokens("Am 22. September trafen sich Lawrow und Kerry; 275.000 Zivilisten")
    assert anchors == {"22", "september", "lawrow", "kerry", "275000", "zivilisten"}
    assert anchor_tokens("275,000 civilians") & anchors == {"275000"}


def test_digits_of_every_script_are_the_same_number():
    assert fold_digits("٢٧٥ و ۲۷۵") == "275 و 275"
    assert anchor_tokens("قُتل ٢٧٥٬٠٠٠ شخص") & anchor_tokens("275.000 Tote") == {"275000"}
    assert index_terms("٤٥٠ مدنياً", "ar") == index_terms("450 مدنياً", "ar")


def test_every_language_pystemmer_has_is_stemmed_and_the_others_are_only_lower_cased():
    assert index_terms("Переговоры были прерваны", "ru") == "переговор был прерва"
    assert index_terms("Görüşmeler askıya alındı", "tr") == "görüşme askı al"
    assert index_terms("المفاوضات", "ar") != "المفاوضات"  # the Arabic stemmer strips the article
    assert index_terms("Переговори було призупинено", "uk") == "переговори було призупинено"  # no Ukrainian stemmer
    assert index_terms("Die Gespräche", "") == "die gespräche"  # unknown language: not stemmed as German


def test_chinese_characters_are_terms_one_by_one():
    assert tokens("阿勒颇停火") == ["阿", "勒", "颇", "停", "火"]
    assert match_expression("阿勒颇停火?", "zh") == '"阿" OR "勒" OR "颇" OR "停" OR "火"'
