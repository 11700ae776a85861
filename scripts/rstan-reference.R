# Produces Tests/ModelGen.Outputs.Tests/Data/rstan/normal_model-vb.csv: a real output file of rstan's ADVI
# (rstan::vb with sample_file), the reference the Outputs tests check StanCsv's layout against.
# Run from the repository root (compiles the model's C++ once, a few minutes):
#   Rscript scripts/rstan-reference.R
# Needs rstan (Debian/Ubuntu: apt-get install r-cran-rstan). The file depends on the rstan version and the
# C++ toolchain only through its numbers; the layout is what the tests read.
suppressPackageStartupMessages(library(rstan))
out_dir <- "Tests/ModelGen.Outputs.Tests/Data/rstan"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
data <- list(N = 5L, y = c(0.3, -0.4, 1.1, 0.6, 0.2))
# Debian's r-cran-bh has no headers of its own (they are libboost-dev's, in /usr/include): point rstan there.
if (!file.exists(rstan_options("boost_lib")) && file.exists("/usr/include/boost")) rstan_options(boost_lib = "/usr/include")
model <- stan_model("scripts/normal_model.stan", model_name = "normal_model")
fit <- vb(model, data = data, algorithm = "meanfield", iter = 10000, output_samples = 1000, seed = 7,
          sample_file = file.path(out_dir, "normal_model-vb.csv"))
cat("R", R.version.string, "\n")
cat("rstan", as.character(packageVersion("rstan")), "\n")
cat("StanHeaders", as.character(packageVersion("StanHeaders")), "\n")
# k-hat of log_p__ - log_g__: rstan's own (vb computes it from the in-memory draws at full precision) and
# loo's on the file's columns (6 significant digits), which ModelGen's Psis must reproduce from the file.
csv <- read.csv(file.path(out_dir, "normal_model-vb.csv"), comment.char = "#")[-1, ]
on_file <- suppressWarnings(loo::psis(csv$log_p__ - csv$log_g__, r_eff = 1))
writeLines(c("source,k",
             sprintf("rstan_vb,%.17g", fit@sim$diagnostics$psis$pareto_k),
             sprintf("loo_psis_on_file,%.17g", on_file$diagnostics$pareto_k)),
           file.path(out_dir, "pareto-k.csv"))
cat("loo", as.character(packageVersion("loo")), "\n")
cat(readLines(file.path(out_dir, "pareto-k.csv")), sep = "\n")
print(fit, probs = c(0.05, 0.5, 0.95), digits_summary = 4)
