#!/usr/bin/env bash
# Times Stan on this machine for docs/performance.md's comparison (scripts/stan-speed.R says what and how):
#   scripts/stan-speed.sh [OUT.tsv] [vb iterations] [NUTS warm-up] [NUTS draws]
# Writes a small tab-separated table (default artifacts/stan-speed.tsv) and prints it with the CPU and load.
# Skips cleanly (exit 0, a line saying why) where R or rstan is absent, so CI can call it unconditionally.
# Takes minutes: compiling the two models ~2 min, vb ~20 s, NUTS on the seed model several minutes.
# scripts/stan-terms-speed.sh runs the same steps with scripts/stan-terms-speed.R (STAN_SPEED_R and STAN_SPEED_OUT).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
script="${STAN_SPEED_R:-scripts/stan-speed.R}"
out="${1:-${STAN_SPEED_OUT:-artifacts/stan-speed.tsv}}"
if ! command -v Rscript > /dev/null || ! Rscript -e 'suppressPackageStartupMessages(library(rstan))' > /dev/null 2>&1; then
  echo "$(basename "$script" .R): skipped (R or rstan not installed; Debian: apt-get install r-cran-rstan)"
  exit 0
fi
mkdir -p "$(dirname "$out")"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $(nproc) cores; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$script" = scripts/stan-speed.R ]; then
  Rscript "$script" "$out" "${2:-50000}" "${3:-1000}" "${4:-1000}"
else
  Rscript "$script" "$out" "${@:2}"
fi
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
column -t -s $'\t' "$out"
