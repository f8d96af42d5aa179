using System.Runtime.CompilerServices;

namespace TypedMpi.Interop;

/// <summary>User-defined operations: their MPI op and their private datatype, created on first use, freed at finalize.</summary>
internal sealed unsafe partial class NativeMpi
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private nint UserOpDatatype<T>(UserOperation user) where T : unmanaged
    {
        CheckElementType<T>(user);
        var element = Datatype<T>();
        lock (s_messageTypesLock)
        {
            if (user.Datatype == 0)
            {
                nint duplicate = 0;
                Check(TypeDup(element, &duplicate), "MPI_Type_dup", typeof(T));
                MessageReductions.RegisterUserOperation(this, duplicate, user.Kernel);
                user.Datatype = duplicate;
                _messageTypeCleanup.Add(() =>
                {
                    var type = user.Datatype;
                    MessageReductions.Unregister(type);
                    TypeFree(&type);
                    user.Datatype = 0;
                });
            }

            return user.Datatype;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private nint UserOp<T>(UserOperation user) where T : unmanaged
    {
        CheckElementType<T>(user);
        lock (s_messageTypesLock)
        {
            if (user.OpHandle == 0)
            {
                nint handle = 0;
                Check(OpCreate(MessageReductions.UserTrampoline, user.Commutative, &handle), "MPI_Op_create", typeof(T));
                user.OpHandle = handle;
                _messageTypeCleanup.Add(() =>
                {
                    var op = user.OpHandle;
                    OpFree(&op);
                    user.OpHandle = 0;
                });
            }

            return user.OpHandle;
        }
    }

    private void CheckElementType<T>(UserOperation user) where T : unmanaged
    {
        if (user.ElementType != typeof(T))
        {
            throw new MpiException(MpiErrorClass.Op,
                $"The operation {user.Name} combines {user.ElementType.Name} elements; it cannot reduce {typeof(T).Name}.",
                rank: WorldRank);
        }
    }
}
