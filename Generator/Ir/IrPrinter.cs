using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Ir;

/// <summary>
/// Prints an <see cref="IrBlock"/> as C#: the block's comment and math, its loop, a local per named value (a value
/// used once and not named is written into its use), the additions to log p, then the reverse statements and the
/// additions to the gradient. Every type and runtime name the printed code uses is in <see cref="Names"/>.
/// </summary>
internal sealed partial class IrPrinter
{
    /// <summary>The one table of names the printed code uses: the element type, and each primitive's spelling.</summary>
    private static class Names
    {
        public const string Numerics = "global::ModelGen.Distributions.KernelMath.";
        public const string Special = "global::ModelGen.Distributions.SpecialFunctions.";

        public static string Element(ElementType t) => t == ElementType.Double ? "double" : "float";

        /// <summary>A call's function, or null for an operator (printed by <see cref="Operator"/>).</summary>
        public static string? Function(Primitive op, ElementType t) => op switch
        {
            Primitive.Log => Element(t) + ".Log",
            Primitive.Exp => Element(t) + ".Exp",
            Primitive.Abs => Element(t) + ".Abs",
            Primitive.Tanh => Element(t) + ".Tanh",
            Primitive.Log1P => Numerics + "Log1P",
            Primitive.Softplus => Numerics + "Softplus",
            Primitive.Sigmoid => Numerics + "Sigmoid",
            Primitive.LogSumExp => Numerics + "LogSumExp",
            Primitive.Log1PSquareOver => Numerics + "Log1PSquareOver",
            Primitive.ZOverNuPlusZSquared => Numerics + "ZOverNuPlusZSquared",
            Primitive.LogGamma => Special + "LogGamma",
            Primitive.Digamma => Special + "Digamma",
            Primitive.LogBeta => Special + "LogBeta",
            Primitive.StudentTLogNormaliser => Numerics + "StudentTLogNormaliser",
            Primitive.StudentTLogNormaliserSlope => Numerics + "StudentTLogNormaliserSlope",
            Primitive.Sqrt => Element(t) + ".Sqrt",
            Primitive.Expm1 => Element(t) + ".ExpM1",
            Primitive.Pow => Element(t) + ".Pow",
            Primitive.Interval => Numerics + "Interval",
            _ => null,
        };

        public const string Simd = "TSimd.";

        /// <summary>The register operation of <paramref name="op"/> on rows (TSimd's methods have the primitives' names), or null where TSimd has none (printed by <see cref="Expression"/>).</summary>
        public static string? RowFunction(Primitive op) =>
            op is Primitive.Add or Primitive.Subtract or Primitive.Multiply or Primitive.Divide or Primitive.Log or Primitive.Exp
                or Primitive.Log1P or Primitive.Tanh or Primitive.Sigmoid or Primitive.Softplus
                ? Simd + op
                : null;

        public static string Operator(Primitive op) => op switch
        {
            Primitive.Add => " + ",
            Primitive.Subtract => " - ",
            Primitive.Multiply or Primitive.Square => " * ",
            _ => " / ",
        };
    }

    private readonly IrBlock _block;
    private readonly ElementType _type;
    private string _t => RowMode ? "TVec" : Names.Element(_type);
    private readonly Dictionary<int, IrStatement> _byId = new();
    private readonly Dictionary<int, int> _uses = new();
    private readonly Dictionary<int, string> _locals = new();
    private readonly Taken _taken;

    /// <summary>Whether this prints a row block (a likelihood's, in the kernel's row loop) rather than a loop block.</summary>
    private readonly bool _rows;

    /// <summary>While a row block's statements before or after the row loop are printed: scalars, not registers.</summary>
    private bool _scalarPart;

    /// <summary>Whether values being printed are registers of rows (TVec, TSimd's operations) rather than scalars.</summary>
    private bool RowMode => _rows && !_scalarPart;

    /// <summary>A row block's values by where they are computed: per row, once before the loop, or once after it (from the sum).</summary>
    private readonly Dictionary<int, RowPhase> _phase = new();

    /// <summary>Registers holding a value computed before the row loop that row statements read.</summary>
    private readonly Dictionary<int, string> _broadcasts = new();

    /// <summary>The lane-wise sums of the gradients of parameters the rows read (<see cref="IrAddRowToGradient"/>), by their statement.</summary>
    private readonly Dictionary<IrAddRowToGradient, string> _gradientSums = new();

    private enum RowPhase
    {
        /// <summary>Depends on no row and not on the loop's sum: computed once, before the row loop.</summary>
        Setup,

        /// <summary>Depends on a register of rows: computed in the row loop.</summary>
        Row,

        /// <summary>Depends on the loop's sum: computed once, after the row loop.</summary>
        Sum,
    }

    /// <summary>The names printed so far in one C# scope and its nested ones (a block and the loops printed inside its trips).</summary>
    private sealed class Taken
    {
        public readonly HashSet<string> Names = new();
        public int Constants;
        public int Temporaries;
    }

    private IrPrinter(IrBlock block, ElementType type, bool rows = false, Taken? taken = null)
    {
        _block = block;
        _type = type;
        _rows = rows;
        _taken = taken ?? new Taken();
        foreach (IrStatement s in block.Forward.Concat(block.Reverse).Concat(block.After))
        {
            if (Id(s) is int id)
            {
                _byId[id] = s;
            }

            foreach (int used in Uses(s).Concat(rows ? RowUses(s) : Enumerable.Empty<int>()))
            {
                _uses[used] = _uses.TryGetValue(used, out int n) ? n + 1 : 1;
            }
        }

        if (rows)
        {
            foreach (IrStatement s in block.Forward.Concat(block.After).Concat(block.Reverse))
            {
                if (Id(s) is int id)
                {
                    _phase[id] = s switch
                    {
                        IrLoad l => l.Slot.Index == "row" ? RowPhase.Row : RowPhase.Setup,
                        IrLoopSum => RowPhase.Sum,
                        IrApply a => a.Args.Select(x => _phase[x]).DefaultIfEmpty(RowPhase.Setup).Max(),
                        _ => RowPhase.Setup,
                    };
                }
            }
        }
    }

    /// <summary>Whether <paramref name="s"/> is a row statement: a value of the rows, an addition to a row's gradient, or a row term or sum.</summary>
    private bool InRows(IrStatement s) => s switch
    {
        IrAddToGradient g => g.Slot.Index == "row",
        IrAddToDensity => false,
        _ => Id(s) is not int id || _phase[id] == RowPhase.Row,
    };

    /// <summary>The block's math, for a comment where a part of it is printed.</summary>
    public string Math => _block.Math;

    /// <summary>Whether the block gives a gradient after the row loop (a parameter its rows read).</summary>
    public bool HasGradientAfter => _block.Reverse.OfType<IrAddToGradient>().Any(g => !InRows(g)) || _block.Reverse.OfType<IrAddRowToGradient>().Any();

    /// <summary>
    /// A printer of a row block (a likelihood's term per register of rows, <see cref="IrAddRowToDensity"/>), whose
    /// forward and reverse statements are printed at two places of the row loop by <see cref="PrintRowForward"/> and
    /// <see cref="PrintRowReverse"/>, sharing its locals. Loads are registers the caller has in locals of their names;
    /// a load's adjoint is declared as a register named by its slot's gradient span.
    /// </summary>
    public static IrPrinter ForRows(IrBlock block, ElementType type) => new(block, type, rows: true);

    /// <summary>A printer of a row block as <see cref="ForRows(IrBlock, ElementType)"/>, whose locals never take the names in <paramref name="taken"/> (the code around it uses them).</summary>
    public static IrPrinter ForRows(IrBlock block, ElementType type, IEnumerable<string> taken)
    {
        var names = new Taken();
        names.Names.UnionWith(taken);
        return new(block, type, rows: true, names);
    }

    /// <summary>
    /// The forward statements: those the reverse pass reads first, then, under <paramref name="valueGuard"/> (null:
    /// none) with the block's math as a comment, the rest and <c>density = mask·term + density</c>; or, with
    /// <paramref name="store"/>, each row term handed to it (the pointwise log-likelihood) instead of added.
    /// </summary>
    public void PrintRowForward(SourceWriter w, string? valueGuard, string density, System.Func<string, string>? store = null)
    {
        // Forward values the reverse pass reads, directly or through values written into its expressions, and what the
        // loop's sum adds when a gradient reads the sum (else only the value needs it).
        bool gradientReadsSum = _block.Reverse.Any(s => (Id(s) is int id && _phase[id] == RowPhase.Sum) || (s is IrAddToGradient g && _phase[g.Value] == RowPhase.Sum));
        var needed = new HashSet<int>(_block.Reverse.Where(InRows).SelectMany(Uses));
        if (gradientReadsSum)
        {
            needed.UnionWith(_block.Forward.OfType<IrAddRowToSum>().SelectMany(Uses));
        }

        foreach (IrStatement s in _block.Forward.Reverse())
        {
            if (s is IrApply a && needed.Contains(a.Id))
            {
                needed.UnionWith(a.Args);
            }
        }

        var rows = _block.Forward.Where(InRows).ToList();
        var early = rows.Where(s => (s is IrAddRowToSum && gradientReadsSum) || (s is IrApply a && needed.Contains(a.Id))).ToList();
        var late = rows.Where(s => !early.Contains(s)).ToList();
        if (store is not null || valueGuard is null)
        {
            Statements(w, early, density);
            w.Line("// " + _block.Math);
            RowStatements(w, late, density, store);
            return;
        }

        if (!late.Any(s => s is IrApply or IrAddRowToDensity or IrAddRowToSum))
        {
            // Nothing only the value needs (a sum the reverse pass reads too): the math above what is written.
            w.Line("// " + _block.Math);
            Statements(w, early, density);
            return;
        }

        Statements(w, early, density);
        using (w.Block("if (" + valueGuard + ")"))
        {
            w.Line("// " + _block.Math);
            RowStatements(w, late, density, store);
        }
    }

    /// <summary>The reverse statements of a register of rows, after a comment with the block's reverse formula.</summary>
    public void PrintRowReverse(SourceWriter w)
    {
        w.Line("// " + _block.ReverseMath);
        Statements(w, _block.Reverse.Where(InRows), string.Empty);
    }

    /// <summary>
    /// Before the row loop: the values no row changes that the rows or the statements after the loop read (a learned
    /// sigma, 1/σ²), as scalars, each one a row statement reads also broadcast to a register once; and the loop's sum,
    /// a lane-wise accumulator. Prints nothing for a block of row terms alone.
    /// </summary>
    public void PrintRowSetup(SourceWriter w)
    {
        var all = _block.Forward.Concat(_block.After).Concat(_block.Reverse).ToList();
        var readByRows = new HashSet<int>(all.Where(s => Id(s) is not int id || _phase[id] != RowPhase.Setup).Where(InRows).SelectMany(Uses));
        _scalarPart = true;
        foreach (IrStatement s in all)
        {
            if (s is not (IrApply or IrLoad) || _phase[Id(s)!.Value] != RowPhase.Setup || (s is IrLoad && Count(Id(s)!.Value) < 2 && !readByRows.Contains(Id(s)!.Value)))
            {
                continue;
            }

            int id = Id(s)!.Value;
            bool local = s is IrLoad || ((IrApply)s).Name.Length > 0 || Count(id) > 1;
            if (!readByRows.Contains(id))
            {
                if (local)
                {
                    DefineScalar(w, s, id);
                }

                continue;
            }

            // Read by rows: a register, and a scalar too if something else reads it.
            bool scalarToo = Count(id) > all.Where(InRows).SelectMany(Uses).Count(u => u == id);
            string value;
            if (scalarToo)
            {
                DefineScalar(w, s, id);
                value = _locals[id];
            }
            else
            {
                value = s is IrApply a ? Expression(a, top: true) : Value(id, top: true);
            }

            string name = Unique(scalarToo ? _locals[id] + "Vector" : s is IrApply { Name.Length: > 0 } named ? named.Name : s is IrLoad load ? load.Name : "invariant" + Literal.Of(++_taken.Constants));
            w.Line("TVec " + name + " = " + Names.Simd + "Broadcast(" + value + ");");
            _broadcasts[id] = name;
        }

        _scalarPart = false;
        if (_block.Forward.OfType<IrAddRowToSum>().Any())
        {
            w.Line("TVec " + _block.SumName + " = " + Names.Simd + "Zero;");
        }

        // Parameters whose rows add the same value (up to a factor taken out) share one sum.
        foreach (var same in _block.Reverse.OfType<IrAddRowToGradient>().GroupBy(g => (g.Value, g.Mask)))
        {
            string name = Unique(same.Count() == 1 ? same.First().SumName : "sharedSlope");
            w.Line("TVec " + name + " = " + Names.Simd + "Zero;");
            foreach (IrAddRowToGradient g in same)
            {
                _gradientSums[g] = name;
            }
        }
    }

    /// <summary>
    /// After the row loop, once: the additions to log p that read the loop's sum, each handed to
    /// <paramref name="density"/> (which adds the minibatch scale), or, with <paramref name="gradient"/>, the gradient of
    /// each parameter the block reads, handed to it with its slot. Each part is printed in a scope of its own.
    /// </summary>
    public void PrintRowAfter(SourceWriter w, System.Func<string, string>? density, System.Func<IrSlot, string, string>? gradient)
    {
        var saved = new Dictionary<int, string>(_locals);
        _scalarPart = true;
        IEnumerable<IrStatement> statements = density is not null
            ? _block.After.Where(s => s is IrApply or IrAddToDensity)
            : _block.After.OfType<IrApply>().Cast<IrStatement>().Concat(_block.Reverse.Where(s => !InRows(s) || s is IrAddRowToGradient));
        var wanted = new List<IrStatement>();
        var needed = new HashSet<int>();
        foreach (IrStatement s in statements.Reverse())
        {
            bool output = (density is not null && s is IrAddToDensity) || (gradient is not null && s is IrAddToGradient or IrAddRowToGradient);
            if (output || (Id(s) is int id && needed.Contains(id) && !_locals.ContainsKey(id) && !_broadcasts.ContainsKey(id)))
            {
                wanted.Insert(0, s);
                needed.UnionWith(s is IrAddRowToGradient g ? (g.Factor is int factor ? new[] { factor } : Enumerable.Empty<int>()) : Uses(s));
            }
        }

        foreach (IrStatement s in wanted)
        {
            switch (s)
            {
                case IrApply a when a.Name.Length > 0 || Count(a.Id) > 1:
                    DefineScalar(w, a, a.Id, hoisted: false);
                    break;
                case IrAddToDensity add:
                    w.Line(density!(Value(add.Value, top: true)));
                    break;
                case IrAddToGradient g:
                    w.Line(gradient!(g.Slot, Value(g.Value, top: true)));
                    break;
                case IrAddRowToGradient g:
                    string rows = Names.Simd + "Sum(" + _gradientSums[g] + ")";
                    w.Line(gradient!(g.Slot, g.Factor switch
                    {
                        null => rows,
                        int f when _byId[f] is IrConstant { Value: -1 } => "-" + rows,
                        int f => rows + " * " + Value(f, top: false),
                    }));
                    break;
            }
        }

        _scalarPart = false;
        _locals.Clear();
        foreach (KeyValuePair<int, string> kept in saved)
        {
            _locals[kept.Key] = kept.Value;
        }
    }

    /// <summary>A scalar local for value <paramref name="id"/> (an operation, or a parameter's load named by its name).</summary>
    private void DefineScalar(SourceWriter w, IrStatement s, int id, bool hoisted = true)
    {
        if (s is IrApply a)
        {
            Define(w, a, hoisted);
            return;
        }

        string local = Unique(((IrLoad)s).Name);
        w.Line(_t + " " + local + " = " + Value(id, top: true) + ";");
        _locals[id] = local;
    }

    private void RowStatements(SourceWriter w, List<IrStatement> statements, string density, System.Func<string, string>? store)
    {
        foreach (IrStatement s in statements)
        {
            if (s is IrAddRowToDensity every && store is null && AddEveryLane(w, every, density))
            {
                continue;
            }

            if (s is IrAddRowToDensity add)
            {
                w.Line(store is not null
                    ? store(Value(add.Value, top: true))
                    : density + " = " + Names.Simd + "MultiplyAdd(" + Value(add.Mask, top: true) + ", " + Value(add.Value, top: true) + ", " + density + ");");
            }
            else
            {
                Statements(w, new[] { s }, density);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="block"/> to <paramref name="w"/>: log p is added to <paramref name="density"/>; the
    /// reverse statements run only when <paramref name="reverseGuard"/> holds (null: always).
    /// </summary>
    public static void Print(IrBlock block, ElementType type, SourceWriter w, string density, string? reverseGuard)
    {
        // Every loop index and inner sum of the block and the loops printed inside its trips is taken before any local is
        // named, so a local of an enclosing trip never meets an inner loop's index (a term's loop named 'k1' or 'z').
        var taken = new Taken();
        taken.Names.UnionWith(Reserved(block));
        Print(block, type, w, density, reverseGuard, taken);
    }

    private static IEnumerable<string> Reserved(IrBlock block) =>
        (block.Loop is IrLoop loop ? new[] { loop.Variable } : Enumerable.Empty<string>())
            .Concat(block.Prelude.Concat(block.Postlude).SelectMany(inner => Reserved(inner).Append(inner.SumName)))
            .Concat(block.Carried.SelectMany(CarriedNames));

    private static void Print(IrBlock block, ElementType type, SourceWriter w, string density, string? reverseGuard, Taken? taken)
    {
        var printer = new IrPrinter(block, type, taken: taken);
        if (block.Loop is IrLoop { Variable: var variable })
        {
            printer._taken.Names.Add(variable);
        }

        w.Line("// " + block.Comment);
        if (block.Math.Length > 0)
        {
            w.Line("// " + block.Math);
        }

        if (block.Loop is not IrLoop loop)
        {
            printer.Body(w, density, reverseGuard);
            return;
        }

        // Values the same on every trip are computed once, before the loop (hoisting of loop invariants); the block
        // then gets a scope of its own, so its locals do not meet the next block's.
        var hoisted = printer.Invariants(loop);
        bool sums = block.Forward.OfType<IrAddToSum>().Any();
        string header = loop.Descending
            ? "for (int " + loop.Variable + " = " + (loop.Bound ?? Literal.Of(loop.To)) + " - 1; " + loop.Variable + " >= " + (loop.Start ?? Literal.Of(loop.From)) + "; " + loop.Variable + "--)"
            : "for (int " + loop.Variable + " = " + (loop.Start ?? Literal.Of(loop.From)) + "; " + loop.Variable + " < " + (loop.Bound ?? Literal.Of(loop.To)) + "; " + loop.Variable + "++)";
        if (hoisted.Count == 0 && !sums)
        {
            using (w.Block(header))
            {
                printer.Body(w, density, reverseGuard);
            }

            return;
        }

        using (w.Block())
        {
            foreach (IrApply a in hoisted)
            {
                printer.Define(w, a, hoisted: true);
            }

            if (sums)
            {
                w.Line(printer._t + " sum = " + Literal.Of(0, type) + ";");
            }

            using (w.Block(header))
            {
                printer.Body(w, density, reverseGuard);
            }

            printer.Statements(w, block.After, density);
        }
    }

    /// <summary>The operations whose value does not change from one trip of <paramref name="loop"/> to the next, in order.</summary>
    private List<IrApply> Invariants(IrLoop loop)
    {
        var invariant = new HashSet<int>();
        var hoisted = new List<IrApply>();
        var variable = new System.Text.RegularExpressions.Regex(@"\b" + loop.Variable + @"\b");
        foreach (IrStatement s in _block.Forward.Concat(_block.Reverse))
        {
            switch (s)
            {
                case IrConstant c:
                    invariant.Add(c.Id);
                    break;
                case IrLoad l when !variable.IsMatch(l.Slot.Index) && !variable.IsMatch(l.Slot.Span) && !_block.Prelude.Any(p => p.SumName == l.Slot.Span) && !loop.Varying.Contains(l.Slot.Span) && !ReadsTape(l):
                    invariant.Add(l.Id);
                    break;
                case IrApply a when a.Args.All(invariant.Contains):
                    invariant.Add(a.Id);
                    hoisted.Add(a);
                    break;
            }
        }

        // Only what some varying statement reads needs a local; the rest is written into its hoisted use.
        var readInside = new HashSet<int>(_block.Forward.Concat(_block.Reverse)
            .Where(s => s is not IrApply a || !invariant.Contains(a.Id))
            .SelectMany(Uses));
        return hoisted.Where(a => readInside.Contains(a.Id) || a.Name.Length > 0 || Count(a.Id) > 1).ToList();
    }

    private void Define(SourceWriter w, IrApply a, bool hoisted)
    {
        string local = Local(a, hoisted);
        w.Line(_t + " " + local + " = " + Expression(a, top: true) + ";");
        _locals[a.Id] = local;
    }

    private void Body(SourceWriter w, string density, string? reverseGuard)
    {
        foreach (IrCarried carried in _block.Carried)
        {
            PrintCarriedForward(carried, w);
        }

        foreach (IrBlock inner in _block.Prelude)
        {
            w.Line(Names.Element(_type) + " " + inner.SumName + " = " + Literal.Of(0, _type) + ";");
            Print(inner, _type, w, inner.SumName, null, _taken);
        }

        Statements(w, _block.Forward, density);
        if (_block.Reverse.Count == 0)
        {
            return;
        }

        if (reverseGuard is null)
        {
            Reverse(w, density);
            return;
        }

        using (w.Block("if (" + reverseGuard + ")"))
        {
            Reverse(w, density);
        }
    }

    /// <summary>The reverse statements, then the reverse of each inner loop (<see cref="IrBlock.Postlude"/>), which reads the adjoints they declare.</summary>
    private void Reverse(SourceWriter w, string density)
    {
        Statements(w, _block.Reverse, density);
        foreach (IrBlock inner in _block.Postlude)
        {
            Print(inner, _type, w, density, null, _taken);
        }

        foreach (IrCarried carried in _block.Carried.Reverse())
        {
            PrintCarriedReverse(carried, w);
        }
    }

    private void Statements(SourceWriter w, IEnumerable<IrStatement> statements, string density)
    {
        foreach (IrStatement s in statements)
        {
            switch (s)
            {
                case IrApply a when _locals.ContainsKey(a.Id):
                    break;
                case IrApply a when a.Name.Length > 0 || Count(a.Id) > 1:
                    Define(w, a, hoisted: false);
                    break;
                case IrAddToDensity add:
                    w.Line(density + " += " + Value(add.Value, top: true) + ";");
                    break;
                case IrAddToSum add:
                    w.Line("sum += " + Value(add.Value, top: true) + ";");
                    break;
                case IrAddRowToSum add when _byId[add.Value] is IrApply { Op: Primitive.Square } square && Count(add.Value) == 1 && !_locals.ContainsKey(add.Value):
                    // mask·x² with one rounding: x² is the sum's alone, so the register multiply-add takes (mask·x)·x exactly.
                    w.Line(_block.SumName + " = " + Names.Simd + "MultiplyAdd(" + Names.Simd + "Multiply(" + Value(add.Mask, top: true) + ", " + Value(square.Args[0], top: true) + "), " + Value(square.Args[0], top: true) + ", " + _block.SumName + ");");
                    break;
                case IrAddRowToSum add:
                    w.Line(_block.SumName + " = " + Names.Simd + "MultiplyAdd(" + Value(add.Mask, top: true) + ", " + Value(add.Value, top: true) + ", " + _block.SumName + ");");
                    break;
                case IrAddRowToGradient g when _block.Reverse.OfType<IrAddRowToGradient>().First(other => _gradientSums[other] == _gradientSums[g]) != g:
                    break;      // a sum another parameter's statement already adds to
                case IrAddRowToGradient g when Inline(g.Value, Primitive.Negate):
                    // sum − mask·a for a share −a: one negated multiply-add.
                    w.Line(_gradientSums[g] + " = " + Names.Simd + "NegateMultiplyAdd(" + Value(g.Mask, top: true) + ", " + Value(((IrApply)_byId[g.Value]).Args[0], top: true) + ", " + _gradientSums[g] + ");");
                    break;
                case IrAddRowToGradient g:
                    w.Line(_gradientSums[g] + " = " + Names.Simd + "MultiplyAdd(" + Value(g.Mask, top: true) + ", " + Value(g.Value, top: true) + ", " + _gradientSums[g] + ");");
                    break;
                case IrStore store when store.Slot.Index.Length == 0:
                    // A local handed on (a carried local's adjoint to the trip before, IrCarried).
                    w.Line(store.Slot.Span + " = " + Value(store.Value, top: true) + ";");
                    break;
                case IrStore store:
                    w.Line(store.Slot.Span + "[" + store.Slot.Index + "] = " + Value(store.Value, top: true) + ";");
                    break;
                case IrAddToGradient g when _rows:
                    w.Line("TVec " + g.Slot.GradientSpan + " = " + Value(g.Value, top: true) + ";");
                    break;
                case IrAddToGradient g when g.Slot.Index.Length == 0:
                    // The adjoint of an inner loop's sum: one per load, declared for the loop's reverse (IrBlock.Postlude).
                    w.Line(_t + " " + g.Slot.GradientSpan + " = " + Value(g.Value, top: true) + ";");
                    break;
                case IrAddToGradient g:
                    w.Line(g.Slot.GradientSpan + "[" + g.Slot.Index + "] += " + Value(g.Value, top: true) + ";");
                    break;
            }
        }
    }

    private int Count(int id) => _uses.TryGetValue(id, out int n) ? n : 0;

    /// <summary>A local's name: the value's own, made unique; else k1, k2, … for values computed before the loop, t1, t2, … inside it.</summary>
    private string Local(IrApply a, bool hoisted) =>
        Unique(a.Name.Length > 0 ? a.Name : (hoisted ? (_rows ? "invariant" : "k") : RowMode ? "term" : "t") + Literal.Of(hoisted ? ++_taken.Constants : ++_taken.Temporaries));

    /// <summary><paramref name="name"/>, or with 2, 3, … appended if this printer has used it.</summary>
    private string Unique(string name)
    {
        string unique = name;
        for (int k = 2; !_taken.Names.Add(unique); k++)
        {
            unique = name + Literal.Of(k);
        }

        return Literal.Identifier(unique);
    }

    /// <summary>Value <paramref name="id"/> in an expression: its local, a literal, a slot, or the operation itself.</summary>
    private string Value(int id, bool top)
    {
        if (RowMode && _broadcasts.TryGetValue(id, out string? register))
        {
            return register;
        }

        if (_locals.TryGetValue(id, out string? local))
        {
            return local;
        }

        if (RowMode && _byId[id] is IrConstant or IrLoad)
        {
            return _byId[id] is IrConstant k ? Names.Simd + "Broadcast(" + Literal.Of(k.Value, _type) + ")" : ((IrLoad)_byId[id]).Name;
        }

        return _byId[id] switch
        {
            IrConstant c => top || c.Value >= 0 ? Literal.Of(c.Value, _type) : "(" + Literal.Of(c.Value, _type) + ")",
            IrLoad l => l.Slot.Index.Length == 0 ? l.Slot.Span : l.Slot.Span + "[" + l.Slot.Index + "]",
            IrLoopSum when _rows => Names.Simd + "Sum(" + _block.SumName + ")",
            IrLoopSum => "sum",
            IrApply a => Expression(a, top),
            _ => "?",
        };
    }

    private string Expression(IrApply a, bool top)
    {
        if (RowMode)
        {
            return RowExpression(a);
        }

        string? function = Names.Function(a.Op, _type);
        if (function is not null)
        {
            return function + "(" + string.Join(", ", a.Args.Select(x => Value(x, top: true))) + ")";
        }

        // a + (−b) is a − b, and a − (−b) is a + b, bit for bit: printed the plain way.
        if (a.Op is Primitive.Add or Primitive.Subtract && _byId[a.Args[1]] is IrApply { Op: Primitive.Negate } negated && !_locals.ContainsKey(negated.Id))
        {
            string plain = Value(a.Args[0], top: false) + (a.Op == Primitive.Add ? " - " : " + ") + Value(negated.Args[0], top: false);
            return top ? plain : "(" + plain + ")";
        }

        string text = a.Op switch
        {
            Primitive.Negate => "-" + Value(a.Args[0], top: false),
            Primitive.Sign => Value(a.Args[0], top: true) + " > " + Literal.Of(0, _type) + " ? " + Literal.Of(1, _type) + " : " + Value(a.Args[0], top: true) + " < " + Literal.Of(0, _type) + " ? " + Literal.Of(-1, _type) + " : " + Literal.Of(0, _type),
            Primitive.Square => Value(a.Args[0], top: false) + " * " + Value(a.Args[0], top: false),
            Primitive.LogitBernoulli => Value(a.Args[0], top: false) + " * " + Value(a.Args[1], top: false) + " - " + Names.Numerics + "Softplus(" + Value(a.Args[1], top: true) + ")",
            Primitive.Select => Value(a.Args[0], top: false) + " ? " + Value(a.Args[1], top: false) + " : " + Value(a.Args[2], top: false),
            _ => Value(a.Args[0], top: false) + Names.Operator(a.Op) + Value(a.Args[1], top: false),
        };
        return top ? text : "(" + text + ")";
    }

    /// <summary>An operation on registers of rows, through TSimd (every value is a call, so no parentheses are needed).</summary>
    private string RowExpression(IrApply a)
    {
        string Arg(int k) => Value(a.Args[k], top: true);

        // a + (−b) is a − b, and a − (−b) is a + b, bit for bit: printed the plain way.
        if (a.Op is Primitive.Add or Primitive.Subtract && _byId[a.Args[1]] is IrApply { Op: Primitive.Negate } negated && !_locals.ContainsKey(negated.Id))
        {
            return Names.Simd + (a.Op == Primitive.Add ? "Subtract(" : "Add(") + Arg(0) + ", " + Value(negated.Args[0], top: true) + ")";
        }

        // a ± b·c with the product written nowhere else: one multiply-add (a rounding fewer), as the hand-written
        // kernels had it; a − b·c and a + (−b)·c are the negated multiply-add.
        if (a.Op is Primitive.Add or Primitive.Subtract)
        {
            int product = a.Op == Primitive.Add && Inline(a.Args[0], Primitive.Multiply) && !Inline(a.Args[1], Primitive.Multiply) ? 0 : 1;
            if (Inline(a.Args[product], Primitive.Multiply))
            {
                var p = (IrApply)_byId[a.Args[product]];
                bool negative = a.Op == Primitive.Subtract;
                int first = p.Args[0];
                if (Inline(first, Primitive.Negate))
                {
                    (negative, first) = (!negative, ((IrApply)_byId[first]).Args[0]);
                }

                return Names.Simd + (negative ? "NegateMultiplyAdd(" : "MultiplyAdd(") + Value(first, top: true) + ", " + Value(p.Args[1], top: true) + ", " + Arg(1 - product) + ")";
            }
        }

        return a.Op switch
        {
            Primitive.Negate => Names.Simd + "Subtract(" + Names.Simd + "Zero, " + Arg(0) + ")",
            Primitive.Square => Names.Simd + "Multiply(" + Arg(0) + ", " + Arg(0) + ")",
            Primitive.LogitBernoulli => Names.Simd + "Subtract(" + Names.Simd + "Multiply(" + Arg(0) + ", " + Arg(1) + "), " + Names.Simd + "Softplus(" + Arg(1) + "))",

            // On registers as the hand-written Student t kernel had them: log1p(a·a/b), and a/(a·a + b) (a² overflows
            // only where the slope is 0 anyway).
            Primitive.Log1PSquareOver => Names.Simd + "Log1P(" + Names.Simd + "Divide(" + Names.Simd + "Multiply(" + Arg(0) + ", " + Arg(0) + "), " + Arg(1) + "))",
            Primitive.ZOverNuPlusZSquared => Names.Simd + "Divide(" + Arg(0) + ", " + Names.Simd + "MultiplyAdd(" + Arg(0) + ", " + Arg(0) + ", " + Arg(1) + "))",
            // max(a, b) = a + relu(b − a), and [a = 0] = relu(1 − a²), as the hand-written categorical kernel had them.
            Primitive.LogSumExpShift => Names.Simd + "Add(" + Arg(0) + ", " + Names.Simd + "Relu(" + Names.Simd + "Subtract(" + Arg(1) + ", " + Arg(0) + ")))",
            // log(eᵃ + eᵇ) = a + relu(d) + log1p(e^(d − 2·relu(d))) with d = b − a: max(a, b) plus log1p(e^−|a − b|), no overflow.
            Primitive.LogSumExp => Names.Simd + "Add(" + Names.Simd + "Add(" + Arg(0) + ", " + Names.Simd + "Relu(" + Names.Simd + "Subtract(" + Arg(1) + ", " + Arg(0) + "))), "
                + Names.Simd + "Log1P(" + Names.Simd + "Exp(" + Names.Simd + "NegateMultiplyAdd(" + Names.Simd + "Broadcast(" + Literal.Of(2, _type) + "), " + Names.Simd + "Relu(" + Names.Simd + "Subtract(" + Arg(1) + ", " + Arg(0) + ")), "
                + Names.Simd + "Subtract(" + Arg(1) + ", " + Arg(0) + ")))))",
            Primitive.ClassIndicator => Names.Simd + "Relu(" + Names.Simd + "NegateMultiplyAdd(" + Arg(0) + ", " + Arg(0) + ", " + Names.Simd + "Broadcast(" + Literal.Of(1, _type) + ")))",
            _ when Names.RowFunction(a.Op) is string f => f + "(" + string.Join(", ", a.Args.Select(x => Value(x, top: true))) + ")",

            // The catalog lowers likelihoods only into operations registers have (LikelihoodCatalog); anything else is a generator bug the compiler reports.
            _ => "/* no register form of " + a.Op + " */",
        };
    }

    /// <summary>Whether value <paramref name="id"/> is an <paramref name="op"/> written into its one use (no local, no register of its own).</summary>
    private bool Inline(int id, Primitive op) =>
        _byId[id] is IrApply a && a.Op == op && !_locals.ContainsKey(id) && !_broadcasts.ContainsKey(id);

    private static int? Id(IrStatement s) => s switch
    {
        IrConstant c => c.Id,
        IrLoad l => l.Id,
        IrApply a => a.Id,
        IrLoopSum sum => sum.Id,
        _ => null,
    };

    /// <summary>The further reads of a value a register form writes more than once (a row log-sum-exp's a and b), so each is a register of its own.</summary>
    private static IEnumerable<int> RowUses(IrStatement s) => s switch
    {
        IrApply { Op: Primitive.LogSumExp } a => a.Args.Concat(a.Args),
        _ => Enumerable.Empty<int>(),
    };

    private static IEnumerable<int> Uses(IrStatement s) => s switch
    {
        IrApply { Op: Primitive.Square or Primitive.Sign or Primitive.ClassIndicator } a => new[] { a.Args[0], a.Args[0] },
        IrApply { Op: Primitive.LogSumExpShift } a => new[] { a.Args[0], a.Args[0], a.Args[1] },
        IrApply a => a.Args,
        IrAddToDensity d => new[] { d.Value },
        IrAddToSum d => new[] { d.Value },
        IrAddRowToDensity d => new[] { d.Value, d.Mask },
        IrAddRowToSum d => new[] { d.Value, d.Mask },
        IrAddToGradient g => new[] { g.Value },
        IrAddRowToGradient g => new[] { g.Value, g.Mask },
        IrStore store => new[] { store.Value },
        _ => Enumerable.Empty<int>(),
    };
}
