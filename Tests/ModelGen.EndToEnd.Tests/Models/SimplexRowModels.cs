namespace ModelGen.EndToEnd.Tests.Models;

// [SimplexRows] matrices (docs/terms.md, "Constraint kinds") with a Dirichlet prior on each row, from a data vector
// (every row's), a data matrix (row k's from row k) and a constant, in double and float (SimplexRowTests). Sample 5,
// the hidden Markov model with simplex rows, is StanTermModels.cs's HiddenMarkovTwoStates.

/// <summary>Three simplex-row matrices with Dirichlet priors from a data vector, a data matrix and a constant.</summary>
[Model<double>]
public partial class SimplexRowPriorsD
{
    [Data(Min = 1)] public partial int K { get; }

    [Data(Min = 1)] public partial int V { get; }

    [Data(Min = 0)] public partial ReadOnlySpan<double> Alpha { get; }

    [Data(Min = 0)] public partial Matrix<double> Beta { get; }

    [SimplexRows, Dirichlet(nameof(Alpha)), Size(nameof(K), nameof(K))] public partial Matrix<double> Theta { get; }

    [SimplexRows, Dirichlet(nameof(Beta)), Size(nameof(K), nameof(V))] public partial Matrix<double> Phi { get; }

    [SimplexRows, Dirichlet(1.5), Size(3, 2)] public partial Matrix<double> Rho { get; }
}

/// <summary><see cref="SimplexRowPriorsD"/> in float.</summary>
[Model<float>]
public partial class SimplexRowPriorsF
{
    [Data(Min = 1)] public partial int K { get; }

    [Data(Min = 1)] public partial int V { get; }

    [Data(Min = 0)] public partial ReadOnlySpan<float> Alpha { get; }

    [Data(Min = 0)] public partial Matrix<float> Beta { get; }

    [SimplexRows, Dirichlet(nameof(Alpha)), Size(nameof(K), nameof(K))] public partial Matrix<float> Theta { get; }

    [SimplexRows, Dirichlet(nameof(Beta)), Size(nameof(K), nameof(V))] public partial Matrix<float> Phi { get; }

    [SimplexRows, Dirichlet(1.5), Size(3, 2)] public partial Matrix<float> Rho { get; }
}
