#!/usr/bin/env bash
# Run Preventiekaart as N processes behind nginx on one machine:
#   bash scripts/serve.sh --processes 2 [--port 8080] [--address 0.0.0.0]
# Installs what is missing (venv, packages, map files, nginx from Debian), then starts the
# stack in the foreground; Ctrl-C stops every process. See deploy/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PREVENTIEKAART_SKIP_SETUP:-}" ]; then
  bash scripts/setup.sh
fi
bash deploy/install-nginx.sh
if [ -z "${PREVENTIEKAART_DATA_DIR:-}" ] && [ -d ../shared/data/cbs ]; then
  export PREVENTIEKAART_DATA_DIR="$(cd ../shared/data/cbs && pwd)"
fi
exec .venv/bin/python deploy/serve.py "$@"
