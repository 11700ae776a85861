namespace ModelGen.Data;

/// <summary>
/// Data given to a model does not fit it: a wrong shape, a non-finite value, or an observation
/// outside the likelihood's support. The message names the model element, and where it applies the
/// row and column (0-based, as in the array passed).
/// </summary>
public sealed class ModelDataException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="element"/>.</summary>
    public ModelDataException(string message, string element, int row = -1, int column = -1, string? paramName = null)
        : base(message, paramName)
    {
        Element = element;
        Row = row;
        Column = column;
    }

    /// <summary>Creates an exception with only a message (serializer and tooling use).</summary>
    public ModelDataException()
        : this("The data does not fit the model.", string.Empty)
    {
    }

    /// <summary>Creates an exception with only a message (serializer and tooling use).</summary>
    public ModelDataException(string message)
        : this(message, string.Empty)
    {
    }

    /// <summary>Creates an exception wrapping another (serializer and tooling use).</summary>
    public ModelDataException(string message, Exception innerException)
        : base(message, innerException)
    {
        Element = string.Empty;
        Row = -1;
        Column = -1;
    }

    /// <summary>The model element the data was for, e.g. "X".</summary>
    public string Element { get; }

    /// <summary>The offending row, or -1 when the problem is not one row.</summary>
    public int Row { get; }

    /// <summary>The offending column, or -1 when the problem is not one column.</summary>
    public int Column { get; }
}
