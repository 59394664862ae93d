"""Demo web pages and a feed for the tests (demo data written for this project, not real reporting)."""

from __future__ import annotations

BOILERPLATE_MARKERS = ("Cookies", "Impressum", "Newsletter abonnieren", "Home | Politik")

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Demo Wire</title>
<meta property="og:site_name" content="Demo Wire">
<meta property="article:published_time" content="{date}T09:30:00+02:00">
<link rel="canonical" href="{canonical}"></head>
<body>
<nav>Home | Politik | Welt | Wirtschaft</nav>
<div class="cookie-banner">Wir verwenden Cookies, um unser Angebot zu verbessern.</div>
<main><article>
<h1>{title}</h1>
{paragraphs}
</article></main>
<aside>Newsletter abonnieren und keine Nachricht verpassen.</aside>
<footer>Impressum · Datenschutz · Kontakt · © Demo Wire</footer>
</body></html>
"""

ARTICLES = {
    "/news/talks-suspended.html": {
        "lang": "de",
        "title": "USA setzen Syrien-Gespräche mit Russland aus",
        "date": "2016-10-03",
        "paragraphs": [
            "Die Vereinigten Staaten haben die Gespräche mit Russland über eine Waffenruhe in Syrien am Montag "
            "ausgesetzt. Das Außenministerium in Washington erklärte, Moskau habe seine Zusagen nicht eingehalten.",
            "Nach Angaben der Regierung in Washington gingen die Luftangriffe auf den Ostteil von Aleppo auch nach "
            "dem Ende der vereinbarten Feuerpause weiter. Die Kontakte zwischen den Militärs beider Länder sollen "
            "nur noch dazu dienen, Zwischenfälle im Luftraum zu vermeiden.",
        ],
    },
    "/news/east-aleppo.html": {
        "lang": "en",
        "title": "Aid agencies warn of hunger in besieged east Aleppo",
        "date": "2016-10-05",
        "paragraphs": [
            "Aid agencies say about 275,000 civilians remain trapped in the besieged eastern districts of Aleppo. "
            "No aid convoy has reached the area since the ceasefire collapsed in September.",
            "Doctors in the city report that the last hospitals are running out of fuel and medicine. The United "
            "Nations called for a pause of at least 48 hours every week to deliver food.",
        ],
    },
}


def page(path: str, base: str) -> str:
    article = ARTICLES[path]
    paragraphs = "\n".join(f"<p>{text}</p>" for text in article["paragraphs"])
    return PAGE.format(
        lang=article["lang"],
        title=article["title"],
        date=article["date"],
        canonical=f"{base}{path}",
        paragraphs=paragraphs,
    )


def feed(base: str, paths: list[str]) -> str:
    items = "\n".join(
        f"<item><title>{ARTICLES[p]['title']}</title><link>{base}{p}</link>"
        f"<pubDate>{RFC822[ARTICLES[p]['date']]}</pubDate><author>desk@demo-wire.example</author></item>"
        if p in ARTICLES
        else f"<item><title>Broken entry</title><link>{base}{p}</link></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Demo Wire</title>'
        f"<link>{base}/</link><description>Demo feed for tests</description>\n{items}\n</channel></rss>"
    )


RFC822 = {"2016-10-03": "Mon, 03 Oct 2016 09:30:00 +0200", "2016-10-05": "Wed, 05 Oct 2016 11:00:00 +0000"}
