// Tests/ModelGen.EndToEnd.Tests' BinomialRegression: y ~ binomial_logit(5, x·w + b), Normal(0, 1) on w and b.
data { int<lower=0> N; int<lower=0> K; matrix[N, K] x; int<lower=0, upper=5> y[N]; }
parameters { real b; vector[K] w; }
model {
  b ~ normal(0, 1);
  w ~ normal(0, 1);
  y ~ binomial_logit(5, x * w + b);
}
