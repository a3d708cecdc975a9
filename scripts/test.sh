#!/usr/bin/env bash
# Install (if needed) and run the whole test suite: lint, format, import layers, unit, integration on ../shared/data,
# AppTest, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The saved-views tests run on SQLite and on a throw-away PostgreSQL cluster (Debian's package, installed by set-up).
export DASHBOARD_TEST_PG=1
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
mkdir -p test-artifacts
if [ -n "${DASHBOARD_TEST_PG:-}" ]; then
  # shellcheck source=scripts/postgres.sh
  source scripts/postgres.sh
  postgres_start
  trap postgres_stop EXIT
fi
status=0
.venv/bin/python -m pytest -q -p no:cacheprovider "$@" || status=$?
exit "$status"
