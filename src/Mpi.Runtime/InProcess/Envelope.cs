using System.Runtime.InteropServices;

namespace TypedMpi.InProcess;

/// <summary>
/// A message that arrived before its receive: its envelope (source, tag) and its data — a copy for an eager send, or
/// the sender's own buffer for a synchronous or large send whose sender waits until a receive takes it. Pooled per
/// mailbox; the eager copy lives in native memory that the envelope keeps for its next message.
/// </summary>
internal sealed unsafe class Envelope
{
    private byte* _storage;
    private long _storageCapacity;

    public Envelope() => Handle = HandleTable.Add(this);

    /// <summary>The handle of this envelope as a matched message (<c>MPI_Mprobe</c>).</summary>
    public nint Handle { get; }

    public Envelope? Next;

    public int Source;
    public int Tag;

    public byte* Data;
    public long Count;
    public InProcessType Type = InProcessType.Bytes;

    /// <summary>The waiting sender of a rendezvous or synchronous send; null for an eager copy.</summary>
    public InProcessRequest? Sender;

    /// <summary>The mailbox whose queue this envelope is in, and which takes it back.</summary>
    public Mailbox? Home;

    /// <summary>Bytes of the sender's attached buffer this buffered send holds until received.</summary>
    public RankState? BufferedBy;
    public long BufferedBytes;

    public long Bytes => Count * Type.Size;

    /// <summary>Copies the sender's data into storage the envelope owns.</summary>
    public void CopyFrom(byte* data, long count, InProcessType type)
    {
        if (type.CopiesWholeExtent)
        {
            // Keep the sender's layout: a receive of the same type takes it in one copy.
            var span = TypedCopy.Span(count, type);
            Reserve(span);
            Buffer.MemoryCopy(data, _storage, span, span);
            Data = _storage;
            Count = count;
            Type = type;
            return;
        }

        var bytes = count * type.Size;
        Reserve(bytes);
        TypedCopy.Copy(data, count, type, _storage, bytes, InProcessType.Bytes, out _);
        Data = _storage;
        Count = bytes;
        Type = InProcessType.Bytes;
    }

    public void Clear()
    {
        Next = null;
        Data = null;
        Count = 0;
        Type = InProcessType.Bytes;
        Sender = null;
        BufferedBy = null;
        BufferedBytes = 0;
    }

    private void Reserve(long bytes)
    {
        if (bytes <= _storageCapacity)
        {
            return;
        }

        NativeMemory.Free(_storage);
        _storageCapacity = Math.Max(bytes, 256);
        _storage = (byte*)NativeMemory.Alloc((nuint)_storageCapacity);
    }
}

/// <summary>
/// The envelopes of the messages one rank receives, reused across all its communicators: a communicator created for a
/// phase of the program starts with warm envelopes, so steady-state traffic allocates nothing.
/// </summary>
internal sealed class EnvelopePool
{
    /// <summary>
    /// Enough for a window of 64 small messages in flight before the first is received (a windowed bandwidth test, a
    /// burst of Isends): the pool grows past it only once, to the program's real high-water mark.
    /// </summary>
    private const int Initial = 64;

    private SpinGate _gate;
    private Envelope? _free;

    public EnvelopePool()
    {
        for (var i = 0; i < Initial; i++)
        {
            Return(new Envelope());
        }
    }

    public Envelope Rent()
    {
        _gate.Enter();
        var envelope = _free;
        if (envelope is not null)
        {
            _free = envelope.Next;
        }

        _gate.Exit();
        if (envelope is null)
        {
            return new Envelope();
        }

        envelope.Next = null;
        return envelope;
    }

    public void Return(Envelope envelope)
    {
        envelope.Clear();
        _gate.Enter();
        envelope.Next = _free;
        _free = envelope;
        _gate.Exit();
    }
}
