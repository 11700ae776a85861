using ModelGen.Distributions;

namespace ModelGen.Runtime.Tests.Distributions;

/// <summary>
/// The improper flat densities: log density 0 on the support, nothing added to the gradient, −∞ below 0 for HalfFlat,
/// NaN for NaN. (They are not in <see cref="DistributionCase"/>: they do not integrate to one.)
/// </summary>
public class FlatTests
{
    private const double Sentinel = 0.375;

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.5)]
    [InlineData(1e30)]
    [InlineData(-1e-300)]
    public void Flat_is_zero_everywhere_and_adds_nothing_to_the_gradient(double x)
    {
        double dx = Sentinel;
        float dxF = (float)Sentinel;
        Assert.Equal(0.0, Flat.LogDensity(x));
        Assert.Equal(0.0, Flat.LogDensity(x, ref dx));
        Assert.Equal(0f, Flat.LogDensity((float)x));
        Assert.Equal(0f, Flat.LogDensity((float)x, ref dxF));
        Assert.Equal(Sentinel, dx);
        Assert.Equal((float)Sentinel, dxF);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.5)]
    [InlineData(1e-300)]
    [InlineData(1e30)]
    public void HalfFlat_is_zero_on_the_positive_half_line_and_adds_nothing_to_the_gradient(double x)
    {
        double dx = Sentinel;
        Assert.Equal(0.0, HalfFlat.LogDensity(x));
        Assert.Equal(0.0, HalfFlat.LogDensity(x, ref dx));
        Assert.Equal(0f, HalfFlat.LogDensity((float)x));
        Assert.Equal(Sentinel, dx);
    }

    [Theory]
    [InlineData(-1e-300)]
    [InlineData(-2.0)]
    public void HalfFlat_below_zero_is_negative_infinity_and_leaves_the_gradient(double x)
    {
        double dx = Sentinel;
        Assert.Equal(double.NegativeInfinity, HalfFlat.LogDensity(x));
        Assert.Equal(double.NegativeInfinity, HalfFlat.LogDensity(x, ref dx));
        Assert.Equal(Sentinel, dx);
    }

    [Fact]
    public void NaN_propagates()
    {
        double dx = 0;
        Assert.True(double.IsNaN(Flat.LogDensity(double.NaN)));
        Assert.True(double.IsNaN(Flat.LogDensity(double.NaN, ref dx)));
        Assert.True(double.IsNaN(HalfFlat.LogDensity(double.NaN)));
        Assert.True(float.IsNaN(HalfFlat.LogDensity(float.NaN)));
    }

    [Fact]
    public void Domains_are_the_real_line_and_the_positive_half_line()
    {
        Assert.Equal(Support.Real, Flat.Domain);
        Assert.Equal(Support.Positive, HalfFlat.Domain);
    }
}
