"""Cut an article into passages: runs of whole sentences of about 60–150 words.

A passage never starts or ends inside a sentence, a sub-heading opens a new
passage (it belongs to what follows it), and every passage keeps the character
offsets of its sentences in the article text, so that quotes can be cut from the
stored text by offsets and never retyped.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.text.quotable import QuoteCleaner
from index.text.sentences import Span, split_paragraphs, split_sentences, word_count

TARGET_WORDS = 60
"""A paragraph end closes the passage once it holds this many words (dev set: 60 beat 100)."""
MIN_WORDS = 60
MAX_WORDS = 150
"""Passages made of several paragraphs stop growing here."""
PARAGRAPH_MAX_WORDS = 200
"""One paragraph is a coherent unit and is kept whole up to this size (dev set: recall@1 +0.01–0.02)."""
HEADING_FLUSH_WORDS = 30
DEFAULT_CLEANER = QuoteCleaner()
"""Marks boilerplate, splits glued sentences and bounds long ones (index/text/quotable.py)."""


@dataclass(frozen=True, slots=True)
class Passage:
    """``text == article_text[start:end]``; ``sentences`` hold absolute offsets."""

    position: int
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]

    @property
    def words(self) -> int:
        return word_count(self.text)


def _make(text: str, position: int, spans: list[Span]) -> Passage:
    start, end = spans[0].start, spans[-1].end
    return Passage(position=position, start=start, end=end, text=text[start:end], sentences=tuple(spans))


def split_passages(
    text: str,
    *,
    target_words: int = TARGET_WORDS,
    min_words: int = MIN_WORDS,
    max_words: int = MAX_WORDS,
    paragraph_max_words: int = PARAGRAPH_MAX_WORDS,
    title: str = "",
    cleaner: QuoteCleaner | None = DEFAULT_CLEANER,
) -> list[Passage]:
    """Group the sentences of ``text`` into passages (see the module docstring).

    ``cleaner`` re-cuts each paragraph's sentences and marks what may not be quoted (None: the splitter's
    sentences as they are); ``title``, the article's given headline, lets it mark the headline repeated at the
    text's start."""
    groups: list[list[Span]] = []
    current: list[Span] = []
    current_words = 0

    def flush() -> None:
        nonlocal current, current_words
        if current:
            groups.append(current)
        current, current_words = [], 0

    for number, paragraph in enumerate(split_paragraphs(text)):
        spans = split_sentences(text, paragraph.start, paragraph.end)
        if cleaner is not None:
            spans = cleaner.refine(text, spans, title=title if number == 0 else "")
        paragraph_words = sum(word_count(text[s.start : s.end]) for s in spans)
        if current and current_words + paragraph_words > max_words and paragraph_words <= paragraph_max_words:
            flush()  # the whole paragraph does not fit: it starts a passage of its own
        for span in spans:
            words = word_count(text[span.start : span.end])
            body_words = current_words - sum(word_count(text[s.start : s.end]) for s in current if s.heading)
            own_paragraph = bool(current) and current[0].start >= paragraph.start
            limit = paragraph_max_words if own_paragraph else max_words
            if (span.heading and body_words >= HEADING_FLUSH_WORDS) or (
                current_words + words > limit and body_words > 0
            ):
                flush()
            current.append(span)
            current_words += words
        if current_words >= target_words:
            flush()
    flush()

    # A short tail joins the passage before it when the two fit together.
    if len(groups) > 1:
        tail_words = sum(word_count(text[s.start : s.end]) for s in groups[-1])
        before_words = sum(word_count(text[s.start : s.end]) for s in groups[-2])
        if tail_words < min_words and tail_words + before_words <= max_words * 1.2:
            tail = groups.pop()
            groups[-1] = groups[-1] + tail
    # A passage made only of headings is no passage: glue it to the next one.
    merged: list[list[Span]] = []
    pending: list[Span] = []
    for group in groups:
        if all(span.heading for span in group):
            pending.extend(group)
            continue
        merged.append(pending + group)
        pending = []
    if pending:
        if merged:
            merged[-1].extend(pending)
        else:
            merged.append(pending)
    return [_make(text, position, spans) for position, spans in enumerate(merged)]
