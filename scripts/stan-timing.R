# Timing helpers shared by scripts/stan-speed.R (the seed model, eight schools) and scripts/stan-terms-speed.R
# (docs/terms.md's nine samples): one way to time Stan's NUTS and Stan's gradient. Sourced from the repository root.
# The caller sets `warmup`, `draws` and `cores` before calling nuts(); rows go to `rows` and are written by the caller.
rows <- list()
add <- function(model, what, value, unit) {
  rows[[length(rows) + 1]] <<- data.frame(model = model, what = what, value = signif(value, 4), unit = unit)
  cat(sprintf("%-14s %-44s %12.4g %s\n", model, what, value, unit))
}

# NUTS: sampling(), 4 chains × (warm-up + draws), chains on `cores` processes. Per leapfrog step: each chain's elapsed
# time (warm-up + sampling) over its n_leapfrog__ summed over warm-up and draws. ESS of lp__ (rstan's bulk n_eff over
# the 4 chains) per second of sampling time summed over chains (per core). Returns the fit.
# Also the processor time of the whole sampling() call (R's user + system time, the chains' child processes included)
# per leapfrog step: on a shared machine the chains' wall times measure the neighbours too.
nuts <- function(name, model, data, control = NULL) {
  cpu <- system.time(fit <- sampling(model, data = data, chains = 4, warmup = warmup, iter = warmup + draws, seed = 1,
                                     cores = cores, refresh = 0, control = control))
  cpu <- cpu[["user.self"]] + cpu[["sys.self"]] + sum(cpu[c("user.child", "sys.child")], na.rm = TRUE)
  elapsed <- get_elapsed_time(fit)
  params <- get_sampler_params(fit, inc_warmup = TRUE)
  leapfrogs <- sum(sapply(params, function(p) sum(p[, "n_leapfrog__"])))
  sampling_leapfrogs <- sum(sapply(params, function(p) sum(p[-seq_len(warmup), "n_leapfrog__"])))
  ess <- summary(fit, pars = "lp__")$summary["lp__", "n_eff"]
  add(name, "NUTS time per leapfrog (warm-up + draws)", 1e6 * sum(elapsed) / leapfrogs, "us")
  add(name, "NUTS time per leapfrog (draws only)", 1e6 * sum(elapsed[, "sample"]) / sampling_leapfrogs, "us")
  add(name, "NUTS processor time per leapfrog (the whole call)", 1e6 * cpu / leapfrogs, "us")
  add(name, "NUTS leapfrogs (warm-up + draws)", leapfrogs, "steps")
  add(name, "NUTS chain time summed (warm-up + draws)", sum(elapsed), "s")
  add(name, "NUTS ESS of lp__", ess, "draws")
  add(name, "NUTS ESS of lp__ per second per core", ess / sum(elapsed[, "sample"]), "1/s")
  fit
}

# Stan's gradient: grad_log_prob(fit, u) at the fit's first draw, unconstrained (the Jacobian included, as NUTS
# uses it), called in a loop lasting at least `seconds` of processor time; the least time per call of `rounds` such
# loops (the load on a shared machine only ever adds). Each call crosses from R into C++ (Rcpp), which costs more than
# a small model's gradient: the caller times the same loop on a model whose gradient is a few nanoseconds
# (scripts/normal_model.stan with one row) as the overhead, and the gradient's own time is the difference.
time_gradient <- function(fit, seconds = 0.5, rounds = 5) {
  draw <- as.matrix(fit)[1, , drop = TRUE]
  u <- unconstrain_pars(fit, relist_draw(fit, draw))
  reps <- 64L
  repeat {
    t <- system.time(for (i in seq_len(reps)) grad_log_prob(fit, u))[["user.self"]]
    if (t >= seconds) break
    reps <- reps * 4L
  }
  best <- t / reps
  for (r in seq_len(rounds - 1)) {
    best <- min(best, system.time(for (i in seq_len(reps)) grad_log_prob(fit, u))[["user.self"]] / reps)
  }
  best
}

# A named list of the fit's parameters at one draw (as as.matrix(fit) gives it, a named vector), in the shapes
# unconstrain_pars wants.
relist_draw <- function(fit, draw) {
  dims <- fit@par_dims[setdiff(fit@model_pars, "lp__")]
  pars <- list()
  for (p in names(dims)) {
    d <- dims[[p]]
    if (length(d) == 0) { pars[[p]] <- unname(draw[[p]]); next }
    # as.matrix names elements "p[i,j]" in column-major order, as array() fills.
    names_p <- grep(paste0("^", p, "\\["), names(draw), value = TRUE)
    pars[[p]] <- array(unname(draw[names_p]), dim = d)
  }
  pars
}
