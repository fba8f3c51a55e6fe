#!/usr/bin/env bash
# One command on a fresh machine: install, then start Preventiekaart on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Use the CBS files beside the project when no other data dir is configured.
if [ -z "${PREVENTIEKAART_DATA_DIR:-}" ] && [ -d ../shared/data/cbs ]; then
  export PREVENTIEKAART_DATA_DIR="$(cd ../shared/data/cbs && pwd)"
fi
exec .venv/bin/streamlit run app.py "$@"
