// docs/terms.md sample 7: linear regression with flat coefficient priors (Stan's user guide leaves them flat), the
// same model as Samples/Regression's FlatRegressionModel (three weights and a bias, Flat; sigma HalfFlat).
data { int<lower=0> N; int<lower=0> K; matrix[N, K] x; vector[N] y; }
parameters { real alpha; vector[K] beta; real<lower=0> sigma; }
model { y ~ normal(x * beta + alpha, sigma); }
