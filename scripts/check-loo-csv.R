# Reads ModelGen's NUTS CSVs with their log_lik columns as a Stan user would, and prints loo's answer, to set beside
# the one ModelGen printed for the same draws. Needs R with rstan and loo (Debian: r-cran-rstan, r-cran-loo).
#   dotnet run --project Samples/Loo -c Release -- --rows 60 --csv /tmp/network
#   Rscript scripts/check-loo-csv.R /tmp/network-1.csv /tmp/network-2.csv /tmp/network-3.csv /tmp/network-4.csv
suppressPackageStartupMessages({ library(rstan); library(loo) })
files <- commandArgs(trailingOnly = TRUE)
if (length(files) == 0) stop("usage: Rscript scripts/check-loo-csv.R CHAIN-1.csv [CHAIN-2.csv ...]")
fit <- read_stan_csv(files)
ll <- extract_log_lik(fit, parameter_name = "log_lik", merge_chains = FALSE)
r_eff <- relative_eff(exp(ll))
print(loo(ll, r_eff = r_eff))
