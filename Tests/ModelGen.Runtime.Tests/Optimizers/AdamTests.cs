using System.Numerics;
using ModelGen.Optimizers;

namespace ModelGen.Runtime.Tests.Optimizers;

public class AdamTests
{
    [Fact]
    public void FirstStep_MovesEachCoordinateByLearningRate_Double() => FirstStep<double>();

    [Fact]
    public void FirstStep_MovesEachCoordinateByLearningRate_Single() => FirstStep<float>();

    [Fact]
    public void ConvergesOnConcaveQuadratic_Double() => Converges<double>();

    [Fact]
    public void ConvergesOnConcaveQuadratic_Single() => Converges<float>();

    [Fact]
    public void DefaultOptimizer_IsAdamWithDefaults()
    {
        Assert.Equal(new Adam(0.01, 0.9, 0.999, 1e-8), Optimizer.Default);
    }

    // With bias correction, m̂ = g and v̂ = g² after one step, so the step is α·g / (|g| + ε): within
    // α·ε/|g| of ±α, plus a few roundings (allowed: 16 ulp of α). A zero gradient gives a zero step.
    private static void FirstStep<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double learningRate = 0.01;
        const double epsilon = 1e-8;
        double[] g = [3, -0.5, 1e-3, -200, 1e-2, 0, 7.5, -1e-4];
        int length = 37;
        OptimizerState<T> state = new Adam(LearningRate: learningRate, Epsilon: epsilon).CreateState<T>(length);
        T[] x = new T[length];
        T[] gradient = new T[length];
        for (int i = 0; i < length; i++)
        {
            gradient[i] = T.CreateTruncating(g[i % g.Length]);
        }

        state.Step(x, gradient);

        double ulp = double.CreateTruncating(T.BitIncrement(T.One) - T.One);
        for (int i = 0; i < length; i++)
        {
            double gi = g[i % g.Length];
            double xi = double.CreateTruncating(x[i]);
            if (gi == 0)
            {
                Assert.Equal(0, xi);
                continue;
            }

            double tolerance = learningRate * ((epsilon / Math.Abs(gi)) + (16 * ulp));
            Assert.Equal(Math.Sign(gi), Math.Sign(xi));
            Assert.True(Math.Abs(Math.Abs(xi) - learningRate) <= tolerance, $"[{i}] step {xi:R}, g = {gi}");
        }
    }

    // Adam's step is bounded by about α (Kingma and Ba, §2.1), so once it has settled it cannot sit farther
    // than one step from the optimum without the gradient's sign pulling it back: the tolerance is α.
    // From x = 0 the farthest centre is 3.4 away, about 340 steps at α = 0.01; 5000 steps leave ample room.
    private static void Converges<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double learningRate = 0.01;
        const int length = 37;
        var f = new Quadratic<T>(length);
        OptimizerState<T> state = new Adam(LearningRate: learningRate).CreateState<T>(length);
        T[] x = new T[length];
        T[] gradient = new T[length];
        for (int t = 0; t < 5000; t++)
        {
            f.Gradient(x, gradient);
            state.Step(x, gradient);
        }

        Assert.Equal(5000, state.Steps);
        double distance = f.MaxDistance(x);
        Assert.True(distance <= learningRate, $"max |x − c| = {distance:G4} after 5000 steps");
    }
}
