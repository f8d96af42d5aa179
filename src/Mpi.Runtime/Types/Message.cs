namespace TypedMpi;

/// <summary>
/// A message taken out of the matching queue by <see cref="Communicator.Mprobe"/>: only this object can receive it.
/// </summary>
public readonly struct Message
{
    private readonly Communicator? _communicator;
    private readonly nint _handle;

    internal Message(Communicator communicator, nint handle, Status status)
    {
        _communicator = communicator;
        _handle = handle;
        Status = status;
    }

    /// <summary>The status the probe returned: source, tag and the means to size the receive buffer.</summary>
    public Status Status { get; }

    /// <summary>Receives the message into <paramref name="buffer"/> (<c>MPI_Mrecv</c>).</summary>
    public unsafe Status Recv<T>(Span<T> buffer) where T : unmanaged
    {
        var communicator = _communicator ?? throw new InvalidOperationException("This Message came from no probe (default value).");
        var native = communicator.Native;
        var handle = _handle;
        RawStatus raw;
        fixed (T* target = buffer)
        {
            communicator.Check(native.Mrecv(target, buffer.Length, native.Datatype<T>(), &handle, &raw), "MPI_Mrecv", Status.Source, Status.Tag);
        }

        return new Status(native, raw);
    }

    /// <summary>Receives a one-value message.</summary>
    public unsafe T Recv<T>() where T : unmanaged
    {
        T value = default;
        Recv(new Span<T>(ref value));
        return value;
    }
}
