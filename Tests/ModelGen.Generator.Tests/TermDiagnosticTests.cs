using System.Globalization;
using Microsoft.CodeAnalysis;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Straight-line [Term] methods (docs/terms.md, "Terms"): the generated code of one term model as a reviewed snapshot,
/// each construct outside the subset, unknown call and write to data or a parameter reported once at its span
/// (MG3001–MG3003), and term bodies damaged at random from a fixed seed never crashing the generator.
/// </summary>
public class TermDiagnosticTests
{
    private const string Base = """
                double mu = Mu + Beta[0];
                double lp = Normal(Y[0], mu, Sigma);
                lp += Normal(Y[Y.Length - 1], mu, Sigma) + Log1pExp(Beta[K - 1]);
                return lp;
        """;

    /// <summary>A model of declarations whose term 'Likelihood' has <paramref name="body"/>.</summary>
    internal static string Model(string body) => $$"""
        using ModelGen;
        using static ModelGen.Terms.Math;

        namespace Demo;

        [Model<double>]
        public partial class Net
        {
            [Data] public partial ReadOnlySpan<double> Y { get; }

            [Data] public partial int K { get; }

            [Normal(0, 1)] public partial double Mu { get; }

            [HalfNormal(1)] public partial double Sigma { get; }

            [Normal(0, 1), Size(nameof(K))] public partial ReadOnlySpan<double> Beta { get; }

            private static double Helper(double x) => x;

            private static double Offset => 1;

            [Term]
            double Likelihood()
            {
        {{body}}
            }
        }
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // MG3001: each construct outside the straight-line subset, at its span, saying what a term may contain.
        { "        return lp;", "        {|MG3001:while (lp < 1) lp += 1;|}\n        return lp;", "contains a 'while' loop, which a term cannot hold; a term may contain locals" },
        { "        return lp;", "        if (K > 1) {|MG3001:return lp;|}\n        return lp;", "a 'return' inside a loop, a branch or a block" },
        { "        return lp;", "        for (int i = 0; i < {|MG3001:Mu|}; i++) lp += Beta[i];\n        return lp;", "the loop bound 'Mu'" },
        { "        return lp;", "        for (int i = 0; i < K; {|MG3001:i += 2|}) lp += Beta[i];\n        return lp;", "a loop step 'i += 2'" },
        { "        return lp;", "        for (int i = 0; {|MG3001:i > K|}; i++) lp += Beta[i];\n        return lp;", "a loop condition 'i > K'" },
        { "        return lp;", "        if ({|MG3001:mu|} > 1) lp += 1;\n        return lp;", "the local 'mu' in a condition" },

        // MG3001: a loop inside another loop carrying a value other than a sum (a loop outside every other loop may carry
        // values: CarriedTests), at the assignment or the read that carries it, and a read of the carrying trip's local
        // inside a loop inside it.
        { "        return lp;", "        for (int i = 0; i < K; i++)\n        {\n            for (int j = 0; j < K; j++)\n            {\n                {|MG3001:lp *= Beta[i]|};\n            }\n        }\n\n        return lp;", "a value carried across the iterations of a loop inside another loop, other than a sum (+=), is not supported yet (docs/terms.md step 6)" },
        { "        return lp;", "        for (int i = 0; i < K; i++)\n        {\n            for (int j = 0; j < K; j++)\n            {\n                lp += {|MG3001:lp|} * Beta[i];\n            }\n        }\n\n        return lp;", "a read of 'lp' in a loop that assigns it: a value carried across the iterations of a loop inside another loop" },
        { "        return lp;", "        for (int i = 1; i < K; i++)\n        {\n            for (int j = 0; j < K; j++)\n            {\n                double e = Beta[i] - Beta[j];\n                {|MG3001:mu = e|};\n            }\n        }\n\n        return lp;", "to the local 'mu' declared outside it" },
        { "        return lp;", "        for (int i = 1; i < K; i++)\n        {\n            double a = mu;\n            mu = Beta[i];\n            for (int j = 0; j < K; j++)\n            {\n                lp += {|MG3001:a|} * Beta[j];\n            }\n        }\n\n        return lp;", "a read of 'a', a local of the outer loop's trip, in a loop inside a loop that carries values" },

        // MG3006: a condition on a parameter, at the parameter.
        { "        return lp;", "        if ({|MG3006:Sigma|} > 1) lp += 1;\n        return lp;", "Term 'Likelihood' branches on the parameter 'Sigma'" },
        { "        return lp;", "        return lp + (Y[0] > {|MG3006:Beta|}[0] ? 1 : 0);", "branches on the parameter 'Beta'" },
        { "double lp = Normal", "double lp = {|MG3001:new double[1]|}.Length + Normal", "an allocation ('new')" },
        { "double mu = Mu", "{|MG3001:int|} n = K;\n        double mu = n + Mu", "a local of type 'int'" },
        { "+ Log1pExp(Beta[K - 1])", "+ {|MG3001:Offset|}", "a read of 'Offset', which is not a local, [Data] or a declared parameter" },

        // MG3002: a call to a method outside the math library.
        { "Log1pExp(Beta[K - 1])", "{|MG3002:Helper|}(Beta[K - 1])", "calls 'Helper': it is not in the math library (ModelGen.Terms.Math: Exp, Log," },
        { "Log1pExp(Beta[K - 1])", "{|MG3002:Math.Max|}(Beta[K - 1], 0)", "calls 'Math.Max'" },
    };

    /// <summary>A size read as a real value ('Beta.Length') is in the subset.</summary>
    [Fact]
    public void A_size_read_as_a_value_is_accepted() =>
        GeneratorHarness.Run(Model(Base.Replace("double mu = Mu + Beta[0];", "double mu = Mu + Beta.Length;", StringComparison.Ordinal))).AssertClean();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_construct_outside_the_subset_reports_its_diagnostic(string from, string to, string message) =>
        DiagnosticAssert.BrokenRule(Base, from, to, message, Model);

    [Theory]
    [InlineData("        {|MG3003:Sigma|} += 1;\n        return lp;", "'Sigma', which is a parameter")]
    [InlineData("        {|MG3003:K|} = 2;\n        return lp;", "'K', which is data")]
    public void A_write_to_data_or_a_parameter_is_MG3003_beside_the_compiler_s_own_error(string to, string message) =>
        DiagnosticAssert.Single(Model(Base.Replace("        return lp;", to, StringComparison.Ordinal)), ["CS0200"], message);

    [Fact]
    public void The_base_model_is_clean() => GeneratorHarness.Run(Model(Base)).AssertClean();

    /// <summary>A term with each loop form: a loop over data with an inner sum and a lagged read, an 'if' and a '?:' on data and indices.</summary>
    private const string LoopBase = """
                double lp = Normal(Y[0], Mu, Sigma);
                for (int n = K; n < Y.Length; n++)
                {
                    double mu = Mu;
                    for (int k = 0; k < K; k++)
                    {
                        mu += Beta[k] * Y[n - k - 1];
                    }

                    double scale = n < 2 * K ? Sigma : Sigma + 1;
                    if (Y[n] > 0)
                    {
                        lp += Normal(Y[n], mu, scale);
                    }
                    else
                    {
                        lp += Cauchy(Y[n], mu, scale);
                    }
                }

                return lp;
        """;

    [Fact]
    public void The_loop_model_is_clean() => GeneratorHarness.Run(Model(LoopBase)).AssertClean();

    /// <summary>
    /// Inner loops' indices named as the printer's own locals (k1 for a value hoisted out of the outer loop, t1 for one
    /// of its trip's reverse statements) still compile: every loop index is taken before any local is named.
    /// </summary>
    [Fact]
    public void Loop_indices_named_as_generated_locals_compile() => GeneratorHarness.Run(Model("""
                double lp = 0;
                for (int n = 0; n < Y.Length; n++)
                {
                    double m = Mu;
                    for (int k1 = 0; k1 < K; k1++)
                    {
                        m += Beta[k1] * Y[n];
                    }

                    double s = Sigma;
                    for (int t1 = 0; t1 < K; t1++)
                    {
                        s += Beta[t1] * Beta[t1];
                    }

                    lp += Normal(Y[n], m, s + Sigma * Sigma);
                }

                return lp;
        """)).AssertClean();

    [Fact]
    public void LoopTerm()
    {
        GeneratorRun run = GeneratorHarness.Run(Model(LoopBase)).AssertClean();
        SnapshotAssert.Match(run.Sources);
    }

    /// <summary>ARMA's shape: an error carried across the trips of a loop from 1, a sum read back, an inner sum and an 'if'.</summary>
    private const string CarriedBase = """
                double err = Y[0] - Mu;
                double lp = Normal(err, 0, Sigma);
                for (int t = 1; t < Y.Length; t++)
                {
                    double mu = Mu;
                    for (int k = 0; k < K; k++)
                    {
                        mu += Beta[k] * Y[t - 1];
                    }

                    double nu = mu + Beta[0] * err;
                    err = Y[t] - nu;
                    if (Y[t] > 0)
                    {
                        err *= 0.5;
                    }

                    lp += Normal(err, 0, Sigma) - 0.01 * lp;
                }

                return lp + err;
        """;

    [Fact]
    public void CarriedTerm()
    {
        GeneratorRun run = GeneratorHarness.Run(Model(CarriedBase)).AssertClean();
        SnapshotAssert.Match(run.Sources);
    }

    [Fact]
    public void Damaged_carried_loop_bodies_never_crash_the_generator_and_clean_ones_compile()
    {
        (List<string> failures, int clean) = DamagedRuns(CarriedBase, 20261209, 60);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
        Assert.True(clean >= 5, $"only {clean} damaged carried loop bodies were clean: too few to check that clean ones compile");
    }

    [Fact]
    public void Damaged_loop_bodies_never_crash_the_generator_and_clean_ones_compile()
    {
        (List<string> failures, int clean) = DamagedRuns(LoopBase, 20261208, 60);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
        Assert.True(clean >= 5, $"only {clean} damaged loop bodies were clean: too few to check that clean ones compile");
    }

    private static readonly string[] s_statements =
    [
        "while (true) { }", "goto end;", "throw null;", "Mu = 2;", "Func<double> f = () => 1;", "end:;", "lp++;", "return;",
        "Y[0] = 1;", "double[] a = { 1 };", "Matrix<double> m = default;", "lp += Y.Length;", "lp += Beta.Rows;", "lp += this.Mu;",
        "lp += Normal(Y[0], Mu);", "lp += Normal(lp: 1, Mu, Sigma);", "lp += Likelihood();", "lp = lp = 1;", "lp += Y[K * 2 - 1];",
        "lp += Y[-1];", "lp += Beta[Y.Length];", "var v = Mu;", "float f = 1f;", "lp /= Sigma;", "lp %= 2;", "lp <<= 1;",
        "lp += Pow(Mu, Sigma) + Sqrt(Sigma) + LGamma(Sigma) + LBeta(Sigma, Sigma);", "lp += StudentT(Y[0], 3, Mu, Sigma);",
        "lp += (double)K;", "lp += (int)Mu;", "lp += Y is null ? 1 : 0;", "checked { lp += 1; }", "lp += nameof(Mu).Length;",
        "{ }", ";", "lp += Y[0..1][0];", "lp += default;", "lp += BernoulliLogit(1, Mu);", "lp += Uniform(Mu, -1, 1);",
        "for (int i = 0; i < K; i++) lp += Beta[i];", "for (int i = 0; i <= K; ++i) { lp -= Y[i]; }", "if (K > 1) lp += 1; else lp -= 2;",
        "lp += K > 1 ? Mu : Sigma;", "for (int i = 0; i < K; i++) lp = lp * Mu;", "for (int i = 0; i < Mu; i++) { }", "if (Mu > 0) lp += 1;",
        "for (int i = 0; i < K; i++) { for (int j = i; j < K; j++) { lp += Beta[i] * Beta[j]; } }", "{ double q = lp; }",
    ];

    private static readonly string[] s_tokens = ["Mu", "Y", "Beta", "K", "Helper", "lp", "mu", "Sigma", "0", "1.5", "-", "*", "/", "(", ")", "[", "]", ";", ",", "Exp", "this", "Normal", "1e308", "double.NaN", "n", "k", "for", "if", "else", "{", "}", "<", "?", ":", "++", "+="];

    [Fact]
    public void Damaged_term_bodies_never_crash_the_generator_and_clean_ones_compile()
    {
        (List<string> failures, int clean) = DamagedRuns(Base, 20261207, 120);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
        Assert.True(clean >= 10, $"only {clean} damaged bodies were clean: too few to check that clean ones compile");
    }

    /// <summary>
    /// <paramref name="cases"/> bodies damaged from <paramref name="body"/> through the generator: what threw, reported
    /// an internal error or left an error in the generated code, and how many were clean.
    /// </summary>
    internal static (List<string> Failures, int Clean) DamagedRuns(string body, int seed, int cases)
    {
        var random = new System.Random(seed);
        var failures = new List<string>();
        int clean = 0;
        for (int c = 0; c < cases; c++)
        {
            string damaged = Damage(body, random);
            GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([Model(damaged)], warningsAsErrors: false));
            string where = "case " + c.ToString(CultureInfo.InvariantCulture) + ":\n" + damaged;
            if (run.GeneratorException is { } e)
            {
                failures.Add(where + "\nthrew " + e);
                continue;
            }

            failures.AddRange(run.GeneratorDiagnostics.Where(d => d.Id is "CS8785" || d.Id == DiagnosticDescriptors.InternalErrorId).Select(d => where + "\n" + d));

            // What the generated code adds must compile, clean model or not.
            var inGenerated = run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && run.Sources.Any(s => d.Location.SourceTree?.FilePath.EndsWith(s.HintName, StringComparison.Ordinal) == true)).ToList();
            failures.AddRange(inGenerated.Select(d => where + "\nin generated code: " + d));
            clean += run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? 0 : 1;
        }

        return (failures, clean);
    }

    /// <summary>One to three damages: a statement inserted from the list, a token replaced or deleted.</summary>
    private static string Damage(string body, System.Random random)
    {
        var lines = body.Split('\n').ToList();
        for (int k = random.Next(1, 4); k > 0; k--)
        {
            int line = random.Next(lines.Count);
            switch (random.Next(3))
            {
                case 0:
                    lines.Insert(line, "        " + s_statements[random.Next(s_statements.Length)]);
                    break;
                case 1:
                {
                    string[] words = lines[line].Split(' ');
                    int w = random.Next(words.Length);
                    words[w] = s_tokens[random.Next(s_tokens.Length)];
                    lines[line] = string.Join(' ', words);
                    break;
                }

                default:
                {
                    string[] words = lines[line].Split(' ');
                    int w = random.Next(words.Length);
                    lines[line] = string.Join(' ', words.Where((_, i) => i != w));
                    break;
                }
            }
        }

        return string.Join('\n', lines);
    }
}
