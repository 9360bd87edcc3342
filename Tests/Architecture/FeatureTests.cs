using System.Reflection;
using EventScheduler.Api.Storage;
using FastEndpoints;
using NetArchTest.Rules;

namespace EventScheduler.Tests.Architecture;

/// <summary>Vertical slices: <c>Features/&lt;Area&gt;/&lt;Action&gt;/</c> holds one action's endpoint, request and
/// response. An action's folder is private to its area; what other areas may use lives at the area's level
/// (e.g. <c>Features/Meetings/MeetingResponse.cs</c>).</summary>
public sealed class FeatureTests
{
    private const string Features = "EventScheduler.Api.Features";
    private static readonly Assembly ApiAssembly = typeof(Database).Assembly;

    private static IEnumerable<string> ActionNamespaces() =>
        ApiAssembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(Features + ".", StringComparison.Ordinal) && ns.Split('.').Length == 5)
            .Distinct()
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(ActionNamespaces))]
    public void Action_IsUsedOnlyWithinItsArea(string action)
    {
        var area = action[..action.LastIndexOf('.')];
        var result = Types.InAssembly(ApiAssembly)
            .That().DoNotResideInNamespaceStartingWith(area)
            .ShouldNot().HaveDependencyOn(action)
            .GetResult();

        Assert.That(result.FailingTypeNames ?? [], Is.Empty, $"{action} is {area}'s own; share what others need at the area's level");
    }

    /// <summary>Features.Health holds its one endpoint at the area's level; moving it would rename its schema
    /// (HealthResponse) in the published contract, so it stays where clients know it.</summary>
    private static readonly string[] SingleActionAreas = [Features + ".Health"];

    [Test]
    public void Endpoints_LiveInAnActionFolder()
    {
        var misplaced = ApiAssembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(BaseEndpoint).IsAssignableFrom(t))
            .Where(t => t.Namespace is not { } ns || !ns.StartsWith(Features + ".", StringComparison.Ordinal)
                        || (ns.Split('.').Length != 5 && !SingleActionAreas.Contains(ns)))
            .Select(t => t.FullName)
            .ToList();

        Assert.That(misplaced, Is.Empty, "each endpoint is Features.<Area>.<Action>.Endpoint");
    }

    [Test]
    public void ActionNamespaces_AreFound()
    {
        Assert.That(ActionNamespaces().Count(), Is.GreaterThan(20), "the rule above must look at the real slices");
    }
}
