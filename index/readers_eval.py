"""Questions the way readers ask them (``crisisbot eval --readers FILE``): per language and kind, does the reply hold?

A readers file is JSON::

    {"archive": "archive.json",            # optional: what to index (else the configured archive is asked)
     "questions": [{"id": "r001", "lang": "de", "kind": "count", "text": "wie viele …?",
                    "article": "000_b8b2fd228b1e548c", "answers": ["275.000"]},
                   {"id": "r002", "lang": "tr", "kind": "unanswerable", "text": "…", "article": null}]}

``article`` names the article (or a list of articles that each answer it) by its origin key (a jsonl record's
``id``, a file's name); ``answers`` are short strings, verbatim in that article, of which a right quote holds one
(case-insensitively). ``article: null`` marks a question the archive cannot answer. An archive spec lists files
under a data root (``--shared``, default ``../shared``) and, for ``.jsonl`` files, the record ids to take: the
archive is built from them at run time, so a repository holds ids, never text.

Figures (:func:`summarise`), over the questions of a group:

- ``recall_at_1`` / ``recall_at_5``: the right article is the first / among the first five articles ranked;
- ``holds_answer``: the reply shows a quote (answer or "may not answer") that holds an answer string;
- ``refused_or_hedged``: of the unanswerable questions, the reply is "nothing found" or "may not answer";
- ``confidently_wrong``: the reply is a plain answer, and the archive cannot answer or the quote holds no answer
  string, over all the group's questions.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index.engine import Engine, ProgressFn
from index.ingest.records import ArticleRecord
from index.ingest.sources import parse_json_record, parse_text_file, read_decoded
from index.settings import Settings

READERS_ROOT = "eval:readers"
UNANSWERABLE = "unanswerable"
OUTCOMES = ("answer", "hedge", "nothing")


@dataclass(frozen=True, slots=True)
class ReaderQuestion:
    id: str
    lang: str
    kind: str
    text: str
    articles: tuple[str, ...]
    """The articles that answer it (several when outlets report the same fact); empty: unanswerable."""
    answers: tuple[str, ...] = ()

    @property
    def half(self) -> str:
        """``fitted`` or ``blind``, fixed by the id (CRC32 parity): constants are fitted on one, reported on the
        other."""
        return "fitted" if zlib.crc32(self.id.encode()) % 2 == 0 else "blind"


@dataclass(slots=True)
class ReadersSet:
    questions: list[ReaderQuestion]
    archive: Path | None


def load_readers(path: Path) -> ReadersSet:
    """The questions of a readers file (see the module docstring); raises ValueError naming what is wrong."""
    data = json.loads(path.read_text(encoding="utf-8"))
    questions = []
    for number, item in enumerate(data.get("questions", []), start=1):
        try:
            question = ReaderQuestion(
                id=str(item["id"]),
                lang=str(item.get("lang", "")),
                kind=str(item.get("kind", "")),
                text=str(item["text"]),
                articles=_articles(item.get("article")),
                answers=tuple(item.get("answers", ())),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"{path}: question {number} lacks {error}") from error
        if question.articles and not question.answers:
            raise ValueError(f"{path}: question {question.id} names an article but no answer strings")
        questions.append(question)
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: question ids repeat")
    archive = data.get("archive")
    return ReadersSet(questions, (path.parent / archive) if archive else None)


def _articles(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (str(value),)
    if not isinstance(value, list | tuple):
        raise ValueError(f"article: a string or a list of strings, not {value!r}")
    return tuple(str(v) for v in value)


def archive_records(spec: Path, shared: Path) -> list[ArticleRecord]:
    """The records an archive spec names, read from ``shared`` with the project's own parsers (titles, dates and
    languages derived as at ingest); each record's origin is its key (the jsonl ``id``, the file's stem)."""
    data = json.loads(spec.read_text(encoding="utf-8"))
    records: list[ArticleRecord] = []
    for source in data["sources"]:
        path = shared / source["path"]
        if path.suffix == ".jsonl":
            wanted = source.get("ids")
            by_id = {}
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    if wanted is None or row.get("id") in wanted:
                        by_id[row["id"]] = row
            missing = [key for key in wanted or () if key not in by_id]
            if missing:
                raise ValueError(f"{path}: {len(missing)} ids not found, e.g. {missing[0]}")
            records += [parse_json_record(by_id[key], origin=key) for key in (wanted or by_id)]
        else:
            records.append(parse_text_file(read_decoded(path, []), origin=path.stem))
    return records


def article_texts(spec: Path, shared: Path) -> dict[str, str]:
    """``origin key -> article text`` of an archive spec (for the checker)."""
    return {record.origin: record.text for record in archive_records(spec, shared)}


def check_answers(readers: ReadersSet, texts: dict[str, str]) -> list[str]:
    """What is wrong with a readers set against its articles' texts: unknown articles, answer strings that are not
    verbatim (case-insensitively) in their article. Empty when all is well."""
    problems = []
    for question in readers.questions:
        found = {article: texts[article].lower() for article in question.articles if article in texts}
        problems += [f"{question.id}: article {a} is not in the archive" for a in question.articles if a not in found]
        for answer in question.answers:
            if found and not any(answer.lower() in text for text in found.values()):
                problems.append(f"{question.id}: {answer!r} is in none of {sorted(found)}")
        for article, text in found.items():
            if not any(answer.lower() in text for answer in question.answers):
                problems.append(f"{question.id}: {article} holds none of the answer strings")
    return problems


def work_dir_for(spec: Path, settings: Settings) -> Path:
    digest = hashlib.sha256(spec.read_bytes())
    digest.update(f"{settings.embedding_model}@{settings.embedding_dim}/{settings.embedding_runtime}".encode())
    return settings.model_cache_dir.parent / "eval" / f"readers-{digest.hexdigest()[:16]}"


def build_engine(
    readers: ReadersSet,
    settings: Settings,
    *,
    shared: Path,
    work_dir: Path | None = None,
    progress: ProgressFn | None = None,
) -> tuple[Engine, dict[str, str]]:
    """The engine to ask and ``origin key -> article id``: an evaluation archive built from the spec (cached in
    ``work_dir``), or, without a spec, the configured archive (keys matched to the end of each origin)."""
    if readers.archive is None:
        engine = Engine(settings)
        keys = {}
        for origin, article in engine.archive.origins().items():
            keys[origin] = article
            keys[Path(origin.split("#")[-1]).stem] = article
            keys[origin.split("#")[-1]] = article
        return engine, keys
    work = work_dir or work_dir_for(readers.archive, settings)
    engine = Engine(settings.model_copy(update={"data_dir": work, "archive_sources": []}))
    engine.add_records(archive_records(readers.archive, shared), root=READERS_ROOT, progress=progress)
    return engine, engine.origins(READERS_ROOT)


def outcome_of(answer: object) -> str:
    """``answer`` / ``hedge`` / ``nothing`` of an :class:`~index.answer.answers.Answer`."""
    outcome = getattr(answer, "outcome", None)
    if outcome in OUTCOMES:
        return outcome
    return "answer" if getattr(answer, "answered", False) else "nothing"


def ask_all(
    engine: Engine,
    keys: dict[str, str],
    questions: Iterable[ReaderQuestion],
    *,
    progress: ProgressFn | None = None,
) -> list[dict]:
    """One record per question: the reply's outcome, quote, article rank and whether the quote holds an answer."""
    article_key = {article: key for key, article in keys.items()}
    chosen = list(questions)
    rows = []
    for count, question in enumerate(chosen, start=1):
        answer = engine.ask(question.text)
        pids = [pid for pid, _ in answer.ranking]
        passages = engine.passages(pids)
        ranked: list[str] = []
        for pid in pids:
            if pid in passages and passages[pid].article_id not in ranked:
                ranked.append(passages[pid].article_id)
        gold = {keys[a] for a in question.articles if a in keys}
        rank = next((position for position, article in enumerate(ranked, start=1) if article in gold), None)
        outcome = outcome_of(answer)
        quote = answer.best.quote if answer.best and outcome != "nothing" else ""
        holds = bool(quote) and any(a.lower() in quote.lower() for a in question.answers)
        best_article = answer.best.article.id if answer.best else None
        rows.append(
            {
                "id": question.id,
                "half": question.half,
                "lang": question.lang,
                "kind": question.kind,
                "answerable": bool(question.articles),
                "outcome": outcome,
                "rank": rank,
                "holds_answer": holds,
                "confidence": round(answer.confidence, 4),
                "quote_lang": answer.best.article.lang if answer.best else None,
                "quote_article": article_key.get(best_article, best_article) if best_article else None,
                "quote": quote,
                "quote_chars": len(quote),
            }
        )
        if progress:
            progress("ask", count, len(chosen))
    return rows


def summarise(rows: list[dict]) -> dict:
    """The figures of the module docstring over ``rows``."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]

    def share(items: list[dict], test) -> float | None:
        return round(sum(1 for r in items if test(r)) / len(items), 3) if items else None

    return {
        "questions": len(rows),
        "answerable": len(answerable),
        "recall_at_1": share(answerable, lambda r: r["rank"] == 1),
        "recall_at_5": share(answerable, lambda r: r["rank"] is not None and r["rank"] <= 5),
        "holds_answer": share(answerable, lambda r: r["holds_answer"]),
        "unanswerable": len(unanswerable),
        "refused_or_hedged": share(unanswerable, lambda r: r["outcome"] != "answer"),
        "confidently_wrong": share(
            rows, lambda r: r["outcome"] == "answer" and (not r["answerable"] or not r["holds_answer"])
        ),
        "hedged": share(rows, lambda r: r["outcome"] == "hedge"),
    }


def by_group(rows: list[dict], field: str) -> dict[str, dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row[field]].append(row)
    return {name: summarise(items) for name, items in sorted(groups.items())}


COLUMNS = (
    ("questions", "n"),
    ("recall_at_1", "r@1"),
    ("recall_at_5", "r@5"),
    ("holds_answer", "in quote"),
    ("refused_or_hedged", "unans. ok"),
    ("confidently_wrong", "conf. wrong"),
    ("hedged", "hedged"),
)


def format_tables(rows: list[dict]) -> str:
    """Markdown tables: per half, the whole half, then per language and per kind."""
    lines = []
    for half in ("fitted", "blind", "all"):
        chosen = [r for r in rows if half == "all" or r["half"] == half]
        if not chosen:
            continue
        lines += [f"\n{half} ({len(chosen)} questions)", "", "| group | " + " | ".join(c[1] for c in COLUMNS) + " |"]
        lines.append("|---" * (len(COLUMNS) + 1) + "|")
        groups = {"all": summarise(chosen)}
        groups |= {f"lang {k}": v for k, v in by_group(chosen, "lang").items()}
        groups |= {f"kind {k}": v for k, v in by_group(chosen, "kind").items()}
        for name, figures in groups.items():
            cells = ["–" if figures[key] is None else str(figures[key]) for key, _ in COLUMNS]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines).lstrip("\n")


def run_readers(
    path: Path,
    settings: Settings,
    *,
    shared: Path = Path("../shared"),
    work_dir: Path | None = None,
    half: str | None = None,
    progress: ProgressFn | None = None,
) -> list[dict]:
    """Check the set, build (or open) the archive, ask every question (or one half's); the per-question rows."""
    readers = load_readers(path)
    if readers.archive is not None:
        problems = check_answers(readers, article_texts(readers.archive, shared))
        if problems:
            raise ValueError("; ".join(problems[:5]) + (f" (+{len(problems) - 5})" if len(problems) > 5 else ""))
    engine, keys = build_engine(readers, settings, shared=shared, work_dir=work_dir, progress=progress)
    try:
        engine.warm_up()
        chosen = [q for q in readers.questions if half is None or q.half == half]
        return ask_all(engine, keys, chosen, progress=progress)
    finally:
        engine.close()
