"""A deterministic stand-in for the embedding model, for storage, sync, crash and bot-flow tests.

Vectors are hashed bags of lower-cased words (and their 4-letter prefixes), unit length: a passage and a question
that share words are close, as with the real model, but nothing is loaded and a passage embeds in microseconds.
Never for quality tests (those run the real model). ``embedded`` records every passage text embedded, so a test
can check that nothing is embedded twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

import numpy as np

from index.model.embeddings import DocumentInput, DocumentVectors

DIM = 256
_WORD = re.compile(r"\w+")


def hashed_vector(text: str, dim: int = DIM) -> np.ndarray:
    vector = np.zeros(dim, dtype=np.float32)
    for word in _WORD.findall(text.lower()):
        for token in {word, word[:4]}:
            digest = hashlib.blake2b(token.encode("utf-8", "replace"), digest_size=8).digest()
            vector[int.from_bytes(digest[:4], "little") % dim] += 1.0 if digest[4] & 1 else -1.0
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else np.full(dim, 1 / np.sqrt(dim), dtype=np.float32)


class FakeEmbedder:
    """The :class:`~index.model.embeddings.Embedder` surface the engine uses, without a model."""

    model_key = "fake-hash@256"
    cache_key = "fake-hash@256|sentences=late"
    batch_size = 8
    runtime = "fake"
    model = None
    on_gpu = False
    can_refine_later = False
    """Its sentence vectors are final at once (``cache_key``: late only): a reindex with it has one phase."""

    def __init__(self, *, before_batch: Callable[[int], None] | None = None) -> None:
        self.embedded: list[str] = []
        self._before_batch = before_batch

    def resolve_device(self) -> str:
        return "cpu"

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([hashed_vector(text) for text in texts]) if texts else np.zeros((0, DIM), np.float32)

    def encode_documents(self, docs: Sequence[DocumentInput], *, progress=None) -> list[DocumentVectors]:
        if self._before_batch is not None:
            self._before_batch(len(self.embedded))
        results = []
        for doc in docs:
            self.embedded.append(doc.text)
            sentences = [hashed_vector(doc.text[start:end]) for start, end in doc.spans]
            results.append(
                DocumentVectors(
                    hashed_vector(f"{doc.title} {doc.text}"),
                    np.stack(sentences) if sentences else np.zeros((0, DIM), np.float32),
                )
            )
        if progress:
            progress(len(docs), len(docs))
        return results
