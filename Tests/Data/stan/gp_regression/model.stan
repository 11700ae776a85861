// docs/terms.md sample 8: Gaussian-process regression with an exponentiated-quadratic kernel through a Cholesky
// factor (rstan 2.21: cov_exp_quad is gp_exp_quad_cov's older name).
data { int<lower=1> N; real x[N]; vector[N] y; }
transformed data { vector[N] mu = rep_vector(0, N); }
parameters { real<lower=0> rho; real<lower=0> alpha; real<lower=0> sigma; }
model {
  matrix[N, N] L_K;
  matrix[N, N] K = cov_exp_quad(x, alpha, rho);
  for (n in 1:N) K[n, n] = K[n, n] + square(sigma);
  L_K = cholesky_decompose(K);
  rho ~ inv_gamma(5, 5); alpha ~ std_normal(); sigma ~ std_normal();
  y ~ multi_normal_cholesky(mu, L_K);
}
