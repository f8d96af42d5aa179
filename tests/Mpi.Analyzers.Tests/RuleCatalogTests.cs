using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>
/// The rule catalog is complete: every id has one descriptor, every descriptor an analyzer, a help link, a page in
/// docs/rules with the sections users expect, a line in the index, an id in its area's range, and a category the
/// samples build as an error.
/// </summary>
public sealed class RuleCatalogTests
{
    public static TheoryData<string> RuleIds => [.. Descriptors.Select(descriptor => descriptor.Id)];

    private static IEnumerable<DiagnosticDescriptor> Descriptors =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(member => member.FieldType == typeof(DiagnosticDescriptor))
            .Select(member => (DiagnosticDescriptor)member.GetValue(null)!)
            .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal);

    private static DiagnosticDescriptor DescriptorOf(string id) => Descriptors.Single(descriptor => descriptor.Id == id);

    [Fact]
    public void EveryIdentifierHasOneDescriptor()
    {
        var identifiers = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(identifiers.Count, identifiers.Distinct().Count());
        Assert.Equal(identifiers, Descriptors.Select(descriptor => descriptor.Id));
    }

    [Fact]
    public void EveryDescriptorIsReportedByExactlyOneAnalyzer()
    {
        var supported = AnalyzerHarness.Analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(descriptor => descriptor.Id).Order(StringComparer.Ordinal);

        Assert.Equal(Descriptors.Select(descriptor => descriptor.Id), supported);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void IdIsInTheRangeOfItsCategory(string id)
    {
        var descriptor = DescriptorOf(id);
        var number = int.Parse(id["TMPI".Length..], System.Globalization.CultureInfo.InvariantCulture);

        var (low, high) = descriptor.Category switch
        {
            RuleCategories.MessageTypes => (1, 99),
            RuleCategories.Tags => (100, 199),
            RuleCategories.Ranks => (200, 299),
            RuleCategories.CallOrdering => (300, 399),
            RuleCategories.Requests => (400, 499),
            RuleCategories.Resources => (500, 599),
            _ => throw new Xunit.Sdk.XunitException($"{id}: unknown category {descriptor.Category}"),
        };
        Assert.Matches("^TMPI[0-9]{4}$", id);
        Assert.InRange(number, low, high);
        Assert.True(descriptor.IsEnabledByDefault, $"{id} is disabled by default");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleHasAHelpLinkToItsPage(string id)
    {
        Assert.Equal($"https://github.com/typedmpi/typedmpi/blob/main/docs/rules/{id}.md", DescriptorOf(id).HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleHasAPage(string id)
    {
        var descriptor = DescriptorOf(id);
        var path = Repository.PathOf("docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"{id} has no page: write docs/rules/{id}.md");

        var page = File.ReadAllText(path);
        Assert.StartsWith($"# {id}: {descriptor.Title}\n", page, StringComparison.Ordinal);
        Assert.Contains($"| Category | {descriptor.Category} |", page, StringComparison.Ordinal);
        Assert.Contains($"| Severity | {descriptor.DefaultSeverity} |", page, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it reports", "## Why", "## Example", "## How to fix" })
        {
            Assert.True(page.Contains("\n" + section + "\n", StringComparison.Ordinal), $"{id}'s page has no '{section}' section");
        }

        // The example shows the diagnostic as the build prints it: the id and a message in the rule's format.
        Assert.Matches(new Regex($"\n> {id}: ", RegexOptions.CultureInvariant), page);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleIsInTheIndex(string id)
    {
        var index = File.ReadAllText(Repository.PathOf("docs", "rules", "README.md"));

        Assert.Contains($"| [{id}]({id}.md) | {DescriptorOf(id).Title} |", index, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPageIsARule()
    {
        var pages = Directory.EnumerateFiles(Repository.PathOf("docs", "rules"), "TMPI*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(Descriptors.Select(descriptor => descriptor.Id), pages);
    }

    [Fact]
    public void SamplesBuildEveryCategoryAsAnError()
    {
        var editorConfig = File.ReadAllText(Repository.PathOf("samples", ".editorconfig"));

        foreach (var category in Descriptors.Select(descriptor => descriptor.Category).Distinct())
        {
            Assert.Contains($"dotnet_analyzer_diagnostic.category-{category}.severity = error", editorConfig, StringComparison.Ordinal);
        }
    }
}
