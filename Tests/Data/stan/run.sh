#!/usr/bin/env bash
# Keeps the Stan reference summaries (Tests/Data/stan/*/summary.csv) in step with their programs and data: a model
# whose model.stan or data.json no longer matches the hash recorded beside its summary (inputs.sha256) is rerun
# through rstan (Tests/Data/stan/run.R), which takes about a minute per model to compile. CI runs this; it does
# nothing, and needs no R, when every hash matches.
#   Tests/Data/stan/run.sh            rerun what changed
#   Tests/Data/stan/run.sh --check    only say what changed (exit 1 if anything did)
#   Tests/Data/stan/run.sh --all      rerun every model
# Run from anywhere inside the repository. Needs R with rstan, posterior and jsonlite when something must rerun
# (Debian: apt-get install r-cran-rstan r-cran-posterior r-cran-jsonlite).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
mode="${1:-}"
hash_of() { cat "Tests/Data/stan/$1/model.stan" "Tests/Data/stan/$1/data.json" | sha256sum | cut -d' ' -f1; }
stale=()
for folder in Tests/Data/stan/*/; do
  name="$(basename "$folder")"
  recorded="$(cat "$folder/inputs.sha256" 2>/dev/null || true)"
  if [ "$mode" = "--all" ] || [ ! -f "$folder/summary.csv" ] || [ "$recorded" != "$(hash_of "$name")" ]; then
    stale+=("$name")
  fi
done
if [ ${#stale[@]} -eq 0 ]; then
  echo "stan references: every summary matches its program and data"
  exit 0
fi
echo "stan references to rerun: ${stale[*]}"
if [ "$mode" = "--check" ]; then
  exit 1
fi
Rscript Tests/Data/stan/run.R "${stale[@]}"
for name in "${stale[@]}"; do
  hash_of "$name" > "Tests/Data/stan/$name/inputs.sha256"
done
echo "stan references rerun: ${stale[*]}"
