using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// The sharded fit's entry points on models without a layer (<see cref="ShardSchools"/>: a per-group location and a per-row
/// scale; <see cref="ShardArms"/>: a per-group location plus a scalar intercept, in float; <see cref="ShardCoin"/>: a
/// standalone parameter only): each chunk's likelihood and the priors against closed forms in double, and shards on chunk
/// boundaries added in chunk order against the model's own density of all the rows, bit for bit, at every width.
/// </summary>
public sealed class ChunkedLayerlessTests
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    [Fact]
    public void Each_chunk_of_eight_schools_is_its_rows_log_likelihood_and_the_priors_hold_the_hierarchy()
    {
        ShardSchools model = ShardLayerlessData.BindSchools(0, ShardData.Rows);
        (double[,] x, double[] y) = ShardLayerlessData.SchoolRowsOf(0, ShardData.Rows);
        double[] theta = ShardLayerlessData.SchoolTheta;
        ChunkedRegressionTests.AssertChunks(model, theta, (begin, end) =>
        {
            // Σ −½((y − θ_g)/s)² − log s − ½ log 2π; ∂/∂θ_g = Σ_g (y − θ_g)/s²; μ and τ appear only in the priors.
            double value = 0;
            var gradient = new double[theta.Length];
            for (int r = begin; r < end; r++)
            {
                int g = (int)x[r, 0];
                double s = x[r, 1];
                double residual = y[r] - theta[2 + g];
                value += (-0.5 * (residual / s) * (residual / s)) - Math.Log(s) - HalfLog2Pi;
                gradient[2 + g] += residual / (s * s);
            }

            return (value, gradient);
        });

        // μ ~ N(0, 5); τ ~ HalfCauchy(5) (+ log τ, τ = eᵘ); θ_g ~ N(μ, τ).
        double mu = theta[0];
        double tau = Math.Exp(theta[1]);
        var grad = new double[theta.Length];
        double expected = (-0.5 * (mu / 5) * (mu / 5)) - Math.Log(5) - HalfLog2Pi;
        grad[0] = -mu / 25;
        expected += Math.Log(2) - Math.Log(Math.PI) - Math.Log(5) - Math.Log(1 + ((tau / 5) * (tau / 5))) + theta[1];
        grad[1] = 1 - (2 * tau * tau / (25 + (tau * tau)));
        for (int g = 0; g < ShardLayerlessData.Schools; g++)
        {
            double z = (theta[2 + g] - mu) / tau;
            expected += (-0.5 * z * z) - theta[1] - HalfLog2Pi;
            grad[2 + g] = -z / tau;
            grad[0] += z / tau;
            grad[1] += (z * z) - 1;
        }

        ChunkedRegressionTests.AssertPriors(model, theta, expected, grad);
    }

    [Fact]
    public void Each_chunk_of_a_coin_is_its_rows_log_likelihood_and_the_priors_hold_the_jacobian()
    {
        ShardCoin model = ShardLayerlessData.BindCoin(0, ShardData.Rows);
        (_, double[] y) = ShardLayerlessData.Coin(0, ShardData.Rows);
        double[] theta = ShardLayerlessData.CoinTheta;
        double p = 1 / (1 + Math.Exp(-theta[0]));
        ChunkedRegressionTests.AssertChunks(model, theta, (begin, end) =>
        {
            // Σ y log p + (1 − y) log(1 − p); ∂/∂u = Σ y − p (p = σ(u)).
            double value = 0;
            double gradient = 0;
            for (int r = begin; r < end; r++)
            {
                value += y[r] == 1 ? Math.Log(p) : Math.Log(1 - p);
                gradient += y[r] - p;
            }

            return (value, [gradient]);
        });

        // Beta(2, 3): log p + 2 log(1 − p) + log 12, with the log-Jacobian log p + log(1 − p); ∂/∂u = 2(1 − p) − 3p.
        ChunkedRegressionTests.AssertPriors(model, theta, (2 * Math.Log(p)) + (3 * Math.Log(1 - p)) + Math.Log(12), [2 - (5 * p)]);
    }

    [Theory]
    [MemberData(nameof(ChunkedRegressionTests.ShardsAtEveryWidth), MemberType = typeof(ChunkedRegressionTests))]
    public void Shards_of_eight_schools_added_in_chunk_order_are_its_density_bit_for_bit(int count, SimdWidth width) =>
        ShardSums.AssertShardsSum((start, end) => ShardLayerlessData.BindSchools(start, end, width), ShardLayerlessData.SchoolTheta, count, (m, t, g) => m.LogDensityGradient(t, g), (m, t, g) => m.Gradient(t, g), (m, t) => m.LogDensity(t));

    [Theory]
    [MemberData(nameof(ChunkedRegressionTests.ShardsAtEveryWidth), MemberType = typeof(ChunkedRegressionTests))]
    public void Shards_of_a_group_logit_model_in_float_added_in_chunk_order_are_its_density_bit_for_bit(int count, SimdWidth width) =>
        ShardSums.AssertShardsSum((start, end) => ShardLayerlessData.BindArms(start, end, width), ShardLayerlessData.ArmTheta, count, (m, t, g) => m.LogDensityGradient(t, g), (m, t, g) => m.Gradient(t, g), (m, t) => m.LogDensity(t));

    [Theory]
    [MemberData(nameof(ChunkedRegressionTests.ShardsAtEveryWidth), MemberType = typeof(ChunkedRegressionTests))]
    public void Shards_of_a_coin_added_in_chunk_order_are_its_density_bit_for_bit(int count, SimdWidth width) =>
        ShardSums.AssertShardsSum((start, end) => ShardLayerlessData.BindCoin(start, end, width), ShardLayerlessData.CoinTheta, count, (m, t, g) => m.LogDensityGradient(t, g), (m, t, g) => m.Gradient(t, g), (m, t) => m.LogDensity(t));
}
