"""``crisisbot``: the command line. It parses arguments, calls the engine (or the evaluation) and prints.

Just over ~350 lines on purpose: one short function per command (parse, call, print) and the parser that
names them all; splitting them would scatter the one place a reader looks up a command.

crisisbot model                 fetch and verify the embedding model
crisisbot ingest PATH...        add articles to the archive and the index
crisisbot reindex [--rebuild]   scan every source again (ARCHIVE_SOURCES and added ones)
crisisbot add URL|PATH          add a feed, page, folder or file for good, and index it now
crisisbot sources               list the sources and how many articles each holds
crisisbot remove-source LOC     forget an added source and drop its articles
crisisbot ask "question" [--json] [--after "earlier question"]
crisisbot timeline "topic" [--json]  the reports on a topic in date order
crisisbot chat                  ask questions in a terminal loop (follow-ups, :new, :timeline, :help, :quit)
crisisbot stats
crisisbot unanswered [--days N] questions that got "nothing found", similar ones grouped
crisisbot migrate --to qdrant   copy the index to Qdrant (or back to faiss) without embedding anything
crisisbot eval FILE.json ...    measure answer quality (see docs/evaluation.md)
crisisbot eval --readers Q.json reader questions: per language and kind, right quote or an honest "not sure"
crisisbot run                   start the Telegram bot
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from tqdm import tqdm

from index.answer.answers import FollowUp
from index.model.model_fetch import DEFAULT_MODEL_NAME, fetch_model, verify_model_folder
from index.progress import Stopped
from index.render_text import render_plain, render_timeline_plain
from index.settings import Settings
from index.text.language import detect_language
from index.text.locations import is_url, location_key, shown_location

if TYPE_CHECKING:  # the engine is imported when a command needs it (below): `--help` and `model` start faster
    from index.engine import Engine, IndexReport

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_STOPPED = 3
"""A reindex stopped by SIGTERM/SIGINT at a safe point: what was whole is committed; run it again to go on."""
UNANSWERED_DAYS = 7.0
"""``crisisbot unanswered`` without ``--days`` looks at the last week (like the bot's /unanswered)."""


class ProgressBars:
    """A tqdm bar per stage, one stage at a time, fed by ``progress(stage, done, total)`` callbacks."""

    LABELS: ClassVar[dict[str, str]] = {
        "fetch": "fetching",
        "scan": "reading",
        "embed": "embedding",
        "index": "indexing",
        "refine": "refining quotes",
        "download": "downloading",
        "join": "joining",
        "verify": "verifying",
        "export": "exporting to OpenVINO",
    }
    UNITS: ClassVar[dict[str, str]] = {
        "scan": "article",
        "embed": "passage",
        "refine": "passage",
        "download": "wheel",
        "join": "chunk",
        "export": "step",
    }

    def __init__(self) -> None:
        self.stage: str | None = None
        self.bar: tqdm | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "embed" and total == 0:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(
                total=total or None,
                desc=self.LABELS.get(stage, stage),
                unit=self.UNITS.get(stage, "it"),
                file=sys.stderr,
                dynamic_ncols=True,
            )
        assert self.bar is not None
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None and self.stage is not None:
            self.bar.close()
        self.bar, self.stage = None, None


def _quiet_libraries() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    warnings.filterwarnings("ignore")
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    logging.getLogger("transformers").setLevel(logging.ERROR)


def _engine(settings: Settings, bars: ProgressBars | None = None) -> Engine:
    # Lazy: the engine pulls in faiss, numpy and the stages (~0.5 s) that `model` and `--help` never need.
    from index.engine import Engine

    return Engine(settings, fetch_progress=bars)


def cmd_model(args: argparse.Namespace, settings: Settings) -> int:
    if settings.embedding_model != DEFAULT_MODEL_NAME:
        print(f"EMBEDDING_MODEL is {settings.embedding_model!r}: nothing to fetch (sentence-transformers loads it).")
        return EXIT_OK
    started = time.perf_counter()
    bars = ProgressBars()
    try:
        folder = fetch_model(settings.model_cache_dir, progress=bars)
        verify_model_folder(folder) if args.verify else None
    finally:
        bars.close()
    print(f"model ready in {folder} (sha256 verified), {time.perf_counter() - started:.1f} s")
    # Lazy, like the engine (see _engine); `crisisbot model` prepares the runtime before any engine exists.
    from index.model.embeddings import Embedder

    started = time.perf_counter()
    bars = ProgressBars()
    try:
        embedder = Embedder(settings, fetch_progress=bars)
        runtime = embedder.runtime  # exports and checks the OpenVINO model when that is the runtime
    finally:
        bars.close()
    if runtime.startswith("openvino"):
        print(f"runtime {runtime}: OpenVINO model checked against PyTorch, {time.perf_counter() - started:.1f} s")
    else:
        print(f"runtime {runtime} (EMBEDDING_RUNTIME={settings.embedding_runtime}, device {embedder.resolve_device()})")
    return EXIT_OK


def _print_report(report: IndexReport) -> None:
    for error in report.errors:
        print(f"skipped: {error}", file=sys.stderr)
    print(report.summary())


def run_index_job(
    settings: Settings,
    job: Callable[[Engine, ProgressBars], IndexReport],
    *,
    engine_factory: Callable[[Settings, ProgressBars], Engine] = _engine,
) -> int:
    """Run ``job`` on a fresh engine; SIGTERM/SIGINT stop it at its next safe point (``EXIT_STOPPED``).

    ``engine_factory`` makes the engine (tests pass one with a fake embedder, to stop a real process)."""
    bars = ProgressBars()
    engine = None
    previous = {}
    try:
        engine = engine_factory(settings, bars)
        stop = engine.request_stop
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda _sig, _frame: stop())
        report = job(engine, bars)
    except Stopped as stopped:
        bars.close()
        print(f"{stopped}: run the same command again to go on (nothing done is lost)", file=sys.stderr)
        return EXIT_STOPPED
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        bars.close()
        if engine is not None:
            engine.close()
    _print_report(report)
    return EXIT_OK


_run_index_job = run_index_job


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    missing = [path for path in args.paths if not is_url(path) and not Path(path).exists()]
    if missing:
        print(f"no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    return _run_index_job(settings, lambda engine, bars: engine.ingest(args.paths, progress=bars))


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    if not _engine(settings).sources:
        print(
            "No sources: set ARCHIVE_SOURCES (in the environment or .env) or add one with `crisisbot add`.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return _run_index_job(settings, lambda engine, bars: engine.reindex(progress=bars, rebuild=args.rebuild))


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    try:
        return _run_index_job(settings, lambda engine, bars: engine.add_source(args.location, progress=bars))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    uploads = engine.upload_names()  # files sent to the bot: listed by the name they were sent with
    for source in engine.source_overview():
        sent = f"  (sent as {uploads[source.location]})" if source.location in uploads else ""
        print(f"{source.origins:>7}  {source.kind:<15}  {shown_location(source.location)}{sent}")
    return EXIT_OK


def cmd_remove_source(args: argparse.Namespace, settings: Settings) -> int:
    if location_key(args.location) in {location_key(location) for location in settings.archive_sources}:
        print(f"{args.location} is in ARCHIVE_SOURCES: remove it there, then run `crisisbot reindex`.", file=sys.stderr)
        return EXIT_USAGE
    return _run_index_job(settings, lambda engine, bars: engine.remove_source(args.location))


def _warm_dates() -> None:
    """dateparser's first search (import, language data, ~130 regexes: 1.2 s of a cold ask, docs/scale.md)."""
    from index.text.dates import find_period

    find_period("Was geschah gestern?", today=date.today())


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    # A cold start: dateparser warms up in a thread while the model loads and runs its first pass (OpenVINO's
    # compile and inference release the GIL), so the question's date reading finds it ready.
    dates = threading.Thread(target=_warm_dates, daemon=True)
    dates.start()
    engine = _engine(settings)
    engine.embedder.encode_queries([args.question])
    dates.join()
    try:
        after = None
        if args.after is not None:  # the earlier question is answered first: its article is the one preferred
            earlier = engine.ask(args.after)
            after = FollowUp(earlier.question, earlier.best.article.id if earlier.answered and earlier.best else None)
        answer = engine.ask(args.question, after=after)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_plain(answer))
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    try:
        timeline = engine.timeline(args.topic)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(timeline.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_timeline_plain(timeline, detect_language(args.topic)))
    return EXIT_OK


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    # Lazy, like the engine (see _engine): the loop and its texts (bot/i18n.py) load only for `chat`.
    from index.cli_chat import run_chat

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    run_chat(_engine(settings), history_path=cache / "crisisbot" / "chat_history")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    stats = asdict(engine.stats())
    from bot import commands as store_commands  # the conversation store (lazy, like the engine)

    stats["usage"] = store_commands.usage_stats(settings)
    from bot import newsroom_cli

    stats["newsroom"] = newsroom_cli.newsroom_stats(settings)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"articles   {stats['articles']}  ({', '.join(f'{k}: {v}' for k, v in stats['languages'].items())})")
    refining = f", {stats['refining_passages']} waiting for sentence refinement" if stats["refining_passages"] else ""
    print(f"passages   {stats['passages']}  (indexed: {stats['indexed_passages']}{refining}, model {stats['model']})")
    print(f"dates      {stats['date_min']} … {stats['date_max']}")
    print(f"outlets    {', '.join(stats['outlets']) or '-'}")
    usage = stats["usage"]
    print(
        f"questions  {usage['questions']}  (👍 {usage['feedback_up']}, 👎 {usage['feedback_down']}, "
        f"median {usage['median_answer_ms'] or 0:.0f} ms)"
    )
    desk = stats["newsroom"]
    share = "-" if desk["share_answered"] is None else f"{100 * desk['share_answered']:.0f} %"
    median = "-" if desk["median_answer_s"] is None else f"{desk['median_answer_s'] / 60:.1f} min"
    print(
        f"newsroom   {desk['queue_open']} open, {share} answered, median time to an answer {median}, "
        f"{desk['readers_reached']} readers reached, {desk['retraction_notices_sent']} retraction notices sent"
    )
    return EXIT_OK


def cmd_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    if args.days <= 0:
        print("error: --days must be above 0", file=sys.stderr)
        return EXIT_USAGE
    from bot import commands as store_commands
    from bot import newsroom_cli

    engine = _engine(settings)
    groups = engine.group_unanswered(store_commands.unanswered(settings, args.days))
    disliked = newsroom_cli.disliked(settings, engine, args.days)
    if args.json:
        shown = {"unanswered": [asdict(group) for group in groups], "disliked": disliked}
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not groups:
        print(f"No question went unanswered in the last {args.days:g} days.")
    else:
        total = sum(group.count for group in groups)
        print(f"{total} questions without an answer in the last {args.days:g} days, in {len(groups)} groups:")
        for group in groups:
            print(f"{group.count:>5}  {group.example}")
    if disliked:
        print(f"Answered but voted 👎 in the last {args.days:g} days, in {len(disliked)} groups:")
        for item in disliked:
            print(f"{item['count']:>5}  {item['example']}  «{item['quote']}»  (👍 {item['up']} / 👎 {item['down']})")
    return EXIT_OK


def cmd_queue(args: argparse.Namespace, settings: Settings) -> int:
    from bot import newsroom_cli

    return newsroom_cli.queue(settings, as_json=args.json)


def cmd_answer(args: argparse.Namespace, settings: Settings) -> int:
    from bot import newsroom_cli

    how = {"text_answer": args.text, "url": args.url, "quote": args.quote, "dismiss": args.dismiss}
    return newsroom_cli.answer(settings, _engine(settings), args.item, **how)


def cmd_retract(args: argparse.Namespace, settings: Settings) -> int:
    from bot import newsroom_cli

    return newsroom_cli.retract(settings, _engine(settings), args.reference, args.reason)


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    bars = ProgressBars()
    try:
        copied, source, target = _engine(settings).migrate_index(args.to, progress=bars)
    except ValueError as error:
        bars.close()
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    bars.close()
    print(f"copied {copied} passages from {source} to {target}; nothing embedded")
    print(f"answer from it with VECTOR_BACKEND={args.to}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot import commands as store_commands
    from index.engine import BackupError  # lazy, as in _engine

    if args.target is None and args.conversations is None:
        print("error: name a TARGET folder (the corpus) and/or --conversations FILE (readers' data)", file=sys.stderr)
        return EXIT_USAGE
    if args.conversations is not None:
        status = store_commands.backup(settings, args.conversations)
        if status or args.target is None:
            return status
    try:
        report = _engine(settings).backup(args.target)
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    index = f"an index of {report.vectors:,} vectors" if report.vectors else "no faiss index (none yet, or Qdrant)"
    print(
        f"backed up {report.articles:,} articles, {report.passages:,} passages and {index} to {report.target} "
        f"({report.bytes / 1e6:.1f} MB, checked, {report.took_s:.1f} s)"
    )
    print(f"restore or serve it with DATA_DIR={report.target}")
    if args.conversations is None:
        print("readers' data is not in it: back it up apart with `crisisbot backup --conversations FILE` (or pg_dump)")
    return EXIT_OK


def cmd_forget(args: argparse.Namespace, settings: Settings) -> int:
    from bot import commands as store_commands

    return store_commands.forget(settings, args.user)


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    """Check the archive, the index and their files; every problem with what to do. Exit 1 when one is found."""
    from index.doctor import diagnose  # lazy, like the engine
    from index.model.embeddings import Embedder

    checks = diagnose(settings, model_key=Embedder(settings).model_key)
    for check in checks:
        print(check)
    problems = [check for check in checks if not check.ok]
    print(f"{len(problems)} problems found" if problems else "everything is in order")
    return EXIT_ERROR if problems else EXIT_OK


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    if args.readers:
        return _eval_readers(args, settings)
    if args.file is None:
        print("crisisbot eval: give a SQuAD-format FILE or --readers FILE", file=sys.stderr)
        return EXIT_USAGE
    # Lazy: the evaluation imports the engine (see _engine).
    from index.evaluation import EvalSetup, format_table, run_evaluation

    setup = EvalSetup(
        file=args.file,
        distractors=tuple(args.distractors),
        distractor_limit=args.distractor_limit,
        work_dir=args.work_dir,
    )
    bars = ProgressBars()
    try:
        run = run_evaluation(
            setup, settings, questions=args.questions, unanswerable=args.unanswerable, limit=args.limit, progress=bars
        )
    finally:
        bars.close()
    for warning in run.warnings:
        print(warning, file=sys.stderr)
    if args.details:
        args.details.write_text("\n".join(json.dumps(d) for d in run.details) + "\n", encoding="utf-8")
    print(json.dumps(run.metrics, ensure_ascii=False) if args.json else format_table(run.metrics))
    return EXIT_OK


def _eval_readers(args: argparse.Namespace, settings: Settings) -> int:
    """``crisisbot eval --readers FILE``: reader questions, per half, language and kind (index/readers_eval.py)."""
    from index.readers_eval import by_group, format_tables, run_readers, summarise

    bars = ProgressBars()
    try:
        rows = run_readers(args.readers, settings, shared=args.shared, work_dir=args.work_dir, progress=bars)
    except (OSError, ValueError) as error:
        print(f"crisisbot eval --readers: {error}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        bars.close()
    if args.details:
        args.details.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    if args.json:
        halves = {h: [r for r in rows if r["half"] == h] for h in ("fitted", "blind")}
        figures = {
            h: {"all": summarise(chosen), "lang": by_group(chosen, "lang"), "kind": by_group(chosen, "kind")}
            for h, chosen in halves.items()
        }
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(format_tables(rows))
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    # Lazy: python-telegram-bot is imported only to run the bot. The one import of bot from index: both are
    # entry points (the `crisisbot` script starts either); the import-linter contract names this exception.
    from bot.app import main as bot_main

    return bot_main(settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crisisbot", description="Cited answers from a news archive.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True)

    model = commands.add_parser("model", help="fetch and verify the embedding model")
    model.add_argument("--verify", action="store_true", help="check the sha256 hashes again")
    model.set_defaults(handler=cmd_model)

    ingest = commands.add_parser(
        "ingest", help="add articles once (folders; .txt/.md/.jsonl/.html/.csv files; URLs) and index them"
    )
    ingest.add_argument("paths", nargs="+")
    ingest.set_defaults(handler=cmd_ingest)

    reindex = commands.add_parser("reindex", help="scan ARCHIVE_SOURCES again and update the index")
    reindex.add_argument("--rebuild", action="store_true", help="embed everything again (after a model change)")
    reindex.set_defaults(handler=cmd_reindex)

    add = commands.add_parser("add", help="add a feed or page URL, folder or file for good, and index it now")
    add.add_argument("location")
    add.set_defaults(handler=cmd_add)

    sources = commands.add_parser("sources", help="list the sources with their article counts")
    sources.set_defaults(handler=cmd_sources)

    remove = commands.add_parser(
        "remove-source", help="forget an added source (or a file sent to the bot, by its name) and drop its articles"
    )
    remove.add_argument("location")
    remove.set_defaults(handler=cmd_remove_source)

    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--after", metavar="EARLIER", help="ask as a follow-up of this earlier question")
    ask.set_defaults(handler=cmd_ask)

    timeline = commands.add_parser("timeline", help="the reports on a topic in date order, one quote each")
    timeline.add_argument("topic")
    timeline.add_argument("--json", action="store_true", help="print one JSON object")
    timeline.set_defaults(handler=cmd_timeline)

    chat = commands.add_parser(
        "chat", help="ask questions in a terminal loop, each following up the previous answer (:help lists commands)"
    )
    chat.set_defaults(handler=cmd_chat)

    stats = commands.add_parser("stats", help="archive and usage figures")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=cmd_stats)

    unanswered = commands.add_parser("unanswered", help='frequent questions that got "nothing found"')
    unanswered.add_argument("--days", type=float, default=UNANSWERED_DAYS, help="look this many days back (7)")
    unanswered.add_argument("--json", action="store_true", help="print one JSON list")
    unanswered.set_defaults(handler=cmd_unanswered)

    queue = commands.add_parser("queue", help="the open questions readers offered to the newsroom")
    queue.add_argument("--json", action="store_true", help="print one JSON list")
    queue.set_defaults(handler=cmd_queue)

    answer = commands.add_parser(
        "answer", help="answer (or dismiss) a newsroom question: every reader who asked gets it"
    )
    answer.add_argument("item", type=int, help="the question's number (crisisbot queue)")
    how = answer.add_mutually_exclusive_group(required=True)
    how.add_argument("--text", help="the newsroom's answer, stored as its article and indexed now")
    how.add_argument("--url", help="a published article: read as a source and indexed now")
    how.add_argument("--quote", action="store_true", help="the bot's candidate quote answers it")
    how.add_argument("--dismiss", metavar="KEY", help="a canned reply: not_covered, checking or NEWSROOM_REPLIES' keys")
    answer.set_defaults(handler=cmd_answer)

    retract = commands.add_parser("retract", help="withdraw an article: never quoted again; its readers get a notice")
    retract.add_argument("reference", help="the article's id or the URL it was read from")
    retract.add_argument("--reason", help="shown to the readers it was quoted to")
    retract.set_defaults(handler=cmd_retract)

    migrate = commands.add_parser(
        "migrate", help="copy the live index to another vector backend (no re-embedding), e.g. --to qdrant"
    )
    migrate.add_argument("--to", required=True, choices=["qdrant", "faiss"], help="the backend to copy into")
    migrate.set_defaults(handler=cmd_migrate)

    backup = commands.add_parser(
        "backup", help="a consistent, checked copy of the archive and index in a new folder (while the bot runs)"
    )
    backup.add_argument("target", type=Path, nargs="?", help="a new or empty folder; use it later as DATA_DIR")
    backup.add_argument(
        "--conversations", type=Path, help="also copy the conversation store (readers' data, SQLite) to this new file"
    )
    backup.set_defaults(handler=cmd_backup)
    forget = commands.add_parser("forget", help="delete one reader's questions, votes and follows (like /forget)")
    forget.add_argument("--user", type=int, required=True, help="the reader's Telegram user id")
    forget.set_defaults(handler=cmd_forget)
    doctor = commands.add_parser("doctor", help="check the archive, the index and their files; say what to do")
    doctor.set_defaults(handler=cmd_doctor)

    evaluate = commands.add_parser("eval", help="measure retrieval and answer quality on SQuAD-format data")
    evaluate.add_argument("file", type=Path, nargs="?", help="SQuAD-format JSON whose paragraphs are indexed")
    evaluate.add_argument(
        "--readers", type=Path, help="reader questions instead (tests/data/readers/questions.json's format)"
    )
    evaluate.add_argument(
        "--shared", type=Path, default=Path("../shared"), help="where --readers' archive spec reads its files"
    )
    evaluate.add_argument("--questions", type=Path, help="ask the questions of this file instead (matched by id)")
    evaluate.add_argument("--distractors", type=Path, nargs="*", default=[], help=".jsonl articles to add")
    evaluate.add_argument("--unanswerable", action="store_true", help="leave each question's paragraph out")
    evaluate.add_argument("--limit", type=int, help="ask only the first N questions")
    evaluate.add_argument("--distractor-limit", type=int, help="use only the first N distractor articles")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--details", type=Path, help="write one JSON line per question to this file")
    evaluate.add_argument("--work-dir", type=Path, help="where the evaluation index lives (default: a cache folder)")
    evaluate.set_defaults(handler=cmd_eval)

    run = commands.add_parser("run", help="start the Telegram bot")
    run.set_defaults(handler=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    _quiet_libraries()
    try:
        settings = Settings()
    except Exception as error:  # pydantic's ValidationError: show which setting is wrong
        print(f"invalid settings: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args, settings))
    except RuntimeError as error:  # also IndexMismatchError, ModelFetchError and ReindexRunning
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
