using System.Security.Cryptography;
using System.Text;

namespace EventScheduler.Api.Registrations;

/// <summary>The attendee's secret for self-service (read, cancel, switch mode): 256 random bits, shown once
/// at sign-up. A plain SHA-256 suffices to store it: there is nothing to brute-force.</summary>
public static class ManageToken
{
    public const string Prefix = "rmt_";

    private const int TokenBytes = 32;

    // Random bytes are drawn from the system's generator 4 KiB at a time per thread and each handed out once: one
    // call per sign-up into the generator (an allocation and a native call) showed as 8 % of the sign-up burst's CPU.
    private const int PoolBytes = 4096;

    [ThreadStatic]
    private static byte[]? _pool;

    [ThreadStatic]
    private static int _used;

    public static string New()
    {
        if (_pool is null || _used == PoolBytes)
        {
            _pool ??= new byte[PoolBytes];
            RandomNumberGenerator.Fill(_pool);
            _used = 0;
        }

        var bytes = _pool.AsSpan(_used, TokenBytes);
        var token = Prefix + System.Buffers.Text.Base64Url.EncodeToString(bytes);
        // Wiped once used, so the secret is not left in memory after the response.
        bytes.Clear();
        _used += TokenBytes;
        return token;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
