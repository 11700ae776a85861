namespace ModelGen.Generator.Tests;

public class Smoke
{
    [Fact]
    public void Works() => Assert.Equal("0.1.0", ModelGen.Generator.Emit.ModelEmitter.Version);
}
