using System.Security.Claims;
using System.Text.Encodings.Web;
using EventScheduler.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EventScheduler.Api.Auth;

public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.AuthenticateAsync(values.ToString(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id),
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.Role),
            new(RoleSets.KeyIdClaim, key.Id),
        };
        if (key.HospitalId is { } hospital)
        {
            claims.Add(new Claim(RoleSets.HospitalClaim, hospital));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        return Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
            $"Send a valid API key in the {HeaderName} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Your API key's role may not do this.");
}

/// <summary>A key that was sent but is wrong is an error even on public endpoints: the caller meant
/// to authenticate, and silently treating it as anonymous would hide the mistake.</summary>
public sealed class RejectInvalidKeyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) && context.User.Identity?.IsAuthenticated != true)
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyAuthenticationHandler.HeaderName}\"";
            return Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "The API key is unknown or revoked.");
        }

        return next(context);
    }
}
