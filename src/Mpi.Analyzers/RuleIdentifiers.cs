namespace TypedMpi.Analyzers;

/// <summary>
/// Every TypedMpi diagnostic id, in one place. Ranges per area: TMPI0001-0099 message types,
/// 0100-0199 tags, 0200-0299 ranks, 0300-0399 call ordering, 0400-0499 requests, 0500-0599 resources.
/// </summary>
/// <remarks>The rules themselves are the subject of the analyzer issue.</remarks>
internal static class RuleIdentifiers
{
}
