namespace TypedMpi;

/// <summary>Blocking point-to-point: the four send modes, receive, send-receive.</summary>
public partial class Communicator
{
    /// <summary>Sends one value to <paramref name="dest"/> (<c>MPI_Send</c>).</summary>
    public unsafe void Send<T>(T value, int dest, int tag) where T : unmanaged =>
        Check(Native.Send(&value, 1, Native.Datatype<T>(), Peer(dest), TagOf(tag), Handle), "MPI_Send", dest, tag);

    /// <summary>Sends the elements of <paramref name="data"/> to <paramref name="dest"/> with no copy (<c>MPI_Send</c>).</summary>
    public unsafe void Send<T>(ReadOnlySpan<T> data, int dest, int tag) where T : unmanaged
    {
        fixed (T* buffer = data)
        {
            Check(Native.Send(buffer, data.Length, Native.Datatype<T>(), Peer(dest), TagOf(tag), Handle), "MPI_Send", dest, tag);
        }
    }

    /// <summary>Synchronous send: returns only once the receiver has started receiving (<c>MPI_Ssend</c>).</summary>
    public unsafe void Ssend<T>(T value, int dest, int tag) where T : unmanaged =>
        Check(Native.Ssend(&value, 1, Native.Datatype<T>(), Peer(dest), TagOf(tag), Handle), "MPI_Ssend", dest, tag);

    /// <summary>Synchronous send of a span (<c>MPI_Ssend</c>).</summary>
    public unsafe void Ssend<T>(ReadOnlySpan<T> data, int dest, int tag) where T : unmanaged
    {
        fixed (T* buffer = data)
        {
            Check(Native.Ssend(buffer, data.Length, Native.Datatype<T>(), Peer(dest), TagOf(tag), Handle), "MPI_Ssend", dest, tag);
        }
    }

    /// <summary>Ready send: the matching receive must already be posted (<c>MPI_Rsend</c>).</summary>
    public unsafe void Rsend<T>(T value, int dest, int tag) where T : unmanaged =>
        Check(Native.Rsend(&value, 1, Native.Datatype<T>(), Peer(dest), TagOf(tag), Handle), "MPI_Rsend", dest, tag);

    /// <summary>Ready send of a span (<c>MPI_Rsend</c>).</summary>
    public unsafe void Rsend<T>(ReadOnlySpan<T> data, int dest, int tag) where T : unmanaged
    {
        fixed (T* buffer = data)
        {
            Check(Native.Rsend(buffer, data.Length, Native.Datatype<T>(), Peer(dest), TagOf(tag), Handle), "MPI_Rsend", dest, tag);
        }
    }

    /// <summary>Buffered send through the buffer attached with <see cref="BsendBuffer.Attach(int)"/> (<c>MPI_Bsend</c>).</summary>
    public unsafe void Bsend<T>(T value, int dest, int tag) where T : unmanaged =>
        Check(Native.Bsend(&value, 1, Native.Datatype<T>(), Peer(dest), TagOf(tag), Handle), "MPI_Bsend", dest, tag);

    /// <summary>Buffered send of a span (<c>MPI_Bsend</c>).</summary>
    public unsafe void Bsend<T>(ReadOnlySpan<T> data, int dest, int tag) where T : unmanaged
    {
        fixed (T* buffer = data)
        {
            Check(Native.Bsend(buffer, data.Length, Native.Datatype<T>(), Peer(dest), TagOf(tag), Handle), "MPI_Bsend", dest, tag);
        }
    }

    /// <summary>Receives one value (<c>MPI_Recv</c>).</summary>
    public unsafe T Recv<T>(int source, int tag) where T : unmanaged
    {
        T value = default;
        Check(Native.Recv(&value, 1, Native.Datatype<T>(), Peer(source), TagOf(tag), Handle, (void*)Native.Abi.StatusIgnore), "MPI_Recv", source, tag);
        return value;
    }

    /// <summary>Receives one value and the status telling who sent it with which tag.</summary>
    public unsafe T Recv<T>(int source, int tag, out Status status) where T : unmanaged
    {
        T value = default;
        RawStatus raw;
        Check(Native.Recv(&value, 1, Native.Datatype<T>(), Peer(source), TagOf(tag), Handle, &raw), "MPI_Recv", source, tag);
        status = new Status(Native, raw);
        return value;
    }

    /// <summary>
    /// Receives into <paramref name="buffer"/> with no copy (<c>MPI_Recv</c>). The message may be shorter than
    /// the buffer (<see cref="Status.Count{T}"/> tells how long); a longer one is an <see cref="MpiException"/>
    /// with <see cref="MpiErrorClass.Truncate"/>.
    /// </summary>
    public unsafe Status Recv<T>(Span<T> buffer, int source, int tag) where T : unmanaged
    {
        RawStatus raw;
        fixed (T* target = buffer)
        {
            Check(Native.Recv(target, buffer.Length, Native.Datatype<T>(), Peer(source), TagOf(tag), Handle, &raw), "MPI_Recv", source, tag);
        }

        return new Status(Native, raw);
    }

    /// <summary>Sends one value and receives one in a single deadlock-free step (<c>MPI_Sendrecv</c>).</summary>
    public unsafe T SendRecv<T>(T value, int dest, int source, int sendTag, int recvTag) where T : unmanaged
    {
        T received = default;
        var type = Native.Datatype<T>();
        Check(Native.Sendrecv(&value, 1, type, Peer(dest), TagOf(sendTag), &received, 1, type, Peer(source), TagOf(recvTag), Handle,
            (void*)Native.Abi.StatusIgnore), "MPI_Sendrecv", dest, sendTag);
        return received;
    }

    /// <summary>As <see cref="SendRecv{T}(T, int, int, int, int)"/> with one tag for both directions.</summary>
    public T SendRecv<T>(T value, int dest, int source, int tag) where T : unmanaged => SendRecv(value, dest, source, tag, tag);

    /// <summary>Sends <paramref name="send"/> and receives into <paramref name="receive"/> in one step (<c>MPI_Sendrecv</c>).</summary>
    public unsafe Status SendRecv<T>(ReadOnlySpan<T> send, int dest, int sendTag, Span<T> receive, int source, int recvTag) where T : unmanaged
    {
        RawStatus raw;
        var type = Native.Datatype<T>();
        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        {
            Check(Native.Sendrecv(sendBuffer, send.Length, type, Peer(dest), TagOf(sendTag), recvBuffer, receive.Length, type, Peer(source), TagOf(recvTag), Handle, &raw),
                "MPI_Sendrecv", dest, sendTag);
        }

        return new Status(Native, raw);
    }

    /// <summary>Sends the contents of <paramref name="buffer"/> and replaces them with the message received (<c>MPI_Sendrecv_replace</c>).</summary>
    public unsafe Status SendRecvReplace<T>(Span<T> buffer, int dest, int sendTag, int source, int recvTag) where T : unmanaged
    {
        RawStatus raw;
        fixed (T* data = buffer)
        {
            Check(Native.SendrecvReplace(data, buffer.Length, Native.Datatype<T>(), Peer(dest), TagOf(sendTag), Peer(source), TagOf(recvTag), Handle, &raw),
                "MPI_Sendrecv_replace", dest, sendTag);
        }

        return new Status(Native, raw);
    }
}
