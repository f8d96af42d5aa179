using System.Globalization;

namespace TypedMpi.InProcess;

/// <summary>The four send modes of MPI.</summary>
internal enum SendMode
{
    Standard,
    Synchronous,
    Ready,
    Buffered,
}

/// <summary>
/// Point-to-point messaging between the ranks of an in-process job. A send first looks for a matching posted
/// receive and copies straight into it; otherwise it leaves an envelope in the receiver's mailbox — with a copy of
/// the data (an eager send, returns at once) or with its own buffer (a synchronous send, or a standard send above the
/// eager limit, which then waits for a receive to take it, as on a real MPI library).
/// </summary>
internal static unsafe class PointToPoint
{
    public const int ProcNull = -3;

    /// <summary>MPI_BSEND_OVERHEAD of the standard ABI.</summary>
    public const int BufferedOverhead = 512;

    /// <summary>Starts a send; <paramref name="pending"/> is null when it completed at once.</summary>
    public static int StartSend(CommView view, byte* buffer, int count, InProcessType type, int dest, int tag, SendMode mode, string function, out InProcessRequest? pending)
    {
        pending = null;
        if (dest == ProcNull)
        {
            return 0;
        }

        var box = view.State.Views[dest].Box;
        var bytes = count * type.Size;
        var buffered = mode == SendMode.Buffered;
        if (buffered && !view.Owner.TryReserveBuffered(bytes, BufferedOverhead))
        {
            return InProcessErrors.Code(MpiErrorClass.Buffer,
                $"{function} of {bytes} bytes to rank {dest} does not fit the attached buffer on rank {view.Owner.WorldRank} " +
                $"({view.Owner.BufferedBytesInUse} of {view.Owner.AttachedBufferSize} bytes in use; each message also needs {BufferedOverhead} bytes of overhead)");
        }

        var eager = buffered || (mode != SendMode.Synchronous && bytes <= view.State.Job.Options.EagerLimit);
        InProcessRequest? receive = null;
        InlineMatch inline;
        box.Enter();
        try
        {
            // The inline receive, when posted, is older than every receive in the list (see Mailbox.TryPostInline).
            inline = box.TakeInline(view.Rank, tag, buffer, count, type);
            receive = inline != InlineMatch.None ? null : box.TakePosted(view.Rank, tag);
            if (receive is null && inline == InlineMatch.None)
            {
                var envelope = box.RentEnvelope();
                envelope.Source = view.Rank;
                envelope.Tag = tag;
                if (eager)
                {
                    envelope.CopyFrom(buffer, count, type);
                    if (buffered)
                    {
                        envelope.BufferedBy = view.Owner;
                        envelope.BufferedBytes = bytes;
                    }
                }
                else
                {
                    envelope.Data = buffer;
                    envelope.Count = count;
                    envelope.Type = type;
                    pending = InProcessRequest.Rent(OperationKind.Send, function, view);
                    pending.Destination = dest;
                    pending.Tag = tag;
                    pending.Waiting = envelope;
                    envelope.Sender = pending;
                }

                box.Append(envelope);
            }
        }
        finally
        {
            box.Exit();
        }

        if (receive is not null || inline != InlineMatch.None)
        {
            if (buffered)
            {
                view.Owner.ReleaseBuffered(bytes, BufferedOverhead);
            }

            if (inline == InlineMatch.Delivered)
            {
                box.Owner.Wake();
            }
            else if (inline == InlineMatch.Claimed)
            {
                DeliverInline(box, buffer, count, type, view.Rank, tag);
            }
            else
            {
                Deliver(buffer, count, type, view.Rank, tag, receive!);
            }

            return 0;
        }

        box.Owner.Wake(); // a probe may be waiting for this message
        return 0;
    }

    /// <summary>Posts a receive, or takes a waiting message at once.</summary>
    public static InProcessRequest StartReceive(CommView view, byte* buffer, int count, InProcessType type, int source, int tag, string function)
    {
        var request = InProcessRequest.Rent(OperationKind.Receive, function, view);
        request.Buffer = buffer;
        request.Capacity = count;
        request.Type = type;
        request.Source = source;
        request.Tag = tag;
        if (source == ProcNull)
        {
            request.CompleteEmpty(ProcNull, Mailbox.AnyTag);
            return request;
        }

        Envelope? message;
        var box = view.Box;
        box.Enter();
        try
        {
            message = box.FindUnexpected(source, tag, remove: true);
            if (message is null)
            {
                box.Post(request);
            }
        }
        finally
        {
            box.Exit();
        }

        if (message is not null)
        {
            Take(message, request, wakeOwner: false); // the owner is the caller
        }

        return request;
    }

    /// <summary>Receives a message taken out of the queue (a match, or a matched probe) into <paramref name="receive"/>.</summary>
    public static void Take(Envelope message, InProcessRequest receive, bool wakeOwner = true)
    {
        Deliver(message.Data, message.Count, message.Type, message.Source, message.Tag, receive, wakeOwner);
        Release(message);
    }

    /// <summary>After its data was copied: completes a waiting sender, frees buffered space, recycles the envelope.</summary>
    private static void Release(Envelope message)
    {
        message.Sender?.Finish();
        message.BufferedBy?.ReleaseBuffered(message.BufferedBytes, BufferedOverhead);
        message.Home!.ReturnEnvelope(message);
    }

    private static void Deliver(byte* data, long count, InProcessType type, int source, int tag, InProcessRequest receive, bool wakeOwner = true)
    {
        var result = Copy(data, count, type, source, tag, receive.Buffer, receive.Capacity, receive.Type!, receive.Comm?.Owner.WorldRank ?? -1);
        receive.StatusSource = result.Source;
        receive.StatusTag = result.Tag;
        receive.StatusBytes = result.Bytes;
        receive.StatusError = result.Error;
        if (wakeOwner)
        {
            receive.Finish();
        }
        else
        {
            receive.MarkDone();
        }
    }

    /// <summary>Completes the mailbox's claimed inline receive with a message too large to travel in the mailbox itself.</summary>
    private static void DeliverInline(Mailbox box, byte* data, long count, InProcessType type, int source, int tag)
    {
        box.SetInlineDirectResult(Copy(data, count, type, source, tag, box.InlineBuffer, box.InlineCapacity, box.InlineType!, box.Owner.WorldRank));
        box.MarkDone();
        box.Owner.Wake();
    }

    /// <summary>Copies a message into a receive buffer: what a receive's status then says.</summary>
    private static ReceiveResult Copy(byte* data, long count, InProcessType type, int source, int tag, byte* buffer, long capacity, InProcessType bufferType, int receiver)
    {
        var delivered = TypedCopy.Copy(data, count, type, buffer, capacity, bufferType, out var truncated);
        return new ReceiveResult(source, tag, delivered, truncated ? TruncationError(count * type.Size, source, tag, capacity, bufferType, receiver) : 0);
    }

    private static int TruncationError(long bytes, int source, int tag, long capacity, InProcessType bufferType, int receiver) =>
        InProcessErrors.Code(MpiErrorClass.Truncate, string.Create(CultureInfo.InvariantCulture,
            $"the message from rank {source} with tag {tag} has {bytes} bytes, but the receive buffer on rank {receiver} holds {capacity * bufferType.Size} " +
            $"({capacity} elements of {bufferType.Name}); the first {capacity * bufferType.Size} bytes were delivered"));

    /// <summary>
    /// A blocking receive: takes a waiting message, or waits as the mailbox's inline receive (or, when that is in
    /// use, as a posted request). Returns the error code; <paramref name="result"/> is what the status says.
    /// </summary>
    public static int Receive(CommView view, byte* buffer, int count, InProcessType type, int source, int tag, out ReceiveResult result)
    {
        if (source == ProcNull)
        {
            result = new ReceiveResult(ProcNull, Mailbox.AnyTag, 0, 0);
            return 0;
        }

        var box = view.Box;
        var rank = view.Owner;
        Envelope? message;
        bool inline;
        result = default;
        box.Enter();
        try
        {
            message = box.FindUnexpected(source, tag, remove: true);
            if (message is { Sender: null })
            {
                // An eager copy (at most the eager limit): take it while the mailbox's line is here anyway.
                result = Copy(message.Data, message.Count, message.Type, message.Source, message.Tag, buffer, count, type, rank.WorldRank);
                message.BufferedBy?.ReleaseBuffered(message.BufferedBytes, BufferedOverhead);
                box.RecycleEnvelope(message);
                return result.Error;
            }

            inline = message is null && box.TryPostInline(source, tag, buffer, count, type);
        }
        finally
        {
            box.Exit();
        }

        if (message is not null)
        {
            result = Copy(message.Data, message.Count, message.Type, message.Source, message.Tag, buffer, count, type, rank.WorldRank);
            Release(message);
            return result.Error;
        }

        if (!inline)
        {
            // Another receive of this rank is posted here already: queue behind it.
            var request = StartReceive(view, buffer, count, type, source, tag, "Recv");
            if (!rank.WaitFor(request, new BlockedCallInfo("Recv", PeerRole.Source, source, tag, view)))
            {
                Abandon(request, view.State.Job.AbortedError(rank.WorldRank));
            }

            result = new ReceiveResult(request.StatusSource, request.StatusTag, request.StatusBytes, request.StatusError);
            request.Return();
            return result.Error;
        }

        if (!rank.WaitFor(box, new BlockedCallInfo("Recv", PeerRole.Source, source, tag, view)))
        {
            box.Enter();
            var removed = box.RemoveInline();
            box.Exit();
            var spinner = new SpinWait();
            while (!removed && !box.IsDone)
            {
                spinner.SpinOnce(); // a sender is copying into the buffer right now
            }

            box.ReleaseInline();
            result = default;
            return view.State.Job.AbortedError(rank.WorldRank);
        }

        result = box.InlineResult;
        if (box.InlinePayloadBytes >= 0)
        {
            TypedCopy.Copy(box.InlinePayload, box.InlinePayloadBytes, InProcessType.Bytes, buffer, count, type, out _);
        }

        box.ReleaseInline();
        return result.Error;
    }

    /// <summary>Finds a message for a probe; with <paramref name="remove"/> it is taken out of the queue (a matched probe).</summary>
    public static Envelope? Find(CommView view, int source, int tag, bool remove)
    {
        view.Box.Enter();
        try
        {
            return view.Box.FindUnexpected(source, tag, remove);
        }
        finally
        {
            view.Box.Exit();
        }
    }

    /// <summary>Blocks until a message matches; null when the job was stopped.</summary>
    public static Envelope? WaitForMessage(CommView view, int source, int tag, bool remove, string function)
    {
        var rank = view.Owner;
        var backoff = new Backoff(rank);
        rank.Blocked.Set(function, PeerRole.Source, source, tag, view);
        try
        {
            while (true)
            {
                var seen = rank.PrepareToSleep();
                if (Find(view, source, tag, remove) is { } message)
                {
                    rank.CountProgress();
                    return message;
                }

                if (!rank.SleepUntilWoken(ref backoff, seen))
                {
                    return null;
                }
            }
        }
        finally
        {
            rank.EndWait(ref backoff);
        }
    }

    /// <summary>Cancels a receive not matched yet, or a send no receive has taken yet.</summary>
    public static void Cancel(InProcessRequest request)
    {
        if (request.IsDone)
        {
            return;
        }

        if (request.Kind == OperationKind.Receive && request.Comm is { } view)
        {
            bool removed;
            view.Box.Enter();
            try
            {
                removed = view.Box.RemovePosted(request);
            }
            finally
            {
                view.Box.Exit();
            }

            if (removed)
            {
                request.Cancelled = true;
                request.CompleteEmpty(request.Source, request.Tag);
            }
        }
        else if (request.Kind == OperationKind.Send && request.Waiting is { Home: { } box } envelope)
        {
            bool removed;
            box.Enter();
            try
            {
                removed = box.RemoveUnexpected(envelope);
            }
            finally
            {
                box.Exit();
            }

            if (removed)
            {
                box.ReturnEnvelope(envelope);
                request.Cancelled = true;
                request.CompleteEmpty(request.Destination, request.Tag);
            }
        }
    }

    /// <summary>
    /// Gives up on a request after the job was stopped, making sure no other rank is still writing into (or reading
    /// from) its buffer when the caller returns and the buffer may go away.
    /// </summary>
    public static void Abandon(InProcessRequest request, int error)
    {
        if (!request.IsDone)
        {
            Cancel(request);
            if (request.Kind == OperationKind.Collective)
            {
                request.Call?.Abandon();
            }

            // Matched already: the peer is copying right now and finishes without blocking.
            var spinner = new SpinWait();
            while (!request.IsDone && !(request.Kind == OperationKind.Collective && request.Call is { IsAbandoned: true }))
            {
                spinner.SpinOnce();
            }
        }

        request.StatusError = error;
        request.MarkDone();
    }
}

/// <summary>What a completed receive's status reports.</summary>
internal readonly record struct ReceiveResult(int Source, int Tag, long Bytes, int Error);
