# Runs each named reference model (a folder here: model.stan, data.json) through rstan's NUTS and writes its
# summary.csv: per parameter the mean, sd, their Monte Carlo standard errors, bulk and tail ESS and R-hat from R's
# posterior package, which the tests compare ModelGen's NUTS against (means within 4 combined MCSE, sds within 4
# combined MCSE of the sd). Called by Tests/Data/stan/run.sh, which reruns only the models whose program or data
# changed; run from the repository root. Needs rstan and posterior (Debian: r-cran-rstan r-cran-posterior).
suppressPackageStartupMessages({ library(rstan); library(posterior); library(jsonlite) })
# Debian's r-cran-bh has no headers of its own (they are libboost-dev's, in /usr/include): point rstan there.
if (!file.exists(rstan_options("boost_lib")) && file.exists("/usr/include/boost")) rstan_options(boost_lib = "/usr/include")
rstan_options(auto_write = FALSE)
dir <- "Tests/Data/stan"
# R-hat is NA for a variable constant in every draw (a Cholesky factor's fixed entries), and written so.
source(file.path(dir, "control.R"))  # `control`: per model, sampler settings beyond the defaults
for (name in commandArgs(trailingOnly = TRUE)) {
  folder <- file.path(dir, name)
  data <- read_json(file.path(folder, "data.json"), simplifyVector = TRUE)
  model <- stan_model(file.path(folder, "model.stan"), model_name = name)
  fit <- sampling(model, data = data, chains = 4, cores = 2, iter = 6000, warmup = 1000, seed = 20261207,
                  control = control[[name]], refresh = 0)
  draws <- as_draws_array(as.array(fit))
  draws <- subset_draws(draws, variable = setdiff(variables(draws), "lp__"))
  summary <- summarise_draws(draws, mean, sd, mcse_mean, mcse_sd, ess_bulk, ess_tail, rhat)
  divergent <- sum(get_divergent_iterations(fit))
  max_rhat <- max(as.numeric(summary$rhat), na.rm = TRUE)
  if (divergent > 0 || max_rhat > 1.01) stop(name, ": ", divergent, " divergences, max R-hat ", max_rhat)
  out <- file.path(folder, "summary.csv")
  lines <- c(sprintf("# %s: rstan %s (Stan %s), posterior %s; 4 chains x 5,000 draws after 1,000 warm-up, seed 20261207, %d divergences",
                     name, packageVersion("rstan"), stan_version(), packageVersion("posterior"), divergent),
             "variable,mean,sd,mcse_mean,mcse_sd,ess_bulk,ess_tail,rhat",
             sprintf("\"%s\",%.10g,%.10g,%.10g,%.10g,%.1f,%.1f,%.6f", summary$variable, summary$mean, summary$sd,
                     summary$mcse_mean, summary$mcse_sd, summary$ess_bulk, summary$ess_tail, summary$rhat))
  writeLines(lines, out)
  cat(lines, sep = "\n")
}
