#!/usr/bin/env bash
# The explorer's checks, as CI runs them: installs what they need (npm
# packages, Debian's chromium and a Chinese font when missing), checks that
# the committed web/dist matches web/src, runs the unit tests, then the
# end-to-end test in headless Chromium against a real server on the dev
# corpus (env POLICYGRAPH_DEV_CORPUS names another folder). Screenshots and
# the server log go to .build/e2e/. Exits non-zero on any failure.
set -euo pipefail

web="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$web/.." && pwd)"
start=$(date +%s)
say() { printf '== %s\n' "$*"; }
die() { printf 'web/e2e/run.sh: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "Go is not installed: the test builds the policygraph binary."
command -v node >/dev/null && command -v npm >/dev/null || die "Node.js and npm are needed (Debian: apt-get install -y nodejs npm)."

# Debian packages: the browser, and a font with Chinese glyphs so that
# screenshots show text rather than boxes.
need=()
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] || need+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then need+=(fonts-wqy-microhei); fi
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]} with apt-get"
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    die "missing ${need[*]} and cannot install it (apt-get needs root on Debian). Install it, or set CHROMIUM_PATH to a Chromium binary."
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed; cannot install ${need[*]}."
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed."
  [ -x "$chromium" ] || die "chromium is still missing at $chromium after apt-get install."
fi

cd "$web"
say "npm ci"
npm ci --no-audit --no-fund --loglevel=error

say "checking that web/dist is built from web/src"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
node build.mjs --out "$fresh/dist" >/dev/null
if ! diff -r "$fresh/dist" dist >/dev/null; then
  diff -rq "$fresh/dist" dist || true
  die "web/dist is out of date with web/src: run 'cd web && npm ci && npm run build' and commit web/dist."
fi

say "unit tests"
node --test test/

say "end-to-end test (headless Chromium)"
mkdir -p "$repo/.build/e2e"
node --test --test-concurrency=1 --test-timeout=600000 e2e/

say "web e2e passed in $(( $(date +%s) - start )) s; screenshots in .build/e2e/"
