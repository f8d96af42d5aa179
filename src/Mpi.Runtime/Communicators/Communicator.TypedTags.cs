namespace TypedMpi;

/// <summary>Point-to-point with typed tags: the element type comes from the tag.</summary>
public partial class Communicator
{
    /// <summary>Sends one <typeparamref name="T"/> under its typed tag (<c>MPI_Send</c>).</summary>
    public void Send<T>(T value, int dest, Tag<T> tag) where T : unmanaged => Send(value, dest, tag.Value);

    /// <summary>Sends the elements of <paramref name="data"/> under their typed tag (<c>MPI_Send</c>).</summary>
    public void Send<T>(ReadOnlySpan<T> data, int dest, Tag<T> tag) where T : unmanaged => Send(data, dest, tag.Value);

    /// <summary>Receives the <typeparamref name="T"/> its typed tag carries (<c>MPI_Recv</c>).</summary>
    public T Recv<T>(int source, Tag<T> tag) where T : unmanaged => Recv<T>(source, tag.Value);

    /// <summary>Receives the <typeparamref name="T"/> its typed tag carries, with the status.</summary>
    public T Recv<T>(int source, Tag<T> tag, out Status status) where T : unmanaged => Recv<T>(source, tag.Value, out status);

    /// <summary>Receives <typeparamref name="T"/> elements into <paramref name="buffer"/> (<c>MPI_Recv</c>).</summary>
    public Status Recv<T>(Span<T> buffer, int source, Tag<T> tag) where T : unmanaged => Recv(buffer, source, tag.Value);

    /// <summary>Receives a message of unknown length under a typed tag into a right-sized array.</summary>
    public T[] RecvArray<T>(int source, Tag<T> tag) where T : unmanaged => RecvArray<T>(source, tag.Value);

    /// <summary>Sends one value and receives one under the same typed tag (<c>MPI_Sendrecv</c>).</summary>
    public T SendRecv<T>(T value, int dest, int source, Tag<T> tag) where T : unmanaged => SendRecv(value, dest, source, tag.Value, tag.Value);

    /// <summary>Starts sending a copy of <paramref name="value"/> under its typed tag (<c>MPI_Isend</c>).</summary>
    public Request Isend<T>(T value, int dest, Tag<T> tag) where T : unmanaged => Isend(value, dest, tag.Value);

    /// <summary>Starts sending an array under its typed tag (<c>MPI_Isend</c>).</summary>
    public Request Isend<T>(T[] data, int dest, Tag<T> tag) where T : unmanaged => Isend(data, dest, tag.Value);

    /// <summary>Starts receiving the <typeparamref name="T"/> its typed tag carries (<c>MPI_Irecv</c>).</summary>
    public ValueRequest<T> Irecv<T>(int source, Tag<T> tag) where T : unmanaged => Irecv<T>(source, tag.Value);

    /// <summary>Starts receiving into an array under a typed tag (<c>MPI_Irecv</c>).</summary>
    public Request Irecv<T>(T[] buffer, int source, Tag<T> tag) where T : unmanaged => Irecv(buffer, source, tag.Value);
}
