#!/usr/bin/env bash
# Install everything the app needs on a fresh machine: Python venv, pinned packages,
# map assets from the npm registry, and (when found) the CBS data next to the project.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r "${REQUIREMENTS:-requirements.txt}" -c requirements-lock.txt
if ! command -v npm >/dev/null 2>&1; then
  echo "npm ontbreekt: installeer het met 'apt-get install -y npm'" >&2
  exit 1
fi
.venv/bin/python -m planner.assets install
