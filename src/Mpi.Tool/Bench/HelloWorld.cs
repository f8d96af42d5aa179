using System.Globalization;
using System.Text;
using TypedMpi.Tool.Output;

namespace TypedMpi.Tool.Bench;

/// <summary>
/// mpi4py's helloworld: "Hello, World! I am process R of N on HOST." from every rank, printed by rank 0 in rank order
/// (each rank's host name is gathered to rank 0 as a fixed-size UTF-8 record, so the lines never interleave).
/// </summary>
internal static class HelloWorld
{
    private const int NameBytes = 256; // above any host name (HOST_NAME_MAX is 64 on Linux)

    public static int Run(BenchContext ctx)
    {
        var world = ctx.World;
        var mine = new byte[NameBytes];
        var name = Encoding.UTF8.GetBytes(ctx.Mpi.ProcessorName);
        var length = Math.Min(name.Length, NameBytes - 1);
        name.AsSpan(0, length).CopyTo(mine);
        var all = ctx.IsRoot ? new byte[NameBytes * world.Size] : [];
        world.Gather<byte>(mine, all, root: 0);
        if (!ctx.IsRoot)
        {
            return 0;
        }

        var width = (world.Size - 1).ToString(CultureInfo.InvariantCulture).Length; // mpi4py's %*d
        for (var rank = 0; rank < world.Size; rank++)
        {
            var record = all.AsSpan(rank * NameBytes, NameBytes);
            var end = record.IndexOf((byte)0);
            var host = Encoding.UTF8.GetString(end < 0 ? record : record[..end]);
            BenchContext.Print(ctx.Options.Json
                ? JsonLine.Head("helloworld", ctx.Impl, ctx.Library).Add("rank", rank).Add("size", world.Size).Add("host", host).ToString()
                : $"Hello, World! I am process {rank.ToString(CultureInfo.InvariantCulture).PadLeft(width)} of {world.Size} on {host}.");
        }

        return 0;
    }
}
