using System.Text.Json;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Infrastructure.OpenApi;
using EventScheduler.Api.Integration;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Webhooks.Create;

/// <summary>A new webhook subscription.</summary>
public sealed class Request
{
    /// <summary>Where to POST events: an http(s) URL on a public address.</summary>
    public string Url { get; init; } = "";

    /// <summary>Who receives it, e.g. "Hanzhong 3201 CME office".</summary>
    public string? Description { get; init; }

    /// <summary>Event types ("meeting.published"), patterns ("registration.*": every type of that entity) or "*" (every type).</summary>
    [WireValues(typeof(Integration.EventTypes), nameof(Integration.EventTypes.Patterns))]
    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>Scope the subscription to one hospital: it then receives only what that hospital's integration key may see
    /// (no other hospital's attendees). Without it, it receives attendee events of every hospital.</summary>
    public Guid? HospitalId { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Url).NotEmpty().MaximumLength(2000);
            RuleFor(x => x.Description).MaximumLength(500).NoControlCharacters();
            RuleFor(x => x.EventTypes).NotEmpty().MaxCount(50);
            RuleForEach(x => x.EventTypes).Must(t => t is not null && Integration.EventTypes.IsValidPattern(t))
                .WithMessage(_ => $"Unknown event type. Known: {string.Join(", ", Integration.EventTypes.Known)}; or one of {string.Join(", ", ChangeTypes.Entities.Select(e => e + ".*"))}; or '*'.");
            RuleFor(x => x.HospitalId).NotEqual(Guid.Empty);
        }
    }
}

/// <summary>The new subscription and, this once, its signing secret.</summary>
public sealed class Response : WebhookResponse
{
    /// <summary>The signing secret (Standard Webhooks, "whsec_" + base64). Shown only in this response: store it now.</summary>
    public required string Secret { get; init; }
}

public sealed class Endpoint(WebhookSubscriptionStore store, DestinationGuard guard, TimeProvider time) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/webhooks");
        Roles(RoleSets.AdminOnly);
        Description(b => b.Produces<Response>(201).WithDescription(
            "Deliveries are the change feed's items (GET /changes), signed with the Standard Webhooks scheme and retried until "
            + "accepted. Changes of draft meetings are never delivered; publishing a meeting delivers meeting.published and then "
            + "one slot.published per slot, in programme order, so a receiver that asked for meeting.* and slot.* has the programme."),
            clearDefaults: true);
        Summary(s => s.Summary = "Subscribe a URL to events; returns the signing secret once");
        Tags("Webhooks");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var uri = await guard.CheckUrlAsync(req.Url.Trim(), ct);
        var now = time.GetUtcNow();
        var row = new WebhookSubscriptionRow
        {
            Id = Guid.CreateVersion7(now).ToString(),
            Url = uri.AbsoluteUri,
            Description = string.IsNullOrWhiteSpace(req.Description) ? null : req.Description.Trim(),
            EventTypes = JsonSerializer.Serialize(req.EventTypes!.Distinct(StringComparer.Ordinal).ToArray()),
            HospitalId = req.HospitalId?.ToString(),
            Secret = WebhookSignature.NewSecret(),
            Status = "active",
            CreatedAt = Instants.ToMs(now),
            UpdatedAt = Instants.ToMs(now),
        };
        if (!await store.InsertAsync(row, ct))
        {
            throw Domain.Common.ReferenceRules.NoSuchHospital("'hospitalId' does not name a hospital.", "hospitalId");
        }

        var view = WebhookResponse.From(row);
        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = row.Id }, new Response
        {
            Id = view.Id,
            Url = view.Url,
            Description = view.Description,
            EventTypes = view.EventTypes,
            HospitalId = view.HospitalId,
            Status = view.Status,
            DisabledReason = null,
            CreatedAt = view.CreatedAt,
            UpdatedAt = view.UpdatedAt,
            Secret = row.Secret,
        }, cancellation: ct);
    }
}
