# Reads a draws.csv written by ModelGen's StanCsv with rstan::read_stan_csv and checks that rstan sees what
# ModelGen wrote: the draws (the first row, the approximation's mean, dropped as rstan does for variational
# output), the parameter names turned back into Stan's bracket form, and means equal to ModelGen's summary.csv.
# It also prints loo's Pareto k-hat for log_p__ - log_g__, for comparison with ModelGen.Diagnostics.Psis.
# Usage (from the repository root; scripts/check-rstan.sh runs the Moons sample first and calls this):
#   Rscript scripts/check-rstan.R DRAWS.csv [SUMMARY.csv]
# Exit status 0 when every check passes, 1 otherwise. Needs rstan and loo; not run by CI.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript scripts/check-rstan.R DRAWS.csv [SUMMARY.csv]")
draws_path <- args[[1]]
summary_path <- if (length(args) >= 2) args[[2]] else file.path(dirname(draws_path), "summary.csv")
suppressPackageStartupMessages({ library(rstan); library(loo) })
cat("R", R.version.string, "; rstan", as.character(packageVersion("rstan")), "; loo", as.character(packageVersion("loo")), "\n")

failures <- 0
check <- function(ok, what) {
  ok <- isTRUE(ok)
  cat(if (ok) "ok  " else "FAIL", what, "\n")
  if (!ok) failures <<- failures + 1
}

# rstan warns that the file has no "Elapsed Time" line: neither has rstan's own vb output.
fit <- suppressWarnings(read_stan_csv(draws_path))
raw <- read.csv(draws_path, comment.char = "#", check.names = FALSE)
output_samples <- nrow(raw) - 1
sims <- as.matrix(fit)
# rstan lists log_p__ and log_g__ among the parameters (it does so for its own vb files too): leave them out.
pars <- setdiff(colnames(sims), c("lp__", "log_p__", "log_g__"))
check(nrow(sims) == output_samples, sprintf("rstan reads %d draws (the file has %d rows: the mean, then %d draws)", nrow(sims), nrow(raw), output_samples))
check(fit@stan_args[[1]]$iter == output_samples, "stan_args$iter is output_samples, as for rstan's own vb files")

# Means as rstan reports them, against ModelGen's summary.csv (bracket names, any order).
ours <- read.csv(summary_path, check.names = FALSE)
# summary.csv keeps ModelGen's block names ("Hidden1.Weights[1,2]"); the CSV columns, and so rstan, use Stan
# identifiers ("Hidden1_Weights[1,2]"): the same mapping, '.' to '_' in the block name.
ours$name <- paste0(gsub(".", "_", sub("\\[.*$", "", ours$name), fixed = TRUE), sub("^[^[]*", "", ours$name))
rstan_means <- summary(fit, probs = c(0.05, 0.5, 0.95))$summary[pars, "mean"]
check(setequal(names(rstan_means), ours$name), sprintf("the %d parameter names rstan builds are summary.csv's", length(pars)))
ours_means <- setNames(ours$mean, ours$name)[names(rstan_means)]
difference <- abs(rstan_means - ours_means) / pmax(1, abs(ours_means))
# The file holds each value in its shortest round-trip form for its type (float for float models), which rstan
# parses as a double: the means can differ by about a float rounding (1e-7 relative), no more.
check(max(difference) < 1e-6, sprintf("means equal summary.csv's: largest difference %.3g (relative, tolerance 1e-6)", max(difference)))

# The same draws, column by column: the order of the dotted names is column-major (first index fastest).
dotted <- gsub("\\]", "", gsub("[\\[,]", ".", pars))
first <- unlist(raw[2, dotted])
check(all(first == sims[1, pars]), "draw 1 of every parameter equals row 2 of the file")

log_ratios <- raw$log_p__[-1] - raw$log_g__[-1]
p <- suppressWarnings(psis(log_ratios, r_eff = 1))
cat(sprintf("loo::psis on log_p__ - log_g__: k-hat = %.17g (tail %d of %d draws)\n", p$diagnostics$pareto_k, attr(p, "tail_len"), length(log_ratios)))
cat(sprintf("rstan means of the first parameters: %s\n", paste(sprintf("%s = %.6f", head(names(rstan_means), 3), head(rstan_means, 3)), collapse = ", ")))
if (failures > 0) quit(status = 1)
cat("all checks passed\n")
