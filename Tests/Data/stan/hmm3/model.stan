// docs/terms.md sample 5 with three states: the Stan users' forward algorithm, simplex transition and emission rows
// (rstan 2.21's array syntax), the same program as hmm/ on data with K = 3. Each state has its own emission prior
// (beta[k]): with one prior shared by every state the posterior is symmetric under relabelling the states.
data { int<lower=1> K; int<lower=1> V; int<lower=0> T; int<lower=1, upper=V> w[T];
       vector<lower=0>[K] alpha; vector<lower=0>[V] beta[K]; }
parameters { simplex[K] theta[K]; simplex[V] phi[K]; }
model {
  for (k in 1:K) theta[k] ~ dirichlet(alpha);
  for (k in 1:K) phi[k] ~ dirichlet(beta[k]);
  { real acc[K]; real gamma[T, K];
    for (k in 1:K) gamma[1, k] = log(phi[k, w[1]]);
    for (t in 2:T) for (k in 1:K) {
      for (j in 1:K) acc[j] = gamma[t - 1, j] + log(theta[j, k]) + log(phi[k, w[t]]);
      gamma[t, k] = log_sum_exp(acc);
    }
    target += log_sum_exp(gamma[T]); }
}
