using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Cme;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.VerifyCertificate;

public sealed class Request
{
    [RouteParam]
    public string Code { get; init; } = "";
}

/// <summary>What anyone may learn of a certificate from its code, and nothing more.</summary>
public sealed class Response
{
    /// <summary>The attendee's name as certified.</summary>
    public required string FullName { get; init; }

    /// <summary>The meeting's title.</summary>
    public required string Meeting { get; init; }

    /// <summary>Credits certified.</summary>
    public required decimal Credits { get; init; }

    /// <summary>The day it was issued (in the meeting's time zone).</summary>
    public required DateOnly IssuedOn { get; init; }

    /// <summary>True once the certificate has been revoked: it is then no longer valid.</summary>
    public required bool Revoked { get; init; }
}

public sealed class Endpoint(CertificateStore store) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/certificate-verifications/{code}");
        AllowAnonymous();
        Description(b => b.Produces<Response>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Verify a certificate by its code (public)";
            s.Description = "Answers the name, meeting, credits, issue date and whether it was revoked; nothing else. " +
                            "Case, spaces and dashes in the code are ignored. 404 for an unknown code.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var certificate = await store.GetByCodeAsync(req.Code, ct) ?? throw Unknown();
        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.OkAsync(View(certificate), ct);
    }

    /// <summary>What a stranger may learn; also the page at /certificates/verify/{code} shows exactly this.</summary>
    public static Response View(Certificate certificate) => new()
    {
        FullName = certificate.FullName,
        Meeting = certificate.Meeting.Title,
        Credits = certificate.Credits,
        IssuedOn = DateOnly.FromDateTime(Instants.InZone(certificate.IssuedAt, certificate.Meeting.TimeZone).DateTime),
        Revoked = certificate.IsRevoked,
    };

    public static NotFoundException Unknown() => new("Certificate", "No certificate has this verification code.");
}
