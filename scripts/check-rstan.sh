#!/usr/bin/env bash
# Checks that rstan reads ModelGen's Stan CSV as ModelGen wrote it (scripts/check-rstan.R does the checks).
#   scripts/check-rstan.sh                       runs the Moons sample into a temporary folder, then checks its
#                                                draws.csv against its summary.csv
#   scripts/check-rstan.sh DRAWS.csv [SUMMARY.csv]   checks a file written by StanCsv.Write
# Run from anywhere inside the repository. Needs the .NET SDK (first form only), R, rstan and loo.
# Not part of CI: R is a developer tool here, not a build dependency.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ $# -ge 1 ]; then
  exec Rscript scripts/check-rstan.R "$@"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet run --project Samples/Moons -c Release -- --out "$out" > "$out/moons.log"
grep -E '^(fit|accuracy):' "$out/moons.log" || true
Rscript scripts/check-rstan.R "$out/draws.csv" "$out/summary.csv"
