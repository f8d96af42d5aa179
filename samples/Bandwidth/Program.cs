using TypedMpi;

// The bandwidth table between rank 0 and rank 1, measured by ping-pong: for n = 2^0 … 2^20 doubles, rank 0 sends
// double[n] to rank 1, which sends it straight back. Half a round trip is the time per message, and the message's
// bytes over that time its bandwidth (MB/s, 1 MB = 10^6 bytes). Ranks beyond 1 have nothing to do.
//   mpirun.openmpi -n 2 dotnet samples/Bandwidth/bin/Release/net10.0/Bandwidth.dll [--max-exponent 20] [--iterations N]
return Mpi.Run(args, world =>
{
    if (!Options.TryParse(Mpi.ProgramArguments(args), out var options, out var error))
    {
        if (world.Rank == 0)
        {
            Console.Error.WriteLine($"Bandwidth: {error}\n{Options.Usage}");
        }

        return 2;
    }

    if (world.Size < 2)
    {
        Console.WriteLine("Bandwidth measures messages between rank 0 and rank 1, so it needs at least 2 ranks: mpirun -n 2 dotnet Bandwidth.dll");
        return 0;
    }

    if (world.Rank > 1)
    {
        return 0; // idle: only ranks 0 and 1 take part
    }

    // One buffer of the largest size, reused for every size (a span of its first n elements), so that no allocation
    // and no page fault lands inside a timed loop. Rank 0 also keeps what came back, to check it after each size.
    var largest = 1 << options.MaxExponent;
    var message = new double[largest];
    var echo = new double[largest];
    for (var i = 0; i < message.Length; i++)
    {
        message[i] = i + 0.5;
    }

    if (world.Rank == 0)
    {
        Console.WriteLine($"# Bandwidth between rank 0 and rank 1 of {world.Size}: ping-pong of double[n] ({sizeof(double)} bytes per element)");
        Console.WriteLine($"# {"n",9} {"bytes",10} {"iterations",10} {"time/msg [us]",14} {"MB/s",10}");
    }

    var intact = true;
    for (var exponent = 0; exponent <= options.MaxExponent; exponent++)
    {
        var n = 1 << exponent;
        var bytes = n * sizeof(double);
        var (warmup, iterations) = options.IterationsFor(bytes);
        var outgoing = message.AsSpan(0, n);
        var incoming = echo.AsSpan(0, n);
        incoming.Clear();

        var start = 0.0;
        for (var i = 0; i < warmup + iterations; i++)
        {
            if (i == warmup)
            {
                start = Mpi.Wtime(); // the warm-up rounds set up the connection and the library's buffers, untimed
            }

            // world.Send(outgoing, 1 - world.Rank, Tags.Payload); world.Recv(incoming, 1 - world.Rank, Tags.Payload); // the classic mistake: both ranks send first — fine while the message fits the library's eager buffer, a deadlock from some size on (TMPI0301)
            if (world.Rank == 0)
            {
                world.Send(outgoing, dest: 1, Tags.Payload);
                world.Recv(incoming, source: 1, Tags.Payload);
            }
            else
            {
                world.Recv(incoming, source: 0, Tags.Payload);
                world.Send(incoming, dest: 0, Tags.Payload); // straight back, whatever arrived
            }
        }

        var perMessage = (Mpi.Wtime() - start) / (2.0 * iterations); // two messages per round trip

        if (world.Rank == 0)
        {
            var sameAsSent = incoming.SequenceEqual(outgoing);
            intact &= sameAsSent;
            Console.WriteLine($"  {n,9} {bytes,10} {iterations,10} {perMessage * 1e6,14:F2} {bytes / perMessage / 1e6,10:F1}{(sameAsSent ? "" : "  <- the echo differs from the message")}");
        }
    }

    if (world.Rank == 0)
    {
        Console.WriteLine(intact ? "every echo matched what was sent: OK" : "some echoes differed from what was sent: FAILED");
    }

    return intact ? 0 : 1;
});

/// <summary>The tags of this program, each bound to the one message type it carries.</summary>
internal static class Tags
{
    public static readonly Tag<double> Payload = new(1);
}
