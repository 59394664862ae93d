#!/usr/bin/env bash
# Re-resolves requirements.lock (every package with its version and sha256 hashes) from pyproject.toml, for
# the supported Python (3.11, Linux x86_64, the CPU build of torch). scripts/setup-env.sh installs exactly it.
#   bash scripts/lock.sh             # after changing a dependency in pyproject.toml: keeps the other pins
#   bash scripts/lock.sh --upgrade   # move every package to the newest release its range allows
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
"${PYTHON:-python3}" -m venv "$tools"
"$tools/bin/pip" install --quiet --disable-pip-version-check 'pip-tools>=7.4,<8'
"$tools/bin/pip-compile" --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
  --no-emit-index-url --no-emit-find-links --output-file requirements.lock "$@" pyproject.toml
echo "requirements.lock: $(grep -c '==' requirements.lock) packages"
