using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Ir;

/// <summary>
/// Writes the statements of one block, numbering values in order. Two simplifications happen as statements are
/// written, both exact in floating point so no number changes: an operation already written on the same values is not
/// written twice (common subexpressions), and identities fold (x·1, x + 0, x − 0, x/1, −(−x), −c for a constant c,
/// (−a)/b = −(a/b), (−a) + (−b) = −(a + b),
/// c·(x + x) = (2c)·x, so the derived slope of −½x² is −x, and (m·c)·(x + x) = (m·2c)·x, so the derived slope of
/// (m·(−½))·x² is (−m)·x).
/// The reverse pass (<see cref="Adjoints"/>) writes through the same builder, so it shares the forward values.
/// </summary>
internal sealed class IrBuilder
{
    private readonly List<IrStatement> _forward = new();
    private readonly List<IrStatement> _reverse = new();
    private readonly List<IrStatement> _after = new();
    private readonly Dictionary<int, IrStatement> _byId = new();
    private readonly Dictionary<string, int> _written = new();
    private List<IrStatement> _target;
    private int _next;

    public IrBuilder() => _target = _forward;

    /// <summary>The forward statements written so far.</summary>
    public IReadOnlyList<IrStatement> Forward => _forward;

    /// <summary>The statements after the loop written so far.</summary>
    public IReadOnlyList<IrStatement> After => _after;

    /// <summary>The statement defining value <paramref name="id"/>.</summary>
    public IrStatement Definition(int id) => _byId[id];

    /// <summary>The constant value <paramref name="id"/> holds, or null if it is not a constant.</summary>
    public double? ConstantOf(int id) => _byId[id] is IrConstant c ? c.Value : null;

    public int Constant(double value)
    {
        string key = "c:" + value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (_written.TryGetValue(key, out int id))
        {
            return id;
        }

        return Write(key, new IrConstant(_next, value));
    }

    public int Load(IrSlot slot, string name)
    {
        string key = "l:" + slot.Span + "[" + slot.Index + "]";
        return _written.TryGetValue(key, out int id) ? id : Write(key, new IrLoad(_next, slot, name));
    }

    /// <summary>Value = <paramref name="op"/>(<paramref name="args"/>), named <paramref name="name"/> if it is printed as a local.</summary>
    public int Apply(Primitive op, string name, params int[] args)
    {
        int? folded = Fold(op, args);
        if (folded is int same)
        {
            return same;
        }

        string key = "a:" + op + "(" + string.Join(",", args) + ")";
        return _written.TryGetValue(key, out int id) ? id : Write(key, new IrApply(_next, op, args.ToEquatableArray(), name));
    }

    public int Apply(Primitive op, params int[] args) => Apply(op, string.Empty, args);

    public int Add(int a, int b) => Apply(Primitive.Add, a, b);

    public int Subtract(int a, int b) => Apply(Primitive.Subtract, a, b);

    public int Multiply(int a, int b) => Apply(Primitive.Multiply, a, b);

    public int Divide(int a, int b) => Apply(Primitive.Divide, a, b);

    public int Negate(int a) => Apply(Primitive.Negate, a);

    /// <summary>
    /// log Σₖ e^(zₖ) over <paramref name="z"/> as m + log Σₖ e^(zₖ − m), m the largest zₖ (<see cref="Primitive.LogSumExpShift"/>),
    /// so no exponential overflows and the sum is at least 1. Its derived slope in zₖ is e^(zₖ − m)/Σ: the softmax from
    /// these exponentials and one division, nothing recomputed.
    /// </summary>
    public int LogSumExp(IReadOnlyList<int> z)
    {
        int max = z[0];
        for (int k = 1; k < z.Count; k++)
        {
            max = Apply(Primitive.LogSumExpShift, "classMax", max, z[k]);
        }

        int sum = -1;
        for (int k = 0; k < z.Count; k++)
        {
            string index = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            int exp = Apply(Primitive.Exp, "classExp_" + index, Subtract(z[k], max));
            sum = k == 0 ? exp : Apply(Primitive.Add, k == z.Count - 1 ? "classSum" : string.Empty, sum, exp);
        }

        return Apply(Primitive.Add, "logSumExp", max, Apply(Primitive.Log, sum));
    }

    /// <summary>e^−|<paramref name="u"/>|, the one exponential of the interval transform's value and log-Jacobian.</summary>
    public int NearerBoundExp(int u) => Apply(Primitive.Exp, "e", Negate(Apply(Primitive.Abs, u)));

    /// <summary>
    /// lower + (upper − lower)·σ(u), formed from the nearer bound (<see cref="Primitive.Interval"/>) on the e^−|u| of
    /// <see cref="NearerBoundExp"/>, which a log-Jacobian written with it shares.
    /// </summary>
    public int Interval(int u, int lower, int upper) => Apply(Primitive.Interval, "x", u, NearerBoundExp(u), lower, upper);

    public void AddToDensity(int value) => _target.Add(new IrAddToDensity(value));

    /// <summary>log p += <paramref name="mask"/>·<paramref name="value"/>, lane-wise over a register of rows.</summary>
    public void AddRowToDensity(int value, int mask) => _target.Add(new IrAddRowToDensity(value, mask));

    /// <summary>The loop's sum += <paramref name="mask"/>·<paramref name="value"/>, lane-wise over a register of rows.</summary>
    public void AddRowToSum(int value, int mask) => _target.Add(new IrAddRowToSum(value, mask));

    /// <summary>The loop's sum += <paramref name="value"/>.</summary>
    public void AddToSum(int value) => _target.Add(new IrAddToSum(value));

    /// <summary>From here on, statements run once after the loop; returns the loop's sum.</summary>
    public int AfterLoop()
    {
        _target = _after;
        return Write("sum", new IrLoopSum(_next));
    }

    /// <summary><paramref name="slot"/> = <paramref name="value"/>, its slope into the slot's gradient span if it has one (<see cref="IrStore"/>).</summary>
    public void Store(IrSlot slot, int value) => _target.Add(new IrStore(slot, value));

    public void AddToGradient(IrSlot slot, int value) => _target.Add(new IrAddToGradient(slot, value));

    /// <summary>The gradient of a parameter the rows read += <paramref name="factor"/>·Σ over the rows of <paramref name="mask"/>·<paramref name="value"/>, in the lane-wise sum <paramref name="sumName"/>.</summary>
    public void AddRowToGradient(IrSlot slot, int value, int mask, string sumName, int? factor) => _target.Add(new IrAddRowToGradient(slot, value, mask, sumName, factor));

    /// <summary>From here on, statements go to the reverse pass.</summary>
    public void BeginReverse() => _target = _reverse;

    /// <summary>
    /// Drops the reverse statements no gradient output needs (the shares of constants and of values that depend on no
    /// differentiable load): dead-code elimination of the reverse pass.
    /// </summary>
    public void RemoveDeadReverse()
    {
        var live = new HashSet<int>();
        for (int k = _reverse.Count - 1; k >= 0; k--)
        {
            switch (_reverse[k])
            {
                case IrAddToGradient g:
                    live.Add(g.Value);
                    break;
                case IrAddRowToGradient g:
                    live.Add(g.Value);
                    live.Add(g.Mask);
                    if (g.Factor is int factor)
                    {
                        live.Add(factor);
                    }

                    break;
                case IrApply a when live.Contains(a.Id):
                    foreach (int arg in a.Args)
                    {
                        live.Add(arg);
                    }

                    break;
            }
        }

        _reverse.RemoveAll(s => s switch
        {
            IrApply a => !live.Contains(a.Id),
            IrConstant c => !live.Contains(c.Id),
            _ => false,
        });
    }

    /// <summary>The block: <paramref name="comment"/> and <paramref name="math"/> over what was written.</summary>
    public IrBlock Build(string comment, string math, IrLoop? loop) =>
        new(comment, math, loop, _forward.ToEquatableArray(), _reverse.ToEquatableArray(), _after.ToEquatableArray());

    private int Write(string key, IrStatement statement)
    {
        int id = _next++;
        _written[key] = id;
        _byId[id] = statement;
        _target.Add(statement);
        return id;
    }

    /// <summary>The value <paramref name="op"/>(<paramref name="args"/>) already is, by an exact identity; null if none applies.</summary>
    private int? Fold(Primitive op, int[] args)
    {
        double? a = args.Length > 0 ? ConstantOf(args[0]) : null;
        double? b = args.Length > 1 ? ConstantOf(args[1]) : null;
        switch (op)
        {
            case Primitive.Multiply when b == 1:
                return args[0];
            case Primitive.Multiply when a == 1:
                return args[1];
            case Primitive.Multiply when b == -1:
                return Negate(args[0]);
            case Primitive.Multiply when a == -1:
                return Negate(args[1]);
            case Primitive.Add when b == 0:
            case Primitive.Subtract when b == 0:
            case Primitive.Divide when b == 1:
                return args[0];
            case Primitive.Add when a == 0:
                return args[1];
            case Primitive.Subtract when a == 0:
                return Negate(args[1]);
            case Primitive.Negate when a is double c:
                return Constant(-c);
            case Primitive.Negate when _byId[args[0]] is IrApply { Op: Primitive.Negate } inner:
                return inner.Args[0];
            case Primitive.Divide when _byId[args[0]] is IrApply { Op: Primitive.Negate } negated:
                return Negate(Divide(negated.Args[0], args[1]));           // (−a)/b = −(a/b): rounding is symmetric
            case Primitive.Add when _byId[args[0]] is IrApply { Op: Primitive.Negate } left && _byId[args[1]] is IrApply { Op: Primitive.Negate } right:
                return Negate(Add(left.Args[0], right.Args[0]));           // (−a) + (−b) = −(a + b)
            case Primitive.Multiply when a is double c && IsDoubled(args[1], out int doubled):
                return Multiply(Constant(2 * c), doubled);              // c·(x + x) = (2c)·x: x + x and 2c are exact
            case Primitive.Multiply when b is double c && IsDoubled(args[0], out int doubled):
                return Multiply(doubled, Constant(2 * c));
            case Primitive.Multiply when IsScaled(args[0], out int m, out double c) && IsDoubled(args[1], out int doubled):
                return Multiply(Multiply(m, Constant(2 * c)), doubled);  // (m·c)·(x + x) = (m·2c)·x: both round 2·m·c·x once
            case Primitive.Multiply when IsScaled(args[1], out int m, out double c) && IsDoubled(args[0], out int doubled):
                return Multiply(doubled, Multiply(m, Constant(2 * c)));
            default:
                return null;
        }
    }

    /// <summary>Whether <paramref name="id"/> is m·c or c·m for a constant c (m not a constant), with m and c out.</summary>
    private bool IsScaled(int id, out int m, out double c)
    {
        (m, c) = (-1, 0);
        if (_byId[id] is IrApply { Op: Primitive.Multiply } product)
        {
            if (ConstantOf(product.Args[1]) is double right && ConstantOf(product.Args[0]) is null)
            {
                (m, c) = (product.Args[0], right);
            }
            else if (ConstantOf(product.Args[0]) is double left && ConstantOf(product.Args[1]) is null)
            {
                (m, c) = (product.Args[1], left);
            }
        }

        return m >= 0;
    }

    /// <summary>Whether <paramref name="id"/> is x + x, with x in <paramref name="x"/>.</summary>
    private bool IsDoubled(int id, out int x)
    {
        x = _byId[id] is IrApply { Op: Primitive.Add } sum && sum.Args[0] == sum.Args[1] ? sum.Args[0] : -1;
        return x >= 0;
    }
}
