using ModelGen.Generator.Emit;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The density kernel's loop body for one register of rows, repeated per register statement by statement
/// (<see cref="RowRegisters"/>). Whether the kernels it produces compute the right thing is checked by the
/// finite-difference and cross-width tests of every model; these pin the rewriting rules themselves.
/// </summary>
public class RowRegistersTests
{
    private const string Body = """
        // Input 'X': 1 feature(s), one register of rows each.
        TVec X_0 = TSimd.Load(in x, row);

        // Layer 'H': Dense 1 → 1, tanh, no bias.
        TVec H_0 = TSimd.Multiply(X_0, H_W_0_0);
        H_0 = TSimd.Tanh(H_0);
        if (TMode.Gradient)
        {
            // ∂/∂W[i,j] += in_i · ∂u_j.
            H_W_0_0_adj = TSimd.MultiplyAdd(X_0, H_0, H_W_0_0_adj);
        }
        """;

    [Fact]
    public void EachStatementOverRowsIsWrittenOncePerRegister_CommentsAndBracesOnce_AccumulatorsShared()
    {
        string? result = RowRegisters.Interleave(Body, 2, "TVec H_W_0_0_adj = TSimd.Zero;\n" + Body);

        Assert.Equal(
            """
            // Input 'X': 1 feature(s), one register of rows each.
            TVec X_0 = TSimd.Load(in x, row);
            TVec X_0b = TSimd.Load(in x, rowb);

            // Layer 'H': Dense 1 → 1, tanh, no bias.
            TVec H_0 = TSimd.Multiply(X_0, H_W_0_0);
            TVec H_0b = TSimd.Multiply(X_0b, H_W_0_0);
            H_0 = TSimd.Tanh(H_0);
            H_0b = TSimd.Tanh(H_0b);
            if (TMode.Gradient)
            {
                // ∂/∂W[i,j] += in_i · ∂u_j.
                H_W_0_0_adj = TSimd.MultiplyAdd(X_0, H_0, H_W_0_0_adj);
                H_W_0_0_adj = TSimd.MultiplyAdd(X_0b, H_0b, H_W_0_0_adj);
            }

            """.Replace("\r\n", "\n"),
            result);
    }

    [Fact]
    public void FourRegisters_TakeTheSuffixesBCD()
    {
        string? result = RowRegisters.Interleave("TVec X_0 = TSimd.Load(in x, row);", 4, string.Empty);

        Assert.Equal("TVec X_0 = TSimd.Load(in x, row);\nTVec X_0b = TSimd.Load(in x, rowb);\nTVec X_0c = TSimd.Load(in x, rowc);\nTVec X_0d = TSimd.Load(in x, rowd);\n", result);
        Assert.Equal(new[] { "row", "rowb", "rowc", "rowd" }, RowRegisters.RowNames(4));
    }

    [Fact]
    public void LocalsNamedInAnyLetters_AreRenamedWhole()
    {
        Assert.Equal("TVec 名前_0 = TSimd.Load(in x, row);\nTVec 名前_0b = TSimd.Load(in x, rowb);\n", RowRegisters.Interleave("TVec 名前_0 = TSimd.Load(in x, row);", 2, string.Empty));
    }

    [Theory]
    [InlineData("for (nuint i = 0; i < 32; i++)\n{\n    TSimd.Store(X_0, ref buffer, row + i);\n}")]
    [InlineData("nuint slot = row / step % 8;")]
    [InlineData("TVec X_0 = TSimd.Multiply(\n    TSimd.Load(in x, row), one);")]
    [InlineData("ref float units = ref MemoryMarshal.GetReference(stackalloc float[8]);\nTVec X_0 = TSimd.Load(in units, row);")]
    public void ABodyItCannotRepeatSafely_IsRefused(string body)
    {
        Assert.Null(RowRegisters.Interleave(body, 2, body));
    }

    [Fact]
    public void ARenamedLocalThatWouldMeetAnExistingName_IsRefused()
    {
        Assert.Null(RowRegisters.Interleave("TVec X_0 = TSimd.Load(in x, row);", 2, "TVec X_0b = TSimd.Zero;"));
        Assert.Null(RowRegisters.Interleave("TVec X_0 = TSimd.Load(in x, row);", 2, "int rowb = 3;"));
    }
}
