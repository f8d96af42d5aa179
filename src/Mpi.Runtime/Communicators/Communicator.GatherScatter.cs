namespace TypedMpi;

/// <summary>Gather, scatter, allgather and all-to-all, with their variable-count (v) forms.</summary>
public partial class Communicator
{
    /// <summary>Collects one value from every rank; the root gets them in rank order, other ranks null (<c>MPI_Gather</c>).</summary>
    public T[]? Gather<T>(T value, int root) where T : unmanaged
    {
        var result = Rank == RootOf(root) ? new T[Size] : null;
        Gather(new ReadOnlySpan<T>(in value), result, root);
        return result;
    }

    /// <summary>Collects <paramref name="send"/> from every rank into <paramref name="receive"/> at the root, rank r's block at r × count (<c>MPI_Gather</c>).</summary>
    /// <param name="send">This rank's block; the same length on every rank.</param>
    /// <param name="receive">At the root, room for Size × <c>send.Length</c>; ignored elsewhere (may be empty).</param>
    /// <param name="root">The collecting rank.</param>
    public unsafe void Gather<T>(ReadOnlySpan<T> send, Span<T> receive, int root) where T : unmanaged
    {
        var atRoot = Rank == RootOf(root);
        if (atRoot && receive.Length < send.Length * Size)
        {
            ThrowBufferTooSmall("The receive buffer of Gather at the root", send.Length * Size, receive.Length);
        }

        var type = Native.Datatype<T>();
        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        {
            Check(Native.Gather(sendBuffer, send.Length, type, recvBuffer, send.Length, type, root, Handle), "MPI_Gather");
        }
    }

    /// <summary>
    /// Collects blocks of different lengths: rank r's <paramref name="send"/> lands at <c>displacements[r]</c> of the
    /// root's <paramref name="receive"/> (<c>MPI_Gatherv</c>). Counts and displacements matter at the root only.
    /// </summary>
    public unsafe void Gatherv<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, int root) where T : unmanaged
    {
        var atRoot = Rank == RootOf(root);
        if (atRoot)
        {
            CheckLayout("Gatherv", counts, displacements, receive.Length);
        }

        var type = Native.Datatype<T>();
        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        fixed (int* countArray = counts)
        fixed (int* displacementArray = displacements)
        {
            Check(Native.Gatherv(sendBuffer, send.Length, type, recvBuffer, countArray, displacementArray, type, root, Handle), "MPI_Gatherv");
        }
    }

    /// <summary>As <see cref="Gatherv{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{int}, ReadOnlySpan{int}, int)"/> with the blocks packed in rank order.</summary>
    public void Gatherv<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, int root) where T : unmanaged
    {
        Span<int> displacements = Size <= 256 ? stackalloc int[Size] : new int[Size];
        if (Rank == RootOf(root))
        {
            PackedDisplacements(counts, displacements);
        }

        Gatherv(send, receive, counts, displacements, root);
    }

    /// <summary>Sends <c>values[r]</c> from the root to each rank r and returns this rank's value (<c>MPI_Scatter</c>).</summary>
    /// <param name="values">At the root, one value per rank; ignored elsewhere (may be empty).</param>
    /// <param name="root">The sending rank.</param>
    public T Scatter<T>(ReadOnlySpan<T> values, int root) where T : unmanaged
    {
        T value = default;
        Scatter(values, new Span<T>(ref value), root);
        return value;
    }

    /// <summary>Splits the root's <paramref name="send"/> into Size blocks of <c>receive.Length</c>; rank r gets block r (<c>MPI_Scatter</c>).</summary>
    public unsafe void Scatter<T>(ReadOnlySpan<T> send, Span<T> receive, int root) where T : unmanaged
    {
        var atRoot = Rank == RootOf(root);
        if (atRoot && send.Length < receive.Length * Size)
        {
            ThrowBadArgument($"Scatter at the root needs Size × block = {receive.Length * Size} elements to send, got {send.Length}");
        }

        var type = Native.Datatype<T>();
        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        {
            Check(Native.Scatter(sendBuffer, receive.Length, type, recvBuffer, receive.Length, type, root, Handle), "MPI_Scatter");
        }
    }

    /// <summary>Sends <c>counts[r]</c> elements from <c>displacements[r]</c> of the root's <paramref name="send"/> to each rank r (<c>MPI_Scatterv</c>).</summary>
    public unsafe void Scatterv<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, Span<T> receive, int root) where T : unmanaged
    {
        var atRoot = Rank == RootOf(root);
        if (atRoot)
        {
            CheckLayout("Scatterv", counts, displacements, send.Length);
        }

        var type = Native.Datatype<T>();
        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        fixed (int* countArray = counts)
        fixed (int* displacementArray = displacements)
        {
            Check(Native.Scatterv(sendBuffer, countArray, displacementArray, type, recvBuffer, receive.Length, type, root, Handle), "MPI_Scatterv");
        }
    }

    /// <summary>As <see cref="Scatterv{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, ReadOnlySpan{int}, Span{T}, int)"/> with the blocks packed in rank order.</summary>
    public void Scatterv<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> counts, Span<T> receive, int root) where T : unmanaged
    {
        Span<int> displacements = Size <= 256 ? stackalloc int[Size] : new int[Size];
        if (Rank == RootOf(root))
        {
            PackedDisplacements(counts, displacements);
        }

        Scatterv(send, counts, displacements, receive, root);
    }

    /// <summary>Collects one value from every rank on every rank, in rank order (<c>MPI_Allgather</c>).</summary>
    public T[] Allgather<T>(T value) where T : unmanaged
    {
        var result = new T[Size];
        Allgather(new ReadOnlySpan<T>(in value), result);
        return result;
    }

    /// <summary>Collects every rank's <paramref name="send"/> into <paramref name="receive"/> on every rank (<c>MPI_Allgather</c>).</summary>
    public unsafe void Allgather<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        if (receive.Length < send.Length * Size)
        {
            ThrowBufferTooSmall("The receive buffer of Allgather", send.Length * Size, receive.Length);
        }

        var type = Native.Datatype<T>();
        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        {
            Check(Native.Allgather(sendBuffer, send.Length, type, recvBuffer, send.Length, type, Handle), "MPI_Allgather");
        }
    }

    /// <summary>In-place allgather: each rank's block is already at Rank × block of <paramref name="buffer"/> (<c>MPI_IN_PLACE</c>).</summary>
    public unsafe void Allgather<T>(Span<T> buffer) where T : unmanaged
    {
        if (buffer.Length % Size != 0)
        {
            ThrowBadArgument($"In-place Allgather needs a buffer of Size × block elements; {buffer.Length} is not a multiple of {Size}");
        }

        var type = Native.Datatype<T>();
        fixed (T* data = buffer)
        {
            Check(Native.Allgather((void*)Native.Abi.InPlace, 0, type, data, buffer.Length / Size, type, Handle), "MPI_Allgather");
        }
    }

    /// <summary>Collects blocks of different lengths on every rank (<c>MPI_Allgatherv</c>).</summary>
    public unsafe void Allgatherv<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements) where T : unmanaged
    {
        CheckLayout("Allgatherv", counts, displacements, receive.Length);
        if (counts[Rank] != send.Length)
        {
            ThrowBadArgument($"Allgatherv: counts[{Rank}] is {counts[Rank]} but this rank sends {send.Length} elements");
        }

        var type = Native.Datatype<T>();
        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        fixed (int* countArray = counts)
        fixed (int* displacementArray = displacements)
        {
            Check(Native.Allgatherv(sendBuffer, send.Length, type, recvBuffer, countArray, displacementArray, type, Handle), "MPI_Allgatherv");
        }
    }

    /// <summary>As <see cref="Allgatherv{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{int}, ReadOnlySpan{int})"/> with the blocks packed in rank order.</summary>
    public void Allgatherv<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts) where T : unmanaged
    {
        Span<int> displacements = Size <= 256 ? stackalloc int[Size] : new int[Size];
        PackedDisplacements(counts, displacements);
        Allgatherv(send, receive, counts, displacements);
    }

    /// <summary>Sends block r of <paramref name="send"/> to rank r and receives rank r's block into block r of <paramref name="receive"/> (<c>MPI_Alltoall</c>).</summary>
    public unsafe void Alltoall<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        if (send.Length % Size != 0)
        {
            ThrowBadArgument($"Alltoall needs Size × block elements to send; {send.Length} is not a multiple of {Size}");
        }

        if (receive.Length < send.Length)
        {
            ThrowBufferTooSmall("The receive buffer of Alltoall", send.Length, receive.Length);
        }

        var block = send.Length / Size;
        var type = Native.Datatype<T>();
        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        {
            Check(Native.Alltoall(sendBuffer, block, type, recvBuffer, block, type, Handle), "MPI_Alltoall");
        }
    }

    /// <summary>All-to-all with a count and displacement per peer on both sides (<c>MPI_Alltoallv</c>).</summary>
    public unsafe void Alltoallv<T>(
        ReadOnlySpan<T> send, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> sendDisplacements,
        Span<T> receive, ReadOnlySpan<int> receiveCounts, ReadOnlySpan<int> receiveDisplacements) where T : unmanaged
    {
        CheckLayout("Alltoallv (send side)", sendCounts, sendDisplacements, send.Length);
        CheckLayout("Alltoallv (receive side)", receiveCounts, receiveDisplacements, receive.Length);
        var type = Native.Datatype<T>();
        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        fixed (int* sendCountArray = sendCounts)
        fixed (int* sendDisplacementArray = sendDisplacements)
        fixed (int* recvCountArray = receiveCounts)
        fixed (int* recvDisplacementArray = receiveDisplacements)
        {
            Check(Native.Alltoallv(sendBuffer, sendCountArray, sendDisplacementArray, type, recvBuffer, recvCountArray, recvDisplacementArray, type, Handle), "MPI_Alltoallv");
        }
    }

    /// <summary>Every block must lie inside the buffer: MPI would otherwise read or write past it.</summary>
    private void CheckLayout(string operation, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, int bufferLength)
    {
        if (counts.Length != Size || displacements.Length != Size)
        {
            ThrowBadArgument($"{operation} needs one count and one displacement per rank ({Size}); got {counts.Length} counts and {displacements.Length} displacements");
        }

        for (var r = 0; r < Size; r++)
        {
            if (counts[r] < 0 || displacements[r] < 0 || (long)displacements[r] + counts[r] > bufferLength)
            {
                ThrowBadArgument($"{operation}: the block of rank {r} (displacement {displacements[r]}, count {counts[r]}) does not fit a buffer of {bufferLength} elements");
            }
        }
    }

    private void PackedDisplacements(ReadOnlySpan<int> counts, Span<int> displacements)
    {
        if (counts.Length != Size)
        {
            ThrowBadArgument($"One count per rank is needed ({Size}); got {counts.Length}");
        }

        var offset = 0L;
        for (var r = 0; r < Size; r++)
        {
            displacements[r] = checked((int)offset);
            offset += counts[r];
        }
    }
}
