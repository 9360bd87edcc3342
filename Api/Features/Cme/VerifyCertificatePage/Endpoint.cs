using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.VerifyCertificatePage;

public sealed class Request
{
    /// <summary>The verification code printed on the certificate (case, spaces and dashes ignored).</summary>
    [RouteParam]
    public string Code { get; init; } = "";

    /// <summary>zh or en, to override the browser's Accept-Language (the page links both).</summary>
    [QueryParam]
    public string? Lang { get; init; }
}

/// <summary>The page the certificate's QR code opens: for a person (a hospital's CME office, an employer) it shows,
/// in Chinese or English by Accept-Language, what <c>/certificate-verifications/{code}</c> answers to programs, and the
/// same JSON to <c>Accept: application/json</c>. It stays out of the OpenAPI document: the contract's operation is
/// <c>/certificate-verifications/{code}</c>, and this path beside <c>/certificates/{serial}/revoke</c> would make the
/// document's paths ambiguous.</summary>
public sealed class Endpoint(CertificateStore store) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/certificates/verify/{code}");
        AllowAnonymous();
        Description(b => b.ExcludeFromDescription(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var json = VerificationPage.WantsJson(HttpContext.Request);
        var certificate = await store.GetByCodeAsync(req.Code, ct);
        HttpContext.Response.Headers.CacheControl = "no-store";
        HttpContext.Response.Headers.Vary = "Accept, Accept-Language";
        if (json)
        {
            // The JSON answer and its 404 problem are the API operation's own.
            await Send.OkAsync(VerifyCertificate.Endpoint.View(certificate ?? throw VerifyCertificate.Endpoint.Unknown()), ct);
            return;
        }

        var language = VerificationPage.Language(HttpContext.Request, req.Lang);
        var view = certificate is null ? null : VerifyCertificate.Endpoint.View(certificate);
        await VerificationPage.WriteAsync(HttpContext, language, req.Code, view, ct);
    }
}
