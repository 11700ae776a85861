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

    /// <summary>
    /// The bias corrections come from running products β^t, restarted from <see cref="Math.Pow(double, double)"/> every
    /// 1,024 steps; over 3,000 steps (three restarts) the iterates stay within the products' rounding of Algorithm 1
    /// written with Math.Pow. Each product is within 1,023 roundings (≈ 1.1·10⁻¹³ relative) of β^t, so each step is
    /// within ≈ 10⁻¹² relative of the reference step, ≤ α = 0.01; the bound 10⁻¹¹ over 3,000 steps leaves a factor 3.
    /// </summary>
    [Fact]
    public void RunningBiasCorrection_MatchesMathPowReference_OverRestarts()
    {
        const int steps = 3000;
        const int length = 5;
        var options = new Adam();
        OptimizerState<double> state = options.CreateState<double>(length);
        double[] x = new double[length];
        double[] reference = new double[length];
        double[] m = new double[length];
        double[] v = new double[length];
        double[] g = new double[length];
        var rng = new ModelGen.Random.Rng(31);
        for (int t = 1; t <= steps; t++)
        {
            rng.FillNormal(g);
            state.Step(x, g);
            for (int i = 0; i < length; i++)
            {
                m[i] = (options.Beta1 * m[i]) + ((1 - options.Beta1) * g[i]);
                v[i] = (options.Beta2 * v[i]) + ((1 - options.Beta2) * g[i] * g[i]);
                double mHat = m[i] / (1 - Math.Pow(options.Beta1, t));
                double vHat = v[i] / (1 - Math.Pow(options.Beta2, t));
                reference[i] += options.LearningRate * mHat / (Math.Sqrt(vHat) + options.Epsilon);
            }
        }

        for (int i = 0; i < length; i++)
        {
            Assert.True(Math.Abs(x[i] - reference[i]) <= 1e-11, $"[{i}] {x[i]:R} vs {reference[i]:R}");
        }
    }

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
