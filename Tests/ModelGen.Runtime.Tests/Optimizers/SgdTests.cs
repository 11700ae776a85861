using ModelGen.Optimizers;

namespace ModelGen.Runtime.Tests.Optimizers;

public class SgdTests
{
    [Fact]
    public void HandComputedSteps_WithMomentum()
    {
        // η = 0.1, μ = 0.5: u = 0.2, x = 0.2; u = 0.5·0.2 + 0.1·(−1) = 0, x = 0.2; u = 0 + 0.4, x = 0.6.
        OptimizerState<double> state = new Sgd(LearningRate: 0.1, Momentum: 0.5).CreateState<double>(1);
        double[] x = [0];
        state.Step(x, [2.0]);
        Assert.Equal(0.2, x[0], 15);
        state.Step(x, [-1.0]);
        Assert.Equal(0.2, x[0], 15);
        state.Step(x, [4.0]);
        Assert.Equal(0.6, x[0], 15);
    }

    [Fact]
    public void WithoutMomentum_IsPlainGradientAscent()
    {
        OptimizerState<float> state = new Sgd(LearningRate: 0.25).CreateState<float>(3);
        float[] x = [1, 2, 3];
        state.Step(x, [4f, -4f, 0f]);
        Assert.Equal([2f, 1f, 3f], x);
    }
}
