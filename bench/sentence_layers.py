"""Sentence vectors from re-running only the top K layers with attention kept inside each sentence: how close do
they come to the sentence embedded alone?  (docs/scale.md, "Quote quality at lower cost": tried and dropped)

    python bench/sentence_layers.py ~/.cache/crisisbot/eval/<digest>/archive.db [--passages 16]

PyTorch fp32, eager attention. For every 20th passage of the archive (up to ``--passages``) it runs the passage
once with full attention and forks at layer 24 - K: the top K layers run again with a block mask (each sentence's
tokens see only their sentence, or their sentence and the document prompt). Prints the mean cosine with the
sentence embedded alone for K = 2, 4, 6, 8, next to the late-chunked vector's (no second pass).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.model.embeddings import DocumentInput, Embedder
from index.model.runtime import _head_matrix
from index.settings import Settings
from index.store.archive import Archive

LAYERS_AGAIN = (2, 4, 6, 8)


def masks(allowed: torch.Tensor, window: int) -> dict[str, torch.Tensor]:
    """Additive masks for Gemma3's full and sliding-window layers from ``allowed`` (batch, n, n)."""
    lowest = torch.finfo(torch.float32).min
    full = torch.zeros(allowed.shape, dtype=torch.float32).masked_fill(~allowed, lowest)[:, None]
    position = torch.arange(allowed.shape[-1])
    near = (position[:, None] - position[None, :]).abs() < window
    return {"full_attention": full, "sliding_attention": full.masked_fill(~near[None, None], lowest)}


def forked(model, input_ids: torch.Tensor, block: torch.Tensor, again: int) -> tuple[np.ndarray, np.ndarray]:
    """Token states of the full pass, and of the top ``again`` layers re-run under the block mask."""
    config = model.config
    layers = config.num_hidden_layers
    hidden = model.embed_tokens(input_ids)
    position = torch.arange(input_ids.shape[1])[None]
    rotary = {kind: model.rotary_emb(hidden, position, kind) for kind in set(config.layer_types)}
    everything = masks(torch.ones(block.shape, dtype=torch.bool), config.sliding_window)
    inside = masks(block, config.sliding_window)
    local = hidden
    for i, layer in enumerate(model.layers[:layers]):
        kind = config.layer_types[i]
        if i == layers - again:
            local = hidden
        if i >= layers - again:
            local = layer(local, attention_mask=inside[kind], position_embeddings=rotary[kind], position_ids=position)
        hidden = layer(hidden, attention_mask=everything[kind], position_embeddings=rotary[kind], position_ids=position)
    return model.norm(hidden)[0].numpy(), model.norm(local)[0].numpy()


def main() -> None:
    from transformers import AutoModel

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path, help="an archive.db with passages (e.g. the evaluation cache's)")
    parser.add_argument("--passages", type=int, default=16)
    args = parser.parse_args()
    embedder = Embedder(Settings(_env_file=None))
    archive = Archive(args.archive)
    items = []
    for item in archive.iter_passages_for_embedding():
        items.append(item)
        if len(items) >= 20 * args.passages:
            break
    model_path = Path(embedder.resolve_model_path())
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager", dtype=torch.float32).eval()
    head = _head_matrix(model_path)
    tokenizer = embedder.model.tokenizer

    def vectors(states: np.ndarray) -> np.ndarray:
        projected = states @ head
        return projected / np.linalg.norm(projected, axis=-1, keepdims=True)

    cosines: dict[tuple[int, str], list[float]] = {}
    late_cosines: list[float] = []
    with torch.inference_mode():
        for passage, title in items[::20][: args.passages]:
            spans = tuple((s.start - passage.start, s.end - passage.start) for s in passage.sentences)
            doc = DocumentInput(text=passage.text, title=title, spans=spans)
            alone = embedder._encode_sentences_alone([doc])
            prompt = embedder.document_prompt(title)
            encoded = tokenizer([prompt + doc.text], return_offsets_mapping=True, return_tensors="np")
            offsets = encoded["offset_mapping"][0]
            block = np.zeros(len(offsets), dtype=int)  # 0: prompt and what lies between sentences
            for number, (start, end) in enumerate(spans, start=1):
                real = offsets[:, 1] > offsets[:, 0]
                block[real & (offsets[:, 1] > start + len(prompt)) & (offsets[:, 0] < end + len(prompt))] = number
            ids = torch.from_numpy(block)
            own = (ids[:, None] == ids[None, :])[None]
            variants = {"own sentence": own, "own sentence + prompt": own | (ids[None, :] == 0)[None]}
            numbers = range(1, len(spans) + 1)
            for again in LAYERS_AGAIN:
                for name, allowed in variants.items():
                    full, local = forked(model, torch.from_numpy(encoded["input_ids"]), allowed, again)
                    late = vectors(np.stack([full[block == n].mean(0) for n in numbers]))
                    restricted = vectors(np.stack([local[block == n].mean(0) for n in numbers]))
                    cosines.setdefault((again, name), []).extend((restricted * alone).sum(1))
            late_cosines.extend((late * alone).sum(1))
            print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    print(f"late-chunked vs alone: {np.mean(late_cosines):.3f} ({len(late_cosines)} sentences)")
    for (again, name), values in sorted(cosines.items()):
        print(f"top {again} layers again, {name}: {np.mean(values):.3f}")


if __name__ == "__main__":
    main()
