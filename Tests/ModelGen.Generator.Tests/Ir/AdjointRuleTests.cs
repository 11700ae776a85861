using System.Globalization;
using ModelGen.Generator.Ir;

namespace ModelGen.Generator.Tests.Ir;

/// <summary>
/// The reverse-mode mechanism, not the models: each primitive's adjoint rule against central differences in double at
/// points across its domain and near its edges, and random small programs of primitives against central differences.
/// Both run the IR in <see cref="IrInterpreter"/>, whose primitives are written from their definitions.
/// </summary>
public class AdjointRuleTests
{
    /// <summary>Points (a, b) per primitive: inside the domain, at large |a| where tanh, softplus and log-sum-exp saturate, at tiny a for log1p.</summary>
    public static TheoryData<string, double, double> PrimitivePoints()
    {
        var data = new TheoryData<string, double, double>();
        void Add(Primitive op, params (double A, double B)[] points)
        {
            foreach ((double a, double b) in points)
            {
                data.Add(op.ToString(), a, b);
            }
        }

        Add(Primitive.Add, (1.3, -0.7), (1e3, 2.5));
        Add(Primitive.Subtract, (1.3, -0.7), (-4, 1e3));
        Add(Primitive.Multiply, (1.3, -0.7), (-4, 0.3), (1e3, 1e-3));
        Add(Primitive.Divide, (1.3, -0.7), (-4, 0.3), (2, 1e3));
        Add(Primitive.Negate, (-2.5, 0), (3, 0));
        Add(Primitive.Square, (-2.5, 0), (0, 0), (1e3, 0));
        Add(Primitive.Log, (1e-3, 0), (0.5, 0), (1e4, 0));
        Add(Primitive.Exp, (-30, 0), (0.2, 0), (5, 0));
        Add(Primitive.Log1P, (1e-12, 0), (-1e-9, 0), (0.5, 0), (30, 0), (-0.9, 0));
        Add(Primitive.Abs, (-2, 0), (3, 0));
        Add(Primitive.Sign, (-2, 0), (3, 0));
        Add(Primitive.Tanh, (-20, 0), (-3, 0), (0.1, 0), (2, 0), (20, 0));
        Add(Primitive.Softplus, (-50, 0), (-3, 0), (0, 0), (4, 0), (50, 0));
        Add(Primitive.Sigmoid, (-30, 0), (0, 0), (2, 0), (30, 0));
        Add(Primitive.LogSumExp, (700, 0), (0, -700), (1.5, 1.5), (-3, 2), (700, 699));
        Add(Primitive.Log1PSquareOver, (0.3, 1), (-2, 0.5), (1e6, 3), (1e100, 2), (1e-8, 4));
        Add(Primitive.LogGamma, (0.1, 0), (1, 0), (3.5, 0), (50, 0));
        Add(Primitive.LogBeta, (0.5, 2), (3, 3), (20, 0.7));
        Add(Primitive.StudentTLogNormaliser, (0.5, 0), (3.5, 0), (30, 0));
        Add(Primitive.LogitBernoulli, (1, 0), (0, 0), (1, -40), (0, 40), (1, 40), (0, -40), (1, 2.5), (0.3, -1.5));
        Add(Primitive.Sqrt, (1e-4, 0), (0.5, 0), (1e4, 0));
        Add(Primitive.Expm1, (-30, 0), (-1e-6, 0), (1e-9, 0), (0.4, 0), (5, 0));
        Add(Primitive.Pow, (0.3, 2), (2.5, -1.5), (1e-3, 0.5), (7, 0.25));
        return data;
    }

    [Theory]
    [MemberData(nameof(PrimitivePoints))]
    public void Each_adjoint_rule_matches_central_differences(string primitive, double a, double b)
    {
        var op = Enum.Parse<Primitive>(primitive);
        int arity = Primitives.Arity(op);
        var builder = new IrBuilder();
        int x = builder.Load(new IrSlot("x", "0", "dx"), "a");
        int[] args = arity == 2 ? [x, builder.Load(new IrSlot("x", "1", "dx"), "b")] : [x];
        builder.AddToDensity(builder.Apply(op, args));
        Assert.Null(Adjoints.Derive(builder));
        IrBlock block = builder.Build(primitive, string.Empty, null);
        AssertGradient(block, arity == 2 ? [a, b] : [a], primitive + " at (" + Describe(a) + (arity == 2 ? ", " + Describe(b) : string.Empty) + ")");
    }

    /// <summary>
    /// A select on a condition on data (a term's '?:' and 'if'): c ? a² : a·b takes the slope of the branch chosen, 2a in
    /// a and nothing in b when c holds, b in a and a in b when it does not, and central differences agree.
    /// </summary>
    [Theory]
    [InlineData(1, 1.5, -0.4)]
    [InlineData(0, 1.5, -0.4)]
    [InlineData(1, -2, 3)]
    [InlineData(0, -2, 3)]
    public void A_select_takes_the_slope_of_the_branch_chosen(double condition, double a, double b)
    {
        var builder = new IrBuilder();
        int x = builder.Load(new IrSlot("x", "0", "dx"), "a");
        int y = builder.Load(new IrSlot("x", "1", "dx"), "b");
        int c = builder.Load(new IrSlot("c", "0", null), "condition");
        builder.AddToDensity(builder.Apply(Primitive.Select, c, builder.Apply(Primitive.Square, x), builder.Multiply(x, y)));
        Assert.Null(Adjoints.Derive(builder));
        IrBlock block = builder.Build("select", string.Empty, null);
        var slots = new Dictionary<string, double> { ["x[0]"] = a, ["x[1]"] = b, ["c[0]"] = condition };
        Assert.Equal(condition != 0 ? a * a : a * b, IrInterpreter.Density(block, slots), 15);
        Dictionary<string, double> gradient = IrInterpreter.Gradient(block, slots);
        Assert.Equal(condition != 0 ? 2 * a : b, gradient.GetValueOrDefault("dx[0]"), 15);
        Assert.Equal(condition != 0 ? 0 : a, gradient.GetValueOrDefault("dx[1]"), 15);
    }

    /// <summary>Every primitive has a rule in the table, or is one only the reverse pass uses, whose derivation is reported, not thrown.</summary>
    [Fact]
    public void Every_primitive_has_a_rule_or_is_reported()
    {
        foreach (Primitive op in Enum.GetValues<Primitive>())
        {
            Assert.True(Adjoints.Rules.ContainsKey(op), op + " is not in the table");
        }

        foreach (Primitive op in Adjoints.Rules.Where(r => r.Value is null).Select(r => r.Key))
        {
            var builder = new IrBuilder();
            int x = builder.Load(new IrSlot("x", "0", "dx"), "a");
            builder.AddToDensity(builder.Apply(op, Primitives.Arity(op) == 2 ? [x, x] : [x]));
            Assert.Contains(op.ToString(), Adjoints.Derive(builder), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A likelihood's row term enters log p times the row's mask (1 on real rows, 0 on padding): the derived slope is
    /// the mask times the term's, here the folded logit link's y − σ(z) through its own rule, and nothing for a padding row.
    /// </summary>
    [Theory]
    [InlineData(1, 0.7, 1)]
    [InlineData(0, -3, 1)]
    [InlineData(1, 35, 1)]
    [InlineData(1, 0.7, 0)]
    public void A_row_term_enters_log_p_times_its_mask(double y, double z, double mask)
    {
        var builder = new IrBuilder();
        int zValue = builder.Load(new IrSlot("x", "0", "dx"), "z");
        int yValue = builder.Load(new IrSlot("x", "1", null), "y");
        int maskValue = builder.Load(new IrSlot("x", "2", null), "mask");
        builder.AddRowToDensity(builder.Apply(Primitive.LogitBernoulli, yValue, zValue), maskValue);
        Assert.Null(Adjoints.Derive(builder));
        IrBlock block = builder.Build("row", string.Empty, null);
        AssertGradient(block, [z, y, mask], "LogitBernoulli row at z = " + Describe(z) + ", y = " + Describe(y) + ", mask " + Describe(mask), differentiable: 1);
        double sigmoid = 1 / (1 + Math.Exp(-z));
        Assert.Equal(mask * (y - sigmoid), IrInterpreter.Gradient(block, Slots([z, y, mask]))["dx[0]"], 15);
    }

    /// <summary>
    /// A parameter the rows read (a learned NegativeBinomial dispersion φ, a load no row changes) gets its share of each
    /// row as mask·∂term/∂φ into a lane-wise sum, never a register per row: here one row's share against the slope
    /// written out, −y/φ − softplus(t) + (y + φ)·σ(t)/φ with t = z − log φ, and against central differences in φ.
    /// </summary>
    [Theory]
    [InlineData(3, 0.4, 2.5, 1)]
    [InlineData(0, -1.2, 0.7, 1)]
    [InlineData(7, 2.0, 12, 1)]
    [InlineData(3, 0.4, 2.5, 0)]
    public void A_parameter_the_rows_read_sums_each_rows_masked_share(double y, double z, double phi, double mask)
    {
        var builder = new IrBuilder();
        int zValue = builder.Load(new IrSlot("z", "row", "dz"), "z");
        int yValue = builder.Load(new IrSlot("y", "row", null), "y");
        int maskValue = builder.Load(new IrSlot("mask", "row", null), "mask");
        int phiValue = builder.Load(new IrSlot("x", "0", "dx"), "phi");
        int t = builder.Subtract(zValue, builder.Apply(Primitive.Log, phiValue));
        int term = builder.Subtract(builder.Multiply(yValue, t), builder.Multiply(builder.Add(yValue, phiValue), builder.Apply(Primitive.Softplus, t)));
        builder.AddRowToDensity(term, maskValue);
        Assert.Null(Adjoints.Derive(builder));
        IrBlock block = builder.Build("row", string.Empty, null);
        Assert.DoesNotContain(block.Reverse, s => s is IrAddToGradient { Slot.GradientSpan: "dx" });
        IrAddRowToGradient sum = Assert.Single(block.Reverse.OfType<IrAddRowToGradient>());
        Assert.Equal("dx", sum.Slot.GradientSpan);
        Assert.Equal(maskValue, sum.Mask);

        double shifted = z - Math.Log(phi);
        double expected = mask * ((-y / phi) - Math.Log(1 + Math.Exp(shifted)) + ((y + phi) / (1 + Math.Exp(-shifted)) / phi));
        var slots = new Dictionary<string, double> { ["z[row]"] = z, ["y[row]"] = y, ["mask[row]"] = mask, ["x[0]"] = phi };
        Assert.Equal(expected, IrInterpreter.Gradient(block, slots)["dx[0]"], 12);
        double h = 1e-6 * phi;
        double difference = (IrInterpreter.Density(block, new Dictionary<string, double>(slots) { ["x[0]"] = phi + h })
            - IrInterpreter.Density(block, new Dictionary<string, double>(slots) { ["x[0]"] = phi - h })) / (2 * h);
        Assert.True(Math.Abs(expected - difference) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"φ = {Describe(phi)}: derived {expected:R}, central difference {difference:R}");
    }

    /// <summary>
    /// 400 random programs: two to four loads, six to fourteen primitives each on earlier values (an operation is
    /// chosen only where its arguments are well inside its domain at the point), some values added to log p; the
    /// derived gradient against central differences of the interpreted density.
    /// </summary>
    [Fact]
    public void Random_programs_of_primitives_match_central_differences()
    {
        // The log-sum-exp's shift is held constant by design: it is checked in its one use, the log-sum-exp, below; the
        // interval's e^−|u| is its u's own, so it is checked as the builder writes it (the interval tests below).
        Primitive[] ops = Adjoints.Rules.Where(r => r.Value is not null && r.Key is not (Primitive.Sign or Primitive.LogSumExpShift or Primitive.Select or Primitive.Interval)).Select(r => r.Key).ToArray();
        for (int seed = 0; seed < 400; seed++)
        {
            var random = new System.Random(seed);
            var builder = new IrBuilder();
            int loads = random.Next(2, 5);
            double[] point = new double[loads];
            var values = new List<(int Id, double Value)>();
            for (int k = 0; k < loads; k++)
            {
                point[k] = Math.Round((4 * random.NextDouble()) - 2, 3);
                values.Add((builder.Load(new IrSlot("x", k.ToString(CultureInfo.InvariantCulture), "dx"), "x" + k), point[k]));
            }

            var program = new List<string>();
            int steps = random.Next(6, 15);
            for (int attempt = 0; program.Count < steps && attempt < 200; attempt++)
            {
                Primitive op = ops[random.Next(ops.Length)];
                (int Id, double Value) a = values[random.Next(values.Count)];
                (int Id, double Value) b = values[random.Next(values.Count)];
                if (!Safe(op, a.Value, b.Value))
                {
                    continue;
                }

                double result = IrInterpreter.Apply(op, a.Value, b.Value);
                bool binary = Primitives.Arity(op) == 2;
                values.Add((builder.Apply(op, binary ? [a.Id, b.Id] : [a.Id]), result));
                program.Add(op + "(%" + a.Id + (binary ? ", %" + b.Id : string.Empty) + ")");
            }

            foreach ((int id, double _) in values.Skip(loads).Where((_, k) => k % 3 != 1).Append(values[^1]).Distinct())
            {
                builder.AddToDensity(id);
            }

            Assert.Null(Adjoints.Derive(builder));
            IrBlock block = builder.Build("program " + seed, string.Empty, null);
            AssertGradient(block, point, "program " + seed + " [" + string.Join("; ", program) + "] at (" + string.Join(", ", point.Select(Describe)) + ")");
        }
    }

    /// <summary>
    /// log Σₖ e^(zₖ) as the builder writes it (the largest logit as the shift, held constant by the derivation): its value
    /// against log Σ e^(zₖ) written here, its derived slope against central differences and against the softmax
    /// e^(zₖ)/Σ e^(zⱼ): one dominant class, equal logits, large magnitudes (no overflow at ±700), two to five classes.
    /// </summary>
    [Theory]
    [InlineData(new[] { 0.3, -1.2 })]
    [InlineData(new[] { 1.5, 1.5, 1.5 })]
    [InlineData(new[] { 40.0, -3.0, 0.5 })]
    [InlineData(new[] { -2.0, 0.7, 2.5, -0.4 })]
    [InlineData(new[] { 700.0, 699.0, -700.0 })]
    [InlineData(new[] { -700.0, -701.5, -699.0, -700.0, -702.0 })]
    [InlineData(new[] { 3.0, 1e-9, -1e-9, 3.0 })]
    public void The_log_sum_exp_over_classes_has_the_softmax_as_its_slope(double[] z)
    {
        var builder = new IrBuilder();
        int[] logits = z.Select((_, k) => builder.Load(new IrSlot("x", k.ToString(CultureInfo.InvariantCulture), "dx"), "z" + k)).ToArray();
        builder.AddToDensity(builder.LogSumExp(logits));
        Assert.Null(Adjoints.Derive(builder));
        IrBlock block = builder.Build("logsumexp", string.Empty, null);
        string at = "log-sum-exp at (" + string.Join(", ", z.Select(Describe)) + ")";

        // log Σ e^(zₖ) = c + log Σ e^(zₖ − c) for c the largest, so nothing overflows here either.
        double largest = z.Max();
        double expected = largest + Math.Log(z.Sum(v => Math.Exp(v - largest)));
        Assert.Equal(expected, IrInterpreter.Density(block, Slots(z)), 12);
        Dictionary<string, double> gradient = IrInterpreter.Gradient(block, Slots(z));
        for (int k = 0; k < z.Length; k++)
        {
            // e^(zₖ − log Σ): at |z| near 700 the difference carries the rounding of a number near 700 (about 10⁻¹³).
            double softmax = Math.Exp(z[k] - expected);
            Assert.True(Math.Abs(gradient["dx[" + k.ToString(CultureInfo.InvariantCulture) + "]"] - softmax) <= 1e-12, at + ": ∂/∂z" + k + " is not the softmax " + Describe(softmax));
        }

        AssertGradient(block, z, at);
    }

    /// <summary>
    /// The interval transform's value x = lower + (upper − lower)·σ(u) as the builder writes it (<see cref="IrBuilder.Interval"/>,
    /// the primitive on u and its e^−|u|), at points across the line and near both ends (u = ±30, where σ(u)·σ(−u) is
    /// about 10⁻¹³): its derived slopes in u, lower and upper against (upper − lower)·σ(u)·σ(−u), σ(−u) and σ(u)
    /// written here, to a relative 10⁻¹⁵ (so the slope keeps its digits where it is tiny), and against central differences.
    /// </summary>
    [Theory]
    [InlineData(-30, 0, 1)]
    [InlineData(30, 0, 1)]
    [InlineData(-30, -1.5, 2.5)]
    [InlineData(30, -1.5, 2.5)]
    [InlineData(-3, 0.5, 2.5)]
    [InlineData(-0.2, -1.5, 2.5)]
    [InlineData(0, 0, 1)]
    [InlineData(0.7, 0.5, 2.5)]
    [InlineData(4, -1.5, 2.5)]
    public void The_interval_values_slope_is_the_width_times_the_logistic_density(double u, double lower, double upper)
    {
        var builder = new IrBuilder();
        int x = builder.Load(new IrSlot("x", "0", "dx"), "u");
        int low = builder.Load(new IrSlot("x", "1", "dx"), "lower");
        int high = builder.Load(new IrSlot("x", "2", "dx"), "upper");
        builder.AddToDensity(builder.Interval(x, low, high));
        Assert.Null(Adjoints.Derive(builder));
        IrBlock block = builder.Build("interval", string.Empty, null);
        string at = "interval at u = " + Describe(u) + " in (" + Describe(lower) + ", " + Describe(upper) + ")";
        double sigmoid = 1 / (1 + Math.Exp(-u));
        double sigmoidMinus = 1 / (1 + Math.Exp(u));
        Dictionary<string, double> gradient = IrInterpreter.Gradient(block, Slots([u, lower, upper]));
        AssertRelative((upper - lower) * sigmoid * sigmoidMinus, gradient["dx[0]"], 1e-15, at + ", ∂/∂u");
        AssertRelative(sigmoidMinus, gradient["dx[1]"], 1e-15, at + ", ∂/∂lower");
        AssertRelative(sigmoid, gradient["dx[2]"], 1e-15, at + ", ∂/∂upper");
        AssertGradient(block, [u, lower, upper], at);
    }

    /// <summary>
    /// The interval transform's log-Jacobian as its catalog entry writes it, log(upper − lower) − |u| − 2 log1p(e^−|u|):
    /// its value against log(upper − lower) + log σ(u) + log σ(−u) and its derived slope against −tanh(u/2), written
    /// here, out to u = ±30 and at 0 (where |u| has no slope and the two shares must cancel), and central differences.
    /// </summary>
    [Theory]
    [InlineData(-30, 0, 1)]
    [InlineData(30, -1.5, 2.5)]
    [InlineData(-2.5, 0.5, 2.5)]
    [InlineData(0, 0, 1)]
    [InlineData(1e-6, 0, 1)]
    [InlineData(0.9, -1.5, 2.5)]
    public void The_interval_log_jacobians_slope_is_minus_tanh_of_half_u(double u, double lower, double upper)
    {
        var builder = new IrBuilder();
        int x = builder.Load(new IrSlot("x", "0", "dx"), "u");
        var transform = new ModelGen.Generator.Lower.TransformNode(ModelGen.Generator.Lower.TransformKind.Interval, lower, upper);
        builder.AddToDensity(ModelGen.Generator.Lower.TransformCatalog.Of(transform.Kind)!.LogJacobian(builder, x, transform));
        Assert.Null(Adjoints.Derive(builder));
        IrBlock block = builder.Build("interval log J", string.Empty, null);
        string at = "interval log J at u = " + Describe(u) + " in (" + Describe(lower) + ", " + Describe(upper) + ")";
        double logSigmoid = -Math.Log(1 + Math.Exp(-u));
        double logSigmoidMinus = -Math.Log(1 + Math.Exp(u));
        AssertRelative(Math.Log(upper - lower) + logSigmoid + logSigmoidMinus, IrInterpreter.Density(block, Slots([u])), 1e-15, at + ", log J");
        Assert.True(Math.Abs(IrInterpreter.Gradient(block, Slots([u]))["dx[0]"] + Math.Tanh(u / 2)) <= 1e-15, at + ": ∂/∂u is not −tanh(u/2)");
        AssertGradient(block, [u], at);
    }

    private static void AssertRelative(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected) + 1e-300, $"{what}: {actual:R}, expected {expected:R}");

    /// <summary>Whether op(a, b) is well inside its domain, with values of moderate size, so differences are meaningful.</summary>
    private static bool Safe(Primitive op, double a, double b)
    {
        bool ok = op switch
        {
            Primitive.Divide => Math.Abs(b) > 0.2,
            Primitive.Log => a > 0.2,
            Primitive.Log1P => a > -0.8,
            Primitive.Exp => a < 3,
            Primitive.Abs => Math.Abs(a) > 0.05,
            Primitive.Log1PSquareOver => b > 0.2,
            Primitive.LogGamma or Primitive.StudentTLogNormaliser => a > 0.2,
            Primitive.LogBeta => a > 0.2 && b > 0.2,
            Primitive.Sqrt => a > 0.2,
            Primitive.Expm1 => a < 3,
            Primitive.Pow => a > 0.2 && Math.Abs(b) < 3,
            _ => true,
        };
        return ok && Math.Abs(IrInterpreter.Apply(op, a, b)) < 50;
    }

    /// <summary>The derived gradient against (f(x + h) − f(x − h))/2h, h = ∛ε·max(|x|, 10⁻³), within 10⁻⁶ of max(1, |∂|).</summary>
    private static void AssertGradient(IrBlock block, double[] point, string what, int? differentiable = null)
    {
        Dictionary<string, double> slots = Slots(point);
        Dictionary<string, double> gradient = IrInterpreter.Gradient(block, slots);
        for (int k = 0; k < (differentiable ?? point.Length); k++)
        {
            double h = Math.Cbrt(2.220446049250313e-16) * Math.Max(Math.Abs(point[k]), 1e-3);
            double[] up = (double[])point.Clone();
            double[] down = (double[])point.Clone();
            up[k] += h;
            down[k] -= h;
            double difference = (IrInterpreter.Density(block, Slots(up)) - IrInterpreter.Density(block, Slots(down))) / (up[k] - down[k]);
            double derived = gradient.GetValueOrDefault("dx[" + k.ToString(CultureInfo.InvariantCulture) + "]");
            double tolerance = 1e-6 * Math.Max(1, Math.Max(Math.Abs(derived), Math.Abs(difference)));
            Assert.True(
                Math.Abs(derived - difference) <= tolerance,
                $"{what}: ∂/∂x{k} derived {derived:R}, central difference {difference:R} (tolerance {tolerance:G3})\n{IrText.Of(block)}");
        }
    }

    private static Dictionary<string, double> Slots(double[] point)
    {
        var slots = new Dictionary<string, double>();
        for (int k = 0; k < point.Length; k++)
        {
            slots["x[" + k.ToString(CultureInfo.InvariantCulture) + "]"] = point[k];
        }

        return slots;
    }

    private static string Describe(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
