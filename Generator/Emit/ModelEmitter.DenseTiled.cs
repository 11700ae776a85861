using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

// Wide dense layers. The unrolled form (ModelEmitter.Dense.cs) keeps every unit, weight and weight adjoint of a layer in
// its own register: the fastest code while they fit (the seed's 5-unit layers), and all spills beyond ~32 registers
// (at 32 units, 1,024 weights and as many accumulators). A tiled layer instead keeps its units (and their adjoints) in
// a stack buffer of one register per unit, reads its weights from θ inside loops over tiles of units, and accumulates
// its weight adjoints lane-wise in per-thread scratch, reduced once after the row loop as the unrolled form does.
internal sealed partial class ModelEmitter
{
    // Layers at least this many units wide are tiled. Below it the unrolled form wins: its weights are registers, not loads.
    private const int TiledWidth = Tiling.Units;

    // Units per trip of a tiled loop: eight independent multiply-add chains cover the FMA latency (4 cycles, 2 ports).
    private const int UnitTile = 8;

    // Registers of rows whose inputs and ∂u a tiled layer keeps before adding them into its weight adjoints: each
    // accumulator is then loaded and stored once per block rather than once per register (for 128 × 128 weights the
    // accumulators are a megabyte, so that traffic, not the multiply-adds, would set the pace).
    private const int RowBlock = 8;

    /// <summary>Whether <paramref name="layer"/> is emitted tiled: decided in Lower (<see cref="Tiling"/>).</summary>
    private static bool IsTiled(DenseNode layer) => layer.Tiled;

    private bool IsTiledElement(string element) => _graph.Layers.Any(l => l.Name == element && IsTiled(l));

    /// <summary>
    /// Whether <paramref name="layer"/>'s weights are read from θ in loops with lane-wise adjoints in scratch: a tiled layer,
    /// or a narrow one fed by a tiled layer (the output layer of a wide network), whose units stay registers while its loop
    /// runs over the wide input. Unrolled, such a layer would add four statements per input and a register per weight
    /// to the kernel: the JIT's inlining budget then runs out and the SIMD helpers become real calls everywhere.
    /// </summary>
    private bool IsLooped(DenseNode layer) => IsTiled(layer) || IsTiledElement(layer.Source);

    private bool IsTiledParameter(ParameterNode p) =>
        _graph.Layers.Any(l => IsLooped(l) && (l.Weights.Name == p.Name || l.Bias?.Name == p.Name));

    private IEnumerable<DenseNode> TiledLayers => _graph.Layers.Where(IsTiled);

    private IEnumerable<DenseNode> LoopedLayers => _graph.Layers.Where(IsLooped);

    /// <summary>Unit <paramref name="unit"/> of an element as an expression: its register, or a load from a tiled layer's buffer.</summary>
    private string UnitValue(string element, int unit) =>
        IsTiledElement(element) ? "TSimd.Load(in " + TiledUnits(element) + ", " + Offset(unit) + ")" : UnitLocal(element, unit);

    /// <summary>"Hidden1_units": the buffer of a tiled layer's units ("…_adj" for their adjoints).</summary>
    private string TiledUnits(string element) => _names.Tiled(element, "units");

    /// <summary>"Hidden1_W" / "Hidden1_b": a reference to a tiled layer's first weight or bias in θ ("…_adj": in the scratch).</summary>
    private string TiledParameter(ParameterNode p) => _names.Tiled(p.Element, p == _graph.Layers.First(l => l.Name == p.Element).Weights ? "W" : "b");

    /// <summary>The element offset of register <paramref name="index"/> of a buffer: "step * 3".</summary>
    private static string Offset(int index) => index == 0 ? "0" : "step * " + Literal.Of(index);

    /// <summary>
    /// // Parameter 'Hidden2.Weights' (θ[…)), 32×32), tiled: read from θ inside the layer's loops.
    /// ref readonly float Hidden2_W = ref theta[10];
    /// </summary>
    private void EmitTiledParameterReference(ParameterNode p, string source)
    {
        _w.Line("// Parameter '" + p.Name + "' (" + (source == "theta" ? "θ" : source) + "[" + Literal.Of(p.Offset) + ".." + Literal.Of(p.Offset + p.Length) + "), " + Literal.Of(p.Rows) + "×" + Literal.Of(p.Cols) + "), tiled: read from " + (source == "theta" ? "θ" : source) + " inside the layer's loops.");
        _w.Line("ref readonly " + _t + " " + TiledParameter(p) + " = ref " + source + "[" + Literal.Of(p.Offset) + "];");
    }

    // The bytes of one register at the widest width (512 bits): the most one unit's slot in a buffer takes.
    private const int WidestRegisterBytes = 64;

    /// <summary>The name of the span a kernel rents from the thread's KernelScratch when its tiled units are off the stack.</summary>
    private const string KernelScratchLocal = "kernelScratch";

    /// <summary>The tiled layers' units, all layers together: the registers of one buffer of units (and as many adjoints).</summary>
    private int TiledUnitCount => TiledLayers.Sum(l => l.Units);

    /// <summary>
    /// Whether the tiled layers' units and their adjoints (one register each) go on the stack: only while they, with the
    /// values prelude's stack scratch, fit <see cref="StackScratchBytes"/> at the widest register (128 units at most).
    /// Wider, they go in the thread's KernelScratch before the weight adjoints: the stack cannot hold them (100,000 units
    /// take 12.8 MB), and a stack overflow ends the process.
    /// </summary>
    private bool TiledUnitsOnStack => ValuesStackBytes + (2L * TiledUnitCount * WidestRegisterBytes) <= StackScratchBytes;

    /// <summary>
    /// // Tiled layer 'Hidden1': its 32 units for the current register of rows, one register each (and their adjoints).
    /// ref float Hidden1_units = ref MemoryMarshal.GetReference(stackalloc float[32 * TSimd.Count]);
    /// or, past the stack's share, the same buffers at the start of the thread's KernelScratch:
    /// Span&lt;float&gt; kernelScratch = KernelScratch&lt;float&gt;.Rent((2 * 100000 + (TMode.Gradient ? n : 0)) * TSimd.Count);
    /// ref float Hidden1_units = ref MemoryMarshal.GetReference(kernelScratch);
    /// </summary>
    private void EmitTiledBuffers(bool adjoints)
    {
        if (TiledLayers.Any() && !TiledUnitsOnStack)
        {
            EmitTiledBuffersInScratch(adjoints);
            return;
        }

        foreach (DenseNode layer in TiledLayers)
        {
            string size = Literal.Of(layer.Units) + " * TSimd.Count";
            _w.Line("// Tiled layer '" + layer.Name + "': its " + Literal.Of(layer.Units) + " units for the current register of rows, one register each" + (adjoints ? " (and their adjoints)." : "."));
            _w.Line("ref " + _t + " " + TiledUnits(layer.Name) + " = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(stackalloc " + _t + "[" + size + "]);");
            if (adjoints)
            {
                _w.Line("ref " + _t + " " + TiledUnits(layer.Name) + "_adj = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(stackalloc " + _t + "[" + size + "]);");
            }
        }

        if (TiledLayers.Any())
        {
            _w.Line();
        }
    }

    /// <summary>
    /// The tiled units' buffers, too large for the stack, at the start of one rent of the thread's KernelScratch (one rent
    /// per kernel call: a second would reuse the same memory); the density kernel's weight adjoints follow them. Both
    /// buffers of units are rented in either mode, so no reference ever points past the rented memory.
    /// </summary>
    private void EmitTiledBuffersInScratch(bool adjoints)
    {
        int buffers = TiledUnitCount * (adjoints ? 2 : 1);
        string accumulators = adjoints && LoopedLayers.Any() ? " + (TMode.Gradient ? " + Literal.Of(TiledAccumulatorTotal) + " : 0)" : string.Empty;
        _w.Line("// The tiled layers' " + Literal.Of(TiledUnitCount) + " units for the current register of rows, one register each" + (adjoints ? ", and their adjoints" : string.Empty) + ": too many for");
        _w.Line("// the stack, so they live in per-thread scratch (allocated on a thread's first call)" + (accumulators.Length > 0 ? ", before the weight adjoints." : "."));
        _w.Line("global::System.Span<" + _t + "> " + KernelScratchLocal + " = global::ModelGen.Simd.KernelScratch<" + _t + ">.Rent((" + Literal.Of(buffers) + accumulators + ") * TSimd.Count);");
        int at = 0;
        foreach (DenseNode layer in TiledLayers)
        {
            _w.Line("ref " + _t + " " + TiledUnits(layer.Name) + " = ref " + ScratchAt(at) + ";");
            at += layer.Units;
            if (adjoints)
            {
                _w.Line("ref " + _t + " " + TiledUnits(layer.Name) + "_adj = ref " + ScratchAt(at) + ";");
                at += layer.Units;
            }
        }

        _w.Line();

        static string ScratchAt(int at) =>
            at == 0
                ? "global::System.Runtime.InteropServices.MemoryMarshal.GetReference(" + KernelScratchLocal + ")"
                : "global::System.Runtime.CompilerServices.Unsafe.Add(ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(" + KernelScratchLocal + "), " + Literal.Of(at) + " * TSimd.Count)";
    }

    /// <summary>The registers of the weight adjoints and row blocks every looped layer keeps in scratch.</summary>
    private int TiledAccumulatorTotal => LoopedLayers.Sum(l => TiledAccumulatorCount(l) + (IsTiled(l) ? TiledBlockCount(l) : 0));

    /// <summary>The registers of weight adjoints each tiled layer accumulates, in layer order: weights, then biases.</summary>
    private static int TiledAccumulatorCount(DenseNode layer) => (layer.Inputs * layer.Units) + (layer.Bias is null ? 0 : layer.Units);

    /// <summary>The registers a tiled layer keeps per block of rows: <see cref="RowBlock"/> × (inputs + units).</summary>
    private static int TiledBlockCount(DenseNode layer) => RowBlock * (layer.Inputs + layer.Units);

    /// <summary>
    /// // Lane-wise adjoints of the tiled layers' weights: one register per weight, in per-thread scratch.
    /// ref float accumulators = ref MemoryMarshal.GetReference(TMode.Gradient ? KernelScratch&lt;float&gt;.Rent(n * TSimd.Count) : default);
    /// ref float Hidden2_W_adj = ref Unsafe.Add(ref accumulators, 64 * TSimd.Count);
    /// </summary>
    private void EmitTiledAccumulators()
    {
        if (!LoopedLayers.Any())
        {
            return;
        }

        int total = TiledAccumulatorTotal;
        _w.Line("// Lane-wise adjoints of the tiled layers' weights, one register per weight, and each layer's inputs and ∂u over a block");
        _w.Line("// of " + Literal.Of(RowBlock) + " registers of rows: too many for registers or the stack, so they live in per-thread scratch (allocated");
        _w.Line("// on a thread's first call, zeroed on each).");
        string scratch = TiledUnitsOnStack
            ? "global::ModelGen.Simd.KernelScratch<" + _t + ">.Rent(" + Literal.Of(total) + " * TSimd.Count)"
            : KernelScratchLocal + ".Slice(" + Literal.Of(2 * TiledUnitCount) + " * TSimd.Count)";
        _w.Line("ref " + _t + " accumulators = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(TMode.Gradient ? " + scratch + " : default);");
        int at = 0;
        foreach (DenseNode layer in LoopedLayers)
        {
            EmitAccumulatorReference(layer.Weights, at);
            at += layer.Inputs * layer.Units;
            if (layer.Bias is not null)
            {
                EmitAccumulatorReference(layer.Bias, at);
                at += layer.Units;
            }

            if (!IsTiled(layer))
            {
                continue;
            }

            EmitScratchReference(TiledUnits(layer.Name) + "_inputs", at);
            at += RowBlock * layer.Inputs;
            EmitScratchReference(TiledUnits(layer.Name) + "_deltas", at);
            at += RowBlock * layer.Units;
        }
    }

    private void EmitScratchReference(string name, int at) =>
        _w.Line("ref " + _t + " " + name + " = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref accumulators, " + Literal.Of(at) + " * TSimd.Count);");

    private void EmitAccumulatorReference(ParameterNode p, int at) =>
        _w.Line("ref " + _t + " " + TiledParameter(p) + "_adj = ref " + (at == 0 ? "accumulators" : "global::System.Runtime.CompilerServices.Unsafe.Add(ref accumulators, " + Literal.Of(at) + " * TSimd.Count)") + ";");

    /// <summary>
    /// // Reduce the tiled layers' adjoints: Hidden2.Weights.
    /// for (int i = 0; i &lt; 1024; i++) gradient[10 + i] = TSimd.Sum(TSimd.Load(in Hidden2_W_adj, step * (nuint)i)) * scale;
    /// </summary>
    private void EmitTiledGradient()
    {
        bool first = true;
        foreach (DenseNode layer in LoopedLayers)
        {
            foreach (ParameterNode p in new[] { layer.Weights, layer.Bias }.OfType<ParameterNode>())
            {
                if (!first)
                {
                    _w.Line();
                }

                first = false;
                _w.Line("// Reduce the lanes of '" + p.Name + "'s adjoints, as for the registers above.");
                using (_w.Block("for (int i = 0; i < " + Literal.Of(p.Length) + "; i++)"))
                {
                    _w.Line(ValuesGradientSpan + "[" + Literal.Of(p.Offset) + " + i] = TSimd.Sum(TSimd.Load(in " + TiledParameter(p) + "_adj, step * (nuint)i)) * scale;");
                }
            }
        }
    }

    /// <summary>
    /// // Layer 'L': Dense I → U, tanh: tiled, 8 units a trip.
    /// for (nuint j = 0; j &lt; U; j += 8)
    /// {
    ///     TVec u0 = TSimd.Zero; … u7                                   (or the biases)
    ///     for (nuint i = 0; i &lt; I; i++)                               (unrolled when the input is registers)
    ///     {
    ///         TVec input = TSimd.Load(in S_units, step * i);
    ///         u0 = TSimd.MultiplyAdd(input, TSimd.LoadBroadcast(in L_W, i * U + j), u0); … u7
    ///     }
    ///     TSimd.Store(TSimd.Tanh(u0), ref L_units, step * j); … u7
    /// }
    /// </summary>
    private void EmitTiledForward(DenseNode layer)
    {
        _w.Line("// Layer '" + layer.Name + "': " + Describe(layer) + "; tiled: " + Literal.Of(UnitTile) + " units a trip, weights read from θ.");
        EmitUnitTiles(layer.Units, (tile, first) =>
        {
            for (int k = 0; k < tile; k++)
            {
                string start = layer.Bias is null ? "TSimd.Zero" : "TSimd.LoadBroadcast(in " + TiledParameter(layer.Bias) + ", " + Plus(first, k) + ")";
                _w.Line("TVec u" + Literal.Of(k) + " = " + start + ";");
            }

            EmitOverInputs(layer, input => input == null
                ? null
                : Enumerable.Range(0, tile).Select(k =>
                    "u" + Literal.Of(k) + " = TSimd.MultiplyAdd(" + input.Value + ", TSimd.LoadBroadcast(in " + TiledParameter(layer.Weights) + ", " + input.WeightRow + Plus(first, k) + "), u" + Literal.Of(k) + ");"));
            _w.Line();

            for (int k = 0; k < tile; k++)
            {
                string u = "u" + Literal.Of(k);
                string activated = layer.Activation switch
                {
                    ActivationKind.Tanh => "TSimd.Tanh(" + u + ")",
                    ActivationKind.Sigmoid => "TSimd.Sigmoid(" + u + ")",
                    ActivationKind.Relu => "TSimd.Relu(" + u + ")",
                    ActivationKind.Identity => u,
                    _ => throw Unexpected(layer.Activation),
                };
                _w.Line("TSimd.Store(" + activated + ", ref " + TiledUnits(layer.Name) + ", " + At(first, k) + ");");
            }
        });
        _w.Line();
    }

    /// <summary>
    /// // Reverse of layer 'L': d tanh(u) = 1 − t²; tiled, 8 units a trip.
    /// for (nuint j = 0; j &lt; U; j += 8)
    /// {
    ///     TVec t0 = TSimd.Load(in L_units, step * j);
    ///     TVec d0 = TSimd.Multiply(TSimd.Load(in L_units_adj, step * j), TSimd.NegateMultiplyAdd(t0, t0, one)); … d7
    ///     for (nuint i = 0; i &lt; I; i++)                               ∂/∂W[i,j] += in_i · ∂u_j
    ///     { … TSimd.Store(TSimd.MultiplyAdd(input, d0, TSimd.Load(in L_W_adj, …)), ref L_W_adj, …); }
    /// }
    /// then ∂/∂in_i = Σ_j W[i,j] · ∂u_j, 8 inputs a trip (or one register per input when the input is registers).
    /// </summary>
    private void EmitTiledReverse(DenseNode layer, bool inputIsLayer)
    {
        string units = TiledUnits(layer.Name);
        if (layer == TiledLayers.Last())
        {
            EmitRowSlot();
        }

        _w.Line("// Reverse of layer '" + layer.Name + "'" + ActivationRule(layer.Activation) + "; tiled: " + Literal.Of(UnitTile) + " units a trip.");
        _w.Line("// ∂u_j is kept for the block's weight update below" + (layer.Bias is null ? string.Empty : "; ∂/∂b[j] += ∂u_j lane-wise in the scratch accumulators") + ".");
        EmitUnitTiles(layer.Units, (tile, first) =>
        {
            for (int k = 0; k < tile; k++)
            {
                string at = At(first, k);
                string d = "d" + Literal.Of(k);
                string adjoint = "TSimd.Load(in " + units + "_adj, " + at + ")";
                string t = "t" + Literal.Of(k);
                switch (layer.Activation)
                {
                    case ActivationKind.Tanh:
                        _w.Line("TVec " + t + " = TSimd.Load(in " + units + ", " + at + ");");
                        _w.Line("TVec " + d + " = TSimd.Multiply(" + adjoint + ", TSimd.NegateMultiplyAdd(" + t + ", " + t + ", one));");
                        break;
                    case ActivationKind.Sigmoid:
                        _w.Line("TVec " + t + " = TSimd.Load(in " + units + ", " + at + ");");
                        _w.Line("TVec " + d + " = TSimd.Multiply(" + adjoint + ", TSimd.Multiply(" + t + ", TSimd.Subtract(one, " + t + ")));");
                        break;
                    case ActivationKind.Relu:
                        _w.Line("TVec " + d + " = TSimd.Multiply(" + adjoint + ", TSimd.Step(TSimd.Load(in " + units + ", " + at + ")));");
                        break;
                    case ActivationKind.Identity:
                        _w.Line("TVec " + d + " = " + adjoint + ";");
                        break;
                    default:
                        throw Unexpected(layer.Activation);
                }

                if (inputIsLayer && layer.Activation != ActivationKind.Identity)
                {
                    // Kept for the input's adjoint below, which runs over all units.
                    _w.Line("TSimd.Store(" + d + ", ref " + units + "_adj, " + at + ");");
                }
            }

            string deltas = units + "_deltas";
            for (int k = 0; k < tile; k++)
            {
                _w.Line("TSimd.Store(d" + Literal.Of(k) + ", ref " + deltas + ", step * (slot * " + Literal.Of(layer.Units) + " + " + Plus(first, k) + "));");
            }

            if (layer.Bias is not null)
            {
                string bias = TiledParameter(layer.Bias) + "_adj";
                for (int k = 0; k < tile; k++)
                {
                    string at = At(first, k);
                    _w.Line("TSimd.Store(TSimd.Add(TSimd.Load(in " + bias + ", " + at + "), d" + Literal.Of(k) + "), ref " + bias + ", " + at + ");");
                }
            }
        });

        _w.Line();
        EmitKeepInputs(layer);
        _w.Line();
        EmitBlockWeightAdjoints(layer);
        if (inputIsLayer)
        {
            _w.Line();
            EmitTiledInputAdjoint(layer);
        }
    }

    /// <summary>
    /// nuint slot = row / step % 8;   (once, before the first tiled reverse: which register of its block this one is)
    /// </summary>
    private void EmitRowSlot()
    {
        _w.Line("// This register's place in its block of " + Literal.Of(RowBlock) + ": tiled layers add their weight adjoints once per block.");
        _w.Line("nuint slot = row / step % " + Literal.Of(RowBlock) + ";");
    }

    /// <summary>Copies the layer's inputs for this register into its block buffer, beside the ∂u the tile loop kept.</summary>
    private void EmitKeepInputs(DenseNode layer)
    {
        string inputs = TiledUnits(layer.Name) + "_inputs";
        string i = Literal.Of(layer.Inputs);
        _w.Line("// This register's inputs, beside its ∂u, for the block's weight update below.");
        if (IsTiledElement(layer.Source))
        {
            using (_w.Block("for (nuint i = 0; i < " + i + "; i++)"))
            {
                _w.Line("TSimd.Store(TSimd.Load(in " + TiledUnits(layer.Source) + ", step * i), ref " + inputs + ", step * (slot * " + i + " + i));");
            }

            return;
        }

        for (int k = 0; k < layer.Inputs; k++)
        {
            _w.Line("TSimd.Store(" + UnitLocal(layer.Source, k) + ", ref " + inputs + ", step * (slot * " + i + (k == 0 ? string.Empty : " + " + Literal.Of(k)) + "));");
        }
    }

    /// <summary>
    /// if (slot == 7 || row + step &gt;= end)      after a whole block, or the last register
    ///     for each tile of 8 units j, each input i: ∂/∂W[i, j…j+7] += Σ_s inputs[s, i] · deltas[s, j…j+7]
    /// </summary>
    private void EmitBlockWeightAdjoints(DenseNode layer)
    {
        string units = TiledUnits(layer.Name);
        string weights = TiledParameter(layer.Weights) + "_adj";
        string u = Literal.Of(layer.Units);
        string inputCount = Literal.Of(layer.Inputs);
        _w.Line("// After a whole block (or the last register): ∂/∂W[i,j] += Σ over the block's registers of in_i · ∂u_j.");
        using (_w.Block("if (slot == " + Literal.Of(RowBlock - 1) + " || row + step >= end)"))
        {
            EmitUnitTiles(layer.Units, (tile, first) =>
            {
                using (_w.Block("for (nuint i = 0; i < " + inputCount + "; i++)"))
                {
                    for (int k = 0; k < tile; k++)
                    {
                        _w.Line("TVec g" + Literal.Of(k) + " = TSimd.Load(in " + weights + ", step * (i * " + u + " + " + Plus(first, k) + "));");
                    }

                    using (_w.Block("for (nuint s = 0; s <= slot; s++)"))
                    {
                        _w.Line("TVec input = TSimd.Load(in " + units + "_inputs, step * (s * " + inputCount + " + i));");
                        for (int k = 0; k < tile; k++)
                        {
                            _w.Line("g" + Literal.Of(k) + " = TSimd.MultiplyAdd(input, TSimd.Load(in " + units + "_deltas, step * (s * " + u + " + " + Plus(first, k) + ")), g" + Literal.Of(k) + ");");
                        }
                    }


                    for (int k = 0; k < tile; k++)
                    {
                        _w.Line("TSimd.Store(g" + Literal.Of(k) + ", ref " + weights + ", step * (i * " + u + " + " + Plus(first, k) + "));");
                    }
                }
            });
        }
    }

    /// <summary>∂/∂in_i = Σ_j W[i,j] · ∂u_j: into the input layer's registers, or its buffer 8 inputs a trip when it is tiled too.</summary>
    private void EmitTiledInputAdjoint(DenseNode layer)
    {
        string units = TiledUnits(layer.Name);
        string w = TiledParameter(layer.Weights);
        string u = Literal.Of(layer.Units);
        _w.Line("// ∂/∂in_i = Σ_j W[i,j] · ∂u_j" + (IsTiledElement(layer.Source) ? ", " + Literal.Of(UnitTile) + " inputs a trip." : "."));
        if (!IsTiledElement(layer.Source))
        {
            // A few inputs in registers: one chain each over the units.
            for (int i = 0; i < layer.Inputs; i++)
            {
                _w.Line("TVec " + UnitLocal(layer.Source, i) + "_adj = TSimd.Zero;");
            }

            using (_w.Block("for (nuint j = 0; j < " + u + "; j++)"))
            {
                _w.Line("TVec adjoint = TSimd.Load(in " + units + "_adj, step * j);");
                for (int i = 0; i < layer.Inputs; i++)
                {
                    string adj = UnitLocal(layer.Source, i) + "_adj";
                    _w.Line(adj + " = TSimd.MultiplyAdd(TSimd.LoadBroadcast(in " + w + ", " + (i == 0 ? string.Empty : Literal.Of(i * layer.Units) + " + ") + "j), adjoint, " + adj + ");");
                }
            }

            return;
        }

        string source = TiledUnits(layer.Source);
        EmitTiles(layer.Inputs, "i", (tile, first) =>
        {
            for (int k = 0; k < tile; k++)
            {
                _w.Line("TVec a" + Literal.Of(k) + " = TSimd.Zero;");
            }

            using (_w.Block("for (nuint j = 0; j < " + u + "; j++)"))
            {
                _w.Line("TVec adjoint = TSimd.Load(in " + units + "_adj, step * j);");
                for (int k = 0; k < tile; k++)
                {
                    string row = (k == 0 ? first : "(" + Plus(first, k) + ")") + " * " + u + " + j";
                    _w.Line("a" + Literal.Of(k) + " = TSimd.MultiplyAdd(TSimd.LoadBroadcast(in " + w + ", " + row + "), adjoint, a" + Literal.Of(k) + ");");
                }
            }


            for (int k = 0; k < tile; k++)
            {
                _w.Line("TSimd.Store(a" + Literal.Of(k) + ", ref " + source + "_adj, " + At(first, k) + ");");
            }
        });
    }

    /// <summary>
    /// // Layer 'Output': Dense 128 → 1, identity, no bias; its input is tiled: one loop over the inputs.
    /// TVec Output_0 = TSimd.Zero;                                  (or the bias)
    /// for (nuint i = 0; i &lt; 128; i++)
    /// {
    ///     TVec input = TSimd.Load(in Hidden2_units, step * i);
    ///     Output_0 = TSimd.MultiplyAdd(input, TSimd.LoadBroadcast(in Output_W, i * 1), Output_0);
    /// }
    /// Output_0 = activation(Output_0);                             (as the unrolled form)
    /// </summary>
    private void EmitLoopedForward(DenseNode layer)
    {
        _w.Line("// Layer '" + layer.Name + "': " + Describe(layer) + "; its input is tiled: one loop over the inputs, weights read from θ.");
        for (int j = 0; j < layer.Units; j++)
        {
            string start = layer.Bias is null ? "TSimd.Zero" : "TSimd.LoadBroadcast(in " + TiledParameter(layer.Bias) + ", " + Literal.Of(j) + ")";
            _w.Line("TVec " + UnitLocal(layer.Name, j) + " = " + start + ";");
        }

        EmitOverInputs(layer, input => input == null
            ? null
            : Enumerable.Range(0, layer.Units).Select(j =>
                UnitLocal(layer.Name, j) + " = TSimd.MultiplyAdd(" + input.Value + ", TSimd.LoadBroadcast(in " + TiledParameter(layer.Weights) + ", " + input.WeightRow + Literal.Of(j) + "), " + UnitLocal(layer.Name, j) + ");"));
        _w.Line();
        EmitActivations(layer);
        _w.Line();
    }

    /// <summary>
    /// // Reverse of layer 'Output' (input tiled): the activation's rule per unit as the unrolled form, then one loop over the
    /// // inputs for ∂/∂W[i,j] += in_i · ∂u_j (lane-wise in scratch) and ∂/∂in_i = Σ_j W[i,j] · ∂u_j (into the input's buffer).
    /// </summary>
    private void EmitLoopedReverse(DenseNode layer)
    {
        _w.Line("// Reverse of layer '" + layer.Name + "'" + ActivationRule(layer.Activation) + "; its input is tiled: one loop over the inputs.");
        EmitActivationAdjoints(layer);
        string weights = TiledParameter(layer.Weights);
        string source = TiledUnits(layer.Source);
        _w.Line("// ∂/∂W[i,j] += in_i · ∂u_j, lane-wise in the scratch accumulators; ∂/∂in_i = Σ_j W[i,j] · ∂u_j.");
        using (_w.Block("for (nuint i = 0; i < " + Literal.Of(layer.Inputs) + "; i++)"))
        {
            _w.Line("TVec input = TSimd.Load(in " + source + ", step * i);");
            for (int j = 0; j < layer.Units; j++)
            {
                string at = "step * (i * " + Literal.Of(layer.Units) + " + " + Literal.Of(j) + ")";
                _w.Line("TSimd.Store(TSimd.MultiplyAdd(input, " + UnitLocal(layer.Name, j) + "_adj, TSimd.Load(in " + weights + "_adj, " + at + ")), ref " + weights + "_adj, " + at + ");");
            }

            string sum = "TSimd.Multiply(TSimd.LoadBroadcast(in " + weights + ", i * " + Literal.Of(layer.Units) + "), " + UnitLocal(layer.Name, 0) + "_adj)";
            for (int j = 1; j < layer.Units; j++)
            {
                sum = "TSimd.MultiplyAdd(TSimd.LoadBroadcast(in " + weights + ", i * " + Literal.Of(layer.Units) + " + " + Literal.Of(j) + "), " + UnitLocal(layer.Name, j) + "_adj, " + sum + ")";
            }

            _w.Line("TSimd.Store(" + sum + ", ref " + source + "_adj, step * i);");
        }

        if (layer.Bias is not null)
        {
            string bias = TiledParameter(layer.Bias) + "_adj";
            for (int j = 0; j < layer.Units; j++)
            {
                _w.Line("TSimd.Store(TSimd.Add(TSimd.Load(in " + bias + ", " + Offset(j) + "), " + UnitLocal(layer.Name, j) + "_adj), ref " + bias + ", " + Offset(j) + ");");
            }
        }
    }

    /// <summary>One input of a tiled layer inside its loops: its value and the offset of its row of weights ("i * 32 + ", "64 + ").</summary>
    private sealed record TiledInput(string Value, string WeightRow);

    /// <summary>
    /// The body <paramref name="perInput"/> writes for every input: in a loop over a tiled input's buffer, or unrolled over
    /// an input held in registers (a narrow layer or the input features).
    /// </summary>
    private void EmitOverInputs(DenseNode layer, System.Func<TiledInput?, IEnumerable<string>?> perInput)
    {
        string u = Literal.Of(layer.Units);
        if (IsTiledElement(layer.Source))
        {
            using (_w.Block("for (nuint i = 0; i < " + Literal.Of(layer.Inputs) + "; i++)"))
            {
                _w.Line("TVec input = TSimd.Load(in " + TiledUnits(layer.Source) + ", step * i);");
                foreach (string line in perInput(new TiledInput("input", "i * " + u + " + ")) ?? Enumerable.Empty<string>())
                {
                    _w.Line(line);
                }
            }

            return;
        }

        for (int i = 0; i < layer.Inputs; i++)
        {
            string row = i == 0 ? string.Empty : Literal.Of(i * layer.Units) + " + ";
            foreach (string line in perInput(new TiledInput(UnitValue(layer.Source, i), row)) ?? Enumerable.Empty<string>())
            {
                _w.Line(line);
            }
        }
    }

    /// <summary>Loops over units in tiles of <see cref="UnitTile"/>, then one block for the remainder.</summary>
    private void EmitUnitTiles(int units, System.Action<int, string> body) => EmitTiles(units, "j", body);

    /// <summary>
    /// for (nuint v = 0; v &lt; whole; v += 8) { body(8, "v") }   and, when count is not a multiple of 8,
    /// { nuint v = whole; body(rest, "v") }. The body gets the tile's size and the name of its first index.
    /// </summary>
    private void EmitTiles(int count, string index, System.Action<int, string> body)
    {
        int whole = count / UnitTile * UnitTile;
        if (whole > 0)
        {
            using (_w.Block("for (nuint " + index + " = 0; " + index + " < " + Literal.Of(whole) + "; " + index + " += " + Literal.Of(UnitTile) + ")"))
            {
                body(UnitTile, index);
            }
        }

        if (count > whole)
        {
            if (whole > 0)
            {
                _w.Line();
            }

            _w.Line("// The last " + Literal.Of(count - whole) + ".");
            using (_w.Block())
            {
                _w.Line("nuint " + index + " = " + Literal.Of(whole) + ";");
                body(count - whole, index);
            }
        }
    }

    private static string Plus(string first, int k) => k == 0 ? first : first + " + " + Literal.Of(k);

    /// <summary>The element offset of register first + k of a buffer: "step * j", "step * (j + 3)".</summary>
    private static string At(string first, int k) => k == 0 ? "step * " + first : "step * (" + first + " + " + Literal.Of(k) + ")";
}
