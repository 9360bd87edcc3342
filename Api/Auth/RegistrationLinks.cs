using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace EventScheduler.Api.Auth;

/// <summary>Manage links for mails: <c>{PublicBaseUrl}/r/{registrationId}?token=rml_…</c>. The database keeps only the
/// hash of a registration's manage token, so a mail sent later cannot carry the token itself. Instead the link token
/// is the registration id and that hash, protected (encrypted and authenticated) by ASP.NET Core Data Protection with
/// an expiry. Presented back, it is unprotected and yields the hash, which the usual check compares with the stored
/// one: the link works wherever the manage token works, on any instance sharing the key ring, until it expires; and
/// nothing usable as a token is stored.</summary>
public sealed class RegistrationLinks(IDataProtectionProvider provider)
{
    public const string Prefix = "rml_";
    private const string Purpose = "EventScheduler.RegistrationLink.v1";

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    // The expiry is checked by Data Protection against the system clock, so it is set from the system clock too
    // (not the app's TimeProvider, which tests move).
    public string Mint(Guid registrationId, string manageTokenHash, TimeSpan lifetime) =>
        Prefix + _protector.Protect($"{registrationId:N}.{manageTokenHash}", TimeProvider.System.GetUtcNow() + lifetime);

    public static bool IsLinkToken(string? token) => token is not null && token.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The manage token hash a link token of <paramref name="registrationId"/> carries; null when the token is
    /// forged, expired, from another key ring or for another registration.</summary>
    public string? ReadHash(string token, Guid registrationId)
    {
        if (!IsLinkToken(token) || token.Length > 1_000)
        {
            return null;
        }

        try
        {
            var payload = _protector.Unprotect(token[Prefix.Length..]);
            var dot = payload.IndexOf('.', StringComparison.Ordinal);
            return dot == 32 && Guid.TryParseExact(payload[..dot], "N", out var id) && id == registrationId ? payload[(dot + 1)..] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
