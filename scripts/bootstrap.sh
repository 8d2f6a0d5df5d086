#!/usr/bin/env bash
# Creates .venv with a Python >= 3.12 found on this machine and installs Yingzao into it.
# Idempotent: does nothing when .venv is already complete and pyproject.toml has not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local c
  for c in "${YINGZAO_PYTHON:-}" python3.13 python3.12 python3 python; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && ok "$c" && { command -v "$c"; return; }
  done
  # pyenv installs versions it does not activate; their binaries work when called directly.
  local roots=("${PYENV_ROOT:-$HOME/.pyenv}")
  command -v pyenv >/dev/null 2>&1 && roots+=("$(pyenv root)")
  for r in "${roots[@]}"; do
    for c in "$r"/versions/3.1[2-9]*/bin/python3; do
      [ -x "$c" ] && ok "$c" && { echo "$c"; return; }
    done
  done
  return 1
}

stamp=.venv/.yingzao-installed
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ -x .venv/bin/python ]; then
  exit 0
fi
py=$(find_python) || {
  echo "error: Yingzao needs Python >= 3.12 and none was found (tried python3.13, python3.12," \
       "python3, python, pyenv versions). Install one, or set YINGZAO_PYTHON=/path/to/python3.12." >&2
  exit 2
}
echo "Setting up .venv with $py ($("$py" --version 2>&1))" >&2
[ -x .venv/bin/python ] || "$py" -m venv .venv
log=.venv/install.log
if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e ".[test]"; } \
    >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "error: installing Yingzao's dependencies failed; full log in $log" >&2
  exit 1
fi
touch "$stamp"
