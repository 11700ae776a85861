using System.Diagnostics;
using System.Numerics;
using ModelGen.Optimizers;
using ModelGen.Random;

namespace ModelGen.Inference;

/// <summary>
/// Mean-field automatic differentiation variational inference (Kucukelbir et al. 2017): fits
/// q(θ) = N(μ, diag σ²) in the unconstrained space by stochastic gradient ascent on the ELBO, with
/// reparameterised gradients θ = μ + σ ⊙ ε and the entropy term taken analytically.
/// </summary>
/// <remarks>
/// The driver is generic over the model's <see cref="ILogDensity{T}"/> struct, so each model gets
/// its own compiled copy of this loop with the gradient call inlined. Every buffer is allocated
/// before the first step; the loop allocates nothing.
/// </remarks>
public static class Advi
{
    /// <summary>Fits <paramref name="density"/>; the generated <c>Fit</c> method of each model calls this.</summary>
    /// <param name="density">The model's density struct.</param>
    /// <param name="model">The model, for the layout and constraint map the result keeps.</param>
    /// <param name="options">Fit options; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the fit within one iteration; the result keeps the state reached.</param>
    public static AdviFit<T> Fit<TDensity, T>(ref TDensity density, IModel<T> model, AdviOptions? options, CancellationToken cancellationToken = default)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new AdviOptions();
        options.Validate();

        int d = density.Dimension;
        ulong seed = options.Seed ?? (ulong)global::System.Random.Shared.NextInt64();
        var rng = new Rng(seed);

        // parameters = [μ; ρ], one vector so the optimizer steps both at once.
        var parameters = new T[2 * d];
        var gradient = new T[2 * d];
        var epsilon = new T[d];
        var theta = new T[d];
        var modelGradient = new T[d];
        var lastGood = new T[2 * d];
        Span<T> mu = parameters.AsSpan(0, d);
        Span<T> rho = parameters.AsSpan(d, d);

        rng.FillNormal(epsilon);
        T meanScale = T.CreateChecked(options.InitialMeanScale);
        for (int i = 0; i < d; i++)
        {
            mu[i] = meanScale * epsilon[i];
        }

        rho.Fill(T.CreateChecked(options.InitialRho));
        parameters.CopyTo(lastGood, 0);

        OptimizerState<T> optimizer = options.Optimizer.CreateState<T>(2 * d);
        var elbo = new List<ElboPoint>((options.Iterations / options.ElboEvery) + 2);
        var workspace = new Workspace<T>(epsilon, theta, modelGradient);
        StopReason reason = StopReason.IterationLimit;
        string? message = null;
        int done = 0;

        var clock = Stopwatch.StartNew();
        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            ElboGradient(ref density, ref rng, parameters, gradient, workspace, options.GradientSamples);
            optimizer.Step(parameters, gradient);
            done = iteration;

            if (iteration % options.ElboEvery == 0 || iteration == options.Iterations)
            {
                double value = EstimateElbo(ref density, ref rng, parameters, workspace, options.ElboSamples);
                if (!double.IsFinite(value))
                {
                    // Keep what was computed: roll back to the last state whose ELBO was finite.
                    lastGood.CopyTo(parameters, 0);
                    reason = StopReason.Diverged;
                    message = $"The ELBO became non-finite ({value}) by iteration {iteration}; the result holds the state at iteration {(elbo.Count == 0 ? 0 : elbo[^1].Iteration)}. Try a smaller learning rate.";
                    break;
                }

                elbo.Add(new ElboPoint(iteration, value));
                parameters.CopyTo(lastGood, 0);
            }
        }

        clock.Stop();
        return new AdviFit<T>(model, parameters.AsSpan(0, d).ToArray(), parameters.AsSpan(d, d).ToArray(), elbo, done, clock.Elapsed, reason, seed, message);
    }

    /// <summary>
    /// ∇μ ELBO = E[∇θ log p], ∇ρ ELBO = E[∇θ log p ⊙ ε ⊙ σ′(ρ)] + ∇ρ Σ log σ(ρ), averaged over S draws.
    /// </summary>
    private static void ElboGradient<TDensity, T>(ref TDensity density, ref Rng rng, T[] parameters, T[] gradient, Workspace<T> w, int samples)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = w.Theta.Length;
        ReadOnlySpan<T> mu = parameters.AsSpan(0, d);
        ReadOnlySpan<T> rho = parameters.AsSpan(d, d);
        Span<T> gMu = gradient.AsSpan(0, d);
        Span<T> gRho = gradient.AsSpan(d, d);
        gradient.AsSpan().Clear();

        for (int s = 0; s < samples; s++)
        {
            rng.FillNormal(w.Epsilon);
            for (int i = 0; i < d; i++)
            {
                w.Theta[i] = mu[i] + (MeanField.Sigma(rho[i]) * w.Epsilon[i]);
            }

            density.Gradient(w.Theta, w.Gradient);
            for (int i = 0; i < d; i++)
            {
                T g = w.Gradient[i];
                gMu[i] += g;
                gRho[i] += g * w.Epsilon[i] * MeanField.SigmaDerivative(rho[i]);
            }
        }

        T inverse = T.One / T.CreateChecked(samples);
        for (int i = 0; i < d; i++)
        {
            gMu[i] *= inverse;

            // d/dρ log softplus(ρ) = sigmoid(ρ) / softplus(ρ): the entropy's gradient.
            gRho[i] = (gRho[i] * inverse) + (MeanField.SigmaDerivative(rho[i]) / MeanField.Sigma(rho[i]));
        }
    }

    /// <summary>ELBO = E_q[log p(θ, y)] + H[q], the expectation by <paramref name="samples"/> Monte Carlo draws.</summary>
    private static double EstimateElbo<TDensity, T>(ref TDensity density, ref Rng rng, T[] parameters, Workspace<T> w, int samples)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = w.Theta.Length;
        ReadOnlySpan<T> mu = parameters.AsSpan(0, d);
        ReadOnlySpan<T> rho = parameters.AsSpan(d, d);
        double sum = 0;
        for (int s = 0; s < samples; s++)
        {
            rng.FillNormal(w.Epsilon);
            for (int i = 0; i < d; i++)
            {
                w.Theta[i] = mu[i] + (MeanField.Sigma(rho[i]) * w.Epsilon[i]);
            }

            sum += double.CreateChecked(density.LogDensity(w.Theta));
        }

        return (sum / samples) + MeanField.Entropy(rho);
    }

    private sealed class Workspace<T>(T[] epsilon, T[] theta, T[] gradient)
    {
        public T[] Epsilon { get; } = epsilon;

        public T[] Theta { get; } = theta;

        public T[] Gradient { get; } = gradient;
    }
}
