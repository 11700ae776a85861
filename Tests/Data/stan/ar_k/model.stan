// docs/terms.md sample 1: AR(K) with flat alpha and beta and a flat sigma > 0 (rstan 2.21's array syntax).
data { int<lower=0> K; int<lower=0> N; real y[N]; }
parameters { real alpha; real beta[K]; real<lower=0> sigma; }
model {
  for (n in (K+1):N) {
    real mu = alpha;
    for (k in 1:K) mu += beta[k] * y[n-k];
    y[n] ~ normal(mu, sigma);
  }
}
