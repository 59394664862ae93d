"""How documents are batched for the model changes nothing but speed: every vector matches the document embedded
on its own (no padding, no neighbours), whatever its length, its position in the input or its batch."""

from __future__ import annotations

import re

import numpy as np
import pytest

from index.model.embeddings import SENTENCE_POOL_BATCHES, DocumentInput, Embedder
from tests.conftest import ModelSettings

pytestmark = pytest.mark.model

SAME_VECTOR = 0.9999
"""Batching may move a vector by rounding only (bf16 matrix work pads differently): cosine to the lone one."""

SENTENCES = [
    "Die Waffenruhe hielt am Montag nur wenige Stunden.",
    "Hilfskonvois warten seit Tagen an der Grenze, ohne dass die Behörden sie durchlassen.",
    "The council met again on Tuesday.",
    "Aid agencies said food and medicine were running out in the eastern districts, where an estimated "
    "quarter of a million people remain.",
    "Beide Seiten warfen sich vor, die Gespräche in Genf blockiert zu haben.",
    "No date was set for the next round.",
]


def document(n: int, sentences: int, title: str) -> DocumentInput:
    """A passage of ``sentences`` sentences (lengths differ by ``n``), with its sentence spans."""
    chosen = [SENTENCES[(n + k) % len(SENTENCES)] for k in range(sentences)]
    text = " ".join(chosen)
    spans = tuple((m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text))
    spans = tuple((start + (text[start] == " "), end) for start, end in spans)
    return DocumentInput(text=text, title=title, spans=spans)


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory, model_settings: ModelSettings) -> Embedder:
    # Two documents a batch: ten documents make five passage batches and two sentence-pass groups.
    return Embedder(model_settings(tmp_path_factory.mktemp("batches"), embed_batch_size=2))


def test_batched_vectors_are_the_lone_documents_vectors(embedder: Embedder):
    docs = [document(n, 1 + (n * 3) % 7, title="" if n % 3 else f"Bericht {n}") for n in range(9)]
    docs.append(DocumentInput(text="Kurz gemeldet ohne Satzgrenzen", title="Kurz"))  # no spans at all
    assert len(docs) > 2 * SENTENCE_POOL_BATCHES  # more than one group
    reported: list[tuple[int, int]] = []
    batched = embedder.encode_documents(docs, progress=lambda done, total: reported.append((done, total)))
    assert reported == [(done, len(docs)) for done in range(2, len(docs) + 1, 2)]  # after every batch
    for doc, together in zip(docs, batched, strict=True):
        (alone,) = embedder.encode_documents([doc])
        assert together.sentences.shape == alone.sentences.shape == (len(doc.spans), 768)
        assert float(together.passage @ alone.passage) >= SAME_VECTOR
        if doc.spans:
            cosines = np.sum(unit(together.sentences) * unit(alone.sentences), axis=1)
            assert cosines.min() >= SAME_VECTOR, (doc.text, cosines)
