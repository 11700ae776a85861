using System.Linq;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

// Group indices, named per-row columns, and a linear predictor with parameter terms: the likelihood's location may
// be a parameter (scalar or one value per group) instead of a layer, and an intercept (scalar or per group) may be
// added to it. Per-group values are gathered lane by lane through the row's group index and their adjoints
// scattered back the same way.
internal sealed partial class ModelEmitter
{
    private const string Lanes = "global::ModelGen.Simd.Lanes.";

    /// <summary>Whether the input has group indices or named columns, whose values the data class checks.</summary>
    private bool HasDataColumns => _graph.Input.Groups.Count > 0 || _graph.Input.Columns.Count > 0;

    /// <summary>The likelihood's parameter terms: the location (when no layer is), then the intercept.</summary>
    private System.Collections.Generic.IEnumerable<TermNode> Terms
    {
        get
        {
            if (_graph.Likelihood.Location is { } location)
            {
                yield return location;
            }

            if (_graph.Likelihood.Intercept is { } intercept)
            {
                yield return intercept;
            }
        }
    }

    /// <summary>Whether the location is a parameter read as a probability (Bernoulli P = parameter): the link is then logit(p).</summary>
    private bool LocationIsProbability => _graph.Likelihood.Location is not null && _graph.Likelihood.DeclaredLink == LinkKind.Probability;

    /// <summary>The checks of the group and named columns of freshly packed or refilled rows.</summary>
    private void EmitColumnChecks(string target, string rows, string firstRow)
    {
        string input = Literal.Of(_graph.Input.Name);
        foreach (GroupNode g in _graph.Input.Groups)
        {
            _w.Line(target + ".CheckGroup(" + Literal.Of(g.Column) + ", " + Literal.Of(g.Levels) + ", " + rows + ", " + input + ", " + Literal.Of(g.Name) + ", " + firstRow + ");");
        }

        foreach (ColumnNode c in _graph.Input.Columns)
        {
            // A column is a per-row sigma (positive) or a per-row number of trials (whole, ≥ 0; against the successes once they are bound too).
            _w.Line(c.Column == _graph.Likelihood.TrialsColumn
                ? target + ".CheckTrials(" + Literal.Of(c.Column) + ", null, " + rows + ", " + input + ", " + Literal.Of(c.Name) + ", " + Literal.Of(_graph.Likelihood.Name) + ", " + firstRow + ");"
                : target + ".CheckPositive(" + Literal.Of(c.Column) + ", " + rows + ", " + input + ", " + Literal.Of(c.Name) + ", " + firstRow + ");");
        }
    }

    /// <summary>ref readonly float County_index = ref …: the first value of each group column the terms read.</summary>
    private void EmitGroupReferences()
    {
        foreach (GroupNode g in _graph.Input.Groups.Where(g => Terms.Any(t => t.Group == g.Name)))
        {
            _w.Line("// Group '" + g.Name + "': column " + Literal.Of(g.Column) + " holds each row's group, 0 to " + Literal.Of(g.Levels - 1) + ".");
            string start = g.Column == 0 ? "x" : "global::System.Runtime.CompilerServices.Unsafe.Add(ref global::System.Runtime.CompilerServices.Unsafe.AsRef(in x), " + (g.Column == 1 ? "stride" : Literal.Of(g.Column) + " * stride") + ")";
            _w.Line("ref readonly " + _t + " " + _names.GroupIndex(g.Name) + " = ref " + start + ";");
        }
    }

    /// <summary>
    /// Before the row loop: a scalar term's value in a register (and its lane-wise adjoint); a per-group term's values
    /// and, for the gradient, the slice its adjoints are scattered into.
    /// </summary>
    private void EmitTermSetup(string table, bool gradient)
    {
        foreach (TermNode term in Terms)
        {
            string what = "Parameter '" + term.Name + "' (the likelihood's " + (ReferenceEquals(term, _graph.Likelihood.Location) ? "location" : "intercept") + ")";
            if (term.IsPerGroup)
            {
                _w.Line("// " + what + ": one value per group of '" + term.Group + "', gathered per row.");
                _w.Line("global::System.ReadOnlySpan<" + _t + "> " + _names.Term(term.Name) + " = " + table + ".Slice(" + Literal.Of(term.Offset) + ", " + Literal.Of(term.Length) + ");");
                if (gradient)
                {
                    _w.Line("global::System.Span<" + _t + "> " + _names.TermGradient(term.Name) + " = " + ValuesGradientSpan + ".Slice(" + Literal.Of(term.Offset) + ", " + Literal.Of(term.Length) + ");");
                }
            }
            else
            {
                _w.Line("// " + what + ": one value for every row.");
                _w.Line("TVec " + _names.Term(term.Name) + " = TSimd.Broadcast(" + table + "[" + Literal.Of(term.Offset) + "]);");
                if (ReferenceEquals(term, _graph.Likelihood.Location) && LocationIsProbability)
                {
                    _w.Line("TVec " + _names.RowTerm(term.Name) + " = " + Logit(_names.Term(term.Name)) + "; // logit(" + term.Name + "), once");
                }

                if (gradient)
                {
                    _w.Line("TVec " + _names.Term(term.Name) + "_adj = TSimd.Zero;");
                }
            }
        }
    }

    /// <summary>A term's value for the rows of the register: the scalar's register, or the gathered group values.</summary>
    private string TermValue(TermNode term) =>
        term.IsPerGroup
            ? Lanes + "Gather<TSimd, TVec, " + _t + ">(" + _names.Term(term.Name) + ", in " + _names.GroupIndex(term.Group!) + ", row)"
            : _names.Term(term.Name);

    /// <summary>
    /// In the row loop, after the layers: eta = the last layer's unit or the location parameter (through logit for a
    /// probability), plus the intercept.
    /// </summary>
    private void EmitLinearPredictor()
    {
        if (!_graph.Likelihood.HasTerms)
        {
            return;
        }

        LikelihoodNode l = _graph.Likelihood;
        string eta = LinkUnit;
        string sum = l.Location is { } location ? location.Name + (location.IsPerGroup ? "[" + location.Group + "]" : string.Empty) : l.Source;
        if (LocationIsProbability)
        {
            sum = "logit(" + sum + ")";
        }

        if (l.Intercept is { } intercept)
        {
            sum += " + " + intercept.Name + (intercept.IsPerGroup ? "[" + intercept.Group + "]" : string.Empty);
        }

        _w.Line("// Linear predictor of '" + l.Name + "': " + sum + ".");
        string baseValue;
        if (l.Location is { } loc)
        {
            if (LocationIsProbability && loc.IsPerGroup)
            {
                _w.Line("TVec " + _names.RowTerm(loc.Name) + " = " + TermValue(loc) + ";");
                baseValue = Logit(_names.RowTerm(loc.Name));
            }
            else
            {
                // A scalar probability's logit was taken once, before the loop.
                baseValue = LocationIsProbability ? _names.RowTerm(loc.Name) : TermValue(loc);
            }
        }
        else
        {
            baseValue = UnitLocal(l.Source, 0);
        }

        _w.Line("TVec " + eta + " = " + (l.Intercept is { } i ? "TSimd.Add(" + baseValue + ", " + TermValue(i) + ")" : baseValue) + ";");
        _w.Line();
    }

    /// <summary>
    /// In the reverse pass, after the likelihood's: eta's adjoint to the last layer's unit, and to each term (a scalar's
    /// lanes accumulate; a per-group term's scatter into its slice of the gradient).
    /// </summary>
    private void EmitTermReverse()
    {
        if (!_graph.Likelihood.HasTerms)
        {
            return;
        }

        LikelihoodNode l = _graph.Likelihood;
        string etaAdj = LinkUnit + "_adj";
        _w.Line("// Reverse of the linear predictor: eta's adjoint goes to each of its terms.");
        if (l.Location is null)
        {
            _w.Line("TVec " + UnitLocal(l.Source, 0) + "_adj = " + etaAdj + ";");
        }

        foreach (TermNode term in Terms)
        {
            string adjoint = etaAdj;
            if (ReferenceEquals(term, l.Location) && LocationIsProbability)
            {
                // d logit(p)/dp = 1 / (p (1 − p)).
                string p = term.IsPerGroup ? _names.RowTerm(term.Name) : _names.Term(term.Name);
                adjoint = "TSimd.Divide(" + etaAdj + ", TSimd.Multiply(" + p + ", TSimd.Subtract(one, " + p + ")))";
            }

            if (term.IsPerGroup)
            {
                _w.Line(Lanes + "ScatterAdd<TSimd, TVec, " + _t + ">(" + _names.TermGradient(term.Name) + ", in " + _names.GroupIndex(term.Group!) + ", row, " + adjoint + ");");
            }
            else
            {
                _w.Line(_names.Term(term.Name) + "_adj = TSimd.Add(" + _names.Term(term.Name) + "_adj, " + adjoint + ");");
            }
        }
    }

    /// <summary>log(p) − log(1 − p), from the register <paramref name="p"/>.</summary>
    private static string Logit(string p) => "TSimd.Subtract(TSimd.Log(" + p + "), TSimd.Log1P(TSimd.Subtract(TSimd.Zero, " + p + ")))";

    /// <summary>After the row loop: each term's gradient with the minibatch scale.</summary>
    private void EmitTermGradients()
    {
        foreach (TermNode term in Terms)
        {
            if (term.IsPerGroup)
            {
                _w.Line("// '" + term.Name + "': the adjoints scattered per group, times the likelihood's scale.");
                using (_w.Block("for (int i = 0; i < " + Literal.Of(term.Length) + "; i++)"))
                {
                    _w.Line(_names.TermGradient(term.Name) + "[i] *= scale;");
                }
            }
            else
            {
                _w.Line(ValuesGradientSpan + "[" + Literal.Of(term.Offset) + "] += TSimd.Sum(" + _names.Term(term.Name) + "_adj) * scale;");
            }
        }
    }
}
