// The rstan reference model for Tests/ModelGen.Outputs.Tests/Data/rstan: the same parameter layout as the
// Outputs tests' Fixtures.Small (matrix[2, 2] W; real b;), so the CSV header rstan writes can be compared
// column for column with ours.
data {
  int<lower=0> N;
  vector[N] y;
}
parameters {
  matrix[2, 2] W;
  real b;
}
model {
  to_vector(W) ~ normal(0, 1);
  b ~ normal(0, 1);
  y ~ normal(b, 1);
}
