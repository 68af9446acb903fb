#!/usr/bin/env bash
# Set up everything newsdesk needs on a fresh Debian or Ubuntu machine, then build or test.
#   bash bootstrap.sh build [build options]   -> public/ with the site and the PDF briefs
#   bash bootstrap.sh test  [pytest options]  -> the whole test suite
# Idempotent: a second run only checks what is already there.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils gettext
              chromium fonts-noto-cjk default-jre-headless)
VENV=${NEWSDESK_VENV:-.venv}

need_apt=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || need_apt+=("$package")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing system packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV"
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q -e ".[test]"

command=${1:-build}
shift || true
case "$command" in
  build) exec "$VENV/bin/python" build.py build "$@" ;;
  test)  exec "$VENV/bin/python" -m pytest "$@" ;;
  *) echo "usage: bash bootstrap.sh build|test [options]" >&2; exit 2 ;;
esac
