namespace ModelGen.Constraints;

/// <summary>
/// Which <see cref="Transform"/> maps a parameter's unconstrained value u to its constrained value x.
/// The generator mirrors this enum; keep the two in step.
/// </summary>
public enum TransformKind
{
    /// <summary>x = u: the parameter is unconstrained.</summary>
    Identity,

    /// <summary>x = eᵘ, onto (0, ∞): <see cref="Transform.Exp{T}(T, out T, out T, out T)"/>.</summary>
    Exp,

    /// <summary>x = log(1 + eᵘ), onto (0, ∞): <see cref="Transform.Softplus{T}(T, out T, out T, out T)"/>.</summary>
    Softplus,

    /// <summary>x = lower + eᵘ, onto (lower, ∞): <see cref="Transform.Lower{T}(T, T, out T, out T, out T)"/>.</summary>
    Lower,

    /// <summary>x = upper − eᵘ, onto (−∞, upper): <see cref="Transform.Upper{T}(T, T, out T, out T, out T)"/>.</summary>
    Upper,

    /// <summary>x = lower + (upper − lower)·σ(u), onto (lower, upper): <see cref="Transform.Interval{T}(T, T, T, out T, out T, out T)"/>.</summary>
    Interval,
}
