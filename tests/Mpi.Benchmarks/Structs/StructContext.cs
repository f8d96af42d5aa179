using System.Runtime.InteropServices;

namespace TypedMpi.Benchmarks.Structs;

/// <summary>
/// What every structs measurement shares, allocated once before any timing: the ping-pong buffer and the
/// allreduce send and receive buffers (page-aligned, pinned, as long as the largest count, filled with
/// <see cref="Sample.ValueAt"/>, the receive buffer with zeros) and the samples.
/// </summary>
internal sealed class StructContext
{
    private readonly MessageBuffer _pingPong;
    private readonly MessageBuffer _send;
    private readonly MessageBuffer _receive;

    public StructContext(MpiEnvironment mpi, long maxCount, int maxIterations)
    {
        Mpi = mpi;
        Library = mpi.Library.VersionLine;
        var bytes = StructOptions.BytesOf(maxCount);
        _pingPong = new MessageBuffer(bytes);
        _send = new MessageBuffer(bytes);
        _receive = new MessageBuffer(bytes);
        Samples = new double[maxIterations];

        var pingPong = PingPong((int)maxCount);
        var send = Send((int)maxCount);
        for (var i = 0; i < send.Length; i++)
        {
            pingPong[i] = send[i] = Sample.ValueAt(i);
        }

        Receive((int)maxCount).Clear();
    }

    public MpiEnvironment Mpi { get; }

    public Communicator World => Mpi.World;

    public string Library { get; }

    public double[] Samples { get; }

    /// <summary>The first <paramref name="count"/> Samples of the ping-pong buffer.</summary>
    public Span<Sample> PingPong(int count) => Elements(_pingPong, count);

    /// <summary>The first <paramref name="count"/> Samples of the allreduce send buffer.</summary>
    public Span<Sample> Send(int count) => Elements(_send, count);

    /// <summary>The first <paramref name="count"/> Samples of the allreduce receive buffer.</summary>
    public Span<Sample> Receive(int count) => Elements(_receive, count);

    private static Span<Sample> Elements(MessageBuffer buffer, int count) =>
        MemoryMarshal.Cast<byte, Sample>(buffer.Memory.Span)[..count];
}
