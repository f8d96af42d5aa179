using TypedMpi.Binding;

namespace TypedMpi.Tests.Binding;

/// <summary>The Linux CPU list format, as /sys writes it and the plan prints it.</summary>
public sealed class CpuListTests
{
    [Theory]
    [InlineData("0-3,8,10-11", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [InlineData("5", new[] { 5 })]
    [InlineData("0-71\n", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71 })]
    [InlineData("\t0,36\n", new[] { 0, 36 })]
    [InlineData("8,0-1,1", new[] { 0, 1, 8 })]
    [InlineData("", new int[0])]
    [InlineData("\n", new int[0])]
    public void Parse_reads_ids_and_ranges_sorted_and_without_duplicates(string text, int[] expected) =>
        Assert.Equal(expected, CpuList.Parse(text));

    [Theory]
    [InlineData("3-1")]
    [InlineData("a")]
    [InlineData("0,,1")]
    [InlineData("0-")]
    [InlineData("-1")]
    [InlineData("0-7:2")]
    [InlineData("1,")]
    [InlineData("99999999")]
    public void Parse_rejects_what_is_not_a_list(string text) =>
        Assert.Throws<FormatException>(() => CpuList.Parse(text));

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 4, 9 }, "0-4,9")]
    [InlineData(new[] { 1, 2 }, "1-2")]
    [InlineData(new[] { 7 }, "7")]
    [InlineData(new[] { 0, 2, 4 }, "0,2,4")]
    [InlineData(new[] { 36, 0, 1, 37, 1 }, "0-1,36-37")]
    [InlineData(new int[0], "")]
    public void Format_compresses_runs_into_ranges(int[] ids, string expected) =>
        Assert.Equal(expected, CpuList.Format(ids));

    [Fact]
    public void Format_and_Parse_round_trip()
    {
        int[] ids = [0, 1, 2, 3, 8, 10, 11, 36, 40, 41, 42, 1023];
        Assert.Equal(ids, CpuList.Parse(CpuList.Format(ids)));
        Assert.Equal("0-3,8,10-11,36,40-42,1023", CpuList.Format(ids));
    }
}
