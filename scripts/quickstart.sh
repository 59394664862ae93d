#!/usr/bin/env bash
# From a fresh clone to a cited answer: installs, fetches the model, indexes the demo archive
# (demo/archive, short briefs written for this project) and answers a question.
# Then `source .venv/bin/activate && crisisbot chat` asks more.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh
export DATA_DIR=${DATA_DIR:-data/demo}
echo "== indexing the demo archive into $DATA_DIR"
crisisbot ingest demo/archive
question=${1:-"Wie viele Zivilisten sind in Ost-Aleppo eingeschlossen?"}
echo "== crisisbot ask \"$question\""
crisisbot ask "$question"
echo
echo "Ask more: source .venv/bin/activate && DATA_DIR=$DATA_DIR crisisbot chat"
