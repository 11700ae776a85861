using ModelGen.Generator.Distributions;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Tests.Ir;

/// <summary>
/// A non-centred block x = mu + sigma·z on the kernel IR: its transform block (the values and dx/du the Constrain kernel
/// writes) and its chain-rule block (∂/∂x taken back into mu and sigma), both run in <see cref="IrInterpreter"/> against
/// the closed forms written here: x = mu + sigma·z, dx/dz = sigma, ∂/∂mu = x̄, ∂/∂sigma = x̄·z.
/// </summary>
public class NonCentredLoweringTests
{
    /// <summary>Theta[0..3) at θ[2..5), Normal(Mu, Tau) non-centred, with Mu at 0 and Tau at 1 (eight schools' layout).</summary>
    private static ParameterNode Block(bool zeroMean) => new("Theta", "Theta", 2, 1, 3, new PriorSpec(DistributionKind.Normal, EquatableArray<ArgSpec>.Empty))
    {
        Args = new[]
        {
            zeroMean ? new ArgNode("mu", 0, null, 0, ArgShape.Constant) : new ArgNode("mu", 0, "Mu", 0, ArgShape.Scalar),
            new ArgNode("sigma", 0, "Tau", 1, ArgShape.Scalar),
        }.ToEquatableArray(),
        Transform = new TransformNode(TransformKind.NonCentered, 0, 0),
    };

    [Theory]
    [InlineData(0.3, 1.7, -0.4, false)]
    [InlineData(-2.5, 0.01, 3.2, false)]
    [InlineData(0, 4.5, -1.25, true)]
    public void The_transform_block_writes_mu_plus_sigma_z_and_sigma_as_its_slope(double mu, double sigma, double z, bool zeroMean)
    {
        IrBlock? block = TransformLowering.LowerNonCentred(Block(zeroMean), "'Theta'", out string? error);
        Assert.Null(error);
        Assert.NotNull(block);
        var slots = new Dictionary<string, double> { ["values[0]"] = mu, ["values[1]"] = sigma, ["theta[i]"] = z };
        Dictionary<string, double> stores = IrInterpreter.Stores(block, slots);
        Assert.Equal(mu + (sigma * z), stores["values[i]"]);
        Assert.Equal(sigma, stores["jacobian[i]"]);
        Assert.False(stores.ContainsKey("logJacobianGradient[i]"), "log|dx/du| = log sigma does not depend on u: nothing to write per element");
        Assert.Equal(0, IrInterpreter.Density(block, slots));
        Assert.Empty(IrInterpreter.Gradient(block, slots));
    }

    [Theory]
    [InlineData(0.3, 1.7, -0.4, 2.25, false)]
    [InlineData(-2.5, 0.01, 3.2, -0.75, false)]
    [InlineData(0, 4.5, -1.25, 1.5, true)]
    public void The_chain_rule_block_takes_the_values_gradient_into_mu_and_sigma(double mu, double sigma, double z, double adjoint, bool zeroMean)
    {
        IrBlock? block = TransformLowering.LowerNonCentredChain(Block(zeroMean), out string? error);
        Assert.Null(error);
        Assert.NotNull(block);
        var slots = new Dictionary<string, double> { ["values[0]"] = mu, ["values[1]"] = sigma, ["theta[i]"] = z, ["valuesGradient[i]"] = adjoint };
        Assert.Equal(0, IrInterpreter.Density(block, slots));
        Dictionary<string, double> gradient = IrInterpreter.Gradient(block, slots);
        var expected = new Dictionary<string, double> { ["valuesGradient[1]"] = adjoint * z };
        if (!zeroMean)
        {
            expected["valuesGradient[0]"] = adjoint;
        }

        Assert.Equal(expected.OrderBy(e => e.Key), gradient.OrderBy(e => e.Key));
    }
}
