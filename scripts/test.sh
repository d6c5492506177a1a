#!/usr/bin/env bash
# Set up and run the whole test suite on a fresh machine: lint, unit, app and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive the system Chromium (Playwright's own download does not work here).
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi

python -m pip install -q -r requirements-dev.txt
python -m ruff check .
python -m ruff format --check .
python -m pytest "$@"
