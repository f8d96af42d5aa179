using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>TMPI0400-0499: request lifecycle.</summary>
public sealed class RequestRuleTests
{
    internal static string InMethod(string body) => InClass($$"""
        public static void Run(Communicator comm, int[] buffer, int[] data, Memory<int> memory, bool ready)
        {
            {{body}}
        }
        """);

    internal static string InClass(string members) => $$"""
        using System.Collections.Generic;

        public static class Program
        {
            private static Request saved;
            private static readonly List<Request> Pending = [];

            private static void Keep(Request request) => saved = request;

            private static int Use(int[] values) => values.Length;

            private static void Work()
            {
            }

            private static void Throws<TException>(Action action) where TException : Exception
            {
            }

            {{members}}
        }
        """;

    // ---- TMPI0400: discarded requests ----

    [Fact]
    public Task KeptOrWaitedRequestsAreNotDiscarded() => AnalyzerHarness.VerifyAsync(InMethod("""
        comm.Isend(data, dest: 1, tag: 0).Wait();
        var value = comm.Irecv<int>(source: 0, tag: 0).Wait();
        Keep(comm.Ibarrier());
        Pending.Add(comm.Isend(1, dest: 1, tag: 0));
        Request.WaitAll(comm.Isend(1, 1, 0), comm.Irecv<int>(0, 0));
        Func<Request> start = () => comm.Ibarrier();
        saved = comm.Isend(2, 1, 0);
        // A test that expects the call to throw: there is no request to complete.
        Throws<ObjectDisposedException>(() => comm.Isend(1, dest: 1, tag: 0));
        """));

    [Fact]
    public Task DiscardedRequests() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            comm.Isend(data, dest: 1, tag: 0);
            comm.Irecv<int>(source: 0, tag: 0);
            _ = comm.Ibarrier();
            comm?.Isend(1, dest: 1, tag: 0);
            Action later = () => comm.Ibcast(buffer, root: 0);
            """),
        // comm.Isend(data, dest: 1, tag: 0);
        new Expected("TMPI0400", "Isend", "The request returned by 'Isend' is discarded, so the operation is never completed and its buffers stay pinned until MPI is finalized; call Wait() on it, or keep it and complete it later"),
        // comm.Irecv<int>(source: 0, tag: 0);
        new Expected("TMPI0400", "Irecv<int>", "The request returned by 'Irecv' is discarded, so the operation is never completed and its value is lost; call Wait() on it, or keep it and complete it later"),
        // _ = comm.Ibarrier();
        new Expected("TMPI0400", "Ibarrier", "The request returned by 'Ibarrier' is discarded, so the operation is never completed; call Wait() on it, or keep it and complete it later"),
        // comm?.Isend(1, dest: 1, tag: 0);
        new Expected("TMPI0400", "Isend", "The request returned by 'Isend' is discarded, so the operation is never completed; call Wait() on it, or keep it and complete it later"),
        // () => comm.Ibcast(buffer, root: 0)
        new Expected("TMPI0400", "Ibcast", "The request returned by 'Ibcast' is discarded, so the operation is never completed and its buffers stay pinned until MPI is finalized; call Wait() on it, or keep it and complete it later"));

    // ---- TMPI0401: requests not completed on some path ----

    [Fact]
    public Task RequestsCompletedOrHandedOnHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(InClass("""
        public static Request Start(Communicator comm)
        {
            var started = comm.Ibarrier();
            return started;
        }

        public static void Run(Communicator comm, int[] buffer, int[] data, bool ready)
        {
            var both = comm.Irecv(buffer, 1, 0);
            if (ready)
            {
                both.Wait();
            }
            else
            {
                both.Wait();
            }

            var send = comm.Isend(data, 1, 0);
            var receive = comm.Irecv(buffer, 0, 0);
            Request.WaitAll([send, receive]);

            var listed = comm.Isend(1, 1, 0);
            Pending.Add(listed);
            var stored = comm.Isend(2, 1, 0);
            saved = stored;
            var passed = comm.Ibarrier();
            Keep(passed);
            var captured = comm.Ibarrier();
            Action finish = () => captured.Wait();

            var tested = comm.Irecv<int>(0, 0);
            int got;
            while (!tested.Test(out got))
            {
                Work();
            }

            var cancelled = comm.Irecv<int>(0, 1);
            cancelled.Cancel();
            cancelled.Wait();

            // Started and completed under the same condition, or a flag set with it.
            Request maybe = default;
            if (ready)
            {
                maybe = comm.Isend(3, 1, 0);
            }

            Work();
            if (ready)
            {
                maybe.Wait();
            }

            Request flagged = default;
            var isStarted = false;
            if (comm.Rank == 0)
            {
                flagged = comm.Isend(4, 1, 0);
                isStarted = true;
            }

            if (isStarted)
            {
                flagged.Wait();
            }

            var guarded = comm.Ibarrier();
            try
            {
                Work();
            }
            finally
            {
                guarded.Wait();
            }

            // A path that throws is not followed.
            var beforeThrow = comm.Ibarrier();
            if (!ready)
            {
                throw new InvalidOperationException("not ready");
            }

            beforeThrow.Wait();

            Request each = default;
            for (var i = 0; i < 3; i++)
            {
                each = comm.Isend(i, 1, 0);
                each.Wait();
            }

            var switched = comm.Irecv(buffer, 0, 1);
            switch (comm.Rank)
            {
                case 0:
                    switched.Wait();
                    break;
                default:
                    Request.WaitAll(switched);
                    break;
            }

            var polled = comm.Ibarrier();
            do
            {
                Work();
            }
            while (!polled.Test());

            var tried = comm.Isend(5, 1, 0);
            try
            {
                Work();
                tried.Wait();
            }
            catch (InvalidOperationException)
            {
                tried.Wait();
                throw;
            }

            var first = comm.Isend(6, 1, 0);
            var second = comm.Isend(7, 1, 0);
            while (Request.WaitAny(first, second) >= 0)
            {
            }

            // Double buffering: the next request is started before the previous one is completed.
            var previous = comm.Isend(8, 1, 0);
            for (var i = 0; i < 3; i++)
            {
                var next = comm.Isend(i, 1, 0);
                previous.Wait();
                previous = next;
            }

            previous.Wait();

            Request toRoot = default;
            if (comm.Rank == 0)
            {
                toRoot = comm.Isend(9, 1, 0);
            }
            else if (comm.Rank == 1)
            {
                Work();
            }

            if (comm.Rank == 0)
            {
                toRoot.Wait();
            }

            // Started under a condition in a loop: coming back to it may not start it again.
            Request once = default;
            for (var i = 0; i < 3; i++)
            {
                if (i == 0)
                {
                    once = comm.Isend(i, 1, 0);
                }
            }

            once.Wait();
        }
        """));

    [Fact]
    public Task RequestsNotCompletedOnSomePath() => AnalyzerHarness.VerifyAsync(
        InClass("""
            public static void Run(Communicator comm, int[] buffer, int[] data, bool ready)
            {
                var r = comm.Irecv(buffer, 1, 0);
                if (ready)
                {
                    r.Wait();
                }

                var s = comm.Isend(data, 1, 0);
                if (ready)
                {
                    return;
                }

                s.Wait();

                Request t = default;
                for (var i = 0; i < 3; i++)
                {
                    t = comm.Isend(i, 1, 0);
                }

                t.Wait();

                var sum = comm.Iallreduce(1, MpiOp.Sum);
                var c = comm.Irecv<int>(0, 0);
                c.Cancel();
                var p = comm.Ibarrier();
                while (p.IsPending)
                {
                    Work();
                }

                Action later = () =>
                {
                    var q = comm.Ibarrier();
                };
            }

            public static void Start(Communicator comm)
            {
                var started = comm.Ibarrier();
                Finish();

                static void Finish()
                {
                }
            }
            """),
        // var r = comm.Irecv(buffer, 1, 0); if (ready) { r.Wait(); }
        new Expected("TMPI0401", "Irecv", "The request from 'Irecv' in 'r' is not completed on some path before the method returns; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on"),
        // var s = comm.Isend(data, 1, 0); if (ready) { return; }
        new Expected("TMPI0401", "Isend", "The request from 'Isend' in 's' is not completed on some path before the method returns; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on"),
        // t = comm.Isend(i, 1, 0); in a loop
        new Expected("TMPI0401", "Isend", "The request from 'Isend' in 't' is not completed on some path before 't' is assigned again; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on"),
        // var sum = comm.Iallreduce(1, MpiOp.Sum);
        new Expected("TMPI0401", "Iallreduce", "The request from 'Iallreduce' in 'sum' is not completed on some path before the method returns; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on"),
        // c.Cancel(); without a Wait
        new Expected("TMPI0401", "Irecv<int>", "The request from 'Irecv' in 'c' is not completed on some path before the method returns; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on"),
        // while (p.IsPending) does not complete p
        new Expected("TMPI0401", "Ibarrier", "The request from 'Ibarrier' in 'p' is not completed on some path before the method returns; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on"),
        // var q = comm.Ibarrier(); in a lambda
        new Expected("TMPI0401", "Ibarrier", "The request from 'Ibarrier' in 'q' is not completed on some path before the lambda returns; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on"),
        // var started = comm.Ibarrier(); Finish();
        new Expected("TMPI0401", "Ibarrier", "The request from 'Ibarrier' in 'started' is not completed on some path before the method returns; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on"));

    [Fact]
    public Task RequestNotCompletedInTopLevelStatements() => AnalyzerHarness.VerifyAsync(
        [
            """
            using var environment = Mpi.Initialize();
            var world = environment.World;
            var request = world.Ibarrier();
            if (world.Rank == 0)
            {
                request.Wait();
            }
            """,
        ],
        AnalyzerHarness.ParseOptions,
        ["CS8805"], // top-level statements in the test's library compilation
        // var request = world.Ibarrier(); waited on rank 0 only
        new Expected("TMPI0401", "Ibarrier", "The request from 'Ibarrier' in 'request' is not completed on some path before the top-level statements end; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on"));

    // ---- TMPI0402: buffers used while their operation is pending ----

    [Fact]
    public Task BuffersUsedAfterCompletionHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(InMethod("""
        var r = comm.Irecv(buffer, 0, 0);
        var length = buffer.Length;
        var missing = buffer is null || buffer == null;
        var name = nameof(buffer);
        r.Wait();
        var first = buffer[0];

        // Reading a send buffer is allowed (MPI-3), and so is sending it twice.
        var s = comm.Isend(data, 1, 0);
        var sum = data[0] + data[1];
        Use(data);
        var again = comm.Isend(data, 2, 0);
        Request.WaitAll(s, again);
        data[0] = 1;

        // A slice leaves the rest of the array free.
        var slice = comm.Irecv(buffer.AsMemory(0, 2), 0, 0);
        buffer[3] = 1;
        slice.Wait();

        // The request may be completed in the if: the rest is not followed.
        var t = comm.Irecv(buffer, 0, 0);
        if (ready)
        {
            t.Wait();
        }

        var after = buffer[0];
        t.Wait();

        // The variable names another array, and a lambda runs later.
        var u = comm.Irecv(buffer, 0, 0);
        Func<int> later = () => buffer[0];
        buffer = new int[2];
        buffer[0] = 1;
        u.Wait();
        """));

    [Fact]
    public Task BuffersUsedWhilePending() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            var r = comm.Irecv(buffer, 0, 0);
            var first = buffer[0];
            r.Wait();

            var s = comm.Isend(data, 1, 0);
            var sum = data[0];
            data[0] = 42;
            s.Wait();

            var m = comm.Irecv(memory, 0, 0);
            memory.Span[0] = 1;
            m.Wait();

            var requests = new Request[2];
            requests[0] = comm.Irecv(buffer, 0, 1);
            requests[1] = comm.Isend(data, 1, 1);
            for (var i = 0; i < buffer.Length; i++)
            {
                sum += buffer[i];
            }

            Array.Fill(data, 0);
            Request.WaitAll(requests);

            Request[] set = [comm.Irecv(buffer, 0, 2)];
            Use(buffer);
            Request.WaitAll(set);

            var x = comm.Isendrecv<int>(data, 1, 0, buffer, 0, 0);
            data.AsSpan().Clear();
            foreach (var value in buffer)
            {
                sum += value;
            }

            x.Wait();

            var y = comm.Isend(data, 1, 3);
            comm.Recv<int>(data, 0, 3);
            y.Wait();
            """),
        // var first = buffer[0]; after comm.Irecv(buffer, 0, 0)
        new Expected("TMPI0402", "buffer", "'buffer' is read while the 'Irecv' into it is pending, and MPI may still be writing it; complete 'r' first"),
        // data[0] = 42; after comm.Isend(data, 1, 0) (the read before it is allowed)
        new Expected("TMPI0402", "data", "'data' is written while the 'Isend' of it is pending, and MPI may still be reading it; complete 's' first"),
        // memory.Span[0] = 1;
        new Expected("TMPI0402", "memory", "'memory' is written while the 'Irecv' into it is pending, and MPI may still be writing it; complete 'm' first"),
        // for (var i = 0; i < buffer.Length; i++) { sum += buffer[i]; }
        new Expected("TMPI0402", "buffer", "'buffer' is read while the 'Irecv' into it is pending, and MPI may still be writing it; complete 'requests' first"),
        // Array.Fill(data, 0);
        new Expected("TMPI0402", "data", "'data' is written while the 'Isend' of it is pending, and MPI may still be reading it; complete 'requests' first"),
        // Use(buffer);
        new Expected("TMPI0402", "buffer", "'buffer' is used while the 'Irecv' into it is pending, and MPI may still be writing it; complete 'set' first"),
        // data.AsSpan().Clear();
        new Expected("TMPI0402", "data", "'data' is written while the 'Isendrecv' of it is pending, and MPI may still be reading it; complete 'x' first"),
        // foreach (var value in buffer)
        new Expected("TMPI0402", "buffer", "'buffer' is read while the 'Isendrecv' into it is pending, and MPI may still be writing it; complete 'x' first"),
        // comm.Recv<int>(data, 0, 3); receives into the buffer being sent
        new Expected("TMPI0402", "data", "'data' is written while the 'Isend' of it is pending, and MPI may still be reading it; complete 'y' first"));

    // ---- TMPI0403: a ValueRequest's value taken twice ----

    [Fact]
    public Task ValuesTakenOnceHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(InMethod("""
        var v = comm.Irecv<int>(0, 0);
        Request.WaitAll(v);
        var a = v.Wait();

        var w = comm.Irecv<int>(0, 1);
        if (ready)
        {
            a = w.Wait();
        }
        else
        {
            a = w.Wait();
        }

        var x = comm.Irecv<int>(0, 2);
        a = x.Wait();
        x = comm.Irecv<int>(0, 3);
        a = x.Wait();

        for (var i = 0; i < 3; i++)
        {
            var y = comm.Irecv<int>(0, i);
            a += y.Wait();
        }

        // Taken on one path only: not reported (the rule reports only what throws on every path).
        var z = comm.Irecv<int>(0, 4);
        if (ready)
        {
            a = z.Wait();
        }

        a = z.Wait();

        // Waiting twice on a Request is allowed: the second Wait returns at once.
        var plain = comm.Ibarrier();
        plain.Wait();
        plain.Wait();

        // A lambda runs when it is called: not followed.
        var late = comm.Irecv<int>(0, 5);
        a = late.Wait();
        Throws<InvalidOperationException>(() => late.Wait());
        """));

    [Fact]
    public Task ValuesTakenTwice() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            var v = comm.Irecv<int>(0, 0);
            var a = v.Wait();
            var b = v.Wait();

            var w = comm.Iallreduce(1, MpiOp.Sum);
            var copy = w;
            var c = w.Wait();
            var d = copy.Wait(out var status);

            var x = comm.Irecv<double>(0, 1);
            if (ready)
            {
                x.Wait();
            }
            else
            {
                x.Wait();
            }

            if (x.Test(out var late))
            {
                Work();
            }
            """),
        // var b = v.Wait();
        new Expected("TMPI0403", "Wait", "The value of 'v' was already taken by an earlier Wait, so 'Wait' throws InvalidOperationException; use the value the first Wait returned"),
        // var d = copy.Wait(out var status); after w.Wait()
        new Expected("TMPI0403", "Wait", "The value of 'copy' was already taken by an earlier Wait on 'w', which holds the same request, so 'Wait' throws InvalidOperationException; use the value the first Wait returned"),
        // x.Test(out var late) after x.Wait() on both branches
        new Expected("TMPI0403", "Test", "The value of 'x' was already taken by an earlier Wait, so 'Test' throws InvalidOperationException; use the value the first Wait returned"));

    // ---- The rule pages ----

    /// <summary>Each page's example gives the diagnostic the page quotes, and the code under "How to fix" gives none.</summary>
    [Theory]
    [InlineData("TMPI0400")]
    [InlineData("TMPI0401")]
    [InlineData("TMPI0402")]
    [InlineData("TMPI0403")]
    public async Task PageExampleGivesTheQuotedDiagnostic(string id)
    {
        var page = File.ReadAllText(Repository.PathOf("docs", "rules", id + ".md"));
        var example = Regex.Match(page, "\n## Example\n\n```csharp\n(?<code>.*?)```\n\n> (?<id>TMPI[0-9]{4}): (?<message>[^\n]*)\n", RegexOptions.Singleline);
        var fix = Regex.Match(page, "\n## How to fix\n.*?```csharp\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(example.Success && fix.Success, $"{id}'s page has no example, quoted diagnostic or fixed code");
        Assert.Equal(id, example.Groups["id"].Value);

        var reported = await DiagnosticsOf(example.Groups["code"].Value, id);
        Assert.Equal([example.Groups["message"].Value], reported);
        Assert.Empty(await DiagnosticsOf(fix.Groups["code"].Value, id));

        static async Task<List<string>> DiagnosticsOf(string code, string id)
        {
            var source = $$"""
                public static class Program
                {
                    private static void Combine(double[] values)
                    {
                    }

                    private static void UpdateInterior(double[] values)
                    {
                    }

                    public static void Run(Communicator world, double[] halo, double[] edge, double[] grid, double local)
                    {
                        {{code}}
                    }
                }
                """;
            var compilation = AnalyzerHarness.RunGenerator(AnalyzerHarness.Compile([source]));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "The page's code does not compile:\n" + string.Join("\n", errors));
            return [.. (await AnalyzerHarness.AnalyzeAsync(compilation)).Where(d => d.Id == id).Select(d => d.GetMessage())];
        }
    }

    // ---- Real code ----

    /// <summary>
    /// The conformance suite (which does not build with the analyzers) uses every nonblocking pattern of the runtime,
    /// correctly: the request rules must find nothing in it.
    /// </summary>
    [Fact]
    public async Task ConformanceSuiteHasNoRequestFindings()
    {
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(
                "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;",
                AnalyzerHarness.ParseOptions,
                path: "ImplicitUsings.cs"),
        };
        foreach (var path in Repository.SourcesOf(Path.Combine("tests", "Mpi.Conformance")))
        {
            trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(path), AnalyzerHarness.ParseOptions, path: path));
        }

        var compilation = AnalyzerHarness.RunGenerator(CSharpCompilation.Create(
            "Mpi.Conformance", trees, AnalyzerHarness.References, AnalyzerHarness.CompilationOptions().WithOutputKind(OutputKind.ConsoleApplication)));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The conformance suite does not compile here:\n" + string.Join("\n", errors.Take(10)));

        var findings = await AnalyzerHarness.AnalyzeAsync(compilation, [new RequestAnalyzer()]);
        Assert.True(findings.IsEmpty, string.Join("\n", findings));
    }
}
