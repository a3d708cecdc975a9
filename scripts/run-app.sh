#!/usr/bin/env bash
# Install (if needed) and start the dashboard on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The store check at start-up: finishes what a killed import left and names any damaged file (the app still starts;
# its pages say which file, and `python -m dashboard check --quarantine` sets the source aside).
.venv/bin/python -m dashboard check || echo "warning: the store needs attention (see above)" >&2
extra=()
if [[ -n "${DASHBOARD_PUBLIC:-}" || -n "${DASHBOARD_TRUSTED_HEADER:-}" ]]; then
    # A public (or partly public) app never shows code, paths or data in an error (docs/security.md).
    extra+=(--client.showErrorDetails=none)
fi
if [[ -n "${DASHBOARD_TRUSTED_HEADER:-}" ]]; then
    # The login header is trusted only when the proxy is the one way in: listen on the loopback by default.
    ADDRESS="${ADDRESS:-127.0.0.1}"
fi
exec .venv/bin/streamlit run Home.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-0.0.0.0}" "${extra[@]}"
