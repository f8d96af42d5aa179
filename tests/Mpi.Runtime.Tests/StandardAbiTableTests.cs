using System.Text.Json;
using TypedMpi.Abi;

namespace TypedMpi.Tests;

/// <summary>
/// No MPI-5 standard-ABI library exists on the build machines, so its table is checked value by value against
/// the normative <c>mpi-standard-5.0-abi.json</c> (the abi_value fields, kept in Data/).
/// </summary>
public sealed class StandardAbiTableTests
{
    private static readonly IReadOnlyDictionary<string, long> Standard = LoadStandard();
    private static readonly AbiTable Table = AbiTable.For(AbiFamily.MpiAbi);

    public static TheoryData<string> HandleNames() => new(AbiNames.Handles.Values);

    [Theory]
    [MemberData(nameof(HandleNames))]
    public void Every_predefined_handle_has_the_standard_value(string name)
    {
        var handle = AbiNames.Handles.Single(p => p.Value == name).Key;
        Assert.Equal(Standard[name], Table.HandleValues![handle]);
    }

    [Fact]
    public void Every_predefined_handle_the_runtime_uses_is_in_the_table() =>
        Assert.All(Enum.GetValues<PredefinedHandle>(), h => Assert.True(Table.HandleValues!.ContainsKey(h), $"{h} missing"));

    [Fact]
    public void Sentinels_and_constants_match_the_standard()
    {
        Assert.Equal(Standard["MPI_ANY_SOURCE"], Table.AnySource);
        Assert.Equal(Standard["MPI_ANY_TAG"], Table.AnyTag);
        Assert.Equal(Standard["MPI_PROC_NULL"], Table.ProcNull);
        Assert.Equal(Standard["MPI_ROOT"], Table.Root);
        Assert.Equal(Standard["MPI_UNDEFINED"], Table.Undefined);
        Assert.Equal(Standard["MPI_IN_PLACE"], (long)Table.InPlace);
        Assert.Equal(Standard["MPI_STATUS_IGNORE"], (long)Table.StatusIgnore);
        Assert.Equal(Standard["MPI_COMM_TYPE_SHARED"], Table.CommTypeShared);
        Assert.Equal(Standard["MPI_CART"], Table.TopologyCartesian);
        Assert.Equal(Standard["MPI_BSEND_OVERHEAD"], Table.BsendOverhead);
        Assert.Equal(Standard["MPI_TAG_UB"], Table.TagUpperBoundKeyval);
        Assert.Equal(new[] { Standard["MPI_THREAD_SINGLE"], Standard["MPI_THREAD_FUNNELED"], Standard["MPI_THREAD_SERIALIZED"], Standard["MPI_THREAD_MULTIPLE"] },
            Table.ThreadLevels.Select(v => (long)v));
        Assert.Equal(new[] { Standard["MPI_IDENT"], Standard["MPI_CONGRUENT"], Standard["MPI_SIMILAR"], Standard["MPI_UNEQUAL"] },
            Table.ComparisonResults.Select(v => (long)v));
    }

    [Fact]
    public void Status_is_32_bytes_with_source_tag_error_first()
    {
        Assert.Equal(32, Table.StatusSize);
        Assert.Equal((0, 4, 8), (Table.StatusSourceOffset, Table.StatusTagOffset, Table.StatusErrorOffset));
        Assert.Equal(8, Table.HandleSize);
    }

    [Fact]
    public void Every_error_class_of_the_standard_maps_to_the_same_portable_class()
    {
        foreach (var errorClass in Enum.GetValues<MpiErrorClass>().Where(c => c >= MpiErrorClass.Success))
        {
            var name = MpiNames.ErrorClass(errorClass);
            Assert.True(Standard.ContainsKey(name), $"{name} is not in the standard");
            Assert.Equal(errorClass, Table.TranslateErrorClass((int)Standard[name]));
        }
    }

    private static Dictionary<string, long> LoadStandard()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "mpi-standard-5.0-abi-values.json")));
        return json.RootElement.GetProperty("constants").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetInt64());
    }
}
