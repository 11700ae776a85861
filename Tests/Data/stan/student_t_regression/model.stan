// Tests/ModelGen.EndToEnd.Tests' StudentTRegression: y ~ student_t(nu, x·w + b, scale), Normal(0, 2) on the weights
// and the bias, Gamma(2, rate 0.1) on nu, HalfNormal(1) on the scale.
data { int<lower=0> N; int<lower=0> K; matrix[N, K] x; vector[N] y; }
parameters { real<lower=0> nu; real<lower=0> scale; real b; vector[K] w; }
model {
  nu ~ gamma(2, 0.1);
  scale ~ normal(0, 1);
  b ~ normal(0, 2);
  w ~ normal(0, 2);
  y ~ student_t(nu, x * w + b, scale);
}
