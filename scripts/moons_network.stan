// The seed network of Samples/Moons (2 -> 5 -> 5 -> 1, tanh, no biases, Normal(0, 1) weights, Bernoulli logit),
// for scripts/stan-speed.R. Written in the array syntax of Stan 2.21 (Debian's r-cran-rstan).
data {
  int<lower=0> N;
  matrix[N, 2] X;
  int<lower=0, upper=1> y[N];
}
parameters {
  matrix[2, 5] W1;
  matrix[5, 5] W2;
  vector[5] W3;
}
model {
  to_vector(W1) ~ normal(0, 1);
  to_vector(W2) ~ normal(0, 1);
  W3 ~ normal(0, 1);
  y ~ bernoulli_logit(tanh(tanh(X * W1) * W2) * W3);
}
