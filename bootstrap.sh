#!/usr/bin/env bash
# Set up everything newsdesk needs on a fresh Debian or Ubuntu machine, then build or test.
#   bash bootstrap.sh build [build options]   -> public/ with the site and the PDF briefs
#   bash bootstrap.sh test  [pytest options]  -> the whole test suite
#   bash bootstrap.sh lint                    -> ruff, mypy and the layers contract (CI runs it first)
# Idempotent: a second run only checks what is already there.
set -euo pipefail
cd "$(dirname "$0")"

# What a build needs (Python, and Pango/HarfBuzz for WeasyPrint); the tests also need PDF tools,
# gettext, a browser with CJK fonts, a Java runtime for the HTML checker and npm to fetch it.
APT_PACKAGES=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
TEST_APT_PACKAGES=(poppler-utils gettext chromium fonts-noto-cjk default-jre-headless)
VENV=${NEWSDESK_VENV:-.venv}
# The W3C Nu HTML Checker for the tests, fetched with npm into a git-ignored cache (pinned: a new
# checker release can start reporting new errors, and that should be a deliberate change).
VNU_VERSION=26.9.27
VNU_DIR=.cache/vnu

command=${1:-build}
case "$command" in
  build) EXTRAS="" ;;
  test)
    EXTRAS="[test]"
    APT_PACKAGES+=("${TEST_APT_PACKAGES[@]}")
    command -v npm >/dev/null || APT_PACKAGES+=(npm)
    ;;
  lint) EXTRAS="[test]" ;;  # the linters are test dependencies
  *) echo "usage: bash bootstrap.sh build|test|lint [options]" >&2; exit 2 ;;
esac

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
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
fi
# pip runs only when the dependencies may have changed: a stamp names pyproject.toml's hash and the
# extras installed with it (a test set-up serves a build too; a build set-up does not serve the tests).
STAMP="$VENV/.newsdesk-installed"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1) $EXTRAS"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ] \
   && ! { [ -z "$EXTRAS" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$wanted[test]" ]; }; then
  echo "bootstrap: installing newsdesk${EXTRAS:+ with its test dependencies} into $VENV"
  "$VENV/bin/python" -m pip install -q -e ".$EXTRAS"
  echo "$wanted" > "$STAMP"
fi

fetch_vnu() {
  if [ -f "$VNU_DIR/package/build/dist/vnu.jar" ] && [ "$(cat "$VNU_DIR/version" 2>/dev/null)" = "$VNU_VERSION" ]; then
    return
  fi
  echo "bootstrap: fetching the Nu HTML Checker (npm vnu-jar@$VNU_VERSION) into $VNU_DIR"
  rm -rf "$VNU_DIR"
  mkdir -p "$VNU_DIR"
  # npm pack checks the tarball against the registry's integrity hash.
  (cd "$VNU_DIR" && npm pack --silent "vnu-jar@$VNU_VERSION" >/dev/null \
    && tar -xzf "vnu-jar-$VNU_VERSION.tgz" package/build/dist/vnu.jar \
    && rm "vnu-jar-$VNU_VERSION.tgz")
  echo "$VNU_VERSION" > "$VNU_DIR/version"
}

shift || true
case "$command" in
  build) exec "$VENV/bin/python" build.py build "$@" ;;
  test)  fetch_vnu; exec "$VENV/bin/python" -m pytest "$@" ;;
  lint)  # style and errors, types, and the layers of the house (pyproject.toml: [tool.importlinter])
         "$VENV/bin/ruff" check newsdesk build.py benchmarks
         "$VENV/bin/mypy" newsdesk
         exec "$VENV/bin/lint-imports" ;;
  *) echo "usage: bash bootstrap.sh build|test|lint [options]" >&2; exit 2 ;;
esac
