// The end-to-end tests drive single NUTS chains of generated models to assert that a transition allocates nothing;
// the benchmarks time single transitions of such chains (NutsBenchmarks).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ModelGen.EndToEnd.Tests")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ModelGen.Benchmarks")]
