// typedmpi: the TypedMpi command-line tool. `typedmpi info` reports the MPI libraries TypedMpi finds and would use;
// `typedmpi bench ...` runs the mpi4py.bench family under any launcher or on in-process ranks. See docs/tool.md.
using TypedMpi.Tool;

return ToolMain.Run(args);
