# Reads a ModelGen draws.csv (CmdStan's variational layout) with rstan, as a manual cross-check.
# NOT run by CI and NOT yet verified: R and rstan were not installable offline where this was written
# (`apt-cache policy r-cran-rstan` found no candidate). Usage, after the Moons sample has written out/:
#   Rscript Tests/ModelGen.Outputs.Tests/Reference/read_stan_csv.R Samples/Moons/out/draws.csv
# Expected: a stanfit whose draws (the first row, the approximation's mean, dropped by rstan for
# variational output) have the columns Hidden1.Weights[1,1] … Output.Weights[5,1] (rstan turns the dotted
# CSV names back into brackets), means matching summary.csv.
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) > 0) args[[1]] else "Samples/Moons/out/draws.csv"
suppressPackageStartupMessages(library(rstan))
fit <- read_stan_csv(path)
print(fit, probs = c(0.05, 0.5, 0.95), digits_summary = 4)
