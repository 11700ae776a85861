using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ModelGen.Simd;

// Usage: dotnet run -c Release --project Tests/Benchmarks -- --filter '*'
//        dotnet run -c Release --project Tests/Benchmarks -- --terms-nuts   (NUTS on the term samples)
//        dotnet run -c Release --project Tests/Benchmarks -- --terms-cpu    (their gradients' processor time)
//        dotnet run -c Release --project Tests/Benchmarks -- --rows-cpu     (row terms against the scalar loop)
// The host's vector support is printed first; BenchmarkDotNet's summary names the CPU and runtime.
// Min and Median sit beside Mean: on a shared 2-core machine they are the figures least moved by
// other processes.
Console.WriteLine($"simd: {SimdSupport.Describe()}");
if (args is ["--rows-cpu"])
{
    ModelGen.Benchmarks.RowTermProcessorTime.Run();
    return;
}

if (args is ["--terms-nuts"] or ["--terms-cpu"])
{
    // Not BenchmarkDotNet: the term samples timed as Stan's are (TermSampleNuts, TermSampleProcessorTime say how).
    if (args[0] == "--terms-nuts")
    {
        ModelGen.Benchmarks.TermSampleNuts.Run();
    }
    else
    {
        ModelGen.Benchmarks.TermSampleProcessorTime.Run();
    }

    return;
}

IConfig config = DefaultConfig.Instance.AddColumn(StatisticColumn.Min, StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(ModelGen.Benchmarks.MoonsFixture).Assembly).Run(args, config);
