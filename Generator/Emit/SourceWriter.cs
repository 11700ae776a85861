using System;
using System.Text;

namespace ModelGen.Generator.Emit;

/// <summary>Indented text output with '\n' line ends, so generated files are identical on every OS.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation (an empty line has no trailing spaces).</summary>
    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>Writes each line of a multi-line block at the current indentation.</summary>
    public SourceWriter Lines(string block)
    {
        foreach (string line in block.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    /// <summary>Writes "{" and indents until the returned scope is disposed, which writes "}" (plus <paramref name="closing"/>).</summary>
    public Scope Block(string? header = null, string closing = "")
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        return new Scope(this, closing);
    }

    public override string ToString() => _text.ToString();

    /// <summary>Where the next line will start: a mark for <see cref="Since"/>.</summary>
    public int Mark => _text.Length;

    /// <summary>The text written since <paramref name="mark"/> (a <see cref="Mark"/>).</summary>
    public string Since(int mark) => _text.ToString(mark, _text.Length - mark);

    /// <summary>Removes the last line if it is empty (and not the block's opening brace's line).</summary>
    private void TrimBlankLine()
    {
        int n = _text.Length;
        if (n >= 2 && _text[n - 1] == '\n' && _text[n - 2] == '\n')
        {
            _text.Length = n - 1;
        }
    }

    /// <summary>Closes a <see cref="Block"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _closing;

        public Scope(SourceWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        /// <summary>Writes "}": a blank line a member wrote after itself does not end up before it.</summary>
        public void Dispose()
        {
            _writer._indent--;
            _writer.TrimBlankLine();
            _writer.Line("}" + _closing);
        }
    }
}
