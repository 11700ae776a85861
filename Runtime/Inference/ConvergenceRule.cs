using System.Numerics;

namespace ModelGen.Inference;

/// <summary>
/// When a fit may stop before its iteration cap. Checked only where the ELBO is estimated (every
/// <see cref="AdviOptions.ElboEvery"/> steps), never on the hot path.
/// </summary>
public abstract record ConvergenceRule
{
    /// <summary>
    /// The default schedule's rule (<see cref="AdviSchedule.Standardized"/>): <see cref="StationaryAverage"/> with its defaults,
    /// which stops once the parameters' running average no longer trends and is known to a small fraction of a posterior sd.
    /// </summary>
    public static ConvergenceRule Default => new StationaryAverage();

    /// <summary>Stan's rule with its defaults: relative ELBO change below 0.01, mean or median over the window. The legacy schedule's.</summary>
    public static ConvergenceRule Stan => new RelativeElboChange();

    /// <summary>
    /// Creates the mutable tracker one fit uses; <paramref name="checks"/> is the most checks the fit can make, <paramref name="dimension"/>
    /// the model's unconstrained dimension d (the parameters are [μ; ρ; λ], μ and ρ d long each).
    /// </summary>
    internal abstract ConvergenceTracker CreateTracker(int checks, int dimension);

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

    internal override ConvergenceTracker CreateTracker(int checks, int dimension) => new ElboTracker(this, Window > 0 ? Window : Math.Max((int)(0.1 * checks), 2));

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

    internal override ConvergenceTracker CreateTracker(int checks, int dimension) => new ParameterTracker(this);

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

/// <summary>
/// Stops a fit when the running average of its iterates has settled, and returns that average (iterate averaging,
/// Polyak and Juditsky 1992) rather than the last, jittering iterate. The driver averages the optimizer's iterates over
/// each block of <see cref="AdviOptions.ElboEvery"/> steps; at each ELBO estimate the block's mean approximation (μ, log σ)
/// joins a window. The fit has converged when, over the window, (1) no coordinate trends: the means of the window's two
/// halves differ by less than a Bonferroni-corrected t threshold of their standard error, and by less than
/// 2·<see cref="Tolerance"/> posterior sds; and (2) the window's average is known to <see cref="Tolerance"/>: every μᵢ's
/// standard error (from the blocks' spread, inflated by their lag-1 autocorrelation) is below <see cref="Tolerance"/>·σᵢ and
/// every log σᵢ's below <see cref="Tolerance"/>. A trend drops the window's older half (the transient has not passed).
/// The tracker also keeps the whole run's block means (coarsened to at most 96 segments) for a longer-horizon check the fit
/// makes after the rule has spoken: a drift between the run's middle and last thirds too slow for the window to see
/// (<see cref="DriftLimit"/>).
/// <para>A posterior with many modes (a neural network's: its units can swap and flip sign) or long ridges has no single
/// optimum the iterates settle on, so the rule above may never be met. After <see cref="PlateauAfter"/> ELBO estimates without
/// it, while the window's average is known to no better than <see cref="PlateauSpread"/> posterior sds (the iterates wander, not
/// settle slowly), the fit also stops when the ELBO has reached a plateau: the least-squares slope over the last half of the
/// estimates, projected over that half again, gains less than <see cref="PlateauGain"/> nats. Such a fit is never called converged: it is
/// <see cref="StopReason.ChecksFailed"/>, its message says that the iterates did not settle and the result is the average of its
/// last 10 blocks, one basin's approximation, to be judged by its predictions.</para>
/// </summary>
/// <param name="Tolerance">The standard error allowed on the averaged means, in posterior sds (and on log σ). Default 0.025.</param>
/// <param name="MinimumBlocks">Blocks in the window before a decision. Default 10.</param>
/// <param name="PlateauAfter">ELBO estimates (blocks) before the plateau stop may apply; 0 never. Default 300 (30,000 iterations at the default <see cref="AdviOptions.ElboEvery"/>:
/// at 10,000, 9 of 20 seeds of the seed network stopped on a flat stretch their ELBO later left, 1.7–3.9 nats below their basin's optimum;
/// at 20,000, 3 of 20; at 30,000, 1 of 20, and the hierarchical network's 20 all reached their basin's optimum: docs/advi-defaults.md,
/// "Networks: right against their own basin"). A minibatch fit never uses it: its iterates jitter
/// with the batches' noise, which is not a network's wandering.</param>
/// <param name="PlateauGain">The projected ELBO gain, in nats, below which the ELBO is on a plateau. Default 1.</param>
public sealed record StationaryAverage(double Tolerance = 0.025, int MinimumBlocks = 10, int PlateauAfter = 300, double PlateauGain = 1) : ConvergenceRule
{
    /// <summary>
    /// The drift between the averages of the run's middle and last thirds, in posterior sds of a mean (or in log σ), above which
    /// (and above three of its standard errors) a fit the rule stopped is not called converged. In the study
    /// (docs/advi-defaults.md) the fits that reached the optimum moved at most 0.23 between those thirds, centred eight
    /// schools' fits, all still drifting, at least 0.41.
    /// </summary>
    internal const double DriftLimit = 0.3;

    /// <summary>
    /// How uncertain (in posterior sds) the window's average must be for the plateau stop: iterates that wander rather than settle,
    /// four times the default <see cref="Tolerance"/> after <see cref="PlateauAfter"/> estimates. In the study (docs/advi-defaults.md)
    /// the networks' windows were uncertain by 0.12–1.3 sds after 20,000 iterations, with the ELBO flat; the unimodal models had
    /// stopped by the rule before then (but one non-centred eight-schools fit, which the rule stopped at 21,100). At 0.35 the
    /// hierarchical network's windows, 0.06–0.34 uncertain while its iterates drifted along its ridges, never qualified, and 5 of
    /// 20 fits ran to the cap on a flat ELBO.
    /// </summary>
    internal const double PlateauSpread = 0.1;

    // The history's segments: at most this many before adjacent pairs merge.
    private const int Segments = 96;

    /// <inheritdoc/>
    public override void Validate()
    {
        if (!double.IsFinite(Tolerance) || Tolerance <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "StationaryAverage.Tolerance must be finite and greater than 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumBlocks, 4, nameof(MinimumBlocks));
        ArgumentOutOfRangeException.ThrowIfNegative(PlateauAfter, nameof(PlateauAfter));
        if (!double.IsFinite(PlateauGain) || PlateauGain <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PlateauGain), PlateauGain, "StationaryAverage.PlateauGain must be finite and greater than 0.");
        }
    }

    internal override ConvergenceTracker CreateTracker(int checks, int dimension) => new AverageTracker(this, dimension);

    private sealed class AverageTracker(StationaryAverage rule, int d) : ConvergenceTracker
    {
        private readonly List<double[]> _blocks = [];

        // The run's block means in segments of _segmentBlocks blocks each (the last one filling), summed; see Drift.
        private readonly List<double[]> _history = [];
        private int _segmentBlocks = 1;
        private int _lastFill;

        // Every ELBO estimate since the start (or the last restart), for the plateau stop.
        private readonly List<double> _elbo = [];
        private double[]? _sum;
        private int _count;
        private double[]? _average;

        internal override bool Averages => true;

        internal override int AveragedBlocks => _blocks.Count;

        internal override double Uncertainty => _uncertainty;

        // The window's worst standard error at the last check (posterior sds); NaN before the window has its minimum blocks.
        private double _uncertainty = double.NaN;

        internal override void Accumulate<T>(ReadOnlySpan<T> iterate)
        {
            _sum ??= new double[iterate.Length];
            for (int i = 0; i < iterate.Length; i++)
            {
                _sum[i] += double.CreateChecked(iterate[i]);
            }

            _count++;
        }

        internal override bool BlockMean<T>(Span<T> destination)
        {
            if (_sum is null || _count == 0)
            {
                return false;
            }

            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = T.CreateChecked(_sum[i] / _count);
            }

            Array.Clear(_sum);
            _count = 0;
            return true;
        }

        private SlowDrift? _drift;

        internal override SlowDrift? Drift => _drift;

        internal override void ClearBlock()
        {
            if (_sum is not null)
            {
                Array.Clear(_sum);
            }

            _count = 0;
        }

        internal override bool Plateau => _plateau;

        private bool _plateau;

        internal override void Restart()
        {
            _blocks.Clear();
            _history.Clear();
            _elbo.Clear();
            (_segmentBlocks, _lastFill) = (1, 0);
            ClearBlock();
        }

        internal override bool Average<T>(Span<T> parameters)
        {
            // Converged: the window the rule accepted; else (the cap reached) the current window's, when it has two blocks.
            if (_average is null && _blocks.Count >= 2)
            {
                int n = _blocks[0].Length;
                _average = new double[n];
                foreach (double[] block in _blocks)
                {
                    for (int i = 0; i < n; i++)
                    {
                        _average[i] += block[i] / _blocks.Count;
                    }
                }
            }

            if (_average is null)
            {
                return false;
            }

            for (int i = 0; i < parameters.Length; i++)
            {
                double v = _average[i];
                parameters[i] = T.CreateChecked(i >= d && i < 2 * d ? AdviStart.InverseSoftplus(Math.Exp(v)) : v);
            }

            return true;
        }

        public override void Save(BinaryWriter writer)
        {
            writer.Write(_count);
            writer.Write(_sum?.Length ?? -1);
            foreach (double v in _sum ?? [])
            {
                writer.Write(v);
            }

            Write(writer, _blocks);
            writer.Write(_segmentBlocks);
            writer.Write(_lastFill);
            Write(writer, _history);
            writer.Write(_elbo.Count);
            _elbo.ForEach(writer.Write);

            static void Write(BinaryWriter writer, List<double[]> list)
            {
                writer.Write(list.Count);
                foreach (double[] block in list)
                {
                    writer.Write(block.Length);
                    foreach (double v in block)
                    {
                        writer.Write(v);
                    }
                }
            }
        }

        public override void Load(BinaryReader reader)
        {
            _count = reader.ReadInt32();
            int length = reader.ReadInt32();
            _sum = length < 0 ? null : new double[length];
            for (int i = 0; i < length; i++)
            {
                _sum![i] = reader.ReadDouble();
            }

            Read(reader, _blocks);
            _segmentBlocks = reader.ReadInt32();
            _lastFill = reader.ReadInt32();
            Read(reader, _history);
            _elbo.Clear();
            int estimates = reader.ReadInt32();
            for (int i = 0; i < estimates; i++)
            {
                _elbo.Add(reader.ReadDouble());
            }

            static void Read(BinaryReader reader, List<double[]> list)
            {
                list.Clear();
                int blocks = reader.ReadInt32();
                for (int b = 0; b < blocks; b++)
                {
                    var block = new double[reader.ReadInt32()];
                    for (int i = 0; i < block.Length; i++)
                    {
                        block[i] = reader.ReadDouble();
                    }

                    list.Add(block);
                }
            }
        }

        public override string? Check<T>(double elbo, ReadOnlySpan<T> parameters)
        {
            // The block's mean approximation, with log σ in place of ρ (λ as it is); for full rank, then each coordinate's log
            // marginal sd (λ moves it, and it is judged as log σ is: L's diagonal alone can settle while the marginals still move).
            int n = parameters.Length;
            int extra = n > 2 * d ? d : 0;
            var z = new double[n + extra];
            for (int i = 0; i < n; i++)
            {
                z[i] = i >= d && i < 2 * d ? Math.Log(double.CreateChecked(MeanField.Sigma(parameters[i]))) : double.CreateChecked(parameters[i]);
            }

            if (extra > 0)
            {
                double[] marginal = Marginal(z);
                for (int i = 0; i < d; i++)
                {
                    z[n + i] = Math.Log(marginal[i]);
                }
            }

            _blocks.Add(z);
            Remember(z);
            _elbo.Add(elbo);
            int k = _blocks.Count;
            if (k < rule.MinimumBlocks)
            {
                return OnPlateau(double.PositiveInfinity);
            }

            int half = k / 2;
            int first = k - (2 * half);
            int m = 2 * d;
            var mean = new double[n + extra];
            double worstTrend = 0;
            double worstChange = 0;
            double worstError = 0;
            bool trending = false;

            // Bonferroni over the judged coordinates (μ, log σ and, for full rank, log marginal sd) at 5 %, as a t quantile with
            // the window's degrees of freedom.
            int judged = m + extra;
            double critical = StudentQuantile(1 - (0.025 / judged), Math.Max(k - 2, 1));
            double[] variance = new double[n + extra];
            double lag = 0;
            for (int j = 0; j < n + extra; j++)
            {
                double sum = 0;
                for (int b = 0; b < k; b++)
                {
                    sum += _blocks[b][j];
                }

                mean[j] = sum / k;
                if (j >= m && j < n)
                {
                    continue;
                }

                double squares = 0;
                double products = 0;
                for (int b = 0; b < k; b++)
                {
                    double e = _blocks[b][j] - mean[j];
                    squares += e * e;
                    products += b > 0 ? e * (_blocks[b - 1][j] - mean[j]) : 0;
                }

                variance[j] = squares / (k - 1);
                lag += squares > 0 ? products / squares : 0;
            }

            // One lag-1 autocorrelation for the window (pooled: a single coordinate's is too noisy with few blocks).
            double r = Math.Clamp(lag / judged, 0, 0.9);
            double inflation = (1 + r) / (1 - r);
            double[] sds = Marginal(mean);
            for (int j = 0; j < n + extra; j++)
            {
                if (j >= m && j < n)
                {
                    continue;
                }

                // μⱼ is judged in posterior sds of its own coordinate (q's marginal sd: for full rank, not L's diagonal, which is
                // the conditional sd and far smaller on a correlated posterior); log σ in its own units.
                double unit = j < d ? sds[j] : 1;
                double early = 0;
                double late = 0;
                for (int b = first; b < first + half; b++)
                {
                    early += _blocks[b][j];
                    late += _blocks[b + half][j];
                }

                double change = Math.Abs(late - early) / half;
                double spread = Math.Sqrt(variance[j] * inflation * 2.0 / half);
                double t = spread > 0 ? change / spread : (change > 0 ? double.PositiveInfinity : 0);
                trending |= t > critical;
                worstTrend = Math.Max(worstTrend, t);
                worstChange = Math.Max(worstChange, change / unit);
                worstError = Math.Max(worstError, Math.Sqrt(variance[j] * inflation / k) / unit);
            }

            _uncertainty = worstError;
            if (trending)
            {
                _blocks.RemoveRange(0, half);
                return OnPlateau(worstError);
            }

            if (worstError >= rule.Tolerance || worstChange >= 2 * rule.Tolerance)
            {
                return OnPlateau(worstError);
            }

            _average = mean;
            _drift = LongDrift(sds, variance, inflation);
            return $"the average of the last {k} blocks of iterates shows no trend (largest change between its halves {worstChange:G2} posterior sds, "
                + $"{worstTrend:F1} standard errors against a threshold of {critical:F1}) and is known to {worstError:G2} posterior sds; the fit is that average";
        }

        /// <summary>
        /// The plateau stop (see <see cref="StationaryAverage"/>): after <see cref="PlateauAfter"/> estimates, when the ELBO's
        /// least-squares slope over the last half of them, projected over that half again, is below <see cref="PlateauGain"/>
        /// nats while the window's average is known to no better than <see cref="PlateauSpread"/> (<paramref name="error"/>, in posterior sds), the
        /// result is the average of the last 10 blocks and the reason in words; else null.
        /// </summary>
        private string? OnPlateau(double error)
        {
            // Only iterates far from settling, as a network's wandering ones are; a slow but settling fit (non-centred eight
            // schools) goes on to the rule.
            int count = _elbo.Count;
            if (rule.PlateauAfter == 0 || count < rule.PlateauAfter || _blocks.Count == 0 || error < PlateauSpread)
            {
                return null;
            }

            int h = count / 2;
            double mx = (h - 1) / 2.0;
            double my = 0;
            for (int i = count - h; i < count; i++)
            {
                my += _elbo[i] / h;
            }

            double sxx = 0;
            double sxy = 0;
            for (int i = 0; i < h; i++)
            {
                sxx += (i - mx) * (i - mx);
                sxy += (i - mx) * (_elbo[count - h + i] - my);
            }

            double gain = sxy / sxx * h;
            if (gain >= rule.PlateauGain)
            {
                return null;
            }

            int last = Math.Min(10, _blocks.Count);
            int n = _blocks[0].Length;
            _average = new double[n];
            for (int b = _blocks.Count - last; b < _blocks.Count; b++)
            {
                for (int i = 0; i < n; i++)
                {
                    _average[i] += _blocks[b][i] / last;
                }
            }

            _plateau = true;
            return $"the ELBO reached a plateau: over its last {h} estimates it rose {gain:F2} nats at its least-squares slope (less than {rule.PlateauGain:G3}) "
                + $"while the averaged iterates never settled (their window's average known only to {error:G2} posterior sds); the fit is the average of its last {last} blocks of iterates";
        }

        /// <summary>
        /// q's marginal sd of each coordinate at the averaged (μ, log σ, λ) <paramref name="z"/>: σᵢ for mean-field,
        /// √(σᵢ² + Σⱼ Lᵢⱼ²) for full rank (row i of L holds λ from offset 2d + i(i − 1)/2).
        /// </summary>
        private double[] Marginal(double[] z)
        {
            var sds = new double[d];
            for (int i = 0; i < d; i++)
            {
                double variance = Math.Exp(2 * z[d + i]);
                int row = (2 * d) + (i * (i - 1) / 2);
                for (int j = 0; j < i && row + j < z.Length; j++)
                {
                    variance += z[row + j] * z[row + j];
                }

                sds[i] = Math.Sqrt(variance);
            }

            return sds;
        }

        /// <summary>Adds a block's (μ, log σ) to the run's history, merging adjacent segments in pairs when there are too many.</summary>
        private void Remember(double[] z)
        {
            int m = 2 * d;
            if (_history.Count == 0 || _lastFill == _segmentBlocks)
            {
                if (_history.Count == Segments)
                {
                    // Every segment is full and there is an even number of them: pairs merge, each segment twice as long.
                    for (int s = 0; s < Segments / 2; s++)
                    {
                        double[] merged = _history[2 * s];
                        double[] next = _history[(2 * s) + 1];
                        for (int j = 0; j < m; j++)
                        {
                            merged[j] += next[j];
                        }

                        _history[s] = merged;
                    }

                    _history.RemoveRange(Segments / 2, Segments / 2);
                    _segmentBlocks *= 2;
                }

                _history.Add(new double[m]);
                _lastFill = 0;
            }

            double[] last = _history[^1];
            for (int j = 0; j < m; j++)
            {
                last[j] += z[j];
            }

            _lastFill++;
        }

        /// <summary>
        /// The longer-horizon check: the averages of the run's middle and last thirds (whole segments), per μᵢ in posterior sds
        /// and per log σᵢ; null when no coordinate moved more than <see cref="DriftLimit"/> and three standard errors (the
        /// window's block variance, inflated as the rule's), else the largest such move.
        /// </summary>
        private SlowDrift? LongDrift(double[] sds, double[] variance, double inflation)
        {
            int full = _lastFill == _segmentBlocks ? _history.Count : _history.Count - 1;
            int third = full / 3;
            if (third == 0 || third * _segmentBlocks < 2)
            {
                return null;
            }

            int blocks = third * _segmentBlocks;
            double worst = 0;
            int where = -1;
            for (int j = 0; j < 2 * d; j++)
            {
                double middle = 0;
                double late = 0;
                for (int s = 0; s < third; s++)
                {
                    middle += _history[full - (2 * third) + s][j];
                    late += _history[full - third + s][j];
                }

                double move = Math.Abs(late - middle) / blocks;
                double unit = j < d ? sds[j] : 1;
                double error = Math.Sqrt(variance[j] * inflation * 2.0 / blocks);
                if (move > 3 * error && move / unit > worst)
                {
                    (worst, where) = (move / unit, j);
                }
            }

            return worst > DriftLimit ? new SlowDrift(where % d, where >= d, worst, blocks) : null;
        }
    }

    /// <summary>The Student-t quantile by the Cornish–Fisher expansion around the normal one (within 1 % from 3 degrees of freedom).</summary>
    internal static double StudentQuantile(double p, double df)
    {
        double z = Diagnostics.NormalQuantile.Of(p);
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        return z + ((z3 + z) / (4 * df)) + (((5 * z5) + (16 * z3) + (3 * z)) / (96 * df * df));
    }
}

/// <summary>A drift <see cref="StationaryAverage"/>'s longer-horizon check saw: the coordinate, whether its log-scale (else its mean)
/// moved, by how much (posterior sds of the mean, or log σ), and how many blocks of iterates each third spans.</summary>
internal readonly record struct SlowDrift(int Coordinate, bool Scale, double Move, int Blocks);

/// <summary>The per-fit state of a <see cref="ConvergenceRule"/>.</summary>
internal abstract class ConvergenceTracker
{
    /// <summary>Whether the driver feeds <see cref="Accumulate"/> every step and <see cref="Check"/> the block's mean approximation.</summary>
    internal virtual bool Averages => false;

    /// <summary>Adds one step's iterate (the optimizer's coordinates) to the current block.</summary>
    internal virtual void Accumulate<T>(ReadOnlySpan<T> iterate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
    }

    /// <summary>Writes the current block's mean iterate and starts a new block; false when the block is empty.</summary>
    internal virtual bool BlockMean<T>(Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T> => false;

    /// <summary>Empties the current block, as <see cref="BlockMean"/> leaves it (the fit went back to the iteration of that call).</summary>
    internal virtual void ClearBlock()
    {
    }

    /// <summary>Blocks in the current window.</summary>
    internal virtual int AveragedBlocks => 0;

    /// <summary>How well the averaging window's mean is known at the last check: its worst standard error in posterior sds (NaN when not measured).</summary>
    internal virtual double Uncertainty => double.NaN;

    /// <summary>Once <see cref="Check"/> has said converged: a drift over the whole run it saw that the window's test did not, in words; else null.</summary>
    internal virtual SlowDrift? Drift => null;

    /// <summary>Once <see cref="Check"/> has said to stop: whether it stopped on the ELBO's plateau with the iterates unsettled (never a converged fit).</summary>
    internal virtual bool Plateau => false;

    /// <summary>Forgets every block (after the fit went back to an earlier state).</summary>
    internal virtual void Restart()
    {
    }

    /// <summary>
    /// Writes the averaged approximation [μ; ρ; λ] the rule converged on, or when it did not, its current window's average;
    /// false when it has none.
    /// </summary>
    internal virtual bool Average<T>(Span<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T> => false;

    /// <summary>Returns why the fit has converged, or null to go on.</summary>
    public abstract string? Check<T>(double elbo, ReadOnlySpan<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Writes the tracker's state, for checkpoints.</summary>
    public abstract void Save(BinaryWriter writer);

    /// <summary>Restores the state <see cref="Save"/> wrote.</summary>
    public abstract void Load(BinaryReader reader);
}
