"""Where the model's transformer runs: OpenVINO (the default for EmbeddingGemma) or PyTorch.

A *backbone* turns tokenised texts into contextual token embeddings and pooled vectors into the model's output
vectors (its ``Dense`` head). The embedder (index/model/embeddings.py) does the pooling and late chunking on top, the
same way for every backbone.

**Why OpenVINO.** Measured on the project's 2-core machine (an Intel CPU with AMX/AVX-512 BF16), one run,
the same 32 real passages, transformer pass alone, machine busy (docs/scale.md): PyTorch fp32 0.67 passages/s,
PyTorch with bf16 weights 1.19, OpenVINO 2.59 (it runs bf16 matrix work on such CPUs by itself), OpenVINO with
int8 weights 1.69; per question 1,063 / 773 / 143 / 108 ms under the same load. Whole indexing path on a quiet
machine (``bench/embed_speed.py``): 2.13 passages/s against PyTorch's 0.81. Full static int8 (NNCF, calibrated) was
faster still but its vectors drifted (cosine 0.967 to PyTorch's): refused. On a CPU without bf16 units OpenVINO
runs fp32, as fast as PyTorch, and nothing is lost.

**How it is made.** ``crisisbot model`` (or the first use) converts the verified safetensors on this machine
(no download): the Hugging Face model in PyTorch is traced with its bidirectional attention masks built here,
saved as OpenVINO IR with fp16-stored weights into a folder beside the model, named by the source hash and the
export options. Before first use the IR's output vectors are compared with PyTorch's on fixed German and
English texts (``CHECK_TEXTS``); the check is repeated when the OpenVINO version or the CPU's precision changes.
When export or check fails, the embedder falls back to PyTorch and says so once.
"""

from __future__ import annotations

# torch, transformers and openvino are imported inside the functions that use them: they cost seconds, and the
# CLI and the bot import this module before they know whether a model will run at all.
import json
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

EXPORT_FORMAT = 1
"""Bumped whenever the export itself changes: a new number makes a new folder."""
MIN_CHECK_COSINE = 0.99
"""The exported model is used only when every check text's vector has at least this cosine to PyTorch's. bf16
on AMX measured 0.99999; static int8, which this rejects, 0.967."""
CHECK_TEXTS = (
    "task: search result | query: Wie viele Zivilisten sind im Osten der Stadt eingeschlossen?",
    "task: search result | query: Who walked out of the ceasefire talks, and when?",
    "title: none | text: Die Außenminister trafen sich am Samstag in Lausanne, ohne dass eine Einigung über eine "
    "neue Waffenruhe erzielt wurde. Beide Seiten warfen sich gegenseitig vor, die Gespräche blockiert zu haben.",
    "title: none | text: Aid convoys have not reached the besieged districts for weeks, the agency said on Monday, "
    "and food and medical supplies are running out for an estimated quarter of a million people.",
    "title: Kurz gemeldet | text: 275.000 Menschen; 19. September 2016; UN-Sicherheitsrat; Genf.",
)
"""Fixed texts for the numerical check, written for this project: both prompt kinds, both languages, numbers."""
WINDOW_KEY = "sliding_window"
COMPILED_CACHE = "compiled"
"""OpenVINO's cache of the model compiled for this CPU (~0.6 GB), beside the export: later starts skip compiling."""

Progress = Callable[[str, int, int], None]


class Backbone(Protocol):
    """Token embeddings and the model's head, whatever runs them."""

    name: str
    """What runs the model, e.g. ``openvino`` or ``torch-fp32``: shown in stats and benchmarks."""
    tokenizer: Any
    max_length: int
    prompts: dict[str, str]

    def token_embeddings(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        """``(batch, tokens, hidden)`` float32 contextual token embeddings."""
        ...

    def head(self, pooled: np.ndarray) -> np.ndarray:
        """Pooled vectors ``(n, hidden)`` through the model's layers after pooling (not normalised)."""
        ...


def _precision_name(hint: Any) -> str:
    """``bf16`` or ``f32``: the precision OpenVINO runs matrix work in on this CPU."""
    to_string = getattr(hint, "to_string", None)
    return str(to_string() if callable(to_string) else hint)


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _prompts(model_path: Path) -> dict[str, str]:
    return dict(_read_json(model_path / "config_sentence_transformers.json").get("prompts") or {})


def _head_matrix(model_path: Path) -> np.ndarray:
    """The two bias-free, identity-activated ``Dense`` layers of EmbeddingGemma folded into one matrix."""
    from safetensors.numpy import load_file

    matrix: np.ndarray | None = None
    for folder in sorted(model_path.glob("[0-9]_Dense")):
        config = _read_json(folder / "config.json")
        if config.get("bias") or not str(config.get("activation_function", "")).endswith("Identity"):
            raise RuntimeError(f"{folder} is not a plain linear layer: cannot fold it")
        weight = load_file(folder / "model.safetensors")["linear.weight"].astype(np.float64)
        matrix = weight if matrix is None else weight @ matrix
    if matrix is None:
        raise RuntimeError(f"{model_path} has no Dense layers")
    return np.ascontiguousarray(matrix.T, dtype=np.float32)


class TorchBackbone:
    """The sentence-transformers model in PyTorch (any model; the fallback for EmbeddingGemma)."""

    def __init__(self, model: Any, *, device: str) -> None:
        self.model = model
        self.device = device
        self.dtype = next(model.parameters()).dtype
        self.name = f"torch-{device}" + ("-bf16" if str(self.dtype) == "torch.bfloat16" else "")
        self.tokenizer = model.tokenizer
        self.max_length = int(model.max_seq_length)
        self.prompts = dict(model.prompts or {})

    def token_embeddings(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        import torch

        features = {
            "input_ids": torch.from_numpy(input_ids).to(self.device),
            "attention_mask": torch.from_numpy(attention_mask).to(self.device),
        }
        with torch.inference_mode():
            tokens = self.model[0](features)["token_embeddings"]
        return tokens.float().cpu().numpy()

    def head(self, pooled: np.ndarray) -> np.ndarray:
        import torch

        pooled_tensor = torch.from_numpy(np.ascontiguousarray(pooled)).to(self.device, dtype=self.dtype)
        features = {"sentence_embedding": pooled_tensor}
        with torch.inference_mode():
            for module in list(self.model)[2:]:
                if type(module).__name__ == "Normalize":
                    continue  # the embedder normalises (after an optional Matryoshka cut)
                features = module(features)
        return features["sentence_embedding"].float().cpu().numpy()


def check_vectors(backbone: Backbone, texts: tuple[str, ...] = CHECK_TEXTS) -> np.ndarray:
    """Normalised, mean-pooled vectors of ``texts`` (prompts already in them) through ``backbone``."""
    encoded = backbone.tokenizer(list(texts), padding=True, return_tensors="np")
    tokens = backbone.token_embeddings(encoded["input_ids"], encoded["attention_mask"])
    return _unit(backbone.head(mean_pool(tokens, encoded["attention_mask"])))


def to_bf16_checked(backbone: TorchBackbone, *, min_cosine: float = MIN_CHECK_COSINE) -> tuple[TorchBackbone, float]:
    """A copy of ``backbone`` with bfloat16 weights and the lowest cosine of its ``CHECK_TEXTS`` vectors to the
    float32 ones; the float32 ``backbone`` itself (and that cosine) when the copy drifts below ``min_cosine``.

    bfloat16 halves the weights' memory and runs on a GPU's tensor cores: on an H100, 1.3x the passages/s of
    float32 at 64 passages per batch (random-weight model, ``bench/embed_speed.py``); on a CPU, PyTorch with
    bf16 weights measured 0.99997 against float32 with the real weights (docs/scale.md)."""
    import copy

    import torch

    reference = check_vectors(backbone)
    candidate = TorchBackbone(copy.deepcopy(backbone.model).to(torch.bfloat16), device=backbone.device)
    cosine = float(np.sum(check_vectors(candidate) * reference, axis=1).min())
    return (candidate, cosine) if cosine >= min_cosine else (backbone, cosine)


class _Background:
    """``work()`` run in a thread; :meth:`result` waits for it and returns its value (or raises its error)."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            self._value = work()
        except BaseException as error:  # handed to the caller of result()
            self._error = error

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


class OpenVinoBackbone:
    """EmbeddingGemma's transformer as OpenVINO IR, its head as one matrix in numpy."""

    name = "openvino"

    def __init__(self, folder: Path, model_path: Path, *, threads: int | None = None) -> None:
        import openvino as ov

        from index.model.fast_tokenizer import JsonTokenizer

        config: dict[str, Any] = {}
        if threads:
            config["INFERENCE_NUM_THREADS"] = threads
        self.max_length = int(_read_json(model_path / "sentence_bert_config.json").get("max_seq_length", 2048))
        core = ov.Core()
        core.set_property({"CACHE_DIR": str(folder / COMPILED_CACHE)})  # start-up: compile 5.1 s -> 1.4 s, measured
        # The tokenizer (``tokenizers`` alone: no torch, no transformers) loads while OpenVINO compiles, which
        # releases the GIL: the two steps of a cold start overlap (docs/scale.md, "Cold start").
        compiling = _Background(lambda: core.compile_model(str(folder / "model.xml"), "CPU", config))
        self.tokenizer = JsonTokenizer(model_path, max_length=self.max_length)
        self._compiled = compiling.result()
        self.precision = _precision_name(self._compiled.get_property("INFERENCE_PRECISION_HINT"))
        self.name = f"openvino-{self.precision}"
        self._head = np.load(folder / "head.npy")
        self.prompts = _prompts(model_path)
        self._local = threading.local()

    def token_embeddings(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        request = getattr(self._local, "request", None)
        if request is None:  # one infer request per thread: the bot answers from several
            request = self._local.request = self._compiled.create_infer_request()
        result = request.infer(
            {"input_ids": input_ids.astype(np.int64), "attention_mask": attention_mask.astype(np.int64)}
        )
        return np.array(result[0], dtype=np.float32, copy=True)

    def head(self, pooled: np.ndarray) -> np.ndarray:
        return np.asarray(pooled, dtype=np.float32) @ self._head


# --- export and check ------------------------------------------------------------------------------------------


def export_key(source_sha256: str) -> str:
    """Names an export: the verified weights it was made from and how (format, fp16-stored weights)."""
    return f"{source_sha256[:12]}-f{EXPORT_FORMAT}-wfp16"


def openvino_folder(model_path: Path, source_sha256: str) -> Path:
    return model_path.parent / f"{model_path.name}-openvino-{export_key(source_sha256)}"


def _gemma_wrapper(model_path: Path):
    """The Hugging Face model with its attention masks built here, so that tracing sees plain tensor code.

    EmbeddingGemma attends both ways: every layer sees every real token, and its sliding-window layers only
    those closer than ``sliding_window``. transformers builds these masks with Python callbacks that tracing
    cannot follow; passing them ready-made as a dict is its documented way round mask creation.
    """
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager", dtype=torch.float32).eval()
    window = int(getattr(model.config, WINDOW_KEY, 0) or 0)

    class Wrapper(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            length = input_ids.shape[1]
            keep = attention_mask[:, None, None, :].to(torch.bool)
            lowest = torch.finfo(torch.float32).min
            full = torch.zeros(keep.shape, dtype=torch.float32).masked_fill(~keep, lowest).expand(-1, 1, length, length)
            masks = {"full_attention": full, "sliding_attention": full}
            if window:
                position = torch.arange(length)
                near = (position[:, None] - position[None, :]).abs() < window
                masks["sliding_attention"] = full.masked_fill(~near[None, None], lowest)
            return self.inner(input_ids=input_ids, attention_mask=masks, use_cache=False).last_hidden_state

    return Wrapper().eval()


def _reference_vectors(wrapper, tokenizer, head: np.ndarray, texts: tuple[str, ...]) -> np.ndarray:
    import torch

    encoded = tokenizer(list(texts), padding=True, return_tensors="np")
    with torch.inference_mode():
        tokens = wrapper(torch.from_numpy(encoded["input_ids"]), torch.from_numpy(encoded["attention_mask"])).numpy()
    return _pooled_head(tokens, encoded["attention_mask"], head)


def mean_pool(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``(batch, hidden)`` means of each text's real tokens (``mask`` 1) in ``(batch, tokens, hidden)``."""
    weights = mask[..., None].astype(np.float32)
    return (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _pooled_head(tokens: np.ndarray, mask: np.ndarray, head: np.ndarray) -> np.ndarray:
    return _unit(mean_pool(tokens, mask) @ head)


def export_openvino(model_path: Path, target: Path, *, progress: Progress | None = None) -> Path:
    """Convert the verified model at ``model_path`` into OpenVINO IR at ``target`` and check it; return ``target``.

    Written into a scratch folder and renamed into place only after the check passed, so a half-made export
    is never used. Raises ``RuntimeError`` when conversion or check fails.
    """
    import openvino as ov
    import torch
    from transformers import AutoTokenizer

    report = progress or (lambda step, done, total: None)
    steps = 4
    report("export", 0, steps)
    wrapper = _gemma_wrapper(model_path)
    tokenizer = AutoTokenizer.from_pretrained(str(model_path))
    head = _head_matrix(model_path)
    report("export", 1, steps)
    example = tokenizer(list(CHECK_TEXTS[:2]), padding=True, return_tensors="pt")
    dynamic = [
        ("input_ids", ov.PartialShape([-1, -1]), ov.Type.i64),
        ("attention_mask", ov.PartialShape([-1, -1]), ov.Type.i64),
    ]
    with torch.no_grad():
        converted = ov.convert_model(
            wrapper,
            example_input={"input_ids": example["input_ids"], "attention_mask": example["attention_mask"]},
            input=dynamic,
        )
    report("export", 2, steps)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=".openvino-"))
    try:
        ov.save_model(converted, str(scratch / "model.xml"), compress_to_fp16=True)
        np.save(scratch / "head.npy", head)
        del converted
        report("export", 3, steps)
        reference = _reference_vectors(wrapper, tokenizer, head, CHECK_TEXTS)
        del wrapper
        _check(scratch, model_path, reference)
        if target.exists():
            shutil.rmtree(target)
        scratch.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report("export", 4, steps)
    return target


def _check(folder: Path, model_path: Path, reference: np.ndarray) -> dict[str, Any]:
    """Compare the IR's vectors with PyTorch's; raise unless every cosine reaches ``MIN_CHECK_COSINE``, else record
    the result in the folder's ``check.json`` and return it."""
    import openvino as ov

    backbone = OpenVinoBackbone(folder, model_path)
    cosines = np.sum(check_vectors(backbone) * reference, axis=1)
    record = {
        "min_cosine": round(float(cosines.min()), 6),
        "precision": backbone.precision,
        "openvino": ov.__version__,
        "texts": len(CHECK_TEXTS),
    }
    if not cosines.min() >= MIN_CHECK_COSINE:
        raise RuntimeError(
            f"the OpenVINO model's vectors differ from PyTorch's (cosine {cosines.min():.4f} < {MIN_CHECK_COSINE})"
        )
    (folder / "check.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    return record


def check_is_current(folder: Path) -> bool:
    """True when the folder's check was made with this OpenVINO version and the precision this CPU runs."""
    import openvino as ov

    record = _read_json(folder / "check.json")
    if not record or record.get("openvino") != ov.__version__:
        return False
    precision = _precision_name(ov.Core().get_property("CPU", "INFERENCE_PRECISION_HINT"))
    return record.get("precision") == precision and record.get("min_cosine", 0) >= MIN_CHECK_COSINE


def recheck(folder: Path, model_path: Path) -> None:
    """Run the numerical check again (new OpenVINO version or CPU) and record it; raise when it fails."""
    from transformers import AutoTokenizer

    wrapper = _gemma_wrapper(model_path)
    tokenizer = AutoTokenizer.from_pretrained(str(model_path))
    reference = _reference_vectors(wrapper, tokenizer, np.load(folder / "head.npy"), CHECK_TEXTS)
    del wrapper
    _check(folder, model_path, reference)


def openvino_available() -> bool:
    try:
        import openvino  # noqa: F401
    except ImportError:
        return False
    return True
