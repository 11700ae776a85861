using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Ir;

/// <summary>
/// Where a load reads: <c>Span[Index]</c>, and where the gradient of that value goes, <c>GradientSpan[Index]</c>
/// (null: a value with no gradient, such as data).
/// </summary>
internal sealed record IrSlot(string Span, string Index, string? GradientSpan)
{
    /// <summary>
    /// For a register of rows read from a data matrix (<c>X[n, k]</c> in a row block, <c>Index == "row"</c>): the column
    /// read, as C#, and the matrix's row stride (its columns field); the register is gathered lane by lane. Null otherwise.
    /// </summary>
    public (string Column, string Stride)? Gather { get; init; }
}

/// <summary>
/// One statement of a kernel block in static single assignment: each value statement defines value <c>Id</c> once,
/// and later statements name it by that id. Records, so a lowered block compares by content and the incremental
/// pipeline can cache it.
/// </summary>
internal abstract record IrStatement;

/// <summary>Value <paramref name="Id"/> is the constant <paramref name="Value"/> (exact in double; printed in the element type).</summary>
internal sealed record IrConstant(int Id, double Value) : IrStatement;

/// <summary>Value <paramref name="Id"/> is read from <paramref name="Slot"/>; <paramref name="Name"/> is how the comments and the IR text call it.</summary>
internal sealed record IrLoad(int Id, IrSlot Slot, string Name) : IrStatement;

/// <summary>
/// Value <paramref name="Id"/> = <paramref name="Op"/>(<paramref name="Args"/>); <paramref name="Name"/>, if not
/// empty, names the local it is printed into (else a name is made from the id).
/// </summary>
internal sealed record IrApply(int Id, Primitive Op, EquatableArray<int> Args, string Name) : IrStatement;

/// <summary>The block's loop sum += value <paramref name="Value"/> (a reduction over the loop's trips).</summary>
internal sealed record IrAddToSum(int Value) : IrStatement;

/// <summary>
/// The loop's sum += mask·value, lane-wise over a register of rows (<paramref name="Mask"/> is 1 on real rows, 0 on
/// padding): a likelihood's per-row statistic (Σ (y − μ)² for a learned sigma), whose total its row block's statements
/// after the loop read. The sum's adjoint, taken back into the rows, is masked like a row term's.
/// </summary>
internal sealed record IrAddRowToSum(int Value, int Mask) : IrStatement;

/// <summary>
/// The gradient of a parameter a row block's rows read (a learned dispersion, ν or σ: a load no row changes): its
/// share in each row, mask·value, accumulated lane-wise into the register <paramref name="SumName"/> (one per
/// parameter, so a block has as many sums as it reads parameters), whose lanes are summed once after the loop, times
/// <paramref name="Factor"/> if there is one (a factor of every row's share, the same in all), into
/// <c>Slot.GradientSpan[Slot.Index]</c>. The reverse pass writes it for each such load (<see cref="Adjoints.Derive"/>).
/// </summary>
internal sealed record IrAddRowToGradient(IrSlot Slot, int Value, int Mask, string SumName, int? Factor) : IrStatement;

/// <summary>Value <paramref name="Id"/> is the loop's sum, after the loop.</summary>
internal sealed record IrLoopSum(int Id) : IrStatement;

/// <summary>log p += value <paramref name="Value"/>.</summary>
internal sealed record IrAddToDensity(int Value) : IrStatement;

/// <summary>
/// log p += mask·value, lane-wise over a register of rows (<paramref name="Mask"/> is 1 on real rows, 0 on padding):
/// a likelihood's row term. Its adjoint is the mask. The pointwise log-likelihood prints it as a store per row instead.
/// </summary>
internal sealed record IrAddRowToDensity(int Value, int Mask) : IrStatement;

/// <summary>
/// <c>Slot.Span[Slot.Index] = value</c> <paramref name="Value"/>: a value the block hands on (a transform's constrained
/// value). With a <c>Slot.GradientSpan</c>, the reverse pass also writes the value's slope in each load it reads into
/// that span at the load's index (a transform's dx/du), derived by the same rules as log p's, seeded with 1.
/// </summary>
internal sealed record IrStore(IrSlot Slot, int Value) : IrStatement;

/// <summary><c>Slot.GradientSpan[Slot.Index] += value</c> <paramref name="Value"/>: the reverse pass's output.</summary>
internal sealed record IrAddToGradient(IrSlot Slot, int Value) : IrStatement;

/// <summary>
/// One block of a kernel: what it is (the comment tying it to its model element, and the math it computes), the loop
/// over elements it runs in (none: once), its forward statements and the reverse statements derived from them by
/// <see cref="Adjoints.Derive"/>. The reverse statements read forward values, so forward and reverse run fused, in
/// one trip of the loop. <paramref name="After"/> runs once after the loop (reading the loop's sum).
/// </summary>
internal sealed record IrBlock(
    string Comment,
    string Math,
    IrLoop? Loop,
    EquatableArray<IrStatement> Forward,
    EquatableArray<IrStatement> Reverse,
    EquatableArray<IrStatement> After)
{
    /// <summary>The reverse pass's formula, for the comment above the printed reverse statements (row blocks).</summary>
    public string ReverseMath { get; init; } = string.Empty;

    /// <summary>The name of the loop's sum where it is printed (a row block's lane-wise accumulator is a local of the kernel).</summary>
    public string SumName { get; init; } = "sum";

    /// <summary>
    /// Loops printed at the start of each trip (once, for a block without a loop), before the forward statements: a term's
    /// inner loop that sums into a local (<c>mu += Beta[k] * Y[n - k - 1]</c>), each adding its body to a local named by
    /// its <see cref="SumName"/>, which this block's statements read as a load of that name (a value of this trip, never
    /// hoisted out of it).
    /// </summary>
    public EquatableArray<IrBlock> Prelude { get; init; } = EquatableArray<IrBlock>.Empty;

    /// <summary>
    /// Loops printed after the reverse statements of each trip: the reverse of each <see cref="Prelude"/> loop, which
    /// recomputes its body and takes the adjoint of its sum (a local this block's reverse statements declare, the
    /// gradient of the sum's load) back into its loads (docs/terms.md, "Loops").
    /// </summary>
    public EquatableArray<IrBlock> Postlude { get; init; } = EquatableArray<IrBlock>.Empty;

    /// <summary>
    /// Loops that carry locals from one trip to the next, read by this block after them: each printed forward (with its
    /// tape) before the <see cref="Prelude"/>, and its reverse after the <see cref="Postlude"/>, last first.
    /// </summary>
    public EquatableArray<IrCarried> Carried { get; init; } = EquatableArray<IrCarried>.Empty;

    /// <summary>
    /// The rows of a term's row block (its loads at <c>row</c> registers of rows, Emit/TermEmitter.Rows.cs writing the row
    /// loop from <c>Start</c> to <c>Bound</c> around it); null for any other block.
    /// </summary>
    public IrLoop? Rows { get; init; }
}

/// <summary>
/// <c>for (int Variable = From; Variable &lt; To; Variable++)</c>, or up to <see cref="Bound"/> when the trip count is
/// known only at run time (a declared parameter sized by data: <c>__x_Beta.Length</c>).
/// </summary>
internal sealed record IrLoop(string Variable, int From, int To)
{
    /// <summary>The start of the loop as an expression, instead of <see cref="From"/> (a term's loop from <c>K</c> or <c>n + 1</c>); null for the constant.</summary>
    public string? Start { get; init; }

    /// <summary>The end of the loop as an expression, instead of <see cref="To"/>; null for the constant.</summary>
    public string? Bound { get; init; }

    /// <summary>Whether the trips run from the last down to the first (a carried loop's reverse, <see cref="IrCarried"/>).</summary>
    public bool Descending { get; init; }

    /// <summary>Locals the trips change though they do not name the index (a carried loop's adjoints): nothing reading them is hoisted.</summary>
    public EquatableArray<string> Varying { get; init; } = EquatableArray<string>.Empty;
}
