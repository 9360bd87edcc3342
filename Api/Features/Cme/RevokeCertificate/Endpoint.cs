using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.RevokeCertificate;

public sealed class Request
{
    [RouteParam]
    public string Serial { get; init; } = "";

    /// <summary>Why the certificate is withdrawn (kept for the record); required, at most 1000 characters.</summary>
    public string? Reason { get; init; }
}

public sealed class Endpoint(CertificateStore store, TimeProvider time, Observability.AuditLog audit) : Endpoint<Request, CertificateResponse>
{
    public override void Configure()
    {
        Post("/certificates/{serial}/revoke");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<CertificateResponse>(200).ProducesProblems(400, 404, 409), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Revoke a certificate";
            s.Description = "Verification shows it as revoked from now on and its PDF is no longer served. " +
                            "400 revocation_reason_required; 409 certificate_already_revoked.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var actor = Caller.From(User).KeyId;
        var revoked = await store.RevokeAsync(req.Serial, req.Reason, actor, time.GetUtcNow(), ct);
        audit.CertificateRevoked(actor, revoked.Serial, revoked.Meeting.MeetingId.ToString());
        await Send.OkAsync(CertificateResponse.From(revoked, CertificateLinks.PublicBaseUrl(HttpContext)), ct);
    }
}
