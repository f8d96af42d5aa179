namespace TypedMpi;

/// <summary>Probing for messages, matched probes and receives of unknown length.</summary>
public partial class Communicator
{
    /// <summary>Blocks until a matching message is available and returns its status without receiving it (<c>MPI_Probe</c>).</summary>
    public unsafe Status Probe(int source, int tag)
    {
        RawStatus raw;
        Check(Native.Probe(Peer(source), TagOf(tag), Handle, &raw), "MPI_Probe", source, tag);
        return new Status(Native, raw);
    }

    /// <summary>Checks, without blocking, whether a matching message is available (<c>MPI_Iprobe</c>).</summary>
    public unsafe bool Iprobe(int source, int tag, out Status status)
    {
        RawStatus raw;
        int flag = 0;
        Check(Native.Iprobe(Peer(source), TagOf(tag), Handle, &flag, &raw), "MPI_Iprobe", source, tag);
        status = flag != 0 ? new Status(Native, raw) : default;
        return flag != 0;
    }

    /// <summary>
    /// Blocks until a matching message is available and takes it out of the matching queue (<c>MPI_Mprobe</c>):
    /// no other receive can steal it before <see cref="Message.Recv{T}(Span{T})"/>. Safe with several receiving threads.
    /// </summary>
    public unsafe Message Mprobe(int source, int tag, out Status status)
    {
        RawStatus raw;
        nint message = 0;
        Check(Native.Mprobe(Peer(source), TagOf(tag), Handle, &message, &raw), "MPI_Mprobe", source, tag);
        status = new Status(Native, raw);
        return new Message(this, message, status);
    }

    /// <summary>The non-blocking form of <see cref="Mprobe"/> (<c>MPI_Improbe</c>).</summary>
    public unsafe bool Improbe(int source, int tag, out Message message, out Status status)
    {
        RawStatus raw;
        nint handle = 0;
        int flag = 0;
        Check(Native.Improbe(Peer(source), TagOf(tag), Handle, &flag, &handle, &raw), "MPI_Improbe", source, tag);
        status = flag != 0 ? new Status(Native, raw) : default;
        message = flag != 0 ? new Message(this, handle, status) : default;
        return flag != 0;
    }

    /// <summary>
    /// Receives a message whose length is not known in advance into a new array of exactly its length: a
    /// matched probe for the size, then the receive.
    /// </summary>
    public T[] RecvArray<T>(int source, int tag) where T : unmanaged => RecvArray<T>(source, tag, out _);

    /// <summary>As <see cref="RecvArray{T}(int, int)"/>, with the status.</summary>
    public T[] RecvArray<T>(int source, int tag, out Status status) where T : unmanaged
    {
        var message = Mprobe(source, tag, out status);
        var result = new T[status.Count<T>()];
        message.Recv<T>(result);
        return result;
    }
}
