using System.Security.Cryptography;

namespace EventScheduler.Api.Storage;

/// <summary>Check-in codes: the attendee's ticket at the venue door. Ten characters of an alphabet without
/// look-alikes (no 0/O, 1/I): 50 random bits, unique per meeting (a unique index backs that).</summary>
public static class RegistrationCheckInCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public const int Length = 10;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>As scanned or typed: case, surrounding space and dashes do not matter.</summary>
    public static string Normalise(string code) => code.Trim().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
}
