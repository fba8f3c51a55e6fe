#!/usr/bin/env bash
# One command that runs the whole test suite (installs what the tests need first).
set -euo pipefail
cd "$(dirname "$0")/.."
REQUIREMENTS=requirements-dev.txt bash scripts/setup.sh
if [ -z "${PREVENTIEKAART_DATA_DIR:-}" ] && [ -d ../shared/data/cbs ]; then
  export PREVENTIEKAART_DATA_DIR="$(cd ../shared/data/cbs && pwd)"
fi
export PREVENTIEKAART_HOME="${PREVENTIEKAART_HOME:-$(mktemp -d)}"
.venv/bin/ruff check .
set +e
# Three workers on two cores: the browser and server tests mostly wait, so their waits overlap
# with the unit tests' CPU work. PYTEST_WORKERS=0 runs everything in this one process.
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-3}" --dist worksteal "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest vond geen tests: dat telt als mislukt" >&2
  exit 1
fi
exit "$rc"
