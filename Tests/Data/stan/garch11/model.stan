// docs/terms.md sample 3: GARCH(1, 1), flat priors within the constraints (rstan 2.21's array syntax).
data { int<lower=0> T; real r[T]; real<lower=0> sigma1; }
parameters { real mu; real<lower=0> alpha0; real<lower=0, upper=1> alpha1; real<lower=0, upper=(1-alpha1)> beta1; }
model {
  real sigma[T]; sigma[1] = sigma1;
  for (t in 2:T) sigma[t] = sqrt(alpha0 + alpha1 * pow(r[t - 1] - mu, 2) + beta1 * pow(sigma[t - 1], 2));
  r ~ normal(mu, sigma);
}
