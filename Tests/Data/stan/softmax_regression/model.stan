// Tests/ModelGen.EndToEnd.Tests' ThreeClassRegression: three classes, y ~ categorical_logit(W' x + b), Normal(0, 1) on
// every weight and bias (the prior identifies the otherwise free shift of the logits). Classes are 1-based here,
// 0-based in ModelGen's rows; W is K x 3 as ModelGen's Dense weights (inputs x units).
data { int<lower=0> N; int<lower=0> K; matrix[N, K] x; int<lower=1, upper=3> y[N]; }
parameters { matrix[K, 3] W; row_vector[3] b; }
model {
  to_vector(W) ~ normal(0, 1);
  b ~ normal(0, 1);
  for (n in 1:N) y[n] ~ categorical_logit((x[n] * W + b)');
}
