# Reference values for ModelGen's convergence diagnostics (Runtime/Diagnostics/Convergence.cs), from R's
# posterior package (Debian r-cran-posterior 1.4.0). Run from this folder: Rscript make-reference.R
# It writes one draws file per case (<case>.csv: one column per chain, one row per iteration, 17 significant
# digits) and reference.csv (case, statistic, value) with what posterior computes on exactly those draws.
library(posterior)
set.seed(20261127)

ar1 <- function(n, phi, innovation = rnorm) {
  x <- numeric(n)
  x[1] <- innovation(1) / sqrt(1 - phi^2)
  for (i in 2:n) x[i] <- phi * x[i - 1] + innovation(1)
  x
}

cases <- list(
  # Well mixed, mildly autocorrelated normal chains.
  ar_mild = sapply(1:4, function(c) ar1(1000, 0.5)),
  # Strongly autocorrelated heavy-tailed chains (t with 3 degrees of freedom innovations).
  ar_heavy = sapply(1:4, function(c) ar1(1000, 0.9, function(k) rt(k, 3))),
  # Antithetic chains (negative autocorrelation): the ESS exceeds the draw count, up to posterior's cap.
  antithetic = sapply(1:4, function(c) ar1(1000, -0.6)),
  # One chain stuck elsewhere: R-hat far above 1.
  shifted = sapply(1:4, function(c) ar1(1000, 0.3) + ifelse(c == 4, 1.5, 0)),
  # An odd number of iterations: the split drops the middle draw.
  odd = sapply(1:3, function(c) ar1(101, 0.2)),
  # Discrete draws with many ties: average ranks.
  ties = sapply(1:4, function(c) rpois(400, 3)),
  # A single chain (split R-hat compares its halves).
  single = matrix(ar1(500, 0.7), ncol = 1),
  # Scale differs between chains (the folded, tail R-hat catches it).
  scale = sapply(1:4, function(c) rnorm(800) * ifelse(c == 1, 2, 1))
)

rows <- list()
for (name in names(cases)) {
  x <- cases[[name]]
  write.table(matrix(sprintf("%.17g", x), nrow = nrow(x)), paste0(name, ".csv"), sep = ",", quote = FALSE,
              row.names = FALSE, col.names = paste0("chain", seq_len(ncol(x))))
  values <- c(rhat = rhat(x), ess_bulk = ess_bulk(x), ess_tail = ess_tail(x), ess_mean = ess_mean(x),
              mcse_mean = mcse_mean(x), mcse_sd = mcse_sd(x), ess_q05 = unname(ess_quantile(x, 0.05)))
  rows[[name]] <- data.frame(case = name, statistic = names(values), value = sprintf("%.15e", values))
}
write.csv(do.call(rbind, rows), "reference.csv", row.names = FALSE, quote = FALSE)
