using System.Runtime.CompilerServices;
using TypedMpi.Abi;

namespace TypedMpi.Interop;

/// <summary>
/// Message types: the derived datatype built from a type's generated description the first time it is used, and
/// its field-wise reductions as MPI user ops. Both are created once per type and freed at finalize.
/// </summary>
internal sealed unsafe partial class NativeMpi
{
    /// <summary>
    /// Static like the caches it guards (<see cref="MessageType{T}"/>'s handles, user operations' handles): the ranks of
    /// an in-process job share them, as they share the backend that created them.
    /// </summary>
    private static readonly Lock s_messageTypesLock = new();
    private readonly List<Action> _messageTypeCleanup = [];

    /// <summary>The committed datatype of a message type, creating it on first use.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private nint MessageDatatype<T>() where T : unmanaged
    {
        if (!MessageType<T>.IsRegistered)
        {
            ThrowUnsupportedType(typeof(T));
        }

        lock (s_messageTypesLock)
        {
            if (MessageType<T>.Datatype != 0)
            {
                return MessageType<T>.Datatype;
            }

            var fields = MessageType<T>.Fields();
            var handle = CreateStructType(typeof(T), sizeof(T), fields);
            MessageType<T>.Datatype = handle;
            MessageReductions.Register(this, handle, MessageType<T>.Reduce);
            _messageTypeCleanup.Add(() =>
            {
                var type = MessageType<T>.Datatype;
                MessageReductions.Unregister(type);
                TypeFree(&type);
                MessageType<T>.Datatype = 0;
            });
            return handle;
        }
    }

    /// <summary>
    /// <c>MPI_Type_create_struct</c> over the measured offsets, then <c>MPI_Type_create_resized(0, sizeof(T))</c> so
    /// that arrays of the type step by the .NET size, then commit; the extent is checked against <paramref name="size"/>.
    /// </summary>
    private nint CreateStructType(Type type, int size, List<MessageField> fields)
    {
        var count = fields.Count;
        var blockLengths = stackalloc int[count];
        var displacements = stackalloc nint[count];
        var types = stackalloc long[count]; // room for 8-byte handles; 4-byte ones are packed at the front
        for (var i = 0; i < count; i++)
        {
            var field = fields[i];
            blockLengths[i] = field.Count;
            displacements[i] = field.Offset;
            var fieldType = field.Datatype(this);
            if (_intHandles)
            {
                ((int*)types)[i] = (int)fieldType;
            }
            else
            {
                ((nint*)types)[i] = fieldType;
            }
        }

        nint structType = 0, resized = 0;
        Check(TypeCreateStruct(count, blockLengths, displacements, types, &structType), "MPI_Type_create_struct", type);
        Check(TypeCreateResized(structType, 0, size, &resized), "MPI_Type_create_resized", type);
        TypeFree(&structType);
        Check(TypeCommit(&resized), "MPI_Type_commit", type);

        nint lowerBound = 0, extent = 0;
        Check(TypeGetExtent(resized, &lowerBound, &extent), "MPI_Type_get_extent", type);
        if (lowerBound != 0 || extent != size)
        {
            TypeFree(&resized);
            throw new MpiException(MpiErrorClass.Type,
                $"The MPI datatype built for {type.FullName} has extent {extent} (lower bound {lowerBound}) but the struct is {size} bytes.",
                rank: WorldRank);
        }

        return resized;
    }

    /// <summary>The user op of a message type's generated field-wise reduction.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private nint MessageOp<T>(MpiOp op) where T : unmanaged
    {
        var reduction = op.Predefined switch
        {
            PredefinedHandle.OpSum => MpiReduction.Sum,
            PredefinedHandle.OpProd => MpiReduction.Prod,
            PredefinedHandle.OpMin => MpiReduction.Min,
            PredefinedHandle.OpMax => MpiReduction.Max,
            _ => (MpiReduction)(-1),
        };

        // Every reduction after the first: one read, no lock, nothing allocated.
        if (reduction >= 0 && Volatile.Read(ref MessageType<T>.Ops[(int)reduction]) is var cached and not 0)
        {
            return cached;
        }

        if (reduction < 0 || !MessageType<T>.IsRegistered)
        {
            throw new MpiException(MpiErrorClass.Op,
                $"MpiOp.{op.Name} is not defined for {typeof(T).Name}: a message type reduces field by field with Sum, Prod, Min or Max, or with its own [MpiOperation].",
                rank: WorldRank);
        }

        lock (s_messageTypesLock)
        {
            var ops = MessageType<T>.Ops;
            if (ops[(int)reduction] != 0)
            {
                return ops[(int)reduction];
            }

            if ((MessageType<T>.SupportedReductions & (MpiReductions)(1 << (int)reduction)) == 0)
            {
                throw new MpiException(MpiErrorClass.Op,
                    $"MpiOp.{op.Name} is not defined for {typeof(T).Name}: not every field is a number (enums, bool and char fields have no {op.Name}).",
                    rank: WorldRank);
            }

            _ = Datatype<T>(); // the reduction finds its kernel through the committed datatype
            nint handle = 0;
            Check(OpCreate(MessageReductions.Trampoline(reduction), commutative: true, &handle), "MPI_Op_create", typeof(T));
            Volatile.Write(ref ops[(int)reduction], handle);
            AddOpCleanup<T>(reduction);
            return handle;
        }
    }

    /// <summary>In its own method so that the closure over <paramref name="reduction"/> is allocated only when an op is created.</summary>
    private void AddOpCleanup<T>(MpiReduction reduction) where T : unmanaged =>
        _messageTypeCleanup.Add(() =>
        {
            var created = MessageType<T>.Ops[(int)reduction];
            OpFree(&created);
            MessageType<T>.Ops[(int)reduction] = 0;
        });

    /// <summary>Frees every datatype and op created for message types; called before <c>MPI_Finalize</c>.</summary>
    public void FreeMessageTypes()
    {
        lock (s_messageTypesLock)
        {
            for (var i = _messageTypeCleanup.Count - 1; i >= 0; i--)
            {
                _messageTypeCleanup[i]();
            }

            _messageTypeCleanup.Clear();
        }
    }

    private void Check(int rc, string function, Type type)
    {
        if (rc != 0)
        {
            throw Fail(rc, function, $"building the datatype of {type.FullName}");
        }
    }
}
