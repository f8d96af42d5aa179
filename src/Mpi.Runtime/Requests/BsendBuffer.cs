using System.Runtime.InteropServices;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// The process's buffer for buffered sends (<see cref="Communicator.Bsend{T}(T, int, int)"/>): attached on creation
/// (<c>MPI_Buffer_attach</c>), detached on dispose (<c>MPI_Buffer_detach</c>, which waits until every buffered
/// message has left). One buffer per process at a time.
/// </summary>
/// <example>
/// <code>
/// using (BsendBuffer.Attach(BsendBuffer.SizeFor&lt;double&gt;(elements: 1000, messages: 4)))
/// {
///     world.Bsend&lt;double&gt;(data, dest: 1, tag: 0);
/// }
/// </code>
/// </example>
public sealed unsafe class BsendBuffer : IDisposable
{
    private readonly NativeMpi _native;
    private void* _memory;

    private BsendBuffer(NativeMpi native, void* memory, int bytes)
    {
        _native = native;
        _memory = memory;
        Bytes = bytes;
    }

    /// <summary>The size of the attached buffer in bytes.</summary>
    public int Bytes { get; }

    /// <summary>Allocates and attaches a buffer of <paramref name="bytes"/> bytes.</summary>
    public static BsendBuffer Attach(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        var native = MpiEnvironment.Require().Native;
        var memory = NativeMemory.AlignedAlloc((nuint)bytes, 64);
        var rc = native.BufferAttach(memory, bytes);
        if (rc != 0)
        {
            NativeMemory.AlignedFree(memory);
            throw native.Fail(rc, "MPI_Buffer_attach", $"{bytes} bytes; only one buffer may be attached at a time");
        }

        return new BsendBuffer(native, memory, bytes);
    }

    /// <summary>The bytes needed to hold <paramref name="messages"/> buffered messages of <paramref name="elements"/> elements each, overhead included.</summary>
    public static int SizeFor<T>(int elements, int messages = 1) where T : unmanaged =>
        checked(messages * (elements * sizeof(T) + MpiEnvironment.Require().Native.Abi.BsendOverhead));

    /// <summary>Detaches the buffer, waiting for buffered messages to be delivered, and frees it.</summary>
    public void Dispose()
    {
        if (_memory == null)
        {
            return;
        }

        if (!MpiEnvironment.IsFinalized)
        {
            void* detached = null;
            int size = 0;
            var rc = _native.BufferDetach(&detached, &size);
            if (rc != 0)
            {
                throw _native.Fail(rc, "MPI_Buffer_detach");
            }
        }

        NativeMemory.AlignedFree(_memory);
        _memory = null;
    }
}
