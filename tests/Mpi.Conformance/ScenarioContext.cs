using System.Runtime.CompilerServices;

namespace TypedMpi.Conformance;

/// <summary>What a scenario gets: its communicator, and assertions whose failures name the rank.</summary>
public sealed class ScenarioContext(Communicator comm, MpiEnvironment mpi)
{
    /// <summary>A duplicate of the world made for this scenario, so stray messages of a failed scenario cannot leak into the next.</summary>
    public Communicator Comm { get; } = comm;

    public MpiEnvironment Mpi { get; } = mpi;

    public int Rank => Comm.Rank;

    public int Size => Comm.Size;

    public void True(bool condition, string what, [CallerArgumentExpression(nameof(condition))] string? expression = null)
    {
        if (!condition)
        {
            throw new ScenarioFailure($"rank {Rank}: expected {what} ({expression})");
        }
    }

    public void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new ScenarioFailure($"rank {Rank}: {what}: expected {expected}, got {actual}");
        }
    }

    public void SequenceEqual<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what)
    {
        if (expected.Length != actual.Length)
        {
            throw new ScenarioFailure($"rank {Rank}: {what}: expected {expected.Length} elements, got {actual.Length}");
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(expected[i], actual[i]))
            {
                throw new ScenarioFailure($"rank {Rank}: {what}: element {i}: expected {expected[i]}, got {actual[i]}");
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> and returns the exception it must throw.</summary>
    public TException Throws<TException>(Action action, string what) where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException expected)
        {
            return expected;
        }
        catch (Exception other)
        {
            throw new ScenarioFailure($"rank {Rank}: {what}: expected {typeof(TException).Name}, got {other.GetType().Name}: {other.Message}");
        }

        throw new ScenarioFailure($"rank {Rank}: {what}: expected {typeof(TException).Name}, but nothing was thrown");
    }

    /// <summary>Runs <paramref name="action"/>, which must throw an <see cref="MpiException"/> of class <paramref name="expected"/>.</summary>
    public MpiException ThrowsMpi(MpiErrorClass expected, Action action, string what)
    {
        var e = Throws<MpiException>(action, what);
        if (e.ErrorClass != expected)
        {
            throw new ScenarioFailure($"rank {Rank}: {what}: expected error class {expected}, got {e.ErrorClass}: {e.Message}");
        }

        return e;
    }

    /// <summary>The job is alive and every rank is here: an Allreduce over the scenario's communicator gives Size.</summary>
    public void AllAlive(string after)
    {
        var count = Comm.Allreduce(1, MpiOp.Sum);
        Equal(Size, count, $"ranks answering an Allreduce after {after}");
    }
}

/// <summary>A failed expectation inside a scenario.</summary>
public sealed class ScenarioFailure(string message) : Exception(message);
