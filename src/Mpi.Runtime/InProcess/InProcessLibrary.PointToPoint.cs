using System.Runtime.InteropServices;

namespace TypedMpi.InProcess;

/// <summary>Sends, receives, probes and status queries.</summary>
internal static unsafe partial class InProcessLibrary
{
    [UnmanagedCallersOnly]
    private static int Send(void* buffer, int count, nint type, int dest, int tag, nint comm) => SendDirect(buffer, count, type, dest, tag, comm);

    /// <summary><c>MPI_Send</c> called from managed code without the transition through its exported entry point.</summary>
    internal static int SendDirect(void* buffer, int count, nint type, int dest, int tag, nint comm) =>
        BlockingSend(buffer, count, type, dest, tag, comm, SendMode.Standard, "Send");

    [UnmanagedCallersOnly]
    private static int Ssend(void* buffer, int count, nint type, int dest, int tag, nint comm) =>
        BlockingSend(buffer, count, type, dest, tag, comm, SendMode.Synchronous, "Ssend");

    [UnmanagedCallersOnly]
    private static int Rsend(void* buffer, int count, nint type, int dest, int tag, nint comm) =>
        BlockingSend(buffer, count, type, dest, tag, comm, SendMode.Ready, "Rsend");

    [UnmanagedCallersOnly]
    private static int Bsend(void* buffer, int count, nint type, int dest, int tag, nint comm) =>
        BlockingSend(buffer, count, type, dest, tag, comm, SendMode.Buffered, "Bsend");

    [UnmanagedCallersOnly]
    private static int Recv(void* buffer, int count, nint type, int source, int tag, nint comm, void* status) =>
        RecvDirect(buffer, count, type, source, tag, comm, status);

    /// <summary><c>MPI_Recv</c> called from managed code without the transition through its exported entry point.</summary>
    internal static int RecvDirect(void* buffer, int count, nint type, int source, int tag, nint comm, void* status)
    {
        try
        {
            var rc = PrepareReceive(count, type, source, tag, comm, out var view, out var datatype);
            if (rc != 0)
            {
                return rc;
            }

            rc = PointToPoint.Receive(view, (byte*)buffer, count, datatype, source, tag, out var result);
            WriteStatus(status, result.Source, result.Tag, result.Error, result.Bytes, cancelled: false);
            return rc;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Isend(void* buffer, int count, nint type, int dest, int tag, nint comm, nint* request) =>
        IsendDirect(buffer, count, type, dest, tag, comm, request);

    /// <summary><c>MPI_Isend</c> called from managed code without the transition through its exported entry point.</summary>
    internal static int IsendDirect(void* buffer, int count, nint type, int dest, int tag, nint comm, nint* request) =>
        ImmediateSend(buffer, count, type, dest, tag, comm, SendMode.Standard, "Isend", request);

    [UnmanagedCallersOnly]
    private static int Issend(void* buffer, int count, nint type, int dest, int tag, nint comm, nint* request) =>
        ImmediateSend(buffer, count, type, dest, tag, comm, SendMode.Synchronous, "Issend", request);

    [UnmanagedCallersOnly]
    private static int Irecv(void* buffer, int count, nint type, int source, int tag, nint comm, nint* request) =>
        IrecvDirect(buffer, count, type, source, tag, comm, request);

    /// <summary><c>MPI_Irecv</c> called from managed code without the transition through its exported entry point.</summary>
    internal static int IrecvDirect(void* buffer, int count, nint type, int source, int tag, nint comm, nint* request)
    {
        try
        {
            var rc = PrepareReceive(count, type, source, tag, comm, out var view, out var datatype);
            if (rc != 0)
            {
                return rc;
            }

            *request = PointToPoint.StartReceive(view, (byte*)buffer, count, datatype, source, tag, "Irecv").Handle;
            return 0;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Sendrecv(
        void* sendBuffer, int sendCount, nint sendType, int dest, int sendTag,
        void* recvBuffer, int recvCount, nint recvType, int source, int recvTag, nint comm, void* status)
    {
        try
        {
            var rc = PrepareReceive(recvCount, recvType, source, recvTag, comm, out var view, out var receiveType);
            if (rc == 0)
            {
                rc = PrepareSend(sendCount, sendType, dest, sendTag, comm, out _, out var datatype);
                if (rc == 0)
                {
                    return Exchange(view, (byte*)sendBuffer, sendCount, datatype, dest, sendTag,
                        (byte*)recvBuffer, recvCount, receiveType, source, recvTag, status, "SendRecv");
                }
            }

            return rc;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Sendrecv_replace(void* buffer, int count, nint type, int dest, int sendTag, int source, int recvTag, nint comm, void* status)
    {
        try
        {
            var rc = PrepareReceive(count, type, source, recvTag, comm, out var view, out var datatype);
            if (rc == 0)
            {
                rc = PrepareSend(count, type, dest, sendTag, comm, out _, out _);
            }

            if (rc != 0)
            {
                return rc;
            }

            // The outgoing data leaves in a copy, so the receive can land in the same buffer.
            var bytes = TypedCopy.Span(count, datatype);
            var copy = (byte*)NativeMemory.Alloc((nuint)Math.Max(bytes, 1));
            try
            {
                Buffer.MemoryCopy(buffer, copy, bytes, bytes);
                return Exchange(view, copy, count, datatype, dest, sendTag, (byte*)buffer, count, datatype, source, recvTag, status, "SendRecvReplace");
            }
            finally
            {
                NativeMemory.Free(copy);
            }
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    /// <summary>MPI-4 <c>MPI_Isendrecv</c>: one request that completes when both halves have.</summary>
    [UnmanagedCallersOnly]
    private static int Isendrecv(
        void* sendBuffer, int sendCount, nint sendType, int dest, int sendTag,
        void* recvBuffer, int recvCount, nint recvType, int source, int recvTag, nint comm, nint* request)
    {
        try
        {
            InProcessType datatype = null!;
            var rc = PrepareReceive(recvCount, recvType, source, recvTag, comm, out var view, out var receiveType);
            if (rc == 0)
            {
                rc = PrepareSend(sendCount, sendType, dest, sendTag, comm, out _, out datatype);
            }

            if (rc != 0)
            {
                return rc;
            }

            var receive = PointToPoint.StartReceive(view, (byte*)recvBuffer, recvCount, receiveType, source, recvTag, "Isendrecv");
            rc = PointToPoint.StartSend(view, (byte*)sendBuffer, sendCount, datatype, dest, sendTag, SendMode.Standard, "Isendrecv", out var pending);
            receive.Companion = pending;
            *request = receive.Handle;
            return rc;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Probe(int source, int tag, nint comm, void* status) => ProbeFor(source, tag, comm, null, null, status, remove: false);

    [UnmanagedCallersOnly]
    private static int Iprobe(int source, int tag, nint comm, int* flag, void* status) => ProbeFor(source, tag, comm, flag, null, status, remove: false);

    [UnmanagedCallersOnly]
    private static int Mprobe(int source, int tag, nint comm, nint* message, void* status) => ProbeFor(source, tag, comm, null, message, status, remove: true);

    [UnmanagedCallersOnly]
    private static int Improbe(int source, int tag, nint comm, int* flag, nint* message, void* status) => ProbeFor(source, tag, comm, flag, message, status, remove: true);

    [UnmanagedCallersOnly]
    private static int Mrecv(void* buffer, int count, nint type, nint* message, void* status)
    {
        try
        {
            InProcessType datatype = null!;
            var rc = CheckCount(count);
            rc = rc != 0 ? rc : Datatype(type, out datatype);
            if (rc != 0)
            {
                return rc;
            }

            if (*message == MessageNoProc)
            {
                *message = MessageNull;
                WriteStatus(status, PointToPoint.ProcNull, Mailbox.AnyTag, 0, 0, cancelled: false);
                return 0;
            }

            if (HandleTable.Get<Envelope>(*message) is not { } envelope)
            {
                return InProcessErrors.Code(MpiErrorClass.Request, "the message handle was not returned by a matched probe, or was received already");
            }

            var receive = InProcessRequest.Rent(OperationKind.Receive, "Mrecv", null);
            receive.Buffer = (byte*)buffer;
            receive.Capacity = count;
            receive.Type = datatype;
            PointToPoint.Take(envelope, receive);
            *message = MessageNull;
            WriteStatus(status, receive);
            rc = receive.StatusError;
            receive.Return();
            return rc;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Get_count(void* status, nint type, int* count)
    {
        var rc = Datatype(type, out var datatype);
        if (rc != 0)
        {
            return rc;
        }

        var bytes = *(long*)((int*)status + 4);
        *count = datatype.Size == 0 ? 0 : bytes % datatype.Size != 0 ? s_abi.Undefined : (int)(bytes / datatype.Size);
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Test_cancelled(void* status, int* flag)
    {
        *flag = ((int*)status)[3];
        return 0;
    }

    /// <summary>
    /// A blocking send and receive as one step. The receive is posted first: then the send can always complete,
    /// whatever the peer does first. Returns the first error of the two.
    /// </summary>
    private static int Exchange(
        CommView view, byte* sendBuffer, int sendCount, InProcessType sendType, int dest, int sendTag,
        byte* recvBuffer, int recvCount, InProcessType recvType, int source, int recvTag, void* status, string function)
    {
        var receive = PointToPoint.StartReceive(view, recvBuffer, recvCount, recvType, source, recvTag, function);
        var rc = PointToPoint.StartSend(view, sendBuffer, sendCount, sendType, dest, sendTag, SendMode.Standard, function, out var pending);
        if (pending is not null)
        {
            var sent = Finish(view.Owner, pending, StatusIgnore, new BlockedCallInfo(function, PeerRole.Destination, dest, sendTag, view));
            rc = rc != 0 ? rc : sent;
        }

        var received = Finish(view.Owner, receive, status, new BlockedCallInfo(function, PeerRole.Source, source, recvTag, view));
        return rc != 0 ? rc : received;
    }

    private static int PrepareSend(int count, nint type, int dest, int tag, nint comm, out CommView view, out InProcessType datatype)
    {
        datatype = null!;
        var rc = View(comm, out view);
        rc = rc != 0 ? rc : CheckCount(count);
        rc = rc != 0 ? rc : Datatype(type, out datatype);
        rc = rc != 0 ? rc : CheckPeer(view, dest, receive: false);
        return rc != 0 ? rc : CheckTag(tag, receive: false);
    }

    private static int PrepareReceive(int count, nint type, int source, int tag, nint comm, out CommView view, out InProcessType datatype)
    {
        datatype = null!;
        var rc = View(comm, out view);
        rc = rc != 0 ? rc : CheckCount(count);
        rc = rc != 0 ? rc : Datatype(type, out datatype);
        rc = rc != 0 ? rc : CheckPeer(view, source, receive: true);
        return rc != 0 ? rc : CheckTag(tag, receive: true);
    }

    private static int BlockingSend(void* buffer, int count, nint type, int dest, int tag, nint comm, SendMode mode, string function)
    {
        try
        {
            InProcessRequest? pending = null;
            var rc = PrepareSend(count, type, dest, tag, comm, out var view, out var datatype);
            rc = rc != 0 ? rc : PointToPoint.StartSend(view, (byte*)buffer, count, datatype, dest, tag, mode, function, out pending);
            if (rc != 0 || pending is null)
            {
                return rc;
            }

            return Finish(view.Owner, pending, StatusIgnore, new BlockedCallInfo(function, PeerRole.Destination, dest, tag, view));
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    private static int ImmediateSend(void* buffer, int count, nint type, int dest, int tag, nint comm, SendMode mode, string function, nint* request)
    {
        try
        {
            InProcessRequest? pending = null;
            var rc = PrepareSend(count, type, dest, tag, comm, out var view, out var datatype);
            rc = rc != 0 ? rc : PointToPoint.StartSend(view, (byte*)buffer, count, datatype, dest, tag, mode, function, out pending);
            if (rc != 0)
            {
                return rc;
            }

            *request = (pending ?? InProcessRequest.CompletedSend).Handle;
            return 0;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    private static int ProbeFor(int source, int tag, nint comm, int* flag, nint* message, void* status, bool remove)
    {
        try
        {
            var rc = View(comm, out var view);
            rc = rc != 0 ? rc : CheckPeer(view, source, receive: true);
            rc = rc != 0 ? rc : CheckTag(tag, receive: true);
            if (rc != 0)
            {
                return rc;
            }

            if (flag is not null)
            {
                *flag = 1;
            }

            if (source == PointToPoint.ProcNull)
            {
                WriteStatus(status, PointToPoint.ProcNull, Mailbox.AnyTag, 0, 0, cancelled: false);
                if (message is not null)
                {
                    *message = MessageNoProc;
                }

                return 0;
            }

            var function = remove ? (flag is null ? "Mprobe" : "Improbe") : (flag is null ? "Probe" : "Iprobe");
            var envelope = flag is null
                ? PointToPoint.WaitForMessage(view, source, tag, remove, function)
                : PointToPoint.Find(view, source, tag, remove);
            if (envelope is null)
            {
                if (flag is null)
                {
                    return view.State.Job.AbortedError(view.Owner.WorldRank);
                }

                *flag = 0;
                return 0;
            }

            WriteStatus(status, envelope.Source, envelope.Tag, 0, envelope.Bytes, cancelled: false);
            if (message is not null)
            {
                *message = envelope.Handle;
            }

            return 0;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }
}
