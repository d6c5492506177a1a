#!/usr/bin/env bash
# Compile the pinned requirements*.txt from the short requirements*.in with pip-tools.
#
#   bash scripts/compile-requirements.sh              keep every existing pin, add what the .in files gained
#   bash scripts/compile-requirements.sh --upgrade    move every pin to the newest version the .in files allow
#   bash scripts/compile-requirements.sh --installed  pin the versions `python` has installed now
#
# Run it with the Python version the app is deployed with (3.11): the resolution is for that Python on Linux.
# pip-tools lives in its own venv (PIP_TOOLS_VENV, default /tmp/pip-tools), never in the environment it pins.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-}"
case "$mode" in
  "" | --upgrade | --installed) ;;
  *) echo "usage: bash scripts/compile-requirements.sh [--upgrade | --installed]" >&2; exit 2 ;;
esac

TOOLS="${PIP_TOOLS_VENV:-/tmp/pip-tools}"
if [ ! -x "$TOOLS/bin/pip-compile" ]; then
  python -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q pip-tools==7.6.2
fi

# --strip-extras and --allow-unsafe: pip-tools 8's defaults, so the output does not change with the tool.
# No index URLs or find-links in the output: Community Cloud must not see this machine's pip settings.
# The header names this script, not the pip-compile line with its temporary files.
compile=(
  "$TOOLS/bin/pip-compile" --quiet --strip-extras --allow-unsafe
  --no-emit-index-url --no-emit-find-links --no-emit-trusted-host
)
export CUSTOM_COMPILE_COMMAND="bash scripts/compile-requirements.sh"

compile_both() {
  "${compile[@]}" "$@" --output-file requirements.txt requirements.in
  # The test tools resolved around the app's packages as just pinned.
  "${compile[@]}" "$@" --constraint requirements.txt --output-file requirements-dev.txt requirements-dev.in
}

case "$mode" in
  "") compile_both ;;
  --upgrade) compile_both --upgrade ;;
  --installed)
    # The newest versions allowed that are no newer than what is installed: exactly the installed ones.
    installed="$(mktemp)"
    trap 'rm -f "$installed"' EXIT
    python -m pip freeze --exclude-editable >"$installed"
    compile_both --upgrade --constraint "$installed"
    # Again without it: pip-compile keeps the pins it finds, and the "# via" notes lose the temporary file.
    compile_both
    ;;
esac
echo "Compiled requirements.txt ($(grep -c '==' requirements.txt) pins), requirements-dev.txt ($(grep -c '==' requirements-dev.txt) pins)."
