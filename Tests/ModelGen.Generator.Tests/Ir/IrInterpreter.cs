using ModelGen.Generator.Ir;

namespace ModelGen.Generator.Tests.Ir;

/// <summary>
/// Runs an <see cref="IrBlock"/> in double, outside the generator: every primitive written out here from its textbook
/// definition (never through the runtime's code), so the adjoint rules are checked against an independent meaning.
/// </summary>
internal static class IrInterpreter
{
    /// <summary>log p of <paramref name="block"/>'s forward statements with the loads read from <paramref name="slots"/> (keyed "span[index]").</summary>
    public static double Density(IrBlock block, IReadOnlyDictionary<string, double> slots)
    {
        Dictionary<int, double> values = Forward(block, slots, out double density);
        _ = values;
        return density;
    }

    /// <summary>The gradient the reverse statements add, keyed "gradientSpan[index]".</summary>
    public static Dictionary<string, double> Gradient(IrBlock block, IReadOnlyDictionary<string, double> slots)
    {
        Dictionary<int, double> values = Forward(block, slots, out _);
        var gradient = new Dictionary<string, double>();
        foreach (IrStatement s in block.Reverse)
        {
            switch (s)
            {
                case IrAddToGradient g:
                    string key = g.Slot.GradientSpan + "[" + g.Slot.Index + "]";
                    gradient[key] = gradient.GetValueOrDefault(key) + values[g.Value];
                    break;
                case IrAddRowToGradient g:
                    // One row: the lane-wise sum over the rows is mask·share for it.
                    string rowKey = g.Slot.GradientSpan + "[" + g.Slot.Index + "]";
                    gradient[rowKey] = gradient.GetValueOrDefault(rowKey) + (values[g.Mask] * values[g.Value] * (g.Factor is int factor ? values[factor] : 1));
                    break;
                default:
                    Step(s, values, slots);
                    break;
            }
        }

        return gradient;
    }

    /// <summary>What the block's stores write, forward and reverse (a transform's value and its slope), keyed "span[index]".</summary>
    public static Dictionary<string, double> Stores(IrBlock block, IReadOnlyDictionary<string, double> slots)
    {
        Dictionary<int, double> values = Forward(block, slots, out _);
        var stores = new Dictionary<string, double>();
        foreach (IrStore store in block.Forward.OfType<IrStore>())
        {
            stores[store.Slot.Span + "[" + store.Slot.Index + "]"] = values[store.Value];
        }

        foreach (IrStatement s in block.Reverse)
        {
            if (s is IrStore store)
            {
                stores[store.Slot.Span + "[" + store.Slot.Index + "]"] = values[store.Value];
            }
            else
            {
                Step(s, values, slots);
            }
        }

        return stores;
    }

    private static Dictionary<int, double> Forward(IrBlock block, IReadOnlyDictionary<string, double> slots, out double density)
    {
        var values = new Dictionary<int, double>();
        density = 0;
        foreach (IrStatement s in block.Forward)
        {
            if (s is IrAddToDensity d)
            {
                density += values[d.Value];
            }
            else if (s is IrAddRowToDensity row)
            {
                density += values[row.Mask] * values[row.Value];
            }
            else
            {
                Step(s, values, slots);
            }
        }

        return values;
    }

    private static void Step(IrStatement s, Dictionary<int, double> values, IReadOnlyDictionary<string, double> slots)
    {
        switch (s)
        {
            case IrConstant c:
                values[c.Id] = c.Value;
                break;
            case IrLoad l:
                values[l.Id] = slots[l.Slot.Span + "[" + l.Slot.Index + "]"];
                break;
            case IrApply { Op: Primitive.Select } select:
                // c ? a : b, c a condition on data (1 or 0).
                values[select.Id] = values[select.Args[0]] != 0 ? values[select.Args[1]] : values[select.Args[2]];
                break;
            case IrApply { Op: Primitive.Interval } interval:
                // lower + (upper − lower)·σ(u) for (u, e^−|u|, lower, upper): from its definition, e unread.
                double lower = values[interval.Args[2]];
                values[interval.Id] = lower + ((values[interval.Args[3]] - lower) * Apply(Primitive.Sigmoid, values[interval.Args[0]], 0));
                break;
            case IrApply a:
                double x = values[a.Args[0]];
                double y = a.Args.Count > 1 ? values[a.Args[1]] : double.NaN;
                values[a.Id] = Apply(a.Op, x, y);
                break;
        }
    }

    /// <summary>Each primitive's value, from its definition.</summary>
    public static double Apply(Primitive op, double a, double b) => op switch
    {
        Primitive.Add => a + b,
        Primitive.Subtract => a - b,
        Primitive.Multiply => a * b,
        Primitive.Divide => a / b,
        Primitive.Negate => -a,
        Primitive.Square => a * a,
        Primitive.Log => Math.Log(a),
        Primitive.Exp => Math.Exp(a),
        Primitive.Log1P => Math.Abs(a) < 1e-4 ? a - (a * a / 2) + (a * a * a / 3) - (a * a * a * a / 4) : Math.Log(1 + a),
        Primitive.Abs => Math.Abs(a),
        Primitive.Sign => a > 0 ? 1 : a < 0 ? -1 : 0,
        Primitive.Tanh => Math.Tanh(a),
        Primitive.Softplus => a > 0 ? a + Math.Log(1 + Math.Exp(-a)) : Math.Log(1 + Math.Exp(a)),
        Primitive.Sigmoid => a >= 0 ? 1 / (1 + Math.Exp(-a)) : Math.Exp(a) / (1 + Math.Exp(a)),
        Primitive.LogSumExp => Math.Max(a, b) + Math.Log(1 + Math.Exp(-Math.Abs(a - b))),
        Primitive.Log1PSquareOver => Apply(Primitive.Log1P, a * a / b, 0),
        Primitive.ZOverNuPlusZSquared => a / (b + (a * a)),
        Primitive.LogGamma => PriorFamily.LogGamma(a),
        Primitive.Digamma => Digamma(a),
        Primitive.LogBeta => PriorFamily.LogGamma(a) + PriorFamily.LogGamma(b) - PriorFamily.LogGamma(a + b),
        Primitive.StudentTLogNormaliser => PriorFamily.LogGamma((a + 1) / 2) - PriorFamily.LogGamma(a / 2) - (0.5 * Math.Log(a * Math.PI)),
        Primitive.LogitBernoulli => (a * b) - Apply(Primitive.Softplus, b, 0),
        Primitive.StudentTLogNormaliserSlope => 0.5 * (Digamma((a + 1) / 2) - Digamma(a / 2) - (1 / a)),
        Primitive.LogSumExpShift => Math.Max(a, b),
        Primitive.ClassIndicator => a == 0 ? 1 : 0,
        Primitive.Sqrt => Math.Sqrt(a),
        Primitive.Expm1 => Math.Abs(a) < 1e-4 ? a + (a * a / 2) + (a * a * a / 6) + (a * a * a * a / 24) : Math.Exp(a) - 1,
        Primitive.Pow => Math.Pow(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "No meaning written for this primitive."),
    };

    /// <summary>ψ(x) for x &gt; 0: ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the asymptotic series.</summary>
    private static double Digamma(double x)
    {
        double result = 0;
        while (x < 6)
        {
            result -= 1 / x;
            x += 1;
        }

        double f = 1 / (x * x);
        return result + Math.Log(x) - (0.5 / x) - (f * ((1.0 / 12) - (f * ((1.0 / 120) - (f * ((1.0 / 252) - (f * ((1.0 / 240) - (f / 132)))))))));
    }
}
