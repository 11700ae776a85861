using System.Numerics;

namespace ModelGen.Inference;

/// <summary>
/// When a fit may stop before its iteration cap. Checked only where the ELBO is estimated (every
/// <see cref="AdviOptions.ElboEvery"/> steps), never on the hot path.
/// </summary>
public abstract record ConvergenceRule
{
    /// <summary>Stan's rule with its defaults: relative ELBO change below 0.01, mean or median over the window.</summary>
    public static ConvergenceRule Default => new RelativeElboChange();

    /// <summary>Creates the mutable tracker one fit uses; <paramref name="checks"/> is the most checks the fit can make.</summary>
    internal abstract ConvergenceTracker CreateTracker(int checks);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of its domain.</summary>
    public abstract void Validate();
}

/// <summary>
/// Stan's ADVI rule: at each ELBO estimate, the relative change |ELBOₖ − ELBOₖ₋₁| / |ELBOₖ| enters a
/// circular window; the fit has converged when the window's mean (or its median) is below
/// <see cref="Tolerance"/>. Stan's window holds max(0.1 · iterations / eval_elbo, 2) changes.
/// </summary>
/// <param name="Tolerance">Stan's <c>tol_rel_obj</c>; default 0.01.</param>
/// <param name="UseMedian">Accept a median below the tolerance as well as a mean (Stan accepts either); default true.</param>
/// <param name="Window">Changes in the window; 0 for Stan's size.</param>
public sealed record RelativeElboChange(double Tolerance = 0.01, bool UseMedian = true, int Window = 0) : ConvergenceRule
{
    /// <inheritdoc/>
    public override void Validate()
    {
        if (!double.IsFinite(Tolerance) || Tolerance <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "RelativeElboChange.Tolerance must be finite and greater than 0.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Window, nameof(Window));
    }

    internal override ConvergenceTracker CreateTracker(int checks) => new ElboTracker(this, Window > 0 ? Window : Math.Max((int)(0.1 * checks), 2));

    private sealed class ElboTracker(RelativeElboChange rule, int window) : ConvergenceTracker
    {
        private readonly double[] _changes = new double[window];
        private readonly double[] _sorted = new double[window];
        private double _previous = double.NaN;
        private int _count;

        public override void Save(BinaryWriter writer)
        {
            writer.Write(_previous);
            writer.Write(_count);
            writer.Write(_changes.Length);
            foreach (double c in _changes)
            {
                writer.Write(c);
            }
        }

        public override void Load(BinaryReader reader)
        {
            _previous = reader.ReadDouble();
            _count = reader.ReadInt32();
            if (reader.ReadInt32() != _changes.Length)
            {
                throw new InvalidDataException("The checkpoint's convergence window differs from this fit's.");
            }

            for (int i = 0; i < _changes.Length; i++)
            {
                _changes[i] = reader.ReadDouble();
            }
        }

        public override string? Check<T>(double elbo, ReadOnlySpan<T> parameters)
        {
            if (!double.IsNaN(_previous))
            {
                _changes[_count % _changes.Length] = Math.Abs((elbo - _previous) / elbo);
                _count++;
            }

            _previous = elbo;
            if (_count < _changes.Length)
            {
                return null;
            }

            double mean = 0;
            foreach (double c in _changes)
            {
                mean += c;
            }

            mean /= _changes.Length;
            if (mean < rule.Tolerance)
            {
                return $"mean relative ELBO change over the last {_changes.Length} estimates is {mean:G3} < {rule.Tolerance:G3}";
            }

            if (rule.UseMedian)
            {
                _changes.CopyTo(_sorted, 0);
                Array.Sort(_sorted);
                int h = _sorted.Length / 2;
                double median = _sorted.Length % 2 == 1 ? _sorted[h] : (_sorted[h - 1] + _sorted[h]) / 2;
                if (median < rule.Tolerance)
                {
                    return $"median relative ELBO change over the last {_changes.Length} estimates is {median:G3} < {rule.Tolerance:G3}";
                }
            }

            return null;
        }
    }
}

/// <summary>
/// PyMC's <c>CheckParametersConvergence</c>: at each check, the largest relative change of any
/// variational parameter (μ and ρ) since the previous check, max |Δ| / |previous|, below
/// <see cref="Tolerance"/>.
/// </summary>
/// <param name="Tolerance">Default 0.001, as PyMC.</param>
public sealed record ParameterChange(double Tolerance = 0.001) : ConvergenceRule
{
    /// <inheritdoc/>
    public override void Validate()
    {
        if (!double.IsFinite(Tolerance) || Tolerance <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "ParameterChange.Tolerance must be finite and greater than 0.");
        }
    }

    internal override ConvergenceTracker CreateTracker(int checks) => new ParameterTracker(this);

    private sealed class ParameterTracker(ParameterChange rule) : ConvergenceTracker
    {
        private double[]? _previous;

        public override void Save(BinaryWriter writer)
        {
            writer.Write(_previous?.Length ?? -1);
            foreach (double v in _previous ?? [])
            {
                writer.Write(v);
            }
        }

        public override void Load(BinaryReader reader)
        {
            int length = reader.ReadInt32();
            _previous = length < 0 ? null : new double[length];
            for (int i = 0; i < length; i++)
            {
                _previous![i] = reader.ReadDouble();
            }
        }

        public override string? Check<T>(double elbo, ReadOnlySpan<T> parameters)
        {
            bool first = _previous is null;
            _previous ??= new double[parameters.Length];
            double largest = 0;
            for (int i = 0; i < parameters.Length; i++)
            {
                double now = double.CreateChecked(parameters[i]);
                if (!first)
                {
                    double before = _previous[i];
                    largest = Math.Max(largest, Math.Abs(now - before) / Math.Max(Math.Abs(before), 1e-12));
                }

                _previous[i] = now;
            }

            return !first && largest < rule.Tolerance ? $"largest relative parameter change is {largest:G3} < {rule.Tolerance:G3}" : null;
        }
    }
}

/// <summary>The per-fit state of a <see cref="ConvergenceRule"/>.</summary>
internal abstract class ConvergenceTracker
{
    /// <summary>Returns why the fit has converged, or null to go on.</summary>
    public abstract string? Check<T>(double elbo, ReadOnlySpan<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Writes the tracker's state, for checkpoints.</summary>
    public abstract void Save(BinaryWriter writer);

    /// <summary>Restores the state <see cref="Save"/> wrote.</summary>
    public abstract void Load(BinaryReader reader);
}

/// <summary>Progress of a fit, reported at each ELBO estimate.</summary>
/// <param name="Iteration">Steps done.</param>
/// <param name="MaxIterations">The cap.</param>
/// <param name="Elbo">The estimate just made.</param>
/// <param name="Elapsed">Wall time of the loop so far.</param>
public readonly record struct AdviProgress(int Iteration, int MaxIterations, double Elbo, TimeSpan Elapsed)
{
    /// <summary>Steps per second so far.</summary>
    public double IterationsPerSecond => Elapsed.TotalSeconds > 0 ? Iteration / Elapsed.TotalSeconds : 0;

    /// <summary>Time to the cap at the rate so far (a fit that converges stops sooner).</summary>
    public TimeSpan Remaining => IterationsPerSecond > 0 ? TimeSpan.FromSeconds((MaxIterations - Iteration) / IterationsPerSecond) : TimeSpan.Zero;
}
