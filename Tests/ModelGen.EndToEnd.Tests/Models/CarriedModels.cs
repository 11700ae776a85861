using static ModelGen.Terms.Math;

namespace ModelGen.EndToEnd.Tests.Models;

// [Term] methods whose loops carry values from one trip to the next (docs/terms.md, "Values carried across iterations";
// CarriedTests): each kernel against the method run as written, central differences and a closed form.

/// <summary>
/// Three locals carried by a loop from 0: a level overwritten each trip, its previous value set in an 'if'/'else' on
/// data, and a decay scaled by '*='; the sum is read inside the loop, and all of them after it.
/// </summary>
[Model<double>]
public partial class CarriedLocals
{
    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 1)] public partial double Mu { get; }

    [Beta(2, 2)] public partial double Rho { get; }

    [HalfNormal(1)] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double level = Mu;
        double previous = 0;
        double decay = 1;
        double lp = 0;
        for (int t = 0; t < Y.Length; t++)
        {
            double next = Rho * level + (1 - Rho) * Y[t];
            lp += Normal(Y[t], level + 0.5 * previous * decay, Sigma) - 0.01 * lp;
            if (Y[t] > 0)
            {
                previous = level;
            }
            else
            {
                previous = 0.5 * previous;
            }

            level = next;
            decay *= Rho;
        }

        return lp + Normal(level, Mu, 2 * Sigma) - previous * previous + decay;
    }
}

/// <summary>A carried error from a data size K (a start that is not a constant), as an MA(1) after K values.</summary>
[Model<double>]
public partial class CarriedFromK
{
    [Data] public partial int K { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 1)] public partial double Mu { get; }

    [Normal(0, 0.5)] public partial double Theta { get; }

    [HalfNormal(1)] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double err = 0;
        double lp = 0;
        for (int t = K; t < Y.Length; t++)
        {
            err = Y[t] - Mu - Theta * err;
            lp += Normal(err, 0, Sigma);
        }

        return lp;
    }
}

/// <summary>
/// A carried local read after its loop by a later loop that sums into the returned local (a block of its own, so the
/// carried loop is printed inside each of its trips).
/// </summary>
[Model<double>]
public partial class CarriedThenLoop
{
    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 1)] public partial double Mu { get; }

    [Beta(2, 2)] public partial double Rho { get; }

    [HalfNormal(1)] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double level = Mu;
        for (int t = 0; t < Y.Length; t++)
        {
            level = Rho * level + (1 - Rho) * Y[t];
        }

        double lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            lp += Normal(Y[n], Rho * level, Sigma);
        }

        return lp;
    }
}

/// <summary><see cref="CarriedLocals"/> in float, against the double model.</summary>
[Model<float>]
public partial class CarriedLocalsF
{
    [Data] public partial ReadOnlySpan<float> Y { get; }

    [Normal(0, 1)] public partial float Mu { get; }

    [Beta(2, 2)] public partial float Rho { get; }

    [HalfNormal(1)] public partial float Sigma { get; }

    [Term]
    float Likelihood()
    {
        float level = Mu;
        float previous = 0;
        float decay = 1;
        float lp = 0;
        for (int t = 0; t < Y.Length; t++)
        {
            float next = Rho * level + (1 - Rho) * Y[t];
            lp += Normal(Y[t], level + 0.5f * previous * decay, Sigma) - 0.01f * lp;
            if (Y[t] > 0)
            {
                previous = level;
            }
            else
            {
                previous = 0.5f * previous;
            }

            level = next;
            decay *= Rho;
        }

        return lp + Normal(level, Mu, 2 * Sigma) - previous * previous + decay;
    }
}
