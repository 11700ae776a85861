#!/usr/bin/env bash
# Times Stan on docs/terms.md's nine samples for docs/performance.md (scripts/stan-terms-speed.R says what and how):
#   scripts/stan-terms-speed.sh [OUT.tsv] [NUTS warm-up] [NUTS draws] [model ...]
# Writes artifacts/stan-terms-speed.tsv by default; skips cleanly where R or rstan is absent (scripts/stan-speed.sh,
# which this runs, has the steps). Takes about fifteen minutes: ten models to compile, then NUTS and gradient loops.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STAN_SPEED_R=scripts/stan-terms-speed.R STAN_SPEED_OUT=artifacts/stan-terms-speed.tsv exec "$root/scripts/stan-speed.sh" "$@"
