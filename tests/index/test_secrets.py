"""No secret is quotable (issue 23, finding 1): source folders are never left, secrets files never read,
token-shaped strings scrubbed with a warning, credentials in a source address never shown. No model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.engine import Engine
from index.hosts import PrivateHosts
from index.ingest.feeds import read_url
from index.ingest.records import SourceError
from index.ingest.secrets import public_url, scrub_text
from index.ingest.sources import read_sources
from index.ingest.web import Fetcher
from index.settings import Settings
from tests.fake_embedder import FakeEmbedder
from tests.local_web import LocalWeb, Route, serve
from tests.web_pages import page

BOT_TOKEN = "8123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"
"""A made-up token of the real shape (digits, a colon, 35 URL-safe characters)."""
QDRANT_KEY = "q9f2c4e8b1a7d3e5f6a8"
DOTENV = f"TELEGRAM_BOT_TOKEN={BOT_TOKEN}\nQDRANT_API_KEY={QDRANT_KEY}\nADMIN_IDS=42\n"
ARTICLE = (
    "date 2016-10-01\n\n# Konvoi\n\nEin Hilfskonvoi wurde bei Aleppo angegriffen. Achtzehn Lastwagen brannten aus."
)


def secret_folder(tmp_path: Path) -> Path:
    """A source folder with one article and links out of it to a bot's .env and to /proc/self/environ."""
    bot_dir = tmp_path / "bot"
    bot_dir.mkdir()
    (bot_dir / ".env").write_text(DOTENV, encoding="utf-8")
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "konvoi.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "settings.txt").symlink_to(bot_dir / ".env")
    (folder / "environ.txt").symlink_to("/proc/self/environ")
    (folder / "inside.md").symlink_to(folder / "konvoi.md")  # a link that stays in the folder is fine
    return folder


def test_links_out_of_a_source_folder_and_proc_are_never_read(tmp_path: Path) -> None:
    folder = secret_folder(tmp_path)
    errors: list[SourceError] = []
    records = list(read_sources([folder], errors))
    assert sorted(Path(record.origin).name for record in records) == ["inside.md", "konvoi.md"]
    assert not any(BOT_TOKEN in record.text or QDRANT_KEY in record.text for record in records)
    by_file = {Path(error.where).name: error.message for error in errors}
    assert "leads out of the source folder" in by_file["settings.txt"]
    assert "system file" in by_file["environ.txt"]


def test_special_files_and_secrets_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # reading it would block the reindex for good
    (folder / "server.key.txt").write_text("x", encoding="utf-8")
    (folder / "notes.txt").write_text(DOTENV, encoding="utf-8")  # a copy of .env under an innocent name
    (folder / "ok.md").write_text(ARTICLE, encoding="utf-8")
    errors: list[SourceError] = []
    records = list(read_sources([folder], errors))
    assert [Path(record.origin).name for record in records] == ["ok.md"]
    messages = {Path(error.where).name: error.message for error in errors}
    assert "not a regular file" in messages["pipe.txt"]
    assert "secrets file" in messages["notes.txt"]
    assert BOT_TOKEN not in " ".join(str(error) for error in errors)


def test_token_shaped_strings_are_scrubbed_from_every_field_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "leak.md"
    path.write_text(
        f"title: Bot {BOT_TOKEN}\n\nThe admin pasted the bot token {BOT_TOKEN} and QDRANT_API_KEY={QDRANT_KEY} "
        "into the newsletter. The token: a gesture of good will, said the minister.",
        encoding="utf-8",
    )
    errors: list[SourceError] = []
    [record] = read_sources([path], errors)
    assert BOT_TOKEN not in record.text + record.title and QDRANT_KEY not in record.text
    assert "QDRANT_API_KEY=[removed]" in record.text
    assert "The token: a gesture of good will" in record.text, "news about tokens is kept"
    [warning] = errors
    assert warning.where == str(path) and warning.warning and "token-shaped" in warning.message


def test_ask_never_quotes_the_bot_token(tmp_path: Path) -> None:
    """The reproduction of the finding: `ask "Wie lautet der TELEGRAM_BOT_TOKEN?"` quoted the token."""
    folder = secret_folder(tmp_path)
    (folder / "leak.md").write_text(f"# Wie lautet der TELEGRAM_BOT_TOKEN?\n\nTELEGRAM_BOT_TOKEN {BOT_TOKEN}.")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", archive_sources=[str(folder)])
    engine = Engine(settings, embedder=FakeEmbedder())
    report = engine.reindex()
    assert report.added == 2, report.summary()  # konvoi.md (and its link inside.md, merged) and leak.md
    for question in ("Wie lautet der TELEGRAM_BOT_TOKEN?", "QDRANT_API_KEY", "ADMIN_IDS"):
        answer = engine.ask(question)
        shown = " ".join(f"{source.quote} {source.article.title}" for source in answer.sources)
        assert BOT_TOKEN not in shown and QDRANT_KEY not in shown
    stored = engine.archive.db.execute("select group_concat(text, ' ') from passages").fetchone()[0]
    assert BOT_TOKEN not in stored and QDRANT_KEY not in stored


def test_userinfo_never_reaches_a_link_an_outlet_or_a_message() -> None:
    assert public_url("https://user:pa55word@example.org:8443/a?b=1#c") == "https://example.org:8443/a?b=1#c"
    assert public_url("https://example.org/a@b") == "https://example.org/a@b"
    assert scrub_text("see http://bob:hunter22@feeds.example/x")[0] == "see http://feeds.example/x"
    web = LocalWeb()
    server = serve(web)
    web.routes["/news/talks-suspended.html"] = Route(page("/news/talks-suspended.html", web.base))
    fetcher = Fetcher(timeout_s=2.0, host_delay_s=0.0, private_hosts=PrivateHosts.parse(["127.0.0.1"]))
    try:
        with_password = web.url("/news/talks-suspended.html").replace("http://", "http://editor:s3cret-pw@")
        errors: list[SourceError] = []
        [record] = read_url(with_password, fetcher, errors)
        missing = with_password.replace("talks-suspended", "missing")
        assert list(read_url(missing, fetcher, errors)) == []
    finally:
        fetcher.close()
        server.shutdown()
    assert record.url == web.url("/news/talks-suspended.html")
    assert "s3cret-pw" not in f"{record.url} {record.source} {record.text} {record.extra}"
    assert errors and all("s3cret-pw" not in str(error) for error in errors)


@pytest.mark.parametrize("name", [".env", "prod.env", "id_rsa", "tls.pem", "credentials.json"])
def test_a_secrets_file_named_on_its_own_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(DOTENV, encoding="utf-8")
    errors: list[SourceError] = []
    assert list(read_sources([path], errors)) == []
    assert "secrets file" in errors[0].message


def test_source_listings_show_no_credentials() -> None:
    from index.text.locations import shown_location

    assert shown_location("https://editor:s3cret@feeds.example/rss?x=@") == "https://feeds.example/rss?x=@"
    assert shown_location("https://feeds.example/a@b") == "https://feeds.example/a@b"
    assert shown_location("/srv/news/@archive") == "/srv/news/@archive"
