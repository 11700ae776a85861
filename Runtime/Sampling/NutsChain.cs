using System.Numerics;
using System.Runtime.CompilerServices;
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
/// Every buffer is allocated here, once: phase points and momenta at each end of the trajectory, and one set of
/// subtree buffers per depth of the recursion, so a transition allocates nothing. The sampler's state is in
/// double; the density is called in <typeparamref name="T"/> at the point rounded to it.
/// </remarks>
internal sealed partial class NutsChain<TDensity, T>
    where TDensity : struct, ILogDensity<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Stan's max_deltaH: a leapfrog step whose energy error exceeds this ends the tree as divergent.
    private const double MaxDeltaH = 1000;

    private readonly TDensity _density;
    private readonly int _n;
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
    private readonly double[] _rhoExtended;
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
        _maxDepth = maxDepth;
        _rng = rng;
        _theta = new T[dimension];
        _gradient = new T[dimension];
        _inverseMetric = new double[dimension];
        if (inverseMetric.IsEmpty)
        {
            _inverseMetric.AsSpan().Fill(1.0);
        }
        else
        {
            inverseMetric.CopyTo(_inverseMetric);
        }

        _z = new PhasePoint(dimension);
        _zForward = new PhasePoint(dimension);
        _zBackward = new PhasePoint(dimension);
        _zSample = new PhasePoint(dimension);
        _zPropose = new PhasePoint(dimension);
        _zInitial = new PhasePoint(dimension);
        _pForwardForward = new double[dimension];
        _pSharpForwardForward = new double[dimension];
        _pForwardBackward = new double[dimension];
        _pSharpForwardBackward = new double[dimension];
        _pBackwardForward = new double[dimension];
        _pSharpBackwardForward = new double[dimension];
        _pBackwardBackward = new double[dimension];
        _pSharpBackwardBackward = new double[dimension];
        _rho = new double[dimension];
        _rhoForward = new double[dimension];
        _rhoBackward = new double[dimension];
        _rhoExtended = new double[dimension];
        _subtrees = new Subtree[maxDepth + 1];
        for (int d = 0; d <= maxDepth; d++)
        {
            _subtrees[d] = new Subtree(dimension);
        }
    }

    /// <summary>The current step size ε.</summary>
    public double StepSize { get; set; }

    /// <summary>The diagonal inverse metric M⁻¹ (the adaptation writes into it).</summary>
    public double[] InverseMetric => _inverseMetric;

    /// <summary>The chain's current position θ (unconstrained).</summary>
    public ReadOnlySpan<double> Position => _z.Q;

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

        foreach (double g in _z.Grad)
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

        MultiplyByInverseMetric(_z.P, _pSharpForwardForward);
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

            // The generalised U-turn criterion across the merged trajectory …
            Add(_rhoBackward, _rhoForward, _rho);
            bool persist = NoUTurn(_pSharpBackwardBackward, _pSharpForwardForward, _rho);

            // … and across the two sides' meeting point, each side extended by the other's nearest state.
            Add(_rhoBackward, _pForwardBackward, _rhoExtended);
            persist &= NoUTurn(_pSharpBackwardBackward, _pSharpForwardBackward, _rhoExtended);
            Add(_rhoForward, _pBackwardForward, _rhoExtended);
            persist &= NoUTurn(_pSharpBackwardForward, _pSharpForwardForward, _rhoExtended);
            if (!persist)
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
    private bool BuildTree(int depth, PhasePoint propose, double[] pSharpBegin, double[] pSharpEnd, double[] rho, double[] pBegin, double[] pEnd, double sign, ref double logSumWeight)
    {
        if (depth == 0)
        {
            Leapfrog(_z, sign * StepSize);
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
            MultiplyByInverseMetric(_z.P, pSharpBegin);
            pSharpBegin.CopyTo(pSharpEnd);
            for (int i = 0; i < _n; i++)
            {
                rho[i] += _z.P[i];
            }

            _z.P.CopyTo(pBegin);
            _z.P.CopyTo(pEnd);
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

        // U-turn across the whole subtree, then across the halves' meeting point.
        for (int i = 0; i < _n; i++)
        {
            double subtree = s.RhoInit[i] + s.RhoFinal[i];
            rho[i] += subtree;
            _rhoExtended[i] = subtree;
        }

        bool persist = NoUTurn(pSharpBegin, pSharpEnd, _rhoExtended);
        Add(s.RhoInit, s.PFinalBegin, _rhoExtended);
        persist &= NoUTurn(pSharpBegin, s.PSharpFinalBegin, _rhoExtended);
        Add(s.RhoFinal, s.PInitEnd, _rhoExtended);
        persist &= NoUTurn(s.PSharpInitEnd, pSharpEnd, _rhoExtended);
        return persist;
    }

    // The trajectory keeps going while both ends' sharp momenta point along ρ: p♯₋·ρ > 0 and p♯₊·ρ > 0.
    private static bool NoUTurn(double[] pSharpMinus, double[] pSharpPlus, double[] rho) =>
        Dot(pSharpPlus, rho) > 0 && Dot(pSharpMinus, rho) > 0;

    // One leapfrog step of the explicit integrator: half kick, drift by M⁻¹p, gradient, half kick.
    private void Leapfrog(PhasePoint z, double epsilon)
    {
        double half = 0.5 * epsilon;
        for (int i = 0; i < _n; i++)
        {
            z.P[i] += half * z.Grad[i];
            z.Q[i] += epsilon * _inverseMetric[i] * z.P[i];
        }

        Evaluate(z);
        for (int i = 0; i < _n; i++)
        {
            z.P[i] += half * z.Grad[i];
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

    private void Evaluate(PhasePoint z)
    {
        for (int i = 0; i < _n; i++)
        {
            _theta[i] = T.CreateTruncating(z.Q[i]);
        }

        T lp = _density.LogDensityGradient(_theta, _gradient);
        z.Lp = double.CreateTruncating(lp);
        for (int i = 0; i < _n; i++)
        {
            z.Grad[i] = double.CreateTruncating(_gradient[i]);
        }
    }

    // H = −log p(θ) + ½ pᵀM⁻¹p.
    private double Hamiltonian(PhasePoint z)
    {
        double kinetic = 0;
        for (int i = 0; i < _n; i++)
        {
            kinetic += z.P[i] * z.P[i] * _inverseMetric[i];
        }

        return (0.5 * kinetic) - z.Lp;
    }

    // p ~ N(0, M) with M = diag(1 / M⁻¹).
    private void SampleMomentum(double[] p)
    {
        for (int i = 0; i < _n; i++)
        {
            p[i] = _rng.NextNormal() / Math.Sqrt(_inverseMetric[i]);
        }
    }

    private void MultiplyByInverseMetric(double[] p, double[] destination)
    {
        for (int i = 0; i < _n; i++)
        {
            destination[i] = _inverseMetric[i] * p[i];
        }
    }

    private static void Add(double[] a, double[] b, double[] destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = a[i] + b[i];
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

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

    /// <summary>A point in phase space with its log density and gradient.</summary>
    private sealed class PhasePoint(int dimension)
    {
        public readonly double[] Q = new double[dimension];
        public readonly double[] P = new double[dimension];
        public readonly double[] Grad = new double[dimension];
        public double Lp;

        public void CopyFrom(PhasePoint other)
        {
            other.Q.CopyTo(Q, 0);
            other.P.CopyTo(P, 0);
            other.Grad.CopyTo(Grad, 0);
            Lp = other.Lp;
        }
    }

    /// <summary>The buffers of one level of the tree recursion: what the two halves of a subtree report.</summary>
    private sealed class Subtree(int dimension)
    {
        public readonly PhasePoint ProposeFinal = new(dimension);
        public readonly double[] PInitEnd = new double[dimension];
        public readonly double[] PSharpInitEnd = new double[dimension];
        public readonly double[] RhoInit = new double[dimension];
        public readonly double[] PFinalBegin = new double[dimension];
        public readonly double[] PSharpFinalBegin = new double[dimension];
        public readonly double[] RhoFinal = new double[dimension];
    }
}
