using System.Globalization;
using ModelGen.Diagnostics;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Samples.CountRegression;
using ModelGen.Samples.EightSchools;
using ModelGen.Sampling;
using ModelGen.Testing;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>
/// ModelGen's NUTS posterior against Stan's on the same model and the same data: Stan's summaries come from rstan
/// through R's posterior package (Tests/Data/stan: each model's Stan program, its data and the summary that
/// Tests/Data/stan/run.sh wrote), so nothing here shares code with what it checks. Every free parameter's mean must
/// lie within 4 combined Monte Carlo standard errors of Stan's, and its sd within 4 combined MCSE of Stan's sd.
/// </summary>
public sealed partial class StanReferenceTests
{
    private const int Draws = 5_000;

    [Fact]
    public void Flat_regression_matches_Stan()
    {
        StanData data = StanData.Load("flat_regression");
        var model = new FlatRegressionModel(data.Matrix("x"), data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 71, Draws = Draws });

        AssertAgrees("flat_regression", fit, new()
        {
            ["alpha"] = "Line.Bias[1,1]",
            ["beta[1]"] = "Line.Weights[1,1]",
            ["beta[2]"] = "Line.Weights[2,1]",
            ["beta[3]"] = "Line.Weights[3,1]",
            ["sigma"] = "Sigma",
        });
    }

    [Fact]
    public void Flat_regression_as_a_term_with_a_loop_over_rows_matches_Stan()
    {
        StanData data = StanData.Load("flat_regression");
        double[,] x = data.Matrix("x");
        var model = new FlatRegressionTerm(k: x.GetLength(1), x: x, y: data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 81, Draws = Draws });

        AssertAgrees("flat_regression", fit, new()
        {
            ["alpha"] = "Alpha",
            ["beta[1]"] = "Beta[1]",
            ["beta[2]"] = "Beta[2]",
            ["beta[3]"] = "Beta[3]",
            ["sigma"] = "Sigma",
        });
    }

    [Fact]
    public void AR_K_as_a_term_with_lagged_reads_matches_Stan()
    {
        StanData data = StanData.Load("ar_k");
        var model = new AutoRegressionTerm(k: (int)data.Vector("K")[0], y: data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 82, Draws = Draws });

        AssertAgrees("ar_k", fit, new()
        {
            ["alpha"] = "Alpha",
            ["beta[1]"] = "Beta[1]",
            ["beta[2]"] = "Beta[2]",
            ["sigma"] = "Sigma",
        });
    }

    [Fact]
    public void The_ordered_mixture_as_a_term_with_LogMix_matches_Stan()
    {
        StanData data = StanData.Load("mixture");
        var model = new MixtureTerm(y: data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 83, Draws = Draws });

        AssertAgrees("mixture", fit, new()
        {
            ["mu[1]"] = "Mu[1]",
            ["mu[2]"] = "Mu[2]",
            ["sigma[1]"] = "Sigma[1]",
            ["sigma[2]"] = "Sigma[2]",
            ["theta"] = "Theta",
        });
    }

    [Fact]
    public void Gaussian_process_regression_as_a_term_with_local_matrices_matches_Stan()
    {
        StanData data = StanData.Load("gp_regression");
        var model = new GaussianProcessTerm(x: data.Vector("x"), y: data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 84, Draws = Draws });

        AssertAgrees("gp_regression", fit, new()
        {
            ["rho"] = "Rho",
            ["alpha"] = "Alpha",
            ["sigma"] = "Sigma",
        });
    }

    [Fact]
    public void Non_centred_eight_schools_matches_Stan()
    {
        StanData data = StanData.Load("eight_schools");
        double[] sigma = data.Vector("sigma");
        var schools = new double[sigma.Length, 2];
        for (int j = 0; j < sigma.Length; j++)
        {
            schools[j, 0] = j;
            schools[j, 1] = sigma[j];
        }

        var model = new NonCentred(schools, data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 72, Draws = Draws, TargetAcceptance = 0.95 });

        var names = new Dictionary<string, string> { ["mu"] = "Mu", ["tau"] = "Tau" };
        for (int j = 1; j <= sigma.Length; j++)
        {
            names[$"theta[{j}]"] = $"Theta[{j}]";
        }

        // Stan's free z[j] are not in our draws, which report θⱼ = μ + τ·zⱼ (Stan's transformed theta[j]).
        AssertAgrees("eight_schools", fit, names, stanOnly: [.. Enumerable.Range(1, sigma.Length).Select(j => $"z[{j}]")]);
    }

    [Fact]
    public void Poisson_regression_matches_Stan()
    {
        StanData data = StanData.Load("poisson_regression");
        var model = new PoissonRegression(data.Matrix("x"), data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 73, Draws = Draws });

        AssertAgrees("poisson_regression", fit, new()
        {
            ["b"] = "LogRate.Bias[1,1]",
            ["w[1]"] = "LogRate.Weights[1,1]",
            ["w[2]"] = "LogRate.Weights[2,1]",
            ["w[3]"] = "LogRate.Weights[3,1]",
        });
    }

    [Fact]
    public void Negative_binomial_regression_with_a_learned_dispersion_matches_Stan()
    {
        StanData data = StanData.Load("negbin_regression");
        var model = new NegativeBinomialRegression(data.Matrix("x"), data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 74, Draws = Draws });

        AssertAgrees("negbin_regression", fit, new()
        {
            ["b"] = "LogRate.Bias[1,1]",
            ["w[1]"] = "LogRate.Weights[1,1]",
            ["w[2]"] = "LogRate.Weights[2,1]",
            ["w[3]"] = "LogRate.Weights[3,1]",
            ["phi"] = "Phi",
        });
    }

    [Fact]
    public void Student_t_regression_with_learned_degrees_of_freedom_and_scale_matches_Stan()
    {
        StanData data = StanData.Load("student_t_regression");
        var model = new StudentTRegression(data.Matrix("x"), data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 75, Draws = Draws });

        AssertAgrees("student_t_regression", fit, new()
        {
            ["nu"] = "Nu",
            ["scale"] = "Scale",
            ["b"] = "Mean.Bias[1,1]",
            ["w[1]"] = "Mean.Weights[1,1]",
            ["w[2]"] = "Mean.Weights[2,1]",
        });
    }

    [Fact]
    public void Binomial_regression_matches_Stan()
    {
        StanData data = StanData.Load("binomial_regression");
        var model = new BinomialRegression(data.Matrix("x"), data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 76, Draws = Draws });

        AssertAgrees("binomial_regression", fit, new()
        {
            ["b"] = "Logits.Bias[1,1]",
            ["w[1]"] = "Logits.Weights[1,1]",
            ["w[2]"] = "Logits.Weights[2,1]",
        });
    }

    [Fact]
    public void Softmax_regression_matches_Stan()
    {
        StanData data = StanData.Load("softmax_regression");
        double[] classes = [.. data.Vector("y").Select(c => c - 1)];   // Stan's classes are 1-based, ours 0-based
        var model = new ThreeClassRegression(data.Matrix("x"), classes);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 77, Draws = Draws });

        var names = new Dictionary<string, string>();
        for (int k = 1; k <= 3; k++)
        {
            names[$"b[{k}]"] = $"Logits.Bias[1,{k}]";
            for (int i = 1; i <= 2; i++)
            {
                names[$"W[{i},{k}]"] = $"Logits.Weights[{i},{k}]";
            }
        }

        AssertAgrees("softmax_regression", fit, names);
    }

    [Fact]
    public void ARMA_1_1_as_a_term_with_a_carried_error_matches_Stan()
    {
        StanData data = StanData.Load("arma11");
        var model = new Arma11Term(y: data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 83, Draws = Draws });

        AssertAgrees("arma11", fit, new()
        {
            ["mu"] = "Mu",
            ["phi"] = "Phi",
            ["theta"] = "Theta",
            ["sigma"] = "Sigma",
        });
    }

    [Fact]
    public void GARCH_1_1_as_a_term_with_a_carried_sigma_matches_Stan()
    {
        // β₁ < 1 − α₁ is written β₁ = (1 − α₁)·Beta1Share (Garch11Term): Stan's β₁ is compared with that, draw by draw.
        StanData data = StanData.Load("garch11");
        var model = new Garch11Term(r: data.Vector("r"), sigma1: data.Vector("sigma1")[0]);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 84, Draws = Draws });
        int alpha1 = model.Layout["Alpha1"].Offset, share = model.Layout["Beta1Share"].Offset;
        double[] beta1 = new double[fit.Draws.Count];
        for (int i = 0; i < beta1.Length; i++)
        {
            beta1[i] = (1 - fit.Draws[i, alpha1]) * fit.Draws[i, share];
        }

        AssertAgrees("garch11", fit, new()
        {
            ["mu"] = "Mu",
            ["alpha0"] = "Alpha0",
            ["alpha1"] = "Alpha1",
            ["beta1"] = "beta1 = (1 - Alpha1) * Beta1Share",
        }, derived: new() { ["beta1 = (1 - Alpha1) * Beta1Share"] = fit.ChainsOf(beta1) }, oursOnly: ["Beta1Share"]);
    }

    [Fact]
    public void The_change_point_with_its_transformed_lp_and_generated_s_matches_Stan()
    {
        // Sample 6: e and l from the term's marginal density; every lp[s] (computed per draw as written) and the
        // generated s (drawn per draw with its own stream) against Stan's summaries of the same quantities.
        StanData data = StanData.Load("changepoint");
        Assert.Equal([0.5, 0.5], [data.Vector("r_e")[0], data.Vector("r_l")[0]]);   // ChangePointTerm's constant rates
        var model = new ChangePointTerm(d: [.. data.Vector("D").Select(v => (int)v)]);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 86, Draws = Draws }).Generate(model, seed: 87);
        var names = new Dictionary<string, string> { ["e"] = "E", ["l"] = "L", ["s"] = "S" };
        for (int s = 1; s <= data.Int("T"); s++)
        {
            names[$"lp[{s}]"] = $"Lp[{s}]";
        }

        AssertAgrees("changepoint", fit, names);
    }

    [Fact]
    public void The_hidden_Markov_model_by_the_forward_algorithm_with_simplex_rows_matches_Stan()
    {
        StanData data = StanData.Load("hmm");
        int[] words = [.. data.Vector("w").Select(w => (int)w - 1)];   // Stan's words are 1-based, ours 0-based
        var model = new HiddenMarkovTwoStates(k: data.Int("K"), v: data.Int("V"), w: words, alpha: data.Vector("alpha"), beta: data.Matrix("beta"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 85, Draws = Draws });

        var names = new Dictionary<string, string>();
        for (int k = 1; k <= 2; k++)
        {
            for (int j = 1; j <= 2; j++)
            {
                names[$"theta[{k},{j}]"] = $"Theta[{k},{j}]";
            }

            for (int v = 1; v <= 3; v++)
            {
                names[$"phi[{k},{v}]"] = $"Phi[{k},{v}]";
            }
        }

        AssertAgrees("hmm", fit, names);
    }

    [Fact]
    public void Group_log_odds_with_a_shared_intercept_match_Stan()
    {
        StanData data = StanData.Load("group_logits");
        double[] arms = data.Vector("arm");
        var x = new double[arms.Length, 1];
        for (int n = 0; n < arms.Length; n++)
        {
            x[n, 0] = arms[n] - 1;   // Stan's arms are 1-based, our group indices 0-based
        }

        var model = new GroupLogits(x, data.Vector("y"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 78, Draws = Draws });

        var names = new Dictionary<string, string> { ["base"] = "Base" };
        for (int j = 1; j <= 4; j++)
        {
            names[$"arm_logit[{j}]"] = $"ArmLogit[{j}]";
        }

        AssertAgrees("group_logits", fit, names);
    }

    /// <summary>
    /// Each Stan variable of the reference against ModelGen's element <paramref name="names"/> maps it to; every
    /// element of the fit must be mapped, and every Stan variable either mapped or listed in <paramref name="stanOnly"/>
    /// (so a parameter either side gains or renames cannot go unchecked).
    /// </summary>
    /// <remarks>
    /// <paramref name="derived"/> adds quantities computed from the draws (named as <paramref name="names"/> maps a Stan
    /// variable to them), and <paramref name="oursOnly"/> lists the elements of the fit Stan has no variable for.
    /// </remarks>
    private static void AssertAgrees(string reference, NutsFit<double> fit, Dictionary<string, string> names, string[]? stanOnly = null, Dictionary<string, double[][]>? derived = null, string[]? oursOnly = null)
    {
        Assert.Equal(0, fit.Divergences);
        Dictionary<string, StanSummary> stan = StanSummary.Load(reference);
        var ours = new Dictionary<string, double[][]>();
        int index = 0;
        foreach (ParameterBlock block in fit.Draws.Info.Parameters)
        {
            for (int i = 0; i < block.Length; i++, index++)
            {
                ours[block.ElementName(i)] = fit.ChainsOf(index);
            }
        }

        foreach ((string name, double[][] chains) in derived ?? [])
        {
            ours[name] = chains;
        }

        Assert.Equal(names.Values.Concat(oursOnly ?? []).Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(names.Keys.Concat(stanOnly ?? []).Order(StringComparer.Ordinal), stan.Keys.Order(StringComparer.Ordinal));
        var failures = new List<string>();
        foreach ((string stanName, string ourName) in names)
        {
            StanSummary s = stan[stanName];
            double[][] chains = ours[ourName];
            NutsSummary summary = NutsSummary.Of(ourName, chains);
            double mean = summary.Mean;
            double sd = summary.StandardDeviation;
            double meanTolerance = 4 * Math.Sqrt((s.McseMean * s.McseMean) + Square(summary.McseMean));
            double sdTolerance = 4 * Math.Sqrt((s.McseSd * s.McseSd) + Square(Convergence.McseSd(chains)));
            if (Math.Abs(mean - s.Mean) > meanTolerance || Math.Abs(sd - s.Sd) > sdTolerance)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{stanName} ({ourName}): mean {mean:G6} vs Stan's {s.Mean:G6} (tolerance {meanTolerance:G3}), sd {sd:G6} vs {s.Sd:G6} (tolerance {sdTolerance:G3})"));
            }
        }

        Assert.True(failures.Count == 0, reference + ": " + string.Join("; ", failures));
    }

    private static double Square(double x) => x * x;

    /// <summary>One row of a reference's summary.csv (R's posterior::summarise_draws of rstan's draws).</summary>
    private sealed record StanSummary(double Mean, double Sd, double McseMean, double McseSd)
    {
        public static Dictionary<string, StanSummary> Load(string reference)
        {
            string[] lines = File.ReadAllLines(Path.Combine(StanData.Folder(reference), "summary.csv"));
            string[] header = lines.First(l => !l.StartsWith('#')).Split(',');
            Assert.Equal(["variable", "mean", "sd", "mcse_mean", "mcse_sd"], header[..5]);
            var result = new Dictionary<string, StanSummary>();
            foreach (string line in lines.Where(l => !l.StartsWith('#')).Skip(1))
            {
                // "W[1,2]",mean,sd,…: the name is quoted, since Stan's matrix elements carry a comma.
                int close = line.IndexOf('"', 1);
                string[] f = line[(close + 2)..].Split(',');
                // R writes NA where a statistic is undefined (a variable constant in every draw).
                double At(int i) => f[i] == "NA" ? double.NaN : double.Parse(f[i], CultureInfo.InvariantCulture);
                result[line[1..close]] = new StanSummary(At(0), At(1), At(2), At(3));
            }

            return result;
        }
    }
}
