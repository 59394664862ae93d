"""The model's tokenizer from its ``tokenizer.json`` with the ``tokenizers`` library alone: no torch, no transformers.

The OpenVINO path needs nothing else from transformers, and importing it (which imports torch) cost a cold
``crisisbot ask`` ~4 s of its ~6.6 s on an idle machine (docs/scale.md, "Cold start"). ``transformers``' fast
tokenizer is this same Rust tokenizer loaded from the same file; this class calls it the way
``PreTrainedTokenizerFast.__call__`` does for what the embedder asks (a batch of texts, truncated to the model's
length, optionally padded, optionally with character offsets), so ids, attention masks and offsets are the same:
``tests/index/test_fast_tokenizer.py`` compares them on a sample, ``bench/tokenizer_equality.py`` on every XQuAD dev
context and question of the 12 languages and the corpora in ../shared.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "tokenizer_config.json"


class JsonTokenizer:
    """The subset of a Hugging Face fast tokenizer's interface the embedder uses, over ``tokenizers.Tokenizer``.

    Every call truncates to ``max_length`` (the longest input the model takes, set once at load: changing a
    ``tokenizers.Tokenizer``'s truncation is not thread-safe, and the bot tokenises from several threads)."""

    def __init__(self, model_path: Path, *, max_length: int) -> None:
        from tokenizers import Tokenizer

        config = _read_json(model_path / CONFIG_FILE)
        self.padding_side = str(config.get("padding_side", "right"))
        truncation_side = str(config.get("truncation_side", "right"))
        self.max_length = max_length
        self._tokenizer = Tokenizer.from_file(str(model_path / TOKENIZER_FILE))
        self._tokenizer.no_padding()
        # As PreTrainedTokenizerFast.set_truncation_and_padding does for truncation=True, max_length=...
        self._tokenizer.enable_truncation(max_length, stride=0, strategy="longest_first", direction=truncation_side)
        pad_token = config.get("pad_token")
        pad_token = pad_token.get("content") if isinstance(pad_token, dict) else pad_token
        found = self._tokenizer.token_to_id(pad_token) if pad_token else None
        self.pad_token_id: int | None = int(found) if found is not None else None

    def __call__(
        self,
        texts: Sequence[str],
        *,
        truncation: bool = True,
        max_length: int | None = None,
        padding: bool = False,
        return_offsets_mapping: bool = False,
        return_tensors: str | None = None,
    ) -> dict[str, Any]:
        """``input_ids``, ``attention_mask`` (and ``offset_mapping``) of each text, with the special tokens.

        ``padding=True`` pads to the longest text (with ``return_tensors="np"``: numpy arrays)."""
        if max_length not in (None, self.max_length) or (not truncation and max_length is not None):
            raise ValueError(f"this tokenizer always truncates to {self.max_length} tokens")
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=True)
        ids = [encoding.ids for encoding in encodings]
        masks = [encoding.attention_mask for encoding in encodings]
        result: dict[str, Any] = {"input_ids": ids, "attention_mask": masks}
        if return_offsets_mapping:
            result["offset_mapping"] = [encoding.offsets for encoding in encodings]
        if padding:
            result["input_ids"], result["attention_mask"] = pad_rows(ids, self.pad_token_id or 0, self.padding_side)
            if return_tensors != "np":
                result["input_ids"] = result["input_ids"].tolist()
                result["attention_mask"] = result["attention_mask"].tolist()
        elif return_tensors == "np":
            if len({len(row) for row in ids}) > 1:
                raise ValueError("texts of different lengths need padding=True for return_tensors='np'")
            result = {key: np.asarray(value, dtype=np.int64) for key, value in result.items()}
        return result


def pad_rows(rows: Sequence[Sequence[int]], pad_id: int, side: str = "right") -> tuple[np.ndarray, np.ndarray]:
    """``(input_ids, attention_mask)`` int64 arrays of ``rows`` padded to the longest, as the tokenizer pads."""
    width = max((len(row) for row in rows), default=0)
    ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for n, row in enumerate(rows):
        place = slice(width - len(row), width) if side == "left" else slice(0, len(row))
        ids[n, place] = row
        mask[n, place] = 1
    return ids, mask


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
