using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelGen.Inference;
using ModelGen.Random;

namespace ModelGen.Sampling;

/// <summary>
/// One chain of the No-U-Turn sampler with a diagonal metric, as Stan's <c>base_nuts</c>: multinomial sampling of
/// the trajectory's states (biased progressive sampling between subtrees, uniform within them), the generalised
/// U-turn criterion checked across each merged tree and across its two halves' meeting points, a cap on the
/// doublings, and a divergence when the Hamiltonian rises more than 1,000 above its start.
/// </summary>
/// <remarks>
/// <para>Every buffer is allocated here, once: phase points and momenta at each end of the trajectory, and one set of
/// subtree buffers per depth of the recursion, so a transition allocates nothing. The sampler's state is in
/// double; the density is called in <typeparamref name="T"/> at the point rounded to it.</para>
/// <para>The work around the gradient is vector code over θ: every buffer is padded with zeros to a whole number of
/// <see cref="Vector{T}"/> registers of float (the padding stays zero: it is never drawn, kicked or moved), so each
/// pass over the coordinates is a loop of whole registers with no tail. A leapfrog step is two passes (kick and
/// drift; then the second kick with the subtree's momenta and sums), the rounding to <typeparamref name="T"/> and
/// back, and the kinetic energy; a merge of two subtrees is one pass that forms the three U-turn sums and their six
/// dot products. Element-wise results are the scalar loops' bit for bit; the sums (dot products, kinetic energy) are
/// added in a different order, so they can differ from a sequential sum in the last bits.</para>
/// </remarks>
internal sealed partial class NutsChain<TDensity, T>
    where TDensity : struct, ILogDensity<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Stan's max_deltaH: a leapfrog step whose energy error exceeds this ends the tree as divergent.
    private const double MaxDeltaH = 1000;

    private readonly TDensity _density;
    private readonly int _n;
    private readonly int _padded;
    private readonly int _maxDepth;
    private readonly T[] _theta;
    private readonly T[] _gradient;
    private readonly double[] _inverseMetric;

    // z is the integrator's moving state; the others are copies of it at the trajectory's ends and proposals.
    private readonly PhasePoint _z;
    private readonly PhasePoint _zForward;
    private readonly PhasePoint _zBackward;
    private readonly PhasePoint _zSample;
    private readonly PhasePoint _zPropose;
    private readonly PhasePoint _zInitial;

    // Momenta p and "sharp" momenta M⁻¹p at the outer (fwd_fwd, bck_bck) and inner (fwd_bck, bck_fwd) ends of the
    // forward and backward subtrees, and the summed momenta ρ of the whole trajectory and of each side.
    private readonly double[] _pForwardForward;
    private readonly double[] _pSharpForwardForward;
    private readonly double[] _pForwardBackward;
    private readonly double[] _pSharpForwardBackward;
    private readonly double[] _pBackwardForward;
    private readonly double[] _pSharpBackwardForward;
    private readonly double[] _pBackwardBackward;
    private readonly double[] _pSharpBackwardBackward;
    private readonly double[] _rho;
    private readonly double[] _rhoForward;
    private readonly double[] _rhoBackward;
    private readonly Subtree[] _subtrees;

    private Rng _rng;
    private double _h0;
    private int _leapfrogs;
    private double _sumMetropolis;
    private bool _divergent;

    public NutsChain(TDensity density, int dimension, int maxDepth, Rng rng, ReadOnlySpan<double> inverseMetric)
    {
        _density = density;
        _n = dimension;
        _padded = Padded(dimension);
        _maxDepth = maxDepth;
        _rng = rng;
        int padded = _padded;
        _theta = new T[padded];
        _gradient = new T[padded];
        _inverseMetric = new double[padded];
        if (inverseMetric.IsEmpty)
        {
            _inverseMetric.AsSpan(0, dimension).Fill(1.0);
        }
        else
        {
            inverseMetric.CopyTo(_inverseMetric);
        }

        _z = new PhasePoint(padded);
        _zForward = new PhasePoint(padded);
        _zBackward = new PhasePoint(padded);
        _zSample = new PhasePoint(padded);
        _zPropose = new PhasePoint(padded);
        _zInitial = new PhasePoint(padded);
        _pForwardForward = new double[padded];
        _pSharpForwardForward = new double[padded];
        _pForwardBackward = new double[padded];
        _pSharpForwardBackward = new double[padded];
        _pBackwardForward = new double[padded];
        _pSharpBackwardForward = new double[padded];
        _pBackwardBackward = new double[padded];
        _pSharpBackwardBackward = new double[padded];
        _rho = new double[padded];
        _rhoForward = new double[padded];
        _rhoBackward = new double[padded];
        _subtrees = new Subtree[maxDepth + 1];
        for (int d = 0; d <= maxDepth; d++)
        {
            _subtrees[d] = new Subtree(padded);
        }
    }

    /// <summary>The current step size ε.</summary>
    public double StepSize { get; set; }

    /// <summary>The diagonal inverse metric M⁻¹ (the adaptation writes into it; its padding stays zero).</summary>
    public Span<double> InverseMetric => _inverseMetric.AsSpan(0, _n);

    /// <summary>The chain's current position θ (unconstrained).</summary>
    public ReadOnlySpan<double> Position => _z.Q[.._n];

    /// <summary>log p at the current position.</summary>
    public double LogDensity => _z.Lp;

    /// <summary>The last transition's acceptance statistic: the mean Metropolis probability over its leapfrog states.</summary>
    public double AcceptStat { get; private set; }

    /// <summary>The last transition's tree depth (doublings made).</summary>
    public int TreeDepth { get; private set; }

    /// <summary>The last transition's leapfrog steps.</summary>
    public int Leapfrogs { get; private set; }

    /// <summary>Whether the last transition ended on a divergence.</summary>
    public bool Divergent { get; private set; }

    /// <summary>The Hamiltonian at the last transition's selected state.</summary>
    public double Energy { get; private set; }

    /// <summary>Moves the chain to <paramref name="q"/>; returns false when log p or its gradient is not finite there.</summary>
    public bool TrySetPosition(ReadOnlySpan<double> q)
    {
        q.CopyTo(_z.Q);
        Evaluate(_z);
        if (!double.IsFinite(_z.Lp))
        {
            return false;
        }

        foreach (double g in _z.Grad[.._n])
        {
            if (!double.IsFinite(g))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Fills <paramref name="start"/> with uniform draws on (−<paramref name="radius"/>, <paramref name="radius"/>) from the chain's stream.</summary>
    public void DrawInitial(Span<double> start, double radius)
    {
        for (int i = 0; i < start.Length; i++)
        {
            start[i] = radius * ((2 * _rng.NextDouble()) - 1);
        }
    }

    /// <summary>Copies the current position, rounded to <typeparamref name="T"/>, into <paramref name="destination"/>.</summary>
    public void CopyPosition(Span<T> destination)
    {
        for (int i = 0; i < _n; i++)
        {
            destination[i] = T.CreateTruncating(_z.Q[i]);
        }
    }

    /// <summary>
    /// Stan's step-size heuristic (<c>base_hmc::init_stepsize</c>): from the current point, one leapfrog step with
    /// fresh momenta; double ε while the acceptance exp(H₀ − H) stays above 0.8, or halve it while it stays below.
    /// The position is restored afterwards.
    /// </summary>
    public void InitializeStepSize()
    {
        if (StepSize == 0 || StepSize > 1e7 || double.IsNaN(StepSize))
        {
            return;
        }

        _zInitial.CopyFrom(_z);
        double deltaH = TrialStep();
        int direction = deltaH > Math.Log(0.8) ? 1 : -1;
        while (true)
        {
            _z.CopyFrom(_zInitial);
            deltaH = TrialStep();
            if (direction == 1 && !(deltaH > Math.Log(0.8)))
            {
                break;
            }

            if (direction == -1 && !(deltaH < Math.Log(0.8)))
            {
                break;
            }

            StepSize = direction == 1 ? 2 * StepSize : 0.5 * StepSize;
            if (StepSize > 1e7)
            {
                throw new InvalidOperationException("The step size grew past 1e7 while searching for a stable one: the posterior looks improper (flat in some direction). Check the model's priors.");
            }

            if (StepSize == 0)
            {
                throw new InvalidOperationException("The step size fell to 0 while searching for a stable one: log p or its gradient is not finite near the current point.");
            }
        }

        _z.CopyFrom(_zInitial);
    }

    /// <summary>One NUTS transition from the current position; the chain moves to the selected state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Transition()
    {
        SampleMomentum(_z.P);
        _zForward.CopyFrom(_z);
        _zBackward.CopyFrom(_z);
        _zSample.CopyFrom(_z);
        _zPropose.CopyFrom(_z);

        Multiply(_inverseMetric, _z.P, _pSharpForwardForward);
        _z.P.CopyTo(_pForwardForward);
        _z.P.CopyTo(_pForwardBackward);
        _pSharpForwardForward.CopyTo(_pSharpForwardBackward);
        _z.P.CopyTo(_pBackwardForward);
        _pSharpForwardForward.CopyTo(_pSharpBackwardForward);
        _z.P.CopyTo(_pBackwardBackward);
        _pSharpForwardForward.CopyTo(_pSharpBackwardBackward);
        _z.P.CopyTo(_rho);

        // The start's weight is exp(H₀ − H₀) = 1.
        double logSumWeight = 0;
        _h0 = Hamiltonian(_z);
        _leapfrogs = 0;
        _sumMetropolis = 0;
        _divergent = false;
        int depth = 0;

        while (depth < _maxDepth)
        {
            Array.Clear(_rhoForward);
            Array.Clear(_rhoBackward);
            bool valid;
            double logSumWeightSubtree = double.NegativeInfinity;
            if (_rng.NextDouble() > 0.5)
            {
                // Extend forward: the old trajectory becomes the backward side.
                _z.CopyFrom(_zForward);
                _rho.CopyTo(_rhoBackward);
                _pForwardBackward.CopyTo(_pBackwardForward);
                _pSharpForwardBackward.CopyTo(_pSharpBackwardForward);
                valid = BuildTree(depth, _zPropose, _pSharpForwardBackward, _pSharpForwardForward, _rhoForward, _pForwardBackward, _pForwardForward, 1, ref logSumWeightSubtree);
                _zForward.CopyFrom(_z);
            }
            else
            {
                // Extend backward: the old trajectory becomes the forward side.
                _z.CopyFrom(_zBackward);
                _rho.CopyTo(_rhoForward);
                _pBackwardForward.CopyTo(_pForwardBackward);
                _pSharpBackwardForward.CopyTo(_pSharpForwardBackward);
                valid = BuildTree(depth, _zPropose, _pSharpBackwardForward, _pSharpBackwardBackward, _rhoBackward, _pBackwardForward, _pBackwardBackward, -1, ref logSumWeightSubtree);
                _zBackward.CopyFrom(_z);
            }

            if (!valid)
            {
                break;
            }

            depth++;

            // Biased progressive sampling: move to the new subtree's proposal with probability min(1, w_new / w_old).
            if (logSumWeightSubtree > logSumWeight)
            {
                _zSample.CopyFrom(_zPropose);
            }
            else if (_rng.NextDouble() < Math.Exp(logSumWeightSubtree - logSumWeight))
            {
                _zSample.CopyFrom(_zPropose);
            }

            logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);

            // The generalised U-turn criterion across the merged trajectory (ρ = ρ₋ + ρ₊), and across the two sides'
            // meeting point, each side extended by the other's nearest state.
            if (!Merge(_rhoBackward, _rhoForward, _rho, _pSharpBackwardBackward, _pSharpForwardForward, _pForwardBackward, _pSharpForwardBackward, _pBackwardForward, _pSharpBackwardForward, overwrite: true))
            {
                break;
            }
        }

        Leapfrogs = _leapfrogs;
        TreeDepth = depth;
        Divergent = _divergent;
        AcceptStat = _sumMetropolis / _leapfrogs;
        _z.CopyFrom(_zSample);
        Energy = Hamiltonian(_z);
    }

    /// <summary>
    /// Builds a subtree of 2^<paramref name="depth"/> leapfrog steps in direction <paramref name="sign"/> from the
    /// current state, recursively as two halves; writes its multinomial proposal, its end momenta and its summed
    /// momentum, and adds its log weight. Returns false on a divergence or a U-turn inside it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool BuildTree(int depth, PhasePoint propose, double[] pSharpBegin, double[] pSharpEnd, double[] rho, double[] pBegin, double[] pEnd, double sign, ref double logSumWeight)
    {
        if (depth == 0)
        {
            LeafStep(sign * StepSize, pSharpBegin, pSharpEnd, rho, pBegin, pEnd);
            _leapfrogs++;
            double h = Hamiltonian(_z);
            if (double.IsNaN(h))
            {
                h = double.PositiveInfinity;
            }

            if (h - _h0 > MaxDeltaH)
            {
                _divergent = true;
            }

            logSumWeight = LogSumExp(logSumWeight, _h0 - h);
            _sumMetropolis += _h0 - h > 0 ? 1 : Math.Exp(_h0 - h);
            propose.CopyFrom(_z);
            return !_divergent;
        }

        Subtree s = _subtrees[depth];

        // The first half, whose proposal goes straight into the caller's.
        double logSumWeightInit = double.NegativeInfinity;
        Array.Clear(s.RhoInit);
        if (!BuildTree(depth - 1, propose, pSharpBegin, s.PSharpInitEnd, s.RhoInit, pBegin, s.PInitEnd, sign, ref logSumWeightInit))
        {
            return false;
        }

        // The second half.
        double logSumWeightFinal = double.NegativeInfinity;
        Array.Clear(s.RhoFinal);
        if (!BuildTree(depth - 1, s.ProposeFinal, s.PSharpFinalBegin, pSharpEnd, s.RhoFinal, s.PFinalBegin, pEnd, sign, ref logSumWeightFinal))
        {
            return false;
        }

        // Multinomial sampling between the halves, in proportion to their weights.
        double logSumWeightSubtree = LogSumExp(logSumWeightInit, logSumWeightFinal);
        logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
        if (logSumWeightFinal > logSumWeightSubtree)
        {
            propose.CopyFrom(s.ProposeFinal);
        }
        else if (_rng.NextDouble() < Math.Exp(logSumWeightFinal - logSumWeightSubtree))
        {
            propose.CopyFrom(s.ProposeFinal);
        }

        // U-turn across the whole subtree (its sum added to the caller's ρ), then across the halves' meeting point.
        return Merge(s.RhoInit, s.RhoFinal, rho, pSharpBegin, pSharpEnd, s.PFinalBegin, s.PSharpFinalBegin, s.PInitEnd, s.PSharpInitEnd, overwrite: false);
    }

    /// <summary>
    /// The U-turn checks where two adjacent sides meet, in one pass over the coordinates. The first side runs from
    /// p♯ <paramref name="pSharpFirst"/> (its outer end) to its inner end, momentum <paramref name="pFirstInner"/>
    /// and p♯ <paramref name="pSharpFirstInner"/>, with summed momentum <paramref name="rhoFirst"/>; the second side
    /// from its inner end (<paramref name="pSecondInner"/>, <paramref name="pSharpSecondInner"/>) to its outer end
    /// <paramref name="pSharpSecond"/>, with <paramref name="rhoSecond"/>. Their merged sum ρ = ρ₁ + ρ₂ is written
    /// into <paramref name="rho"/> (<paramref name="overwrite"/>) or added to it. Returns whether the trajectory
    /// goes on: no U-turn across the merged sides (p♯ at both outer ends · ρ &gt; 0), nor across the meeting point,
    /// each side extended by the other's nearest state (ρ₁ + p₂ between the first's outer end and the second's inner
    /// end; ρ₂ + p₁ between the first's inner end and the second's outer end).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Merge(double[] rhoFirst, double[] rhoSecond, double[] rho, double[] pSharpFirst, double[] pSharpSecond, double[] pSecondInner, double[] pSharpSecondInner, double[] pFirstInner, double[] pSharpFirstInner, bool overwrite)
    {
        ReadOnlySpan<Vector<double>> r1 = Vectors(rhoFirst);
        ReadOnlySpan<Vector<double>> r2 = Vectors(rhoSecond);
        Span<Vector<double>> sum = MemoryMarshal.Cast<double, Vector<double>>(rho.AsSpan());
        ReadOnlySpan<Vector<double>> first = Vectors(pSharpFirst);
        ReadOnlySpan<Vector<double>> second = Vectors(pSharpSecond);
        ReadOnlySpan<Vector<double>> secondInner = Vectors(pSecondInner);
        ReadOnlySpan<Vector<double>> sharpSecondInner = Vectors(pSharpSecondInner);
        ReadOnlySpan<Vector<double>> firstInner = Vectors(pFirstInner);
        ReadOnlySpan<Vector<double>> sharpFirstInner = Vectors(pSharpFirstInner);
        Vector<double> mergedFirst = Vector<double>.Zero, mergedSecond = Vector<double>.Zero;
        Vector<double> leftFirst = Vector<double>.Zero, leftSecond = Vector<double>.Zero;
        Vector<double> rightFirst = Vector<double>.Zero, rightSecond = Vector<double>.Zero;
        for (int i = 0; i < sum.Length; i++)
        {
            Vector<double> merged = r1[i] + r2[i];
            sum[i] = overwrite ? merged : sum[i] + merged;
            mergedFirst += first[i] * merged;
            mergedSecond += second[i] * merged;
            Vector<double> left = r1[i] + secondInner[i];
            leftFirst += first[i] * left;
            leftSecond += sharpSecondInner[i] * left;
            Vector<double> right = r2[i] + firstInner[i];
            rightFirst += sharpFirstInner[i] * right;
            rightSecond += second[i] * right;
        }

        return NoUTurn(mergedFirst, mergedSecond) & NoUTurn(leftFirst, leftSecond) & NoUTurn(rightFirst, rightSecond);
    }

    // The trajectory keeps going while both ends' sharp momenta point along ρ: p♯₋·ρ > 0 and p♯₊·ρ > 0.
    private static bool NoUTurn(Vector<double> minus, Vector<double> plus) => Vector.Sum(plus) > 0 && Vector.Sum(minus) > 0;

    /// <summary>
    /// One leapfrog step of the explicit integrator from the moving state (half kick, drift by M⁻¹p, gradient, half
    /// kick), as the single step of a depth-0 subtree: its one state's p and p♯ = M⁻¹p are both of its ends, and p is
    /// added to the subtree's summed momentum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LeafStep(double epsilon, double[] pSharpBegin, double[] pSharpEnd, double[] rho, double[] pBegin, double[] pEnd)
    {
        PhasePoint z = _z;
        KickAndDrift(z, epsilon);
        Evaluate(z);
        Vector<double> half = new(0.5 * epsilon);
        Span<Vector<double>> p = MemoryMarshal.Cast<double, Vector<double>>(z.P);
        ReadOnlySpan<Vector<double>> grad = Vectors(z.Grad);
        ReadOnlySpan<Vector<double>> metric = Vectors(_inverseMetric);
        Span<Vector<double>> sharpBegin = MemoryMarshal.Cast<double, Vector<double>>(pSharpBegin.AsSpan());
        Span<Vector<double>> sharpEnd = MemoryMarshal.Cast<double, Vector<double>>(pSharpEnd.AsSpan());
        Span<Vector<double>> sum = MemoryMarshal.Cast<double, Vector<double>>(rho.AsSpan());
        Span<Vector<double>> begin = MemoryMarshal.Cast<double, Vector<double>>(pBegin.AsSpan());
        Span<Vector<double>> end = MemoryMarshal.Cast<double, Vector<double>>(pEnd.AsSpan());
        for (int i = 0; i < p.Length; i++)
        {
            Vector<double> kicked = p[i] + (half * grad[i]);
            Vector<double> sharp = metric[i] * kicked;
            p[i] = kicked;
            begin[i] = kicked;
            end[i] = kicked;
            sharpBegin[i] = sharp;
            sharpEnd[i] = sharp;
            sum[i] += kicked;
        }
    }

    // One leapfrog step of the explicit integrator: half kick, drift by M⁻¹p, gradient, half kick.
    private void Leapfrog(PhasePoint z, double epsilon)
    {
        KickAndDrift(z, epsilon);
        Evaluate(z);
        Vector<double> half = new(0.5 * epsilon);
        Span<Vector<double>> p = MemoryMarshal.Cast<double, Vector<double>>(z.P);
        ReadOnlySpan<Vector<double>> grad = Vectors(z.Grad);
        for (int i = 0; i < p.Length; i++)
        {
            p[i] += half * grad[i];
        }
    }

    // The first half kick p += ½ε∇log p and the drift q += ε M⁻¹p, in one pass.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void KickAndDrift(PhasePoint z, double epsilon)
    {
        Vector<double> half = new(0.5 * epsilon);
        Vector<double> step = new(epsilon);
        Span<Vector<double>> p = MemoryMarshal.Cast<double, Vector<double>>(z.P);
        Span<Vector<double>> q = MemoryMarshal.Cast<double, Vector<double>>(z.Q);
        ReadOnlySpan<Vector<double>> grad = Vectors(z.Grad);
        ReadOnlySpan<Vector<double>> metric = Vectors(_inverseMetric);
        for (int i = 0; i < p.Length; i++)
        {
            Vector<double> kicked = p[i] + (half * grad[i]);
            p[i] = kicked;
            q[i] += step * metric[i] * kicked;
        }
    }

    // One trial step of the step-size heuristic from the current point with fresh momenta: H₀ − H.
    private double TrialStep()
    {
        SampleMomentum(_z.P);
        double h0 = Hamiltonian(_z);
        Leapfrog(_z, StepSize);
        double h = Hamiltonian(_z);
        if (double.IsNaN(h))
        {
            h = double.PositiveInfinity;
        }

        return h0 - h;
    }

    // log p and its gradient at z.Q rounded to T; the gradient back in double. Whole registers over the padded buffers
    // (narrowing rounds to nearest, as T.CreateTruncating does; widening is exact); the density sees the first n values.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Evaluate(PhasePoint z)
    {
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<Vector<double>> q = Vectors(z.Q);
            Span<Vector<float>> theta = MemoryMarshal.Cast<T, Vector<float>>(_theta.AsSpan());
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] = Vector.Narrow(q[2 * i], q[(2 * i) + 1]);
            }
        }
        else if (typeof(T) == typeof(double))
        {
            z.Q.CopyTo(MemoryMarshal.Cast<T, double>(_theta.AsSpan()));
        }
        else
        {
            Span<double> q = z.Q;
            for (int i = 0; i < _n; i++)
            {
                _theta[i] = T.CreateTruncating(q[i]);
            }
        }

        T lp = _density.LogDensityGradient(_theta.AsSpan(0, _n), _gradient.AsSpan(0, _n));
        z.Lp = double.CreateTruncating(lp);
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<Vector<float>> gradient = MemoryMarshal.Cast<T, Vector<float>>(_gradient.AsSpan());
            Span<Vector<double>> grad = MemoryMarshal.Cast<double, Vector<double>>(z.Grad);
            for (int i = 0; i < gradient.Length; i++)
            {
                Vector.Widen(gradient[i], out grad[2 * i], out grad[(2 * i) + 1]);
            }
        }
        else if (typeof(T) == typeof(double))
        {
            MemoryMarshal.Cast<T, double>(_gradient.AsSpan()).CopyTo(z.Grad);
        }
        else
        {
            Span<double> grad = z.Grad;
            for (int i = 0; i < _n; i++)
            {
                grad[i] = double.CreateTruncating(_gradient[i]);
            }
        }
    }

    // H = −log p(θ) + ½ pᵀM⁻¹p.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Hamiltonian(PhasePoint z)
    {
        ReadOnlySpan<Vector<double>> p = Vectors(z.P);
        ReadOnlySpan<Vector<double>> metric = Vectors(_inverseMetric);
        Vector<double> kinetic = Vector<double>.Zero;
        for (int i = 0; i < p.Length; i++)
        {
            kinetic += p[i] * p[i] * metric[i];
        }

        return (0.5 * Vector.Sum(kinetic)) - z.Lp;
    }

    // p ~ N(0, M) with M = diag(1 / M⁻¹).
    private void SampleMomentum(Span<double> p)
    {
        for (int i = 0; i < _n; i++)
        {
            p[i] = _rng.NextNormal() / Math.Sqrt(_inverseMetric[i]);
        }
    }

    private static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination)
    {
        ReadOnlySpan<Vector<double>> x = Vectors(a);
        ReadOnlySpan<Vector<double>> y = Vectors(b);
        Span<Vector<double>> result = MemoryMarshal.Cast<double, Vector<double>>(destination);
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = x[i] * y[i];
        }
    }

    private static ReadOnlySpan<Vector<double>> Vectors(ReadOnlySpan<double> values) => MemoryMarshal.Cast<double, Vector<double>>(values);

    // The buffers' length: a whole number of Vector<float> registers, i.e. of pairs of Vector<double> registers.
    private static int Padded(int dimension) => (dimension + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    private static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        double max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }

    /// <summary>
    /// A point in phase space with its log density and gradient: q, p and ∇log p in one array, each padded with
    /// zeros, so that a copy (the proposal at every leapfrog step) is one block move.
    /// </summary>
    private sealed class PhasePoint(int padded)
    {
        private readonly double[] _data = new double[3 * padded];
        public double Lp;

        public Span<double> Q => _data.AsSpan(0, padded);

        public Span<double> P => _data.AsSpan(padded, padded);

        public Span<double> Grad => _data.AsSpan(2 * padded, padded);

        public void CopyFrom(PhasePoint other)
        {
            other._data.CopyTo(_data, 0);
            Lp = other.Lp;
        }
    }

    /// <summary>The buffers of one level of the tree recursion: what the two halves of a subtree report.</summary>
    private sealed class Subtree(int padded)
    {
        public readonly PhasePoint ProposeFinal = new(padded);
        public readonly double[] PInitEnd = new double[padded];
        public readonly double[] PSharpInitEnd = new double[padded];
        public readonly double[] RhoInit = new double[padded];
        public readonly double[] PFinalBegin = new double[padded];
        public readonly double[] PSharpFinalBegin = new double[padded];
        public readonly double[] RhoFinal = new double[padded];
    }
}
