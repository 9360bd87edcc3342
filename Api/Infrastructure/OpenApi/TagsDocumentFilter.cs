using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Declares every tag the operations use, with a description, in the order a reader meets them.</summary>
public sealed class TagsDocumentFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["Health"] = "Liveness and database readiness, for load balancers and monitoring.",
        ["API keys"] = "Keys for staff and systems; admin only. A key is shown once at creation.",
        ["Hospitals"] = "The alliance's member hospitals.",
        ["Faculty"] = "Surgeons and speakers of the member hospitals.",
        ["Meetings"] = "Hybrid, in-person and online meetings and their life cycle (draft, published, cancelled, completed).",
        ["Programme"] = "Slots of a meeting (surgery demonstrations, lectures, discussions), their live status, the live feed and calendars.",
        ["Registrations"] = "Sign-up, waiting lists, attendee self-service, check-in, rosters and exports.",
        ["Webhooks"] = "Subscriptions that receive every change as a signed HTTP POST (Standard Webhooks).",
        ["Changes"] = "The ordered change feed, for integrations that poll instead of (or besides) receiving webhooks.",
        ["CME"] = "Continuing medical education: accreditation, attendance evidence and credits.",
        ["Problems"] = "The error catalogue: what each problem `code` means.",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var used = document.Paths.Values
            .SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name ?? "")
            .Distinct()
            .ToList();
        var order = Descriptions.Keys.ToList();
        document.Tags = new HashSet<OpenApiTag>(used
            .OrderBy(t => order.IndexOf(t) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(t => t, StringComparer.Ordinal)
            .Select(t => new OpenApiTag { Name = t, Description = Descriptions.GetValueOrDefault(t) ?? $"Operations about {t.ToLowerInvariant()}." }));
    }
}
