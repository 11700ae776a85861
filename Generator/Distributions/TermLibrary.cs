using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Ir;

namespace ModelGen.Generator.Distributions;

/// <summary>
/// The functions a [Term] may call (ModelGen.Terms.Math, docs/terms.md "The math library"): the scalar functions, each
/// an IR primitive or a composition of them, and every catalog distribution with a log density, lowered through the
/// catalog entry its attribute uses (one path per fact). The parser asks it what exists; the lowering, how to write it.
/// </summary>
internal static partial class TermLibrary
{
    /// <summary>How a math-library call lowers: given the builder and its arguments' values, its value.</summary>
    internal delegate int CallLowering(IrBuilder b, IReadOnlyList<int> a);

    /// <summary>The math library's scalar functions: arity and lowering; each mirrors ModelGen.Terms.Math's function of the same name.</summary>
    private static readonly Dictionary<string, (int Arity, CallLowering Lower)> s_scalars = new()
    {
        ["Exp"] = (1, (b, a) => b.Apply(Primitive.Exp, a[0])),
        ["Log"] = (1, (b, a) => b.Apply(Primitive.Log, a[0])),
        ["Log1p"] = (1, (b, a) => b.Apply(Primitive.Log1P, a[0])),
        ["Expm1"] = (1, (b, a) => b.Apply(Primitive.Expm1, a[0])),
        ["Log1pExp"] = (1, (b, a) => b.Apply(Primitive.Softplus, a[0])),
        ["Sigmoid"] = (1, (b, a) => b.Apply(Primitive.Sigmoid, a[0])),
        ["LogSigmoid"] = (1, (b, a) => b.Negate(b.Apply(Primitive.Softplus, b.Negate(a[0])))),
        ["Tanh"] = (1, (b, a) => b.Apply(Primitive.Tanh, a[0])),
        ["Pow"] = (2, (b, a) => b.Apply(Primitive.Pow, a[0], a[1])),
        ["Sqrt"] = (1, (b, a) => b.Apply(Primitive.Sqrt, a[0])),
        ["Square"] = (1, (b, a) => b.Apply(Primitive.Square, a[0])),
        ["Abs"] = (1, (b, a) => b.Apply(Primitive.Abs, a[0])),
        ["LGamma"] = (1, (b, a) => b.Apply(Primitive.LogGamma, a[0])),
        ["LBeta"] = (2, (b, a) => b.Apply(Primitive.LogBeta, a[0], a[1])),
        ["BernoulliLogit"] = (2, (b, a) => b.Apply(Primitive.LogitBernoulli, a[0], a[1])),
        ["LogSumExp"] = (2, (b, a) => b.Apply(Primitive.LogSumExp, a[0], a[1])),

        // log(θ e^a + (1 − θ) e^b) = log-sum-exp(log θ + a, log1p(−θ) + b), Stan's log_mix.
        ["LogMix"] = (3, (b, a) => b.Apply(Primitive.LogSumExp, b.Add(b.Apply(Primitive.Log, a[0]), a[1]), b.Add(b.Apply(Primitive.Log1P, b.Negate(a[0])), a[2]))),
    };

    /// <summary>The distributions callable in a term: every catalog prior with a log density, x first, then its arguments.</summary>
    private static readonly Dictionary<string, DistributionInfo> s_distributions =
        DistributionCatalog.Priors.Where(d => d.Lower is not null).ToDictionary(d => d.Name);

    /// <summary>Every function a term may call, for MG3002's message.</summary>
    public static IEnumerable<string> Functions => s_scalars.Keys.Concat(s_distributions.Keys).Concat(MatrixFunctions);

    /// <summary>How many arguments <paramref name="function"/> takes; null when the library has no such function.</summary>
    public static int? Arity(string function) =>
        s_scalars.TryGetValue(function, out var scalar) ? scalar.Arity
        : s_distributions.TryGetValue(function, out DistributionInfo? d) ? 1 + d.Args.Count
        : null;

    /// <summary>"Normal(x, mu, sigma)": a function's arguments by name, for messages.</summary>
    public static string Signature(string function) =>
        s_distributions.TryGetValue(function, out DistributionInfo? d)
            ? function + "(x, " + string.Join(", ", d.Args.Select(a => a.Name)) + ")"
            : function + "(" + string.Join(", ", Enumerable.Range(0, Arity(function) ?? 0).Select(i => ((char)('a' + i)).ToString())) + ")";

    /// <summary>The value of <paramref name="function"/>(<paramref name="args"/>), written into <paramref name="b"/>.</summary>
    public static int Lower(IrBuilder b, string function, IReadOnlyList<int> args) =>
        s_scalars.TryGetValue(function, out var scalar)
            ? scalar.Lower(b, args)
            : s_distributions[function].Lower!(b, args[0], args.Skip(1).ToList());
}
