using ModelGen.Inference;

namespace ModelGen.Orleans.Tests;

/// <summary>Sharded ADVI of a model without a layer (<see cref="ShardSchools"/>) on the same three-silo cluster.</summary>
public sealed partial class ShardedFitTests
{
    private static readonly Lazy<AdviFit<double>> SoloSchools = new(() => ShardLayerlessData.BindSchools(0, ShardData.Rows).Fit(Options));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_sharded_fit_of_eight_schools_with_many_rows_is_the_single_machine_fit_bit_for_bit(int shards)
    {
        var fit = new ShardedFit<ShardSchools, double>(fixture.Cluster.Client, new ShardSchools()) { SimdWidth = ShardData.Width };
        ShardedFitResult<double> result = await fit.FitAsync("schools", ShardLayout.Even(ShardData.Rows, shards), Options);
        AssertSame(SoloSchools.Value, result.Fit);
    }
}
