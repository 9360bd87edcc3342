using System.Reflection;
using System.Runtime.CompilerServices;
using EventScheduler.Domain.Common;

namespace EventScheduler.Tests.Domain;

/// <summary>Every stable rule code the Domain defines (the string constants of its <c>*Rules</c> classes and of
/// <see cref="Text"/>) has a domain test: some test under Tests/Domain names the constant.</summary>
public sealed class RuleCodeCoverageTests
{
    /// <summary>Codes still owed a domain test, with who owes it. The test fails when one of them gets its test
    /// (take it off the list) as much as when a new code arrives without one.</summary>
    private static readonly Dictionary<string, string> Owed = new(StringComparer.Ordinal)
    {
    };

    private static IEnumerable<string> RuleCodes() =>
        typeof(RuleViolation).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && (t.Name.EndsWith("Rules", StringComparison.Ordinal) || t == typeof(Text)))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string) && (t != typeof(Text) || f.Name.EndsWith("Code", StringComparison.Ordinal)))
                .Select(f => $"{t.Name}.{f.Name}"))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(RuleCodes))]
    public void RuleCode_HasADomainTest(string constant)
    {
        var name = new System.Text.RegularExpressions.Regex($@"\b{System.Text.RegularExpressions.Regex.Escape(constant)}\b");
        var tested = DomainTestSources().Any(name.IsMatch);

        if (Owed.TryGetValue(constant, out var owner))
        {
            Assert.That(tested, Is.False, $"{constant} has a domain test now: take it off the owed list");
            Assert.Warn($"{constant} is still owed a domain test by {owner}.");
        }
        else
        {
            Assert.That(tested, Is.True, $"no test under Tests/Domain names {constant}: add one for the rule that raises it");
        }
    }

    [Test]
    public void RuleCodes_AreFound()
    {
        Assert.That(RuleCodes().Count(), Is.GreaterThan(50), "the rule above must see the Domain's codes");
    }

    private static IReadOnlyList<string>? _sources;

    /// <summary>The domain tests' source files, found from this file's own path (the tests run from their checkout).</summary>
    private static IReadOnlyList<string> DomainTestSources([CallerFilePath] string here = "") =>
        _sources ??= Directory.EnumerateFiles(Path.GetDirectoryName(here)!, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(nameof(RuleCodeCoverageTests) + ".cs", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
}
