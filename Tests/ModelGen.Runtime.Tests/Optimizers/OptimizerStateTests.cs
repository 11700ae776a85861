using System.Numerics;
using ModelGen.Optimizers;
using ModelGen.Random;

namespace ModelGen.Runtime.Tests.Optimizers;

public class OptimizerStateTests
{
    public static TheoryData<string> Names => new() { "adam", "adagrad", "sgd" };

    [Fact]
    public void BadOptions_Throw_NamingTheOption()
    {
        (Optimizer Options, string Name)[] cases =
        [
            (new Adam(LearningRate: 0), nameof(Adam.LearningRate)),
            (new Adam(LearningRate: -0.1), nameof(Adam.LearningRate)),
            (new Adam(LearningRate: double.NaN), nameof(Adam.LearningRate)),
            (new Adam(LearningRate: double.PositiveInfinity), nameof(Adam.LearningRate)),
            (new Adam(Beta1: 1), nameof(Adam.Beta1)),
            (new Adam(Beta1: -0.1), nameof(Adam.Beta1)),
            (new Adam(Beta1: double.NaN), nameof(Adam.Beta1)),
            (new Adam(Beta2: 1), nameof(Adam.Beta2)),
            (new Adam(Beta2: 1.5), nameof(Adam.Beta2)),
            (new Adam(Epsilon: 0), nameof(Adam.Epsilon)),
            (new Adam(Epsilon: -1e-8), nameof(Adam.Epsilon)),
            (new AdagradWindow(LearningRate: 0), nameof(AdagradWindow.LearningRate)),
            (new AdagradWindow(LearningRate: double.NegativeInfinity), nameof(AdagradWindow.LearningRate)),
            (new AdagradWindow(Epsilon: 0), nameof(AdagradWindow.Epsilon)),
            (new AdagradWindow(Epsilon: double.NaN), nameof(AdagradWindow.Epsilon)),
            (new AdagradWindow(Window: 0), nameof(AdagradWindow.Window)),
            (new AdagradWindow(Window: -3), nameof(AdagradWindow.Window)),
            (new Sgd(LearningRate: -1), nameof(Sgd.LearningRate)),
            (new Sgd(Momentum: 1), nameof(Sgd.Momentum)),
            (new Sgd(Momentum: -0.5), nameof(Sgd.Momentum)),
        ];

        foreach ((Optimizer options, string name) in cases)
        {
            var fromValidate = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
            Assert.Equal(name, fromValidate.ParamName);
            var fromDouble = Assert.Throws<ArgumentOutOfRangeException>(() => options.CreateState<double>(4));
            Assert.Equal(name, fromDouble.ParamName);
            var fromSingle = Assert.Throws<ArgumentOutOfRangeException>(() => options.CreateState<float>(4));
            Assert.Equal(name, fromSingle.ParamName);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DefaultOptions_AreValid_AndNegativeLengthThrows(string name)
    {
        Optimizer options = Create(name);
        options.Validate();
        Assert.Equal(0, options.CreateState<double>(0).Length);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => options.CreateState<double>(-1));
        Assert.Equal("length", ex.ParamName);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_WithMismatchedLengths_Throws(string name)
    {
        OptimizerState<double> state = Create(name).CreateState<double>(5);
        var p = Assert.Throws<ArgumentException>(() => state.Step(new double[4], new double[5]));
        Assert.Equal("parameters", p.ParamName);
        var g = Assert.Throws<ArgumentException>(() => state.Step(new double[5], new double[6]));
        Assert.Equal("gradient", g.ParamName);
        Assert.Equal(0, state.Steps);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SaveLoad_ContinuesIdentically_Double(string name) => SaveLoadContinues<double>(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void SaveLoad_ContinuesIdentically_Single(string name) => SaveLoadContinues<float>(name);

    /// <summary>
    /// Adam keeps β^t as running products restarted from Math.Pow every 1,024 steps; a state reloaded before, at and
    /// after a restart recomputes them from the step count and continues with the same bits.
    /// </summary>
    [Theory]
    [InlineData(1000)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1500)]
    public void Adam_SaveLoad_ContinuesIdentically_AcrossPowerRestarts(int checkpointAt)
    {
        const int length = 13;
        const int total = 2100;
        var options = new Adam();
        OptimizerState<float> original = options.CreateState<float>(length);
        float[][] gradients = Gradients<float>(total, length, seed: 19);
        float[] x = new float[length];
        for (int s = 0; s < checkpointAt; s++)
        {
            original.Step(x, gradients[s]);
        }

        double[] checkpoint = new double[original.StateLength];
        original.SaveState(checkpoint);
        OptimizerState<float> restored = options.CreateState<float>(length);
        restored.LoadState(checkpoint);
        float[] y = (float[])x.Clone();
        for (int s = checkpointAt; s < total; s++)
        {
            original.Step(x, gradients[s]);
            restored.Step(y, gradients[s]);
        }

        Assert.Equal(x, y);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SaveLoad_RejectsWrongLengthsAndStepCounts(string name)
    {
        OptimizerState<double> state = Create(name).CreateState<double>(3);
        var shortSave = Assert.Throws<ArgumentException>(() => state.SaveState(new double[state.StateLength - 1]));
        Assert.Equal("destination", shortSave.ParamName);
        var longLoad = Assert.Throws<ArgumentException>(() => state.LoadState(new double[state.StateLength + 1]));
        Assert.Equal("source", longLoad.ParamName);
        foreach (double steps in new[] { -1.0, 1.5, double.NaN, double.PositiveInfinity })
        {
            double[] saved = new double[state.StateLength];
            saved[0] = steps;
            var ex = Assert.Throws<ArgumentException>(() => state.LoadState(saved));
            Assert.Equal("source", ex.ParamName);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Reset_BehavesLikeAFreshState(string name)
    {
        Optimizer options = Create(name);
        OptimizerState<double> used = options.CreateState<double>(11);
        OptimizerState<double> fresh = options.CreateState<double>(11);
        double[] scratch = new double[11];
        double[][] gradients = Gradients<double>(20, 11, seed: 3);
        foreach (double[] g in gradients)
        {
            used.Step(scratch, g);
        }

        used.Reset();
        Assert.Equal(0, used.Steps);
        double[] a = new double[11];
        double[] b = new double[11];
        foreach (double[] g in gradients)
        {
            used.Step(a, g);
            fresh.Step(b, g);
        }

        Assert.Equal(b, a);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void VectorBody_AgreesBitForBit_WithScalarPath_Double(string name) => VectorMatchesScalar<double>(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void VectorBody_AgreesBitForBit_WithScalarPath_Single(string name) => VectorMatchesScalar<float>(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_DoesNotAllocate_Double(string name) => StepDoesNotAllocate<double>(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_DoesNotAllocate_Single(string name) => StepDoesNotAllocate<float>(name);

    private static Optimizer Create(string name) => name switch
    {
        "adam" => new Adam(),
        "adagrad" => new AdagradWindow(LearningRate: 0.05, Window: 3),
        "sgd" => new Sgd(Momentum: 0.9),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static T[][] Gradients<T>(int steps, int length, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var result = new T[steps][];
        for (int s = 0; s < steps; s++)
        {
            result[s] = new T[length];
            rng.FillNormal<T>(result[s]);
        }

        return result;
    }

    // Seven steps, checkpoint, restore into a new state; then both take the same five steps. A window of 3
    // makes AdagradWindow's ring wrap before and after the checkpoint.
    private static void SaveLoadContinues<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int length = 13;
        Optimizer options = Create(name);
        OptimizerState<T> original = options.CreateState<T>(length);
        T[][] gradients = Gradients<T>(12, length, seed: 17);
        T[] x = new T[length];
        for (int s = 0; s < 7; s++)
        {
            original.Step(x, gradients[s]);
        }

        double[] checkpoint = new double[original.StateLength];
        original.SaveState(checkpoint);
        Assert.Equal(7, checkpoint[0]);
        OptimizerState<T> restored = options.CreateState<T>(length);
        restored.LoadState(checkpoint);
        Assert.Equal(7, restored.Steps);

        T[] y = (T[])x.Clone();
        for (int s = 7; s < 12; s++)
        {
            original.Step(x, gradients[s]);
            restored.Step(y, gradients[s]);
        }

        Assert.Equal(x, y);
        double[] after1 = new double[original.StateLength];
        double[] after2 = new double[restored.StateLength];
        original.SaveState(after1);
        restored.SaveState(after2);
        Assert.Equal(after1, after2);
    }

    // A length-1 state never takes the vector body, so 37 of them are the scalar reference for one
    // length-37 state, whose first elements go through whole registers.
    private static void VectorMatchesScalar<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int length = 37;
        Optimizer options = Create(name);
        OptimizerState<T> whole = options.CreateState<T>(length);
        var single = new OptimizerState<T>[length];
        for (int i = 0; i < length; i++)
        {
            single[i] = options.CreateState<T>(1);
        }

        T[] x = new T[length];
        T[] y = new T[length];
        foreach (T[] g in Gradients<T>(25, length, seed: 23))
        {
            whole.Step(x, g);
            for (int i = 0; i < length; i++)
            {
                single[i].Step(y.AsSpan(i, 1), g.AsSpan(i, 1));
            }
        }

        Assert.Equal(y, x);
    }

    private static void StepDoesNotAllocate<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int length = 1001;
        OptimizerState<T> state = Create(name).CreateState<T>(length);
        T[] x = new T[length];
        T[] g = Gradients<T>(1, length, seed: 29)[0];
        // Reach steady state first: tiered compilation replaces Step's code after 30 calls and a 100 ms quiet spell, and
        // the switch can allocate on the calling thread (a few KB, seen once under load). Those bytes are the JIT's, not Step's.
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                state.Step(x, g);
            }

            Thread.Sleep(150);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            state.Step(x, g);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(before, after);
    }
}
