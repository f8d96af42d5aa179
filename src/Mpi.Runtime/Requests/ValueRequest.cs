namespace TypedMpi;

/// <summary>
/// A nonblocking operation that delivers one value of <typeparamref name="T"/>, e.g.
/// <see cref="Communicator.Irecv{T}(int, int)"/>. Waiting is the only way to get the value.
/// </summary>
/// <remarks>
/// The value lands in memory the request owns, so nothing of the caller's needs to stay pinned. The request
/// converts to <see cref="Request"/> for the set functions (<see cref="Request.WaitAll(ReadOnlySpan{Request})"/>);
/// the value is then read with <see cref="Wait()"/>, which returns at once.
/// </remarks>
public readonly unsafe struct ValueRequest<T> where T : unmanaged
{
    private readonly Request _request;
    private readonly int _resultOffset;

    /// <param name="slot">The started request.</param>
    /// <param name="resultOffset">Where in the request's storage the value lands.</param>
    internal ValueRequest(RequestSlot slot, int resultOffset = 0)
    {
        _request = new Request(slot);
        _resultOffset = resultOffset;
    }

    /// <summary>True while the operation has not completed.</summary>
    public bool IsPending => _request.IsPending;

    /// <summary>Blocks until the value has arrived and returns it.</summary>
    /// <exception cref="InvalidOperationException">The value was already taken by an earlier Wait or Test.</exception>
    public T Wait() => Wait(out _);

    /// <summary>Blocks until the value has arrived and returns it with the status.</summary>
    public T Wait(out Status status)
    {
        status = _request.Wait();
        return TakeResult();
    }

    /// <summary>Returns true with the value when the operation has completed; never blocks.</summary>
    public bool Test(out T value)
    {
        if (_request.LiveSlot() is { Pending: true } && !_request.Test(out _))
        {
            value = default;
            return false;
        }

        value = TakeResult();
        return true;
    }

    /// <summary>Asks MPI to cancel the operation; it must still be completed with <see cref="Wait()"/>.</summary>
    public void Cancel() => _request.Cancel();

    /// <summary>The untyped request, for <see cref="Request.WaitAll(ReadOnlySpan{Request})"/> and the other set functions.</summary>
    public static implicit operator Request(ValueRequest<T> request) => request._request;

    /// <summary>The untyped request.</summary>
    public Request ToRequest() => _request;

    private T TakeResult()
    {
        if (_request.LiveSlot() is not { HoldsResult: true } slot)
        {
            throw new InvalidOperationException(
                $"This ValueRequest<{typeof(T).Name}> has no value to return: its value was already taken by an earlier Wait or Test.");
        }

        var value = *(T*)(slot.Inline + _resultOffset);
        RequestPool.Return(slot);
        return value;
    }
}
