"""Files an admin sends to the bot: checked, stored under ``DATA_DIR/uploads`` by content hash, then read like any
file source (index/ingest/sources.py reads them; nothing here parses articles).

A single ``.txt``/``.md``/``.jsonl``/``.csv``/``.html`` file is stored as ``<hash>.<suffix>``; a ``.zip`` of such files
is unpacked into the folder ``<hash>/`` after every entry passed the checks (no absolute path or ``..``, no link, no
other file type, not more than ``max_unpacked_bytes`` in all, not compressed more than ``max_ratio`` to one). The
original file names are kept in ``names.json`` beside them, for listings and for removing a source by its name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from index.ingest.sources import SUPPORTED_SUFFIXES

ZIP_SUFFIX = ".zip"
UPLOAD_SUFFIXES = frozenset(SUPPORTED_SUFFIXES | {ZIP_SUFFIX})
HASH_CHARS = 16
"""64 bits of the SHA-256 name a stored upload: a collision needs billions of uploads."""
NAMES_FILE = "names.json"
DEFAULT_MAX_UNPACKED_BYTES = 200_000_000
"""A zip may unpack to at most this much (about 100,000 articles of text)."""
DEFAULT_MAX_RATIO = 100
"""Largest uncompressed : compressed size of a zip: deflate packs news text about 3:1 and repetitive JSON lines or
CSV about 10:1 (gzip on ../shared's FA-KES CSV: 3.3:1); zip bombs reach 1,000:1 and more."""
IGNORED_ENTRIES = ("__MACOSX/",)
"""Folders that archivers add beside the files (macOS' resource forks): skipped, not refused."""
COPY_CHUNK = 1 << 16


class UploadRefused(ValueError):
    """The upload was refused; ``reason`` names why (``type``, ``size``, ``zip_bomb``, ``zip_unsafe``,
    ``zip_type``, ``zip_broken``, ``empty``) and ``entry`` the offending zip entry, if any."""

    def __init__(self, reason: str, message: str, entry: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.entry = entry


@dataclass(frozen=True, slots=True)
class StoredUpload:
    location: str
    """The stored file or folder: the source's location."""
    name: str
    """The name the file was sent with."""
    existed: bool
    """The same content was stored before (sent earlier)."""


def suffix_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


class Uploads:
    """The upload folder: stores checked uploads and remembers their original names."""

    def __init__(
        self,
        folder: Path,
        *,
        max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
        max_ratio: float = DEFAULT_MAX_RATIO,
    ) -> None:
        self.folder = folder
        self.max_unpacked_bytes = max_unpacked_bytes
        self.max_ratio = max_ratio

    def store(self, data: bytes, name: str) -> StoredUpload:
        """Check ``data`` (sent as ``name``) and store it; :class:`UploadRefused` says why not."""
        suffix = suffix_of(name)
        if suffix not in UPLOAD_SUFFIXES:
            raise UploadRefused("type", f"{name}: unsupported file type {suffix or '(none)'}")
        if not data:
            raise UploadRefused("empty", f"{name} is empty")
        digest = hashlib.sha256(data).hexdigest()[:HASH_CHARS]
        target = self.folder / (digest if suffix == ZIP_SUFFIX else digest + suffix)
        existed = target.exists()
        if not existed:
            self.folder.mkdir(parents=True, exist_ok=True)
            if suffix == ZIP_SUFFIX:
                self._unpack(data, name, target)
            else:
                self._write(target, data)
        known = self.names().get(str(target))
        if known is None or not existed:
            self._remember(target.name, name)
        return StoredUpload(str(target), known if existed and known else name, existed)

    def names(self) -> dict[str, str]:
        """``stored location -> original name`` of every stored upload."""
        path = self.folder / NAMES_FILE
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(self.folder / key): value for key, value in stored.items() if isinstance(value, str)}

    def location_of(self, name: str) -> str | None:
        """The stored location of the upload sent as ``name`` (the latest, if sent more than once)."""
        found = [location for location, original in self.names().items() if original == name]
        return found[-1] if found else None

    def discard(self, location: str) -> None:
        """Delete a stored upload and its name (after its source was removed)."""
        path = Path(location)
        if path.parent != self.folder:
            return
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        names = {Path(key).name: value for key, value in self.names().items() if key != location}
        self._write(self.folder / NAMES_FILE, json.dumps(names, ensure_ascii=False, indent=1).encode("utf-8"))

    # -- internals ----------------------------------------------------------------------------------------

    def _remember(self, stored: str, name: str) -> None:
        names = {Path(key).name: value for key, value in self.names().items()}
        if names.get(stored) != name:
            names[stored] = name
            self._write(self.folder / NAMES_FILE, json.dumps(names, ensure_ascii=False, indent=1).encode("utf-8"))

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        """Write atomically: a crash leaves the old file or the new one, never half of one."""
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _entries(self, archive: zipfile.ZipFile, name: str, packed_bytes: int) -> list[zipfile.ZipInfo]:
        """The zip's file entries once all of them passed the checks."""
        entries, unpacked = [], 0
        for info in archive.infolist():
            entry = info.filename
            if entry.startswith(IGNORED_ENTRIES):
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise UploadRefused("zip_unsafe", f"{name}: {entry} is a symbolic link", entry)
            parts = PurePosixPath(entry.replace("\\", "/")).parts
            if entry.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise UploadRefused("zip_unsafe", f"{name}: {entry} points outside the archive's folder", entry)
            if info.is_dir():
                continue
            if PurePosixPath(entry).name.startswith("."):
                continue  # hidden files (.DS_Store): a folder source skips them too
            if suffix_of(entry) not in SUPPORTED_SUFFIXES:
                kinds = ".txt, .md, .jsonl, .csv or .html"
                raise UploadRefused("zip_type", f"{name}: {entry} is not a {kinds} file", entry)
            unpacked += info.file_size
            entries.append(info)
        if unpacked > self.max_unpacked_bytes or unpacked > self.max_ratio * max(packed_bytes, 1):
            raise UploadRefused(
                "zip_bomb",
                f"{name} would unpack to {unpacked:,} bytes from {packed_bytes:,} (at most "
                f"{self.max_unpacked_bytes:,} bytes and {self.max_ratio:g} times its size)",
            )
        if not entries:
            raise UploadRefused("empty", f"{name} holds no .txt, .md, .jsonl, .csv or .html file")
        return entries

    def _unpack(self, data: bytes, name: str, target: Path) -> None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as error:
            raise UploadRefused("zip_broken", f"{name} is not a readable zip file ({error})") from None
        with archive:
            entries = self._entries(archive, name, len(data))
            staging = Path(tempfile.mkdtemp(dir=self.folder, prefix=".unpack-"))
            try:
                budget = self.max_unpacked_bytes
                for info in entries:
                    path = staging.joinpath(*PurePosixPath(info.filename.replace("\\", "/")).parts)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(info) as source, path.open("wb") as sink:
                        while chunk := source.read(COPY_CHUNK):
                            budget -= len(chunk)
                            if budget < 0:  # sizes in the zip's headers lied
                                raise UploadRefused("zip_bomb", f"{name} unpacks to more than it declares")
                            sink.write(chunk)
                os.replace(staging, target)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise UploadRefused("zip_broken", f"{name} is not a readable zip file ({error})") from None
            finally:
                shutil.rmtree(staging, ignore_errors=True)
