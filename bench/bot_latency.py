"""Bot latency: from a question update being served by getUpdates to the bot's sendMessage.

Starts the fake Bot API (tests/bot/fake_bot_api.py) and the real bot (``crisisbot run``)
with the real model on a small archive from ../shared/corpus (the German article
and the first October-2016 FA-KES articles), indexes it with an admin's /reindex,
then asks the questions one after another and prints the median.

    python bench/bot_latency.py                  # 20 questions, 24 FA-KES articles
    python bench/bot_latency.py --data-dir /tmp/bench-data   # keep and reuse the index

The engine's own time per question (``questions.took_ms`` in the archive database)
is printed beside it, so the difference is what Telegram handling adds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO_ROOT))

from tests.bot.fake_bot_api import FakeBotApi  # noqa: E402

TOKEN = "555000111:AABenchFakeToken_q8Xw2Lr5Tn0Zs"
ADMIN_ID = 1
FIRST_CHAT = 1000
STARTUP_TIMEOUT_S = 300
REINDEX_TIMEOUT_S = 1800
ANSWER_TIMEOUT_S = 120
DEFAULT_QUESTIONS = 20
WARM_UP_QUESTIONS = 3
DEFAULT_ARTICLES = 24
FAKES_MONTH = "2016-10"
QUESTIONS = (
    "Mit wem hat Lawrow telefoniert?",
    "Who did Lavrov speak to on the phone?",
    "Wie ist die humanitäre Lage in Ost-Aleppo?",
    "What is the humanitarian situation in eastern Aleppo?",
    "Warum haben die USA die Gespräche mit Russland abgebrochen?",
    "Why did the US suspend the talks with Russia?",
    "Wohin reist der französische Außenminister Ayrault?",
    "Where will the French foreign minister travel?",
    "How many people were killed in the school attack?",
    "Wie viele Menschen starben bei dem Anschlag auf die Hochzeit?",
    "Who is trying to break the siege of Aleppo?",
    "What did Russia say about Belgian air strikes?",
    "How many people died in 24 hours of bombardment in Aleppo?",
    "Was sagte das russische Außenministerium über das Telefonat?",
    "Welche Rolle spielen Deutschland und Frankreich?",
    "Was there a chlorine attack?",
    "Wer hat die Schule in Idlib angegriffen?",
    "What happened at the Kurdish wedding?",
    "Wie backe ich einen Apfelkuchen?",
    "What is the best pizza recipe?",
)


def build_archive(folder: Path, articles: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    german = SHARED / "000_b8b2fd228b1e548c.txt"
    if german.exists():
        shutil.copy(german, folder / german.name)
    fakes = SHARED / "fakes-syria.en.jsonl"
    if fakes.exists() and articles:
        with fakes.open(encoding="utf-8") as source:
            rows = [json.loads(line) for line in source if line.strip()]
        chosen = [row for row in rows if str(row.get("date", "")).startswith(FAKES_MONTH)][:articles]
        with (folder / "fakes-2016-10.jsonl").open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in chosen)


def bot_command() -> list[str]:
    cli = Path(sys.executable).with_name("crisisbot")
    return [str(cli), "run"] if cli.exists() else [sys.executable, "-m", "bot"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=DEFAULT_QUESTIONS)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="FA-KES articles in the archive")
    parser.add_argument("--data-dir", type=Path, help="keep the archive and index here (reused on the next run)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bot-latency-") as scratch_name:
        scratch = Path(scratch_name)
        data_dir = args.data_dir or scratch / "data"
        archive = (args.data_dir or scratch) / "archive"
        if not archive.exists():
            build_archive(archive, args.articles)
        log_path = scratch / "bot.log"
        with FakeBotApi(TOKEN) as api, log_path.open("w", encoding="utf-8") as log:
            env = dict(os.environ)
            env.update(
                TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_API_BASE_URL=api.base_url,
                ADMIN_IDS=str(ADMIN_ID),
                RATE_LIMIT_PER_MINUTE="0",
                DATA_DIR=str(data_dir),
                ARCHIVE_SOURCES=str(archive),
                PYTHONPATH=str(REPO_ROOT),
                PYTHONUNBUFFERED="1",
            )
            for name in ("WEBHOOK_URL", "ALLOWED_CHAT_IDS"):
                env.pop(name, None)
            process = subprocess.Popen(bot_command(), cwd=scratch, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                return run_benchmark(api, process, log_path, data_dir, args.questions)
            finally:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()


def run_benchmark(api: FakeBotApi, process: subprocess.Popen, log_path: Path, data_dir: Path, count: int) -> int:
    started = time.monotonic()
    while not api.calls_of("getUpdates"):
        if process.poll() is not None or time.monotonic() - started > STARTUP_TIMEOUT_S:
            print(log_path.read_text(encoding="utf-8")[-3000:], file=sys.stderr)
            return 1
        time.sleep(0.2)
    print(f"bot ready after {time.monotonic() - started:.1f} s (model loaded)", file=sys.stderr)

    sent = time.monotonic()
    api.send_text(ADMIN_ID, ADMIN_ID, "/reindex")
    progress = api.wait_for_call("sendMessage", lambda c: c.chat_id == ADMIN_ID, after=sent)
    done = api.wait_for_call(
        "editMessageText",
        lambda c: c.params.get("message_id") == progress.result["message_id"] and "Archive reindexed" in c.text,
        timeout=REINDEX_TIMEOUT_S,
    )
    print(" ".join(done.text.replace("<b>", "").replace("</b>", "").split()), file=sys.stderr)

    questions = [QUESTIONS[n % len(QUESTIONS)] for n in range(count)]
    for warm_chat in range(FIRST_CHAT - WARM_UP_QUESTIONS, FIRST_CHAT):  # not counted: the first asks are slower
        sent = time.monotonic()
        api.send_text(warm_chat, warm_chat, QUESTIONS[warm_chat % len(QUESTIONS)])
        api.wait_for_call("sendMessage", lambda c, w=warm_chat: c.chat_id == w, after=sent, timeout=ANSWER_TIMEOUT_S)

    with sqlite3.connect(data_dir / "archive.db") as db:
        last_id = db.execute("SELECT coalesce(max(id), 0) FROM questions").fetchone()[0]
    latencies_ms: list[float] = []
    answered = 0
    for number, question in enumerate(questions):
        chat = FIRST_CHAT + number
        update_id = api.send_text(chat, chat, question)
        reply = api.wait_for_call("sendMessage", lambda c, chat=chat: c.chat_id == chat, timeout=ANSWER_TIMEOUT_S)
        served = api.wait_until_served(update_id)
        latencies_ms.append((reply.at - served) * 1000)
        answered += "<blockquote>" in reply.text
        print(
            f"{latencies_ms[-1]:7.0f} ms  {'quote ' if '<blockquote>' in reply.text else 'none  '}{question}",
            file=sys.stderr,
        )

    with sqlite3.connect(data_dir / "archive.db") as db:
        engine_ms = [
            row[0]
            for row in db.execute(
                "SELECT took_ms FROM questions WHERE id > ? AND chat_id >= ? ORDER BY id", (last_id, FIRST_CHAT)
            )
        ]
    median = statistics.median(latencies_ms)
    print(
        f"bot latency (getUpdates served -> sendMessage), median of {len(latencies_ms)}: {median:.0f} ms "
        f"(min {min(latencies_ms):.0f}, max {max(latencies_ms):.0f}); engine.ask median "
        f"{statistics.median(engine_ms):.0f} ms; {answered}/{len(latencies_ms)} answered with a quote"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
