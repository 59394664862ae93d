"""Files sent to the bot: stored by content hash, zip checks (bombs, paths out, links, types), names, removal; and
outlet display names. Real files, a real engine over the deterministic hash backbone (no model)."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from index.engine import Engine, UploadRefused
from index.ingest.uploads import Uploads
from index.settings import Settings
from index.text.outlets import OutletNames, capitalised
from tests.hash_backbone import hash_embedder

ARTICLE = (
    b"title: Convoy waits\ndate: 2016-10-20\nsource: wire_desk\n\nThe aid convoy waited at the border for a week.\n"
)


def _zip(entries: dict[str, bytes], *, link: str | None = None, level: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", level) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "../../etc/passwd")
    return buffer.getvalue()


def test_a_file_is_stored_by_content_hash_once_under_its_first_name(tmp_path: Path):
    uploads = Uploads(tmp_path / "uploads")
    first = uploads.store(ARTICLE, "notes.txt")
    again = uploads.store(ARTICLE, "renamed.txt")
    assert first.location == again.location and not first.existed and again.existed
    assert Path(first.location).read_bytes() == ARTICLE and Path(first.location).suffix == ".txt"
    assert again.name == "notes.txt" and uploads.names() == {first.location: "notes.txt"}
    assert uploads.location_of("notes.txt") == first.location
    uploads.discard(first.location)
    assert not Path(first.location).exists() and uploads.names() == {}


@pytest.mark.parametrize(
    ("name", "data", "reason", "entry"),
    [
        ("a.pdf", b"%PDF", "type", ""),
        ("a.txt", b"", "empty", ""),
        ("bomb.zip", _zip({"zeros.txt": b"0" * 2_000_000}), "zip_bomb", ""),
        ("out.zip", _zip({"../out.txt": b"x"}), "zip_unsafe", "../out.txt"),
        ("abs.zip", _zip({"/etc/cron.d/x.txt": b"x"}), "zip_unsafe", "/etc/cron.d/x.txt"),
        ("link.zip", _zip({"a.txt": b"x"}, link="l.txt"), "zip_unsafe", "l.txt"),
        ("exe.zip", _zip({"a.txt": b"x", "b.exe": b"MZ"}), "zip_type", "b.exe"),
        ("junk.zip", b"PK\x03\x04junk", "zip_broken", ""),
        ("only-hidden.zip", _zip({".DS_Store": b"x", "__MACOSX/._a.txt": b"x"}), "empty", ""),
    ],
)
def test_bad_uploads_are_refused_and_leave_nothing_behind(tmp_path: Path, name, data, reason, entry):
    uploads = Uploads(tmp_path / "uploads")
    with pytest.raises(UploadRefused) as refused:
        uploads.store(data, name)
    assert refused.value.reason == reason and refused.value.entry == entry
    folder = tmp_path / "uploads"
    assert not folder.exists() or [path.name for path in folder.iterdir()] == []


def test_a_zip_over_the_unpacked_limit_is_refused_even_when_it_compresses_little(tmp_path: Path):
    uploads = Uploads(tmp_path / "uploads", max_unpacked_bytes=1000)
    stored_flat = _zip({"a.txt": bytes(range(256)) * 8}, level=zipfile.ZIP_STORED)  # 2,048 bytes, ratio 1
    with pytest.raises(UploadRefused, match="would unpack to 2,048 bytes"):
        uploads.store(stored_flat, "flat.zip")


def test_a_zip_is_unpacked_into_its_hash_folder_and_indexed_as_a_source(tmp_path: Path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")
    engine = Engine(settings, embedder=hash_embedder(settings))
    second = ARTICLE.replace(b"Convoy waits", b"Second").replace(b"week", b"day")
    data = _zip({"desk/one.txt": ARTICLE, "two.md": second})
    stored = engine.store_upload(data, "desk.zip")
    assert sorted(p.name for p in Path(stored.location).rglob("*") if p.is_file()) == ["one.txt", "two.md"]
    report = engine.add_source(stored.location)
    assert report.added + report.merged == 2 and not report.errors
    assert engine.upload_overview() == [("desk.zip", 2)]
    removed = engine.remove_source("desk.zip")  # by the name it was sent with
    assert removed.removed + removed.merged >= 1 and engine.upload_overview() == []
    assert not Path(stored.location).exists()


def test_outlet_names_come_from_sources_toml_and_settings_else_slugs_are_capitalised(tmp_path: Path):
    toml = tmp_path / "sources.toml"
    toml.write_text('alaraby = "Al-Araby Al-Jadeed"\nbbc = "BBC"\n', encoding="utf-8")
    names = OutletNames(toml, {"bbc": "BBC News"})
    assert names.display("alaraby") == "Al-Araby Al-Jadeed" and names.display("bbc") == "BBC News"  # setting wins
    assert names.display("north_desk") == "North Desk" and names.display("al-watan") == "Al-Watan"
    assert names.display("Test Herald") == "Test Herald" and names.display("dpa-AFX") == "dpa-AFX"
    assert names.display(None) is None and capitalised("sana") == "Sana"
    toml.write_text('alaraby = "العربي الجديد"\nbroken = [\n', encoding="utf-8")  # a broken file is ignored, logged
    assert names.display("alaraby") == "Alaraby"


def test_answers_timelines_and_stats_show_outlet_display_names(tmp_path: Path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", outlet_names="wire_desk=Wire Desk International")
    engine = Engine(settings, embedder=hash_embedder(settings))
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "convoy.txt").write_bytes(ARTICLE)
    engine.ingest([folder])
    assert engine.stats().outlets == ["Wire Desk International"]
    hits = engine.timeline("aid convoy border").hits
    assert hits and {hit.article.source for hit in hits} == {"Wire Desk International"}
    answer = engine.ask("aid convoy border week")
    assert all(hit.article.source == "Wire Desk International" for hit in [answer.best, *answer.sources] if hit)
