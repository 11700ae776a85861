using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Generator.Ir;

/// <summary>
/// Reverse mode from the forward statements: one adjoint rule per primitive, applied mechanically. The adjoint v̄ of
/// a value is ∂ log p/∂v; the rules write, for v = op(a, b, …), each argument's share ā += v̄·∂v/∂a.
/// </summary>
internal static class Adjoints
{
    /// <summary>
    /// The rule of one primitive: given the builder, the statement v = op(args) and the id of v̄, the share of each
    /// argument in order (null where the argument gets nothing).
    /// </summary>
    internal delegate int?[] Rule(IrBuilder b, IrApply v, int adjoint);

    /// <summary>The table: every primitive's rule, or none if its slope is not available (then a block using it on a differentiable path cannot be derived).</summary>
    public static readonly IReadOnlyDictionary<Primitive, Rule?> Rules = new Dictionary<Primitive, Rule?>
    {
        // v = a + b: ā += v̄, b̄ += v̄.
        [Primitive.Add] = (b, v, d) => new int?[] { d, d },

        // v = a − b: ā += v̄, b̄ −= v̄.
        [Primitive.Subtract] = (b, v, d) => new int?[] { d, b.Negate(d) },

        // v = a·b: ā += v̄·b, b̄ += v̄·a.
        [Primitive.Multiply] = (b, v, d) => new int?[] { b.Multiply(d, v.Args[1]), b.Multiply(d, v.Args[0]) },

        // v = a/b: ā += v̄/b, b̄ −= v̄·v/b.
        [Primitive.Divide] = (b, v, d) =>
        {
            int shareA = b.Divide(d, v.Args[1]);
            return new int?[] { shareA, b.Negate(b.Multiply(shareA, v.Id)) };
        },

        // v = −a: ā −= v̄.
        [Primitive.Negate] = (b, v, d) => new int?[] { b.Negate(d) },

        // v = a²: ā += v̄·(a + a).
        [Primitive.Square] = (b, v, d) => new int?[] { b.Multiply(d, b.Add(v.Args[0], v.Args[0])) },

        // v = log a: ā += v̄/a.
        [Primitive.Log] = (b, v, d) => new int?[] { b.Divide(d, v.Args[0]) },

        // v = eᵃ: ā += v̄·v.
        [Primitive.Exp] = (b, v, d) => new int?[] { b.Multiply(d, v.Id) },

        // v = log(1 + a): ā += v̄/(1 + a).
        [Primitive.Log1P] = (b, v, d) => new int?[] { b.Divide(d, b.Add(b.Constant(1), v.Args[0])) },

        // v = |a|: ā += v̄·sign a.
        [Primitive.Abs] = (b, v, d) => new int?[] { b.Multiply(d, b.Apply(Primitive.Sign, v.Args[0])) },

        // v = sign a: flat wherever it has a slope.
        [Primitive.Sign] = (b, v, d) => new int?[] { null },

        // v = tanh a: ā += v̄·(1 − v²).
        [Primitive.Tanh] = (b, v, d) => new int?[] { b.Multiply(d, b.Subtract(b.Constant(1), b.Apply(Primitive.Square, v.Id))) },

        // v = log(1 + eᵃ): ā += v̄·σ(a).
        [Primitive.Softplus] = (b, v, d) => new int?[] { b.Multiply(d, b.Apply(Primitive.Sigmoid, v.Args[0])) },

        // v = σ(a): ā += v̄·v·(1 − v).
        [Primitive.Sigmoid] = (b, v, d) => new int?[] { b.Multiply(d, b.Multiply(v.Id, b.Subtract(b.Constant(1), v.Id))) },

        // v = log(eᵃ + eᵇ): ā += v̄·e^(a − v), b̄ += v̄·e^(b − v) (each ≤ 1, so nothing overflows).
        [Primitive.LogSumExp] = (b, v, d) => new int?[]
        {
            b.Multiply(d, b.Apply(Primitive.Exp, b.Subtract(v.Args[0], v.Id))),
            b.Multiply(d, b.Apply(Primitive.Exp, b.Subtract(v.Args[1], v.Id))),
        },

        // v = log(1 + z²/ν), r = z/(ν + z²): z̄ += v̄·(r + r), ν̄ −= v̄·z·r/ν.
        [Primitive.Log1PSquareOver] = (b, v, d) =>
        {
            int r = b.Apply(Primitive.ZOverNuPlusZSquared, v.Args[0], v.Args[1]);
            return new int?[] { b.Multiply(d, b.Add(r, r)), b.Negate(b.Multiply(d, b.Divide(b.Multiply(v.Args[0], r), v.Args[1]))) };
        },

        // Its slope would need d²/dz² of log(1 + z²/ν): not needed (only reverse passes use it).
        [Primitive.ZOverNuPlusZSquared] = null,

        // v = log Γ(a): ā += v̄·ψ(a).
        [Primitive.LogGamma] = (b, v, d) => new int?[] { b.Multiply(d, b.Apply(Primitive.Digamma, v.Args[0])) },

        // v = log B(a, b): ā += v̄·(ψ(a) − ψ(a + b)), b̄ += v̄·(ψ(b) − ψ(a + b)).
        [Primitive.LogBeta] = (b, v, d) =>
        {
            int digammaSum = b.Apply(Primitive.Digamma, b.Add(v.Args[0], v.Args[1]));
            return new int?[]
            {
                b.Multiply(d, b.Subtract(b.Apply(Primitive.Digamma, v.Args[0]), digammaSum)),
                b.Multiply(d, b.Subtract(b.Apply(Primitive.Digamma, v.Args[1]), digammaSum)),
            };
        },

        // v = log Γ((a + 1)/2) − log Γ(a/2) − ½ log(aπ): ā += v̄·½[ψ((a + 1)/2) − ψ(a/2) − 1/a].
        [Primitive.StudentTLogNormaliser] = (b, v, d) => new int?[] { b.Multiply(d, b.Apply(Primitive.StudentTLogNormaliserSlope, v.Args[0])) },

        // Only reverse passes use it.
        [Primitive.StudentTLogNormaliserSlope] = null,

        // ψ′ is not in the runtime: only reverse passes use ψ.
        [Primitive.Digamma] = null,

        // v = a·b − softplus(b): ā += v̄·b, b̄ += v̄·(a − σ(b)) (the folded logit link's y − σ(z), one subtraction).
        [Primitive.LogitBernoulli] = (b, v, d) => new int?[]
        {
            b.Multiply(d, v.Args[1]),
            b.Multiply(d, b.Subtract(v.Args[0], b.Apply(Primitive.Sigmoid, v.Args[1]))),
        },

        // v = max(a, b) as a log-sum-exp's shift: held constant (the log-sum-exp's slope through it is exactly 0), so
        // the slope of m + log Σ e^(z − m) is e^(z − m)/Σ e^(z − m), the softmax from the forward's own exponentials.
        [Primitive.LogSumExpShift] = (b, v, d) => new int?[] { null, null },

        // A class label's one-hot reads data only: a path from log p to a parameter through it is reported.
        [Primitive.ClassIndicator] = null,

        // v = √a: ā += v̄/(v + v).
        [Primitive.Sqrt] = (b, v, d) => new int?[] { b.Divide(d, b.Add(v.Id, v.Id)) },

        // v = eᵃ − 1: ā += v̄·eᵃ.
        [Primitive.Expm1] = (b, v, d) => new int?[] { b.Multiply(d, b.Apply(Primitive.Exp, v.Args[0])) },

        // v = aᵇ: ā += v̄·b·aᵇ⁻¹ (as b·v/a only where a ≠ 0 is not assured, so aᵇ⁻¹ itself), b̄ += v̄·v·log a.
        [Primitive.Pow] = (b, v, d) => new int?[]
        {
            b.Multiply(d, b.Multiply(v.Args[1], b.Apply(Primitive.Pow, v.Args[0], b.Subtract(v.Args[1], b.Constant(1))))),
            b.Multiply(d, b.Multiply(v.Id, b.Apply(Primitive.Log, v.Args[0]))),
        },

        // v = c ? a : b, c on data only: ā += c ? v̄ : 0, b̄ += c ? 0 : v̄.
        [Primitive.Select] = (b, v, d) => new int?[]
        {
            null,
            b.Apply(Primitive.Select, v.Args[0], d, b.Constant(0)),
            b.Apply(Primitive.Select, v.Args[0], b.Constant(0), d),
        },

        // v = lower + (upper − lower)·σ(u) with e = e^−|u|: ū += v̄·(upper − lower)·(e/(1 + e))/(1 + e), the whole slope
        // (e is u's own, so it gets nothing, as a log-sum-exp's shift); lower̄ += v̄·σ(−u), upper̄ += v̄·σ(u).
        [Primitive.Interval] = (b, v, d) =>
        {
            int onePlusE = b.Add(b.Constant(1), v.Args[1]);
            int width = b.Subtract(v.Args[3], v.Args[2]);
            return new int?[]
            {
                b.Multiply(d, b.Multiply(width, b.Divide(b.Divide(v.Args[1], onePlusE), onePlusE))),
                null,
                b.Multiply(d, b.Apply(Primitive.Sigmoid, b.Negate(v.Args[0]))),
                b.Multiply(d, b.Apply(Primitive.Sigmoid, v.Args[0])),
            };
        },
    };

    /// <summary>
    /// Writes the reverse statements of everything written so far in <paramref name="b"/>: seeds v̄ = 1 for each value
    /// added to log p, walks the statements backwards applying each one's rule, and adds each load's adjoint to its
    /// gradient slot. Returns null when done, else what stopped it (a primitive without a rule on a path to log p).
    /// </summary>
    public static string? Derive(IrBuilder b)
    {
        List<IrStatement> forward = b.Forward.ToList();
        List<IrStatement> after = b.After.ToList();
        b.BeginReverse();
        var adjoints = new Dictionary<int, int>();
        void Share(int id, int amount) => adjoints[id] = adjoints.TryGetValue(id, out int sum) ? b.Add(sum, amount) : amount;

        // A stored value's slope in each load it reads (a transform's dx/du): a pass of its own, seeded with 1.
        foreach (IrStore store in forward.OfType<IrStore>().Where(s => s.Slot.GradientSpan is not null))
        {
            var slopes = new Dictionary<int, int> { [store.Value] = b.Constant(1) };
            void Slope(int id, int amount) => slopes[id] = slopes.TryGetValue(id, out int sum) ? b.Add(sum, amount) : amount;
            if (Backwards(b, forward, slopes, Slope, mask: null, into: store.Slot.GradientSpan) is string failed)
            {
                return failed;
            }
        }

        foreach (IrAddToDensity added in forward.Concat(after).OfType<IrAddToDensity>())
        {
            Share(added.Value, b.Constant(1));
        }

        // A row block's terms enter log p times the row's mask, one for the block: derived with v̄ = 1, each load's
        // adjoint is then multiplied by the mask once (∂(mask·t)/∂x = mask·∂t/∂x), so y − σ(z) stays one expression.
        int? mask = null;
        foreach (int m in forward.OfType<IrAddRowToDensity>().Select(a => a.Mask).Concat(forward.OfType<IrAddRowToSum>().Select(a => a.Mask)))
        {
            if (mask is int other && other != m)
            {
                return "a row block's terms have two masks";
            }

            mask = m;
        }

        // After the loop first: what it gives the loop's sum must not depend on the sum itself (that would need a second
        // loop). A loop block prints what follows its loop after it, so the sum's slope may read nothing written there;
        // a row block prints what depends on no row and no sum before the row loop, so the slope may read that.
        var afterValues = new HashSet<int>(after.OfType<IrLoopSum>().Select(s => s.Id));
        if (mask is null)
        {
            afterValues.UnionWith(after.OfType<IrApply>().Select(a => a.Id));
        }

        // A parameter read after the loop (a learned sigma) gets its adjoint there, once, from the masked sums: unmasked.
        if (Backwards(b, after, adjoints, Share, mask: null) is string stopped)
        {
            return stopped;
        }

        int? sumAdjoint = after.OfType<IrLoopSum>().Select(s => adjoints.TryGetValue(s.Id, out int a) ? a : (int?)null).FirstOrDefault();
        if (sumAdjoint is int dependent && DependsOn(b, dependent, afterValues))
        {
            return "the slope of what follows the loop depends on the loop's sum";
        }

        // What follows the loop also reads values no row changes that the rows read too (a learned ν: the normaliser
        // after the loop, the kernel in each row): their shares from after the loop are taken back once, unmasked, before
        // the rows' shares, which are per row (mask·share, summed over the rows by IrAddRowToGradient).
        if (mask is not null && adjoints.Count > 0)
        {
            if (Backwards(b, forward, adjoints, Share, mask: null) is string flushed)
            {
                return flushed;
            }

            adjoints.Clear();
        }

        foreach (IrAddRowToDensity added in forward.OfType<IrAddRowToDensity>())
        {
            Share(added.Value, b.Constant(1));
        }

        foreach (int added in forward.OfType<IrAddToSum>().Select(a => a.Value).Concat(forward.OfType<IrAddRowToSum>().Select(a => a.Value)))
        {
            if (sumAdjoint is int adjoint)
            {
                Share(added, adjoint);
            }
        }

        if (Backwards(b, forward, adjoints, Share, mask) is string error)
        {
            return error;
        }

        b.RemoveDeadReverse();
        return null;
    }

    /// <summary>Applies the rules to <paramref name="statements"/> from last to first; a load's adjoint goes to its gradient slot (or, with <paramref name="into"/>, to that span at the load's index).</summary>
    private static string? Backwards(IrBuilder b, List<IrStatement> statements, Dictionary<int, int> adjoints, System.Action<int, int> share, int? mask, string? into = null)
    {
        for (int k = statements.Count - 1; k >= 0; k--)
        {
            switch (statements[k])
            {
                case IrApply v when adjoints.TryGetValue(v.Id, out int adjoint):
                    if (Rules[v.Op] is not Rule rule)
                    {
                        if (!v.Args.Any(x => Differentiable(b, x)))
                        {
                            break;      // data only (a class label's one-hot): nothing to take back
                        }

                        return "the slope of " + v.Op + " is not available";
                    }

                    int?[] shares = rule(b, v, adjoint);
                    for (int a = 0; a < shares.Length; a++)
                    {
                        if (shares[a] is int amount && b.Definition(v.Args[a]) is not IrConstant)
                        {
                            share(v.Args[a], amount);
                        }
                    }

                    break;
                case IrLoad load when load.Slot.GradientSpan is not null && load.Slot.Index != "row" && mask is int rowMask && adjoints.TryGetValue(load.Id, out int adjoint):
                    // A parameter the rows read: its share in each row, summed over the rows after the loop.
                    (int perRow, int? factor) = Factor(b, adjoint);
                    b.AddRowToGradient(load.Slot, perRow, rowMask, load.Name + "Slope", factor);
                    break;
                case IrLoad load when load.Slot.GradientSpan is not null && adjoints.TryGetValue(load.Id, out int adjoint):
                    b.AddToGradient(into is null ? load.Slot : load.Slot with { GradientSpan = into }, mask is int m ? b.Multiply(m, adjoint) : adjoint);
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// A parameter's share in a row as what each row adds and a factor the same in every row (null: none): −x, c·x, x·c
    /// and x/c with c no row changes come out of the sum over the rows (Σ c·xᵢ = c·Σ xᵢ), so a row adds x alone; a
    /// product of two row values gives up the factors of both, its two values in the order they were written, so two
    /// parameters whose shares differ by a factor (a Student t's ν and σ: s·s/(s·s + ν) both) add the same per-row value.
    /// </summary>
    private static (int PerRow, int? Factor) Factor(IrBuilder b, int share)
    {
        int? Times(int? f, int? g) => f is int x ? (g is int y ? b.Multiply(x, y) : x) : g;
        switch (b.Definition(share))
        {
            case IrApply { Op: Primitive.Negate } negated:
            {
                (int perRow, int? factor) = Factor(b, negated.Args[0]);
                return (perRow, factor is int f ? b.Negate(f) : b.Constant(-1));
            }

            case IrApply { Op: Primitive.Multiply } product when !ReadsRow(b, product.Args[0]):
            {
                (int perRow, int? factor) = Factor(b, product.Args[1]);
                return (perRow, Times(product.Args[0], factor));
            }

            case IrApply { Op: Primitive.Multiply } product when !ReadsRow(b, product.Args[1]):
            {
                (int perRow, int? factor) = Factor(b, product.Args[0]);
                return (perRow, Times(factor, product.Args[1]));
            }

            case IrApply { Op: Primitive.Multiply } product:
            {
                (int left, int? leftFactor) = Factor(b, product.Args[0]);
                (int right, int? rightFactor) = Factor(b, product.Args[1]);
                return leftFactor is null && rightFactor is null
                    ? (share, null)
                    : (b.Multiply(System.Math.Min(left, right), System.Math.Max(left, right)), Times(leftFactor, rightFactor));
            }

            case IrApply { Op: Primitive.Divide } quotient when !ReadsRow(b, quotient.Args[1]):
            {
                (int perRow, int? factor) = Factor(b, quotient.Args[0]);
                return (perRow, factor is int f ? b.Divide(f, quotient.Args[1]) : b.Divide(b.Constant(1), quotient.Args[1]));
            }

            default:
                return (share, null);
        }
    }

    /// <summary>Whether value <paramref name="id"/> reads a register of rows (a load at <c>row</c>), directly or through other values.</summary>
    private static bool ReadsRow(IrBuilder b, int id) => b.Definition(id) switch
    {
        IrLoad l => l.Slot.Index == "row",
        IrApply a => a.Args.Any(x => ReadsRow(b, x)),
        _ => false,
    };

    /// <summary>Whether value <paramref name="id"/> reads a load with a gradient slot, directly or through other values.</summary>
    private static bool Differentiable(IrBuilder b, int id) => b.Definition(id) switch
    {
        IrLoad l => l.Slot.GradientSpan is not null,
        IrApply a => a.Args.Any(x => Differentiable(b, x)),
        _ => false,
    };

    /// <summary>Whether value <paramref name="id"/> reads any of <paramref name="values"/>, directly or through other values.</summary>
    private static bool DependsOn(IrBuilder b, int id, HashSet<int> values) =>
        values.Contains(id) || (b.Definition(id) is IrApply a && a.Args.Any(x => DependsOn(b, x, values)));
}
