using ModelGen.Random;

namespace ModelGen.Runtime.Tests.Random;

/// <summary>
/// What every <see cref="Sample"/> method promises besides its distribution: the same seed gives the same
/// draws; an invalid parameter throws <see cref="ArgumentOutOfRangeException"/> naming it and its value, before
/// the generator moves; and no draw allocates.
/// </summary>
public sealed class SampleContractTests
{
    private static readonly double[] s_logits = [0.5, -1, 2, double.NegativeInfinity];

    /// <summary>Every sampler, with parameters that reach each of its code paths.</summary>
    private static readonly (string Name, Sampler Draw)[] s_samplers =
    [
        ("Normal", (ref Rng r) => Sample.Normal(ref r, 1, 2)),
        ("HalfNormal", (ref Rng r) => Sample.HalfNormal(ref r, 2)),
        ("StudentT", (ref Rng r) => Sample.StudentT(ref r, 3, 1, 2)),
        ("StudentT small ν", (ref Rng r) => Sample.StudentT(ref r, 0.5, 1, 2)),
        ("HalfStudentT", (ref Rng r) => Sample.HalfStudentT(ref r, 3, 2)),
        ("Cauchy", (ref Rng r) => Sample.Cauchy(ref r, 1, 2)),
        ("HalfCauchy", (ref Rng r) => Sample.HalfCauchy(ref r, 2)),
        ("Laplace", (ref Rng r) => Sample.Laplace(ref r, 1, 2)),
        ("Exponential", (ref Rng r) => Sample.Exponential(ref r, 2)),
        ("Gamma", (ref Rng r) => Sample.Gamma(ref r, 3, 2)),
        ("Gamma α < 1", (ref Rng r) => Sample.Gamma(ref r, 0.2, 2)),
        ("InverseGamma", (ref Rng r) => Sample.InverseGamma(ref r, 3, 2)),
        ("InverseGamma α < 1", (ref Rng r) => Sample.InverseGamma(ref r, 0.5, 2)),
        ("LogNormal", (ref Rng r) => Sample.LogNormal(ref r, 1, 0.5)),
        ("Beta", (ref Rng r) => Sample.Beta(ref r, 0.5, 3)),
        ("Uniform", (ref Rng r) => Sample.Uniform(ref r, -1, 4)),
        ("Bernoulli", (ref Rng r) => Sample.Bernoulli(ref r, 0.3)),
        ("BernoulliLogit", (ref Rng r) => Sample.BernoulliLogit(ref r, 0.7)),
        ("Binomial inversion", (ref Rng r) => Sample.Binomial(ref r, 10, 0.3)),
        ("Binomial BTRS", (ref Rng r) => Sample.Binomial(ref r, 500, 0.7)),
        ("Poisson inversion", (ref Rng r) => Sample.Poisson(ref r, 2.5)),
        ("Poisson PTRS", (ref Rng r) => Sample.Poisson(ref r, 80)),
        ("NegativeBinomial", (ref Rng r) => Sample.NegativeBinomial(ref r, 6, 1.5)),
        ("Categorical", (ref Rng r) => Sample.Categorical(ref r, s_logits)),
    ];

    public static TheoryData<string> SamplerNames => [.. s_samplers.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(SamplerNames))]
    public void SameSeed_GivesSameDraws_DifferentSeedsDiffer(string name)
    {
        Sampler sampler = Find(name);
        double[] first = SampleMomentTests.Draw(77, sampler, 1000);
        double[] again = SampleMomentTests.Draw(77, sampler, 1000);
        double[] other = SampleMomentTests.Draw(78, sampler, 1000);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void NoSamplerAllocates()
    {
        var rng = new Rng(5);
        Span<double> logits = stackalloc double[] { 0.1, 0.2, -3, 4 };
        double sink = 0;

        // Warm-up: the first calls JIT-compile (and tier) the methods, which may allocate.
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 2000; i++)
            {
                foreach ((_, Sampler draw) in s_samplers)
                {
                    sink += draw(ref rng);
                }

                sink += Sample.Categorical(ref rng, logits);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round == 1)
            {
                Assert.Equal(0, allocated);
            }
        }

        Assert.False(double.IsNaN(sink));
    }

    public static TheoryData<string, string, double> InvalidArguments => new()
    {
        { "Normal mu", "mu", double.NaN },
        { "Normal sigma", "sigma", 0 },
        { "HalfNormal sigma", "sigma", -1 },
        { "StudentT nu", "nu", 0 },
        { "StudentT sigma", "sigma", double.PositiveInfinity },
        { "HalfStudentT nu", "nu", double.NaN },
        { "Cauchy alpha", "alpha", double.NegativeInfinity },
        { "HalfCauchy beta", "beta", -2 },
        { "Laplace b", "b", 0 },
        { "Exponential lambda", "lambda", -0.5 },
        { "Gamma alpha", "alpha", 0 },
        { "Gamma beta", "beta", double.NaN },
        { "InverseGamma beta", "beta", -1 },
        { "LogNormal sigma", "sigma", 0 },
        { "Beta a", "a", -1 },
        { "Beta b", "b", 0 },
        { "Uniform upper", "upper", 1 },
        { "Uniform lower", "lower", double.NaN },
        { "Bernoulli p", "p", 1.5 },
        { "BernoulliLogit logit", "logit", double.NaN },
        { "Binomial n", "n", -1 },
        { "Binomial p", "p", double.NaN },
        { "Poisson lambda", "lambda", -1 },
        { "Poisson lambda large", "lambda", 2e9 },
        { "NegativeBinomial mu", "mu", 0 },
        { "NegativeBinomial phi", "phi", -1 },
    };

    [Theory]
    [MemberData(nameof(InvalidArguments))]
    public void InvalidArgument_ThrowsNamingIt_AndLeavesGenerator(string call, string parameter, double value)
    {
        var rng = new Rng(9);
        Rng copy = rng;
        Action act = call switch
        {
            "Normal mu" => () => Sample.Normal(ref rng, value, 1),
            "Normal sigma" => () => Sample.Normal(ref rng, 0, value),
            "HalfNormal sigma" => () => Sample.HalfNormal(ref rng, value),
            "StudentT nu" => () => Sample.StudentT(ref rng, value, 0, 1),
            "StudentT sigma" => () => Sample.StudentT(ref rng, 3, 0, value),
            "HalfStudentT nu" => () => Sample.HalfStudentT(ref rng, value, 1),
            "Cauchy alpha" => () => Sample.Cauchy(ref rng, value, 1),
            "HalfCauchy beta" => () => Sample.HalfCauchy(ref rng, value),
            "Laplace b" => () => Sample.Laplace(ref rng, 0, value),
            "Exponential lambda" => () => Sample.Exponential(ref rng, value),
            "Gamma alpha" => () => Sample.Gamma(ref rng, value, 1),
            "Gamma beta" => () => Sample.Gamma(ref rng, 1, value),
            "InverseGamma beta" => () => Sample.InverseGamma(ref rng, 2, value),
            "LogNormal sigma" => () => Sample.LogNormal(ref rng, 0, value),
            "Beta a" => () => Sample.Beta(ref rng, value, 1),
            "Beta b" => () => Sample.Beta(ref rng, 1, value),
            "Uniform upper" => () => Sample.Uniform(ref rng, 1, value),
            "Uniform lower" => () => Sample.Uniform(ref rng, value, 1),
            "Bernoulli p" => () => Sample.Bernoulli(ref rng, value),
            "BernoulliLogit logit" => () => Sample.BernoulliLogit(ref rng, value),
            "Binomial n" => () => Sample.Binomial(ref rng, (int)value, 0.5),
            "Binomial p" => () => Sample.Binomial(ref rng, 10, value),
            "Poisson lambda" or "Poisson lambda large" => () => Sample.Poisson(ref rng, value),
            "NegativeBinomial mu" => () => Sample.NegativeBinomial(ref rng, value, 1),
            "NegativeBinomial phi" => () => Sample.NegativeBinomial(ref rng, 1, value),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "no such case"),
        };

        var e = Assert.Throws<ArgumentOutOfRangeException>(act);
        Assert.Equal(parameter, e.ParamName);
        Assert.Equal(value, Convert.ToDouble(e.ActualValue, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(parameter, e.Message, StringComparison.Ordinal);
        Assert.Equal(copy.NextUInt64(), rng.NextUInt64());
    }

    [Fact]
    public void Categorical_InvalidLogits_Throw()
    {
        var rng = new Rng(1);
        Assert.Equal("logits", Assert.Throws<ArgumentOutOfRangeException>(() => Sample.Categorical(ref rng, [])).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentOutOfRangeException>(() => Sample.Categorical(ref rng, [1, double.NaN])).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentOutOfRangeException>(() => Sample.Categorical(ref rng, [1, double.PositiveInfinity])).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentOutOfRangeException>(() => Sample.Categorical(ref rng, [double.NegativeInfinity, double.NegativeInfinity])).ParamName);
    }

    [Fact]
    public void Categorical_SingleCategory_AndDegenerateProbabilities()
    {
        var rng = new Rng(2);
        Assert.Equal(0, Sample.Categorical(ref rng, [-5]));
        for (int i = 0; i < 1000; i++)
        {
            // exp(−800) underflows to 0 relative to the largest: the first category can never be drawn.
            Assert.Equal(1, Sample.Categorical(ref rng, [-800, 0, double.NegativeInfinity]));
        }
    }

    [Fact]
    public void Degenerate_Parameters_GiveTheirOnlyValue()
    {
        var rng = new Rng(3);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(0, Sample.Bernoulli(ref rng, 0));
            Assert.Equal(1, Sample.Bernoulli(ref rng, 1));
            Assert.Equal(0, Sample.Binomial(ref rng, 0, 0.4));
            Assert.Equal(0, Sample.Binomial(ref rng, 50, 0));
            Assert.Equal(50, Sample.Binomial(ref rng, 50, 1));
            Assert.Equal(0, Sample.Poisson(ref rng, 0));
            Assert.Equal(int.MaxValue, Sample.Binomial(ref rng, int.MaxValue, 1));
        }
    }

    private static Sampler Find(string name) => s_samplers.Single(s => s.Name == name).Draw;
}
