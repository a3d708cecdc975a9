#!/usr/bin/env bash
# Installs everything the app and its tests need on a fresh Debian machine with Python 3.11:
# Debian's chromium (browser tests, static image export), Debian's Noto fonts (Arabic and Chinese in exports),
# Debian's postgresql for the test command, Debian's nodejs/npm and axe-core from npm (accessibility tests), a virtual
# environment, the locked Python dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Fonts for server-side exports (kaleido/Plotly PNG, SVG, PDF, PPTX) in Arabic and Chinese: without them the images
# show empty boxes. The browser uses the same system fonts; nothing is fetched at run time.
if ! fc-list 2>/dev/null | grep -q "NotoSansCJK" || ! fc-list 2>/dev/null | grep -q "NotoSansArabic"; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-core fonts-noto-cjk >/dev/null
fi

# Java 17 for PySpark: `python -m dashboard build-cubes --engine spark` and its test run Spark in this machine's JVM.
if ! command -v java >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

# PostgreSQL: the test command runs the saved-views tests on a throw-away cluster (scripts/postgres.sh) as well as
# on SQLite; the app itself needs none (SQLite by default).
if [ -n "${DASHBOARD_TEST_PG:-}" ] && ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

# axe-core (MPL-2.0) for the accessibility browser tests, from npm, pinned: the tests inject
# node_modules/axe-core/axe.min.js into each page. Node and npm come from Debian on a fresh machine.
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
AXE_VERSION=4.14.1
if [ "$(node -p "require('./node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ]; then
  npm install --no-save --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock

# The interface's message catalogues (dashboard/locale/*/LC_MESSAGES/messages.po) compiled to .mo; the app also
# compiles a missing one at start.
.venv/bin/python scripts/i18n.py compile >/dev/null
