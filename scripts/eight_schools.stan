// Eight schools, non-centred (the Stan case study's form), for scripts/stan-speed.R; the same model as
// Tests/ModelGen.EndToEnd.Tests' EightSchoolsNonCentred and Tests/Benchmarks' NutsBenchmarks.
data {
  int<lower=0> J;
  vector[J] y;
  vector<lower=0>[J] sigma;
}
parameters {
  real mu;
  real<lower=0> tau;
  vector[J] z;
}
model {
  mu ~ normal(0, 5);
  tau ~ cauchy(0, 5);
  z ~ normal(0, 1);
  y ~ normal(mu + tau * z, sigma);
}
