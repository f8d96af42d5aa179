using TypedMpi.Conformance.Scenarios;

namespace TypedMpi.Conformance;

/// <summary>Every scenario, in the order a job runs them.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        .. EnvironmentScenarios.All,
        .. PointToPointScenarios.All,
        .. NonblockingScenarios.All,
        .. PersistentScenarios.All,
        .. CollectiveScenarios.All,
        .. CommunicatorScenarios.All,
        .. ErrorScenarios.All,
        .. MessageScenarios.All,
        .. StridedScenarios.All,
        .. UserOperationScenarios.All,
        .. BindingScenarios.All,
    ];
}
