using System.Globalization;
using System.Numerics;

namespace ModelGen.Diagnostics;

/// <summary>
/// Which group each observation belongs to, for leave-one-group-out cross-validation: the log-likelihood of a group is
/// the sum of its rows' (the rows are independent given the parameters), so PSIS-LOO over the grouped matrix
/// (<see cref="LogLikelihoodMatrix.ByGroup"/>) leaves out one whole group at a time, as loo does on a matrix whose
/// columns are the groups' summed log-likelihoods. Group g is column g of the grouped matrix, for g from 0 to
/// <see cref="Levels"/> − 1.
/// </summary>
public sealed class LooGroups
{
    private readonly int[] _groupOfObservation;

    /// <summary>Groups given row by row.</summary>
    /// <param name="groupOfObservation">Each observation's group, from 0 to <paramref name="levels"/> − 1.</param>
    /// <param name="levels">How many groups; every one must hold at least one observation.</param>
    /// <param name="name">The grouping's name, used in messages (a <c>[Group]</c> element's name).</param>
    /// <exception cref="ArgumentException">A group index outside [0, levels) (naming the observation), or a group with no observation (naming it).</exception>
    public LooGroups(ReadOnlySpan<int> groupOfObservation, int levels, string name = "groups")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Levels = levels;
        _groupOfObservation = groupOfObservation.ToArray();
        var sizes = new int[levels];
        for (int i = 0; i < _groupOfObservation.Length; i++)
        {
            int g = _groupOfObservation[i];
            if ((uint)g >= (uint)levels)
            {
                throw new ArgumentException($"Observation {Text(i)} of grouping '{name}' is in group {Text(g)}; a group is from 0 to {Text(levels - 1)}.", nameof(groupOfObservation));
            }

            sizes[g]++;
        }

        int empty = Array.IndexOf(sizes, 0);
        if (empty >= 0)
        {
            throw new ArgumentException($"Group {Text(empty)} of grouping '{name}' has no observation; leaving it out predicts nothing. Number the observed groups from 0 without gaps.", nameof(groupOfObservation));
        }
    }

    /// <summary>The grouping's name.</summary>
    public string Name { get; }

    /// <summary>How many groups (the grouped matrix's observations).</summary>
    public int Levels { get; }

    /// <summary>How many observations are grouped.</summary>
    public int Observations => _groupOfObservation.Length;

    /// <summary>Each observation's group.</summary>
    public ReadOnlySpan<int> GroupOfObservation => _groupOfObservation;

    /// <summary>
    /// The groups of a generated model's <c>[Group]</c> element, read from the data the model was bound to: column
    /// <see cref="Group.Column"/> of <paramref name="input"/>, the array passed for <see cref="Group.Input"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A value that is not a whole number from 0 to <see cref="Group.Levels"/> − 1 (naming the group, row and column), or a level with no row.</exception>
    public static LooGroups Of<T>(T[,] input, Group group)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(group);
        if (group.Column >= input.GetLength(1))
        {
            throw new ArgumentException($"Group '{group.Name}' reads column {Text(group.Column)} of input '{group.Input}', which has {Text(input.GetLength(1))} columns.", nameof(input));
        }

        var groups = new int[input.GetLength(0)];
        for (int r = 0; r < groups.Length; r++)
        {
            T v = input[r, group.Column];
            if (!T.IsFinite(v) || T.Round(v) != v || v < T.Zero || v >= T.CreateTruncating(group.Levels))
            {
                throw new ArgumentException($"Group '{group.Name}' (input '{group.Input}', column {Text(group.Column)}) has {v.ToString(null, CultureInfo.InvariantCulture)} at row {Text(r)}; a group index is a whole number from 0 to {Text(group.Levels - 1)}.", nameof(input));
            }

            groups[r] = int.CreateTruncating(v);
        }

        return new LooGroups(groups, group.Levels, group.Name);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
