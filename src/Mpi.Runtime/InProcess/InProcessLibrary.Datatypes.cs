using System.Runtime.InteropServices;

namespace TypedMpi.InProcess;

/// <summary>Derived datatypes and user-defined operations.</summary>
internal static unsafe partial class InProcessLibrary
{
    [UnmanagedCallersOnly]
    private static int Type_size(nint type, int* size)
    {
        var rc = AnyDatatype(type, out var datatype);
        if (rc == 0)
        {
            *size = (int)datatype.Size;
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Type_create_struct(int count, int* blockLengths, nint* displacements, void* types, nint* newType)
    {
        try
        {
            var fields = new InProcessType[count];
            for (var i = 0; i < count; i++)
            {
                var rc = AnyDatatype(((nint*)types)[i], out fields[i]);
                if (rc != 0)
                {
                    return rc;
                }
            }

            var created = InProcessType.Struct(count, new ReadOnlySpan<int>(blockLengths, count), new ReadOnlySpan<nint>(displacements, count), fields);
            *newType = Register(created);
            return 0;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Type_create_resized(nint type, nint lowerBound, nint extent, nint* newType)
    {
        var rc = AnyDatatype(type, out var datatype);
        if (rc != 0)
        {
            return rc;
        }

        if (lowerBound != 0)
        {
            return InProcessErrors.Code(MpiErrorClass.Arg, "the in-process backend supports lower bound 0 only (TypedMpi never uses another)");
        }

        *newType = Register(datatype.Resized(extent));
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Type_vector(int count, int blockLength, int stride, nint oldType, nint* newType)
    {
        var rc = AnyDatatype(oldType, out var datatype);
        if (rc != 0)
        {
            return rc;
        }

        if (count < 0 || blockLength < 0)
        {
            return InProcessErrors.Code(MpiErrorClass.Count, $"Type_vector of {count} blocks of {blockLength} elements");
        }

        *newType = Register(datatype.Vector(count, blockLength, stride));
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Type_dup(nint type, nint* newType)
    {
        var rc = AnyDatatype(type, out var datatype);
        if (rc == 0)
        {
            *newType = Register(datatype.Duplicate());
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Type_commit(nint* type)
    {
        var rc = AnyDatatype(*type, out var datatype);
        if (rc == 0)
        {
            datatype.Committed = true;
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Type_free(nint* type)
    {
        if (HandleTable.Get<InProcessType>(*type) is not { } datatype)
        {
            return InProcessErrors.Code(MpiErrorClass.Type, "only a derived datatype can be freed");
        }

        HandleTable.Remove(datatype.Handle);
        *type = DatatypeNull;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Type_get_extent(nint type, nint* lowerBound, nint* extent)
    {
        var rc = AnyDatatype(type, out var datatype);
        if (rc == 0)
        {
            *lowerBound = 0;
            *extent = (nint)datatype.Extent;
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Op_create(void* function, int commutative, nint* op)
    {
        var created = InProcessOp.User(function, commutative != 0);
        created.Handle = HandleTable.Add(created);
        *op = created.Handle;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Op_free(nint* op)
    {
        if (HandleTable.Get<InProcessOp>(*op) is not { } created)
        {
            return InProcessErrors.Code(MpiErrorClass.Op, "only a user-defined operation can be freed");
        }

        HandleTable.Remove(created.Handle);
        *op = OpNull;
        return 0;
    }

    /// <summary>A datatype, committed or not (constructors accept uncommitted ones).</summary>
    private static int AnyDatatype(nint handle, out InProcessType type)
    {
        if ((type = InProcessType.PredefinedOf(handle) ?? HandleTable.Get<InProcessType>(handle)!) is not null)
        {
            return 0;
        }

        return InProcessErrors.Code(MpiErrorClass.Type, $"0x{handle:x} is not a datatype");
    }

    private static nint Register(InProcessType type)
    {
        type.Handle = HandleTable.Add(type);
        return type.Handle;
    }
}
