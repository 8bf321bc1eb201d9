#!/usr/bin/env bash
# Set-up and entry point for a fresh machine:
#   bash installer/bootstrap.sh app    run the app on the demo community (made on first run)
#   bash installer/bootstrap.sh test   run every check and the whole test suite
# It makes .venv, installs what is missing, and (as root, with apt-get) the system packages
# Qt and the PDF tests need; otherwise it names exactly what to install.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"; shift || true

SYSTEM_PACKAGES=(
  fonts-wqy-microhei poppler-utils xvfb xauth libegl1 libgl1 libfontconfig1 libxkbcommon0
  libxkbcommon-x11-0 libdbus-1-3 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0
  postgresql-client chromium chromium-driver sqlite3
  libreoffice-calc-nogui  # re-saves the roster corpus as a real office suite writes it
  pgbouncer  # the county server behind a pooler in transaction mode (docs/scaling.md)
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing system packages. Install them with:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 or newer is needed (found: $("$PY" --version 2>&1))." >&2; exit 1; }
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[server,dev]'
  rm -f .venv/.installed-*; touch "$stamp"
fi

case "$mode" in
  app)
    exec .venv/bin/python main.py "$@"
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    echo "== ruff"; .venv/bin/ruff check .
    echo "== ruff format"; .venv/bin/ruff format --check .
    echo "== mypy (strict on relocdesk/ and ui/)"; .venv/bin/mypy
    echo "== import-linter"; .venv/bin/lint-imports
    echo "== pytest"; exec .venv/bin/pytest -q "$@"
    ;;
  *)
    echo "usage: bash installer/bootstrap.sh app|test" >&2; exit 2
    ;;
esac
