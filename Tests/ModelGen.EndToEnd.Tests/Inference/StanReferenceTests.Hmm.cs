using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Sampling;
using ModelGen.Testing;

namespace ModelGen.EndToEnd.Tests.Inference;

public sealed partial class StanReferenceTests
{
    [Fact]
    public void The_K_state_hidden_Markov_model_with_a_local_span_and_matrix_matches_Stan()
    {
        // Sample 5 as docs/terms.md writes it (HiddenMarkov: γ a local matrix, acc a local span), three states over four
        // symbols, 300 words (Tests/Data/stan/hmm3).
        StanData data = StanData.Load("hmm3");
        int k = data.Int("K"), v = data.Int("V");
        int[] words = [.. data.Vector("w").Select(w => (int)w - 1)];   // Stan's words are 1-based, ours 0-based
        var model = new HiddenMarkov(k: k, v: v, w: words, alpha: data.Vector("alpha"), beta: data.Matrix("beta"));
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 86, Draws = Draws });

        var names = new Dictionary<string, string>();
        for (int s = 1; s <= k; s++)
        {
            for (int j = 1; j <= k; j++)
            {
                names[$"theta[{s},{j}]"] = $"Theta[{s},{j}]";
            }

            for (int x = 1; x <= v; x++)
            {
                names[$"phi[{s},{x}]"] = $"Phi[{s},{x}]";
            }
        }

        AssertAgrees("hmm3", fit, names);
    }
}
