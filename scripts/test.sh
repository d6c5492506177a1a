#!/usr/bin/env bash
# Set up and run the whole test suite on a fresh machine: lint, unit, app and browser tests.
#
#   bash scripts/test.sh [PYTEST ARGS]           the pinned versions (requirements-dev.txt); what CI runs
#   bash scripts/test.sh --latest [PYTEST ARGS]  upgrade canary: the same suite on the newest versions that
#                                                requirements*.in allow, in .venv-latest/
set -euo pipefail
cd "$(dirname "$0")/.."

latest=false
if [ "${1:-}" = "--latest" ]; then
  latest=true
  shift
fi

# System packages, from Debian's packages, installed if missing: the browser tests drive the system Chromium
# (Playwright's own download does not work here); the live room's tests start a real redis-server; the
# replica test puts HAProxy in front of the app.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# "name version" per line, names normalized (lower case, "-"), sorted for join: from `name==version` lines.
versions() {
  awk -F'==' '/^[A-Za-z0-9][^ ]*==/ { n = tolower($1); gsub(/[-_.]+/, "-", n); split($2, v, " "); print n, v[1] }' |
    LC_ALL=C sort
}

# The canary tells, before next term's deploy picks up new releases, whether they break the app. It never
# touches the pins or the environment the normal path uses: it builds .venv-latest/ afresh each time, so the
# venv holds exactly what a new install of the .in files gets today, and it runs every step even after one
# failed, so one report names all that broke.
canary() {
  local py=.venv-latest/bin/python log=artifacts/latest-pytest.log changes
  local failed=()
  python -m venv --clear .venv-latest
  "$py" -m pip install -q -r requirements-dev.in
  # Every package in either list, "(none)" where one list lacks it; print those whose versions differ.
  changes="$(LC_ALL=C join -a 1 -a 2 -e '(none)' -o 0,1.2,2.2 \
    <(versions <requirements-dev.txt) <("$py" -m pip freeze | versions) |
    awk '$2 != $3 { print "  " $1 ": " $2 " -> " $3 }')"
  echo "Newest allowed versions that differ from requirements-dev.txt (name: pinned -> latest):"
  echo "${changes:-  none: the pins are the newest versions allowed}"

  "$py" -m ruff check . || failed+=("ruff check")
  "$py" -m ruff format --check . || failed+=("ruff format --check")
  mkdir -p artifacts
  "$py" -m pytest "$@" 2>&1 | tee "$log" || failed+=("pytest")

  echo
  echo "Upgrade canary (.venv-latest/), differences from the pins:"
  echo "${changes:-  none}"
  if [ ${#failed[@]} -eq 0 ]; then
    echo "Passed: lint and pytest, with the newest versions the .in files allow."
    return 0
  fi
  local list
  printf -v list '%s, ' "${failed[@]}"
  echo "FAILED with the newest versions: ${list%, } (pytest's whole output: $log)"
  # The tests pytest names in its closing summary (not the ERROR lines of captured logs above it).
  sed -n '/short test summary info/,$p' "$log" | grep -E '^(FAILED|ERROR) ' | sed 's/^/  /' || true
  echo "Does a failure come from an upgrade? Run the same check with the pins, as installed by bash scripts/test.sh"
  echo "(e.g. python -m pytest TESTS): other changes to the code fail there too."
  return 1
}

if $latest; then
  canary "$@"
  exit
fi

python -m pip install -q -r requirements-dev.txt
python -m ruff check .
python -m ruff format --check .
python -m pytest "$@"
