# Reference values for ModelGen.Diagnostics.Psis, computed with R's loo package.
# Run from the repository root:
#   Rscript scripts/psis-reference.R
# Writes into Tests/ModelGen.Outputs.Tests/Data/psis/:
#   <case>.csv             the input: one column log_ratio (log p - log q per draw), 17 significant digits
#   reference.csv          case,draws,tail_length,k,n_eff : loo::psis(log_ratios, r_eff = 1) on each input
#                          (k = $diagnostics$pareto_k, n_eff = $diagnostics$n_eff)
#   heavy-log-weights.csv  log_weight: psis()$log_weights (smoothed, truncated, not normalised) for case 'heavy'
# The inputs are generated here from seeded R generators, then read back from the CSV text, so the values
# loo sees are exactly the values the C# tests read.
suppressPackageStartupMessages(library(loo))
dir <- "Tests/ModelGen.Outputs.Tests/Data/psis"
dir.create(dir, showWarnings = FALSE, recursive = TRUE)
fmt <- function(x) sprintf("%.17g", x)

set.seed(20261127)
cases <- list()
# Proposal wider than the target, q = N(0, 1.5^2), p = N(0, 1): bounded ratios, a light (k < 0) tail.
x <- rnorm(1000, 0, 1.5)
cases$light <- dnorm(x, 0, 1, log = TRUE) - dnorm(x, 0, 1.5, log = TRUE)
# Proposal narrower than the target, q = N(0, 1), p = N(0, 1.5^2): a heavy tail (k near 1 - 1/1.5^2 = 0.56).
x <- rnorm(4000, 0, 1)
cases$heavy <- dnorm(x, 0, 1.5, log = TRUE) - dnorm(x, 0, 1, log = TRUE)
# Normal proposal for a Student-t(3) target: the classic mismatch, k well above 0.7.
x <- rnorm(2000, 0, 1)
cases$normal_t3 <- dt(x, df = 3, log = TRUE) - dnorm(x, 0, 1, log = TRUE)
# Ratios that are exactly generalized Pareto-tailed: w = U^(-0.3), so the true k is 0.3.
cases$pareto03 <- -0.3 * log(runif(3000))
# A mean-field proposal for a correlated 2-d target (rho = 0.8), the situation of ADVI: q = N(0, diag 0.6^2).
z <- matrix(rnorm(2 * 2500, 0, 0.6), ncol = 2)
cases$meanfield <- -0.5 * (z[, 1]^2 - 1.6 * z[, 1] * z[, 2] + z[, 2]^2) / 0.36 - log(2 * pi * 0.6) -
  (rowSums(dnorm(z, 0, 0.6, log = TRUE)))

rows <- character(0)
for (name in names(cases)) {
  path <- file.path(dir, paste0(name, ".csv"))
  writeLines(c("log_ratio", fmt(cases[[name]])), path)
  lr <- read.csv(path)$log_ratio
  p <- psis(lr, r_eff = 1)
  rows <- c(rows, paste(name, length(lr), attr(p, "tail_len"), fmt(p$diagnostics$pareto_k), fmt(p$diagnostics$n_eff), sep = ","))
  if (name == "heavy") {
    writeLines(c("log_weight", fmt(as.vector(p$log_weights))), file.path(dir, "heavy-log-weights.csv"))
  }
}
writeLines(c("case,draws,tail_length,k,n_eff", rows), file.path(dir, "reference.csv"))
cat("R", R.version.string, "; loo", as.character(packageVersion("loo")), "\n")
cat(readLines(file.path(dir, "reference.csv")), sep = "\n")
