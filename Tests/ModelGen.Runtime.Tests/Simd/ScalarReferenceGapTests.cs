using System.Globalization;
using ModelGen.Simd;

namespace ModelGen.Runtime.Tests.Simd;

/// <summary>
/// The scalar reference (ScalarF/ScalarD, the path every width is tested against and the one kernels run
/// at <see cref="SimdWidth.Scalar"/>) is as accurate as the vector code and agrees with it on NaN: softplus
/// through an accurate log1p (.NET's LogP1 is Math.Log(x + 1)), ReLU propagating NaN as Vector.Max does.
/// </summary>
public sealed class ScalarReferenceGapTests
{
    [Fact]
    public void ScalarSoftplusSingle_MatchesOracle()
    {
        for (int i = -40 * 64; i <= 40 * 64; i++)
        {
            float x = i / 64f;
            float expected = (float)Tolerance.SoftplusOracle(x);
            Assert.True(Ulp.Between(ScalarF.Softplus(x), expected) <= 1, string.Create(CultureInfo.InvariantCulture, $"x = {x}: {ScalarF.Softplus(x)}, oracle {expected}"));
        }
    }

    [Fact]
    public void ScalarSoftplusDouble_MatchesOracle()
    {
        for (int i = -40 * 64; i <= 40 * 64; i++)
        {
            double x = i / 64d;
            double expected = Tolerance.SoftplusOracle(x);
            Assert.True(Ulp.Between(ScalarD.Softplus(x), expected) <= 4, string.Create(CultureInfo.InvariantCulture, $"x = {x}: {ScalarD.Softplus(x)}, oracle {expected}"));
        }
    }

    [Fact]
    public void ScalarRelu_PropagatesNaN()
    {
        Assert.True(float.IsNaN(ScalarF.Relu(float.NaN)));
        Assert.True(double.IsNaN(ScalarD.Relu(double.NaN)));
    }
}
