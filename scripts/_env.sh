# Shared by scripts/run and scripts/test: a local virtual environment in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

apt_install() {
  # Debian packages some parts need (Qt's libraries, PDF-to-PNG, PostgreSQL for the district tests).
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || true
  else
    echo "note: please install these Debian packages: ${missing[*]}" >&2
  fi
}

setup_venv() {
  # Exactly the versions of requirements/<set>.txt (hashes checked), then the package itself.
  local lock=requirements/$1.txt
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r "$lock"
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  .venv/bin/python tools/i18n.py compile
}
