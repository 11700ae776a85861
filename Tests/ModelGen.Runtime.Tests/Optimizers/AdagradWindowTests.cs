using System.Numerics;
using ModelGen.Optimizers;

namespace ModelGen.Runtime.Tests.Optimizers;

public class AdagradWindowTests
{
    [Fact]
    public void Defaults_MatchPyMC()
    {
        var options = new AdagradWindow();
        Assert.Equal(0.001, options.LearningRate);
        Assert.Equal(0.1, options.Epsilon);
        Assert.Equal(10, options.Window);
    }

    [Fact]
    public void HandComputedSteps_WindowOfTwo_Double() => HandComputed<double>(1e-15);

    [Fact]
    public void HandComputedSteps_WindowOfTwo_Single() => HandComputed<float>(1e-6);

    [Fact]
    public void ConvergesOnConcaveQuadratic_Double() => Converges<double>();

    [Fact]
    public void ConvergesOnConcaveQuadratic_Single() => Converges<float>();

    // η = 0.1, ε = 0.1, window 2. Even coordinates start at 1 and see g = 2, −1, 3; odd ones start at −1
    // and see g = 0.5, 0.5, 0. The windowed sums are g1², g1² + g2², then g2² + g3² (g1 has left).
    // The coordinates repeat across 19 elements so both the vector body and the scalar tail are checked.
    private static void HandComputed<T>(double relativeTolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[][] gradients = [[2, 0.5], [-1, 0.5], [3, 0]];
        double[][] expected =
        [
            [1 + (0.1 * 2 / Math.Sqrt(4 + 0.1)), -1 + (0.1 * 0.5 / Math.Sqrt(0.25 + 0.1))],
            [0, 0],
            [0, 0],
        ];
        expected[1][0] = expected[0][0] + (0.1 * -1 / Math.Sqrt(4 + 1 + 0.1));
        expected[1][1] = expected[0][1] + (0.1 * 0.5 / Math.Sqrt(0.25 + 0.25 + 0.1));
        expected[2][0] = expected[1][0] + (0.1 * 3 / Math.Sqrt(1 + 9 + 0.1));
        expected[2][1] = expected[1][1] + (0.1 * 0 / Math.Sqrt(0.25 + 0 + 0.1));

        const int length = 19;
        OptimizerState<T> state = new AdagradWindow(LearningRate: 0.1, Epsilon: 0.1, Window: 2).CreateState<T>(length);
        T[] x = new T[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = T.CreateTruncating(i % 2 == 0 ? 1.0 : -1.0);
        }

        T[] gradient = new T[length];
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < length; i++)
            {
                gradient[i] = T.CreateTruncating(gradients[step][i % 2]);
            }

            state.Step(x, gradient);
            for (int i = 0; i < length; i++)
            {
                double want = expected[step][i % 2];
                double got = double.CreateTruncating(x[i]);
                Assert.True(Math.Abs(got - want) <= relativeTolerance * Math.Abs(want), $"step {step + 1}, [{i}]: {got:R} vs {want:R}");
            }
        }
    }

    // Each coordinate moves by η_t·g with η_t = η / √(S + ε) ≤ η / √ε, so with η·a/√ε ≤ 0.1·4/√0.1 ≈ 1.26 < 2
    // every step contracts |x − c| (by at worst 1 − η·a_min/√ε ≈ 0.84 per step near the optimum, where the
    // window sum S → 0). Far away the step is ≈ η/√window ≈ 0.03, so the 3.4 units to travel take ~110 steps
    // and 3000 steps reach the rounding floor: x stops moving once η·a·d/√ε < ulp(c)/2, i.e. at
    // d ≈ ulp(c)·√ε / (2·η·a_min). The tolerance is ten times that floor.
    private static void Converges<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double learningRate = 0.1;
        const double epsilon = 0.1;
        const int length = 37;
        var f = new Quadratic<T>(length);
        OptimizerState<T> state = new AdagradWindow(LearningRate: learningRate, Epsilon: epsilon).CreateState<T>(length);
        T[] x = new T[length];
        T[] gradient = new T[length];
        for (int t = 0; t < 3000; t++)
        {
            f.Gradient(x, gradient);
            state.Step(x, gradient);
        }

        T top = T.CreateTruncating(f.MaxAbsCentre());
        double ulp = double.CreateTruncating(T.BitIncrement(top) - top);
        double floor = ulp * Math.Sqrt(epsilon) / (2 * learningRate * Quadratic<T>.MinCurvature);
        double distance = f.MaxDistance(x);
        Assert.True(distance <= 10 * floor, $"max |x − c| = {distance:G4}, rounding floor {floor:G4}");
    }
}
