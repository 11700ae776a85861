#!/usr/bin/env bash
# The Stan reference summaries the tests compare ModelGen's NUTS with (Tests/Data/stan): rerun through rstan only
# the models whose Stan program or data changed since their summary was written (Tests/Data/stan/run.sh); when every
# hash matches, as in a clean clone of a commit that ran it, this needs no R and takes no time.
set -euo pipefail
cd "$(dirname "$0")/.."
if Tests/Data/stan/run.sh --check; then
  exit 0
fi
if ! Rscript -e 'library(rstan); library(posterior); library(jsonlite)' > /dev/null 2>&1; then
  echo "installing R's rstan, posterior and jsonlite from Debian"
  apt-get install -y r-cran-rstan r-cran-posterior r-cran-jsonlite > artifacts/apt-rstan.log 2>&1 || { tail -20 artifacts/apt-rstan.log; exit 1; }
fi
Tests/Data/stan/run.sh
