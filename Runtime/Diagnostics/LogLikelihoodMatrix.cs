using System.Globalization;

namespace ModelGen.Diagnostics;

/// <summary>
/// The pointwise log-likelihood of a fit: log p(yᵢ | θˢ) for every draw s and observation i, the input of
/// <see cref="Loo"/> (loo's <c>log_lik</c> matrix, S draws by N observations). Draws are stored chain after chain,
/// every chain the same length, as loo's <c>chain_id</c> describes them.
/// </summary>
public sealed class LogLikelihoodMatrix
{
    // Observation-major: the S values of observation i are contiguous, which is how every LOO computation reads them.
    private readonly double[] _byObservation;

    /// <summary>
    /// Copies <paramref name="values"/>, draw-major (draw s's N values at [s·N, (s + 1)·N)), as a model writes them
    /// draw by draw.
    /// </summary>
    /// <param name="values">S·N finite values.</param>
    /// <param name="draws">S, all chains together.</param>
    /// <param name="observations">N.</param>
    /// <param name="chains">How many chains the draws came from, in order (1 for independent draws).</param>
    /// <exception cref="ArgumentException">The sizes disagree, or a value is not finite (the message names its draw and observation).</exception>
    public LogLikelihoodMatrix(ReadOnlySpan<double> values, int draws, int observations, int chains = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(observations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        if (draws % chains != 0)
        {
            throw new ArgumentException($"{draws.ToString(CultureInfo.InvariantCulture)} draws do not split into {chains.ToString(CultureInfo.InvariantCulture)} chains of equal length.", nameof(chains));
        }

        if ((long)draws * observations != values.Length)
        {
            throw new ArgumentException($"The log-likelihood has {values.Length.ToString(CultureInfo.InvariantCulture)} values; {draws.ToString(CultureInfo.InvariantCulture)} draws × {observations.ToString(CultureInfo.InvariantCulture)} observations need {((long)draws * observations).ToString(CultureInfo.InvariantCulture)}.", nameof(values));
        }

        _byObservation = new double[values.Length];
        for (int s = 0; s < draws; s++)
        {
            for (int i = 0; i < observations; i++)
            {
                double v = values[(s * observations) + i];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"The log-likelihood of observation {i.ToString(CultureInfo.InvariantCulture)} at draw {s.ToString(CultureInfo.InvariantCulture)} is {v.ToString(CultureInfo.InvariantCulture)}; LOO and WAIC need finite values (as loo).", nameof(values));
                }

                _byObservation[(i * draws) + s] = v;
            }
        }

        Draws = draws;
        Observations = observations;
        Chains = chains;
    }

    // Takes an observation-major array as it is (already checked: sums of finite values by ByGroup).
    private LogLikelihoodMatrix(int draws, int observations, int chains, double[] byObservation)
    {
        _byObservation = byObservation;
        Draws = draws;
        Observations = observations;
        Chains = chains;
    }

    /// <summary>As the span constructor, from an S × N array (rows are draws).</summary>
    public LogLikelihoodMatrix(double[,] values, int chains = 1)
        : this(Flatten(values), values.GetLength(0), values.GetLength(1), chains)
    {
    }

    /// <summary>S, the draws of all chains.</summary>
    public int Draws { get; }

    /// <summary>N, the observations (rows, or groups when a group is left out at a time).</summary>
    public int Observations { get; }

    /// <summary>The chains the draws came from.</summary>
    public int Chains { get; }

    /// <summary>Draws per chain.</summary>
    public int DrawsPerChain => Draws / Chains;

    /// <summary>log p(y_<paramref name="observation"/> | θ^<paramref name="draw"/>).</summary>
    public double this[int draw, int observation] => Observation(observation)[draw];

    /// <summary>The S values of one observation, chain after chain.</summary>
    public ReadOnlySpan<double> Observation(int observation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(observation);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(observation, Observations);
        return _byObservation.AsSpan(observation * Draws, Draws);
    }

    /// <summary>
    /// The log-likelihood of each group at each draw, the sum of its observations' (leave-one-group-out: PSIS-LOO of
    /// the result leaves out one group at a time); group g is observation g of the result, the chains as here.
    /// </summary>
    /// <exception cref="ArgumentException">The grouping covers another number of observations than this matrix.</exception>
    public LogLikelihoodMatrix ByGroup(LooGroups groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Observations != Observations)
        {
            throw new ArgumentException($"Grouping '{groups.Name}' groups {groups.Observations.ToString(CultureInfo.InvariantCulture)} observations; the log-likelihood has {Observations.ToString(CultureInfo.InvariantCulture)}.", nameof(groups));
        }

        // Each group's sum is taken over its observations in order, draw by draw.
        var byGroup = new double[groups.Levels * Draws];
        ReadOnlySpan<int> groupOf = groups.GroupOfObservation;
        for (int i = 0; i < Observations; i++)
        {
            Span<double> sum = byGroup.AsSpan(groupOf[i] * Draws, Draws);
            ReadOnlySpan<double> values = Observation(i);
            for (int s = 0; s < Draws; s++)
            {
                sum[s] += values[s];
            }
        }

        return new LogLikelihoodMatrix(Draws, groups.Levels, Chains, byGroup);
    }

    private static double[] Flatten(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var flat = new double[values.Length];
        int n = values.GetLength(1);
        for (int s = 0; s < values.GetLength(0); s++)
        {
            for (int i = 0; i < n; i++)
            {
                flat[(s * n) + i] = values[s, i];
            }
        }

        return flat;
    }
}
