# Sourced by the other scripts: makes .venv (Python 3.11+), installs the project, fetches the model.
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PYTHON" -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
echo "== installing crisisbot and its dependencies (torch is pinned to the CPU build 2.13.0)"
python -m pip install --quiet --disable-pip-version-check --upgrade pip
python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
echo "== embedding model"
crisisbot model
