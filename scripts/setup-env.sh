# Sourced by the other scripts: makes .venv (Python 3.11+), installs the project, fetches the model.
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PYTHON" -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
echo "== installing crisisbot and its dependencies from requirements.lock (torch: the CPU build 2.13.0)"
# Exactly the versions CI passed with, each checked against its sha256 (bash scripts/lock.sh re-resolves them).
python -m pip install --quiet --disable-pip-version-check 'pip==26.3'
python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
python -m pip install --quiet --disable-pip-version-check --no-deps -e .
echo "== embedding model"
crisisbot model
