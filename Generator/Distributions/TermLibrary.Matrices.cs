using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Generator.Distributions;

// The linear algebra of terms (docs/terms.md step 5; docs/architecture.md, "Local matrices in terms"): each whole-object
// call's arguments, the runtime function its forward calls and the one reverse rule its adjoint calls. The parser asks
// which calls exist and what each argument is; Lower/TermLowering.Matrices.cs orders them and Emit/TermEmitter.Matrices.cs
// prints what is written here, so each operation's forward and reverse is written once.
internal static partial class TermLibrary
{
    /// <summary>What an argument of a whole-object call is.</summary>
    internal enum MatrixArgument
    {
        /// <summary>A real [Data] vector, whole (no adjoint: data).</summary>
        DataVector,

        /// <summary>A local matrix the call reads.</summary>
        Reads,

        /// <summary>The local matrix the call writes: a new value of that local (a new matrix in scratch).</summary>
        Writes,

        /// <summary>A real expression; its adjoint comes back from the reverse rule and is taken on into what it reads.</summary>
        Scalar,
    }

    /// <summary>
    /// How one argument is printed: its value (a data field, a matrix's span, a scalar's local) and where its adjoint is
    /// (a matrix's adjoint span, a scalar's one-element adjoint span; null for data).
    /// </summary>
    internal sealed record MatrixOperand(string Value, string? Adjoint);

    /// <summary>
    /// A whole-object call: its arguments' kinds and names (in the C# call's order); <see cref="Forward"/> prints the
    /// forward call (a statement; for a call with a value, the expression of that value; for one that can fail, a bool
    /// expression, false where the point is outside the model), <see cref="Reverse"/> the reverse rule, given the element
    /// type, the operands, the value's adjoint (one-element span, null for a statement) and the call's scratch.
    /// <see cref="Scratch"/> is the scratch it needs as a C# int expression of its operands' values (null: none).
    /// </summary>
    internal sealed record MatrixFunction(
        string Name,
        IReadOnlyList<(MatrixArgument Kind, string Name)> Arguments,
        bool HasValue,
        bool CanFail,
        System.Func<string, IReadOnlyList<MatrixOperand>, string, string> Forward,
        System.Func<string, IReadOnlyList<MatrixOperand>, string?, string, string> Reverse,
        System.Func<IReadOnlyList<MatrixOperand>, string>? Scratch);

    private const string Runtime = "global::ModelGen.Terms.";

    private static readonly Dictionary<string, MatrixFunction> s_matrices = new MatrixFunction[]
    {
        // K_ij = α² exp(−(x_i − x_j)²/(2ρ²)); reverse: ᾱ += Σ K̄_ij·2K_ij/α, ρ̄ += Σ K̄_ij·K_ij·(x_i − x_j)²/ρ³ (K recomputed).
        new(
            "ExpQuadCovariance",
            new[] { (MatrixArgument.DataVector, "x"), (MatrixArgument.Scalar, "alpha"), (MatrixArgument.Scalar, "rho"), (MatrixArgument.Writes, "k") },
            HasValue: false,
            CanFail: false,
            (t, o, _) => Runtime + "Covariance.ExpQuadratic<" + t + ">(" + o[0].Value + ", " + o[1].Value + ", " + o[2].Value + ", " + o[3].Value + ")",
            (t, o, _, _) => Runtime + "Covariance.ExpQuadraticReverse<" + t + ">(" + o[0].Value + ", " + o[1].Value + ", " + o[2].Value + ", " + o[3].Adjoint + ", ref " + o[1].Adjoint + "[0], ref " + o[2].Adjoint + "[0]);",
            null),

        // A = L Lᵀ; false (log p = −∞) where A is not positive definite; reverse: Murray 2016's unblocked rule into Ā's lower triangle.
        new(
            "CholeskyDecompose",
            new[] { (MatrixArgument.Reads, "a"), (MatrixArgument.Writes, "l") },
            HasValue: false,
            CanFail: true,
            (t, o, _) => Runtime + "LinearAlgebra.CholeskyDecompose<" + t + ">(" + o[0].Value + ", " + o[1].Value + ")",
            (t, o, _, _) => Runtime + "LinearAlgebra.CholeskyDecomposeReverse<" + t + ">(" + o[1].Value + ", " + o[1].Adjoint + ", " + o[0].Adjoint + ");",
            null),

        // log N(y | μ·1, L Lᵀ); reverse: the same call with the value's adjoint as its seed, into μ̄ and L̄.
        new(
            "MultiNormalCholesky",
            new[] { (MatrixArgument.DataVector, "y"), (MatrixArgument.Scalar, "mu"), (MatrixArgument.Reads, "l") },
            HasValue: true,
            CanFail: false,
            (t, o, scratch) => Runtime + "MatrixCalls.MultiNormalCholesky<" + t + ">(" + o[0].Value + ", " + o[1].Value + ", " + o[2].Value + ", " + scratch + ", " + (t == "float" ? "1f" : "1d") + ", ref " + o[1].Adjoint + "[0], default)",
            (t, o, adjoint, scratch) => Runtime + "MatrixCalls.MultiNormalCholesky<" + t + ">(" + o[0].Value + ", " + o[1].Value + ", " + o[2].Value + ", " + scratch + ", " + adjoint + "[0], ref " + o[1].Adjoint + "[0], " + o[2].Adjoint + ");",
            o => Runtime + "MatrixCalls.MultiNormalCholeskyScratch(" + o[0].Value + ".Length)"),
    }.ToDictionary(f => f.Name);

    /// <summary>The whole-object calls a term may write, for messages.</summary>
    public static IEnumerable<string> MatrixFunctions => s_matrices.Keys;

    /// <summary>Whether <paramref name="function"/> is a whole-object call.</summary>
    public static bool IsMatrixFunction(string function) => s_matrices.ContainsKey(function);

    /// <summary>The whole-object call <paramref name="function"/>.</summary>
    public static MatrixFunction Matrix(string function) => s_matrices[function];

    /// <summary>"ExpQuadCovariance(x, alpha, rho, k)": a whole-object call's arguments by name, for messages.</summary>
    public static string MatrixSignature(string function) => function + "(" + string.Join(", ", s_matrices[function].Arguments.Select(a => a.Name)) + ")";
}
