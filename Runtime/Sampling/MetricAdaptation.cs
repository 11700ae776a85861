namespace ModelGen.Sampling;

/// <summary>
/// Stan's windowed estimation of a diagonal inverse metric during warm-up (<c>windowed_adaptation</c> with
/// <c>var_adaptation</c>): after an initial buffer of step-size-only iterations, the variance of the draws is
/// estimated (Welford) in windows of 25, 50, 100, … iterations, the last one stretched to the terminal buffer; at
/// the end of each window the metric becomes the regularised variance (n/(n+5))·var + 10⁻³·5/(n+5) and the
/// estimator restarts.
/// </summary>
internal sealed partial class MetricAdaptation
{
    private readonly int _warmup;
    private readonly int _initBuffer;
    private readonly int _termBuffer;
    private readonly int _baseWindow;
    private readonly double[] _mean;
    private readonly double[] _m2;
    private int _samples;
    private int _counter;
    private int _windowSize;
    private int _nextWindow;

    public MetricAdaptation(int dimension, int warmup, int initBuffer, int termBuffer, int baseWindow)
    {
        _mean = new double[dimension];
        _m2 = new double[dimension];
        _warmup = warmup;
        if (warmup < 20)
        {
            // Stan estimates no metric for fewer than 20 warm-up iterations.
            Enabled = false;
            return;
        }

        Enabled = true;
        if (initBuffer + baseWindow + termBuffer > warmup)
        {
            // Too short for the configured stages: Stan's fallback of 15 % / 75 % / 10 %.
            _initBuffer = (int)(0.15 * warmup);
            _termBuffer = (int)(0.1 * warmup);
            _baseWindow = warmup - (_initBuffer + _termBuffer);
        }
        else
        {
            _initBuffer = initBuffer;
            _termBuffer = termBuffer;
            _baseWindow = baseWindow;
        }

        _windowSize = _baseWindow;
        _nextWindow = _initBuffer + _windowSize - 1;
    }

    /// <summary>False when warm-up is too short to estimate a metric.</summary>
    public bool Enabled { get; }

    /// <summary>
    /// Adds the draw <paramref name="q"/> if the current iteration is inside a window; at a window's end writes the
    /// new inverse metric into <paramref name="inverseMetric"/> and returns true.
    /// </summary>
    public bool Learn(Span<double> inverseMetric, ReadOnlySpan<double> q)
    {
        if (!Enabled)
        {
            return false;
        }

        if (InWindow())
        {
            AddSample(q);
        }

        if (EndOfWindow())
        {
            ComputeNextWindow();
            int n = _samples;
            for (int i = 0; i < inverseMetric.Length; i++)
            {
                double variance = _m2[i] / (n - 1.0);
                inverseMetric[i] = (n / (n + 5.0) * variance) + (1e-3 * (5.0 / (n + 5.0)));
                if (!double.IsFinite(inverseMetric[i]))
                {
                    throw new InvalidOperationException($"The warm-up's variance estimate of unconstrained coordinate {i} is not finite; the chain has diverged.");
                }
            }

            _samples = 0;
            Array.Clear(_mean);
            Array.Clear(_m2);
            _counter++;
            return true;
        }

        _counter++;
        return false;
    }

    private bool InWindow() =>
        _counter >= _initBuffer && _counter < _warmup - _termBuffer && _counter != _warmup;

    private bool EndOfWindow() => _counter == _nextWindow && _counter != _warmup;

    private void ComputeNextWindow()
    {
        if (_nextWindow == _warmup - _termBuffer - 1)
        {
            return;
        }

        _windowSize *= 2;
        _nextWindow = _counter + _windowSize;

        // A window that would leave less than twice its size before the terminal buffer absorbs the rest.
        if (_nextWindow != _warmup - _termBuffer - 1)
        {
            int nextBoundary = _nextWindow + (2 * _windowSize);
            if (nextBoundary >= _warmup - _termBuffer)
            {
                _nextWindow = _warmup - _termBuffer - 1;
            }
        }
    }

    // Welford's one-pass mean and sum of squared deviations.
    private void AddSample(ReadOnlySpan<double> q)
    {
        _samples++;
        for (int i = 0; i < q.Length; i++)
        {
            double delta = q[i] - _mean[i];
            _mean[i] += delta / _samples;
            _m2[i] += delta * (q[i] - _mean[i]);
        }
    }
}
