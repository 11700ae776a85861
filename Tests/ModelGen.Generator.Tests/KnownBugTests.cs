namespace ModelGen.Generator.Tests;

/// <summary>
/// Generator bugs found and not fixed yet, each written as the test that passes once it is fixed and skipped until
/// then, with the bug named in the skip reason ("Bnn: …"). B: the generator crashes or emits code that does
/// not compile; C: one mistake gives a cascade of diagnostics instead of one clear error. A robustness failure of a
/// bug listed here goes in <see cref="RobustnessTests"/>' known list until the fix. When a bug is fixed, un-skip its
/// test and move it to the class it belongs in (<see cref="OneErrorTests"/>, <see cref="DeclarationTests"/>,
/// <see cref="SurfaceTests"/>, …). None is open: the review's B01–B13 and C1–C8 are fixed and tested there.
/// </summary>
public class KnownBugTests
{
}
