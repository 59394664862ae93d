"""The article of an HTML page, through trafilatura: text without navigation and boilerplate, and its metadata."""

from __future__ import annotations

from urllib.parse import urlsplit

from index.ingest.records import ArticleRecord, clean_field, normalize_date, normalize_text
from index.ingest.secrets import public_url

MIN_ARTICLE_CHARS = 200
"""Less extracted text than this is a teaser or an error page, not an article."""


def page_record(
    html: bytes | str, *, url: str, origin: str | None = None, defaults: dict | None = None
) -> ArticleRecord:
    """The article of an HTML page: text without navigation and boilerplate, title, date, outlet, link.

    ``defaults`` (from a feed entry) fill what the page itself does not say. Raises ValueError
    when no article text can be extracted.

    Provenance of a fetched page (``url`` given) comes from the URL fetched and the feed that listed it, never
    from the page: the link is ``url`` (without userinfo), the outlet the feed's title or ``url``'s host. What
    the page says of itself (``<link rel=canonical>``, ``og:site_name``) is kept only as a claim, in
    ``extra["claimed_url"]``/``extra["claimed_outlet"]``, never shown (issue 23, finding 11). A page read from
    a file (``url=""``) is the admin's own copy: its canonical link and site name are its provenance.
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
    claimed_url = getattr(document, "url", None)
    claimed_outlet = getattr(document, "sitename", None)
    extra = {key: str(defaults[key]) for key in ("author",) if defaults.get(key)}
    if url:
        link = public_url(url)
        outlet = defaults.get("source") or _host(link)
        if claimed_url and public_url(claimed_url) != link:
            extra["claimed_url"] = clean_field(public_url(claimed_url) or "")
        if claimed_outlet and claimed_outlet != outlet:
            extra["claimed_outlet"] = clean_field(claimed_outlet)
    else:
        link = public_url(claimed_url)
        outlet = defaults.get("source") or claimed_outlet or getattr(document, "hostname", None)
    return ArticleRecord(
        text=body,
        origin=origin or url,
        title=title,
        date=normalize_date(defaults.get("date")) or normalize_date(getattr(document, "date", None)),
        source=outlet,
        url=link,
        lang=getattr(document, "language", None),
        extra=extra,
    )


def _host(url: str | None) -> str | None:
    """The host (and port) of ``url``, without userinfo and ``www.``: the outlet a fetched page is shown under."""
    try:
        host = urlsplit(url or "").netloc.rsplit("@", 1)[-1].lower()
    except ValueError:
        return None
    return host.removeprefix("www.") or None
