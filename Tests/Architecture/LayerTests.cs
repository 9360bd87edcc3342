using System.Reflection;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Common;
using NetArchTest.Rules;

namespace EventScheduler.Tests.Architecture;

/// <summary>The layers' rules, checked on the compiled assemblies (after kgrzybek/modular-monolith-with-ddd's
/// ArchTests): Domain depends on nothing but the BCL; Storage knows nothing of HTTP, endpoints or features.</summary>
public sealed class LayerTests
{
    private const string Api = "EventScheduler.Api";
    private const string StorageNamespace = Api + ".Storage";
    private static readonly Assembly ApiAssembly = typeof(Database).Assembly;
    private static readonly Assembly DomainAssembly = typeof(RuleViolation).Assembly;

    [Test]
    public void Domain_ReferencesOnlyTheBaseClassLibrary()
    {
        var outside = DomainAssembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name is not ("netstandard" or "mscorlib" or "System") && !name.StartsWith("System.", StringComparison.Ordinal))
            .ToList();

        Assert.That(outside, Is.Empty, "Domain/ holds the model and its rules only: no ASP.NET, Dapper, SQLite, Npgsql, no Microsoft.Extensions");
    }

    [Test]
    public void Domain_UsesOnlyTypesOfTheSystemNamespaces()
    {
        // Every type the Domain's IL refers to in another assembly (Mono.Cecil, which NetArchTest reads with).
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(DomainAssembly.Location);
        var outside = module.GetTypeReferences()
            .Select(t => t.IsNested ? t.DeclaringType.Namespace : t.Namespace)
            .Where(ns => ns != "System" && !ns.StartsWith("System.", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.That(outside, Is.Empty);
    }

    [Test]
    public void Storage_DoesNotDependOnHttpEndpointsOrFeatures()
    {
        var result = Types.InAssembly(ApiAssembly)
            .That().ResideInNamespaceStartingWith(StorageNamespace)
            .ShouldNot().HaveDependencyOnAny(
                // The layers above storage.
                Api + ".Features",
                Api + ".Registrations",
                Api + ".Integration",
                Api + ".Auth",
                Api + ".Pages",
                Api + ".Documents",
                // HTTP: the one mapping to problem+json is Infrastructure/ErrorHandlingMiddleware.
                "Microsoft.AspNetCore.Http",
                "Microsoft.AspNetCore.Mvc",
                "Microsoft.AspNetCore.Routing",
                "Microsoft.AspNetCore.Authorization",
                "FastEndpoints",
                "FluentValidation",
                Api + ".Infrastructure.ApiException",
                Api + ".Infrastructure.ETags",
                Api + ".Infrastructure.Problem",
                Api + ".Infrastructure.ErrorCodes")
            .GetResult();

        Assert.That(result.FailingTypeNames ?? [], Is.Empty,
            "Storage raises NotFoundException, VersionMismatchException, StorageUnavailableException or a domain RuleViolation; "
            + "response shapes come in through ports the features implement (IMeetingViews, ISlotViews)");
    }

    [Test]
    public void LayerNamespaces_HoldTheCodeTheRulesCheck()
    {
        // Without this, renaming a namespace would make the rules above pass on nothing.
        var storage = Types.InAssembly(ApiAssembly).That().ResideInNamespaceStartingWith(StorageNamespace).GetTypes().Count();
        var storageUsingDomain = Types.InAssembly(ApiAssembly).That().ResideInNamespaceStartingWith(StorageNamespace)
            .And().HaveDependencyOn("EventScheduler.Domain").GetTypes().Count();

        Assert.Multiple(() =>
        {
            Assert.That(storage, Is.GreaterThan(20));
            Assert.That(storageUsingDomain, Is.GreaterThan(5));
        });
    }
}
