// Tests/ModelGen.EndToEnd.Tests' GroupLogits: a Bernoulli with one log-odds per arm (4 arms) and a shared
// intercept, y ~ bernoulli_logit(base + arm_logit[arm]), base ~ Normal(0, 1.5), arm_logit ~ Normal(0, 1).
data { int<lower=0> N; int<lower=1> J; int<lower=1, upper=J> arm[N]; int<lower=0, upper=1> y[N]; }
parameters { real base; vector[J] arm_logit; }
model {
  base ~ normal(0, 1.5);
  arm_logit ~ normal(0, 1);
  y ~ bernoulli_logit(base + arm_logit[arm]);
}
