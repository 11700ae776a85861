# Writes each reference model's data.json: synthetic data with known truth (or the published eight-schools data),
# rounded to 6 significant digits so that R, Stan and the C# tests read the same numbers. Run once from the
# repository root when a data set is added (Rscript Tests/Data/stan/make-data.R NAME ...); the files are committed
# and are the data of record, so R's generator need not reproduce them bit for bit later.
suppressPackageStartupMessages(library(jsonlite))
dir <- "Tests/Data/stan"
r6 <- function(v) signif(v, 6)
write_data <- function(name, data) {
  write_json(data, file.path(dir, name, "data.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
  cat("wrote", file.path(dir, name, "data.json"), "\n")
}
makers <- list(
  flat_regression = function() {
    set.seed(71); N <- 100; K <- 3
    x <- r6(matrix(rnorm(N * K), N, K))
    y <- r6(1.5 + x %*% c(0.8, -1.2, 0.3) + rnorm(N, 0, 0.6))
    list(N = N, K = K, x = x, y = as.vector(y))
  },
  eight_schools = function() {
    list(J = 8, y = c(28, 8, -3, 7, -1, 1, 18, 12), sigma = c(15, 10, 16, 11, 9, 11, 10, 18))
  },
  poisson_regression = function() {
    set.seed(72); N <- 200; K <- 3
    x <- r6(matrix(rnorm(N * K, 0, 0.5), N, K))
    y <- rpois(N, exp(0.5 + x %*% c(0.4, -0.3, 0.2)))
    list(N = N, K = K, x = x, y = as.integer(y))
  },
  negbin_regression = function() {
    set.seed(73); N <- 200; K <- 3
    x <- r6(matrix(rnorm(N * K, 0, 0.5), N, K))
    y <- rnbinom(N, size = 3, mu = exp(1 + x %*% c(0.4, -0.3, 0.2)))
    list(N = N, K = K, x = x, y = as.integer(y))
  },
  ar_k = function() {
    set.seed(74); N <- 200; K <- 2; y <- numeric(N + 50)
    for (n in 3:(N + 50)) y[n] <- 0.5 + 0.6 * y[n - 1] - 0.3 * y[n - 2] + rnorm(1)
    list(K = K, N = N, y = r6(tail(y, N)))
  },
  student_t_regression = function() {
    set.seed(76); N <- 150; K <- 2
    x <- r6(matrix(rnorm(N * K), N, K))
    y <- r6(0.5 + x %*% c(1, -0.5) + 0.7 * rt(N, df = 4))
    list(N = N, K = K, x = x, y = as.vector(y))
  },
  binomial_regression = function() {
    set.seed(77); N <- 150; K <- 2
    x <- r6(matrix(rnorm(N * K), N, K))
    y <- rbinom(N, 5, plogis(-0.3 + x %*% c(0.8, -0.6)))
    list(N = N, K = K, x = x, y = as.integer(y))
  },
  softmax_regression = function() {
    set.seed(78); N <- 150; K <- 2
    x <- r6(matrix(rnorm(N * K), N, K))
    eta <- x %*% matrix(c(1, -1, 0, 0.5, -0.5, 1), K, 3) + matrix(c(0.2, 0, -0.2), N, 3, byrow = TRUE)
    p <- exp(eta) / rowSums(exp(eta))
    y <- apply(p, 1, function(pr) sample.int(3, 1, prob = pr))
    list(N = N, K = K, x = x, y = as.integer(y))
  },
  group_logits = function() {
    set.seed(79); J <- 4; N <- 120; arm <- rep(1:J, length.out = N)
    y <- rbinom(N, 1, plogis(0.3 + c(-1, 0, 0.5, 1.2)[arm]))
    list(N = N, J = J, arm = as.integer(arm), y = as.integer(y))
  },
  arma11 = function() {
    set.seed(80); T <- 200; mu <- 0.4; phi <- 0.6; theta <- 0.3; err <- rnorm(T, 0, 0.8); y <- numeric(T)
    y[1] <- mu + phi * mu + err[1]
    for (t in 2:T) y[t] <- mu + phi * y[t - 1] + theta * err[t - 1] + err[t]
    list(T = T, y = r6(y))
  },
  garch11 = function() {
    set.seed(81); T <- 300; mu <- 0.1; a0 <- 0.2; a1 <- 0.3; b1 <- 0.5; sigma1 <- 1; r <- numeric(T); s <- sigma1
    r[1] <- mu + s * rnorm(1)
    for (t in 2:T) { s <- sqrt(a0 + a1 * (r[t - 1] - mu)^2 + b1 * s^2); r[t] <- mu + s * rnorm(1) }
    list(T = T, r = r6(r), sigma1 = sigma1)
  },
  changepoint = function() {
    set.seed(82); T <- 60; s <- 25
    list(r_e = 0.5, r_l = 0.5, T = T, D = as.integer(rpois(T, ifelse(seq_len(T) < s, 4, 1.2))))
  },
  gp_regression = function() {
    set.seed(83); N <- 30; x <- r6(sort(runif(N, -5, 5)))
    K <- outer(x, x, function(a, b) exp(-(a - b)^2 / (2 * 1.5^2))) + diag(1e-9, N)
    f <- as.vector(t(chol(K)) %*% rnorm(N))
    list(N = N, x = x, y = r6(f + rnorm(N, 0, 0.3)))
  },
  varying_slopes = function() {
    set.seed(84); N <- 300; K <- 2; J <- 8; g <- rep(1:J, length.out = N)
    x <- cbind(1, r6(rnorm(N)))
    L <- t(chol(matrix(c(1, 0.4, 0.4, 1), 2, 2)))
    beta <- matrix(c(0.3, -0.6), J, K, byrow = TRUE) + t(diag(c(0.8, 0.5)) %*% L %*% matrix(rnorm(K * J), K, J))
    y <- rbinom(N, 1, plogis(rowSums(x * beta[g, ])))
    list(N = N, K = K, J = J, g = as.integer(g), x = x, y = as.integer(y))
  },
  hmm = function() {
    set.seed(85); K <- 2; V <- 3; T <- 200
    theta <- matrix(c(0.85, 0.15, 0.2, 0.8), K, K, byrow = TRUE)
    phi <- matrix(c(0.7, 0.2, 0.1, 0.1, 0.3, 0.6), K, V, byrow = TRUE)
    z <- integer(T); w <- integer(T); z[1] <- 1
    for (t in seq_len(T)) {
      if (t > 1) z[t] <- sample.int(K, 1, prob = theta[z[t - 1], ])
      w[t] <- sample.int(V, 1, prob = phi[z[t], ])
    }
    list(K = K, V = V, T = T, w = as.integer(w), alpha = c(1, 1), beta = matrix(c(3, 1, 1, 1, 1, 3), K, V, byrow = TRUE))
  },
  hmm3 = function() {
    set.seed(86); K <- 3; V <- 4; T <- 300
    theta <- matrix(c(0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.15, 0.15, 0.7), K, K, byrow = TRUE)
    phi <- matrix(c(0.6, 0.2, 0.1, 0.1, 0.1, 0.6, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6), K, V, byrow = TRUE)
    z <- integer(T); w <- integer(T); z[1] <- 1
    for (t in seq_len(T)) {
      if (t > 1) z[t] <- sample.int(K, 1, prob = theta[z[t - 1], ])
      w[t] <- sample.int(V, 1, prob = phi[z[t], ])
    }
    list(K = K, V = V, T = T, w = as.integer(w), alpha = c(1, 1, 1),
         beta = matrix(c(4, 1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 4), K, V, byrow = TRUE))
  },
  mixture = function() {
    set.seed(75); N <- 200; z <- runif(N) < 0.4
    list(N = N, y = r6(ifelse(z, rnorm(N, -1.5, 0.8), rnorm(N, 2, 1.2))))
  })
names <- commandArgs(trailingOnly = TRUE)
if (length(names) == 0) names <- names(makers)
for (name in names) write_data(name, makers[[name]]())
