// docs/terms.md sample 9: hierarchical logistic regression with correlated varying slopes, non-centred, an LKJ prior
// on the Cholesky factor of their correlation (rstan 2.21's array syntax).
data { int<lower=0> N; int<lower=1> K; int<lower=1> J; int<lower=1, upper=J> g[N];
       matrix[N, K] x; int<lower=0, upper=1> y[N]; }
parameters { matrix[K, J] z; cholesky_factor_corr[K] L_Omega; vector<lower=0>[K] tau; vector[K] gamma; }
transformed parameters { matrix[J, K] beta = rep_matrix(gamma', J) + (diag_pre_multiply(tau, L_Omega) * z)'; }
model {
  to_vector(z) ~ std_normal(); L_Omega ~ lkj_corr_cholesky(2); tau ~ cauchy(0, 2.5); gamma ~ normal(0, 5);
  for (n in 1:N) y[n] ~ bernoulli_logit(x[n] * beta[g[n]]');
}
