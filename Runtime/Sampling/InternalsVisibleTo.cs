// The end-to-end tests drive single NUTS chains of generated models to assert that a transition allocates nothing;
// the benchmarks time single transitions of such chains (NutsBenchmarks).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ModelGen.EndToEnd.Tests")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ModelGen.Benchmarks")]

// ModelGen.Orleans carries a chain's run between silos as numbers and builds the run again on the caller (NutsChains).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ModelGen.Orleans")]
