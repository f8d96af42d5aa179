using System.Globalization;
using System.Text.Json;
using TypedMpi.Abi;
using TypedMpi.Tests.Infrastructure;

namespace TypedMpi.Tests;

/// <summary>
/// The C ABI probe (native/abi-probe), built with each installed mpicc and run under its launcher, prints what the
/// library's own mpi.h says; the runtime's table for that family must agree with every value.
/// </summary>
public sealed class AbiProbeTests
{
    private static readonly Dictionary<string, JsonElement> s_probes = new();

    public static TheoryData<string> Implementations() => new(MpiImplementation.All.Select(i => i.Name));

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Handle_size_status_layout_and_sentinels_match_C(string implementation)
    {
        var (probe, table) = Probe(implementation);
        Assert.Equal(table.HandleSize, probe.GetProperty("sizes").GetProperty("MPI_Comm").GetInt32());
        Assert.Equal(table.HandleSize, probe.GetProperty("sizes").GetProperty("MPI_Request").GetInt32());
        Assert.Equal(table.StatusSize, probe.GetProperty("sizes").GetProperty("MPI_Status").GetInt32());
        var offsets = probe.GetProperty("status_offsets");
        Assert.Equal(table.StatusSourceOffset, offsets.GetProperty("MPI_SOURCE").GetInt32());
        Assert.Equal(table.StatusTagOffset, offsets.GetProperty("MPI_TAG").GetInt32());
        Assert.Equal(table.StatusErrorOffset, offsets.GetProperty("MPI_ERROR").GetInt32());

        var ints = probe.GetProperty("int_constants");
        Assert.Equal(table.AnySource, ints.GetProperty("MPI_ANY_SOURCE").GetInt32());
        Assert.Equal(table.AnyTag, ints.GetProperty("MPI_ANY_TAG").GetInt32());
        Assert.Equal(table.ProcNull, ints.GetProperty("MPI_PROC_NULL").GetInt32());
        Assert.Equal(table.Root, ints.GetProperty("MPI_ROOT").GetInt32());
        Assert.Equal(table.Undefined, ints.GetProperty("MPI_UNDEFINED").GetInt32());
        Assert.Equal(table.CommTypeShared, ints.GetProperty("MPI_COMM_TYPE_SHARED").GetInt32());
        Assert.Equal(table.TopologyCartesian, ints.GetProperty("MPI_CART").GetInt32());
        Assert.Equal(table.BsendOverhead, ints.GetProperty("MPI_BSEND_OVERHEAD").GetInt32());
        Assert.Equal(table.ThreadLevels, new[] { "MPI_THREAD_SINGLE", "MPI_THREAD_FUNNELED", "MPI_THREAD_SERIALIZED", "MPI_THREAD_MULTIPLE" }
            .Select(n => ints.GetProperty(n).GetInt32()));
        Assert.Equal(table.ComparisonResults, new[] { "MPI_IDENT", "MPI_CONGRUENT", "MPI_SIMILAR", "MPI_UNEQUAL" }
            .Select(n => ints.GetProperty(n).GetInt32()));

        var pointers = probe.GetProperty("pointer_constants");
        Assert.Equal((ulong)table.InPlace, Hex(pointers.GetProperty("MPI_IN_PLACE")));
        Assert.Equal((ulong)table.StatusIgnore, Hex(pointers.GetProperty("MPI_STATUS_IGNORE")));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Every_error_class_of_the_header_maps_to_its_portable_class(string implementation)
    {
        var (probe, table) = Probe(implementation);
        foreach (var entry in probe.GetProperty("error_classes").EnumerateObject().Where(e => e.Name != "MPI_ERR_LASTCODE"))
        {
            var portable = table.TranslateErrorClass(entry.Value.GetInt32());
            Assert.True(MpiNames.ErrorClass(portable) == entry.Name,
                $"{implementation}: {entry.Name} = {entry.Value.GetInt32()} translates to {MpiNames.ErrorClass(portable)}");
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Every_predefined_handle_matches_C(string implementation)
    {
        var (probe, table) = Probe(implementation);
        var handles = probe.GetProperty("handles");
        foreach (var (which, name) in AbiNames.Handles)
        {
            Assert.True(handles.TryGetProperty(name, out var c), $"the probe does not print {name}");
            if (table.HandleSymbols is { } symbols)
            {
                // Open MPI: the handle is the address of an exported object; C and the runtime must name the same one.
                Assert.True(c.GetProperty("dlsym_matches").GetBoolean(), $"{name}: dlsym does not give C's address");
                Assert.Equal(c.GetProperty("symbol").GetString(), symbols[which]);
            }
            else
            {
                Assert.True((ulong)table.HandleValues![which] == Hex(c.GetProperty("value")), $"{name}: runtime 0x{table.HandleValues[which]:x}, C {c.GetProperty("value")}");
            }
        }
    }

    private static ulong Hex(JsonElement value) =>
        ulong.Parse(value.GetString()!.Replace("0x", "", StringComparison.Ordinal), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>Builds the probe with the implementation's mpicc and runs it as a 1-rank job under its launcher.</summary>
    private static (JsonElement Probe, AbiTable Table) Probe(string implementation)
    {
        var mpi = MpiImplementation.Named(implementation);
        lock (s_probes)
        {
            if (!s_probes.TryGetValue(implementation, out var probe))
            {
                var probePath = NativePrograms.Build(mpi, "probe");
                var run = ProcessRunner.Run(mpi.Launcher, [.. mpi.LauncherOptions, "-n", "1", probePath], mpi.Environment, TimeSpan.FromMinutes(1));
                Assert.True(run.ExitCode == 0, $"the probe failed under {mpi.Launcher}: {run}");
                probe = JsonDocument.Parse(run.StandardOutput).RootElement.Clone();
                Assert.Equal(implementation, probe.GetProperty("family").GetString());
                s_probes[implementation] = probe;
            }

            return (probe, AbiTable.For(implementation == "openmpi" ? AbiFamily.OpenMpi : AbiFamily.Mpich));
        }
    }
}
