#!/usr/bin/env bash
# Install (if needed) and run the whole test suite: lint, format, import layers, unit, integration on ../shared/data,
# AppTest, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
mkdir -p test-artifacts
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
