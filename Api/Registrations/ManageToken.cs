using System.Security.Cryptography;
using System.Text;

namespace EventScheduler.Api.Registrations;

/// <summary>The attendee's secret for self-service (read, cancel, switch mode): 256 random bits, shown once
/// at sign-up. A plain SHA-256 suffices to store it: there is nothing to brute-force.</summary>
public static class ManageToken
{
    public const string Prefix = "rmt_";

    public static string New() => Prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
