using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// A fit grain's state as the storages write it: the result travels as one blob (<see cref="FitGrainState.ResultBytes"/>),
/// not as JSON text of each of its numbers, and reads back to the same result.
/// </summary>
public sealed class FitStateTests
{
    [Fact]
    public void The_default_json_storage_writes_the_result_as_one_blob_that_reads_back_to_the_same_result()
    {
        Serializer orleans = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var json = new JsonGrainStorageSerializer(new OrleansJsonSerializer(Options.Create(new OrleansJsonSerializerOptions())));
        double[] draws = [.. Enumerable.Range(0, 4_000).Select(i => Math.Sqrt(i + 0.1) / 3)];
        var result = new FitResult { Key = "k1", Iterations = 2_000, Draws = draws, Mean = [0.25, -1.5], Rho = [-3.0, -2.5] };
        var state = new FitGrainState
        {
            Request = new FitRequest("M", "k1", new FleetFitOptions()),
            Checkpoint = [1, 2, 3],
            Result = result,
            ResultBytes = orleans.SerializeToArray(result),
        };

        string text = json.Serialize(state).ToString();
        Assert.DoesNotContain("\"Result\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(draws[1_234].ToString("R", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);

        FitGrainState read = json.Deserialize<FitGrainState>(BinaryData.FromString(text))!;
        Assert.Null(read.Result);
        FitResult back = orleans.Deserialize<FitResult>(read.ResultBytes!)!;
        Assert.Equal(draws, back.Draws);
        Assert.Equal((result.Key, result.Iterations), (back.Key, back.Iterations));
        Assert.Equal(result.Mean, back.Mean);
        Assert.Equal(state.Request, read.Request);
        Assert.Equal(state.Checkpoint, read.Checkpoint);
    }
}
