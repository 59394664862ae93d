#!/usr/bin/env bash
# The whole test suite, from a fresh clone: a virtual environment in .venv, the project with its
# dev extras, the embedding model (fetched once into ~/.cache/crisisbot, verified), ruff, the import layers
# (lint-imports, contracts in .importlinter), pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k answers`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh
echo "== ruff"
ruff check .
ruff format --check .
echo "== mypy (index/)"
mypy
echo "== import layers"
lint-imports
echo "== pytest"
python -m pytest "$@"
