#!/usr/bin/env bash
# Replicas tested for real: 2-3 Streamlit replicas of this app behind HAProxy with docs/DEPLOY.md's configuration,
# protocol-level visitors through it, one replica killed mid-run (python -m bench.replicas; its --help says more).
#
#   bash scripts/replicas.sh                              # 3 replicas, 30 visitors, a 15 s busy phase
#   bash scripts/replicas.sh --visitors 60 --seconds 30 --json artifacts/replicas.json
set -euo pipefail
cd "$(dirname "$0")/.."

# HAProxy from Debian's package, installed if missing.
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq haproxy >/dev/null
fi
exec python -m bench.replicas "$@"
