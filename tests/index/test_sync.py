"""The archive grows: incremental reindex, web sources, near-duplicates and crash safety (real model, small data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.engine import Engine, IndexReport, ReindexRunning
from index.failpoints import KILL_AT_VARIABLE
from index.locks import ProcessLock
from tests.conftest import REPO, ModelSettings
from tests.local_web import LocalWeb, Route, serve
from tests.web_pages import ARTICLES, feed, page

pytestmark = pytest.mark.model

TALKS_PAGE = "/news/talks-suspended.html"
ALEPPO_PAGE = "/news/east-aleppo.html"

BRIEFS = {
    "convoy.md": (
        "date 2016-09-20\nsource: Demo-Archiv (Demodaten)\n\n# Hilfskonvoi getroffen\n\n"
        "Ein Hilfskonvoi der Vereinten Nationen wurde westlich von Aleppo angegriffen. "
        "Achtzehn Lastwagen mit Lebensmitteln brannten aus."
    ),
    "ceasefire.md": (
        "date 2016-09-12\nsource: Demo Archive (demo data)\n\n# Truce starts\n\n"
        "A nationwide truce negotiated by Kerry and Lavrov took effect in Syria at sunset on Monday. "
        "It was meant to last seven days."
    ),
    "hospital.md": (
        "date 2016-10-01\nsource: Demo-Archiv (Demodaten)\n\n# Klinik zerstört\n\n"
        "Das größte Krankenhaus im Osten Aleppos wurde bei Luftangriffen schwer beschädigt. "
        "Ärzte berichten, dass nur noch wenige Operationssäle arbeiten."
    ),
}

WIRE_REPORT = (
    "Russian and Syrian warplanes struck rebel-held districts of eastern Aleppo overnight, killing at least 25 "
    "people, a monitoring group said on Tuesday. The strikes hit a market and two residential buildings in the "
    "Bustan al-Qasr district, according to rescue workers. The United Nations said it was gravely concerned "
    "about the fate of civilians trapped in the besieged part of the city, where food and fuel are running out."
)


NOTES = [
    "Die Türkei öffnete einen Grenzübergang für Verletzte.",
    "In Damaskus tagte das Parlament zu Fragen der Wasserversorgung.",
    "Jordanien meldete eine steigende Zahl von Flüchtlingen an der Grenze.",
]


def brief_folder(root: Path, names: list[str] | None = None) -> Path:
    folder = root / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or list(BRIEFS):
        (folder / name).write_text(BRIEFS[name], encoding="utf-8")
    return folder


def count_embedded(engine: Engine) -> list[str]:
    """Record the text of every passage the engine embeds (wraps the real model call)."""
    embedded: list[str] = []
    encode = engine.embedder.encode_documents

    def counting(docs, **kwargs):
        embedded.extend(doc.text for doc in docs)
        return encode(docs, **kwargs)

    engine.embedder.encode_documents = counting
    return embedded


def counts(report: IndexReport) -> tuple[int, int, int, int]:
    return report.added, report.changed, report.removed, report.unchanged


def test_only_new_and_changed_articles_are_embedded_and_removed_ones_go(
    tmp_path: Path, model_settings: ModelSettings
) -> None:
    folder = brief_folder(tmp_path)
    engine = Engine(model_settings(tmp_path / "data", archive_sources=[str(folder)]))
    embedded = count_embedded(engine)
    assert counts(engine.reindex()) == (3, 0, 0, 0)
    assert len(embedded) == 3

    embedded.clear()
    again = engine.reindex()
    assert counts(again) == (0, 0, 0, 3) and again.passages_embedded == 0 and embedded == []

    addition = " Die WHO verurteilte den Angriff."
    (folder / "hospital.md").write_text(BRIEFS["hospital.md"] + addition, encoding="utf-8")
    (folder / "ceasefire.md").unlink()
    aid = "Die EU kündigte weitere 25 Millionen Euro Nothilfe für Syrien an."
    (folder / "aid.txt").write_text(aid, encoding="utf-8")
    embedded.clear()
    report = engine.reindex()
    assert counts(report) == (1, 1, 1, 1)
    hospital = BRIEFS["hospital.md"].split("\n\n", 2)[2] + addition
    assert sorted(embedded) == sorted([hospital, aid]), "the unchanged convoy brief is not embedded again"
    assert engine.stats().articles == 3
    assert "WHO" in engine.ask("Wer verurteilte den Angriff auf das Krankenhaus?").quote
    assert not engine.ask("How long was the truce meant to last?").answered, "the removed brief is gone"


def test_removed_articles_stay_when_the_setting_keeps_them(tmp_path: Path, model_settings: ModelSettings) -> None:
    folder = brief_folder(tmp_path)
    engine = Engine(model_settings(tmp_path / "data", archive_sources=[str(folder)], keep_removed_articles=True))
    engine.reindex()
    (folder / "ceasefire.md").unlink()
    report = engine.reindex()
    assert counts(report) == (0, 0, 0, 2)
    assert "seven days" in engine.ask("How long was the truce meant to last?").quote


def test_a_failing_source_is_reported_and_the_others_are_indexed(tmp_path: Path, model_settings: ModelSettings) -> None:
    web = LocalWeb()
    server = serve(web)
    web.routes["/broken.xml"] = Route("server error", status=500, content_type="text/plain")
    folder = brief_folder(tmp_path, ["convoy.md"])
    sources = [str(tmp_path / "missing"), web.url("/broken.xml"), str(folder)]
    try:
        engine = Engine(model_settings(tmp_path / "data", archive_sources=sources, allow_private_hosts=["127.0.0.1"]))
        report = engine.reindex()
    finally:
        server.shutdown()
    assert report.added == 1
    assert report.errors == [
        f"{tmp_path / 'missing'}: no such file or folder; nothing from it was removed",
        f"{web.url('/broken.xml')}: HTTP 500 Internal Server Error",
    ]
    assert engine.ask("Wie viele Lastwagen brannten aus?").answered


def test_bad_metadata_and_a_latin1_file_never_stop_a_reindex(tmp_path: Path, model_settings: ModelSettings) -> None:
    folder = brief_folder(tmp_path, ["convoy.md"])
    rows = [
        {"id": "n1", "text": NOTES[0], "source": 5},
        {"id": "n2", "text": NOTES[1], "url": 7, "lang": 1},
        {"id": "n3", "text": NOTES[2], "title": ["a", "b"], "date": {"y": 2016}},
        {"id": "n4", "text": None},
    ]
    (folder / "export.jsonl").write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    (folder / "latin1.txt").write_bytes("# Lage\n\nDie Lage in Aleppo ist unverändert schlecht.".encode("latin-1"))
    engine = Engine(model_settings(tmp_path / "data", archive_sources=[str(folder)]))
    report = engine.reindex()
    assert report.added == 5, report.errors
    failures = [error for error in report.errors if ": warning: " not in error]
    assert failures == [f'{folder / "export.jsonl"}:4: the record has no "text"']
    export = folder / "export.jsonl"
    assert f'{export}:1: warning: "source" is a number (5): stored as the text "5"' in report.errors
    assert len(report.errors) == 7
    assert counts(engine.reindex()) == (0, 0, 0, 5), "warnings do not make a file look failed or changed"


def test_an_added_feed_is_remembered_and_known_entries_are_not_fetched_again(
    tmp_path: Path, model_settings: ModelSettings
) -> None:
    web = LocalWeb()
    server = serve(web)
    for path in ARTICLES:
        web.routes[path] = Route(page(path, web.base))
    web.routes["/feed.xml"] = Route(feed(web.base, [TALKS_PAGE]), content_type="application/rss+xml")
    try:
        engine = Engine(model_settings(tmp_path / "data", fetch_host_delay_s=0.0, allow_private_hosts=["127.0.0.1"]))
        first = engine.add_source(web.url("/feed.xml"), added_by=42)
        assert (first.added, first.errors) == (1, [])
        assert engine.sources == [web.url("/feed.xml")]
        answer = engine.ask("Wer hat die Gespräche mit Russland ausgesetzt?")
        assert answer.answered and answer.best.article.url == web.url(TALKS_PAGE)
        assert answer.best.article.date == "2016-10-03" and answer.best.article.source == "Demo Wire"

        web.routes["/feed.xml"] = Route(feed(web.base, [ALEPPO_PAGE, TALKS_PAGE]), content_type="application/rss+xml")
        second = engine.reindex()
    finally:
        server.shutdown()
    assert (second.added, second.unchanged, second.removed) == (1, 1, 0)
    assert len(web.requests_for(TALKS_PAGE)) == 1, "a known entry is not downloaded again"
    assert "275,000" in engine.ask("How many civilians are trapped in east Aleppo?").quote


def test_a_relative_and_an_absolute_path_are_one_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_settings: ModelSettings
) -> None:
    folder = brief_folder(tmp_path, ["convoy.md"])
    monkeypatch.chdir(tmp_path)
    engine = Engine(model_settings(tmp_path / "data", archive_sources=[str(folder)]))
    assert engine.ingest(["sources"]).added == 1
    assert counts(engine.reindex()) == (0, 0, 0, 1)
    with engine.archive.db.conn:  # a database from before paths were stored absolute
        engine.archive.db.execute("UPDATE origins SET root = 'sources', origin = 'sources/convoy.md'")
    assert counts(engine.reindex()) == (0, 0, 0, 1)
    assert engine.archive.roots() == {str(folder): 1}


def test_an_added_folder_can_be_removed_again_with_its_articles(tmp_path: Path, model_settings: ModelSettings) -> None:
    folder = brief_folder(tmp_path, ["hospital.md"])
    engine = Engine(model_settings(tmp_path / "data"))
    assert engine.add_source(str(folder)).added == 1
    assert engine.sources == [str(folder)]
    with pytest.raises(ValueError, match="no such file or folder"):
        engine.add_source(str(tmp_path / "nowhere"))
    report = engine.remove_source(str(folder))
    assert (report.removed, engine.sources, engine.stats().articles) == (1, [], 0)
    assert not engine.ask("Wie viele Operationssäle arbeiten noch?").answered


def test_the_same_report_from_two_outlets_is_stored_once_with_both_listed(
    tmp_path: Path, model_settings: ModelSettings
) -> None:
    folder = tmp_path / "wires"
    folder.mkdir()
    (folder / "a-wire.md").write_text(
        f"date 2016-10-11\nsource: Demo Wire A\nurl: https://a.example/strikes\n\n# Strikes on Aleppo\n\n{WIRE_REPORT}",
        encoding="utf-8",
    )
    copy = WIRE_REPORT.replace("on Tuesday", "on Tuesday (AFP)") + " Aleppo has been divided since 2012."
    (folder / "b-paper.md").write_text(
        f"date 2016-10-11\nsource: Demo Paper B\nurl: https://b.example/aleppo\n\n# Deadly night in Aleppo\n\n{copy}",
        encoding="utf-8",
    )
    engine = Engine(model_settings(tmp_path / "data", archive_sources=[str(folder)]))
    embedded = count_embedded(engine)
    report = engine.reindex()
    assert (report.added, report.merged) == (1, 1)
    assert len(embedded) == 1 and engine.stats().articles == 1
    answer = engine.ask("How many people were killed in the strikes on eastern Aleppo?")
    assert answer.best.article.source == "Demo Wire A"
    assert [(o.source, o.url) for o in answer.best.article.also] == [("Demo Paper B", "https://b.example/aleppo")]

    (folder / "a-wire.md").unlink()
    embedded.clear()
    report = engine.reindex()
    assert report.removed == 0, "the report stays: the other outlet still has it"
    assert embedded == [copy], "now in the other outlet's own words, so that its quotes are verbatim under its link"
    answer = engine.ask("How many people were killed in the strikes on eastern Aleppo?")
    assert (answer.best.article.source, answer.best.article.title, answer.best.article.also) == (
        "Demo Paper B",
        "Deadly night in Aleppo",
        (),
    )
    assert answer.quote in copy


def test_only_one_reindex_runs_at_a_time_across_processes(tmp_path: Path, model_settings: ModelSettings) -> None:
    folder = brief_folder(tmp_path, ["convoy.md"])
    settings = model_settings(tmp_path / "data", archive_sources=[str(folder)])
    engine = Engine(settings)
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(settings.data_dir / "reindex.lock")], stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout.readline().strip() == b"locked"
        with pytest.raises(ReindexRunning, match="already running"):
            engine.reindex()
    finally:
        holder.kill()
        holder.wait()
    assert engine.reindex().added == 1, "the lock of a killed process is free again"
    with ProcessLock(settings.data_dir / "reindex.lock"):  # and the engine released its own
        pass


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from index.locks import ProcessLock
with ProcessLock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def reindex_in_subprocess(settings_env: dict[str, str], *, kill_at: str | None) -> subprocess.CompletedProcess:
    env = {**os.environ, **settings_env}
    env.pop(KILL_AT_VARIABLE, None)
    if kill_at:
        env[KILL_AT_VARIABLE] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "index.cli", "reindex"], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("kill_at", ["archive", "embed", "swap", "switched"])
def test_kill_9_during_a_reindex_leaves_a_working_index_that_the_next_reindex_completes(
    tmp_path: Path, kill_at: str, model_settings: ModelSettings
) -> None:
    folder = brief_folder(tmp_path, ["convoy.md"])
    data = tmp_path / "data"
    settings = model_settings(data, archive_sources=[str(folder)])
    env = {
        "DATA_DIR": str(data),
        "ARCHIVE_SOURCES": str(folder),
        "EMBED_BATCH_SIZE": "1",
        "MODEL_CACHE_DIR": str(settings.model_cache_dir),
    }
    assert reindex_in_subprocess(env, kill_at=None).returncode == 0
    brief_folder(tmp_path, ["ceasefire.md", "hospital.md"])
    for number in range(3):  # five new passages; with EMBED_BATCH_SIZE=1 the first four are committed together
        (folder / f"note-{number}.txt").write_text(f"Meldung {number}: {NOTES[number]}", encoding="utf-8")

    killed = reindex_in_subprocess(env, kill_at=kill_at)
    assert killed.returncode == -9, killed.stderr[-2000:]

    survivor = Engine(settings)
    assert "Achtzehn Lastwagen" in survivor.ask("Wie viele Lastwagen brannten aus?").quote, "the old index answers"
    embedded = count_embedded(survivor)
    report = survivor.reindex()
    assert not report.errors
    embedded_before_the_kill = {"archive": 0, "embed": 4, "swap": 5, "switched": 5}[kill_at]
    assert report.passages_embedded == len(embedded) == 5 - embedded_before_the_kill
    assert survivor.stats().indexed_passages == 6
    assert "seven days" in survivor.ask("How long was the truce meant to last?").quote
    assert "Operationssäle" in survivor.ask("Wie viele Operationssäle arbeiten im Krankenhaus noch?").quote
