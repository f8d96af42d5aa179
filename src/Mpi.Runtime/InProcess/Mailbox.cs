using System.Runtime.InteropServices;

namespace TypedMpi.InProcess;

/// <summary>
/// What one rank receives on one communicator: the receives it has posted, in posting order, and the messages that
/// arrived before a matching receive, in arrival order. One lock guards both queues (<see cref="Enter"/>), so a message and a receive can
/// never miss each other, and since a sender appends its messages in program order, messages between one pair of
/// ranks never overtake each other.
/// </summary>
/// <remarks>
/// A blocking receive that finds no message and no other posted receive waits in the mailbox itself (the inline
/// receive): its match, its result, its completion flag and a small message live next to the lock, so the sender
/// reads and writes one cache line instead of three. The mailbox is that receive's <see cref="Completion"/>.
/// </remarks>
internal sealed unsafe class Mailbox : Completion
{
    public const int AnySource = -1;
    public const int AnyTag = -2;

    /// <summary>
    /// The lock, the inline receive and its small payload, in cache lines of their own: a hand-over of a message of up
    /// to <see cref="HotLines.FirstLinePayload"/> bytes moves exactly one line between the cores, a larger one (up to
    /// <see cref="HotLines.PayloadCapacity"/>) two (the object's other fields, spread over several lines by the
    /// runtime's layout, are not written on that path). Every line that moves between two cores costs tens of ns.
    /// </summary>
    private readonly HotLines* _hot = HotLines.Allocate();

    private InProcessRequest? _postedHead;
    private InProcessRequest? _postedTail;
    private Envelope? _unexpectedHead;
    private Envelope? _unexpectedTail;

    /// <summary>Envelopes kept in the mailbox itself, so the common send finds one under the lock it holds anyway.</summary>
    private const int KeptEnvelopes = 16;

    private Envelope? _free;
    private int _freeCount;
    private InProcessType? _inlineType;

    public Mailbox(RankState owner)
    {
        Owner = owner;
        UseExternalState(&_hot->State);
    }

    ~Mailbox() => NativeMemory.AlignedFree(_hot);

    /// <summary>The inline receive: where its data goes.</summary>
    public byte* InlineBuffer => _hot->Buffer;

    public long InlineCapacity => _hot->Capacity;

    /// <summary>The inline receive's capacity in bytes.</summary>
    public long InlineCapacityBytes => (long)_hot->Capacity * _inlineType!.Size;

    public InProcessType? InlineType => _inlineType;

    /// <summary>The inline receive's result, written by the sender that matched it before it completes.</summary>
    public ReceiveResult InlineResult
    {
        get
        {
            var hot = _hot;
            return new(hot->ResultSource, hot->ResultTag, hot->PayloadBytes >= 0 ? hot->PayloadBytes : hot->ResultBytes, hot->ResultError);
        }
    }

    /// <summary>
    /// Where the sender packs a small message for the inline receive (at most <see cref="HotLines.PayloadCapacity"/>
    /// bytes): the receiver copies it into its buffer itself, so the buffer's cache line never leaves its core.
    /// </summary>
    public byte* InlinePayload => _hot->Payload;

    /// <summary>How many bytes of <see cref="InlinePayload"/> hold the message; -1 when the sender wrote the buffer itself.</summary>
    public int InlinePayloadBytes => _hot->PayloadBytes;

    /// <summary>Records the result of a message packed into <see cref="InlinePayload"/> (it fit, so no error).</summary>
    public void SetInlinePayloadResult(int source, int tag, int bytes)
    {
        var hot = _hot;
        hot->ResultSource = source;
        hot->ResultTag = tag;
        hot->ResultError = 0;
        hot->PayloadBytes = bytes;
    }

    /// <summary>Records the result of a message the sender copied into the receive buffer itself.</summary>
    public void SetInlineDirectResult(in ReceiveResult result)
    {
        var hot = _hot;
        hot->ResultSource = result.Source;
        hot->ResultTag = result.Tag;
        hot->ResultError = result.Error;
        hot->PayloadBytes = -1;
        hot->ResultBytes = result.Bytes; // shares its bytes with the payload, which this message does not use
    }

    public RankState Owner { get; }

    /// <summary>Posts the inline receive when no other receive is posted and it is free; call under the lock.</summary>
    public bool TryPostInline(int source, int tag, byte* buffer, int capacity, InProcessType type)
    {
        var hot = _hot;
        if (hot->Busy != 0 || _postedHead is not null)
        {
            return false;
        }

        hot->Busy = 1;
        hot->Posted = 1;
        hot->Source = source;
        hot->Tag = tag;
        hot->Buffer = buffer;
        hot->Capacity = capacity;
        if (!ReferenceEquals(_inlineType, type))
        {
            _inlineType = type; // written only when it changes: the sender reads this line, which then stays shared
        }

        ResetCompletion();
        return true;
    }

    /// <summary>
    /// Matches a message against the inline receive (the oldest posted receive when there is one); call under the lock.
    /// A small message that fits is delivered at once: packed into the mailbox and completed, in one burst of writes
    /// to the line the owner polls (spread out, the owner's polls would pull the line away between them). A larger one
    /// only claims the receive: the sender copies it into the buffer after releasing the lock (<see cref="SetInlineDirectResult"/>).
    /// </summary>
    public InlineMatch TakeInline(int source, int tag, byte* data, long count, InProcessType type)
    {
        var hot = _hot;
        if (hot->Posted == 0 || (hot->Source != source && hot->Source != AnySource) || (hot->Tag != tag && hot->Tag != AnyTag))
        {
            return InlineMatch.None;
        }

        var bytes = count * type.Size;
        if (bytes <= HotLines.PayloadCapacity && bytes <= InlineCapacityBytes)
        {
            if (type.IsContiguous)
            {
                Buffer.MemoryCopy(data, hot->Payload, bytes, bytes);
            }
            else
            {
                TypedCopy.Copy(data, count, type, hot->Payload, bytes, InProcessType.Bytes, out _);
            }

            SetInlinePayloadResult(source, tag, (int)bytes);
            hot->Posted = 0;
            MarkDone();
            return InlineMatch.Delivered;
        }

        hot->Posted = 0;
        MarkClaimed(); // the lock decides between this sender and an owner taking its receive back (RemoveInline)
        return InlineMatch.Claimed;
    }

    /// <summary>Takes the inline receive back (the job was stopped); false when a sender matched it already. Call under the lock.</summary>
    public bool RemoveInline()
    {
        if (_hot->Posted == 0)
        {
            return false;
        }

        _hot->Posted = 0;
        return true;
    }

    /// <summary>The owner has read the inline receive's result: it may be posted again.</summary>
    public void ReleaseInline() => Volatile.Write(ref _hot->Busy, 0);

    /// <summary>Takes the lock of the queues; hold it briefly (no blocking, no allocation) and release with <see cref="Exit"/>.</summary>
    public void Enter() => SpinGate.Enter(ref _hot->Gate);

    public void Exit() => SpinGate.Exit(ref _hot->Gate);

    /// <summary>Removes and returns the first posted receive that matches a message from <paramref name="source"/> with <paramref name="tag"/>.</summary>
    public InProcessRequest? TakePosted(int source, int tag)
    {
        InProcessRequest? previous = null;
        for (var receive = _postedHead; receive is not null; previous = receive, receive = receive.NextPosted)
        {
            if ((receive.Source == source || receive.Source == AnySource) && (receive.Tag == tag || receive.Tag == AnyTag))
            {
                Unlink(previous, receive);
                return receive;
            }
        }

        return null;
    }

    public void Post(InProcessRequest receive)
    {
        receive.NextPosted = null;
        if (_postedTail is null)
        {
            _postedHead = _postedTail = receive;
        }
        else
        {
            _postedTail.NextPosted = receive;
            _postedTail = receive;
        }
    }

    /// <summary>Takes a posted receive back (cancel, abort); false when a sender already matched it.</summary>
    public bool RemovePosted(InProcessRequest receive)
    {
        InProcessRequest? previous = null;
        for (var current = _postedHead; current is not null; previous = current, current = current.NextPosted)
        {
            if (current == receive)
            {
                Unlink(previous, current);
                return true;
            }
        }

        return false;
    }

    /// <summary>The first waiting message that a receive for (<paramref name="source"/>, <paramref name="tag"/>) matches.</summary>
    public Envelope? FindUnexpected(int source, int tag, bool remove)
    {
        Envelope? previous = null;
        for (var message = _unexpectedHead; message is not null; previous = message, message = message.Next)
        {
            if ((source == AnySource || message.Source == source) && (tag == AnyTag || message.Tag == tag))
            {
                if (remove)
                {
                    Unlink(previous, message);
                }

                return message;
            }
        }

        return null;
    }

    public void Append(Envelope message)
    {
        message.Next = null;
        if (_unexpectedTail is null)
        {
            _unexpectedHead = _unexpectedTail = message;
        }
        else
        {
            _unexpectedTail.Next = message;
            _unexpectedTail = message;
        }
    }

    /// <summary>Takes a waiting message back (a cancelled or aborted send); false when a receive already took it.</summary>
    public bool RemoveUnexpected(Envelope message)
    {
        Envelope? previous = null;
        for (var current = _unexpectedHead; current is not null; previous = current, current = current.Next)
        {
            if (current == message)
            {
                Unlink(previous, current);
                return true;
            }
        }

        return false;
    }

    /// <summary>An envelope for a message to this mailbox: from the few kept here, else from the owner's pool. Call under the lock.</summary>
    public Envelope RentEnvelope()
    {
        var envelope = _free;
        if (envelope is not null)
        {
            _free = envelope.Next;
            _freeCount--;
            envelope.Next = null;
        }
        else
        {
            envelope = Owner.Envelopes.Rent();
        }

        envelope.Home = this;
        return envelope;
    }

    /// <summary>Keeps a received envelope for the next message here (a few), or gives it to the owner's pool. Call under the lock.</summary>
    public void RecycleEnvelope(Envelope envelope)
    {
        envelope.Clear();
        if (_freeCount < KeptEnvelopes)
        {
            envelope.Next = _free;
            _free = envelope;
            _freeCount++;
        }
        else
        {
            Owner.Envelopes.Return(envelope);
        }
    }

    /// <summary>As <see cref="RecycleEnvelope"/>, taking the lock.</summary>
    public void ReturnEnvelope(Envelope envelope)
    {
        Enter();
        try
        {
            RecycleEnvelope(envelope);
        }
        finally
        {
            Exit();
        }
    }

    private void Unlink(InProcessRequest? previous, InProcessRequest receive)
    {
        if (previous is null)
        {
            _postedHead = receive.NextPosted;
        }
        else
        {
            previous.NextPosted = receive.NextPosted;
        }

        if (_postedTail == receive)
        {
            _postedTail = previous;
        }

        receive.NextPosted = null;
    }

    private void Unlink(Envelope? previous, Envelope message)
    {
        if (previous is null)
        {
            _unexpectedHead = message.Next;
        }
        else
        {
            previous.Next = message.Next;
        }

        if (_unexpectedTail == message)
        {
            _unexpectedTail = previous;
        }

        message.Next = null;
    }
}

/// <summary>What a send found in the mailbox's inline receive (<see cref="Mailbox.TakeInline"/>).</summary>
internal enum InlineMatch
{
    /// <summary>Not posted, or it does not match.</summary>
    None,

    /// <summary>Matched and completed with the message.</summary>
    Delivered,

    /// <summary>Matched; the sender now copies the message into the receive buffer.</summary>
    Claimed,
}

/// <summary>
/// A mailbox's hot state: a control line, whose last bytes start the payload, a second line with the rest of it, and a
/// line only the owner writes, 64-byte aligned in native memory. The control fields are packed so that an 8- or 16-byte
/// message travels with them.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 3 * LineBytes)]
internal unsafe struct HotLines
{
    public const int LineBytes = 64;

    private const int PayloadOffset = 48;

    /// <summary>The largest message that travels inside the mailbox.</summary>
    public const int PayloadCapacity = 2 * LineBytes - PayloadOffset;

    /// <summary>The largest message that travels in the control line itself.</summary>
    public const int FirstLinePayload = LineBytes - PayloadOffset;

    [FieldOffset(0)] public int Gate;
    [FieldOffset(4)] public int State;
    [FieldOffset(8)] public int Posted;
    [FieldOffset(12)] public int Source;
    [FieldOffset(16)] public int Tag;
    [FieldOffset(20)] public int Capacity;
    [FieldOffset(24)] public byte* Buffer;
    [FieldOffset(32)] public int ResultSource;
    [FieldOffset(36)] public int ResultTag;
    [FieldOffset(40)] public int ResultError;
    [FieldOffset(44)] public int PayloadBytes;

    /// <summary>The byte count of a message delivered straight into the buffer; such a message leaves the payload unused.</summary>
    [FieldOffset(PayloadOffset)] public long ResultBytes;

    [FieldOffset(PayloadOffset)] public fixed byte Payload[PayloadCapacity];

    /// <summary>
    /// Set while a receive of the owner uses the inline receive, until it has read the result. In a line of its own:
    /// clearing it in the control line, which the sender has just written, would wait for that line to come back before
    /// the owner's next locked instruction (taking a peer's mailbox lock to send the reply) could run.
    /// </summary>
    [FieldOffset(2 * LineBytes)] public int Busy;

    public static HotLines* Allocate()
    {
        var lines = (HotLines*)NativeMemory.AlignedAlloc((nuint)sizeof(HotLines), LineBytes);
        *lines = default;
        return lines;
    }
}
