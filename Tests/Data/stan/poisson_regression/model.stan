// Samples/CountRegression's PoissonRegression: y ~ Poisson(exp(x·w + b)), Normal(0, 2) on the weights and the bias.
data { int<lower=0> N; int<lower=0> K; matrix[N, K] x; int<lower=0> y[N]; }
parameters { real b; vector[K] w; }
model {
  b ~ normal(0, 2);
  w ~ normal(0, 2);
  y ~ poisson_log(x * w + b);
}
