namespace TypedMpi.InProcess;

/// <summary>
/// Moves data between two typed buffers, as MPI does between a send and a receive: element data in type-signature
/// order, at most what the receive buffer holds.
/// </summary>
internal static unsafe class TypedCopy
{
    /// <summary>
    /// Copies <paramref name="count"/> elements of <paramref name="sourceType"/> at <paramref name="from"/> into room for
    /// <paramref name="capacity"/> elements of <paramref name="targetType"/> at <paramref name="to"/>.
    /// </summary>
    /// <returns>The data bytes delivered; <paramref name="truncated"/> is set when the message held more.</returns>
    public static long Copy(byte* from, long count, InProcessType sourceType, byte* to, long capacity, InProcessType targetType, out bool truncated)
    {
        var messageBytes = count * sourceType.Size;
        var room = capacity * targetType.Size;
        truncated = messageBytes > room;
        var bytes = Math.Min(messageBytes, room);
        if (bytes == 0)
        {
            return 0;
        }

        if (sourceType.IsContiguous && targetType.IsContiguous)
        {
            Buffer.MemoryCopy(from, to, bytes, bytes);
            return bytes;
        }

        if (SameLayout(sourceType, targetType))
        {
            // Same struct on both sides: whole elements, padding included, in one copy.
            var elements = bytes / sourceType.Size;
            var span = elements * sourceType.Extent;
            Buffer.MemoryCopy(from, to, span, span);
            return bytes;
        }

        Stream(from, sourceType, to, targetType, bytes);
        return bytes;
    }

    /// <summary>Bytes that <paramref name="count"/> elements of <paramref name="type"/> occupy in memory.</summary>
    public static long Span(long count, InProcessType type) => count == 0 ? 0 : count * type.Extent;

    private static bool SameLayout(InProcessType a, InProcessType b) =>
        a.CopiesWholeExtent && b.CopiesWholeExtent && a.Extent == b.Extent && a.Size == b.Size
        && (ReferenceEquals(a.Blocks, b.Blocks) || a.Blocks.AsSpan().SequenceEqual(b.Blocks));

    /// <summary>Walks the data blocks of both sides in step, copying the overlap of the current block of each.</summary>
    private static void Stream(byte* from, InProcessType sourceType, byte* to, InProcessType targetType, long bytes)
    {
        var source = new Cursor(sourceType);
        var target = new Cursor(targetType);
        while (bytes > 0)
        {
            var run = Math.Min(Math.Min(source.Left, target.Left), bytes);
            Buffer.MemoryCopy(from + source.Position, to + target.Position, run, run);
            source.Advance(run);
            target.Advance(run);
            bytes -= run;
        }
    }

    /// <summary>A position in the data bytes of an array of elements of one type.</summary>
    private struct Cursor(InProcessType type)
    {
        private long _element;
        private int _block;
        private long _within;

        public readonly long Position => _element * type.Extent + type.Blocks[_block].Offset + _within;

        public readonly long Left => type.Blocks[_block].Length - _within;

        public void Advance(long run)
        {
            _within += run;
            if (_within < type.Blocks[_block].Length)
            {
                return;
            }

            _within = 0;
            if (++_block == type.Blocks.Length)
            {
                _block = 0;
                _element++;
            }
        }
    }
}
