namespace TypedMpi.Benchmarks;

/// <summary>
/// The one message buffer of the run, like pingpong.c's: allocated once, page-aligned, as long as the largest
/// message (rounded up to whole pages) and touched before any timing. It is a slice of an array on the pinned
/// object heap, so the GC never moves it and its alignment holds.
/// </summary>
internal sealed class MessageBuffer
{
    private readonly byte[] _array;
    private readonly int _offset;

    public unsafe MessageBuffer(long maxBytes)
    {
        var page = Environment.SystemPageSize;
        var length = (maxBytes + page - 1) / page * page;
        if (length + page > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "message too large for one buffer");
        }

        _array = GC.AllocateUninitializedArray<byte>((int)(length + page), pinned: true);
        fixed (byte* start = _array)
        {
            _offset = (int)((page - (long)((nuint)start % (nuint)page)) % page);
        }

        Length = (int)length;
        Memory.Span.Fill(0xA5);
    }

    /// <summary>The whole aligned buffer.</summary>
    public Memory<byte> Memory => _array.AsMemory(_offset, Length);

    public int Length { get; }
}
