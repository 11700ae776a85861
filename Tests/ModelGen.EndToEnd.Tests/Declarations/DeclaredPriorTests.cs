using ModelGen.Diagnostics;
using ModelGen.Draws;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// Models of declarations with priors only (docs/terms.md, "Parameters"), fitted by NUTS: the posterior is the prior,
/// whose moments are known in closed form, written out here. Each mean and sd must lie within 4 Monte Carlo standard
/// errors (posterior's MCSEs from the draws' own ESS); a wrong transform, log-Jacobian or prior moves them by many.
/// </summary>
public sealed class DeclaredPriorTests
{
    [Fact]
    public void A_simplex_with_a_Dirichlet_prior_has_the_Dirichlet_moments()
    {
        double[] alpha = [1, 2, 3];
        var model = new DirichletPrior(k: 3, alpha: alpha);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 11 });
        var failures = new List<string>();

        // E θ_k = α_k/α₀, Var θ_k = α_k(α₀ − α_k)/(α₀²(α₀ + 1)), α₀ = Σ α.
        double a0 = alpha.Sum();
        int offset = model.Layout["Theta"].Offset;
        for (int k = 0; k < 3; k++)
        {
            double mean = alpha[k] / a0;
            double sd = Math.Sqrt(alpha[k] * (a0 - alpha[k]) / (a0 * a0 * (a0 + 1)));
            Moments($"Theta[{k}]", fit.ChainsOf(offset + k), mean, sd, failures);
        }

        // Every draw is a simplex.
        for (int d = 0; d < fit.Draws.Count; d++)
        {
            ReadOnlySpan<double> theta = fit.Draws[d].Slice(offset, 3);
            Assert.True(Math.Abs(theta[0] + theta[1] + theta[2] - 1) < 1e-12 && theta[0] > 0 && theta[1] > 0 && theta[2] > 0, $"draw {d} is not a simplex");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void An_ordered_pair_of_standard_normals_has_the_order_statistics_moments()
    {
        var model = new OrderedNormals(k: 2);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 12 });
        var failures = new List<string>();

        // The max of two standard normals: E = 1/√π, Var = 1 − 1/π; the min is its mirror image.
        double mean = 1 / Math.Sqrt(Math.PI), sd = Math.Sqrt(1 - (1 / Math.PI));
        int offset = model.Layout["Mu"].Offset;
        Moments("Mu[0] (min)", fit.ChainsOf(offset), -mean, sd, failures);
        Moments("Mu[1] (max)", fit.ChainsOf(offset + 1), mean, sd, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        for (int d = 0; d < fit.Draws.Count; d++)
        {
            Assert.True(fit.Draws[d][offset] < fit.Draws[d][offset + 1], $"draw {d} is not ordered");
        }
    }

    [Fact]
    public void An_Lkj_prior_on_a_Cholesky_correlation_factor_has_the_Lkj_marginals()
    {
        const int K = 3;
        var model = new LkjPrior(k: K);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 13 });
        var failures = new List<string>();

        // Under LKJ(η) in K dimensions each r_ij has (r + 1)/2 ~ Beta(η − 1 + K/2, η − 1 + K/2): E r = 0, Var r = 1/(2η + K − 1).
        double sd = Math.Sqrt(1 / ((2 * LkjPrior.Eta) + K - 1));
        int at = model.Layout["L"].Offset;
        double[] r10 = new double[fit.Draws.Count], r20 = new double[fit.Draws.Count], r21 = new double[fit.Draws.Count];
        for (int d = 0; d < fit.Draws.Count; d++)
        {
            ReadOnlySpan<double> l = fit.Draws[d].Slice(at, K * K);

            // R = L Lᵀ, row-major L: r_ij = Σ_k L_ik L_jk.
            r10[d] = l[3] * l[0];
            r20[d] = l[6] * l[0];
            r21[d] = (l[6] * l[3]) + (l[7] * l[4]);
            Assert.Equal(1, (l[3] * l[3]) + (l[4] * l[4]), 1e-12);
            Assert.Equal(0, l[1]);
        }

        Moments("r[1,0]", fit.ChainsOf(r10), 0, sd, failures);
        Moments("r[2,0]", fit.ChainsOf(r20), 0, sd, failures);
        Moments("r[2,1]", fit.ChainsOf(r21), 0, sd, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void A_bounded_normal_prior_is_the_truncated_normal()
    {
        var model = new BoundedNormal();
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 14 });
        var failures = new List<string>();

        // N(0, 1) truncated to (0, 1): Z = Φ(1) − Φ(0), E = (φ(0) − φ(1))/Z, Var = 1 + (0·φ(0) − 1·φ(1))/Z − E².
        const double Z = 0.34134474606854293;   // erf(1/√2)/2
        double phi0 = 1 / Math.Sqrt(2 * Math.PI), phi1 = Math.Exp(-0.5) / Math.Sqrt(2 * Math.PI);
        double mean = (phi0 - phi1) / Z;
        double sd = Math.Sqrt(1 - (phi1 / Z) - (mean * mean));
        Moments("X", fit.ChainsOf(model.Layout["X"].Offset), mean, sd, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Advi_and_Pathfinder_fit_a_simplex_whose_draws_hold_more_values_than_theta()
    {
        // A simplex of 3 has 2 unconstrained values: the draws' rows are longer than θ, which ADVI's and Pathfinder's
        // draws must allow for (IModel.UnconstrainedDimension).
        double[] alpha = [2, 3, 5];
        var model = new DirichletPrior(k: 3, alpha: alpha);
        Assert.Equal(2, model.ParameterCount);
        Assert.Equal(3, model.Layout.Dimension);

        Draws<double> advi = model.Fit(new AdviOptions { Seed = 21 }).Sample(2000);
        Draws<double> pathfinder = model.Pathfinder(new PathfinderOptions { Seed = 21 }).Draws;
        foreach ((string name, Draws<double> draws) in new[] { ("ADVI", advi), ("Pathfinder", pathfinder) })
        {
            double[] mean = new double[3];
            for (int d = 0; d < draws.Count; d++)
            {
                ReadOnlySpan<double> theta = draws[d];
                Assert.True(Math.Abs(theta[0] + theta[1] + theta[2] - 1) < 1e-12, $"{name} draw {d} is not a simplex");
                for (int k = 0; k < 3; k++)
                {
                    mean[k] += theta[k] / draws.Count;
                }
            }

            // Approximations, not exact: each mean within 0.05 of α_k/Σα (0.2, 0.3, 0.5).
            for (int k = 0; k < 3; k++)
            {
                Assert.True(Math.Abs(mean[k] - (alpha[k] / alpha.Sum())) < 0.05, $"{name}: mean of Theta[{k}] is {mean[k]:0.000}, expected about {alpha[k] / alpha.Sum():0.000}");
            }
        }
    }

    [Fact]
    public void An_Advi_fit_of_a_simplex_saves_and_loads_with_its_unconstrained_coordinates()
    {
        // The file holds θ's 2 coordinates; the layout has 3 values. Load must compare with θ's, not the layout's.
        var model = new DirichletPrior(k: 3, alpha: [2, 3, 5]);
        AdviFit<double> fit = model.Fit(new AdviOptions { Seed = 21 });
        string path = Path.Combine(Path.GetTempPath(), $"simplex-{Guid.NewGuid():N}.mgfit");
        try
        {
            fit.Save(path);
            AdviFit<double> loaded = AdviFit<double>.Load(path, model);
            Assert.Equal(fit.Mean.ToArray(), loaded.Mean.ToArray());
            Assert.Equal(fit.Sample(50, seed: 3)[7].ToArray(), loaded.Sample(50, seed: 3)[7].ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Mean within 4 MCSE of <paramref name="mean"/>, sd within 4 MCSE of <paramref name="sd"/>, R-hat below 1.01.</summary>
    private static void Moments(string name, double[][] chains, double mean, double sd, List<string> failures)
    {
        double[] all = [.. chains.SelectMany(c => c)];
        double m = all.Average();
        double s = Math.Sqrt(all.Sum(v => (v - m) * (v - m)) / (all.Length - 1));
        double mcseMean = Convergence.McseMean(chains), mcseSd = Convergence.McseSd(chains);
        if (!(Math.Abs(m - mean) <= 4 * mcseMean))
        {
            failures.Add($"{name} mean {m:0.0000} vs exact {mean:0.0000} ({Math.Abs(m - mean) / mcseMean:0.0} MCSE)");
        }

        if (!(Math.Abs(s - sd) <= 4 * mcseSd))
        {
            failures.Add($"{name} sd {s:0.0000} vs exact {sd:0.0000} ({Math.Abs(s - sd) / mcseSd:0.0} MCSE)");
        }

        double rhat = Convergence.Rhat(chains);
        if (!(rhat < 1.01))
        {
            failures.Add($"{name}: R-hat {rhat:0.0000}");
        }
    }
}
