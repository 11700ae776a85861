# Reference values for ModelGen.Diagnostics.Loo, computed with R's loo package (2.5.1 on Debian bookworm:
# apt-get install r-cran-loo). Run from the repository root:
#   Rscript scripts/loo-reference.R
# Writes into Tests/ModelGen.Outputs.Tests/Data/loo/ (README.md there says what each file holds):
#   <case>.csv.gz        the log-likelihood matrix, S rows (chain after chain) by N columns, 10 significant digits
#                        (network.csv.gz is read, not written: Samples/Loo makes it, see below)
#   <case>-draws.csv.gz  for the approximate-posterior case: log_p and log_g per draw
#   <case>-loo.csv       pointwise: elpd_loo, mcse_elpd_loo, p_loo, looic, influence_pareto_k, n_eff, r_eff
#   <case>-waic.csv      pointwise: elpd_waic, p_waic, waic
#   estimates.csv        case,criterion,elpd,se_elpd,p,se_p,ic,se_ic
#   compare.csv          loo_compare of the regression data's three models: model,elpd_diff,se_diff
#   grouped-loo.csv      leave-one-group-out on the outlier matrix, observations in 6 groups (i mod 6), as <case>-loo.csv
#   stacking.csv         loo_model_weights(method = "stacking") of the same three models: model,weight
#   <case>-print.txt     print(loo(...)) as loo prints it
# The matrices are generated here from seeded R generators (Gibbs samplers of Bayesian linear regressions, four
# chains each, so the draws are autocorrelated and r_eff is not 1), written to text and read back, so the values
# loo sees are exactly the values the C# tests read.
suppressPackageStartupMessages(library(loo))
dir <- "Tests/ModelGen.Outputs.Tests/Data/loo"
dir.create(dir, showWarnings = FALSE, recursive = TRUE)
fmt <- function(x) sprintf("%.17g", x)
options(width = 120)

set.seed(20261207)
n <- 30
chains <- 4
iter <- 250
warmup <- 100
x <- seq(-2, 2, length.out = n)
y_good <- 1 + 0.8 * x + 0.3 * x^2 + rnorm(n, 0, 0.7)
y_out <- y_good
y_out[c(5, 17, 26)] <- y_out[c(5, 17, 26)] + c(6, -7, 8)

# Gibbs sampler for y ~ N(X beta, sigma^2), beta ~ N(0, 10^2 I), sigma^2 ~ InvGamma(1, 1).
# With fixed_sigma, sigma stays at that value (a model that expects wide errors).
gibbs <- function(X, y, chain, fixed_sigma = NA) {
  p <- ncol(X)
  XtX <- crossprod(X)
  Xty <- crossprod(X, y)
  sigma2 <- if (is.na(fixed_sigma)) c(0.5, 1, 2, 4)[chain] else fixed_sigma^2
  out <- matrix(NA, iter, p + 1)
  for (t in seq_len(warmup + iter)) {
    V <- solve(XtX / sigma2 + diag(1 / 100, p))
    m <- V %*% Xty / sigma2
    beta <- as.vector(m + t(chol(V)) %*% rnorm(p))
    r <- y - X %*% beta
    if (is.na(fixed_sigma)) sigma2 <- 1 / rgamma(1, 1 + n / 2, 1 + sum(r^2) / 2)
    if (t > warmup) out[t - warmup, ] <- c(beta, sqrt(sigma2))
  }
  out
}
loglik <- function(draws, X, y) {
  p <- ncol(X)
  t(apply(draws, 1, function(d) dnorm(y, X %*% d[1:p], d[p + 1], log = TRUE)))
}
fit <- function(X, y, fixed_sigma = NA) do.call(rbind, lapply(seq_len(chains), function(ch) gibbs(X, y, ch, fixed_sigma)))

write_matrix <- function(name, ll) {
  con <- gzfile(file.path(dir, paste0(name, ".csv.gz")), "w")
  writeLines(c(paste0("V", seq_len(ncol(ll)), collapse = ","),
               apply(ll, 1, function(r) paste(sprintf("%.10g", r), collapse = ","))), con)
  close(con)
  as.matrix(read.csv(file.path(dir, paste0(name, ".csv.gz"))))
}

X1 <- cbind(1, x)
X2 <- cbind(1, x, x^2)
X0 <- matrix(1, n, 1)
cases <- list(
  regression = list(X = X2, y = y_good),
  linear = list(X = X1, y = y_good),
  intercept = list(X = X0, y = y_good),
  outliers = list(X = X2, y = y_out),
  wide = list(X = X2, y = y_out, sigma = 3)
)
chain_id <- rep(seq_len(chains), each = iter)
estimates <- character(0)
loos <- list()
# The seed network's matrix is not made here: Samples/Loo writes it from ModelGen's NUTS fit of the seed notebook's
# network (4 chains x 250 draws, the first 60 training rows):
#   dotnet run --project Samples/Loo -c Release -- --rows 60 --write-matrix Tests/ModelGen.Outputs.Tests/Data/loo/network.csv.gz
for (name in c(names(cases), "network")) {
  if (name == "network") {
    ll <- as.matrix(read.csv(file.path(dir, "network.csv.gz")))
  } else {
    c <- cases[[name]]
    sigma <- if (is.null(c$sigma)) NA else c$sigma
    ll <- write_matrix(name, loglik(fit(c$X, c$y, sigma), c$X, c$y))
  }
  r_eff <- relative_eff(exp(ll), chain_id = chain_id)
  l <- loo(ll, r_eff = r_eff)
  w <- suppressWarnings(waic(ll))
  loos[[name]] <- l
  pw <- cbind(l$pointwise, n_eff = l$diagnostics$n_eff, r_eff = r_eff)
  write.csv(format(as.data.frame(pw), digits = 17), file.path(dir, paste0(name, "-loo.csv")), row.names = FALSE, quote = FALSE)
  write.csv(format(as.data.frame(w$pointwise), digits = 17), file.path(dir, paste0(name, "-waic.csv")), row.names = FALSE, quote = FALSE)
  for (o in list(list("loo", l), list("waic", w))) {
    e <- o[[2]]$estimates
    estimates <- c(estimates, paste(name, o[[1]], paste(fmt(c(t(e))), collapse = ","), sep = ","))
  }
  writeLines(capture.output(print(l)), file.path(dir, paste0(name, "-print.txt")))
  writeLines(capture.output(print(w)), file.path(dir, paste0(name, "-waic-print.txt")))
}

# The approximate posterior: draws from a normal g over (beta, log sigma) fitted to the regression's draws and
# widened by 1.2, with log p the unnormalised posterior of (beta, log sigma) (the Jacobian of log sigma included).
draws <- fit(X2, y_good)
z <- cbind(draws[, 1:3], log(draws[, 4]))
mu <- colMeans(z)
L <- t(chol(1.2^2 * cov(z)))
S <- 1000
u <- matrix(rnorm(S * 4), 4)
g <- t(mu + L %*% u)
log_g <- -0.5 * colSums(u^2) - sum(log(diag(L))) - 2 * log(2 * pi)
ll_ap <- t(apply(g, 1, function(d) dnorm(y_good, X2 %*% d[1:3], exp(d[4]), log = TRUE)))
log_p <- rowSums(ll_ap) + rowSums(dnorm(g[, 1:3], 0, 10, log = TRUE)) +
  (-(1 + 1) * 2 * g[, 4] - exp(-2 * g[, 4])) + 2 * g[, 4]
ll_ap <- write_matrix("approximate", ll_ap)
con <- gzfile(file.path(dir, "approximate-draws.csv.gz"), "w")
writeLines(c("log_p,log_g", paste(sprintf("%.10g", log_p), sprintf("%.10g", log_g), sep = ",")), con)
close(con)
pg <- read.csv(file.path(dir, "approximate-draws.csv.gz"))
lap <- loo_approximate_posterior(ll_ap, log_p = pg$log_p, log_g = pg$log_g)
pw <- cbind(lap$pointwise, n_eff = lap$diagnostics$n_eff, r_eff = 1)
write.csv(format(as.data.frame(pw), digits = 17), file.path(dir, "approximate-loo.csv"), row.names = FALSE, quote = FALSE)
e <- lap$estimates
estimates <- c(estimates, paste("approximate", "loo", paste(fmt(c(t(e))), collapse = ","), sep = ","))
writeLines(capture.output(print(lap)), file.path(dir, "approximate-print.txt"))
# Leave-one-group-out: the outlier data's matrix with its 30 observations in 6 interleaved groups (observation i, from
# 0, in group i mod 6), each group's log-likelihood the sum of its observations'; loo leaves out a group at a time.
# No random numbers are drawn here, so the files above stay as they were.
ll_out <- as.matrix(read.csv(file.path(dir, "outliers.csv.gz")))
groups <- (seq_len(ncol(ll_out)) - 1) %% 6
ll_grouped <- t(apply(ll_out, 1, function(r) tapply(r, groups, sum)))
r_eff <- relative_eff(exp(ll_grouped), chain_id = chain_id)
lg <- loo(ll_grouped, r_eff = r_eff)
pw <- cbind(lg$pointwise, n_eff = lg$diagnostics$n_eff, r_eff = r_eff)
write.csv(format(as.data.frame(pw), digits = 17), file.path(dir, "grouped-loo.csv"), row.names = FALSE, quote = FALSE)
e <- lg$estimates
estimates <- c(estimates, paste("grouped", "loo", paste(fmt(c(t(e))), collapse = ","), sep = ","))
writeLines(c("case,criterion,elpd,se_elpd,p,se_p,ic,se_ic", estimates), file.path(dir, "estimates.csv"))

# Comparison over the three models of the regression data; stacking of the two models of the outlier data (normal
# errors with sigma learned, or fixed wide), whose weights are inside the simplex.
three <- list(regression = loos$regression, linear = loos$linear, intercept = loos$intercept)
cmp <- loo_compare(three)
writeLines(c("model,elpd_diff,se_diff", paste(rownames(cmp), fmt(cmp[, "elpd_diff"]), fmt(cmp[, "se_diff"]), sep = ",")), file.path(dir, "compare.csv"))
writeLines(capture.output(print(cmp)), file.path(dir, "compare-print.txt"))
writeLines(capture.output(print(cmp, simplify = FALSE)), file.path(dir, "compare-print-full.txt"))
two <- list(outliers = loos$outliers, wide = loos$wide)
wts <- loo_model_weights(two, method = "stacking")
writeLines(c("model,weight", paste(names(two), fmt(as.vector(wts)), sep = ",")), file.path(dir, "stacking.csv"))

cat("R", R.version.string, "; loo", as.character(packageVersion("loo")), "\n")
print(three$regression); print(cmp); print(wts)
