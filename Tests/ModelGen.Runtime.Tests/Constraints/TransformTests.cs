using System.Globalization;
using System.Numerics;
using ModelGen.Constraints;
using ModelGen.Runtime.Tests.Distributions;

namespace ModelGen.Runtime.Tests.Constraints;

/// <summary>
/// The constraint transforms: x(u) against its inverse, dx/du and ∂ log J/∂u against central differences, log J
/// against log |dx/du|, behaviour at extreme u, and the float instantiation against double.
/// </summary>
public sealed class TransformTests
{
    private const double DoubleEpsilon = 1.0 / (1L << 52);
    private const double FloatEpsilon = 1.0 / (1 << 23);

    private delegate T Forward<T>(T u, out T dxdu, out T logJacobian, out T dLogJacobianDu);

    private sealed record Case<T>(string Name, Forward<T> Apply, Func<T, T> Inverse, T Lower, T Upper);

    private static Case<T>[] Cases<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T C(double v) => T.CreateChecked(v);
        return
        [
            new("Exp", Transform.Exp, Transform.ExpInverse, T.Zero, T.PositiveInfinity),
            new("Softplus", Transform.Softplus, Transform.SoftplusInverse, T.Zero, T.PositiveInfinity),
            new("Lower(2.5)", (T u, out T d, out T l, out T dl) => Transform.Lower(u, C(2.5), out d, out l, out dl), x => Transform.LowerInverse(x, C(2.5)), C(2.5), T.PositiveInfinity),
            new("Upper(−1)", (T u, out T d, out T l, out T dl) => Transform.Upper(u, C(-1), out d, out l, out dl), x => Transform.UpperInverse(x, C(-1)), T.NegativeInfinity, C(-1)),
            new("Interval(−2, 3)", (T u, out T d, out T l, out T dl) => Transform.Interval(u, C(-2), C(3), out d, out l, out dl), x => Transform.IntervalInverse(x, C(-2), C(3)), C(-2), C(3)),
            new("Interval(0, 1)", (T u, out T d, out T l, out T dl) => Transform.Interval(u, T.Zero, T.One, out d, out l, out dl), x => Transform.IntervalInverse(x, T.Zero, T.One), T.Zero, T.One),
            new("Interval(1000, 1000.5)", (T u, out T d, out T l, out T dl) => Transform.Interval(u, C(1000), C(1000.5), out d, out l, out dl), x => Transform.IntervalInverse(x, C(1000), C(1000.5)), C(1000), C(1000.5)),
        ];
    }

    private static IEnumerable<double> Grid()
    {
        for (double u = -30; u <= 30; u += 0.375)
        {
            yield return u;
        }

        yield return 1e-9;
        yield return -1e-9;
    }

    /// <summary>The sum of the finite bound magnitudes: the size of the numbers x is formed from.</summary>
    private static double BoundSize(Case<double> c) => (double.IsFinite(c.Lower) ? Math.Abs(c.Lower) : 0) + (double.IsFinite(c.Upper) ? Math.Abs(c.Upper) : 0);

    private static string At(string name, double u) => string.Create(CultureInfo.InvariantCulture, $"{name} at u = {u:R}");

    [Fact]
    public void Derivatives_MatchCentralDifferences()
    {
        foreach (Case<double> c in Cases<double>())
        {
            foreach (double u in Grid())
            {
                double x = c.Apply(u, out double dxdu, out double logJ, out double dLogJ);
                double h = Math.Cbrt(DoubleEpsilon) * Math.Max(1, Math.Abs(u));
                double xUp = c.Apply(u + h, out _, out double logJUp, out _);
                double xDown = c.Apply(u - h, out _, out double logJDown, out _);

                // Truncation h²·|f'''|/6 is ~10⁻¹¹ relative for these smooth maps; round-off is a few ε of the values over 2h.
                double roundX = 4 * DoubleEpsilon * (Math.Abs(x) + BoundSize(c)) / h;
                Exact.Near((xUp - xDown) / (2 * h), dxdu, (1e-6 * Math.Abs(dxdu)) + roundX, At(c.Name + " dx/du", u));
                double roundLogJ = 4 * DoubleEpsilon * (Math.Abs(logJ) + 1) / h;
                Exact.Near((logJUp - logJDown) / (2 * h), dLogJ, (1e-6 * Math.Abs(dLogJ)) + roundLogJ, At(c.Name + " ∂ log J/∂u", u));
            }
        }
    }

    [Fact]
    public void LogJacobian_IsLogOfDxDu()
    {
        foreach (Case<double> c in Cases<double>())
        {
            foreach (double u in Grid().Concat([-700, -300, 300, 700]))
            {
                c.Apply(u, out double dxdu, out double logJ, out _);
                if (double.IsNormal(dxdu))
                {
                    Exact.Near(Math.Log(Math.Abs(dxdu)), logJ, 1e-14 * Math.Max(1, Math.Abs(logJ)), At(c.Name + " log J", u));
                }
            }
        }
    }

    [Fact]
    public void Inverse_RoundTrips()
    {
        foreach (Case<double> c in Cases<double>())
        {
            foreach (double u in Grid())
            {
                double x = c.Apply(u, out double dxdu, out _, out _);
                double back = c.Inverse(x);

                // x carries a rounding of order ε·(|x| + |bounds|); mapped back through du/dx it moves u by that over |dx/du|.
                double conditioned = 4 * DoubleEpsilon * (Math.Abs(u) + ((Math.Abs(x) + BoundSize(c)) / Math.Abs(dxdu)));
                Exact.Near(u, back, conditioned, At(c.Name + " inverse(x(u))", u));

                // The other way round is well conditioned: x(inverse(x)) lands within a few ulps of x.
                double again = c.Apply(back, out _, out _, out _);
                Exact.Near(x, again, 8 * DoubleEpsilon * (Math.Abs(x) + BoundSize(c)), At(c.Name + " x(inverse(x))", u));
            }
        }
    }

    [Fact]
    public void Softplus_MatchesClosedForm()
    {
        foreach (double u in Grid().Concat([-700, -50, 50, 700]))
        {
            double x = Transform.Softplus(u, out double dxdu, out double logJ, out double dLogJ);
            double expected = u <= 0 ? Exact.Log1P(Math.Exp(u)) : u + Exact.Log1P(Math.Exp(-u));
            Exact.Near(expected, x, 4 * DoubleEpsilon * expected, At("softplus", u));
            Exact.Near(1 / (1 + Math.Exp(-u)), dxdu, 4 * DoubleEpsilon * dxdu, At("σ(u)", u));
            Exact.Near(1 / (1 + Math.Exp(u)), dLogJ, 4 * DoubleEpsilon * dLogJ, At("σ(−u)", u));
            double logSigmoid = u >= 0 ? -Exact.Log1P(Math.Exp(-u)) : u - Exact.Log1P(Math.Exp(u));
            Exact.Near(logSigmoid, logJ, 4 * DoubleEpsilon * Math.Abs(logSigmoid), At("log σ(u)", u));
        }
    }

    [Fact]
    public void SoftplusInverse_KeepsDigits_ForTinyAndLargeX()
    {
        // softplus⁻¹(x) = log(eˣ − 1): log x + x/2 + x²/24 for small x, x + log1p(−e⁻ˣ) for large x.
        Exact.Near(Math.Log(1e-30), Transform.SoftplusInverse(1e-30), 4 * DoubleEpsilon * 70, "softplus⁻¹(1e-30)");
        Exact.Near(Math.Log(1e-5) + 0.5e-5 + (1e-10 / 24), Transform.SoftplusInverse(1e-5), 4 * DoubleEpsilon * 12, "softplus⁻¹(1e-5)");
        Exact.Near(50 - Math.Exp(-50), Transform.SoftplusInverse(50.0), 4 * DoubleEpsilon * 50, "softplus⁻¹(50)");
        Assert.Equal(1e300, Transform.SoftplusInverse(1e300));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(700)]
    [InlineData(1e4)]
    [InlineData(3e38)]
    [InlineData(1e300)]
    public void ExtremeU_NeverGivesNaN_AndIntervalStaysInside(double magnitude)
    {
        AtExtremes<double>(magnitude);
        if (magnitude <= float.MaxValue)
        {
            AtExtremes<float>(magnitude); // beyond float.MaxValue u is not finite in float
        }
    }

    private static void AtExtremes<T>(double magnitude)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (Case<T> c in Cases<T>())
        {
            foreach (double u in new[] { -magnitude, magnitude })
            {
                T x = c.Apply(T.CreateChecked(u), out T dxdu, out T logJ, out T dLogJ);
                string where = At($"{c.Name} in {typeof(T).Name}", u);
                Assert.False(T.IsNaN(x) || T.IsNaN(dxdu) || T.IsNaN(logJ) || T.IsNaN(dLogJ), where);

                // log J is computed from u, never from a saturated x: it stays finite even where x or dx/du does not.
                Assert.True(T.IsFinite(logJ) && T.IsFinite(dLogJ), where);
                if (c.Name.StartsWith("Interval", StringComparison.Ordinal))
                {
                    Assert.True(x > c.Lower && x < c.Upper, where + $": x = {x}");
                }
            }
        }
    }

    [Fact]
    public void Exp_Overflows_ToInfinity_WithExactLogJacobian()
    {
        // Documented: eᵘ is +∞ beyond u ≈ 709.78; log J = u and its derivative stay exact.
        double x = Transform.Exp(1e4, out double dxdu, out double logJ, out double dLogJ);
        Assert.Equal(double.PositiveInfinity, x);
        Assert.Equal(double.PositiveInfinity, dxdu);
        Assert.Equal(1e4, logJ);
        Assert.Equal(1, dLogJ);
        Assert.Equal(0, Transform.Exp(-1e4, out _, out logJ, out _));
        Assert.Equal(-1e4, logJ);
    }

    [Fact]
    public void Float_AgreesWithDouble()
    {
        Case<float>[] floats = Cases<float>();
        Case<double>[] doubles = Cases<double>();
        for (int k = 0; k < floats.Length; k++)
        {
            foreach (double u in Grid())
            {
                // The grid is exact in float, so both see the same u; 8 ε_f covers the few roundings of each output.
                float xf = floats[k].Apply((float)u, out float df, out float lf, out float dlf);
                double xd = doubles[k].Apply(u, out double dd, out double ld, out double dld);
                string where = At(doubles[k].Name + " in float", u);
                Exact.Near(xd, xf, 8 * FloatEpsilon * (Math.Abs(xd) + BoundSize(doubles[k])), where + " x");
                Exact.Near(dd, df, 8 * FloatEpsilon * Math.Abs(dd), where + " dx/du");
                Exact.Near(ld, lf, 8 * FloatEpsilon * Math.Max(1, Math.Abs(ld)), where + " log J");
                Exact.Near(dld, dlf, 8 * FloatEpsilon, where + " ∂ log J/∂u");
            }
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void PositiveInverses_RejectValuesOutsideTheSupport(double x)
    {
        AssertRejects(() => Transform.ExpInverse(x), x, "0");
        AssertRejects(() => Transform.SoftplusInverse(x), x, "0");
    }

    [Fact]
    public void BoundedInverses_RejectValuesOutsideTheSupport_NamingTheBound()
    {
        AssertRejects(() => Transform.LowerInverse(2.5, 2.5), 2.5, "2.5");
        AssertRejects(() => Transform.LowerInverse(1.0, 2.5), 1.0, "2.5");
        AssertRejects(() => Transform.UpperInverse(-1.0, -1.0), -1.0, "-1");
        AssertRejects(() => Transform.UpperInverse(0.0, -1.0), 0.0, "-1");
        AssertRejects(() => Transform.IntervalInverse(-2.0, -2.0, 3.0), -2.0, "-2");
        AssertRejects(() => Transform.IntervalInverse(3.0, -2.0, 3.0), 3.0, "3");
        AssertRejects(() => Transform.IntervalInverse(7.5f, -2f, 3f), 7.5, "3");
    }

    private static void AssertRejects(Func<object> call, double x, string bound)
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => call());
        Assert.Equal("x", e.ParamName);
        Assert.Contains(x.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Contains("bound " + bound, e.Message, StringComparison.Ordinal);
    }
}
