#!/usr/bin/env bash
# The HTML reports in a real browser: Samples/Report writes eight schools' NUTS and ADVI reports and a 100-parameter
# NUTS report (25 images), then Debian's
# headless Chromium (installed here if missing) opens each through puppeteer-core (.ci/browser, from the npm registry)
# and .ci/browser/check-reports.mjs fails unless each loads with no console error, makes no request beyond the file,
# and every image decodes with ink. Screenshots go to artifacts/report-screenshots.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v chromium > /dev/null; then
  echo "report: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium > /dev/null
fi
chromium --version 2> /dev/null || true

out=artifacts/reports
shots=artifacts/report-screenshots
rm -rf "$out" "$shots"
mkdir -p "$shots"
dotnet run --project Samples/Report -c Release --no-build -- --out "$out"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp .ci/browser/package.json .ci/browser/check-reports.mjs "$work/"
(cd "$work" && npm install --no-audit --no-fund --loglevel=error)
node "$work/check-reports.mjs" "$shots" "$out"/*.html
