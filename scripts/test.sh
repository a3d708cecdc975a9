#!/usr/bin/env bash
# Install (if needed) and run the whole test suite: lint, unit, integration on ../shared/data, AppTest, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
mkdir -p test-artifacts
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
