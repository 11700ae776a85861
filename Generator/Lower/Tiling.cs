using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// The one rule for which dense layers are emitted tiled (Emit/ModelEmitter.DenseTiled.cs: units in SIMD registers
/// by loop, not unrolled one local per unit). Lower records it on each <see cref="DenseNode"/>; the checker's MG2001
/// advice asks the same rule of the spec, before there is a graph.
/// </summary>
internal static class Tiling
{
    /// <summary>Units from which a layer is tiled.</summary>
    public const int Units = 32;

    /// <summary>
    /// Whether a layer of <paramref name="units"/> units is tiled: wide, not read by the likelihood (whose one or few
    /// units the likelihood code reads as registers; a sigmoid folded into the link is such a layer), and not softplus
    /// (whose slope the unrolled form keeps per unit).
    /// </summary>
    public static bool IsTiled(int units, ActivationKind activation, bool readByLikelihood) =>
        units >= Units && activation != ActivationKind.Softplus && !readByLikelihood;
}
