using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.IssueCertificates;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

/// <summary>What one issue run did.</summary>
public sealed class Response
{
    /// <summary>The certificates issued by this run (none when everyone eligible already had one).</summary>
    public required IReadOnlyList<CertificateResponse> Issued { get; init; }

    /// <summary>Registrations that already had a certificate (left as they are).</summary>
    public required int AlreadyIssued { get; init; }

    /// <summary>Registrations below the minimum attendance or earning no credits.</summary>
    public required int NotEligible { get; init; }
}

public sealed class Endpoint(CertificateStore store, TimeProvider time) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/meetings/{id}/certificates");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<Response>(200).ProducesProblems(404, 409), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Issue CME certificates to every eligible registration of a completed meeting";
            s.Description = "Idempotent: running it again issues only to registrations that became eligible since and leaves existing " +
                            "certificates as they are. Each certificate gets a serial, a verification code and a PDF. " +
                            "409 meeting_not_completed, accreditation_required.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var outcome = await store.IssueAsync(req.Id, Caller.From(User).KeyId, time.GetUtcNow(), ct);
        var baseUrl = CertificateLinks.PublicBaseUrl(HttpContext);
        await Send.OkAsync(new Response
        {
            Issued = outcome.Issued.Select(c => CertificateResponse.From(c, baseUrl)).ToList(),
            AlreadyIssued = outcome.AlreadyIssued,
            NotEligible = outcome.NotEligible,
        }, ct);
    }
}
