#!/usr/bin/env bash
# Install (if needed) and start the dashboard on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run Home.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-0.0.0.0}"
