# Per model: Stan sampler settings beyond the defaults, used by every script that runs these models through NUTS
# (Tests/Data/stan/run.R for the reference summaries, scripts/stan-terms-speed.R for the speed comparison).
# Eight schools' tau and the varying slopes' correlation factor need a smaller step near their boundaries.
control <- list(eight_schools = list(adapt_delta = 0.95), varying_slopes = list(adapt_delta = 0.95))
