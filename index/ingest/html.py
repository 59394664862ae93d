"""The article of an HTML page, through trafilatura: text without navigation and boilerplate, and its metadata."""

from __future__ import annotations

from index.ingest.records import ArticleRecord, normalize_date, normalize_text

MIN_ARTICLE_CHARS = 200
"""Less extracted text than this is a teaser or an error page, not an article."""


def page_record(
    html: bytes | str, *, url: str, origin: str | None = None, defaults: dict | None = None
) -> ArticleRecord:
    """The article of an HTML page: text without navigation and boilerplate, title, date, outlet, link.

    ``defaults`` (from a feed entry) fill what the page itself does not say. Raises ValueError
    when no article text can be extracted.
    """
    import trafilatura  # lazy: ~0.6 s to import, and only HTML sources need it

    defaults = defaults or {}
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = getattr(document, "text", None) or ""
    title = normalize_text(getattr(document, "title", None) or defaults.get("title") or "")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    body = normalize_text("\n\n".join(lines))
    if len(body) < MIN_ARTICLE_CHARS:
        raise ValueError(f"no article text found ({len(body)} characters after removing boilerplate)")
    return ArticleRecord(
        text=body,
        origin=origin or url,
        title=title,
        date=normalize_date(defaults.get("date")) or normalize_date(getattr(document, "date", None)),
        source=defaults.get("source") or getattr(document, "sitename", None) or getattr(document, "hostname", None),
        url=getattr(document, "url", None) or url,
        lang=getattr(document, "language", None),
        extra={key: str(defaults[key]) for key in ("author",) if defaults.get(key)},
    )
