namespace TypedMpi.InProcess;

/// <summary>
/// What one rank receives on one communicator: the receives it has posted, in posting order, and the messages that
/// arrived before a matching receive, in arrival order. One lock guards both queues, so a message and a receive can
/// never miss each other, and since a sender appends its messages in program order, messages between one pair of
/// ranks never overtake each other.
/// </summary>
internal sealed class Mailbox(RankState owner)
{
    public const int AnySource = -1;
    public const int AnyTag = -2;

    public readonly Lock Gate = new();

    private InProcessRequest? _postedHead;
    private InProcessRequest? _postedTail;
    private Envelope? _unexpectedHead;
    private Envelope? _unexpectedTail;

    public RankState Owner { get; } = owner;

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

    /// <summary>An envelope for a message to this mailbox, from its owner's pool.</summary>
    public Envelope RentEnvelope()
    {
        var envelope = Owner.Envelopes.Rent();
        envelope.Home = this;
        return envelope;
    }

    /// <summary>Returns a received envelope to its owner's pool.</summary>
    public void ReturnEnvelope(Envelope envelope) => Owner.Envelopes.Return(envelope);

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
