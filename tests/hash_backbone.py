"""A deterministic stand-in for EmbeddingGemma's backbone, for storage, sync and bot-flow tests.

Words are hashed to fixed random vectors, so a text's vector is the mean of its words' vectors (a bag of words):
texts that share words are close, and nothing is downloaded or loaded. It runs through the real
:class:`index.model.embeddings.Embedder` (tokenising, batching, pooling, progress), only the transformer is
replaced. ``delay_s`` makes each forward pass take that long, for tests that watch the progress of a run.
"""

from __future__ import annotations

import re
import time
import zlib

import numpy as np

from index.model.embeddings import Embedder
from index.settings import Settings

VOCABULARY = 4096
DIMENSION = 64
MAX_TOKENS = 512
WORD = re.compile(r"\w+|[^\w\s]")


class HashTokenizer:
    """Word-level tokenizer with the call signature the Embedder uses (ids and character offsets)."""

    pad_token_id = 0
    padding_side = "right"

    def __call__(self, texts, truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=False):
        ids, offsets = [], []
        for value in texts:
            spans = [match.span() for match in WORD.finditer(value)][:max_length] or [(0, 0)]
            ids.append([1 + zlib.crc32(value[a:b].casefold().encode()) % (VOCABULARY - 1) for a, b in spans])
            offsets.append(spans)
        encoded = {"input_ids": ids}
        if return_offsets_mapping:
            encoded["offset_mapping"] = offsets
        return encoded


class HashBackbone:
    name = "hash-test"
    max_length = MAX_TOKENS

    def __init__(self, delay_s: float = 0.0) -> None:
        self.prompts = {"query": "", "document": ""}
        self.tokenizer = HashTokenizer()
        self.delay_s = delay_s
        self.passes = 0
        self._table = np.random.default_rng(26).standard_normal((VOCABULARY, DIMENSION)).astype(np.float32)

    def token_embeddings(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        self.passes += 1
        if self.delay_s:
            time.sleep(self.delay_s)
        return self._table[input_ids] * attention_mask[..., None]

    def head(self, pooled: np.ndarray) -> np.ndarray:
        return np.asarray(pooled, dtype=np.float32)


def hash_embedder(settings: Settings, delay_s: float = 0.0) -> Embedder:
    """An Embedder whose model is :class:`HashBackbone` (``settings.embed_batch_size`` sets its batches)."""
    embedder = Embedder(settings)
    embedder._model = HashBackbone(delay_s)
    return embedder
