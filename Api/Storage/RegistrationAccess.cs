using System.Security.Cryptography;

namespace EventScheduler.Api.Storage;

/// <summary>Who may read or change one registration: staff (organisers, admins); an integration key, for the
/// registrations it created or of its hospital (<paramref name="ScopeKeyId"/>, <paramref name="ScopeHospitalId"/>);
/// or whoever holds the registration's manage token (<paramref name="TokenHash"/>).</summary>
public sealed record RegistrationAccess(bool IsStaff, string? TokenHash, string? ScopeKeyId = null, string? ScopeHospitalId = null)
{
    public static RegistrationAccess Staff { get; } = new(true, null);

    /// <summary>The attendee, by the SHA-256 hex of the manage token it presents.</summary>
    public static RegistrationAccess ForTokenHash(string tokenHash) => new(false, tokenHash);

    public static RegistrationAccess ForIntegration(string keyId, Guid hospitalId) => new(false, null, keyId, hospitalId.ToString());

    /// <summary>Staff or an integration key in scope: sees the attendee's contact data, not the stream link.</summary>
    public bool IsKeyed => IsStaff || ScopeKeyId is not null;

    /// <summary>Throws <see cref="NotFoundException"/> unless this caller may touch the registration. The same
    /// answer for "no such registration", "wrong token" and "another hospital's attendee": ids and tokens reveal nothing.</summary>
    public void Check(string storedTokenHash, string? createdByKeyId, string? hospitalId)
    {
        if (!Allows(storedTokenHash, createdByKeyId, hospitalId))
        {
            throw new NotFoundException("Registration");
        }
    }

    /// <summary>A SHA-256 hex that no manage token hashes to: what a missing registration is compared against.</summary>
    public const string UnknownTokenHash = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    /// <summary>As <see cref="Check"/> for a registration that may not exist (<paramref name="storedTokenHash"/> null):
    /// an unknown id and a wrong token take one path — the token is compared (against <see cref="UnknownTokenHash"/>
    /// when there is no row) and the same exception is thrown from here — so no early return tells them apart by time.</summary>
    // Never inlined: the one check an unknown id and a wrong token both go through stays a frame of its own in stack
    // traces (what the lookup-path test asserts, in Release builds too).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void CheckFound(string? storedTokenHash, string? createdByKeyId, string? hospitalId)
    {
        var allowed = Allows(storedTokenHash ?? UnknownTokenHash, createdByKeyId, hospitalId);
        if (!allowed | storedTokenHash is null)
        {
            throw new NotFoundException("Registration");
        }
    }

    public bool Allows(string storedTokenHash, string? createdByKeyId, string? hospitalId)
    {
        if (IsStaff)
        {
            return true;
        }

        if (ScopeKeyId is not null)
        {
            return createdByKeyId == ScopeKeyId || (hospitalId is not null && hospitalId == ScopeHospitalId);
        }

        return TokenHash is not null && TokenHash.Length == storedTokenHash.Length
               && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(TokenHash), Convert.FromHexString(storedTokenHash));
    }
}
