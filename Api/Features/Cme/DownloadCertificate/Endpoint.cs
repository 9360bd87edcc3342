using EventScheduler.Api.Auth;
using EventScheduler.Api.Documents;
using EventScheduler.Api.Features.Registrations;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Access;
using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Common;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.DownloadCertificate;

public sealed class Request
{
    [RouteParam]
    public string Serial { get; init; } = "";

    /// <summary>The manage token of the certificate's registration (the attendee's own key).</summary>
    [FromHeader(ManageTokens.Header, IsRequired = false)]
    public string? RegistrationToken { get; init; }

    /// <summary>The manage token, for links; the header is preferred.</summary>
    [QueryParam]
    public string? Token { get; init; }
}

public sealed class Endpoint(CertificateStore store) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/certificates/{serial}.pdf");
        AllowAnonymous();
        Description(b => b.Produces(200, contentType: "application/pdf").ProducesProblems(401, 403, 404, 409), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Download a certificate as PDF (the attendee with the manage token, or staff)";
            s.Description = "A4, Chinese and Latin names drawn with embedded fonts, with the meeting, dates, accreditor, project " +
                            "number, credit type and credits, the chairs, and a QR code of the public verification URL. " +
                            "404 for an unknown serial or a wrong token; 409 certificate_revoked.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role is ApiRole.Integration or ApiRole.CheckIn)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Certificates are for their attendee and for organisers.");
        }

        var access = ManageTokens.Access(caller, req.RegistrationToken, req.Token);
        var found = await store.GetBySerialAsync(req.Serial, ct);
        access.Check(found?.ManageTokenHash ?? new string('f', 64), null, null);
        var certificate = found?.Certificate ?? throw new NotFoundException("Certificate");
        try
        {
            certificate.EnsureNotRevoked();
        }
        catch (RuleViolation revoked)
        {
            // Instants in answers are given in the meeting's zone, like every other time of the meeting.
            revoked.Extensions["revokedAt"] = Instants.InZone(certificate.RevokedAt, certificate.Meeting.TimeZone);
            throw;
        }

        var pdf = CertificatePdf.Render(certificate, CertificateLinks.VerificationUrl(CertificateLinks.PublicBaseUrl(HttpContext), certificate.VerificationCode));
        HttpContext.Response.Headers.CacheControl = "private, no-store";
        await Send.BytesAsync(pdf, $"{certificate.Serial}.pdf", "application/pdf", cancellation: ct);
    }
}
