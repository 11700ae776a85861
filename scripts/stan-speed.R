# Times Stan (rstan) on the seed model and on eight schools, for the comparison in docs/performance.md
# ("Session 7: runtime"). scripts/stan-speed.sh runs it and skips cleanly where rstan is missing.
#   Rscript scripts/stan-speed.R [OUT.tsv] [vb iterations] [NUTS warm-up] [NUTS draws]
# Defaults: 50,000 vb iterations; 4 chains of 1,000 + 1,000. Run from the repository root.
# What is timed, and how it matches ModelGen's figures:
#  - vb(): mean-field ADVI on Tests/Data/moons_train.csv, the ELBO every 100 iterations from 100 draws (Stan's
#    default and ModelGen's), one gradient draw a step, tol_rel_obj 1e-12 so it runs all its iterations. The time
#    is the vb() call (Stan's eta adaptation included, as the default fit does), the model compiled beforehand,
#    as wall time and as processor time (R's system.time: user + system), the fair figure on a shared machine.
#  - NUTS: sampling(), 4 chains × (warm-up + draws), chains on min(4, cores) processes. Per leapfrog step: each
#    chain's elapsed time (warm-up + sampling) over its n_leapfrog__ summed over warm-up and draws. ESS of lp__
#    (rstan's bulk n_eff over the 4 chains) per second of sampling time summed over chains (per core).
suppressPackageStartupMessages(library(rstan))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[[1]] else "stan-speed.tsv"
vb_iter <- if (length(args) >= 2) as.integer(args[[2]]) else 50000L
warmup <- if (length(args) >= 3) as.integer(args[[3]]) else 1000L
draws <- if (length(args) >= 4) as.integer(args[[4]]) else 1000L
# Debian's r-cran-bh has no headers of its own (they are libboost-dev's, in /usr/include): point rstan there.
if (!file.exists(rstan_options("boost_lib")) && file.exists("/usr/include/boost")) rstan_options(boost_lib = "/usr/include")
rstan_options(auto_write = FALSE)
cores <- min(4L, parallel::detectCores())

moons <- read.csv("Tests/Data/moons_train.csv")
moons_data <- list(N = nrow(moons), X = as.matrix(moons[, c("x1", "x2")]), y = as.integer(moons$y))
schools_data <- list(J = 8L, y = c(28, 8, -3, 7, -1, 1, 18, 12), sigma = c(15, 10, 16, 11, 9, 11, 10, 18))

source("scripts/stan-timing.R")


cat("R", R.version.string, "; rstan", as.character(packageVersion("rstan")), "; cores", cores, "\n")
moons_model <- stan_model("scripts/moons_network.stan", model_name = "moons_network")
schools_model <- stan_model("scripts/eight_schools.stan", model_name = "eight_schools")

vb_time <- system.time(
  vb(moons_model, data = moons_data, algorithm = "meanfield", iter = vb_iter, grad_samples = 1,
     elbo_samples = 100, eval_elbo = 100, tol_rel_obj = 1e-12, output_samples = 1000, seed = 1, refresh = 0)
)
# Processor time as well as wall time: on a shared machine the wall clock measures the neighbours too.
vb_cpu <- vb_time[["user.self"]] + vb_time[["sys.self"]]
add("moons", sprintf("vb() %d iterations, ELBO every 100 from 100", vb_iter), vb_time[["elapsed"]], "s")
add("moons", "vb() processor time", vb_cpu, "s")
add("moons", "vb() processor time per iteration", 1e6 * vb_cpu / vb_iter, "us")
nuts("moons", moons_model, moons_data)
nuts("eight_schools", schools_model, schools_data)

write.table(do.call(rbind, rows), out, sep = "\t", quote = FALSE, row.names = FALSE)
cat("wrote", out, "\n")
