using System.Numerics;
using System.Runtime.Intrinsics;
using ModelGen.Simd;

namespace ModelGen.Runtime.Tests.Simd;

/// <summary>The element type a SIMD implementation works on.</summary>
public enum Element
{
    /// <summary><see cref="float"/>.</summary>
    Single,

    /// <summary><see cref="double"/>.</summary>
    Double,
}

/// <summary>
/// One test body, written once over the implementation under test (<typeparamref name="TSimd"/> at
/// any width) and the scalar reference of the same element type (<typeparamref name="TScalar"/>).
/// </summary>
internal interface ISimdCheck
{
    void Run<TSimd, TVec, TScalar, T>()
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where TScalar : struct, ISimd<T, T>
        where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>
/// The six vector implementations as xunit theory data, and the switch from (width, element) to the
/// generic instantiation. Every width runs on every machine: a width the CPU lacks is emulated by
/// the runtime in software (two halves of the next narrower register), so results must hold there too.
/// </summary>
internal static class SimdTargets
{
    public static TheoryData<SimdWidth, Element> All
    {
        get
        {
            var data = new TheoryData<SimdWidth, Element>();
            foreach (Element element in new[] { Element.Single, Element.Double })
            {
                foreach (SimdWidth width in new[] { SimdWidth.Vector512, SimdWidth.Vector256, SimdWidth.Vector128 })
                {
                    data.Add(width, element);
                }
            }

            return data;
        }
    }

    public static void Run<TCheck>(SimdWidth width, Element element, TCheck check)
        where TCheck : ISimdCheck
    {
        switch (width, element)
        {
            case (SimdWidth.Vector512, Element.Single):
                check.Run<Simd512F, Vector512<float>, ScalarF, float>();
                break;
            case (SimdWidth.Vector256, Element.Single):
                check.Run<Simd256F, Vector256<float>, ScalarF, float>();
                break;
            case (SimdWidth.Vector128, Element.Single):
                check.Run<Simd128F, Vector128<float>, ScalarF, float>();
                break;
            case (SimdWidth.Vector512, Element.Double):
                check.Run<Simd512D, Vector512<double>, ScalarD, double>();
                break;
            case (SimdWidth.Vector256, Element.Double):
                check.Run<Simd256D, Vector256<double>, ScalarD, double>();
                break;
            case (SimdWidth.Vector128, Element.Double):
                check.Run<Simd128D, Vector128<double>, ScalarD, double>();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(width), $"No SIMD implementation for {width} × {element}.");
        }
    }

    /// <summary>"Simd256F (Vector256&lt;float&gt;, hardware)" for messages.</summary>
    public static string Describe<TSimd, TVec, T>()
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged
        => $"{typeof(TSimd).Name} ({TSimd.Width}<{typeof(T).Name}>, {(SimdSupport.IsAccelerated(TSimd.Width) ? "hardware" : "software")})";
}
