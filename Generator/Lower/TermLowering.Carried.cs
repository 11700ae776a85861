using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// Loops that carry values from one trip to the next (docs/terms.md, "Values carried across iterations"): a top-level
/// loop whose body reads a local declared before it, or sets one otherwise than by a sum (ARMA's <c>err = Y[t] - nu</c>,
/// GARCH's <c>sigma = Sqrt(… sigma * sigma)</c>). Every local it assigns is carried: the body runs once as straight-line
/// code over each local's value before the trip, which gives each local's value after it; the forward loop stores those
/// on a tape in the kernel's scratch, and the reverse loop runs the trips backwards from the tape, derived by
/// <see cref="Adjoints.Derive"/> with the adjoints of the values after the trip as seeds (<see cref="IrCarried"/>).
/// </summary>
internal static partial class TermLowering
{
    /// <summary>A carried local's value before the trip being lowered (a load of its tape).</summary>
    private sealed record CarriedIn(string Local) : TermExpression;

    /// <summary>A carried local's value after the loop <paramref name="Loop"/> (a load of its tape's last entry).</summary>
    private sealed record CarriedOut(IrCarried Loop, IrCarriedLocal Local) : TermExpression;

    private sealed partial class Lowering
    {
        /// <summary>Whether a carried loop's trip is being lowered (a carried loop inside one is not built).</summary>
        private bool _carrying;

        private int _tapes;

        /// <summary>Whether <paramref name="loop"/> reads a local declared before it that it assigns, or sets one otherwise than by += or -=.</summary>
        private static bool Carries(TermFor loop, Dictionary<string, TermExpression> locals) =>
            Assigned(loop.Body).Where(locals.ContainsKey).Any(name => ReadsOrSets(loop.Body, name));

        /// <summary>The locals <paramref name="body"/> assigns, in order, each once.</summary>
        private static IEnumerable<string> Assigned(IEnumerable<TermStatement> body) => body.SelectMany(s => s switch
        {
            TermAssign a => new[] { a.Name },
            TermIf i => Assigned(i.Then).Concat(Assigned(i.Else)),
            TermFor f => Assigned(f.Body),
            _ => Enumerable.Empty<string>(),
        }).Distinct();

        /// <summary>Whether <paramref name="body"/> reads <paramref name="local"/>, or sets it otherwise than by += or -=.</summary>
        private static bool ReadsOrSets(IEnumerable<TermStatement> body, string local) => body.Any(s => s switch
        {
            TermLocal l => Reads(l.Value, local),
            TermAssign a => Reads(a.Value, local) || (a.Name == local && a.Op is not ("+=" or "-=")),
            TermFor f => Reads(f.From, local) || Reads(f.To, local) || ReadsOrSets(f.Body, local),
            TermIf i => Reads(i.Condition, local) || ReadsOrSets(i.Then, local) || ReadsOrSets(i.Else, local),
            TermReturn r => Reads(r.Value, local),
            _ => false,
        });

        private string Fresh(string head)
        {
            string name = head;
            for (int k = 2; !_names.Add(name); k++)
            {
                name = head + Literal.Of(k);
            }

            return name;
        }

        private static string Upper(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);

        /// <summary>Lowers the carried loop <paramref name="loop"/>; each local it assigns then holds its value after the loop.</summary>
        private void Carry(TermFor loop, Dictionary<string, TermExpression> locals)
        {
            if (_carrying)
            {
                Error ??= "a loop inside a loop that carries values also carries values (line " + Literal.Of(loop.Line) + "): not built";
                return;
            }

            List<string> names = Assigned(loop.Body).Where(locals.ContainsKey).ToList();
            var carried = names.Select(n => new IrCarriedLocal(n, Fresh("tape" + Upper(n)), Fresh(n + "Adjoint"), Fresh(n + "AdjointIn"))).ToList();
            var before = names.ToDictionary(n => n, n => locals[n], System.StringComparer.Ordinal);
            var ins = names.ToDictionary(n => n, n => new CarriedIn(n), System.StringComparer.Ordinal);

            // One trip as straight-line code over the values before it.
            var trip = new Dictionary<string, TermExpression>(locals, System.StringComparer.Ordinal);
            foreach (string n in names)
            {
                trip[n] = ins[n];
            }

            _carrying = true;
            foreach (TermStatement s in loop.Body)
            {
                Execute(s, trip, frame: null);
            }

            _carrying = false;
            if (Error is not null)
            {
                return;
            }

            string variable = _indices[loop.Variable];
            string start = Index(loop.From), bound = Index(loop.To);
            bool literal = int.TryParse(start, out int first);
            string tripIn = literal && first == 0 ? variable : literal && first > 0 ? variable + " - " + start : variable + " - (" + start + ")";
            string tripOut = literal && first == 0 ? variable + " + 1" : literal && first == 1 ? variable : tripIn + " + 1";
            string trips = Fresh("trips" + Upper(loop.Variable));
            string count = "global::System.Math.Max(0, " + bound + (literal && first == 0 ? string.Empty : literal && first > 0 ? " - " + start : " - (" + start + ")") + ")";
            var forwardLoop = new IrLoop(variable, 0, 0) { Start = start, Bound = bound };
            string what = string.Join(", ", names.Select(n => "'" + n + "'"));
            string head = "line " + Literal.Of(loop.Line) + ", the loop over " + loop.Variable;

            // Before the first trip: each local's value, at its tape's entry 0.
            var init = new Context();
            foreach (IrCarriedLocal c in carried)
            {
                init.B.Store(new IrSlot(c.Tape, "0", null), Real(init, before[c.Name]));
            }

            // The forward trips: the values before each trip from the tape, those after it onto it.
            var forward = new Context();
            foreach (IrCarriedLocal c in carried)
            {
                forward.Lowered[ins[c.Name]] = forward.B.Load(new IrSlot(c.Tape, tripIn, null), c.Name);
            }

            foreach (IrCarriedLocal c in carried)
            {
                forward.B.Store(new IrSlot(c.Tape, tripOut, null), Real(forward, trip[c.Name]));
            }

            // The reverse trips, last first: the values before the trip from the tape (each load's adjoint the local's
            // adjoint before the trip), the trip recomputed, seeded with the adjoints of the values after it.
            var reverse = new Context();
            foreach (IrCarriedLocal c in carried)
            {
                reverse.Lowered[ins[c.Name]] = reverse.B.Load(new IrSlot(c.Tape + "[" + tripIn + "]", string.Empty, c.AdjointIn), c.Name);
            }

            foreach (IrCarriedLocal c in carried)
            {
                int seed = reverse.B.Load(new IrSlot(c.Adjoint, string.Empty, null), c.Adjoint);
                reverse.B.AddToDensity(reverse.B.Multiply(seed, Real(reverse, trip[c.Name])));
            }

            Error ??= Adjoints.Derive(reverse.B);
            var declared = new HashSet<string>(reverse.B.Build(string.Empty, string.Empty, null).Reverse.OfType<IrAddToGradient>().Select(g => g.Slot.GradientSpan!));
            foreach (IrCarriedLocal c in carried)
            {
                // Handed to the trip before (0 where the value after the trip does not depend on the value before it).
                reverse.B.Store(new IrSlot(c.Adjoint, string.Empty, null), declared.Contains(c.AdjointIn) ? reverse.B.Load(new IrSlot(c.AdjointIn, string.Empty, null), c.AdjointIn) : reverse.B.Constant(0));
            }

            // The values before the first trip: their adjoints taken back into what they read.
            var initReverse = new Context();
            foreach (IrCarriedLocal c in carried)
            {
                int seed = initReverse.B.Load(new IrSlot(c.Adjoint, string.Empty, null), c.Adjoint);
                initReverse.B.AddToDensity(initReverse.B.Multiply(seed, Real(initReverse, before[c.Name])));
            }

            Error ??= Adjoints.Derive(initReverse.B);
            if (Error is not null)
            {
                return;
            }

            static IrBlock WithoutSeeds(IrBlock b) => b with { Forward = b.Forward.Where(x => x is not IrAddToDensity).ToEquatableArray() };
            string adjoints = string.Join(", ", carried.Select(c => c.Adjoint));
            var ir = new IrCarried(
                Where + ", " + head + " carrying " + what + " from one trip to the next: " + Describe(loop.Body) + ". Each value after a trip is kept on a tape in scratch sized when the data are bound.",
                "__tape_" + _term.Name + (++_tapes > 1 ? Literal.Of(_tapes) : string.Empty),
                count,
                trips,
                carried.ToEquatableArray(),
                init.Build(head + ": " + what + " before the first trip", null),
                forward.Build(head + ": each trip from the values before it, the values after it onto the tapes", forwardLoop),
                WithoutSeeds(reverse.Build(head + ", reversed, last trip first: the values before the trip from the tapes, the trip recomputed, " + adjoints + " taken back", forwardLoop with { Descending = true, Varying = carried.Select(c => c.Adjoint).ToEquatableArray() })),
                WithoutSeeds(initReverse.Build(head + ": " + adjoints + " taken back into the values before the first trip", null)));
            foreach (IrCarriedLocal c in carried)
            {
                locals[c.Name] = new CarriedOut(ir, c);
            }
        }

        /// <summary>A carried local's value after its loop, in the block <paramref name="c"/>, which prints the loop (once) before its statements.</summary>
        private static int LoadCarried(Context c, CarriedOut carried)
        {
            if (!c.Carried.Contains(carried.Loop))
            {
                c.Carried.Add(carried.Loop);
            }

            return c.B.Load(new IrSlot(carried.Local.Tape + "[" + carried.Loop.TripsName + "]", string.Empty, carried.Local.Adjoint), carried.Local.Name);
        }
    }
}
