"""A model folder with the same architecture as a sentence-transformers model and random weights.

    python bench/random_model.py SOURCE_FOLDER TARGET_FOLDER [--configs-only] [--seed 0]

For speed measurements only, where the real weights cannot be copied (the GPU machine lent to a session takes
64 MiB per call, EmbeddingGemma's weights are 1.2 GB). A transformer's forward pass costs the same whatever
its weights hold, so passages/s measured on such a folder is that of the real model; the vectors are
meaningless, and no answer quality can be measured with it.

``--configs-only`` copies only the configuration and tokenizer files (what travels); run without it where the
model is to be measured, on the copied configs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

CONFIG_FILES = (
    "config.json",
    "config_sentence_transformers.json",
    "modules.json",
    "sentence_bert_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
)


def copy_configs(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in CONFIG_FILES:
        if (source / name).is_file():
            shutil.copy2(source / name, target / name)
    for module in json.loads((source / "modules.json").read_text("utf-8")):
        folder = module.get("path") or ""
        if folder and (source / folder).is_dir():
            (target / folder).mkdir(exist_ok=True)
            if (source / folder / "config.json").is_file():
                shutil.copy2(source / folder / "config.json", target / folder / "config.json")


def write_random_weights(folder: Path, *, seed: int) -> None:
    import torch
    from safetensors.torch import save_file
    from transformers import AutoConfig, AutoModel

    torch.manual_seed(seed)
    config = AutoConfig.from_pretrained(folder)
    AutoModel.from_config(config).save_pretrained(folder)
    for module in json.loads((folder / "modules.json").read_text("utf-8")):
        if module["type"].endswith("Dense"):
            dense = json.loads((folder / module["path"] / "config.json").read_text("utf-8"))
            weight = torch.randn(dense["out_features"], dense["in_features"]) / dense["in_features"] ** 0.5
            save_file({"linear.weight": weight.contiguous()}, str(folder / module["path"] / "model.safetensors"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--configs-only", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.source.resolve() != args.target.resolve():
        copy_configs(args.source, args.target)
    if not args.configs_only:
        write_random_weights(args.target, seed=args.seed)
    print(f"wrote {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
