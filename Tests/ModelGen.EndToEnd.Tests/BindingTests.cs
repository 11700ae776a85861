using ModelGen.Data;
using ModelGen.EndToEnd.Tests.Models;

namespace ModelGen.EndToEnd.Tests;

/// <summary>Bad data fails at binding, with the element, row and column named.</summary>
public sealed class BindingTests
{
    private static (float[,] X, float[] Y) Good(int rows)
    {
        var x = new float[rows, 2];
        var y = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = r;
            x[r, 1] = -r;
            y[r] = r % 2;
        }

        return (x, y);
    }

    [Fact]
    public void Non_finite_input_names_element_row_and_column()
    {
        (float[,] x, float[] y) = Good(20);
        x[13, 1] = float.NaN;
        var e = Assert.Throws<ModelDataException>(() => new SeedFloat(x, y));
        Assert.Equal(("X", 13, 1), (e.Element, e.Row, e.Column));
        Assert.Contains("row 13, column 1", e.Message, StringComparison.Ordinal);
        Assert.Equal("x", e.ParamName);
    }

    [Fact]
    public void Infinite_input_names_element_row_and_column()
    {
        (float[,] x, float[] y) = Good(20);
        x[4, 0] = float.NegativeInfinity;
        var e = Assert.Throws<ModelDataException>(() => new SeedFloat(x, y));
        Assert.Equal(("X", 4, 0), (e.Element, e.Row, e.Column));
        Assert.Contains("row 4, column 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_real_observation_names_element_and_row()
    {
        var x = new double[6, 2];
        var y = new double[6];
        y[5] = double.NaN;
        var e = Assert.Throws<ModelDataException>(() => new LinearRegression(x, y));
        Assert.Equal(("Y", 5), (e.Element, e.Row));
        Assert.Contains("row 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observation_outside_the_support_names_the_row()
    {
        (float[,] x, float[] y) = Good(20);
        y[7] = 2;
        var e = Assert.Throws<ModelDataException>(() => new SeedFloat(x, y));
        Assert.Equal(("Y", 7), (e.Element, e.Row));
        Assert.Contains("Bernoulli", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_feature_count_and_row_count_are_reported()
    {
        var wide = new float[5, 3];
        var e = Assert.Throws<ModelDataException>(() => new SeedFloat(wide, new float[5]));
        Assert.Contains("3 column(s)", e.Message, StringComparison.Ordinal);
        (float[,] x, _) = Good(5);
        e = Assert.Throws<ModelDataException>(() => new SeedFloat(x, new float[4]));
        Assert.Contains("4 value(s)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ModelDataException>(() => new SeedFloat(new float[0, 2], Array.Empty<float>()));
        Assert.Contains("no rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_parameter_length_is_an_argument_error()
    {
        (float[,] x, float[] y) = Good(5);
        var model = new SeedFloat(x, y);
        var e = Assert.Throws<ArgumentException>(() => model.LogDensity(new float[39]));
        Assert.Equal("theta", e.ParamName);
    }
}
