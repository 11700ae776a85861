// Samples/CountRegression's NegativeBinomialRegression: y ~ NegativeBinomial(mean exp(x·w + b), dispersion phi),
// variance mu + mu^2/phi; Normal(0, 2) on the weights and the bias, Gamma(2, rate 0.5) on phi.
data { int<lower=0> N; int<lower=0> K; matrix[N, K] x; int<lower=0> y[N]; }
parameters { real b; vector[K] w; real<lower=0> phi; }
model {
  b ~ normal(0, 2);
  w ~ normal(0, 2);
  phi ~ gamma(2, 0.5);
  y ~ neg_binomial_2_log(x * w + b, phi);
}
