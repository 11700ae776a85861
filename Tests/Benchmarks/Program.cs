using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ModelGen.Simd;

// Usage: dotnet run -c Release --project Tests/Benchmarks -- --filter '*'
// The host's vector support is printed first; BenchmarkDotNet's summary names the CPU and runtime.
// Min and Median sit beside Mean: on a shared 2-core machine they are the figures least moved by
// other processes.
Console.WriteLine($"simd: {SimdSupport.Describe()}");
IConfig config = DefaultConfig.Instance.AddColumn(StatisticColumn.Min, StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(ModelGen.Benchmarks.MoonsFixture).Assembly).Run(args, config);
