"""The title a reader is shown: a real one, never the article's first sentence.

Readers that find no title (a text file without a title line, a ``.jsonl`` record without ``title``, 10kGNAD) store
the first sentence as the title at ingest, so that the archive's lists have something to show. Under a quote that
sentence is no title: it reads as a second quote, often of 140 characters. :func:`shown_article` takes it away (the
reply then names the outlet and date), and keeps every title that is not the text's opening sentence, including
a headline that the text repeats in front of its first sentence ("Some 20 civilians killed … Red Cross AFP Tuesday
…": the title has no final punctuation where the sentence goes on).
"""

from __future__ import annotations

from dataclasses import replace

from index.store.records import ArticleRef

CUT_MARK = " …"
"""How a first-sentence title too long for the archive's lists ends (``first_sentence_title`` at ingest)."""
SENTENCE_END = ".!?\"'“”»"


def is_first_sentence(title: str, text: str) -> bool:
    """Whether ``title`` is ``text``'s opening sentence (whole, or cut with " …"), i.e. no title of its own."""
    title = title.strip()
    if not title:
        return False
    opening = text.lstrip()
    if title.endswith(CUT_MARK):
        head = title[: -len(CUT_MARK)].rstrip()
        return bool(head) and opening.startswith(head)
    return opening.startswith(title) and title[-1] in SENTENCE_END


def shown_article(article: ArticleRef, text: str) -> ArticleRef:
    """``article`` with its title emptied when the title is only the text's first sentence."""
    return replace(article, title="") if is_first_sentence(article.title, text) else article
