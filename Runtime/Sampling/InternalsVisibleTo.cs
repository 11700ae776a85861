// The end-to-end tests drive single NUTS chains of generated models to assert that a transition allocates nothing.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ModelGen.EndToEnd.Tests")]
