# Reads ModelGen's NUTS CSVs with their log_lik columns as a Stan user would, and prints loo's answer, to set beside
# the one ModelGen printed for the same draws. Needs R with rstan and loo (Debian: r-cran-rstan, r-cran-loo).
#   dotnet run --project Samples/Loo -c Release -- --rows 60 --csv /tmp/network
#   Rscript scripts/check-loo-csv.R /tmp/network-1.csv /tmp/network-2.csv /tmp/network-3.csv /tmp/network-4.csv
# A variational CSV (one file with log_p__ and log_g__, as ADVI writes it) gets loo_approximate_posterior instead:
#   dotnet run --project Samples/Loo -c Release -- --rows 60 --advi-csv /tmp/network-advi.csv
#   Rscript scripts/check-loo-csv.R /tmp/network-advi.csv
suppressPackageStartupMessages({ library(rstan); library(loo) })
files <- commandArgs(trailingOnly = TRUE)
if (length(files) == 0) stop("usage: Rscript scripts/check-loo-csv.R CHAIN-1.csv [CHAIN-2.csv ...]")
fit <- read_stan_csv(files)
if (length(files) == 1 && "log_g__" %in% fit@sim$fnames_oi) {
  ll <- extract_log_lik(fit, parameter_name = "log_lik")
  draws <- as.data.frame(fit)
  print(loo_approximate_posterior(ll, log_p = draws$log_p__, log_g = draws$log_g__))
} else {
  ll <- extract_log_lik(fit, parameter_name = "log_lik", merge_chains = FALSE)
  r_eff <- relative_eff(exp(ll))
  print(loo(ll, r_eff = r_eff))
}
