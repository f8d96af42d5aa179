using TypedMpi.Interop;

namespace TypedMpi.Tests;

public sealed class JitWarmupNoteTests
{
    private static readonly Dictionary<string, string> NoSettings = [];

    [Fact]
    public void One_CPU_gets_the_note_naming_the_variable_that_removes_the_delay()
    {
        var note = JitWarmupNote.For(NoSettings, processorCount: 1);
        Assert.NotNull(note);
        Assert.Contains("DOTNET_TC_DelaySingleProcMultiplier=1", note);
    }

    [Fact]
    public void More_CPUs_get_no_note() => Assert.Null(JitWarmupNote.For(NoSettings, processorCount: 2));

    [Theory]
    [InlineData("DOTNET_TC_DelaySingleProcMultiplier", "1")]
    [InlineData("COMPlus_TC_DelaySingleProcMultiplier", "1")]
    [InlineData("DOTNET_TieredCompilation", "0")]
    public void A_setting_that_already_deals_with_it_means_no_note(string variable, string value) =>
        Assert.Null(JitWarmupNote.For(new Dictionary<string, string> { [variable] = value }, processorCount: 1));
}
