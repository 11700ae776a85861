# Times Stan (rstan) on docs/terms.md's nine samples, the Stan programs and data of Tests/Data/stan, for the
# comparison with ModelGen's terms in docs/performance.md. scripts/stan-terms-speed.sh runs it and skips cleanly where
# rstan is missing.
#   Rscript scripts/stan-terms-speed.R [OUT.tsv] [NUTS warm-up] [NUTS draws] [model ...]
# Defaults: 4 chains of 1,000 + 1,000, every sample. Run from the repository root. Per model:
#  - Stan's gradient of log p (grad_log_prob at the first draw, Jacobian included), less R's call overhead
#    (scripts/stan-timing.R says how that is measured);
#  - NUTS per leapfrog step (wall and processor time) and ESS of lp__ per second per core (scripts/stan-timing.R), the
#    chains one after another, with the sampler settings of the reference runs (Tests/Data/stan/control.R).
suppressPackageStartupMessages({ library(rstan); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[[1]] else "stan-terms-speed.tsv"
warmup <- if (length(args) >= 2) as.integer(args[[2]]) else 1000L
draws <- if (length(args) >= 3) as.integer(args[[3]]) else 1000L
models <- if (length(args) >= 4) args[-(1:3)] else
  c("ar_k", "arma11", "garch11", "mixture", "hmm", "changepoint", "flat_regression", "gp_regression", "varying_slopes")
if (!file.exists(rstan_options("boost_lib")) && file.exists("/usr/include/boost")) rstan_options(boost_lib = "/usr/include")
rstan_options(auto_write = FALSE)
cores <- 1L  # chains one after another: the processor time per leapfrog step is the figure compared
source("scripts/stan-timing.R")
dir <- "Tests/Data/stan"
source(file.path(dir, "control.R"))

cat("R", R.version.string, "; rstan", as.character(packageVersion("rstan")), "; cores", cores, "\n")
# R's call overhead: the gradient loop on a model whose own gradient is a few nanoseconds.
tiny <- stan_model("scripts/normal_model.stan", model_name = "normal_model")
tiny_fit <- suppressWarnings(sampling(tiny, data = list(N = 1L, y = array(0.5, dim = 1)), chains = 1, iter = 20, seed = 1, refresh = 0))
for (name in models) {
  folder <- file.path(dir, name)
  data <- read_json(file.path(folder, "data.json"), simplifyVector = TRUE)
  model <- stan_model(file.path(folder, "model.stan"), model_name = name)
  fit <- nuts(name, model, data, control[[name]])
  # The overhead timed right beside each model's gradient, so both see the same load.
  overhead <- time_gradient(tiny_fit)
  gradient <- time_gradient(fit)
  add(name, "grad_log_prob per call (R's call overhead)", 1e6 * overhead, "us")
  add(name, "grad_log_prob per call", 1e6 * gradient, "us")
  add(name, "gradient less R's call overhead", 1e6 * (gradient - overhead), "us")
}
write.table(do.call(rbind, rows), out, sep = "\t", quote = FALSE, row.names = FALSE)
cat("wrote", out, "\n")
