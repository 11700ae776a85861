using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Ir;

/// <summary>
/// A local a loop carries from one trip to the next (<see cref="IrCarried"/>): <paramref name="Name"/> as the term writes
/// it, <paramref name="Tape"/> the span of its values (entry 0 before the first trip, entry i + 1 after trip i),
/// <paramref name="Adjoint"/> the adjoint of its value after the trip the reverse loop is at, and
/// <paramref name="AdjointIn"/> that of its value before it, which each reverse trip declares and hands on.
/// </summary>
internal sealed record IrCarriedLocal(string Name, string Tape, string Adjoint, string AdjointIn);

/// <summary>
/// A loop whose trips overwrite locals declared outside it (docs/terms.md, "Values carried across iterations"): ARMA's
/// error, GARCH's σ. The forward loop writes each carried local's value after every trip to its tape, a slice of the
/// kernel's scratch at <paramref name="TapeField"/> (set when the data are bound, sized by <paramref name="Trips"/> + 1
/// per local), and the block that reads the locals after the loop loads the last entries. The reverse loop runs the trips
/// backwards: each trip reads its locals' values before it from the tape, recomputes the trip and takes the adjoints of
/// the values after it (and of log p's sums) back into the loads, so the adjoint carried backwards is each local's
/// adjoint before the trip. All four blocks are derived by <see cref="Adjoints.Derive"/>; none allocates.
/// </summary>
/// <param name="Comment">What the loop is (the term, its line and statements).</param>
/// <param name="TapeField">The field holding where the tapes start in the kernel's scratch.</param>
/// <param name="Trips">The number of trips as C# over the data (never negative), the local <paramref name="TripsName"/>.</param>
/// <param name="TripsName">The local the number of trips is printed into.</param>
/// <param name="Locals">The carried locals.</param>
/// <param name="Init">Once before the loop: each carried local's value before the first trip, stored at its tape's entry 0.</param>
/// <param name="Forward">The forward loop: each trip reads its tapes' entries before it and stores those after it.</param>
/// <param name="Reverse">The reverse loop (<see cref="IrLoop.Descending"/>): each trip's values from the tape, the trip recomputed, the adjoints taken back.</param>
/// <param name="InitReverse">Once after the reverse loop: the initial values' adjoints taken back into their loads.</param>
internal sealed record IrCarried(
    string Comment,
    string TapeField,
    string Trips,
    string TripsName,
    EquatableArray<IrCarriedLocal> Locals,
    IrBlock Init,
    IrBlock Forward,
    IrBlock Reverse,
    IrBlock InitReverse);
