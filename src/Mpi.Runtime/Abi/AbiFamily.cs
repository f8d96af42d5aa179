namespace TypedMpi;

/// <summary>The binary interface of an MPI library: which handles, constants and status layout it uses.</summary>
public enum AbiFamily
{
    /// <summary>Open MPI 4.x/5.x: pointer handles (addresses of exported <c>ompi_*</c> objects), 24-byte status.</summary>
    OpenMpi,

    /// <summary>The MPICH ABI (MPICH, Intel MPI, MVAPICH, Cray MPICH): 32-bit integer handles, 20-byte status.</summary>
    Mpich,

    /// <summary>The MPI-5 standard ABI (<c>libmpi_abi.so.1</c>): pointer-sized constant handles, 32-byte status.</summary>
    MpiAbi,

    /// <summary>TypedMpi's embedded backend: ranks are threads of this process; it speaks the MPI-5 standard ABI.</summary>
    InProcess,
}
