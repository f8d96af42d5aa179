namespace TypedMpi.Conformance;

/// <summary>One conformance scenario: code every rank runs on its own duplicate of the world communicator.</summary>
/// <param name="Name">A stable dotted name, e.g. <c>p2p.recv-any-source</c>; it names the xunit test case.</param>
/// <param name="Run">The scenario body; a thrown exception fails the scenario on that rank.</param>
/// <param name="MinRanks">The smallest world the scenario means something in; it is not run below that.</param>
public sealed record Scenario(string Name, Action<ScenarioContext> Run, int MinRanks = 1);
