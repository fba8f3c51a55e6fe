#!/usr/bin/env bash
# Start the read-only HSDS 3.0 API of the sociale kaart (second process beside the app).
#   bash scripts/api.sh                 # http://127.0.0.1:8502/services
#   bash scripts/api.sh --host 0.0.0.0 --port 8080 --online
# Same store as the app: DATABASE_URL, or the SQLite database in PREVENTIEKAART_HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/setup.sh
exec .venv/bin/python -m planner.api "$@"
