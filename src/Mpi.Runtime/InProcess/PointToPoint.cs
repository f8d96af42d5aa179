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
        InProcessRequest? receive;
        lock (box.Gate)
        {
            receive = box.TakePosted(view.Rank, tag);
            if (receive is null)
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

        if (receive is not null)
        {
            if (buffered)
            {
                view.Owner.ReleaseBuffered(bytes, BufferedOverhead);
            }

            Deliver(buffer, count, type, view.Rank, tag, receive);
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
        lock (box.Gate)
        {
            message = box.FindUnexpected(source, tag, remove: true);
            if (message is null)
            {
                box.Post(request);
            }
        }

        if (message is not null)
        {
            Take(message, request);
        }

        return request;
    }

    /// <summary>Receives a message taken out of the queue (a match, or a matched probe) into <paramref name="receive"/>.</summary>
    public static void Take(Envelope message, InProcessRequest receive)
    {
        Deliver(message.Data, message.Count, message.Type, message.Source, message.Tag, receive);
        message.Sender?.Finish();
        message.BufferedBy?.ReleaseBuffered(message.BufferedBytes, BufferedOverhead);
        message.Home!.ReturnEnvelope(message);
    }

    private static void Deliver(byte* data, long count, InProcessType type, int source, int tag, InProcessRequest receive)
    {
        var delivered = TypedCopy.Copy(data, count, type, receive.Buffer, receive.Capacity, receive.Type!, out var truncated);
        receive.StatusSource = source;
        receive.StatusTag = tag;
        receive.StatusBytes = delivered;
        receive.StatusError = truncated ? TruncationError(count * type.Size, source, tag, receive) : 0;
        receive.Finish();
    }

    private static int TruncationError(long bytes, int source, int tag, InProcessRequest receive)
    {
        var rank = receive.Comm?.Owner.WorldRank ?? -1;
        return InProcessErrors.Code(MpiErrorClass.Truncate, string.Create(CultureInfo.InvariantCulture,
            $"the message from rank {source} with tag {tag} has {bytes} bytes, but the receive buffer on rank {rank} holds {receive.Capacity * receive.Type!.Size} " +
            $"({receive.Capacity} elements of {receive.Type.Name}); the first {receive.Capacity * receive.Type.Size} bytes were delivered"));
    }

    /// <summary>Finds a message for a probe; with <paramref name="remove"/> it is taken out of the queue (a matched probe).</summary>
    public static Envelope? Find(CommView view, int source, int tag, bool remove)
    {
        lock (view.Box.Gate)
        {
            return view.Box.FindUnexpected(source, tag, remove);
        }
    }

    /// <summary>Blocks until a message matches; null when the job was stopped.</summary>
    public static Envelope? WaitForMessage(CommView view, int source, int tag, bool remove, string function)
    {
        var rank = view.Owner;
        var backoff = default(Backoff);
        rank.Blocked.Set(function, PeerRole.Source, source, tag, view);
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
            lock (view.Box.Gate)
            {
                removed = view.Box.RemovePosted(request);
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
            lock (box.Gate)
            {
                removed = box.RemoveUnexpected(envelope);
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
