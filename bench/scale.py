"""Scale benchmark: embedding throughput, then index build, size, memory, latency and recall per archive size.

    python bench/scale.py --sizes 1000 10000 100000 [--vectors-from data/archive.db] [--kinds auto hnsw-flat]
    python bench/scale.py --sizes 10000 --backend faiss qdrant --no-embed     # the same table for Qdrant

``--backend qdrant`` builds a Qdrant collection instead of a faiss index through the same ``QdrantStore.publish``
that ``crisisbot reindex`` uses: against ``QDRANT_URL`` (a server or cluster; disk and memory are the server's,
so those columns say n/a) or, without it, qdrant-client's local mode in the work folder (exact numpy search; its
"disk" is its SQLite file of pickled points). ``--backend qdrant-edge`` (``pip install qdrant-edge-py``) measures
Qdrant's real segment storage and HNSW graph in-process, with the collection's HNSW parameters
(``QDRANT_QUANTIZATION=int8``: with scalar quantisation). The vectors, queries and exact top-10 are the same for
every backend.

What is real and what is synthetic (also printed with the table):

- Embedding throughput: ``--embed-sample`` real corpus passages embedded afresh with the indexing code path
  (passage vector + late-chunked and separate sentence vectors), the model loaded beforehand.
- Real vectors: the passage vectors of a real archive. With ``--vectors-from`` that archive's vector cache
  (an ``archive.db`` made by ``crisisbot ingest``); otherwise the bench indexes about ``--real-passages``
  passages of ``../shared/corpus`` once into ``~/.cache/crisisbot/bench`` (the vector cache makes reruns fast).
- An index of N passages holds the real vectors (a random subset when N is smaller). Above their number R,
  the other N - R vectors are synthetic variations: ``normalise(a + w * b + s * g)`` with ``a``, ``b`` random
  real vectors, ``w`` uniform in [0, 0.5], ``g`` Gaussian of norm ~1 and ``s = --noise``. They never reach an
  answer: their ids are not in the archive, so ``Engine.ask`` skips them as it skips deleted passages.
- Questions: the 10 of bench/core.py, then XQuAD dev questions (German and English, in turn), embedded by
  the model. Their paragraphs are not in the archive: the answer path runs whole either way, answered or not.
- recall@10: the approximate index's top 10 against exact inner-product search over the same N vectors,
  for the same query vectors.

Each size runs in two fresh processes, so that peak RSS belongs to that size: one builds the index (all N
vectors in memory), saves it through ``IndexStore``, loads it back memory-mapped and measures search latency
and recall; one starts like the bot (index loaded, model loaded) and times 100 ``Engine.ask`` calls
(query embedding + search + retrieval + quote). ``--no-embed`` runs without the model (no throughput,
no answer path; query vectors are perturbed real vectors, and random vectors stand in when no real ones exist).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import faiss  # noqa: E402
import numpy as np  # noqa: E402

from bench.core import QUESTIONS as CORE_QUESTIONS  # noqa: E402
from index.store.vectors import AUTO, KINDS, IndexStore, VectorIndex, choose_kind  # noqa: E402

SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
EVAL = SHARED / "eval"
DEFAULT_CACHE = Path.home() / ".cache" / "crisisbot" / "bench"
SEARCH_K = 30
"""Candidates the retriever asks the index for (index/answer/retrieval.py DENSE_CANDIDATES)."""
RECALL_K = 10
SEED = 20161005


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """Peak RSS of this process in MB: ``VmHWM`` (``ru_maxrss`` would keep the parent's peak across exec)."""
    peak = rss_mb("VmHWM")
    return peak if peak == peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb(field: str = "VmRSS") -> float:
    """Current ``VmRSS`` / ``RssAnon`` (heap, not file-backed pages) in MB, from /proc (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


# -- inputs --------------------------------------------------------------------------------------------------


def questions(count: int) -> list[str]:
    found = list(CORE_QUESTIONS)
    pools = []
    for name in ("xquad-dev.de.json", "xquad-dev.en.json"):
        path = EVAL / name
        if path.exists():
            data = json.loads(path.read_text("utf-8"))
            pools.append([q["question"] for a in data["data"] for p in a["paragraphs"] for q in p["qas"]])
    for row in zip(*pools, strict=False) if pools else []:
        found.extend(row)
    while len(found) < count:
        found.extend(found[: count - len(found)])
    return found[:count]


def corpus_sample(target_passages: int) -> list[str]:
    """jsonl lines of ../shared/corpus, English and German in turn, until about ``target_passages`` passages."""
    from index.text.passages import split_passages

    files = [CORPUS / "fakes-syria.en.jsonl", CORPUS / "gnad-test.de.jsonl"]
    streams = [path.read_text("utf-8").splitlines() for path in files if path.exists()]
    if not streams:
        raise SystemExit(f"{CORPUS} is absent: give --vectors-from an archive.db, or run with --no-embed")
    lines, passages = [], 0
    for row in zip(*streams, strict=False):
        for line in row:
            if passages >= target_passages:
                return lines
            text = json.loads(line).get("text") or ""
            passages += len(split_passages(text))
            lines.append(line)
    return lines


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database, even while another process writes to it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()


def real_vectors(database: Path, model_key: str) -> tuple[np.ndarray, np.ndarray, bool]:
    """``(vectors, passage ids, linked)`` of a crisisbot archive; ``linked`` = the ids are passages in it."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT p.id, v.passage FROM passages p JOIN vectors v ON v.key = p.vector_key WHERE v.model = ? ORDER BY p.id",
        [model_key],
    ).fetchall()
    linked = bool(rows)
    if not rows:  # vectors cached, passages not yet linked (an indexing run still under way)
        rows = db.execute("SELECT rowid, passage FROM vectors WHERE model = ? ORDER BY key", [model_key]).fetchall()
    db.close()
    if not rows:
        raise SystemExit(f"{database} holds no vectors of {model_key}")
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    vectors = np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
    return vectors, ids, linked


def archive_vectors(n: int, real: np.ndarray, real_ids: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """``n`` vectors: the real ones (a random subset when ``n`` is smaller), then synthetic variations."""
    rng = np.random.default_rng(SEED)
    count, dim = real.shape
    if n <= count:
        pick = np.sort(rng.choice(count, size=n, replace=False))
        return np.ascontiguousarray(real[pick]), real_ids[pick]
    out = np.empty((n, dim), dtype=np.float32)
    out[:count] = real
    for begin in range(count, n, 50_000):
        size = min(50_000, n - begin)
        a = real[rng.integers(count, size=size)]
        b = real[rng.integers(count, size=size)]
        w = rng.uniform(0.0, 0.5, size=(size, 1)).astype(np.float32)
        g = rng.standard_normal((size, dim), dtype=np.float32) / np.float32(np.sqrt(dim))
        mixed = a + w * b + np.float32(noise) * g
        out[begin : begin + size] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
    ids = np.concatenate([real_ids, real_ids.max() + 1 + np.arange(n - count, dtype=np.int64)])
    return out, ids


# -- workers (each size in its own process) ------------------------------------------------------------------


def qdrant_store(work: Path):
    """The Qdrant store of a bench run: ``QDRANT_URL`` when set, else local mode in ``work/data/qdrant``."""
    from index.store.qdrant_backend import QdrantStore, connect

    url = os.environ.get("QDRANT_URL")
    folder = work / "data" / "qdrant"
    client = connect(url=url, api_key=os.environ.get("QDRANT_API_KEY") or None, path=folder)
    name = os.environ.get("QDRANT_COLLECTION", "crisisbot-bench")
    quantization = os.environ.get("QDRANT_QUANTIZATION", "none")
    return QdrantStore(client, name, where=url or str(folder), server=bool(url), quantization=quantization)


class EdgeIndex:
    """qdrant-edge-py: Qdrant's own storage and HNSW in-process (beta), the same engine a server runs per shard."""

    def __init__(self, folder: Path, config=None) -> None:
        import qdrant_edge

        self.edge = qdrant_edge
        self.folder = folder
        self.shard = qdrant_edge.EdgeShard.load(str(folder)) if config is None else None
        if config is not None:
            self.shard = qdrant_edge.EdgeShard.create(str(folder), config)

    @classmethod
    def build(cls, folder: Path, vectors: np.ndarray, ids: np.ndarray, quantization: str) -> EdgeIndex:
        import qdrant_edge as q

        from index.store.qdrant_backend import HNSW_EF_CONSTRUCT, HNSW_M, PASSAGE_VECTOR

        scalar = q.ScalarQuantizationConfig(q.ScalarType.Int8, quantile=0.99, always_ram=True)
        config = q.EdgeConfig(
            vectors={PASSAGE_VECTOR: q.EdgeVectorParams(size=vectors.shape[1], distance=q.Distance.Dot)},
            hnsw_config=q.HnswIndexConfig(m=HNSW_M, ef_construct=HNSW_EF_CONSTRUCT, full_scan_threshold=10_000),
            quantization_config=scalar if quantization == "int8" else None,
        )
        index = cls(folder, config)
        for begin in range(0, len(vectors), 1_000):
            points = [
                q.Point(int(ids[row]), {PASSAGE_VECTOR: vectors[row].tolist()})
                for row in range(begin, min(begin + 1_000, len(vectors)))
            ]
            index.shard.update(q.UpdateOperation.upsert_points(points))
        index.shard.optimize()  # builds the HNSW graph (and the quantised copy)
        index.shard.flush()
        return index

    def search(self, query: np.ndarray, *, k: int) -> list[tuple[int, float]]:
        from index.store.qdrant_backend import HNSW_EF_SEARCH, PASSAGE_VECTOR

        request = self.edge.QueryRequest(
            limit=k,
            query=self.edge.Query.Nearest(query.tolist(), using=PASSAGE_VECTOR),
            with_payload=False,
            params=self.edge.SearchParams(
                hnsw_ef=int(os.environ.get("QDRANT_HNSW_EF") or HNSW_EF_SEARCH),
                quantization=self.edge.QuantizationSearchParams(rescore=True),
            ),
        )
        return [(int(point.id), float(point.score)) for point in self.shard.query(request)]


def worker_build(work: Path, n: int, kind: str, noise: float, backend: str = "faiss") -> dict:
    real, real_ids = np.load(work / "real.npy"), np.load(work / "real_ids.npy")
    queries = np.load(work / "queries.npy")
    vectors, ids = archive_vectors(n, real, real_ids, noise)
    started = time.perf_counter()
    model_key = json.loads((work / "model.json").read_text())["model_key"]
    if backend == "qdrant-edge":
        quantization = os.environ.get("QDRANT_QUANTIZATION", "none")
        folder = work / "data" / f"edge-{n}-{quantization}"
        built = EdgeIndex.build(folder, vectors, ids, quantization)
        build_s = time.perf_counter() - started
        disk = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        kind = "edge-hnsw" + ("-int8" if quantization == "int8" else "")
        built.shard.close()
    elif backend == "qdrant":
        store = qdrant_store(work)
        built = store.publish(vectors, ids, model_key=model_key)
        build_s = time.perf_counter() - started
        local = work / "data" / "qdrant" / "collection" / built.collection
        disk = sum(p.stat().st_size for p in local.rglob("*") if p.is_file()) if not store.server else float("nan")
        kind = "qdrant-server" if store.server else "qdrant-local"
    else:
        built = VectorIndex.build(vectors, ids, model_key=model_key, kind=kind)
        build_s = time.perf_counter() - started
        store = IndexStore(work / "data" / "index")
        folder = store.save(built)
        disk = sum(p.stat().st_size for p in folder.iterdir())
    _, exact = faiss.knn(queries, vectors, RECALL_K, metric=faiss.METRIC_INNER_PRODUCT)
    exact_ids = ids[exact]
    del built, vectors
    heap_before = rss_mb("RssAnon")
    if backend == "qdrant-edge":
        started = time.perf_counter()
        loaded = EdgeIndex(folder)
    else:
        if backend == "qdrant" and not store.server:  # local mode reads its points when the client opens: time it
            from index.store.qdrant_backend import close_local

            close_local(work / "data" / "qdrant")
            heap_before = rss_mb("RssAnon")
            started = time.perf_counter()
            store = qdrant_store(work)
        else:
            started = time.perf_counter()
        loaded = store.load()
    load_ms = (time.perf_counter() - started) * 1000
    heap_after = rss_mb("RssAnon")
    assert loaded is not None
    latencies, hits = [], 0
    for row, query in enumerate(queries):
        started = time.perf_counter()
        found = loaded.search(query, k=SEARCH_K)
        latencies.append((time.perf_counter() - started) * 1000)
        hits += len({pid for pid, _ in found[:RECALL_K]} & set(exact_ids[row].tolist()))
    return {
        "n": n,
        "backend": backend,
        "kind": loaded.meta["kind"] if backend == "faiss" else kind,
        "params": getattr(loaded, "meta", {}).get("params", {}),
        "build_s": build_s,
        "disk_bytes": disk,
        "load_ms": load_ms,
        "load_heap_mb": heap_after - heap_before,
        "search_p50_ms": percentile(latencies, 50),
        "search_p95_ms": percentile(latencies, 95),
        "recall_at_10": hits / (RECALL_K * len(queries)),
        "build_peak_rss_mb": peak_rss_mb(),
    }


def worker_serve(work: Path, questions_count: int, backend: str = "faiss") -> dict:
    from index.engine import Engine
    from index.settings import Settings

    collection = os.environ.get("QDRANT_COLLECTION", "crisisbot-bench")
    settings = Settings(_env_file=None, data_dir=work / "data", vector_backend=backend, qdrant_collection=collection)
    engine = Engine(settings)
    engine.warm_up()  # loads the model (not timed) and runs two whole questions
    answers = [engine.ask(question) for question in questions(questions_count)]
    took = [answer.took_ms for answer in answers]
    return {
        "ask_p50_ms": percentile(took, 50),
        "ask_p95_ms": percentile(took, 95),
        "answered": sum(answer.answered for answer in answers) / len(answers),
        "serve_peak_rss_mb": peak_rss_mb(),
    }


def run_worker(args: list[str]) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"worker {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- the parent ----------------------------------------------------------------------------------------------


def prepare(args: argparse.Namespace, work: Path) -> dict:
    """Real vectors, query vectors and the embedding throughput into ``work``; returns what was real."""
    from index.settings import Settings

    settings = Settings(_env_file=None)
    model_key = f"{settings.embedding_model}@{settings.embedding_dim or 'full'}"
    info: dict = {"model_key": model_key, "embed_per_s": None, "embed_sample": 0, "answer_path": False}
    database = args.vectors_from
    if database is None and not args.no_embed:
        database = build_own_archive(args)
    elif database is None and (args.cache_dir / "data" / "archive.db").exists():
        database = args.cache_dir / "data" / "archive.db"
    if database is not None:
        real, real_ids, linked = real_vectors(database, model_key)
        info["real_from"] = str(database)
        copy_database(database, work / "data" / "archive.db")
        info["answer_path"] = linked and not args.no_embed
    else:
        rng = np.random.default_rng(SEED)
        real = rng.standard_normal((max(args.sizes), args.dim), dtype=np.float32)
        real /= np.linalg.norm(real, axis=1, keepdims=True)
        real_ids = np.arange(len(real), dtype=np.int64)
        info["real_from"] = None
    info["real"] = len(real) if database is not None else 0
    np.save(work / "real.npy", real)
    np.save(work / "real_ids.npy", real_ids)
    (work / "model.json").write_text(json.dumps({"model_key": model_key}))
    if args.no_embed:
        rng = np.random.default_rng(SEED + 1)
        base = real[rng.integers(len(real), size=args.questions)]
        noisy = base + 0.6 * rng.standard_normal(base.shape, dtype=np.float32) / np.float32(np.sqrt(real.shape[1]))
        queries = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
        info["queries"] = "perturbed real vectors" if database is not None else "perturbed random vectors"
    else:
        from index.model.embeddings import Embedder

        embedder = Embedder(settings)
        _ = embedder.model
        queries = embedder.encode_queries(questions(args.questions))
        info["queries"] = f"{args.questions} real questions, embedded"
        if args.embed_sample:
            info["embed_sample"], info["embed_per_s"] = measure_throughput(embedder, work, args.embed_sample)
    np.save(work / "queries.npy", np.ascontiguousarray(queries, dtype=np.float32))
    return info


def build_own_archive(args: argparse.Namespace) -> Path:
    """Index about ``--real-passages`` corpus passages into the bench cache (once; then from the vector cache)."""
    from index.engine import Engine
    from index.settings import Settings

    data = args.cache_dir / "data"
    sources = args.cache_dir / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    sample = sources / f"corpus-{args.real_passages}.jsonl"
    if not sample.exists():
        sample.write_text("\n".join(corpus_sample(args.real_passages)) + "\n", "utf-8")
    for stale in sources.glob("corpus-*.jsonl"):
        if stale != sample:
            stale.unlink()
    engine = Engine(Settings(_env_file=None, data_dir=data))
    log(f"real archive: {sample} into {data} (vectors cached there; a rerun embeds nothing)")
    report = engine.ingest([sources])
    log(f"  {report.summary()}")
    return data / "archive.db"


def measure_throughput(embedder, work: Path, sample: int) -> tuple[int, float]:
    """Embed ``sample`` passages of the real archive afresh, as indexing does; passages per second."""
    from index.model.embeddings import DocumentInput
    from index.store.archive import Archive

    archive = Archive(work / "data" / "archive.db")
    rows = list(archive.iter_passages_for_embedding())
    if not rows:
        return 0, float("nan")
    step = max(1, len(rows) // sample)
    picked = rows[::step][:sample]
    docs = [
        DocumentInput(text=p.text, title=title, spans=tuple((s.start - p.start, s.end - p.start) for s in p.sentences))
        for p, title in picked
    ]
    log(f"embedding {len(docs)} real passages for the throughput …")
    started = time.perf_counter()
    embedder.encode_documents(docs)
    return len(docs), len(docs) / (time.perf_counter() - started)


def fmt_time(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def table(rows: list[dict], info: dict) -> str:
    head = [
        "passages",
        "real",
        "backend",
        "kind",
        "embed all (est.)",
        "build",
        "disk MB",
        "B/passage",
        "load ms",
        "heap MB",
        "search p50/p95 ms",
        "ask p50/p95 ms",
        "recall@10",
        "peak RSS build/serve MB",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rate = info.get("embed_per_s")
    for r in rows:
        ask = f"{r['ask_p50_ms']:.0f} / {r['ask_p95_ms']:.0f}" if "ask_p50_ms" in r else "n/a"
        serve = f"{r['serve_peak_rss_mb']:.0f}" if "serve_peak_rss_mb" in r else "n/a"
        cells = [
            f"{r['n']:,}",
            f"{min(r['n'], info['real']):,}",
            r.get("backend", "faiss"),
            r["kind"],
            fmt_time(r["n"] / rate) if rate else "n/a",
            f"{r['build_s']:.1f} s",
            f"{r['disk_bytes'] / 2**20:.1f}" if r["disk_bytes"] == r["disk_bytes"] else "n/a",
            f"{r['disk_bytes'] / r['n']:,.0f}" if r["disk_bytes"] == r["disk_bytes"] else "n/a",
            f"{r['load_ms']:.1f}",
            f"{r['load_heap_mb']:.1f}",
            f"{r['search_p50_ms']:.2f} / {r['search_p95_ms']:.2f}",
            ask,
            f"{r['recall_at_10']:.3f}",
            f"{r['build_peak_rss_mb']:.0f} / {serve}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def describe(info: dict, args: argparse.Namespace) -> str:
    threads = os.environ.get("OMP_NUM_THREADS") or str(os.cpu_count())
    rate = info.get("embed_per_s")
    embed = (
        f"{rate:.2f} passages/s ({info['embed_sample']} real corpus passages embedded afresh: passage + sentence "
        f"vectors, as indexing does)"
        if rate
        else "not measured (--no-embed or --embed-sample 0)"
    )
    real = (
        f"{info['real']:,} real passage vectors from {info['real_from']}"
        if info["real"]
        else f"no real vectors: random unit vectors of dimension {args.dim}"
    )
    return "\n".join(
        [
            f"machine: {platform.machine()}, {os.cpu_count()} CPUs ({threads} threads), faiss {faiss.__version__}, "
            f"model {info['model_key']}",
            f"embedding throughput: {embed}",
            f"vectors: {real}; above that, synthetic variations normalise(a + w*b + {args.noise}*g) of real "
            f"vectors a, b (w in [0, 0.5], g Gaussian of norm ~1)",
            f"queries: {info['queries']}; recall@10 against exact inner-product search over the same vectors; "
            f"search = one query, k={SEARCH_K}",
            "ask: Engine.ask over the real archive (query embedding + search + retrieval + quote); synthetic hits "
            "are skipped like deleted passages"
            if info["answer_path"]
            else "ask: not run (no model, or the real archive's passages have no vector keys yet)",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--kinds", nargs="+", default=[AUTO], choices=[AUTO, *KINDS], help="index kinds per size")
    parser.add_argument(
        "--backend",
        nargs="+",
        default=["faiss"],
        choices=["faiss", "qdrant", "qdrant-edge"],
        help="vector backends to measure (qdrant-edge: pip install qdrant-edge-py; real HNSW in-process)",
    )
    parser.add_argument("--vectors-from", type=Path, help="an archive.db whose cached vectors are the real ones")
    parser.add_argument("--real-passages", type=int, default=128, help="corpus passages indexed without --vectors-from")
    parser.add_argument("--embed-sample", type=int, default=64, help="passages embedded afresh for the throughput")
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--noise", type=float, default=0.5, help="noise of the synthetic variations")
    parser.add_argument("--no-embed", action="store_true", help="no model: no throughput, no answer path")
    parser.add_argument("--dim", type=int, default=768, help="dimension of random vectors (no real vectors)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--work-dir", type=Path, help="keep the indexes here (default: a temporary folder)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        work = args.work_dir
        if args.worker[0] == "build":
            result = worker_build(work, int(args.worker[1]), args.worker[2], args.noise, args.worker[3])
        else:
            result = worker_serve(work, args.questions, args.worker[1])
        print(json.dumps(result))
        return 0

    with tempfile.TemporaryDirectory(prefix="crisisbot-scale-") as tmp:
        work = args.work_dir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        info = prepare(args, work)
        rows = []
        for n in args.sizes:
            kinds = [
                (backend, kind)
                for backend in args.backend
                for kind in dict.fromkeys(choose_kind(n, k) for k in args.kinds)
            ]
            for backend, kind in dict.fromkeys((b, b if b.startswith("qdrant") else k) for b, k in kinds):
                log(f"{n:,} passages, {backend} {kind}: building …")
                common = ["--work-dir", str(work), "--noise", str(args.noise), "--questions", str(args.questions)]
                row = run_worker(["--worker", "build", str(n), kind, backend, *common])
                if info["answer_path"] and backend != "qdrant-edge":
                    log(f"{n:,} passages, {backend} {kind}: answering {args.questions} questions …")
                    row |= run_worker(["--worker", "serve", backend, *common])
                log(f"  {json.dumps(row)}")
                rows.append(row)
        if args.json:
            print(json.dumps({"info": info, "rows": rows}, indent=2))
        else:
            print(describe(info, args))
            print()
            print(table(rows, info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
